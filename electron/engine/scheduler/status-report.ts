/**
 * The data behind `kura status [--json]`: the same health model as the tray, built from the state
 * file and the run history, so it works whether or not the app or `kura daemon` is running, and a
 * `kura run` counts like any other run. A run marked running by a
 * process that no longer exists is not shown as running (it crashed; the next start catches up).
 */
import { isProcessAlive } from '../util/process-alive.js';
import { messageWithHint } from '../errors.js';
import { restoresSentence, type UnfinishedRestore } from '../restore/unfinished-restores.js';
import { healthSnapshot, jobHealth, type HealthKind, type JobHealth } from './health.js';
import { nextRuns } from './next-runs.js';
import { summariseHistory, withHistory, type HistorySummary } from './history-health.js';
import type { RunRecord } from '../run-log/run-history.js';
import { loadSchedulerState, type SchedulerState } from './scheduler-state.js';
import type { Language, ScheduledJob } from './types.js';
import { msg, nestedMessage, verbatim, whenParam, type MessageData } from '../../shared/messages/index.js';
import { renderLoose } from '../../shared/messages/render.js';
import { formatDateTimeLabelled } from '../../shared/messages/format.js';
import { jobTimeZone, machineZones } from '../../shared/job-zone.js';
import { systemTimeZone } from '../../shared/zoned-time.js';

export interface JobStatus extends JobHealth {
  /** The next few schedule slots (ISO), for "next runs" columns. */
  upcoming: string[];
}

export interface StatusReport {
  generatedAt: string;
  paused: boolean;
  overall: { health: HealthKind; sentence: MessageData };
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
    const h = jobHealth({ job, state: entry, now, running: mark, pendingAt: null, displayTimeZone: input.displayTimeZone });
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
  const snap = healthSnapshot(list, now, state.paused);
  const restoreAlarm = restoresSentence(restores, input.language);
  const overall = restoreAlarm === null ? snap.overall : { health: 'failed' as const, sentence: asMessage(restoreAlarm) };
  return { generatedAt: snap.at, paused: snap.paused, overall, jobs: list, restores };
}

/** A restore's sentence as the restore side gives it: data, or (until it is data) its words verbatim. */
function asMessage(sentence: string | MessageData): MessageData {
  return typeof sentence === 'string' ? verbatim(sentence) : sentence;
}

/** The human-readable form for `kura status` without `--json`: every line from the catalogue, in `lang`. */
export function formatStatusText(report: StatusReport, lang: Language, machineZone: string = systemTimeZone()): string {
  // Each job's times in the job's zone (its sentences name it), labelled when not the machine's: as in the tray and the app.
  const say = (m: MessageData) => renderLoose(lang, m.code, m.params, machineZones(machineZone)).message;
  const lines = [say(report.overall.sentence)];
  for (const r of report.restores) {
    lines.push('');
    if (!r.needsAttention) {
      lines.push(say(msg('status-restore-running', { id: r.id, sentence: r.sentence })));
      continue;
    }
    lines.push(say(msg('cli-restore-unfinished-banner', { id: r.id, sentence: r.sentence })));
    const note = r.rollBackNote;
    if (r.canRollBack) lines.push(`  ${say(msg('status-restore-roll-back', { command: `kura restore --roll-back ${r.id}`, note }))}`);
    else lines.push(`  ${say(msg('status-restore-roll-back-manual', { note }))}`);
    if (r.canFinish) lines.push(`  ${say(msg('status-restore-finish', { command: `kura restore --finish ${r.id}` }))}`);
    lines.push(`  ${say(msg('status-restore-dismiss', { command: `kura restore --dismiss ${r.id}` }))}`);
  }
  for (const j of report.jobs) {
    lines.push('');
    lines.push(say(msg('status-job', { name: j.name, id: j.jobId, health: j.health })));
    lines.push(`  ${say(j.sentence)}`);
    if (j.schedule) {
      const schedule = nestedMessage(j.schedule.description);
      lines.push(`  ${say(j.schedule.timezone ? msg('status-schedule-zone', { schedule, zone: j.schedule.timezone }) : msg('status-schedule', { schedule }))}`);
    } else lines.push(`  ${say(msg('status-schedule-none', {}))}`);
    const zone = jobTimeZone(j.schedule?.timezone, machineZone);
    // After a partial or failed night, when every item was last backed up and verified (a partial night is not that).
    if (j.lastResult && j.lastResult.status !== 'success' && j.lastResult.status !== 'warning') {
      lines.push(`  ${say(j.lastSuccessAt ? msg('status-last-good', { at: whenParam(j.lastSuccessAt, report.generatedAt, zone) }) : msg('status-last-good-never', {}))}`);
    }
    if (j.upcoming.length > 0) {
      const runs = j.upcoming.map((iso) => formatDateTimeLabelled(iso, lang, zone, machineZone)).join(lang === 'ja' ? '、' : ', ');
      lines.push(`  ${say(msg('status-next-runs', { runs }))}`);
    }
    if (j.lastResult?.error) lines.push(`  ${say(msg('status-last-error', { error: nestedMessage(messageWithHint(j.lastResult.error)) }))}`);
  }
  return lines.join('\n');
}
