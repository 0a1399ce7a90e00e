/**
 * Runs the scheduler did not start still count. `kura run` in a terminal, a run by `kura daemon`
 * while the app is open, "Back up now" in another process: each writes its records to the job's run
 * history, and the health model (tray, dashboard, `kura status`) reads that history too, so a good
 * `kura run` clears a red tray and a failed one turns it red — whoever started it.
 *
 * The scheduler's own state stays the record of schedule slots, retries and notices; for "what was
 * the last result, when was the last success, is a run going on", the newer of the two answers wins.
 */
import type { RunRecord } from '../run-log/run-history.js';
import { isProcessAlive } from '../util/process-alive.js';
import { emptyJobState, lastPublishedOf, lastResultOf, type JobState, type LastResult } from './scheduler-state.js';
import type { RunTrigger } from './types.js';

export interface HistorySummary {
  lastResult: LastResult | null;
  /** The last run that verified every item (success or warning). */
  lastSuccessAt: string | null;
  /** The last run that published a snapshot, a partial one included. */
  lastPublishedAt: string | null;
  lastAttemptAt: string | null;
  /** A run going on now in some process (its record says running and the process lives). */
  running: { trigger: RunTrigger; since: string; pid: number } | null;
}

export function summariseHistory(records: readonly RunRecord[], alive: (pid: number) => boolean = isProcessAlive): HistorySummary {
  const out: HistorySummary = { lastResult: null, lastSuccessAt: null, lastPublishedAt: null, lastAttemptAt: null, running: null };
  for (const r of records) {
    if (out.lastAttemptAt === null || r.startedAt > out.lastAttemptAt) out.lastAttemptAt = r.startedAt;
    if (r.status === 'running') {
      if (alive(r.pid)) out.running = { trigger: r.trigger, since: r.startedAt, pid: r.pid };
      continue;
    }
    if (r.status === 'interrupted' || !r.finishedAt) continue;
    const result = lastResultOf({ status: r.status, runId: r.runId, startedAt: r.startedAt, finishedAt: r.finishedAt, error: r.error }, r.trigger);
    if (result && (out.lastResult === null || result.finishedAt > out.lastResult.finishedAt)) out.lastResult = result;
    const published = r.status === 'success' || r.status === 'warning' || r.status === 'partial';
    if (published && (out.lastPublishedAt === null || r.finishedAt > out.lastPublishedAt)) out.lastPublishedAt = r.finishedAt;
    // A partial night is not a good backup of every item: it has its own state, not "last good backup".
    if (published && r.status !== 'partial' && (out.lastSuccessAt === null || r.finishedAt > out.lastSuccessAt)) out.lastSuccessAt = r.finishedAt;
  }
  return out;
}

/** The scheduler's view of a job with the history's newer facts folded in. */
export function withHistory(entry: JobState | undefined, summary: HistorySummary | undefined): JobState | undefined {
  if (!summary) return entry;
  if (!entry) {
    if (!summary.lastResult && !summary.lastPublishedAt && !summary.running) return undefined;
    entry = emptyJobState();
  }
  const newer = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a > b ? a : b);
  const lastResult =
    summary.lastResult && (!entry.lastResult || summary.lastResult.finishedAt > entry.lastResult.finishedAt) ? summary.lastResult : entry.lastResult;
  return {
    ...entry,
    lastResult,
    lastSuccessAt: newer(entry.lastSuccessAt, summary.lastSuccessAt),
    lastPublishedAt: newer(lastPublishedOf(entry), summary.lastPublishedAt),
    lastAttemptAt: newer(entry.lastAttemptAt, summary.lastAttemptAt),
    running: entry.running ?? summary.running,
  };
}
