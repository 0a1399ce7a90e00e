import { schedulerStateFile, listScheduledJobs } from '../../service/engine-scheduler.js';
import { systemLanguageFromEnv } from '../../service/system-language.js';
import { formatStatusText, statusReport } from '../../engine/scheduler/index.js';
import { readRunHistory } from '../../engine/run-log/run-history.js';
import type { Lang } from '../../shared/messages/define.js';
import { EXIT_FAILED, EXIT_OK, line, parseCommandArgs, writeJson, type Command } from '../cli-io.js';
import { errorJson, messageJson } from '../cli-language.js';
import type { StatusReport } from '../../engine/scheduler/index.js';
import { standbyRefs } from '../../engine/standby/standby-refs.js';
import type { StandbyStatus } from '../../engine/standby/standby-memory.js';

const usage = 'kura status [--json]';

/**
 * The tray's health in a terminal: works whether or not the app or `kura daemon` is running (it
 * reads the scheduler's state file, every job's run history — so `kura run` results count too — and
 * the restore journals), and reads every standby (replica) itself. Exits 1 when a job failed or is
 * overdue, a restore was interrupted and not finished, or a standby is broken or cannot be reached,
 * so a monitoring script can alert on it.
 */
export const statusCommand: Command = {
  summary: 'cli-summary-status',
  usage,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { json: { type: 'boolean' } }, usage);
    const engine = io.engine();
    const config = await engine.loadConfig();
    const settings = config.settings;
    const language = settings.language === 'auto' ? systemLanguageFromEnv(io.env) : settings.language;
    const [report, standbys] = await Promise.all([
      statusReport({
        listJobs: () => listScheduledJobs(engine),
        stateFile: schedulerStateFile(engine.home),
        language,
        history: (jobId) => readRunHistory(engine.home, jobId),
        restores: () => engine.unfinishedRestores(language),
      }),
      readStandbys(engine, config, io.signal),
    ]);
    if (values.json) writeJson(io, { ...statusJson(report, language), standbys: await standbysJson(standbys, language) });
    else {
      line(io, formatStatusText(report, language));
      if (standbys.length > 0) line(io, await standbysText(standbys, language));
    }
    const standbyBad = standbys.some((s) => s.state === 'broken' || s.state === 'unreachable');
    return report.overall.health === 'failed' || report.overall.health === 'overdue' || standbyBad ? EXIT_FAILED : EXIT_OK;
  },
};

type Engine = ReturnType<Parameters<Command['run']>[1]['engine']>;

/** Every standby, read now (their code is loaded only when there are some). */
async function readStandbys(engine: Engine, config: Awaited<ReturnType<Engine['loadConfig']>>, signal: AbortSignal): Promise<StandbyStatus[]> {
  if (standbyRefs(config).length === 0) return [];
  const [{ checkStandbys }, { readStandbyMemory, withSince }] = await Promise.all([import('../../engine/standby/check-standbys.js'), import('../../engine/standby/standby-memory.js')]);
  const checks = await checkStandbys({ home: engine.home, secrets: engine.secrets, tools: () => engine.tools(), now: () => new Date(), signal, timeoutMs: 8000 }, config);
  return withSince(checks, await readStandbyMemory(engine.home));
}

async function standbysJson(list: readonly StandbyStatus[], lang: Lang) {
  const { renderLoose } = await import('../../shared/messages/render.js');
  return list.map((s) => {
    const reason = s.reason ? renderLoose(lang, s.reason.code, s.reason.params) : null;
    return {
      jobId: s.jobId,
      sourceId: s.sourceId,
      type: s.type,
      standby: s.standby,
      state: s.state,
      secondsBehind: s.secondsBehind,
      maxLagSeconds: s.maxLagSeconds,
      error: s.replicaError ?? reason?.message ?? null,
      reason: s.reason ? { code: s.reason.code, params: s.reason.params, message: reason?.message ?? '', hint: reason?.hint ?? null } : null,
      since: s.since,
      checkedAt: s.checkedAt,
      position: s.position,
    };
  });
}

async function standbysText(list: readonly StandbyStatus[], lang: Lang): Promise<string> {
  const [{ render, renderLoose }, { standbyStateText }] = await Promise.all([import('../../shared/messages/render.js'), import('../../engine/alerts/alert-text.js')]);
  const lines: string[] = [];
  for (const s of list) {
    lines.push('');
    lines.push(`${s.state === 'broken' || s.state === 'unreachable' ? '!! ' : ''}${render(lang, 'standby-line', { standby: s.standby, source: `${s.jobName} / ${s.sourceId}`, state: standbyStateText(lang, s) }).message}`);
    if (s.reason) {
      const r = renderLoose(lang, s.reason.code, s.reason.params);
      lines.push(`  ${r.message}`);
      if (r.hint) lines.push(`  ${render(lang, 'alert-what-to-do', { hint: r.hint }).message}`);
    }
  }
  return lines.join('\n');
}

/** The report with every sentence carried as code, facts and its text in the CLI's language. */
function statusJson(report: StatusReport, lang: Lang) {
  return {
    ...report,
    overall: { ...report.overall, sentence: messageJson(report.overall.sentence, lang) },
    jobs: report.jobs.map((j) => ({
      ...j,
      sentence: messageJson(j.sentence, lang),
      schedule: j.schedule ? { ...j.schedule, description: messageJson(j.schedule.description, lang) } : null,
      lastResult: j.lastResult ? { ...j.lastResult, error: j.lastResult.error ? errorJson(j.lastResult.error, lang) : null } : null,
    })),
  };
}
