import type { Writable } from 'node:stream';
import type { LogLevel } from '../../engine/progress.js';
import { runDaemon } from '../../engine/scheduler/index.js';
import { createEngineScheduler } from '../../service/engine-scheduler.js';
import { systemLanguageFromEnv } from '../../service/system-language.js';
import { EXIT_OK, parseCommandArgs, type Command } from '../cli-io.js';

const usage = 'kura daemon';

/** One timestamped line per message: what a service manager (systemd, NSSM, launchd) keeps. */
export function lineLogger(out: Writable, now: () => Date = () => new Date()) {
  return {
    log(level: LogLevel, message: string) {
      out.write(`${now().toISOString()} ${level.toUpperCase().padEnd(5)} ${message}\n`);
    },
  };
}

/**
 * The scheduler without the desktop app, in the foreground (for systemd, a Windows service
 * wrapper or a terminal). SIGINT/SIGTERM cancel a running backup cleanly and exit; the next start
 * catches the cancelled run up.
 */
export const daemonCommand: Command = {
  summary: 'Run scheduled backups in the foreground without the app (Ctrl+C stops cleanly)',
  usage,
  async run(args, io) {
    parseCommandArgs(args, {}, usage);
    const engine = io.engine();
    const settings = (await engine.loadConfig()).settings;
    const language = settings.language === 'auto' ? systemLanguageFromEnv(io.env) : settings.language;
    const logger = lineLogger(io.stdout);
    const scheduler = createEngineScheduler({
      engine: async () => engine,
      home: engine.home,
      // No desktop to notify: the notice goes to the log, where the service manager keeps it.
      notifier: { notify: (n) => logger.log(n.kind === 'recovery' ? 'info' : 'warn', `notice (${n.jobId}): ${n.title}: ${n.body}`) },
      // Routine lines come from runDaemon (one per scheduler event); only problems are added here.
      logger: { log: (level, message) => (level === 'warn' || level === 'error' ? logger.log(level, message) : undefined) },
      settings: () => ({ catchUpDelaySeconds: settings.catchUpDelaySeconds, language, notifications: settings.notifications }),
    });
    logger.log('info', `Kura daemon, state folder ${engine.home}`);
    // A restore a crash left unfinished goes into the service log too, not only to the terminal.
    for (const r of (await engine.unfinishedRestores(language).catch(() => [])).filter((x) => x.needsAttention)) {
      logger.log('error', `Unfinished restore ${r.id}: ${r.sentence} (kura restore --roll-back ${r.id} / --finish ${r.id})`);
    }
    await runDaemon({ scheduler, logger, signal: io.signal });
    logger.log('info', 'stopped');
    return EXIT_OK;
  },
};
