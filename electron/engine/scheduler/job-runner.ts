/**
 * One run of a job, whoever asked for it (a cron slot, a catch-up, a retry, "Back up now",
 * `kura run`): never two at once for a job, and what its outcome means afterwards — the job's
 * memory, a retry for a network failure, a notice for a final failure, a catch-up for a run our
 * own shutdown cut short.
 */
import { KuraError, toKuraError } from '../errors.js';
import { msg } from '../../shared/messages/index.js';
import { sayTo } from '../progress.js';
import type { EventBus } from './event-bus.js';
import type { HealthWatch } from './health-watch.js';
import { onFailure, onSuccess } from './notification-policy.js';
import type { PendingRuns } from './pending-runs.js';
import { decideRetry } from './retry-policy.js';
import { jobState, nowDate, nowMs, outcomeNow, slotAfter, type InFlight, type SchedulerCore } from './scheduler-core.js';
import { lastResultOf, type JobState } from './scheduler-state.js';
import type { StateWriter } from './state-writer.js';
import type { RunOutcome, RunTrigger, ScheduledJob } from './types.js';

export interface JobRunner {
  runGuarded(job: ScheduledJob, trigger: RunTrigger, attempt: number): Promise<RunOutcome>;
  /** A node-cron tick for `slot`. Returns the run so node-cron's overlap guard sees it as busy. */
  onTick(jobId: string, slot: Date): Promise<unknown>;
}

export function createJobRunner(
  core: SchedulerCore,
  writer: Pick<StateWriter, 'persist'>,
  bus: Pick<EventBus, 'emit' | 'logAndEmit' | 'notice'>,
  health: Pick<HealthWatch, 'emitHealth' | 'refreshHistory' | 'checkOverdue'>,
  pending: Pick<PendingRuns, 'clearPending' | 'schedulePending' | 'evaluateMissed'>,
): JobRunner {
  const { deps, logger } = core;
  const persist = writer.persist;
  const { emit, logAndEmit, notice } = bus;
  const { emitHealth, checkOverdue } = health;
  const { clearPending, schedulePending } = pending;

  function runGuarded(job: ScheduledJob, trigger: RunTrigger, attempt: number): Promise<RunOutcome> {
    if (core.phase === 'stopping') {
      return Promise.resolve(
        outcomeNow(core, 'skipped', new KuraError({ code: 'shutting-down', params: {}, category: 'resource' }).toJSON()),
      );
    }
    const busy = core.inFlight.get(job.id);
    if (busy) {
      logAndEmit('info', { kind: 'run-skipped', jobId: job.id, trigger, reason: 'already-running' });
      return Promise.resolve(
        outcomeNow(core, 'skipped', new KuraError({ code: 'already-running', params: { job: job.name }, category: 'resource' }).toJSON()),
      );
    }
    const entry = jobState(core, job.id);
    const since = nowDate(core).toISOString();
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
        outcome = outcomeNow(core, 'failed', e.toJSON());
        outcome.startedAt = since;
      }
      core.inFlight.delete(job.id);
      entry.running = null;
      if (outcome.status === 'skipped') entry.lastAttemptAt = previousAttempt;
      finish(job, entry, trigger, attempt, outcome, flight.stopReason);
      await health.refreshHistory();
      emitHealth();
      return outcome;
    })();
    core.inFlight.set(job.id, flight);
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
        entry.lastPublishedAt = outcome.finishedAt;
        entry.catchUpNeeded = false;
        clearPending(job.id);
        if (entry.nextDueAt !== null && Date.parse(entry.nextDueAt) <= nowMs(core)) entry.nextDueAt = slotAfter(job, nowMs(core));
        notice(onSuccess(job, entry, settings));
        break;
      }
      case 'partial': {
        // A snapshot was published (the job is not overdue), but items are missing: the admin is told
        // now, like a failure; not retried (the published items need no second copy tonight). Not a
        // good backup of every item: "last good backup" stays the last run that verified them all.
        entry.lastPublishedAt = outcome.finishedAt;
        entry.catchUpNeeded = false;
        clearPending(job.id);
        if (entry.nextDueAt !== null && Date.parse(entry.nextDueAt) <= nowMs(core)) entry.nextDueAt = slotAfter(job, nowMs(core));
        notice(onFailure(job, entry, outcome.error, settings));
        break;
      }
      case 'failed': {
        const decision = decideRetry(outcome, trigger, attempt, core.retryDelays);
        if (decision.kind === 'retry' && core.phase === 'started' && !core.state.paused) {
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
    if (outcome.status === 'interrupted' && stopReason === null) pending.evaluateMissed(job);
  }

  function onTick(jobId: string, slot: Date): Promise<unknown> {
    const job = core.jobs.get(jobId);
    if (!job || core.phase !== 'started' || core.state.paused) return Promise.resolve();
    const entry = jobState(core, jobId);
    if (entry.nextDueAt !== null && slot.getTime() < Date.parse(entry.nextDueAt) - 1000) {
      // A catch-up already covered this slot.
      sayTo(logger, 'debug', msg('log-sched-tick-covered', { job: jobId, slot: slot.toISOString() }));
      return Promise.resolve();
    }
    entry.nextDueAt = slotAfter(job, Math.max(slot.getTime(), nowMs(core)));
    entry.catchUpNeeded = false;
    clearPending(jobId);
    persist();
    return runGuarded(job, 'schedule', 0);
  }

  return { runGuarded, onTick };
}
