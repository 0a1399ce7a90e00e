/**
 * `kura` — the command line over the same engine the app uses.
 *   npm run --silent kura -- <verb> …   (from the project folder)   or   kura <verb> …
 */
import { createEngine, type Engine } from '../engine/engine.js';
import { toKuraError } from '../engine/errors.js';
import { kuraHome } from '../engine/paths.js';
import { createKeychainSecretStore } from '../engine/secrets/keychain-secret-store.js';
import { KURA_VERSION } from '../engine/version.js';
import { cliLanguage, errorSentences, EXIT_FAILED, EXIT_USAGE, type CliIo, type Command } from './cli-io.js';
import { render } from '../shared/messages/render.js';
import { daemonCommand } from './commands/daemon.js';
import { destinationCommand } from './commands/destination.js';
import { doctorCommand } from './commands/doctor.js';
import { historyCommand } from './commands/history.js';
import { restoreCommand } from './commands/restore.js';
import { runCommand } from './commands/run.js';
import { secretCommand } from './commands/secret.js';
import { serverSetupCommand } from './commands/server-setup.js';
import { serveCommand } from './commands/serve.js';
import { snapshotsCommand } from './commands/snapshots.js';
import { sshTrustCommand } from './commands/ssh-trust.js';
import { statusCommand } from './commands/status.js';
import { verifyCommand } from './commands/verify.js';

export const commands: Record<string, Command> = {
  run: runCommand,
  snapshots: snapshotsCommand,
  verify: verifyCommand,
  destination: destinationCommand,
  restore: restoreCommand,
  history: historyCommand,
  secret: secretCommand,
  'server-setup': serverSetupCommand,
  'ssh-trust': sshTrustCommand,
  doctor: doctorCommand,
  status: statusCommand,
  daemon: daemonCommand,
  serve: serveCommand,
};

export function helpText(): string {
  const width = Math.max(...Object.keys(commands).map((k) => k.length));
  return [
    `Kura ${KURA_VERSION} — backups of a shop's website files, MySQL/MariaDB and Redis.`,
    '',
    'Usage: kura <command> [options]',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Options: --json (machine-readable output), --help (this text, or `kura <command> --help`).',
    `State folder: $KURA_HOME, else ${kuraHome({})}.`,
  ].join('\n');
}

export async function main(argv: string[], io: Omit<CliIo, 'engine'> & { engine?: () => Engine }): Promise<number> {
  let engine: Engine | undefined;
  const fullIo: CliIo = {
    ...io,
    engine: io.engine ?? (() => (engine ??= createEngine({ home: kuraHome(io.env), secrets: createKeychainSecretStore() }))),
  };
  const [verb, ...rest] = argv;
  if (!verb || verb === '--help' || verb === '-h' || verb === 'help') {
    fullIo.stdout.write(helpText() + '\n');
    return verb ? 0 : EXIT_USAGE;
  }
  if (verb === '--version' || verb === '-v') {
    fullIo.stdout.write(KURA_VERSION + '\n');
    return 0;
  }
  const command = commands[verb];
  if (!command) {
    fullIo.stderr.write(`Unknown command "${verb}".\n\n${helpText()}\n`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    fullIo.stdout.write(`${command.summary}\nUsage: ${command.usage}\n`);
    return 0;
  }
  if (verb !== 'status' && !(verb === 'restore' && rest.some((a) => /^--(finish|roll-back|dismiss)(=|$)/.test(a)))) {
    await warnUnfinishedRestores(fullIo);
  }
  try {
    return await command.run(rest, fullIo);
  } catch (err) {
    const e = toKuraError(err);
    const json = rest.includes('--json');
    const lang = await cliLanguage(fullIo);
    const said = errorSentences(e, lang);
    if (json) fullIo.stdout.write(JSON.stringify({ status: 'failed', error: { ...e.toJSON(), ...said } }, null, 2) + '\n');
    fullIo.stderr.write(`${render(lang, 'cli-error', { message: said.message }).message}\n`);
    if (said.hint) fullIo.stderr.write(`${render(lang, 'cli-what-to-do', { hint: said.hint }).message}\n`);
    return e.category === 'config' ? EXIT_USAGE : EXIT_FAILED;
  }
}

/**
 * `kura run shop | head -1`: once the reader is gone, further writes fail with EPIPE. That must not
 * crash Kura with a stack trace — and must not stop a backup half-way either: the run finishes, its
 * remaining output is dropped, and the exit code still says how it went.
 */
function ignoreClosedOutput(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    stream.write = (() => true) as typeof stream.write;
  });
}

/**
 * Every Kura command starts by looking for restores a crash left unfinished (restore-journal.ts) and
 * says so on stderr, loudly: a half-restored database must not go unnoticed behind a nightly
 * `kura run`. Never fails the command itself.
 */
async function warnUnfinishedRestores(io: CliIo): Promise<void> {
  try {
    const engine = io.engine();
    const lang = await cliLanguage(io);
    const open = (await engine.unfinishedRestores(lang)).filter((r) => r.needsAttention);
    for (const r of open) {
      io.stderr.write(
        `!! ${lang === 'ja' ? '未完了の復元' : 'UNFINISHED RESTORE'} (${r.id}): ${r.sentence}\n` +
          `!!   ${r.canRollBack ? `kura restore --roll-back ${r.id}   ` : ''}${r.canFinish ? `kura restore --finish ${r.id}   ` : ''}kura restore --dismiss ${r.id}\n`,
      );
    }
  } catch {
    /* a broken config or state folder is reported by the command itself */
  }
}

const isEntry = process.argv[1] !== undefined && /(?:^|[\\/])(?:kura(?:\.js)?|main\.ts)$/.test(process.argv[1]);
if (isEntry) {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    process.stderr.write(`\n${sig}: stopping…\n`);
    controller.abort(new DOMException(`Interrupted by ${sig}`, 'AbortError'));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  ignoreClosedOutput(process.stdout);
  ignoreClosedOutput(process.stderr);
  const code = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    signal: controller.signal,
  });
  process.exitCode = code;
}
