/**
 * The data behind `kura status [--json]`: the same health model as the tray, built from the state
 * file, so it works whether or not the app or `kura daemon` is running. A run marked running by a
 * process that no longer exists is not shown as running (it crashed; the next start catches up).
 */
import { isProcessAlive } from '../util/process-alive.js';
import { healthSnapshot, jobHealth, type HealthKind, type JobHealth } from './health.js';
import { nextRuns } from './next-runs.js';
import { loadSchedulerState, type SchedulerState } from './scheduler-state.js';
import type { Language, ScheduledJob } from './types.js';

export interface JobStatus extends JobHealth {
  /** The next few schedule slots (ISO), for "next runs" columns. */
  upcoming: string[];
}

export interface StatusReport {
  generatedAt: string;
  paused: boolean;
  overall: { health: HealthKind; sentence: string };
  jobs: JobStatus[];
}

export interface StatusReportInput {
  listJobs(): Promise<ScheduledJob[]>;
  stateFile: string;
  now?: Date;
  language: Language;
  displayTimeZone?: string;
  /** How many upcoming runs per job. Default 3. */
  upcoming?: number;
  /** Whether a pid is alive; injectable for tests. */
  isAlive?: (pid: number) => boolean;
}

export async function statusReport(input: StatusReportInput): Promise<StatusReport> {
  const [jobs, loaded] = await Promise.all([input.listJobs(), loadSchedulerState(input.stateFile)]);
  return buildStatusReport(jobs, loaded.state, input);
}

export function buildStatusReport(
  jobs: ScheduledJob[],
  state: SchedulerState,
  input: Pick<StatusReportInput, 'now' | 'language' | 'displayTimeZone' | 'upcoming' | 'isAlive'>,
): StatusReport {
  const now = input.now ?? new Date();
  const alive = input.isAlive ?? isProcessAlive;
  const list: JobStatus[] = jobs.map((job) => {
    const entry = state.jobs[job.id];
    const mark = entry?.running && alive(entry.running.pid) ? { trigger: entry.running.trigger, since: entry.running.since } : null;
    const h = jobHealth({ job, state: entry, now, running: mark, pendingAt: null, lang: input.language, displayTimeZone: input.displayTimeZone });
    let upcoming: string[] = [];
    if (job.schedule) {
      try {
        upcoming = nextRuns(job.schedule.cron, job.schedule.timezone, now, input.upcoming ?? 3).map((d) => d.toISOString());
      } catch {
        upcoming = [];
      }
    }
    return { ...h, upcoming };
  });
  const snap = healthSnapshot(list, now, state.paused, input.language);
  return { generatedAt: snap.at, paused: snap.paused, overall: snap.overall, jobs: list };
}

/** The human-readable form for `kura status` without `--json`. */
export function formatStatusText(report: StatusReport, lang: Language): string {
  const ja = lang === 'ja';
  const lines = [report.overall.sentence];
  for (const j of report.jobs) {
    lines.push('');
    lines.push(`${j.name} (${j.jobId}): ${j.health}`);
    lines.push(`  ${j.sentence}`);
    if (j.schedule) lines.push(`  ${ja ? 'スケジュール' : 'Schedule'}: ${j.schedule.description}${j.schedule.timezone ? ` (${j.schedule.timezone})` : ''}`);
    else lines.push(`  ${ja ? 'スケジュール: なし（手動のみ）' : 'Schedule: none (manual only)'}`);
    if (j.upcoming.length > 0) lines.push(`  ${ja ? '次回' : 'Next runs'}: ${j.upcoming.join(', ')}`);
    if (j.lastResult?.error) lines.push(`  ${ja ? '前回のエラー' : 'Last error'}: ${j.lastResult.error.message}${j.lastResult.error.hint ? ` — ${j.lastResult.error.hint}` : ''}`);
  }
  return lines.join('\n');
}
