/**
 * Errors as messages: a KuraError's code is a catalogue code and its params are its facts, so a
 * failure can stand in a restore's steps (or a check's detail) as data and be rendered in any
 * language. An error whose sentence is not (yet) in the catalogue, or a plain Error, is shown in its
 * own words.
 */
import type { ErrorInfo } from '../errors.js';
import type { RestoreCheck } from './types.js';
import { KuraError } from '../errors.js';
import { msg, verbatim, type MessageData } from '../../shared/messages/index.js';
import { renderable } from '../../shared/messages/render.js';

export function errorMessage(err: KuraError | ErrorInfo | Error): MessageData {
  const info: { code?: string; params?: Record<string, string | number>; message: string } = err instanceof KuraError ? err.toJSON() : (err as ErrorInfo);
  return info.code !== undefined && renderable(info.code, info.params) ? { code: info.code, params: info.params } : verbatim(info.message);
}

/** A detail that is a plain string where an older Kura (or another module) still writes one, else the message itself. */
export function asMessage(m: string | MessageData): MessageData {
  return typeof m === 'string' ? verbatim(m) : m;
}

/** "Verified against the snapshot: all N checks passed" / "M of N checks differ" (the checks themselves are in `verification`). */
export function verifiedStep(verification: readonly RestoreCheck[]): MessageData {
  const failed = verification.filter((c) => !c.ok).length;
  return failed === 0 ? msg('restore-verified', { count: verification.length }) : msg('restore-verified-differs', { failed, count: verification.length });
}
