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
 */
import { KuraError, toKuraError, type ErrorInfo } from '../errors.js';
import { english } from '../../shared/messages/render.js';
import { parseCron } from './cron-fields.js';
import { nextAfter } from './next-runs.js';
import { startCronTask, type CronTaskHandle } from './cron-task.js';
import { healthSnapshot, isOverdue, jobHealth, type HealthSnapshot, type JobHealth } from './health.js';
import { onFailure, onOverdue, onSuccess, type NoticeDecision } from './notification-policy.js';
import { DEFAULT_RETRY_DELAYS_MS, decideRetry } from './retry-policy.js';
import { schedulerEventMessage, type SchedulerEvent } from './scheduler-events.js';
import { sayTo, type LogLevel } from '../progress.js';
import { msg, nestedMessage } from '../../shared/messages/index.js';
import { emptyJobState, emptyState, lastResultOf, loadSchedulerState, saveSchedulerState, type JobState, type SchedulerState } from './scheduler-state.js';
import { systemTimeZone } from '../../shared/zoned-time.js';
import { summariseHistory, withHistory, type HistorySummary } from './history-health.js';
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

interface InFlight {
  trigger: RunTrigger;
  since: string;
  controller: AbortController;
  /** Who stopped it: a user's cancel is final, a shutdown means "run it again next time". */
  stopReason: 'user' | 'shutdown' | null;
  done: Promise<RunOutcome>;
}

interface Pending {
  kind: 'catch-up' | 'retry';
  dueAt: number;
  /** Retries already made for this slot. */
  attempt: number;
  handle: unknown;
}

type Phase = 'new' | 'started' | 'stopping' | 'stopped';

/** Used when the setting is missing or not a number: long enough for Wi-Fi and disks after resume. */
const DEFAULT_CATCH_UP_DELAY_S = 120;

export function createScheduler(deps: SchedulerDeps, options: SchedulerOptions = {}): Scheduler {
  const retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const watchdogMs = options.watchdogIntervalMs ?? 30_000;
  const lateToleranceMs = options.lateToleranceMs ?? 60_000;
  const { logger } = deps;

  let phase: Phase = 'new';
  let state: SchedulerState = emptyState();
  let loaded: Promise<void> | null = null;
  let jobs = new Map<string, ScheduledJob>();
  const tasks = new Map<string, CronTaskHandle>();
  const inFlight = new Map<string, InFlight>();
  const pending = new Map<string, Pending>();
  let watchdog: unknown = null;
  let lastTickAt: number | null = null;
  let lastHealthKey = '';
  /** What each job's run history says (runs by other processes): refreshed on start, each tick and after runs. */
  const historySummaries = new Map<string, HistorySummary>();
  const healthListeners = new Set<(s: HealthSnapshot) => void>();
  const eventListeners = new Set<(e: SchedulerEvent) => void>();

  // ---- persistence -------------------------------------------------------------------------

  let writeChain: Promise<void> = Promise.resolve();
  let writeQueued = false;
  /** Coalesces writes: the state is serialized when the write runs, so one write covers every change before it. */
  function persist(): void {
    if (writeQueued) return;
    writeQueued = true;
    writeChain = writeChain.then(async () => {
      writeQueued = false;
      try {
        await saveSchedulerState(deps.stateFile, state);
      } catch (err) {
        sayTo(logger, 'warn', msg('log-sched-state-unsaved', { path: deps.stateFile, reason: (err as Error).message }));
      }
    });
  }

  async function flush(): Promise<void> {
    let current: Promise<void>;
    do {
      current = writeChain;
      await current;
    } while (current !== writeChain);
  }

  function ensureLoaded(): Promise<void> {
    loaded ??= (async () => {
      const r = await loadSchedulerState(deps.stateFile);
      if (r.kind === 'damaged') sayTo(logger, 'warn', msg('log-sched-state-damaged', { path: deps.stateFile, reason: r.reason }));
      state = r.state;
      await refreshJobs();
    })();
    return loaded;
  }

  async function refreshJobs(): Promise<void> {
    const list = await deps.listJobs();
    jobs = new Map(list.map((j) => [j.id, j]));
  }

  // ---- helpers -----------------------------------------------------------------------------

  const nowDate = (): Date => deps.clock.now();
  const nowMs = (): number => deps.clock.now().getTime();

  function emit(e: SchedulerEvent): void {
    for (const cb of eventListeners) {
      try {
        cb(e);
      } catch (err) {
        sayTo(logger, 'warn', msg('log-sched-listener-failed~event', { reason: (err as Error).message }));
      }
    }
  }

  /** An event worth a line in the log too: the same catalogued line the daemon writes for it. */
  function logAndEmit(level: LogLevel, e: SchedulerEvent): void {
    sayTo(logger, level, schedulerEventMessage(e));
    emit(e);
  }

  function jobState(jobId: string): JobState {
    return (state.jobs[jobId] ??= emptyJobState());
  }

  function zoneOf(job: ScheduledJob): string {
    return job.schedule?.timezone ?? systemTimeZone();
  }

  /** The first slot strictly after `afterMs`, or null (no schedule, or a broken one). */
  function slotAfter(job: ScheduledJob, afterMs: number): string | null {
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

  function notice(d: NoticeDecision): void {
    switch (d.kind) {
      case 'notify':
        try {
          deps.notifier.notify(d.notification);
        } catch (err) {
          sayTo(logger, 'warn', msg('log-sched-notice-failed', { reason: (err as Error).message }));
        }
        return;
      case 'quiet':
        return;
    }
  }

  function outcomeNow(status: 'skipped' | 'failed', error: ErrorInfo): RunOutcome {
    const at = nowDate().toISOString();
    return { status, runId: null, startedAt: at, finishedAt: at, error };
  }

  // ---- health ------------------------------------------------------------------------------

  function computeHealth(): HealthSnapshot {
    const now = nowDate();
    const list: JobHealth[] = [...jobs.values()].map((job) => {
      const flight = inFlight.get(job.id);
      const p = pending.get(job.id);
      const merged = withHistory(state.jobs[job.id], historySummaries.get(job.id));
      // A run another process is making (kura run in a terminal) shows as running too.
      const elsewhere = !flight && merged?.running && merged.running.pid !== process.pid ? merged.running : null;
      return jobHealth({
        job,
        state: merged,
        now,
        running: flight ? { trigger: flight.trigger, since: flight.since } : elsewhere ? { trigger: elsewhere.trigger, since: elsewhere.since } : null,
        pendingAt: p ? new Date(p.dueAt).toISOString() : null,
        displayTimeZone: options.displayTimeZone,
      });
    });
    return healthSnapshot(list, now, state.paused);
  }

  /** Re-reads each job's run history (runs other processes made); failures keep the last summary. */
  async function refreshHistory(): Promise<void> {
    if (!deps.readHistory) return;
    for (const job of jobs.values()) {
      try {
        historySummaries.set(job.id, summariseHistory(await deps.readHistory(job.id)));
      } catch (err) {
        sayTo(logger, 'warn', msg('log-sched-history-unreadable', { job: job.id, reason: (err as Error).message }));
      }
    }
  }

  /** Tells listeners when anything they would show changed (not on every watchdog tick). */
  function emitHealth(): void {
    if (healthListeners.size === 0) return;
    const snapshot = computeHealth();
    // What a viewer would see: sentences as said (a "today 00:00" does not change on every tick).
    const key = JSON.stringify({ ...snapshot, at: null, overall: { ...snapshot.overall, sentence: english(snapshot.overall.sentence) }, jobs: snapshot.jobs.map((j) => ({ ...j, sentence: english(j.sentence) })) });
    if (key === lastHealthKey) return;
    lastHealthKey = key;
    for (const cb of healthListeners) {
      try {
        cb(snapshot);
      } catch (err) {
        sayTo(logger, 'warn', msg('log-sched-listener-failed~health', { reason: (err as Error).message }));
      }
    }
  }

  function checkOverdue(job: ScheduledJob): void {
    const entry = state.jobs[job.id];
    // A success made by another process (kura run) counts: merged with the run history.
    if (!entry || entry.notified.overdue || !isOverdue(job, withHistory(entry, historySummaries.get(job.id)), nowDate())) return;
    const h = jobHealth({ job, state: entry, now: nowDate(), running: null, pendingAt: null, displayTimeZone: options.displayTimeZone });
    sayTo(logger, 'warn', msg('log-sched-overdue', { job: job.id, status: nestedMessage(h.sentence) }));
    notice(onOverdue(job, entry, h.sentence, deps.settings()));
    persist();
  }

  // ---- pending catch-ups and retries -------------------------------------------------------

  function clearPending(jobId: string): void {
    const p = pending.get(jobId);
    if (!p) return;
    deps.timers.clearTimeout(p.handle);
    pending.delete(jobId);
  }

  function schedulePending(jobId: string, kind: Pending['kind'], delayMs: number, attempt: number): Pending {
    clearPending(jobId);
    const p: Pending = { kind, dueAt: nowMs() + delayMs, attempt, handle: null };
    p.handle = deps.timers.setTimeout(() => firePending(jobId, p), delayMs);
    pending.set(jobId, p);
    return p;
  }

  /** Called by its timer or, when that timer stalled during sleep, by the watchdog. */
  function firePending(jobId: string, p: Pending): void {
    if (pending.get(jobId) !== p) return;
    clearPending(jobId);
    const job = jobs.get(jobId);
    if (!job || phase !== 'started' || state.paused) return;
    switch (p.kind) {
      case 'catch-up': {
        const entry = jobState(jobId);
        // Every slot up to now is covered by this one run.
        entry.nextDueAt = slotAfter(job, nowMs());
        entry.catchUpNeeded = false;
        persist();
        void runGuarded(job, 'catch-up', 0);
        return;
      }
      case 'retry':
        void runGuarded(job, 'retry', p.attempt);
        return;
    }
  }

  /** Schedules a catch-up when a slot was missed or a run was cut short; at most one per job. */
  function evaluateMissed(job: ScheduledJob): void {
    if (phase !== 'started' || state.paused || !job.schedule) return;
    if (inFlight.has(job.id) || pending.has(job.id)) return;
    const entry = jobState(job.id);
    const now = nowMs();
    const due = entry.nextDueAt === null ? null : Date.parse(entry.nextDueAt);
    const missed = due !== null && due + lateToleranceMs < now;
    if (!missed && !entry.catchUpNeeded) return;
    if (missed && !entry.catchUpNeeded && entry.lastSuccessAt !== null && Date.parse(entry.lastSuccessAt) >= (due ?? 0)) {
      // A run after the slot already succeeded ("Back up now" while the schedule was asleep).
      entry.nextDueAt = slotAfter(job, now);
      persist();
      return;
    }
    const configured = deps.settings().catchUpDelaySeconds;
    const delayMs = (Number.isFinite(configured) ? Math.max(0, configured) : DEFAULT_CATCH_UP_DELAY_S) * 1000;
    const p = schedulePending(job.id, 'catch-up', delayMs, 0);
    const reason = entry.catchUpNeeded && !missed ? 'interrupted-run' : 'missed-slot';
    const missedSlot = (missed ? entry.nextDueAt : entry.lastAttemptAt) ?? new Date(now).toISOString();
    logAndEmit('info', { kind: 'catch-up-scheduled', jobId: job.id, missedSlot, runAt: new Date(p.dueAt).toISOString(), reason });
    emitHealth();
  }

  // ---- running -----------------------------------------------------------------------------

  function runGuarded(job: ScheduledJob, trigger: RunTrigger, attempt: number): Promise<RunOutcome> {
    if (phase === 'stopping') {
      return Promise.resolve(
        outcomeNow('skipped', new KuraError({ code: 'shutting-down', params: {}, category: 'resource' }).toJSON()),
      );
    }
    const busy = inFlight.get(job.id);
    if (busy) {
      logAndEmit('info', { kind: 'run-skipped', jobId: job.id, trigger, reason: 'already-running' });
      return Promise.resolve(
        outcomeNow('skipped', new KuraError({ code: 'already-running', params: { job: job.name }, category: 'resource' }).toJSON()),
      );
    }
    const entry = jobState(job.id);
    const since = nowDate().toISOString();
    const previousAttempt = entry.lastAttemptAt;
    entry.lastAttemptAt = since;
    entry.running = { trigger, since, pid: process.pid };
    const controller = new AbortController();
    const flight: InFlight = { trigger, since, controller, stopReason: null, done: Promise.resolve(null as never) };
    flight.done = (async () => {
      let outcome: RunOutcome;
      try {
        outcome = await deps.runJob(job.id, trigger, controller.signal);
      } catch (err) {
        const e = toKuraError(err);
        outcome = outcomeNow('failed', e.toJSON());
        outcome.startedAt = since;
      }
      inFlight.delete(job.id);
      entry.running = null;
      if (outcome.status === 'skipped') entry.lastAttemptAt = previousAttempt;
      finish(job, entry, trigger, attempt, outcome, flight.stopReason);
      await refreshHistory();
      emitHealth();
      return outcome;
    })();
    inFlight.set(job.id, flight);
    persist();
    logAndEmit('info', { kind: 'run-started', jobId: job.id, trigger });
    emitHealth();
    return flight.done;
  }

  function finish(job: ScheduledJob, entry: JobState, trigger: RunTrigger, attempt: number, outcome: RunOutcome, stopReason: InFlight['stopReason']): void {
    const settings = deps.settings();
    const result = lastResultOf(outcome, trigger);
    if (result) entry.lastResult = result;
    switch (outcome.status) {
      case 'success':
      case 'warning': {
        entry.lastSuccessAt = outcome.finishedAt;
        entry.catchUpNeeded = false;
        clearPending(job.id);
        if (entry.nextDueAt !== null && Date.parse(entry.nextDueAt) <= nowMs()) entry.nextDueAt = slotAfter(job, nowMs());
        notice(onSuccess(job, entry, settings));
        break;
      }
      case 'partial': {
        // A snapshot was published (the job is not overdue), but items are missing: the admin is told
        // now, like a failure; not retried (the published items need no second copy tonight).
        entry.lastSuccessAt = outcome.finishedAt;
        entry.catchUpNeeded = false;
        clearPending(job.id);
        if (entry.nextDueAt !== null && Date.parse(entry.nextDueAt) <= nowMs()) entry.nextDueAt = slotAfter(job, nowMs());
        notice(onFailure(job, entry, outcome.error, settings));
        break;
      }
      case 'failed': {
        const decision = decideRetry(outcome, trigger, attempt, retryDelays);
        if (decision.kind === 'retry' && phase === 'started' && !state.paused) {
          const p = schedulePending(job.id, 'retry', decision.delayMs, decision.attempt);
          emit({ kind: 'retry-scheduled', jobId: job.id, attempt: decision.attempt, runAt: new Date(p.dueAt).toISOString(), errorCode: outcome.error?.code ?? 'unknown' });
        } else {
          // Only a final failure is announced: a network blip healed by a retry is not news.
          notice(onFailure(job, entry, outcome.error, settings));
        }
        break;
      }
      case 'cancelled':
        // Cut short by our shutdown: the backup did not happen, so run it again once after the
        // next start's grace delay. A cancel by someone is respected.
        if (stopReason === 'shutdown') entry.catchUpNeeded = true;
        break;
      case 'interrupted':
        // Killed under us (or by shutdown): same as above unless the user asked for it.
        if (stopReason !== 'user') entry.catchUpNeeded = true;
        break;
      case 'skipped':
        // Another process (e.g. `kura run`) holds the job lock: its run covers this one.
        emit({ kind: 'run-skipped', jobId: job.id, trigger, reason: 'locked-elsewhere' });
        break;
    }
    persist();
    const level = outcome.status === 'failed' ? 'error' : outcome.status === 'warning' || outcome.status === 'partial' ? 'warn' : 'info';
    logAndEmit(level, { kind: 'run-finished', jobId: job.id, trigger, outcome });
    checkOverdue(job);
    emitHealth();
    if (outcome.status === 'interrupted' && stopReason === null) evaluateMissed(job);
  }

  /** A node-cron tick for `slot`. Returns the run so node-cron's overlap guard sees it as busy. */
  function onTick(jobId: string, slot: Date): Promise<unknown> {
    const job = jobs.get(jobId);
    if (!job || phase !== 'started' || state.paused) return Promise.resolve();
    const entry = jobState(jobId);
    if (entry.nextDueAt !== null && slot.getTime() < Date.parse(entry.nextDueAt) - 1000) {
      // A catch-up already covered this slot.
      sayTo(logger, 'debug', msg('log-sched-tick-covered', { job: jobId, slot: slot.toISOString() }));
      return Promise.resolve();
    }
    entry.nextDueAt = slotAfter(job, Math.max(slot.getTime(), nowMs()));
    entry.catchUpNeeded = false;
    clearPending(jobId);
    persist();
    return runGuarded(job, 'schedule', 0);
  }

  // ---- cron tasks and watchdog -------------------------------------------------------------

  function startTasks(): void {
    stopTasks();
    for (const job of jobs.values()) {
      if (!job.schedule) continue;
      try {
        tasks.set(
          job.id,
          startCronTask({
            jobId: job.id,
            cron: job.schedule.cron,
            timeZone: zoneOf(job),
            onTick: (slot) => onTick(job.id, slot),
            onMissed: () => evaluateMissed(jobs.get(job.id) ?? job),
            lateToleranceMs,
            logger,
          }),
        );
        emit({ kind: 'job-scheduled', jobId: job.id, cron: job.schedule.cron, timezone: zoneOf(job), nextRunAt: jobState(job.id).nextDueAt });
      } catch (err) {
        sayTo(logger, 'error', msg('log-sched-cron-failed', { job: job.id, cron: job.schedule.cron, reason: (err as Error).message }));
      }
    }
  }

  /**
   * node-cron's timer for the next slot stalled during sleep and would fire hours late; new tasks
   * compute their first slot from the current wall clock, so the next regular slot runs on time.
   */
  function rearmTasks(): void {
    if (phase === 'started' && !state.paused) startTasks();
  }

  function stopTasks(): void {
    for (const t of tasks.values()) t.stop();
    tasks.clear();
  }

  function armWatchdog(): void {
    watchdog = deps.timers.setTimeout(tick, watchdogMs);
  }

  function tick(): void {
    watchdog = null;
    if (phase !== 'started') return;
    const now = nowMs();
    if (lastTickAt !== null) {
      const drift = now - lastTickAt - watchdogMs;
      if (drift > watchdogMs) {
        logAndEmit('info', { kind: 'clock-jump', direction: 'forward', gapMs: drift });
        rearmTasks();
      } else if (now < lastTickAt - watchdogMs) {
        const gapMs = lastTickAt - now;
        emit({ kind: 'clock-jump', direction: 'backward', gapMs });
        // Slots computed with the old time would lie far ahead and hide real ticks: recompute.
        for (const job of jobs.values()) {
          const entry = state.jobs[job.id];
          if (entry?.nextDueAt && Date.parse(entry.nextDueAt) > now) entry.nextDueAt = slotAfter(job, now);
        }
        persist();
        rearmTasks();
      }
    }
    lastTickAt = now;
    void refreshHistory().then(emitHealth);
    for (const [jobId, p] of [...pending]) if (p.dueAt <= now) firePending(jobId, p);
    for (const job of jobs.values()) {
      evaluateMissed(job);
      checkOverdue(job);
    }
    emitHealth();
    armWatchdog();
  }

  /** Brings per-job state in line with the job list: new schedules start fresh, crashed runs get caught up. */
  function reconcile(atStart: boolean): void {
    const now = nowMs();
    const nowIso = new Date(now).toISOString();
    for (const job of jobs.values()) {
      const entry = jobState(job.id);
      if (atStart && entry.running && !inFlight.has(job.id)) {
        sayTo(logger, 'warn', msg('log-sched-run-unfinished', { job: job.id, trigger: `sched-trigger-${entry.running.trigger}`, since: entry.running.since }));
        entry.running = null;
        if (job.schedule) entry.catchUpNeeded = true;
      }
      if (!job.schedule) {
        Object.assign(entry, { cron: null, timezone: null, scheduledSince: null, nextDueAt: null, catchUpNeeded: false });
        continue;
      }
      const tz = job.schedule.timezone ?? null;
      if (entry.cron !== job.schedule.cron || entry.timezone !== tz || entry.nextDueAt === null) {
        // New or edited schedule: slots start from now; no catch-up for a schedule that did not exist.
        entry.cron = job.schedule.cron;
        entry.timezone = tz;
        entry.scheduledSince = nowIso;
        entry.nextDueAt = slotAfter(job, now);
        entry.notified.overdue = false;
      }
    }
    for (const jobId of [...pending.keys()]) if (!jobs.has(jobId)) clearPending(jobId);
    persist();
  }

  // ---- public API --------------------------------------------------------------------------

  async function start(): Promise<void> {
    if (phase === 'started' || phase === 'stopping') return;
    await ensureLoaded();
    try {
      await deps.recoverInterrupted();
    } catch (err) {
      sayTo(logger, 'warn', msg('log-sched-recover-failed', { reason: (err as Error).message }));
    }
    await refreshJobs();
    await refreshHistory();
    reconcile(true);
    phase = 'started';
    lastTickAt = nowMs();
    emit({ kind: 'started', jobs: jobs.size, paused: state.paused });
    if (!state.paused) startTasks();
    for (const job of jobs.values()) {
      evaluateMissed(job);
      checkOverdue(job);
    }
    armWatchdog();
    emitHealth();
  }

  async function stop(): Promise<void> {
    if (phase !== 'started') {
      await flush();
      return;
    }
    phase = 'stopping';
    if (watchdog !== null) deps.timers.clearTimeout(watchdog);
    watchdog = null;
    stopTasks();
    for (const jobId of [...pending.keys()]) clearPending(jobId);
    const running = [...inFlight.values()];
    for (const f of running) {
      f.stopReason ??= 'shutdown';
      f.controller.abort(new KuraError({ code: 'cancelled~shutdown', params: {}, category: 'cancelled' }));
    }
    await Promise.allSettled(running.map((f) => f.done));
    phase = 'stopped';
    emit({ kind: 'stopped' });
    await flush();
  }

  async function reload(): Promise<void> {
    await ensureLoaded();
    await refreshJobs();
    reconcile(false);
    if (phase !== 'started') return;
    if (!state.paused) startTasks();
    for (const job of jobs.values()) evaluateMissed(job);
    emitHealth();
  }

  function checkMissed(): void {
    if (phase !== 'started') return;
    lastTickAt = nowMs();
    rearmTasks();
    for (const [jobId, p] of [...pending]) if (p.dueAt <= nowMs()) firePending(jobId, p);
    for (const job of jobs.values()) {
      evaluateMissed(job);
      checkOverdue(job);
    }
    emitHealth();
  }

  async function runNow(jobId: string, trigger: AttendedTrigger = 'manual'): Promise<RunOutcome> {
    await ensureLoaded();
    let job = jobs.get(jobId);
    if (!job) {
      await refreshJobs();
      job = jobs.get(jobId);
    }
    if (!job) {
      return outcomeNow('failed', new KuraError({ code: 'job-not-found~status', params: { job: jobId }, category: 'config' }).toJSON());
    }
    return runGuarded(job, trigger, 0);
  }

  function cancel(jobId: string): boolean {
    let cancelled = false;
    if (pending.has(jobId)) {
      clearPending(jobId);
      cancelled = true;
    }
    const f = inFlight.get(jobId);
    if (f) {
      f.stopReason = 'user';
      f.controller.abort(new KuraError({ code: 'cancelled', params: {}, category: 'cancelled' }));
      cancelled = true;
    }
    if (cancelled) emitHealth();
    return cancelled;
  }

  function pause(): void {
    if (state.paused) return;
    state.paused = true;
    stopTasks();
    for (const jobId of [...pending.keys()]) clearPending(jobId);
    persist();
    emit({ kind: 'paused' });
    emitHealth();
  }

  function resume(): void {
    if (!state.paused) return;
    state.paused = false;
    persist();
    emit({ kind: 'resumed' });
    if (phase === 'started') {
      startTasks();
      // Slots missed while paused are caught up once, like after sleep.
      for (const job of jobs.values()) evaluateMissed(job);
    }
    emitHealth();
  }

  function on(event: 'health' | 'event', cb: ((s: HealthSnapshot) => void) | ((e: SchedulerEvent) => void)): () => void {
    switch (event) {
      case 'health': {
        const f = cb as (s: HealthSnapshot) => void;
        healthListeners.add(f);
        return () => healthListeners.delete(f);
      }
      case 'event': {
        const f = cb as (e: SchedulerEvent) => void;
        eventListeners.add(f);
        return () => eventListeners.delete(f);
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
