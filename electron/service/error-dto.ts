/**
 * How failures cross the UI boundary (IPC, the serve WebSocket): `{ code, params, message, hint }` only.
 * Stacks, causes, tool output (`detail`) and categories stay on the engine's side: the renderer is
 * the least trusted part of the app and the admin needs the sentence, not the trace.
 */
import type { ErrorDto } from '../shared/ipc-contract.js';
import { KuraError, toKuraError, type ErrorInfo, type KuraErrorInit } from '../engine/errors.js';

export function toErrorDto(err: unknown): ErrorDto {
  const e = toKuraError(err);
  // An unexpected internal error can carry a raw runtime message; keep it, but only its first line.
  const firstLine = (text: string) => (text.split('\n')[0] ?? '').slice(0, 500);
  const internal = e.code === 'internal';
  const message = internal ? firstLine(e.message) : e.message;
  const params = internal && typeof e.params['reason'] === 'string' ? { ...e.params, reason: firstLine(e.params['reason']) } : { ...e.params };
  return { code: e.code, ...(e.catalogued ? { params } : {}), message, hint: e.hint ?? null };
}

/** The engine's recorded error (run history, scheduler outcomes) without its category. */
export function errorInfoToDto(info: ErrorInfo | null): ErrorDto | null {
  return info === null ? null : { code: info.code, ...(info.params ? { params: info.params } : {}), message: info.message, hint: info.hint };
}

/** Rebuilds a throwable error from a recorded one, so a call can fail with the run's own words. */
export function errorFromInfo(info: ErrorInfo): KuraError {
  return new KuraError({ code: info.code, category: info.category, message: info.message, ...(info.hint ? { hint: info.hint } : {}), ...(info.params ? { params: info.params } : {}) } as KuraErrorInit);
}

/** For features the current mode cannot offer (a native dialog under `kura serve`): the feature's noun, and `<noun>-advice` says what to do. */
export function notAvailable(feature: 'feature-alerts' | 'feature-restore' | 'feature-open-log' | 'feature-folder-dialog'): KuraError {
  return new KuraError({ code: 'not-available', params: { what: feature, advice: `${feature}-advice` }, category: 'config' });
}
