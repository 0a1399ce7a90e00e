/**
 * Brings the scheduler's per-job memory in line with the job list (at start and after a config
 * change): a new or edited schedule starts fresh from now (no catch-up for a slot that did not
 * exist), a run a dead process left marked as running is caught up, a removed job's pending run
 * goes.
 */
import { msg } from '../../shared/messages/index.js';
import { sayTo } from '../progress.js';
import type { PendingRuns } from './pending-runs.js';
import { jobState, nowMs, slotAfter, type SchedulerCore } from './scheduler-core.js';
import type { StateWriter } from './state-writer.js';

export function reconcileJobs(core: SchedulerCore, atStart: boolean, writer: Pick<StateWriter, 'persist'>, pending: Pick<PendingRuns, 'clearPending'>): void {
  const now = nowMs(core);
  const nowIso = new Date(now).toISOString();
  for (const job of core.jobs.values()) {
    const entry = jobState(core, job.id);
    if (atStart && entry.running && !core.inFlight.has(job.id)) {
      sayTo(core.logger, 'warn', msg('log-sched-run-unfinished', { job: job.id, trigger: `sched-trigger-${entry.running.trigger}`, since: entry.running.since }));
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
  for (const jobId of [...core.pending.keys()]) if (!core.jobs.has(jobId)) pending.clearPending(jobId);
  writer.persist();
}
