/**
 * The health the tray, the dashboard and `kura status` show, kept current: computed from the
 * scheduler's memory merged with each job's run history (runs other processes made), announced to
 * listeners only when what a viewer would see changed, and the one "overdue" notice per streak.
 */
import { msg, nestedMessage } from '../../shared/messages/index.js';
import { english } from '../../shared/messages/render.js';
import { sayTo } from '../progress.js';
import { healthSnapshot, isOverdue, jobHealth, type HealthSnapshot, type JobHealth } from './health.js';
import { summariseHistory, withHistory } from './history-health.js';
import { onOverdue } from './notification-policy.js';
import { nowDate, type SchedulerCore } from './scheduler-core.js';
import type { EventBus } from './event-bus.js';
import type { StateWriter } from './state-writer.js';
import type { ScheduledJob } from './types.js';
import { tellListeners } from '../util/tell-listeners.js';

export interface HealthWatch {
  computeHealth(): HealthSnapshot;
  /** Re-reads each job's run history (runs other processes made); failures keep the last summary. */
  refreshHistory(): Promise<void>;
  /** Tells listeners when anything they would show changed (not on every watchdog tick). */
  emitHealth(): void;
  checkOverdue(job: ScheduledJob): void;
  onHealth(cb: (snapshot: HealthSnapshot) => void): () => void;
}

export function createHealthWatch(core: SchedulerCore, writer: Pick<StateWriter, 'persist'>, bus: Pick<EventBus, 'notice'>): HealthWatch {
  const { deps, logger, options } = core;
  const healthListeners = new Set<(s: HealthSnapshot) => void>();
  let lastHealthKey = '';

  function computeHealth(): HealthSnapshot {
    const now = nowDate(core);
    const list: JobHealth[] = [...core.jobs.values()].map((job) => {
      const flight = core.inFlight.get(job.id);
      const p = core.pending.get(job.id);
      const merged = withHistory(core.state.jobs[job.id], core.historySummaries.get(job.id));
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
    return healthSnapshot(list, now, core.state.paused);
  }

  async function refreshHistory(): Promise<void> {
    if (!deps.readHistory) return;
    for (const job of core.jobs.values()) {
      try {
        core.historySummaries.set(job.id, summariseHistory(await deps.readHistory(job.id)));
      } catch (err) {
        sayTo(logger, 'warn', msg('log-sched-history-unreadable', { job: job.id, reason: (err as Error).message }));
      }
    }
  }

  function emitHealth(): void {
    if (healthListeners.size === 0) return;
    const snapshot = computeHealth();
    // What a viewer would see: sentences as said (a "today 00:00" does not change on every tick).
    const key = JSON.stringify({ ...snapshot, at: null, overall: { ...snapshot.overall, sentence: english(snapshot.overall.sentence) }, jobs: snapshot.jobs.map((j) => ({ ...j, sentence: english(j.sentence) })) });
    if (key === lastHealthKey) return;
    lastHealthKey = key;
    tellListeners(healthListeners, snapshot, (err) => sayTo(logger, 'warn', msg('log-sched-listener-failed~health', { reason: (err as Error).message })));
  }

  function checkOverdue(job: ScheduledJob): void {
    const entry = core.state.jobs[job.id];
    // A success made by another process (kura run) counts: merged with the run history.
    if (!entry || entry.notified.overdue || !isOverdue(job, withHistory(entry, core.historySummaries.get(job.id)), nowDate(core))) return;
    const h = jobHealth({ job, state: entry, now: nowDate(core), running: null, pendingAt: null, displayTimeZone: options.displayTimeZone });
    sayTo(logger, 'warn', msg('log-sched-overdue', { job: job.id, status: nestedMessage(h.sentence) }));
    bus.notice(onOverdue(job, entry, h.sentence, deps.settings()));
    writer.persist();
  }

  function onHealth(cb: (snapshot: HealthSnapshot) => void): () => void {
    healthListeners.add(cb);
    return () => healthListeners.delete(cb);
  }

  return { computeHealth, refreshHistory, emitHealth, checkOverdue, onHealth };
}
