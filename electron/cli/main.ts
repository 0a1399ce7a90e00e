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
  const code = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    signal: controller.signal,
  });
  process.exitCode = code;
}
