/**
 * Runs the scheduler owes a job: at most one pending catch-up (a slot missed while asleep or off,
 * or a run cut short) or retry (a network failure) per job, each on its own timer; the watchdog
 * fires the ones whose timer stalled during sleep.
 */
import type { EventBus } from './event-bus.js';
import type { HealthWatch } from './health-watch.js';
import { jobState, nowMs, slotAfter, type Pending, type SchedulerCore } from './scheduler-core.js';
import { lastPublishedOf } from './scheduler-state.js';
import type { StateWriter } from './state-writer.js';
import type { RunOutcome, RunTrigger, ScheduledJob } from './types.js';

/** Used when the setting is missing or not a number: long enough for Wi-Fi and disks after resume. */
const DEFAULT_CATCH_UP_DELAY_S = 120;

export interface PendingRuns {
  clearPending(jobId: string): void;
  schedulePending(jobId: string, kind: Pending['kind'], delayMs: number, attempt: number): Pending;
  /** Called by its timer or, when that timer stalled during sleep, by the watchdog. */
  firePending(jobId: string, p: Pending): void;
  /** Schedules a catch-up when a slot was missed or a run was cut short; at most one per job. */
  evaluateMissed(job: ScheduledJob): void;
}

export function createPendingRuns(
  core: SchedulerCore,
  writer: Pick<StateWriter, 'persist'>,
  bus: Pick<EventBus, 'logAndEmit'>,
  health: Pick<HealthWatch, 'emitHealth'>,
  run: (job: ScheduledJob, trigger: RunTrigger, attempt: number) => Promise<RunOutcome>,
): PendingRuns {
  const { deps } = core;
  const persist = writer.persist;

  function clearPending(jobId: string): void {
    const p = core.pending.get(jobId);
    if (!p) return;
    deps.timers.clearTimeout(p.handle);
    core.pending.delete(jobId);
  }

  function schedulePending(jobId: string, kind: Pending['kind'], delayMs: number, attempt: number): Pending {
    clearPending(jobId);
    const p: Pending = { kind, dueAt: nowMs(core) + delayMs, attempt, handle: null };
    p.handle = deps.timers.setTimeout(() => firePending(jobId, p), delayMs);
    core.pending.set(jobId, p);
    return p;
  }

  function firePending(jobId: string, p: Pending): void {
    if (core.pending.get(jobId) !== p) return;
    clearPending(jobId);
    const job = core.jobs.get(jobId);
    if (!job || core.phase !== 'started' || core.state.paused) return;
    switch (p.kind) {
      case 'catch-up': {
        const entry = jobState(core, jobId);
        // Every slot up to now is covered by this one run.
        entry.nextDueAt = slotAfter(job, nowMs(core));
        entry.catchUpNeeded = false;
        persist();
        void run(job, 'catch-up', 0);
        return;
      }
      case 'retry':
        void run(job, 'retry', p.attempt);
        return;
    }
  }

  function evaluateMissed(job: ScheduledJob): void {
    if (core.phase !== 'started' || core.state.paused || !job.schedule) return;
    if (core.inFlight.has(job.id) || core.pending.has(job.id)) return;
    const entry = jobState(core, job.id);
    const now = nowMs(core);
    const due = entry.nextDueAt === null ? null : Date.parse(entry.nextDueAt);
    const missed = due !== null && due + core.lateToleranceMs < now;
    if (!missed && !entry.catchUpNeeded) return;
    const published = lastPublishedOf(entry);
    if (missed && !entry.catchUpNeeded && published !== null && Date.parse(published) >= (due ?? 0)) {
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
    bus.logAndEmit('info', { kind: 'catch-up-scheduled', jobId: job.id, missedSlot, runAt: new Date(p.dueAt).toISOString(), reason });
    health.emitHealth();
  }

  return { clearPending, schedulePending, firePending, evaluateMissed };
}
