/**
 * The scheduler: runs each job on its cron schedule, catches up once after the machine was off
 * or asleep, retries network failures, never runs a job twice at once, and keeps the health the
 * tray shows.
 *
 * Two clocks drive it. node-cron fires slots on time while the process is awake. A short
 * wall-clock watchdog covers what node-cron cannot: long timers stall while a laptop sleeps, so
 * after waking the watchdog notices that the slot recorded in `nextDueAt` lies in the past and
 * schedules ONE catch-up after a grace delay (the network and disks need a moment after resume),
 * however many slots were missed. `nextDueAt` is persisted, so the same happens after a power-off.
 *
 * Everything time-related goes through the injected clock and timers (node-cron uses the global
 * ones), so the rules are tested with fake time.
 *
 * This file is the public door and the wiring; each concern lives behind a small interface in a
 * file of its own: the shared memory (scheduler-core.ts), writing it to disk (state-writer.ts),
 * events and notices (event-bus.ts), health (health-watch.ts), catch-ups and retries
 * (pending-runs.ts), one run and its consequences (job-runner.ts), the two clocks
 * (cron-watchdog.ts) and the job list reconciled with memory (reconcile-jobs.ts).
 */
import { KuraError } from '../errors.js';
import { msg } from '../../shared/messages/index.js';
import { sayTo } from '../progress.js';
import { createCronWatchdog } from './cron-watchdog.js';
import { createEventBus } from './event-bus.js';
import type { HealthSnapshot } from './health.js';
import { createHealthWatch } from './health-watch.js';
import { createJobRunner, type JobRunner } from './job-runner.js';
import { createPendingRuns } from './pending-runs.js';
import { reconcileJobs } from './reconcile-jobs.js';
import { createCore, nowMs, outcomeNow, type SchedulerOptions } from './scheduler-core.js';
import type { SchedulerEvent } from './scheduler-events.js';
import { createStateWriter } from './state-writer.js';
import type { RunOutcome, RunTrigger, SchedulerDeps } from './types.js';

export type { SchedulerOptions } from './scheduler-core.js';

export type AttendedTrigger = Extract<RunTrigger, 'manual' | 'cli'>;

export interface Scheduler {
  /** Loads state, recovers runs a dead process left behind, starts one cron task per job, catches up. */
  start(): Promise<void>;
  /** Stops timers and tasks, cancels running jobs (they will be caught up on the next start), saves state. */
  stop(): Promise<void>;
  /** Re-reads the job list (after a config change) and reschedules. */
  reload(): Promise<void>;
  /** Looks for missed slots now (the shell calls it on resume from sleep). */
  checkMissed(): void;
  /** "Back up now" / `kura run`: resolves with the outcome; `skipped` when the job is already running. */
  runNow(jobId: string, trigger?: AttendedTrigger): Promise<RunOutcome>;
  /** Cancels the job's running run and any pending catch-up or retry. True when something was cancelled. */
  cancel(jobId: string): boolean;
  /** Stops scheduled runs (remembered across restarts); manual runs still work. */
  pause(): void;
  resume(): void;
  health(): HealthSnapshot;
  on(event: 'health', cb: (snapshot: HealthSnapshot) => void): () => void;
  on(event: 'event', cb: (event: SchedulerEvent) => void): () => void;
  /** Resolves when every state change so far is on disk. */
  flush(): Promise<void>;
}

export function createScheduler(deps: SchedulerDeps, options: SchedulerOptions = {}): Scheduler {
  const core = createCore(deps, options);
  const { logger } = core;
  const writer = createStateWriter(core);
  const { persist, flush, ensureLoaded, refreshJobs } = writer;
  const bus = createEventBus(core);
  const { emit } = bus;
  const health = createHealthWatch(core, writer, bus);
  const { computeHealth, refreshHistory, emitHealth, checkOverdue } = health;
  // A pending run, when due, is a run: bound late (the runner needs the pending runs too).
  const pending = createPendingRuns(core, writer, bus, health, (job, trigger, attempt) => runner.runGuarded(job, trigger, attempt));
  const { clearPending, firePending, evaluateMissed } = pending;
  const runner: JobRunner = createJobRunner(core, writer, bus, health, pending);
  const runGuarded = runner.runGuarded;
  const clocks = createCronWatchdog(core, writer, bus, health, pending, runner);
  const { startTasks, rearmTasks, stopTasks, armWatchdog } = clocks;
  const reconcile = (atStart: boolean): void => reconcileJobs(core, atStart, writer, pending);

  // ---- public API --------------------------------------------------------------------------

  async function start(): Promise<void> {
    if (core.phase === 'started' || core.phase === 'stopping') return;
    await ensureLoaded();
    try {
      await deps.recoverInterrupted();
    } catch (err) {
      sayTo(logger, 'warn', msg('log-sched-recover-failed', { reason: (err as Error).message }));
    }
    await refreshJobs();
    await refreshHistory();
    reconcile(true);
    core.phase = 'started';
    clocks.resetClock();
    emit({ kind: 'started', jobs: core.jobs.size, paused: core.state.paused });
    if (!core.state.paused) startTasks();
    for (const job of core.jobs.values()) {
      evaluateMissed(job);
      checkOverdue(job);
    }
    armWatchdog();
    emitHealth();
  }

  async function stop(): Promise<void> {
    if (core.phase !== 'started') {
      await flush();
      return;
    }
    core.phase = 'stopping';
    clocks.disarmWatchdog();
    stopTasks();
    for (const jobId of [...core.pending.keys()]) clearPending(jobId);
    const running = [...core.inFlight.values()];
    for (const f of running) {
      f.stopReason ??= 'shutdown';
      f.controller.abort(new KuraError({ code: 'cancelled~shutdown', params: {}, category: 'cancelled' }));
    }
    await Promise.allSettled(running.map((f) => f.done));
    core.phase = 'stopped';
    emit({ kind: 'stopped' });
    await flush();
  }

  async function reload(): Promise<void> {
    await ensureLoaded();
    await refreshJobs();
    reconcile(false);
    if (core.phase !== 'started') return;
    if (!core.state.paused) startTasks();
    for (const job of core.jobs.values()) evaluateMissed(job);
    emitHealth();
  }

  function checkMissed(): void {
    if (core.phase !== 'started') return;
    clocks.resetClock();
    rearmTasks();
    for (const [jobId, p] of [...core.pending]) if (p.dueAt <= nowMs(core)) firePending(jobId, p);
    for (const job of core.jobs.values()) {
      evaluateMissed(job);
      checkOverdue(job);
    }
    emitHealth();
  }

  async function runNow(jobId: string, trigger: AttendedTrigger = 'manual'): Promise<RunOutcome> {
    await ensureLoaded();
    let job = core.jobs.get(jobId);
    if (!job) {
      await refreshJobs();
      job = core.jobs.get(jobId);
    }
    if (!job) {
      return outcomeNow(core, 'failed', new KuraError({ code: 'job-not-found~status', params: { job: jobId }, category: 'config' }).toJSON());
    }
    return runGuarded(job, trigger, 0);
  }

  function cancel(jobId: string): boolean {
    let cancelled = false;
    if (core.pending.has(jobId)) {
      clearPending(jobId);
      cancelled = true;
    }
    const f = core.inFlight.get(jobId);
    if (f) {
      f.stopReason = 'user';
      f.controller.abort(new KuraError({ code: 'cancelled', params: {}, category: 'cancelled' }));
      cancelled = true;
    }
    if (cancelled) emitHealth();
    return cancelled;
  }

  function pause(): void {
    if (core.state.paused) return;
    core.state.paused = true;
    stopTasks();
    for (const jobId of [...core.pending.keys()]) clearPending(jobId);
    persist();
    emit({ kind: 'paused' });
    emitHealth();
  }

  function resume(): void {
    if (!core.state.paused) return;
    core.state.paused = false;
    persist();
    emit({ kind: 'resumed' });
    if (core.phase === 'started') {
      startTasks();
      // Slots missed while paused are caught up once, like after sleep.
      for (const job of core.jobs.values()) evaluateMissed(job);
    }
    emitHealth();
  }

  function on(event: 'health' | 'event', cb: ((s: HealthSnapshot) => void) | ((e: SchedulerEvent) => void)): () => void {
    switch (event) {
      case 'health': {
        return health.onHealth(cb as (s: HealthSnapshot) => void);
      }
      case 'event': {
        return bus.onEvent(cb as (e: SchedulerEvent) => void);
      }
    }
  }

  return {
    start,
    stop,
    reload,
    checkMissed,
    runNow,
    cancel,
    pause,
    resume,
    health: computeHealth,
    on: on as Scheduler['on'],
    flush,
  };
}
