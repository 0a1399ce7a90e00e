/**
 * One node-cron task per scheduled job, in the job's time zone. node-cron fires the slot on time
 * and reports slots it found already past (`execution:missed`: the event loop or the machine was
 * asleep); `noOverlap` makes it skip a tick while the previous run is still going. The scheduler
 * adds its own guard on top, because "Back up now", catch-ups and retries do not go through
 * node-cron.
 */
import { createTask, type Logger as CronLogger } from 'node-cron';
import type { SchedulerDeps } from './types.js';
import { sayTo, type LogLevel } from '../progress.js';
import { msg } from '../../shared/messages/index.js';

export interface CronTaskHandle {
  stop(): void;
}

export interface CronTaskSpec {
  jobId: string;
  cron: string;
  timeZone: string;
  /** Resolves when the run ends, so node-cron's overlap guard sees it as busy until then. */
  onTick(slot: Date): Promise<unknown>;
  onMissed(slot: Date): void;
  /**
   * How late a tick may fire and still count as on time. Past it node-cron reports the slot as
   * missed and the scheduler catches up after its grace delay instead.
   */
  lateToleranceMs: number;
  logger: SchedulerDeps['logger'];
}

export function startCronTask(spec: CronTaskSpec): CronTaskHandle {
  // node-cron's own words are a library's diagnostics, passed on verbatim as a parameter.
  const relay = (level: LogLevel, m: string | Error, err?: Error): void =>
    sayTo(spec.logger, level, msg('log-sched-cron-says', { job: spec.jobId, reason: `${m instanceof Error ? m.message : m}${err ? `: ${err.message}` : ''}` }));
  const logger: CronLogger = {
    info: (m) => relay('debug', m),
    warn: (m) => relay('debug', m),
    error: (m, err) => relay('error', m, err),
    debug: (m) => relay('debug', m),
  };
  const task = createTask(spec.cron, (ctx) => spec.onTick(ctx.date), {
    name: `kura-job-${spec.jobId}`,
    timezone: spec.timeZone,
    noOverlap: true,
    missedExecutionTolerance: spec.lateToleranceMs,
    suppressMissedWarning: true,
    logger,
  });
  task.on('execution:missed', (ctx) => spec.onMissed(ctx.date));
  task.on('execution:overlap', (ctx) => sayTo(spec.logger, 'info', msg('log-sched-tick-overlap', { job: spec.jobId, slot: ctx.date.toISOString() })));
  void task.start();
  return {
    stop: () => {
      void task.destroy();
    },
  };
}
