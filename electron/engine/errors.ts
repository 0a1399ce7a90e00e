/**
 * Typed errors that speak the admin's language.
 *
 * Every failure the engine reports carries a stable `code` (for the UI, the CLI's `--json` and tests),
 * a `message` saying what failed and why, and a `hint` saying what to do. `category` decides what the
 * scheduler does with it: only `network` failures are retried, because retrying a wrong password or a
 * broken config just repeats the failure (and can lock the account).
 */
import { isMessageCode, renderLoose } from '../shared/messages/render.js';
import { msg, nestedMessage, verbatim, type MessageCode, type MessageData, type ParamsOf } from '../shared/messages/index.js';
import type { ParamValue } from '../shared/messages/define.js';

/** msg() for a code already checked by KuraErrorInit (typing it again is too big a union for the compiler). */
const looseMsg = msg as unknown as (code: string, params: Readonly<Record<string, ParamValue>>) => MessageData;

export type ErrorCategory = 'network' | 'auth' | 'config' | 'data' | 'resource' | 'cancelled' | 'internal';

interface ErrorCommon {
  category: ErrorCategory;
  /** Tool output or underlying error, already redacted: goes to the run log, not to the headline. */
  detail?: string;
  cause?: unknown;
}

/** A catalogued error: its sentences come from electron/shared/messages, in any language. */
export type CataloguedErrorInit = { [C in MessageCode]: { code: C; params: ParamsOf<C> } }[MessageCode] & ErrorCommon;

/** An error whose English sentence is still written where it is raised (being moved into the catalogue). */
export interface LegacyErrorInit extends ErrorCommon {
  code: string;
  message: string;
  hint?: string;
}

export type KuraErrorInit = CataloguedErrorInit | LegacyErrorInit;

export class KuraError extends Error {
  readonly code: string;
  /** The facts of the message (host, path, counts…); empty for errors not yet in the catalogue. */
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly hint: string | undefined;
  readonly category: ErrorCategory;
  readonly detail: string | undefined;
  /** True when the sentences come from the catalogue (re-rendered from code + params in any language). */
  readonly catalogued: boolean;

  constructor(given: KuraErrorInit) {
    // A variant entry (`rsync-killed~restore`) keeps its stable code, the variant goes with the facts.
    // Seen loosely: narrowing the union of every catalogued code is too big for the compiler (and it was checked at the call).
    const g = given as ErrorCommon & { code: string; params?: Readonly<Record<string, ParamValue>> };
    const init = g.params !== undefined && g.code.includes('~') ? { ...g, ...looseMsg(g.code, g.params) } : g;
    // Catalogued codes are rendered from their facts; a code not (yet) in the catalogue keeps its own sentence.
    const catalogued = 'params' in init && isMessageCode(init.code);
    const legacy = init as Partial<LegacyErrorInit>;
    const english = catalogued ? renderLoose('en', init.code, init.params as Record<string, ParamValue>) : { message: legacy.message ?? init.code, hint: legacy.hint ?? null };
    super(english.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'KuraError';
    this.code = init.code;
    this.params = catalogued ? (init.params as Record<string, ParamValue>) : {};
    this.catalogued = catalogued;
    this.hint = english.hint ?? undefined;
    this.category = init.category;
    this.detail = init.detail;
  }

  /** The shape that crosses the CLI's `--json`, IPC and the run history (English sentences; code and params re-render). */
  toJSON(): ErrorInfo {
    // Params only for catalogued sentences: a legacy sentence sharing a code must not be re-rendered.
    return { code: this.code, ...(this.catalogued ? { params: { ...this.params } } : {}), message: this.message, hint: this.hint ?? null, category: this.category };
  }
}

/**
 * A catalogued error from a code chosen at run time (`restore ? 'rsync-killed~restore' : 'rsync-killed'`):
 * the parameters are checked against every code the expression can be.
 */
export function kuraError<C extends MessageCode>(code: C, params: ParamsOf<C>, category: ErrorCategory, more: { detail?: string; cause?: unknown } = {}): KuraError {
  return new KuraError({ code, params, category, ...more } as CataloguedErrorInit);
}

export interface ErrorInfo {
  code: string;
  /** Absent in records written before messages were data. */
  params?: Record<string, ParamValue>;
  message: string;
  hint: string | null;
  category: ErrorCategory;
}

/**
 * An error's sentence as data, for a run log line or a warning: its code and facts when it is
 * catalogued, else its English sentence verbatim.
 */
export function messageOf(e: KuraError | ErrorInfo): MessageData {
  const params = e instanceof KuraError ? (e.catalogued ? e.params : undefined) : e.params;
  return params ? { code: e.code, params } : verbatim(e.message);
}

/** The same, with the advice: "message — hint" in the admin's language (run-log `error-with-hint`). */
export function messageWithHint(e: KuraError | ErrorInfo): MessageData {
  if (!e.hint) return messageOf(e);
  const m = messageOf(e);
  // A legacy sentence keeps its own English advice; a catalogued one is advised in the same language.
  return m.code === 'text' ? verbatim(`${e.message} — ${e.hint}`) : msg('error-with-hint', { error: nestedMessage(m) });
}

/** Wraps anything thrown into a KuraError so callers deal with one shape. */
export function toKuraError(err: unknown): KuraError {
  if (err instanceof KuraError) return err;
  if (isAbortError(err)) {
    return new KuraError({ code: 'cancelled', params: {}, category: 'cancelled' });
  }
  const e = err as NodeJS.ErrnoException | undefined;
  if (e && typeof e === 'object' && e.code === 'ENOSPC') {
    return new KuraError({ code: 'disk-full', params: {}, category: 'resource', cause: err });
  }
  if (e && typeof e === 'object' && e.code === 'EROFS') {
    return new KuraError({ code: 'read-only-disk', params: { path: e.path ?? '' }, category: 'resource', cause: err });
  }
  if (e && typeof e === 'object' && (e.code === 'EACCES' || e.code === 'EPERM')) {
    return new KuraError({ code: 'permission-denied', params: { path: e.path ?? e.message }, category: 'resource', cause: err });
  }
  // Said through the catalogue ("Something unexpected went wrong: …"), the runtime's own words kept as the fact.
  const reason = err instanceof Error ? err.message : String(err);
  return new KuraError({ code: 'internal', params: { reason }, category: 'internal', cause: err });
}

export function isAbortError(err: unknown): boolean {
  return (
    typeof err === 'object' &&
    err !== null &&
    ((err as { name?: string }).name === 'AbortError' || (err as { code?: string }).code === 'ABORT_ERR')
  );
}

/** Throws the standard cancellation error when the signal has fired. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new KuraError({ code: 'cancelled', params: {}, category: 'cancelled' });
  }
}
