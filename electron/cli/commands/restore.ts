import { createInterface } from 'node:readline/promises';
import type { Engine } from '../../engine/engine.js';
import type { RestoreOutcome } from '../../engine/restore/types.js';
import { systemLanguageFromEnv } from '../../service/system-language.js';
import { restoreRequestSchema, type RestoreRequest } from '../../shared/ipc-contract.js';
import { s3Flags, S3_FLAG_OPTIONS, S3_FLAG_USAGE } from './s3-flags.js';
import { formatBytes, EXIT_FAILED, EXIT_OK, EXIT_USAGE, line, parseCommandArgs, usageError, writeJson, type CliIo, type Command } from '../cli-io.js';

const usage = [
  'kura restore <jobId> <snapshotId|latest> --source <sourceId> [options] [--yes] [--json]',
  '       kura restore --from <backup folder | rsync://… | s3://bucket/prefix> [--job <jobId>] <snapshotId|latest> --source <sourceId> [options]',
  `  Bucket: ${S3_FLAG_USAGE} (keys from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, passphrase from KURA_PASSPHRASE or asked for)`,
  '  MySQL:  --database <name>  --to-database <name>  --no-safety-backup  --strip-definers',
  '          --to-host <host> --to-port <port> --to-user <user> --to-password-ref <keychain entry>',
  '  Redis:  --flush  --method file  (and --to-host/--to-port/--to-user/--to-password-ref)',
  '  Files:  --to-path <folder>  --path <folder or file inside the backup>  --mirror',
  '       kura restore --roll-back <restoreId> [--yes] [--json]   an interrupted restore: back to the safety backup',
  '       kura restore --finish <restoreId> [--yes] [--json]      an interrupted restore: run it again to the end',
  '       kura restore --dismiss <restoreId>                      forget it, leaving the target as it is',
  '  (kura status lists interrupted restores and their ids)',
].join('\n');

/** Errors meaning "this request cannot be carried out as given": exit 2, like `kura run`'s usage/config errors. */
const REQUEST_ERRORS = new Set(['usage', 'job-not-found', 'config-invalid', 'snapshot-not-found', 'source-not-found', 'path-not-in-snapshot', 'secret-missing', 's3-key-needed', 'restore-journal-not-found']);

export const restoreCommand: Command = {
  summary: 'Restore a snapshot item (MySQL database, Redis, files) — checked first, verified after',
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
        'to-host': { type: 'string' },
        'to-port': { type: 'string' },
        'to-user': { type: 'string' },
        'to-password-ref': { type: 'string' },
        flush: { type: 'boolean' },
        method: { type: 'string' },
        'to-path': { type: 'string' },
        path: { type: 'string' },
        mirror: { type: 'boolean' },
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
      const others = Object.keys(v).filter((k) => !['roll-back', 'finish', 'dismiss', 'yes', 'json'].includes(k));
      if (recovery.length > 1 || positionals.length > 0 || others.length > 0) {
        throw usageError(`--${recovery[0]} takes only a restore id (and --yes, --json).`, usage);
      }
      return resolveInterrupted(io, recovery[0]!, str(recovery[0]!)!, Boolean(v['yes']), Boolean(v['json']));
    }
    s3Flags(v, io, usage);
    const fromFolder = str('from');
    const [jobId, snapshotId] = fromFolder ? [str('job'), positionals[0]] : [positionals[0], positionals[1]];
    if (!snapshotId || positionals.length !== (fromFolder ? 1 : 2)) {
      throw usageError(fromFolder ? 'Expected a snapshot id (or "latest") after --from <folder>.' : 'Expected a job id and a snapshot id (or "latest").', usage);
    }
    const sourceId = str('source');
    if (!sourceId) throw usageError('Say which source to restore with --source <sourceId>.', usage);
    const method = str('method');
    if (method !== undefined && method !== 'file' && method !== 'live') throw usageError('--method is "live" (default) or "file".', usage);
    const toPort = str('to-port');
    const port = toPort === undefined ? undefined : Number(toPort);
    if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) throw usageError('--to-port must be a port number.', usage);
    const host = str('to-host');
    if ((port !== undefined || str('to-user') || str('to-password-ref')) && !host) throw usageError('--to-port/--to-user/--to-password-ref need --to-host.', usage);

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
        target: host ? { host, port: port ?? 3306, user: str('to-user') ?? 'root', passwordRef: str('to-password-ref') } : undefined,
      },
      redis: {
        method: (method as 'live' | 'file' | undefined) ?? 'live',
        flush: Boolean(v['flush']),
        target: host ? { host, port: port ?? 6379, username: str('to-user'), passwordRef: str('to-password-ref') } : undefined,
      },
      files: { toPath: str('to-path'), path: str('path'), mirror: Boolean(v['mirror']) },
    };
    const parsed = restoreRequestSchema.safeParse(raw);
    if (!parsed.success) {
      const i = parsed.error.issues[0]!;
      throw usageError(`Invalid ${i.path.join('.')}: ${i.message}`, usage);
    }
    const req: RestoreRequest = parsed.data;
    const engine = io.engine();
    const json = Boolean(v['json']);

    if (!v['yes']) {
      const plan = await engine.planRestore(req);
      const out = json ? io.stderr : io.stdout;
      out.write(`Restore plan — snapshot ${plan.snapshotId}, source ${plan.sourceId} (${plan.type}, ${formatBytes(plan.bytes)}):\n`);
      for (const s of plan.steps) out.write(`  • ${s}\n`);
      if (plan.overwrites) out.write(`  Overwrites: ${plan.overwrites}\n`);
      if (plan.safetyBackup) out.write(`  Safety backup: ${plan.safetyBackup.reason}\n`);
      if (!(await confirm(io, plan.destructive))) {
        if (json) writeJson(io, { status: 'failed', steps: [], verification: [], safetyBackup: null, error: { code: 'not-confirmed', message: 'Restore not confirmed: nothing was changed.', hint: 'Add --yes to run without asking.' } });
        else io.stderr.write('Not confirmed: nothing was changed. (Add --yes to run without asking.)\n');
        return EXIT_USAGE;
      }
    }

    const result = await engine.restore(req, { signal: io.signal });
    printOutcome(io, result, json, result.status === 'success' ? 'Restored' : null, `${req.sourceId} from snapshot ${req.snapshotId}`);
    if (result.status === 'success') return EXIT_OK;
    // As for `kura run`: a request that cannot be carried out as given (unknown source, no target…) is a usage error.
    return result.error && REQUEST_ERRORS.has(result.error.code) ? EXIT_USAGE : EXIT_FAILED;
  },
};

/**
 * `--roll-back`, `--finish`, `--dismiss` of an interrupted restore: shows what it was and what will
 * happen, asks (unless --yes), runs, and prints the result like a restore.
 */
async function resolveInterrupted(io: CliIo, action: 'roll-back' | 'finish' | 'dismiss', id: string, yes: boolean, json: boolean): Promise<number> {
  const engine: Engine = io.engine();
  const settings = (await engine.loadConfig()).settings;
  const lang = settings.language === 'auto' ? systemLanguageFromEnv(io.env) : settings.language;
  const found = (await engine.unfinishedRestores(lang)).find((r) => r.id === id);
  const out = json ? io.stderr : io.stdout;
  if (found) {
    out.write(`Interrupted restore ${found.id}: ${found.sentence}\n`);
    if (action === 'roll-back') out.write(`  Roll back: ${found.rollBackNote}\n`);
    if (action === 'finish') out.write(`  Finish: restores snapshot ${found.snapshotId ?? '?'} of source ${found.sourceId ?? '?'} into ${found.target} again, and checks it.\n`);
    if (action === 'dismiss') out.write(`  Dismiss: forgets this restore; ${found.target} is left exactly as it is now.\n`);
  }
  if (!yes && !(await confirm(io, action !== 'dismiss'))) {
    if (json) writeJson(io, { status: 'failed', steps: [], verification: [], safetyBackup: null, error: { code: 'not-confirmed', message: 'Not confirmed: nothing was changed.', hint: 'Add --yes to run without asking.' } });
    else io.stderr.write('Not confirmed: nothing was changed. (Add --yes to run without asking.)\n');
    return EXIT_USAGE;
  }
  if (action === 'dismiss') {
    await engine.dismissRestore(id, { log: (_l, m) => io.stderr.write(m + '\n') });
    if (json) writeJson(io, { status: 'dismissed', id });
    else line(io, `Dismissed the interrupted restore ${id}.`);
    return EXIT_OK;
  }
  const result = action === 'finish' ? await engine.finishRestore(id, { signal: io.signal }) : await engine.rollBackRestore(id, { signal: io.signal });
  const ok = action === 'finish' ? result.status === 'success' : result.status === 'rolled-back';
  printOutcome(io, result, json, ok ? (action === 'finish' ? 'Finished' : 'Rolled back') : null, `restore ${id}`);
  if (ok) return EXIT_OK;
  return result.error && REQUEST_ERRORS.has(result.error.code) ? EXIT_USAGE : EXIT_FAILED;
}

/** The result of a restore, finish or roll back: `okWord: label` when it did what was asked, else `STATUS: label`. */
function printOutcome(io: CliIo, result: RestoreOutcome, json: boolean, okWord: string | null, label: string): void {
  if (json) {
    writeJson(io, result);
    return;
  }
  line(io, `${okWord ?? result.status.toUpperCase()}: ${label}`);
  for (const s of result.steps) line(io, `  • ${s}`);
  for (const c of result.verification) line(io, `  ${c.ok ? 'ok    ' : 'FAILED'} ${c.check}: ${c.detail}`);
  if (result.safetyBackup) line(io, `Safety backup: ${result.safetyBackup.path}`);
  if (result.error) {
    line(io, `Error: ${result.error.message}`);
    if (result.error.hint) line(io, `What to do: ${result.error.hint}`);
  }
}

/** Asks on a terminal; without one, a restore needs --yes. A destructive one needs the word typed. */
async function confirm(io: CliIo, destructive: boolean): Promise<boolean> {
  if (!io.stdin.isTTY) {
    io.stderr.write('Nothing was restored: add --yes to confirm (there is no terminal to ask on).\n');
    return false;
  }
  const rl = createInterface({ input: io.stdin, output: io.stderr });
  try {
    const answer = await rl.question(destructive ? 'This overwrites data. Type "restore" to continue: ' : 'Continue? [y/N] ');
    return destructive ? answer.trim() === 'restore' : /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
