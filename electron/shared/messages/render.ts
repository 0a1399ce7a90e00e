/**
 * The one function that turns a message (code + parameters) into a sentence, for every surface: the
 * React UI, the CLI, the tray, OS notifications, the run log and `kura server-setup`. i18next does the
 * interpolation and plural rules; the catalogue (./catalogue/) is its only source.
 */
import i18next, { type i18n } from 'i18next';
import { catalogue, type MessageCode, type ParamsOf } from './index.js';
import type { EnText, Lang, ParamValue } from './define.js';
import { formatBytes, formatDateTime, formatDuration, formatNumber } from './format.js';

export interface Rendered {
  message: string;
  hint: string | null;
}

const instances = new Map<Lang, i18n>();

function put(out: Record<string, string>, key: string, text: EnText): void {
  if (typeof text === 'string') out[key] = text;
  else {
    out[`${key}_one`] = text.one;
    out[`${key}_other`] = text.other;
  }
}

function instanceFor(lang: Lang): i18n {
  let inst = instances.get(lang);
  if (inst) return inst;
  const strings: Record<string, string> = {};
  for (const [code, def] of Object.entries(catalogue)) {
    put(strings, code, lang === 'en' ? def.en : def.ja);
    const hint = (def as { hint?: { en: EnText; ja: string } }).hint;
    if (hint) put(strings, `${code}::hint`, lang === 'en' ? hint.en : hint.ja);
  }
  inst = i18next.createInstance();
  void inst.init({
    resources: { [lang]: { kura: strings } },
    lng: lang,
    ns: ['kura'],
    defaultNS: 'kura',
    keySeparator: false,
    nsSeparator: false,
    initAsync: false,
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });
  inst.services.formatter?.add('bytes', (value: number, lng: string | undefined) => formatBytes(value, (lng ?? lang) as Lang));
  inst.services.formatter?.add('duration', (value: number, lng: string | undefined) => formatDuration(value, (lng ?? lang) as Lang));
  inst.services.formatter?.add('count', (value: number, lng: string | undefined) => formatNumber(value, (lng ?? lang) as Lang));
  inst.services.formatter?.add('datetime', (value: string, lng: string | undefined, options: { timeZone?: string }) => formatDateTime(value, (lng ?? lang) as Lang, options?.timeZone));
  instances.set(lang, inst);
  return inst;
}

/** The sentence (and hint) of a message in a language. */
export function render<C extends MessageCode>(lang: Lang, code: C, params: ParamsOf<C>): Rendered {
  return renderLoose(lang, code, params as Record<string, ParamValue>);
}

/** The same for a message read back from data (run history, the contract), whose code is a string. */
export function renderLoose(lang: Lang, code: string, params: Readonly<Record<string, ParamValue>>): Rendered {
  const def = (catalogue as Record<string, { hint?: unknown }>)[code];
  if (!def) return { message: code, hint: null };
  const inst = instanceFor(lang);
  return {
    message: inst.t(code, params as Record<string, unknown>) as string,
    hint: def.hint ? (inst.t(`${code}::hint`, params as Record<string, unknown>) as string) : null,
  };
}

/** Is this a code of the catalogue (data read back may hold codes of a newer or older Kura). */
export function isMessageCode(code: string): code is MessageCode {
  return Object.hasOwn(catalogue, code);
}

/**
 * Whether a message read back from data can be rendered from its facts: a catalogued code with every
 * parameter its sentences need. Records from before a code moved into the catalogue carry only their
 * English sentences; those are shown as they are.
 */
export function renderable(code: string, params: Readonly<Record<string, ParamValue>> | undefined): params is Readonly<Record<string, ParamValue>> {
  if (!params || !isMessageCode(code)) return false;
  const def = catalogue[code] as { en: EnText; ja: string; hint?: { en: EnText; ja: string } };
  const texts = [def.en, def.ja, def.hint?.en, def.hint?.ja].flatMap((t) => (t === undefined ? [] : typeof t === 'string' ? [t] : [t.one, t.other]));
  return texts.every((t) => [...t.matchAll(/\{\{\s*([^,}\s]+)/g)].every((m) => m[1] === 'count' || Object.hasOwn(params, m[1]!)));
}
