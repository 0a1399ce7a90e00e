/**
 * `kura` — the command line over the same engine the app uses.
 *   npm run --silent kura -- <verb> …   (from the project folder)   or   kura <verb> …
 */
import { createEngine, type Engine } from '../engine/engine.js';
import { toKuraError } from '../engine/errors.js';
import { kuraHome } from '../engine/paths.js';
import { createKeychainSecretStore } from '../engine/secrets/keychain-secret-store.js';
import { KURA_VERSION } from '../engine/version.js';
import { EXIT_FAILED, EXIT_USAGE, type CliIo, type Command } from './cli-io.js';
import { daemonCommand } from './commands/daemon.js';
import { destinationCommand } from './commands/destination.js';
import { doctorCommand } from './commands/doctor.js';
import { historyCommand } from './commands/history.js';
import { restoreCommand } from './commands/restore.js';
import { runCommand } from './commands/run.js';
import { readSecret, secretCommand } from './commands/secret.js';
import { serverSetupCommand } from './commands/server-setup.js';
import { serveCommand } from './commands/serve.js';
import { snapshotsCommand } from './commands/snapshots.js';
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
  // Asked once per command: a restore plans, then runs, and both open the bucket.
  let passphrase: Promise<string | null> | undefined;
  const fullIo: CliIo = {
    ...io,
    engine:
      io.engine ??
      (() =>
        (engine ??= createEngine({
          home: kuraHome(io.env),
          secrets: createKeychainSecretStore(),
          // Encrypted off-site copies (`--from s3://…`): KURA_PASSPHRASE, else asked for on the terminal.
          remote: {
            env: io.env,
            askPassphrase: () => (passphrase ??= io.stdin.isTTY ? readSecret(fullIo, 'Passphrase of the encrypted off-site copies (from the recovery kit): ').then((p) => p || null) : Promise.resolve(null)),
          },
        }))),
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
  try {
    return await command.run(rest, fullIo);
  } catch (err) {
    const e = toKuraError(err);
    const json = rest.includes('--json');
    if (json) fullIo.stdout.write(JSON.stringify({ status: 'failed', error: e.toJSON() }, null, 2) + '\n');
    fullIo.stderr.write(`Error: ${e.message}\n${e.hint ? `What to do: ${e.hint}\n` : ''}`);
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
