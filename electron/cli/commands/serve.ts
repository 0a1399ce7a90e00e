import { resolve } from 'node:path';
import { startProcess } from '../../engine/process/run-process.js';
import { bundledToolDirs } from '../../engine/tools/bundled-tools.js';
import { createToolResolver } from '../../engine/tools/resolve-tool.js';
import { startServeServer } from '../../server/serve-server.js';
import { createKuraService } from '../../service/kura-service.js';
import { systemLanguageFromEnv } from '../../service/system-language.js';
import { EXIT_OK, line, parseCommandArgs, usageError, type Command } from '../cli-io.js';
import { lineLogger } from './daemon.js';
import { noticeLevel, noticeLine } from '../../engine/scheduler/notice-text.js';
import { msg } from '../../shared/messages/index.js';
import { cliLanguage, say } from '../cli-language.js';

const usage = 'kura serve [--port N] [--host 127.0.0.1] [--open]';


const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

function openerFor(platform: NodeJS.Platform, url: string): { file: string; args: string[] } {
  switch (platform) {
    case 'win32':
      return { file: 'explorer.exe', args: [url] };
    case 'darwin':
      return { file: 'open', args: [url] };
    default:
      return { file: 'xdg-open', args: [url] };
  }
}

/**
 * The Kura interface in a browser, served from this machine: for servers without a desktop (reach
 * it through `ssh -L`) and for admins who prefer a browser tab. Runs the scheduler too, like the
 * app, until Ctrl+C.
 */
export const serveCommand: Command = {
  summary: 'cli-summary-serve',
  usage,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { port: { type: 'string' }, host: { type: 'string' }, open: { type: 'boolean' } }, usage);
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw usageError(msg('cli-port', { value: String(values.port) }), usage);
    const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
    if (!LOOPBACK.has(host)) {
      io.stderr.write(`${say(msg('cli-serve-exposed', { host }), await cliLanguage(io))}\n`);
    }
    const engine = io.engine();
    const logger = lineLogger(io.stderr);
    const service = createKuraService({
      home: engine.home,
      secrets: engine.secrets,
      mode: 'browser',
      systemLanguage: systemLanguageFromEnv(io.env),
      // No desktop to notify: the notice goes to the log, in the admin's language.
      notifier: { notify: (n) => logger.log(noticeLevel(n), noticeLine(n, service.language())) },
      logger: { log: (level, message) => (level === 'debug' ? undefined : logger.log(level, message)) },
      restore: 'engine',
      // The tools shipped with Kura (cwRsync on Windows), as in the app: not only PATH.
      toolResolver: (overrides) => createToolResolver({ overrides, bundledDirs: bundledToolDirs(io.appRoot, process.platform) }),
    });
    await service.start();
    const server = await startServeServer({ service, host, port, rendererDir: resolve(io.appRoot, 'out', 'renderer'), testPage: io.env['KURA_SERVE_TEST'] === '1' });
    try {
      line(io, say(msg('cli-serve-running', { url: server.url }), service.language()));
      line(io, say(msg('cli-serve-link-once', {}), service.language()));
      if (values.open) {
        const opener = openerFor(process.platform, server.url);
        const p = startProcess({ ...opener, secrets: [server.url] }, { stdout: 'ignore' });
        void p.result.then(
          (r) => r.exitCode !== 0 && io.stderr.write(`${say(msg('cli-serve-no-browser', {}), service.language())}\n`),
          () => io.stderr.write(`${say(msg('cli-serve-no-browser', {}), service.language())}\n`),
        );
      }
      if (!io.signal.aborted) await new Promise<void>((r) => io.signal.addEventListener('abort', () => r(), { once: true }));
    } finally {
      await server.close();
      await service.stop();
    }
    return EXIT_OK;
  },
};
