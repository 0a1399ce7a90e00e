import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { passwordRefsOf } from '../../engine/config/password-refs.js';
import { KuraError } from '../../engine/errors.js';
import { KURA_VERSION } from '../../engine/version.js';
import { systemdUnit, windowsTask } from '../service-unit.js';
import type { LogLevel } from '../../engine/progress.js';
import { noticeLevel, noticeLine, runDaemon } from '../../engine/scheduler/index.js';
import { createEngineScheduler, schedulerStateFile } from '../../service/engine-scheduler.js';
import { createAlertHub } from '../../engine/alerts/alert-hub.js';
import { systemLanguageFromEnv } from '../../service/system-language.js';
import { EXIT_OK, parseCommandArgs, type Command } from '../cli-io.js';
import { msg } from '../../shared/messages/index.js';
import { say } from '../cli-language.js';

const usage = 'kura daemon [--print-unit]';

/** One timestamped line per message: what a service manager (systemd, NSSM, launchd) keeps. */
export function lineLogger(out: Writable, now: () => Date = () => new Date()) {
  return {
    log(level: LogLevel, message: string) {
      out.write(`${now().toISOString()} ${level.toUpperCase().padEnd(5)} ${message}\n`);
    },
  };
}

/** The unit (Linux) or Task Scheduler command (Windows) for this machine and this way of running Kura. */
async function printUnit(home: string, refs: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const electron = process.versions['electron'] !== undefined;
  const script = process.argv[1] ?? 'kura';
  const common = { execPath: process.execPath, script, electron, kuraHome: home, version: KURA_VERSION };
  if (process.platform === 'win32') {
    // The installed app's launcher (bin\kura.cmd beside Kura.exe), when that is what runs.
    const launcher = electron ? join(dirname(process.execPath), 'bin', 'kura.cmd') : null;
    const user = env['USERDOMAIN'] ? `${env['USERDOMAIN']}\\${userInfo().username}` : userInfo().username;
    return windowsTask({ ...common, user, launcher });
  }
  if (process.platform !== 'linux') {
    throw new KuraError({ code: 'usage~print-unit-platform', params: {}, category: 'config' });
  }
  return systemdUnit({ ...common, user: userInfo().username, refs });
}

/**
 * The scheduler without the desktop app, in the foreground (for systemd, a Windows service
 * wrapper or a terminal). SIGINT/SIGTERM cancel a running backup cleanly and exit; the next start
 * catches the cancelled run up.
 */
export const daemonCommand: Command = {
  summary: 'cli-summary-daemon',
  usage,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { 'print-unit': { type: 'boolean' } }, usage);
    const engine = io.engine();
    if (values['print-unit']) {
      io.stdout.write(await printUnit(engine.home, passwordRefsOf(await engine.loadConfig()), io.env));
      return EXIT_OK;
    }
    const settings = (await engine.loadConfig()).settings;
    const language = settings.language === 'auto' ? systemLanguageFromEnv(io.env) : settings.language;
    const logger = lineLogger(io.stdout);
    // Mail, webhooks and the heartbeat, and the standby watcher: a server has no tray to look at.
    const alerts = createAlertHub({
      home: engine.home,
      secrets: engine.secrets,
      loadConfig: () => engine.loadConfig(),
      language: () => language,
      now: () => new Date(),
      logger,
      tools: () => engine.tools(),
      snapshots: (jobId) => engine.snapshots(jobId),
      history: (jobId) => engine.history(jobId),
      unfinishedRestores: (lang) => engine.unfinishedRestores(lang),
      schedulerStateFile: schedulerStateFile(engine.home),
    });
    const scheduler = createEngineScheduler({
      engine: async () => engine,
      home: engine.home,
      // No desktop to notify: the notice goes to the log, where the service manager keeps it.
      notifier: { notify: (n) => logger.log(noticeLevel(n), noticeLine(n, language)) },
      // Routine lines come from runDaemon (one per scheduler event); only problems are added here.
      logger: {
        log: (level, message) => (level === 'warn' || level === 'error' ? logger.log(level, message) : undefined),
        say: (level, m) => (level === 'warn' || level === 'error' ? logger.log(level, say(m, language)) : undefined),
      },
      settings: () => ({ catchUpDelaySeconds: settings.catchUpDelaySeconds, language, notifications: settings.notifications }),
      alerts,
    });
    logger.log('info', say(msg('daemon-started', { path: engine.home }), language));
    // A restore a crash left unfinished goes into the service log too, not only to the terminal.
    for (const r of (await engine.unfinishedRestores(language).catch(() => [])).filter((x) => x.needsAttention)) {
      logger.log('error', say(msg('daemon-unfinished-restore', { id: r.id, sentence: r.sentence, commands: `kura restore --roll-back ${r.id} / --finish ${r.id}` }), language));
    }
    await alerts.start();
    try {
      await runDaemon({ scheduler, logger, signal: io.signal, language });
    } finally {
      await alerts.stop();
    }
    logger.log('info', say(msg('daemon-stopped', {}), language));
    return EXIT_OK;
  },
};
