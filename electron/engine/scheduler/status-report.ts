/**
 * The data behind `kura status [--json]`: the same health model as the tray, built from the state
 * file and the run history, so it works whether or not the app or `kura daemon` is running, and a
 * `kura run` counts like any other run. A run marked running by a
 * process that no longer exists is not shown as running (it crashed; the next start catches up).
 */
import { isProcessAlive } from '../util/process-alive.js';
import { restoresSentence, type UnfinishedRestore } from '../restore/unfinished-restores.js';
import { healthSnapshot, jobHealth, type HealthKind, type JobHealth } from './health.js';
import { nextRuns } from './next-runs.js';
import { summariseHistory, withHistory, type HistorySummary } from './history-health.js';
import type { RunRecord } from '../run-log/run-history.js';
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
  /**
   * Restores with an open journal. Any that was interrupted, ended unresolved or has a damaged
   * journal makes the overall health "failed" with its sentence: a half-restored database is worse
   * news than any backup.
   */
  restores: UnfinishedRestore[];
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
  /** A job's run history: runs the scheduler did not start (kura run, another process) count too. */
  history?: (jobId: string) => Promise<RunRecord[]>;
  /** Restore journals (unfinished-restores.ts); none when not given. */
  restores?: () => Promise<UnfinishedRestore[]>;
}

export async function statusReport(input: StatusReportInput): Promise<StatusReport> {
  const [jobs, loaded, restores] = await Promise.all([input.listJobs(), loadSchedulerState(input.stateFile), input.restores?.() ?? []]);
  const summaries = new Map<string, HistorySummary>();
  if (input.history) for (const job of jobs) summaries.set(job.id, summariseHistory(await input.history(job.id), input.isAlive));
  return buildStatusReport(jobs, loaded.state, input, restores, summaries);
}

export function buildStatusReport(
  jobs: ScheduledJob[],
  state: SchedulerState,
  input: Pick<StatusReportInput, 'now' | 'language' | 'displayTimeZone' | 'upcoming' | 'isAlive'>,
  restores: UnfinishedRestore[] = [],
  summaries: ReadonlyMap<string, HistorySummary> = new Map(),
): StatusReport {
  const now = input.now ?? new Date();
  const alive = input.isAlive ?? isProcessAlive;
  const list: JobStatus[] = jobs.map((job) => {
    const entry = withHistory(state.jobs[job.id], summaries.get(job.id));
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
  const restoreAlarm = restoresSentence(restores, input.language);
  const overall = restoreAlarm === null ? snap.overall : { health: 'failed' as const, sentence: restoreAlarm };
  return { generatedAt: snap.at, paused: snap.paused, overall, jobs: list, restores };
}

/** The human-readable form for `kura status` without `--json`. */
export function formatStatusText(report: StatusReport, lang: Language): string {
  const ja = lang === 'ja';
  const lines = [report.overall.sentence];
  for (const r of report.restores) {
    lines.push('');
    if (!r.needsAttention) {
      lines.push(`${ja ? '復元中' : 'Restore running'} (${r.id}): ${r.sentence}`);
      continue;
    }
    lines.push(`${ja ? '!! 未完了の復元' : '!! UNFINISHED RESTORE'} (${r.id}): ${r.sentence}`);
    if (r.canRollBack) lines.push(`  ${ja ? '安全バックアップに戻す' : 'Roll back to the safety backup'}: kura restore --roll-back ${r.id}   (${r.rollBackNote})`);
    else lines.push(`  ${ja ? '元に戻す' : 'Roll back'}: ${r.rollBackNote}`);
    if (r.canFinish) lines.push(`  ${ja ? '復元を完了する' : 'Finish the restore'}: kura restore --finish ${r.id}`);
    lines.push(`  ${ja ? '何もせずに破棄する' : 'Dismiss (leave it as it is)'}: kura restore --dismiss ${r.id}`);
  }
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
