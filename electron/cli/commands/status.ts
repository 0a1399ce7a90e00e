import { schedulerStateFile, listScheduledJobs } from '../../service/engine-scheduler.js';
import { systemLanguageFromEnv } from '../../service/system-language.js';
import { formatStatusText, statusReport } from '../../engine/scheduler/index.js';
import { readRunHistory } from '../../engine/run-log/run-history.js';
import { EXIT_FAILED, EXIT_OK, line, parseCommandArgs, writeJson, type Command } from '../cli-io.js';

const usage = 'kura status [--json]';

/**
 * The tray's health in a terminal: works whether or not the app or `kura daemon` is running (it
 * reads the scheduler's state file, every job's run history — so `kura run` results count too — and
 * the restore journals). Exits 1 when a job failed or is overdue, or a restore was interrupted and not
 * finished, so a monitoring script can alert on it.
 */
export const statusCommand: Command = {
  summary: 'Show the health of every job and any interrupted restore (exit 1 when one failed, is overdue or a restore is unfinished)',
  usage,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { json: { type: 'boolean' } }, usage);
    const engine = io.engine();
    const settings = (await engine.loadConfig()).settings;
    const language = settings.language === 'auto' ? systemLanguageFromEnv(io.env) : settings.language;
    const report = await statusReport({
      listJobs: () => listScheduledJobs(engine),
      stateFile: schedulerStateFile(engine.home),
      language,
      history: (jobId) => readRunHistory(engine.home, jobId),
      restores: () => engine.unfinishedRestores(language),
    });
    if (values.json) writeJson(io, report);
    else line(io, formatStatusText(report, language));
    return report.overall.health === 'failed' || report.overall.health === 'overdue' ? EXIT_FAILED : EXIT_OK;
  },
};
