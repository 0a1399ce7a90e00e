/**
 * Retries one rsync step when the network failed (connection refused or lost, timeout, a busy
 * daemon), a few times with growing pauses. A data centre's rsync daemon restarting for an update or
 * a shop's flaky DSL line usually heals within a minute, and a whole off-site push should not be
 * lost to one dropped connection. Anything else (a wrong password, a read-only module, a full
 * disk) fails at once: retrying it only repeats the failure, and can lock an account.
 *
 * The delays are a parameter so tests run in milliseconds; the default stays small and bounded
 * because the nightly run holds the job lock meanwhile (the scheduler retries whole runs later).
 */
import { messageOf, toKuraError, KuraError } from '../errors.js';
import { sayTo, type Logger } from '../progress.js';
import { msg, nestedMessage, type MessageData } from '../../shared/messages/index.js';

/** 5 s, 20 s, 60 s: about a minute and a half before the push is given up until the next run. */
export const DEFAULT_PUSH_RETRY_DELAYS_MS: readonly number[] = [5_000, 20_000, 60_000];

export interface RetryOptions {
  delaysMs?: readonly number[];
  signal?: AbortSignal;
  logger?: Logger;
  /** What is being tried, for the log (catalogue try-*: "Pushing … to …"). */
  what: MessageData;
}

export async function withNetworkRetry<T>(fn: () => Promise<T>, opts: RetryOptions): Promise<T> {
  const delays = opts.delaysMs ?? DEFAULT_PUSH_RETRY_DELAYS_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const e = toKuraError(err);
      const delay = delays[attempt];
      if (e.category !== 'network' || delay === undefined || opts.signal?.aborted) throw e;
      sayTo(
        opts.logger,
        'warn',
        msg('log-retrying', { what: nestedMessage(opts.what), error: nestedMessage(messageOf(e)), seconds: Math.round(delay / 100) / 10, attempt: attempt + 2, attempts: delays.length + 1 }),
      );
      await sleep(delay, opts.signal);
    }
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function cancelled(): KuraError {
  return new KuraError({ code: 'cancelled', params: {}, category: 'cancelled' });
}
