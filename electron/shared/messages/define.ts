/**
 * How a message is written down: one entry per code, English and Japanese side by side, so a sentence
 * and its translation are read, reviewed and changed together. Facts travel as parameters
 * (`{{host}}`, `{{grant}}`, `{{path}}`) and are never translated; counts choose the plural form
 * (`{ one, other }` in English; Japanese has one form); sizes, numbers and times are formatted by the
 * catalogue's locale rules (`{{bytes, bytes}}`, `{{count, number}}`, `{{at, datetime}}`).
 *
 * The parameter names are read from the sentences by the type system, so TypeScript checks that every
 * place raising a code passes exactly what its sentences need.
 */

export type Lang = 'en' | 'ja';

/** English may have a singular form (`count` picks it); Japanese never does. */
export type EnText = string | { readonly one: string; readonly other: string };

export interface MessageDef {
  readonly en: EnText;
  readonly ja: string;
  /** What to do, when there is something to do. */
  readonly hint?: { readonly en: EnText; readonly ja: string };
}

type Trim<S extends string> = S extends ` ${infer R}` ? Trim<R> : S extends `${infer R} ` ? Trim<R> : S;
type NameOf<P extends string> = P extends `${infer N},${string}` ? Trim<N> : Trim<P>;
/** The `{{name}}` / `{{name, format}}` placeholders of a sentence. */
export type Placeholders<S> = S extends `${string}{{${infer P}}}${infer Rest}` ? NameOf<P> | Placeholders<Rest> : never;

type TextsOf<T> = T extends string ? T : T extends { one: infer O; other: infer X } ? O | X : never;
type SentencesOf<D extends MessageDef> = TextsOf<D['en']> | D['ja'] | (D['hint'] extends { en: infer E; ja: infer J } ? TextsOf<E> | J : never);

/** A parameter: text shown verbatim, or a number (formatted, or choosing a plural). */
export type ParamValue = string | number;

/** The parameters a message needs, read from its sentences. */
export type ParamsOfDef<D extends MessageDef> = [Placeholders<SentencesOf<D>>] extends [never]
  ? Record<string, never>
  : { readonly [K in Placeholders<SentencesOf<D>>]: ParamValue };

/** Keeps the literal types of a group of messages (what the parameter checking reads). */
export function defineMessages<const T extends Record<string, MessageDef>>(defs: T): T {
  return defs;
}
