/**
 * `kura restore`: shows the plan (in the CLI's language), asks, restores, and prints what was done
 * and how it was proven — the same door (engine.restore) the app's restore wizard goes through.
 * `--finish`, `--roll-back` and `--dismiss` resolve a restore a crash left unfinished.
 */
import { createInterface } from 'node:readline/promises';
import type { Engine } from '../../engine/engine.js';
import type { RestoreOutcome } from '../../engine/restore/types.js';
import type { Lang } from '../../shared/messages/define.js';
import { msg, type MessageData, nestedMessage } from '../../shared/messages/index.js';
import { restoreRequestSchema, type RestoreRequest } from '../../shared/restore-request.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, line, parseCommandArgs, usageError, writeJson, type CliIo, type Command } from '../cli-io.js';
import { s3Flags, S3_FLAG_OPTIONS, S3_FLAG_USAGE } from './s3-flags.js';
import { cliLanguage } from '../cli-language.js';
import { outcomeJson, printCheck, printError, say } from '../restore-output.js';
import { readSecret } from './secret.js';
import { KuraError } from '../../engine/errors.js';
import { rightsError } from '../../engine/restore/restore-rights.js';
import { newSessionRef } from '../../engine/secrets/session-secret-store.js';
import { renderLoose } from '../../shared/messages/render.js';
import { issueProblem } from '../../shared/messages/field-problems.js';

const usage = [
  'kura restore <jobId> <snapshotId|latest> --source <sourceId> [options] [--yes] [--json]',
  '       kura restore --from <backup folder | rsync://… | s3://bucket/prefix> [--job <jobId>] <snapshotId|latest> --source <sourceId> [options]',
  `  Bucket: ${S3_FLAG_USAGE} (keys from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, passphrase from KURA_PASSPHRASE or asked for)`,
  '  MySQL:  --database <name>  --to-database <name>  --no-safety-backup  --strip-definers',
  '          --table <name>  (only that table, from snapshots that recorded where each table lies)',
  '          --connections <n>  (tables loaded at once; default min(4, cores))',
  '          --to-host <host> --to-port <port> --to-user <user> --to-password-ref <keychain entry>',
  '  Redis:  --flush  --method file  (and --to-host/--to-port/--to-user/--to-password-ref)',
  '  Files:  --to-path <folder>  --path <folder or file inside the backup>  --mirror',
  '  Restore account (the backup account may only read; see "Restore access" in kura server-setup):',
  '          --mysql-user <user>                         a MySQL account that may write the database',
  '          --rsync-user <user> [--rsync-module <m>]    write access to the web server (rsync daemon or SSH)',
  '          its password: KURA_RESTORE_PASSWORD, or --password-stdin (asked for on a terminal); never on the command line',
  '       kura restore --roll-back <restoreId> [--yes] [--json]   an interrupted restore: back to the safety backup',
  '       kura restore --finish <restoreId> [--yes] [--json]      an interrupted restore: run it again to the end',
  '         (one that ran with a restore account: its password again in KURA_RESTORE_PASSWORD or with --password-stdin)',
  '       kura restore --dismiss <restoreId>                      forget it, leaving the target as it is',
  '  (kura status lists interrupted restores and their ids)',
].join('\n');

/** Errors meaning "this request cannot be carried out as given": exit 2, like `kura run`'s usage/config errors. */
const REQUEST_ERRORS = new Set([
  'usage',
  'mysql-restore-table-unknown',
  'mysql-restore-table-no-parts',
  'job-not-found',
  'config-invalid',
  'snapshot-not-found',
  'source-not-found',
  'path-not-in-snapshot',
  'secret-missing',
  's3-key-needed',
  'restore-journal-not-found',
  'restore-no-snapshots',
  'restore-no-snapshots-at',
  'restore-no-latest',
  'restore-several-jobs',
  'restore-which-job',
  'restore-which-database',
  'restore-database-not-in-snapshot',
  'restore-no-target',
  'restore-path-not-absolute',
  'restore-path-inside-backup',
  'restore-path-leaves-snapshot',
  'restore-rights-mysql',
  'restore-rights-files',
  'restore-rights-folder',
  'restore-account-empty-password',
  'restore-account-forgotten',
]);

/** How `kura restore` is given a restore account, for the sentence that refuses without one. */
const ACCOUNT_FLAGS = '--mysql-user <user> | --rsync-user <user> --rsync-module <module> (password: KURA_RESTORE_PASSWORD or --password-stdin)';

export const restoreCommand: Command = {
  summary: 'cli-summary-restore',
  usage,
  async run(args, io) {
    const { values: v, positionals } = parseCommandArgs(
      args,
      {
        source: { type: 'string' },
        from: { type: 'string' },
        job: { type: 'string' },
        database: { type: 'string' },
        'to-database': { type: 'string' },
        'no-safety-backup': { type: 'boolean' },
        'strip-definers': { type: 'boolean' },
        table: { type: 'string' },
        connections: { type: 'string' },
        'to-host': { type: 'string' },
        'to-port': { type: 'string' },
        'to-user': { type: 'string' },
        'to-password-ref': { type: 'string' },
        flush: { type: 'boolean' },
        method: { type: 'string' },
        'to-path': { type: 'string' },
        path: { type: 'string' },
        mirror: { type: 'boolean' },
        'mysql-user': { type: 'string' },
        'rsync-user': { type: 'string' },
        'rsync-module': { type: 'string' },
        'password-stdin': { type: 'boolean' },
        'roll-back': { type: 'string' },
        finish: { type: 'string' },
        dismiss: { type: 'string' },
        yes: { type: 'boolean', short: 'y' },
        json: { type: 'boolean' },
        ...S3_FLAG_OPTIONS,
      },
      usage,
    );
    const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
    const recovery = (['roll-back', 'finish', 'dismiss'] as const).filter((k) => str(k) !== undefined);
    if (recovery.length > 0) {
      const others = Object.keys(v).filter((k) => !['roll-back', 'finish', 'dismiss', 'yes', 'json', 'password-stdin'].includes(k));
      if (recovery.length > 1 || positionals.length > 0 || others.length > 0) {
        throw usageError(msg('cli-recovery-only-id', { option: recovery[0]! }), usage);
      }
      const id = str(recovery[0]!)!;
      // A restore that ran with a restore account: its password again (KURA_RESTORE_PASSWORD or stdin), in memory only.
      const password =
        takeEnvPassword(io) || (v['password-stdin'] ? await readSecret(io, say(await cliLanguage(io), msg('cli-restore-password-prompt-journal', {})) + ' ') : '');
      if (password && recovery[0] !== 'dismiss') await io.engine().holdJournalPasswords(id, password);
      return resolveInterrupted(io, recovery[0]!, id, Boolean(v['yes']), Boolean(v['json']));
    }
    s3Flags(v, io, usage);
    const fromFolder = str('from');
    const [jobId, snapshotId] = fromFolder ? [str('job'), positionals[0]] : [positionals[0], positionals[1]];
    if (!snapshotId || positionals.length !== (fromFolder ? 1 : 2)) {
      throw usageError(fromFolder ? msg('cli-expected-snapshot-after-from', {}) : msg('cli-expected-job-and-snapshot', {}), usage);
    }
    const sourceId = str('source');
    if (!sourceId) throw usageError(msg('cli-restore-which-source', {}), usage);
    const method = str('method');
    if (method !== undefined && method !== 'file' && method !== 'live') throw usageError(msg('cli-redis-method', {}), usage);
    const toPort = str('to-port');
    const port = toPort === undefined ? undefined : Number(toPort);
    if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) throw usageError(msg('cli-to-port', {}), usage);
    const host = str('to-host');
    if ((port !== undefined || str('to-user') || str('to-password-ref')) && !host) throw usageError(msg('cli-to-host-needed', {}), usage);

    if (str('rsync-module') !== undefined && str('rsync-user') === undefined) throw usageError(msg('cli-rsync-module-needs-user', {}), usage);
    if (str('mysql-user') !== undefined && str('rsync-user') !== undefined) throw usageError(msg('cli-restore-user-both', {}), usage);
    if (v['password-stdin'] && str('mysql-user') === undefined && str('rsync-user') === undefined) throw usageError(msg('cli-password-stdin-needs-user', {}), usage);
    const engine = io.engine();
    // The restore account's password: held in memory for this command only (a session.* entry), never argv or disk.
    const accountRef = await restoreAccountPassword(io, engine, str('mysql-user') ?? str('rsync-user'), Boolean(v['password-stdin']), str('mysql-user') !== undefined);
    try {
      return await restore(io, engine, v, {
        jobId,
        fromFolder,
        snapshotId,
        sourceId,
        method,
        port,
        host,
        account: str('mysql-user') !== undefined && accountRef ? { user: str('mysql-user')!, passwordRef: accountRef } : undefined,
        access: str('rsync-user') !== undefined ? { user: str('rsync-user')!, module: str('rsync-module'), passwordRef: accountRef ?? undefined } : undefined,
      });
    } finally {
      if (accountRef) await engine.secrets.delete(accountRef);
    }
  },
};

interface Asked {
  jobId: string | undefined;
  fromFolder: string | undefined;
  snapshotId: string;
  sourceId: string;
  method: string | undefined;
  port: number | undefined;
  host: string | undefined;
  account: { user: string; passwordRef: string } | undefined;
  access: { user: string; module: string | undefined; passwordRef: string | undefined } | undefined;
}

async function restore(io: CliIo, engine: Engine, v: Record<string, unknown>, a: Asked): Promise<number> {
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const { jobId, fromFolder, snapshotId, sourceId, method, port, host } = a;
  const raw = {
    jobId,
    fromFolder,
    snapshotId,
    sourceId,
    mysql: {
      database: str('database'),
      toDatabase: str('to-database'),
      safetyBackup: !v['no-safety-backup'],
      stripDefiners: Boolean(v['strip-definers']),
      table: str('table'),
      // A number that is not one is refused by the schema below, naming the option.
      connections: str('connections') === undefined ? undefined : /^\d+$/.test(str('connections')!) ? Number(str('connections')) : str('connections'),
      target: host ? { host, port: port ?? 3306, user: str('to-user') ?? 'root', passwordRef: str('to-password-ref') } : undefined,
      account: a.account,
    },
    redis: {
      method: (method as 'live' | 'file' | undefined) ?? 'live',
      flush: Boolean(v['flush']),
      target: host ? { host, port: port ?? 6379, username: str('to-user'), passwordRef: str('to-password-ref') } : undefined,
    },
    files: { toPath: str('to-path'), path: str('path'), mirror: Boolean(v['mirror']), access: a.access },
  };
  const parsed = restoreRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw usageError(msg('cli-invalid-option', { field: i.path.join('.'), problem: nestedMessage(issueProblem(i)) }), usage);
  }
  const req: RestoreRequest = parsed.data;
  const json = Boolean(v['json']);
  const lang = await cliLanguage(io);

  if (!v['yes']) {
    const plan = await engine.planRestore(req);
    const out = json ? io.stderr : io.stdout;
    const said = (m: MessageData) => say(lang, m);
    out.write(said(msg('cli-restore-plan', { snapshot: plan.snapshotId, source: plan.sourceId, type: plan.type, bytes: plan.bytes })) + '\n');
    for (const s of plan.steps) out.write(`  • ${said(s)}\n`);
    if (plan.overwrites) out.write(`  ${said(msg('cli-restore-overwrites', { what: said(plan.overwrites) }))}\n`);
    if (plan.safetyBackup) out.write(`  ${said(msg('cli-restore-safety-backup', { reason: said(plan.safetyBackup.reason) }))}\n`);
    if (plan.rights?.ok) out.write(`  ${said(msg('cli-restore-rights-ok', { account: plan.rights.account }))}\n`);
    if (plan.rights && !plan.rights.ok) {
      // Refused before asking: a restore that cannot do every step must not start (nothing was touched).
      io.stderr.write(`${said(msg('cli-restore-rights-missing', { account: plan.rights.account }))}\n`);
      for (const m of plan.rights.missing) io.stderr.write(`  - ${said(m)}\n`);
      if (plan.rights.fix) io.stderr.write(`  ${said(msg('cli-restore-rights-fix', { fix: plan.rights.fix }))}\n`);
      io.stderr.write(`${said(msg('cli-restore-rights-refused', { flags: ACCOUNT_FLAGS }))}\n`);
      if (json) writeJson(io, { status: 'failed', plan, steps: [], verification: [], safetyBackup: null, error: rightsJson(lang, plan.rights) });
      return EXIT_USAGE;
    }
    if (!(await confirm(io, lang, plan.destructive))) return notConfirmed(io, lang, json);
  }

  const result = await engine.restore(req, { signal: io.signal });
  printOutcome(io, lang, result, json, result.status === 'success' ? 'restored' : null, msg('cli-restore-what', { source: req.sourceId, snapshot: req.snapshotId }));
  if (result.status === 'success') return EXIT_OK;
  // As for `kura run`: a request that cannot be carried out as given (unknown source, no target…) is a usage error.
  return result.error && REQUEST_ERRORS.has(result.error.code) ? EXIT_USAGE : EXIT_FAILED;
}

/**
 * The restore account's password, put in the engine's memory-only `session.*` store: from
 * KURA_RESTORE_PASSWORD, or stdin with --password-stdin (asked for without echo on a terminal).
 * null when no account was given, or — for rsync over SSH, which logs in with a key — no password.
 */
async function restoreAccountPassword(io: CliIo, engine: Engine, user: string | undefined, fromStdin: boolean, required: boolean): Promise<string | null> {
  if (user === undefined) return null;
  const env = takeEnvPassword(io);
  let password: string | null = env !== undefined && env !== '' ? env : null;
  // On a terminal it is asked for (no echo); piped in only when --password-stdin says so.
  if (password === null && (fromStdin || (required && io.stdin.isTTY))) password = (await readSecret(io, say(await cliLanguage(io), msg('cli-restore-password-prompt', { user })) + ' ')) || null;
  if (password === null) {
    if (!required) return null;
    throw new KuraError({ code: 'restore-account-empty-password', params: { user }, category: 'config' });
  }
  const ref = newSessionRef('restore-account');
  await engine.secrets.set(ref, password);
  return ref;
}

/**
 * KURA_RESTORE_PASSWORD, taken out of the environment as it is read: the tools Kura starts (mysql,
 * rsync, ssh) inherit its environment, and must not inherit this password.
 */
function takeEnvPassword(io: CliIo): string | undefined {
  const value = io.env['KURA_RESTORE_PASSWORD'];
  delete io.env['KURA_RESTORE_PASSWORD'];
  delete process.env['KURA_RESTORE_PASSWORD'];
  return value === '' ? undefined : value;
}

/** The refusal as the `--json` error, like a failed restore's. */
function rightsJson(lang: Lang, rights: NonNullable<Awaited<ReturnType<Engine['planRestore']>>['rights']>) {
  const e = rightsError(rights);
  const { message, hint } = renderLoose(lang, e.code, e.params);
  return { code: e.code, params: e.params, message, hint, category: e.category };
}

/**
 * `--roll-back`, `--finish`, `--dismiss` of an interrupted restore: shows what it was and what will
 * happen, asks (unless --yes), runs, and prints the result like a restore.
 */
async function resolveInterrupted(io: CliIo, action: 'roll-back' | 'finish' | 'dismiss', id: string, yes: boolean, json: boolean): Promise<number> {
  const engine: Engine = io.engine();
  const lang = await cliLanguage(io);
  const said = (m: MessageData) => say(lang, m);
  const found = (await engine.unfinishedRestores(lang)).find((r) => r.id === id);
  const out = json ? io.stderr : io.stdout;
  if (found) {
    out.write(said(msg('cli-restore-interrupted', { id: found.id, sentence: found.sentence })) + '\n');
    if (action === 'roll-back') out.write(`  ${said(msg('cli-restore-rollback-note', { note: found.rollBackNote }))}\n`);
    if (action === 'finish') out.write(`  ${said(msg('cli-restore-finish-note', { snapshot: found.snapshotId ?? '?', source: found.sourceId ?? '?', target: found.target }))}\n`);
    if (action === 'dismiss') out.write(`  ${said(msg('cli-restore-dismiss-note', { target: found.target }))}\n`);
  }
  if (!yes && !(await confirm(io, lang, action !== 'dismiss'))) return notConfirmed(io, lang, json);
  if (action === 'dismiss') {
    await engine.dismissRestore(id, { log: (_l, m) => io.stderr.write(m + '\n'), say: (_l, m) => io.stderr.write(said(m) + '\n') });
    if (json) writeJson(io, { status: 'dismissed', id });
    else line(io, said(msg('cli-restore-dismissed', { id })));
    return EXIT_OK;
  }
  const result = action === 'finish' ? await engine.finishRestore(id, { signal: io.signal }) : await engine.rollBackRestore(id, { signal: io.signal });
  const ok = action === 'finish' ? result.status === 'success' : result.status === 'rolled-back';
  printOutcome(io, lang, result, json, ok ? (action === 'finish' ? 'finished' : 'rolled-back') : null, msg('cli-restore-what-journal', { id }));
  if (ok) return EXIT_OK;
  return result.error && REQUEST_ERRORS.has(result.error.code) ? EXIT_USAGE : EXIT_FAILED;
}

/** "Not confirmed: nothing was changed" (with --json, as a failed result whose error says so). */
function notConfirmed(io: CliIo, lang: Lang, json: boolean): number {
  const m = msg('not-confirmed', {});
  if (json) {
    const { message, hint } = { message: say(lang, m), hint: say(lang, msg('not-confirmed-hint', {})) };
    writeJson(io, { status: 'failed', steps: [], verification: [], safetyBackup: null, error: { code: 'not-confirmed', params: {}, message, hint, category: 'config' } });
  } else io.stderr.write(`${say(lang, m)} ${say(lang, msg('not-confirmed-hint', {}))}\n`);
  return EXIT_USAGE;
}

/** The result of a restore, finish or roll back: "Restored: …" when it did what was asked, else its status. */
function printOutcome(io: CliIo, lang: Lang, result: RestoreOutcome, json: boolean, done: 'restored' | 'finished' | 'rolled-back' | null, what: MessageData): void {
  if (json) {
    writeJson(io, outcomeJson(lang, result));
    return;
  }
  const label = say(lang, what);
  const head = done === null ? msg(`cli-restore-status-${result.status}`, { what: label }) : msg(`cli-restore-${done}`, { what: label });
  line(io, say(lang, head));
  for (const s of result.steps) line(io, `  • ${say(lang, s)}`);
  for (const c of result.verification) printCheck(io, lang, c, '  ');
  if (result.safetyBackup) line(io, say(lang, msg('cli-restore-safety-kept', { path: result.safetyBackup.path })));
  if (result.error) printError(io, lang, result.error);
}

/** Asks on a terminal; without one, a restore needs --yes. A destructive one needs the word typed. */
async function confirm(io: CliIo, lang: Lang, destructive: boolean): Promise<boolean> {
  if (!io.stdin.isTTY) {
    io.stderr.write(say(lang, msg('cli-restore-no-terminal', {})) + '\n');
    return false;
  }
  const rl = createInterface({ input: io.stdin, output: io.stderr });
  try {
    // The word to type stays "restore" in every language: it is typed, not read.
    const answer = await rl.question(say(lang, destructive ? msg('cli-restore-confirm-destructive', { word: 'restore' }) : msg('cli-restore-confirm', {})) + ' ');
    return destructive ? answer.trim() === 'restore' : /^(y(es)?|はい)$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
