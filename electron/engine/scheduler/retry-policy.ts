/**
 * When a failed run is tried again. Only network failures are: a dropped connection or a server
 * restarting usually heals within minutes, while a wrong password, a broken config or bad data
 * just fails again (and repeated wrong passwords can lock the account). Only unattended runs are
 * retried: someone who pressed "Back up now" sees the error and decides.
 */
import type { RunOutcome, RunTrigger } from './types.js';

/** 1, 4 and 10 minutes: three tries within about a quarter of an hour. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [60_000, 240_000, 600_000];

export type RetryDecision = { kind: 'retry'; attempt: number; delayMs: number } | { kind: 'give-up'; reason: 'not-retryable' | 'attended' | 'exhausted' };

/**
 * @param attempt retries already made for this slot (0 after the scheduled run itself failed)
 */
export function decideRetry(outcome: RunOutcome, trigger: RunTrigger, attempt: number, delaysMs: readonly number[] = DEFAULT_RETRY_DELAYS_MS): RetryDecision {
  if (outcome.status !== 'failed' || outcome.error?.category !== 'network') return { kind: 'give-up', reason: 'not-retryable' };
  switch (trigger) {
    case 'manual':
    case 'cli':
      return { kind: 'give-up', reason: 'attended' };
    case 'schedule':
    case 'catch-up':
    case 'retry': {
      const delayMs = delaysMs[attempt];
      return delayMs === undefined ? { kind: 'give-up', reason: 'exhausted' } : { kind: 'retry', attempt: attempt + 1, delayMs };
    }
  }
}
