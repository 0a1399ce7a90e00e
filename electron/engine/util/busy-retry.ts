/**
 * Windows: an antivirus scanner, the search indexer or a backup agent opens a file Kura has just
 * written for a moment, and renaming, deleting or opening it then fails with EPERM, EBUSY or EACCES
 * although nothing is wrong (`verify --restore-test` failed with "Permission denied" after every
 * check had passed). Such a lock goes away by itself, so the few places that rename, delete or
 * reopen what Kura wrote try again for a bounded time — what well-known Windows-aware Node
 * libraries do (graceful-fs for rename, rimraf for delete). Elsewhere these codes mean a real
 * permission problem and fail at once.
 */
import { rename, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

const BUSY = new Set(['EPERM', 'EBUSY', 'EACCES']);

export interface BusyRetryOptions {
  platform?: NodeJS.Platform;
  /** How long to keep trying (default 10 s): longer than a scan of one file, short enough to report. */
  totalMs?: number;
  wait?: (ms: number) => Promise<unknown>;
  now?: () => number;
}

export async function retryWhileBusy<T>(fn: () => Promise<T>, options: BusyRetryOptions = {}): Promise<T> {
  const platform = options.platform ?? process.platform;
  const wait = options.wait ?? sleep;
  const now = options.now ?? Date.now;
  const deadline = now() + (options.totalMs ?? 10_000);
  let delay = 10;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (platform !== 'win32' || code === undefined || !BUSY.has(code) || now() + delay > deadline) throw err;
      await wait(delay);
      delay = Math.min(delay * 2, 500);
    }
  }
}

/** fs.rename, retried while Windows says the file is busy. */
export function renameRetrying(from: string, to: string, options?: BusyRetryOptions): Promise<void> {
  return retryWhileBusy(() => rename(from, to), options);
}

/** fs.rm (force), retried while Windows says a file is busy. */
export function rmRetrying(path: string, options: { recursive?: boolean } & BusyRetryOptions = {}): Promise<void> {
  return retryWhileBusy(() => rm(path, { recursive: options.recursive ?? false, force: true, maxRetries: 3 }), options);
}
