/**
 * What every part of the scheduler shares: the injected deps, the resolved options, and the
 * mutable memory (phase, persisted state, job list, runs in flight, pending catch-ups and retries,
 * what the run histories say). One plain object, so the parts (state-writer, event-bus,
 * health-watch, pending-runs, job-runner, cron-watchdog, reconcile-jobs) read and change the same
 * memory without reaching into each other's closures; the small time and slot helpers live here
 * because they all need them.
 */
import type { ErrorInfo } from '../errors.js';
import type { Logger } from '../progress.js';
import { systemTimeZone } from '../../shared/zoned-time.js';
import { parseCron } from './cron-fields.js';
import type { HistorySummary } from './history-health.js';
import { nextAfter } from './next-runs.js';
import { DEFAULT_RETRY_DELAYS_MS } from './retry-policy.js';
import { emptyJobState, emptyState, type JobState, type SchedulerState } from './scheduler-state.js';
import type { RunOutcome, RunTrigger, ScheduledJob, SchedulerDeps } from './types.js';

export interface SchedulerOptions {
  /** Delays before retry 1, 2, 3 of a network failure. Default 1, 4 and 10 minutes. */
  retryDelaysMs?: readonly number[];
  /** How often the watchdog compares the wall clock with expectations. Default 30 s. */
  watchdogIntervalMs?: number;
  /** How late a slot may start and still count as on time. Default 60 s. */
  lateToleranceMs?: number;
  /** Zone for "today 00:00" in health sentences. Default: the system's. */
  displayTimeZone?: string;
}

export interface InFlight {
  trigger: RunTrigger;
  since: string;
  controller: AbortController;
  /** Who stopped it: a user's cancel is final, a shutdown means "run it again next time". */
  stopReason: 'user' | 'shutdown' | null;
  done: Promise<RunOutcome>;
}

export interface Pending {
  kind: 'catch-up' | 'retry';
  dueAt: number;
  /** Retries already made for this slot. */
  attempt: number;
  handle: unknown;
}

export type Phase = 'new' | 'started' | 'stopping' | 'stopped';

export interface SchedulerCore {
  readonly deps: SchedulerDeps;
  readonly options: SchedulerOptions;
  readonly logger: Logger;
  readonly retryDelays: readonly number[];
  readonly watchdogMs: number;
  readonly lateToleranceMs: number;
  phase: Phase;
  state: SchedulerState;
  jobs: Map<string, ScheduledJob>;
  readonly inFlight: Map<string, InFlight>;
  readonly pending: Map<string, Pending>;
  /** What each job's run history says (runs by other processes): refreshed on start, each tick and after runs. */
  readonly historySummaries: Map<string, HistorySummary>;
}

export function createCore(deps: SchedulerDeps, options: SchedulerOptions): SchedulerCore {
  return {
    deps,
    options,
    logger: deps.logger,
    retryDelays: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    watchdogMs: options.watchdogIntervalMs ?? 30_000,
    lateToleranceMs: options.lateToleranceMs ?? 60_000,
    phase: 'new',
    state: emptyState(),
    jobs: new Map(),
    inFlight: new Map(),
    pending: new Map(),
    historySummaries: new Map(),
  };
}

export const nowDate = (core: SchedulerCore): Date => core.deps.clock.now();
export const nowMs = (core: SchedulerCore): number => core.deps.clock.now().getTime();

export function jobState(core: SchedulerCore, jobId: string): JobState {
  return (core.state.jobs[jobId] ??= emptyJobState());
}

export function zoneOf(job: ScheduledJob): string {
  return job.schedule?.timezone ?? systemTimeZone();
}

/** The first slot strictly after `afterMs`, or null (no schedule, or a broken one). */
export function slotAfter(job: ScheduledJob, afterMs: number): string | null {
  if (!job.schedule) return null;
  const parsed = parseCron(job.schedule.cron);
  if (parsed.kind === 'invalid') return null;
  try {
    const next = nextAfter(parsed.fields, zoneOf(job), afterMs);
    return next === null ? null : new Date(next).toISOString();
  } catch {
    return null;
  }
}

export function outcomeNow(core: SchedulerCore, status: 'skipped' | 'failed', error: ErrorInfo): RunOutcome {
  const at = nowDate(core).toISOString();
  return { status, runId: null, startedAt: at, finishedAt: at, error };
}
