/**
 * Typed errors that speak the admin's language.
 *
 * Every failure the engine reports carries a stable `code` (for the UI, the CLI's `--json` and tests),
 * a `message` saying what failed and why, and a `hint` saying what to do. `category` decides what the
 * scheduler does with it: only `network` failures are retried, because retrying a wrong password or a
 * broken config just repeats the failure (and can lock the account).
 */
import { isMessageCode, renderLoose } from '../shared/messages/render.js';
import type { MessageCode, ParamsOf } from '../shared/messages/index.js';
import type { ParamValue } from '../shared/messages/define.js';

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

  constructor(init: KuraErrorInit) {
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

export interface ErrorInfo {
  code: string;
  /** Absent in records written before messages were data. */
  params?: Record<string, ParamValue>;
  message: string;
  hint: string | null;
  category: ErrorCategory;
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
  const message = err instanceof Error ? err.message : String(err);
  return new KuraError({ code: 'internal', category: 'internal', message, cause: err });
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
