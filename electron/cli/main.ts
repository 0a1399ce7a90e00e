/**
 * `kura` — the command line over the same engine the app uses.
 *   npm run --silent kura -- <verb> …   (from the project folder)   or   kura <verb> …
 */
import { resolve } from 'node:path';
import type { Engine } from '../engine/engine.js';
import { kuraHome } from '../engine/paths.js';
import { KURA_VERSION } from '../engine/version.js';
import { EXIT_FAILED, EXIT_USAGE, type CliIo, type Command } from './cli-io.js';

/**
 * Each command is loaded only when it runs: `kura --version` must not pay for the engine, zod and
 * execa (goal: 0.15 s), and `kura status` only for what status needs. The built CLI (out/cli) keeps
 * each of these imports as its own chunk.
 */
export const commandLoaders: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./commands/run.js')).runCommand,
  snapshots: async () => (await import('./commands/snapshots.js')).snapshotsCommand,
  verify: async () => (await import('./commands/verify.js')).verifyCommand,
  destination: async () => (await import('./commands/destination.js')).destinationCommand,
  restore: async () => (await import('./commands/restore.js')).restoreCommand,
  history: async () => (await import('./commands/history.js')).historyCommand,
  secret: async () => (await import('./commands/secret.js')).secretCommand,
  'server-setup': async () => (await import('./commands/server-setup.js')).serverSetupCommand,
  'ssh-trust': async () => (await import('./commands/ssh-trust.js')).sshTrustCommand,
  doctor: async () => (await import('./commands/doctor.js')).doctorCommand,
  status: async () => (await import('./commands/status.js')).statusCommand,
  daemon: async () => (await import('./commands/daemon.js')).daemonCommand,
  serve: async () => (await import('./commands/serve.js')).serveCommand,
};

export async function helpText(env: NodeJS.ProcessEnv = {}): Promise<string> {
  const names = Object.keys(commandLoaders);
  const [loaded, { languageAtHome, render }] = await Promise.all([Promise.all(names.map(async (name) => [name, await commandLoaders[name]!()] as const)), import('./cli-language.js')]);
  const lang = await languageAtHome(kuraHome(env), env);
  const width = Math.max(...names.map((k) => k.length));
  return [
    render(lang, 'cli-help-title', { version: KURA_VERSION }).message,
    '',
    render(lang, 'cli-help-usage', { usage: 'kura <command> [options]' }).message,
    '',
    render(lang, 'cli-help-commands', {}).message,
    ...loaded.map(([name, c]) => `  ${name.padEnd(width)}  ${render(lang, c.summary, {}).message}`),
    '',
    render(lang, 'cli-help-options', {}).message,
    render(lang, 'cli-help-state-folder', { path: kuraHome({}) }).message,
  ].join('\n');
}

/** electron/cli in the sources, out/cli when built: two folders below the project (or app.asar). */
export const APP_ROOT = resolve(import.meta.dirname, '..', '..');

export async function main(
  argv: string[],
  io: Omit<CliIo, 'engine' | 'appRoot'> & { engine?: () => Engine; appRoot?: string },
): Promise<number> {
  const [verb, ...rest] = argv;
  if (!verb || verb === '--help' || verb === '-h' || verb === 'help') {
    io.stdout.write((await helpText(io.env)) + '\n');
    return verb ? 0 : EXIT_USAGE;
  }
  if (verb === '--version' || verb === '-v') {
    io.stdout.write(KURA_VERSION + '\n');
    return 0;
  }
  const load = Object.hasOwn(commandLoaders, verb) ? commandLoaders[verb] : undefined;
  if (!load) {
    const { languageAtHome, render } = await import('./cli-language.js');
    const unknown = render(await languageAtHome(kuraHome(io.env), io.env), 'cli-unknown-command', { verb }).message;
    io.stderr.write(`${unknown}\n\n${await helpText(io.env)}\n`);
    return EXIT_USAGE;
  }
  const [command, { toKuraError }] = await Promise.all([load(), import('../engine/errors.js')]);
  let engine: Engine | undefined;
  const appRoot = io.appRoot ?? APP_ROOT;
  let makeEngine = io.engine;
  if (!makeEngine) {
    const [{ createEngine }, { createSecretStore }, { bundledToolDirs }] = await Promise.all([
      import('../engine/engine.js'),
      import('../engine/secrets/choose-secret-store.js'),
      import('../engine/tools/bundled-tools.js'),
    ]);
    // Asked once per command: a restore plans, then runs, and both open the bucket.
    let passphrase: Promise<string | null> | undefined;
    const askPassphrase = () =>
      (passphrase ??= io.stdin.isTTY
        ? import('./commands/secret.js').then(({ readSecret }) => readSecret(fullIo, 'Passphrase of the encrypted off-site copies (from the recovery kit): ')).then((p) => p || null)
        : Promise.resolve(null));
    makeEngine = () =>
      (engine ??= createEngine({
        home: kuraHome(io.env),
        secrets: createSecretStore(io.env),
        bundledToolDirs: bundledToolDirs(appRoot, process.platform),
        // Encrypted off-site copies (`--from s3://…`): KURA_PASSPHRASE, else asked for on the terminal.
        remote: { env: io.env, askPassphrase },
      }));
  }
  const fullIo: CliIo = { ...io, appRoot, engine: makeEngine };
  if (rest.includes('--help') || rest.includes('-h')) {
    const { cliLanguage, render } = await import('./cli-language.js');
    const lang = await cliLanguage(fullIo);
    fullIo.stdout.write(`${render(lang, command.summary, {}).message}\n${render(lang, 'cli-help-usage', { usage: command.usage }).message}\n`);
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
    const { cliLanguage, errorSentences, render } = await import('./cli-language.js');
    const lang = await cliLanguage(fullIo);
    const said = errorSentences(e, lang);
    if (json) fullIo.stdout.write(JSON.stringify({ status: 'failed', error: { ...e.toJSON(), ...said } }, null, 2) + '\n');
    fullIo.stderr.write(`${render(lang, 'cli-error', { message: said.message }).message}\n`);
    if (said.hint) fullIo.stderr.write(`${render(lang, 'cli-what-to-do', { hint: said.hint }).message}\n`);
    return e.category === 'config' ? EXIT_USAGE : EXIT_FAILED;
  }
}

/**
 * Every Kura command starts by looking for restores a crash left unfinished (restore-journal.ts) and
 * says so on stderr, loudly: a half-restored database must not go unnoticed behind a nightly
 * `kura run`. Never fails the command itself.
 */
async function warnUnfinishedRestores(io: CliIo): Promise<void> {
  try {
    const engine = io.engine();
    const { cliLanguage, render } = await import('./cli-language.js');
    const lang = await cliLanguage(io);
    const open = (await engine.unfinishedRestores(lang)).filter((r) => r.needsAttention);
    for (const r of open) {
      io.stderr.write(
        `${render(lang, 'cli-restore-unfinished-banner', { id: r.id, sentence: r.sentence }).message}\n` +
          `!!   ${r.canRollBack ? `kura restore --roll-back ${r.id}   ` : ''}${r.canFinish ? `kura restore --finish ${r.id}   ` : ''}kura restore --dismiss ${r.id}\n`,
      );
    }
  } catch {
    /* a broken config or state folder is reported by the command itself */
  }
}

