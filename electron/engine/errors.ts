/**
 * Typed errors that speak the admin's language.
 *
 * Every failure the engine reports carries a stable `code` (for the UI, the CLI's `--json` and tests),
 * a `message` saying what failed and why, and a `hint` saying what to do. `category` decides what the
 * scheduler does with it: only `network` failures are retried, because retrying a wrong password or a
 * broken config just repeats the failure (and can lock the account).
 */
export type ErrorCategory = 'network' | 'auth' | 'config' | 'data' | 'resource' | 'cancelled' | 'internal';

export interface KuraErrorInit {
  code: string;
  message: string;
  hint?: string;
  category: ErrorCategory;
  /** Tool output or underlying error, already redacted: goes to the run log, not to the headline. */
  detail?: string;
  cause?: unknown;
}

export class KuraError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly category: ErrorCategory;
  readonly detail: string | undefined;

  constructor(init: KuraErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'KuraError';
    this.code = init.code;
    this.hint = init.hint;
    this.category = init.category;
    this.detail = init.detail;
  }

  /** The shape that crosses the CLI's `--json`, IPC and the run history. */
  toJSON(): ErrorInfo {
    return { code: this.code, message: this.message, hint: this.hint ?? null, category: this.category };
  }
}

export interface ErrorInfo {
  code: string;
  message: string;
  hint: string | null;
  category: ErrorCategory;
}

/** Wraps anything thrown into a KuraError so callers deal with one shape. */
export function toKuraError(err: unknown): KuraError {
  if (err instanceof KuraError) return err;
  if (isAbortError(err)) {
    return new KuraError({ code: 'cancelled', category: 'cancelled', message: 'The run was cancelled.' });
  }
  const e = err as NodeJS.ErrnoException | undefined;
  if (e && typeof e === 'object' && e.code === 'ENOSPC') {
    return new KuraError({
      code: 'disk-full',
      category: 'resource',
      message: 'The backup folder ran out of disk space.',
      hint: 'Free some space on the backup disk (or lower the retention) and run the backup again.',
      cause: err,
    });
  }
  if (e && typeof e === 'object' && e.code === 'EROFS') {
    return new KuraError({
      code: 'read-only-disk',
      category: 'resource',
      message: `The disk is read-only, so nothing can be written to ${e.path ?? 'it'}.`,
      hint: 'Check that the disk is not write-protected (a lock switch on an SD card or USB stick) and not mounted read-only, or choose another folder.',
      cause: err,
    });
  }
  if (e && typeof e === 'object' && (e.code === 'EACCES' || e.code === 'EPERM')) {
    return new KuraError({
      code: 'permission-denied',
      category: 'resource',
      message: `Permission denied: ${e.path ?? e.message}`,
      hint: 'Check that Kura may write to the backup folder.',
      cause: err,
    });
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
    throw new KuraError({ code: 'cancelled', category: 'cancelled', message: 'The run was cancelled.' });
  }
}
