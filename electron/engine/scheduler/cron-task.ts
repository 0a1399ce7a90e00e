/**
 * One node-cron task per scheduled job, in the job's time zone. node-cron fires the slot on time
 * and reports slots it found already past (`execution:missed`: the event loop or the machine was
 * asleep); `noOverlap` makes it skip a tick while the previous run is still going. The scheduler
 * adds its own guard on top, because "Back up now", catch-ups and retries do not go through
 * node-cron.
 */
import { createTask, type Logger as CronLogger } from 'node-cron';
import type { SchedulerDeps } from './types.js';

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
  const logger: CronLogger = {
    info: (m) => spec.logger.log('debug', `node-cron ${spec.jobId}: ${m}`),
    warn: (m) => spec.logger.log('debug', `node-cron ${spec.jobId}: ${m}`),
    error: (m, err) => spec.logger.log('error', `node-cron ${spec.jobId}: ${m instanceof Error ? m.message : m}${err ? `: ${err.message}` : ''}`),
    debug: (m) => spec.logger.log('debug', `node-cron ${spec.jobId}: ${m instanceof Error ? m.message : m}`),
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
  task.on('execution:overlap', (ctx) => spec.logger.log('info', `job ${spec.jobId}: tick at ${ctx.date.toISOString()} skipped: the previous run is still going`));
  void task.start();
  return {
    stop: () => {
      void task.destroy();
    },
  };
}
