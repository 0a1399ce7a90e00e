/**
 * The health of each job and of Kura as a whole — one model for the tray icon, its tooltip, the
 * dashboard and `kura status`, so they never disagree.
 *
 * A job is `overdue` when it has gone too long without a success: twice its schedule's longest
 * gap, or 26 h for a daily job (a day plus slack for a slow run or a DST day). That catches the
 * silent failures a "last run failed" badge cannot: the machine that was off all week, the
 * schedule that never fires.
 */
import { nextRuns } from './next-runs.js';
import { describeSchedule } from './describe-schedule.js';
import { healthSentence, overallSentence } from './health-text.js';
import { lastPublishedOf, type JobState, type LastResult } from './scheduler-state.js';
import type { HealthKind, RunTrigger, ScheduledJob } from './types.js';
import type { MessageData } from '../../shared/messages/index.js';
import { jobTimeZone } from '../../shared/job-zone.js';

export type { HealthKind } from './types.js';

export interface JobHealth {
  jobId: string;
  name: string;
  health: HealthKind;
  /** Said in the viewer's language (catalogue health-*). */
  sentence: MessageData;
  schedule: { cron: string; timezone: string | null; description: MessageData } | null;
  running: { trigger: RunTrigger; since: string } | null;
  lastAttemptAt: string | null;
  /** The last good backup: the last run that backed up and verified every item (a partial night is not one). */
  lastSuccessAt: string | null;
  /** The last run that published a snapshot, a partial one included: since when the job counts as overdue. */
  lastPublishedAt: string | null;
  lastResult: LastResult | null;
  /** The next automatic run: a pending catch-up or retry, else the next schedule slot. */
  nextRunAt: string | null;
  /** How long without a success makes this job overdue; null without a schedule. */
  overdueAfterMs: number | null;
}

export interface HealthSnapshot {
  at: string;
  paused: boolean;
  overall: { health: HealthKind; sentence: MessageData };
  jobs: JobHealth[];
}

const HOUR = 3_600_000;

/** Worst first, for the tray: a failure outranks a job that merely never ran. */
const SEVERITY: Record<HealthKind, number> = { ok: 0, never: 1, running: 2, warning: 3, partial: 4, overdue: 5, failed: 6 };

export function worstHealth(kinds: HealthKind[]): HealthKind | null {
  let worst: HealthKind | null = null;
  for (const k of kinds) if (worst === null || SEVERITY[k] > SEVERITY[worst]) worst = k;
  return worst;
}

export function overdueThresholdMs(cron: string, timezone: string | undefined, now: Date): number | null {
  let runs: Date[];
  try {
    runs = nextRuns(cron, timezone, now, 9);
  } catch {
    return null;
  }
  if (runs.length < 2) return null;
  let maxGap = 0;
  for (let i = 1; i < runs.length; i++) maxGap = Math.max(maxGap, (runs[i]?.getTime() ?? 0) - (runs[i - 1]?.getTime() ?? 0));
  if (maxGap >= 23 * HOUR && maxGap <= 25 * HOUR) return 26 * HOUR;
  return 2 * maxGap;
}

/** True when the job has a schedule and has gone longer than its threshold without a success. */
export function isOverdue(job: ScheduledJob, state: JobState | undefined, now: Date): boolean {
  if (!job.schedule) return false;
  const reference = lastPublishedOf(state) ?? state?.scheduledSince ?? null;
  if (reference === null) return false;
  const threshold = overdueThresholdMs(job.schedule.cron, job.schedule.timezone, now);
  return threshold !== null && now.getTime() - Date.parse(reference) > threshold;
}

export interface JobHealthInput {
  job: ScheduledJob;
  state: JobState | undefined;
  now: Date;
  running: { trigger: RunTrigger; since: string } | null;
  pendingAt: string | null;
  /**
   * The machine's zone (default: this process's): what a job without a zone of its own runs by.
   * "Today 00:00" in a sentence is said in the job's zone (shared/job-zone.ts), on every surface.
   */
  displayTimeZone?: string;
}

export function jobHealth(input: JobHealthInput): JobHealth {
  const { job, state, now } = input;
  const schedule = job.schedule ? { cron: job.schedule.cron, timezone: job.schedule.timezone ?? null, description: describeSchedule(job.schedule.cron) } : null;
  const threshold = job.schedule ? overdueThresholdMs(job.schedule.cron, job.schedule.timezone, now) : null;
  const lastSuccessAt = state?.lastSuccessAt ?? null;
  // Overdue counts from the last published snapshot: a partial night is said as partial (its own
  // colour and sentence), not as "no backup", while the last good backup stays lastSuccessAt.
  const lastPublishedAt = lastPublishedOf(state);
  const reference = lastPublishedAt ?? state?.scheduledSince ?? null;
  const overdue = threshold !== null && reference !== null && now.getTime() - Date.parse(reference) > threshold;

  let health: HealthKind;
  if (input.running) health = 'running';
  else if (overdue) health = 'overdue';
  else if (!state?.lastResult) health = 'never';
  else health = state.lastResult.status === 'success' ? 'ok' : state.lastResult.status;

  let nextRunAt = input.pendingAt ?? state?.nextDueAt ?? null;
  if (!input.pendingAt && job.schedule && (nextRunAt === null || Date.parse(nextRunAt) <= now.getTime())) {
    // A slot in the past is being caught up; show the regular next slot meanwhile.
    try {
      nextRunAt = nextRuns(job.schedule.cron, job.schedule.timezone, now, 1)[0]?.toISOString() ?? null;
    } catch {
      nextRunAt = null;
    }
  }

  return {
    jobId: job.id,
    name: job.name,
    health,
    sentence: healthSentence({
      health,
      lastResult: state?.lastResult ?? null,
      lastSuccessAt: lastPublishedAt,
      reference,
      now,
      displayTimeZone: jobTimeZone(job.schedule?.timezone, input.displayTimeZone),
    }),
    schedule,
    running: input.running,
    lastAttemptAt: state?.lastAttemptAt ?? null,
    lastSuccessAt,
    lastPublishedAt,
    lastResult: state?.lastResult ?? null,
    nextRunAt,
    overdueAfterMs: threshold,
  };
}

export function healthSnapshot(jobs: JobHealth[], now: Date, paused: boolean): HealthSnapshot {
  const health = worstHealth(jobs.map((j) => j.health)) ?? 'never';
  return { at: now.toISOString(), paused, overall: { health, sentence: overallSentence(jobs, health, paused) }, jobs };
}
