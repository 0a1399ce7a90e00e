/**
 * What the scheduler remembers between launches, in `$KURA_HOME/state/scheduler.json`: when each
 * job last tried and last succeeded, which slot is due next (a due slot in the past at start-up
 * means the machine was off or asleep: catch up once), and which notices were already shown so
 * a restart does not repeat them. Written atomically; a damaged file is logged and started over,
 * because losing catch-up memory is better than never scheduling again.
 */
import { readFile } from 'node:fs/promises';
import { writeJsonAtomic } from '../util/atomic-write.js';
import type { ErrorInfo } from '../errors.js';
import type { RunOutcome, RunTrigger } from './types.js';

export interface LastResult {
  status: 'success' | 'warning' | 'partial' | 'failed';
  trigger: RunTrigger;
  runId: string | null;
  startedAt: string;
  finishedAt: string;
  error: ErrorInfo | null;
}

export interface RunningMark {
  trigger: RunTrigger;
  since: string;
  /** So `kura status` in another process can tell a live run from one left by a crash. */
  pid: number;
}

export interface JobState {
  /** The schedule the slots below belong to; a different one resets them (no catch-up for an edit). */
  cron: string | null;
  timezone: string | null;
  /** When the scheduler first saw this schedule: the reference for "overdue" before any success. */
  scheduledSince: string | null;
  lastAttemptAt: string | null;
  /** The last run in which every item was backed up and verified (success or warning): "last good backup". */
  lastSuccessAt: string | null;
  /**
   * The last run that published a snapshot, a `partial` one included: the reference for "overdue" and
   * for a missed slot already covered (a partial night is its own state, not an overdue job). Absent in
   * state files written before partial runs were told apart: `lastSuccessAt` stands in.
   */
  lastPublishedAt: string | null;
  /** The slot not yet run. In the past while the app is running or starting = a missed slot. */
  nextDueAt: string | null;
  /** Last success/warning/failure (cancelled, interrupted and skipped runs leave it alone). */
  lastResult: LastResult | null;
  /** Set when a run starts and cleared when it ends: still set at start-up = the process died mid-run. */
  running: RunningMark | null;
  /** A run was cut short by shutdown or a crash: run it again (once) after the grace delay. */
  catchUpNeeded: boolean;
  notified: {
    /** Error code of the failure already notified; the same code again stays quiet. */
    failureCode: string | null;
    overdue: boolean;
  };
}

export interface SchedulerState {
  version: 1;
  paused: boolean;
  jobs: Record<string, JobState>;
}

export function emptyState(): SchedulerState {
  return { version: 1, paused: false, jobs: {} };
}

export function emptyJobState(): JobState {
  return {
    cron: null,
    timezone: null,
    scheduledSince: null,
    lastAttemptAt: null,
    lastSuccessAt: null,
    lastPublishedAt: null,
    nextDueAt: null,
    lastResult: null,
    running: null,
    catchUpNeeded: false,
    notified: { failureCode: null, overdue: false },
  };
}

export type LoadedState = { kind: 'loaded'; state: SchedulerState } | { kind: 'missing'; state: SchedulerState } | { kind: 'damaged'; state: SchedulerState; reason: string };

export async function loadSchedulerState(path: string): Promise<LoadedState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing', state: emptyState() };
    return { kind: 'damaged', state: emptyState(), reason: (err as Error).message };
  }
  try {
    const raw = JSON.parse(text) as Partial<SchedulerState>;
    if (raw === null || typeof raw !== 'object' || raw.version !== 1 || typeof raw.jobs !== 'object' || raw.jobs === null) {
      return { kind: 'damaged', state: emptyState(), reason: 'unexpected content' };
    }
    const jobs: Record<string, JobState> = {};
    for (const [id, j] of Object.entries(raw.jobs)) {
      // Fill fields a future or older version may lack, so one odd entry never stops scheduling.
      const base = emptyJobState();
      jobs[id] = { ...base, ...j, notified: { ...base.notified, ...(j?.notified ?? {}) } };
    }
    return { kind: 'loaded', state: { version: 1, paused: raw.paused === true, jobs } };
  } catch (err) {
    return { kind: 'damaged', state: emptyState(), reason: (err as Error).message };
  }
}

/** When the job last published a snapshot (partial or not): the newer of the two marks. */
export function lastPublishedOf(state: Pick<JobState, 'lastSuccessAt' | 'lastPublishedAt'> | undefined): string | null {
  const a = state?.lastPublishedAt ?? null;
  const b = state?.lastSuccessAt ?? null;
  return a === null ? b : b === null ? a : a > b ? a : b;
}

export async function saveSchedulerState(path: string, state: SchedulerState): Promise<void> {
  await writeJsonAtomic(path, state);
}

/** The LastResult a finished run leaves, or null for outcomes that say nothing about the backup's health. */
export function lastResultOf(outcome: RunOutcome, trigger: RunTrigger): LastResult | null {
  switch (outcome.status) {
    case 'success':
    case 'warning':
    case 'partial':
    case 'failed':
      return {
        status: outcome.status,
        trigger,
        runId: outcome.runId,
        startedAt: outcome.startedAt,
        finishedAt: outcome.finishedAt,
        error: outcome.error,
      };
    case 'cancelled':
    case 'interrupted':
    case 'skipped':
      return null;
  }
}
