/**
 * The two clocks that drive the scheduler. node-cron tasks (one per scheduled job) fire slots on
 * time while the process is awake; a short wall-clock watchdog covers what node-cron cannot: long
 * timers stall while a laptop sleeps, so on each tick it notices a clock jump, re-arms the tasks,
 * fires pending runs whose timers stalled, and looks for missed slots and overdue jobs.
 */
import { msg } from '../../shared/messages/index.js';
import { sayTo } from '../progress.js';
import { startCronTask, type CronTaskHandle } from './cron-task.js';
import type { EventBus } from './event-bus.js';
import type { HealthWatch } from './health-watch.js';
import type { JobRunner } from './job-runner.js';
import type { PendingRuns } from './pending-runs.js';
import { jobState, nowMs, slotAfter, zoneOf, type SchedulerCore } from './scheduler-core.js';
import type { StateWriter } from './state-writer.js';

export interface CronWatchdog {
  startTasks(): void;
  /**
   * node-cron's timer for the next slot stalled during sleep and would fire hours late; new tasks
   * compute their first slot from the current wall clock, so the next regular slot runs on time.
   */
  rearmTasks(): void;
  stopTasks(): void;
  armWatchdog(): void;
  disarmWatchdog(): void;
  /** The wall clock is as expected now (start, resume from sleep): no jump to report. */
  resetClock(): void;
}

export function createCronWatchdog(
  core: SchedulerCore,
  writer: Pick<StateWriter, 'persist'>,
  bus: Pick<EventBus, 'emit' | 'logAndEmit'>,
  health: Pick<HealthWatch, 'emitHealth' | 'refreshHistory' | 'checkOverdue'>,
  pending: Pick<PendingRuns, 'firePending' | 'evaluateMissed'>,
  runner: Pick<JobRunner, 'onTick'>,
): CronWatchdog {
  const { deps, logger, watchdogMs, lateToleranceMs } = core;
  const tasks = new Map<string, CronTaskHandle>();
  let watchdog: unknown = null;
  let lastTickAt: number | null = null;

  function startTasks(): void {
    stopTasks();
    for (const job of core.jobs.values()) {
      if (!job.schedule) continue;
      try {
        tasks.set(
          job.id,
          startCronTask({
            jobId: job.id,
            cron: job.schedule.cron,
            timeZone: zoneOf(job),
            onTick: (slot) => runner.onTick(job.id, slot),
            onMissed: () => pending.evaluateMissed(core.jobs.get(job.id) ?? job),
            lateToleranceMs,
            logger,
          }),
        );
        bus.emit({ kind: 'job-scheduled', jobId: job.id, cron: job.schedule.cron, timezone: zoneOf(job), nextRunAt: jobState(core, job.id).nextDueAt });
      } catch (err) {
        sayTo(logger, 'error', msg('log-sched-cron-failed', { job: job.id, cron: job.schedule.cron, reason: (err as Error).message }));
      }
    }
  }

  function rearmTasks(): void {
    if (core.phase === 'started' && !core.state.paused) startTasks();
  }

  function stopTasks(): void {
    for (const t of tasks.values()) t.stop();
    tasks.clear();
  }

  function armWatchdog(): void {
    watchdog = deps.timers.setTimeout(tick, watchdogMs);
  }

  function disarmWatchdog(): void {
    if (watchdog !== null) deps.timers.clearTimeout(watchdog);
    watchdog = null;
  }

  function resetClock(): void {
    lastTickAt = nowMs(core);
  }

  function tick(): void {
    watchdog = null;
    if (core.phase !== 'started') return;
    const now = nowMs(core);
    if (lastTickAt !== null) {
      const drift = now - lastTickAt - watchdogMs;
      if (drift > watchdogMs) {
        bus.logAndEmit('info', { kind: 'clock-jump', direction: 'forward', gapMs: drift });
        rearmTasks();
      } else if (now < lastTickAt - watchdogMs) {
        const gapMs = lastTickAt - now;
        bus.emit({ kind: 'clock-jump', direction: 'backward', gapMs });
        // Slots computed with the old time would lie far ahead and hide real ticks: recompute.
        for (const job of core.jobs.values()) {
          const entry = core.state.jobs[job.id];
          if (entry?.nextDueAt && Date.parse(entry.nextDueAt) > now) entry.nextDueAt = slotAfter(job, now);
        }
        writer.persist();
        rearmTasks();
      }
    }
    lastTickAt = now;
    void health.refreshHistory().then(health.emitHealth);
    for (const [jobId, p] of [...core.pending]) if (p.dueAt <= now) pending.firePending(jobId, p);
    for (const job of core.jobs.values()) {
      pending.evaluateMissed(job);
      health.checkOverdue(job);
    }
    health.emitHealth();
    armWatchdog();
  }

  return { startTasks, rearmTasks, stopTasks, armWatchdog, disarmWatchdog, resetClock };
}
