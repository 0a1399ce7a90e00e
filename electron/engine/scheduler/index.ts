/** The scheduler's public surface for the shell, the CLI and the tray. */
export { createScheduler, type Scheduler, type SchedulerOptions, type AttendedTrigger } from './scheduler.js';
export { runDaemon, type DaemonInput } from './daemon.js';
export { statusReport, buildStatusReport, formatStatusText, type StatusReport, type JobStatus } from './status-report.js';
export { validateSchedule, type ScheduleValidation, type ScheduleProblem } from './validate-schedule.js';
export { describeSchedule } from './describe-schedule.js';
export { nextRuns } from './next-runs.js';
export { formatSchedulerEvent, type SchedulerEvent } from './scheduler-events.js';
export type { HealthKind, HealthSnapshot, JobHealth } from './health.js';
export type * from './types.js';
export { noticeLevel, noticeLine, noticeText } from './notice-text.js';
