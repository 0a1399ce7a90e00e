/**
 * Restoring one Redis item of a snapshot: the plan shown before anything happens, the restore
 * itself (live over the network, or file/cold on this computer) and the in-memory restore test.
 *
 * Validate first, then flush, then restore: the whole RDB file is walked and its CRC64 checked
 * BEFORE the target is touched, even though the orchestrator already checked sha256 + CRC. Why
 * twice: the live restore streams the file while it sends, and with `flush` the server is already
 * empty when a damaged record would be found — a backup that turns out unreadable halfway would
 * leave the admin with half a dataset and no way back. One extra read (hundreds of MB/s) buys the
 * guarantee that FLUSHALL only happens for a file that is known to read to the end, and it also
 * yields what the preflight needs (RDB version, modules, databases) and catches a file that was
 * swapped between the orchestrator's check and ours. A read error after that (disk failing
 * mid-restore) still ends in a clean `failed` outcome whose steps say how far it got.
 */
import { KuraError, throwIfCancelled, toKuraError } from '../errors.js';
import type { Logger, ProgressListener } from '../progress.js';
import type { RedisManifestItem } from '../snapshot/manifest.js';
import { oldAofRefused, readFileLayout, restoreFromFile, BEFORE_RESTORE_SUFFIX } from '../tools/redis/file-restore.js';
import type { JournalHandle } from './restore-journal.js';
import { restoreLive } from '../tools/redis/live-restore.js';
import { describeTarget, type RedisTarget } from '../tools/redis/redis-target.js';
import { connectRedis } from '../tools/redis/resp-client.js';
import { versionAtLeast } from '../tools/redis/restore-payload.js';
import { checkCompatible, describeKeysPerDb, probeTarget, totalKeys, type RdbNeeds } from '../tools/redis/restore-preflight.js';
import { describeServiceControl, resolveServiceControl, type ServiceCommands } from '../tools/redis/service-control.js';
import { validateRdbFile, type RdbValidation } from '../tools/redis/validate-rdb.js';
import type { RestoreCheck, RestoreOutcome } from './types.js';
import { msg } from '../../shared/messages/index.js';

export type RedisRestoreMethod = 'live' | 'file';

export interface RedisRestoreOptions {
  target: RedisTarget;
  item: RedisManifestItem;
  /** The snapshot's RDB file. */
  file: string;
  method: RedisRestoreMethod;
  /** Live: FLUSHALL first so the target equals the backup. (A file restore always replaces everything.) */
  flush: boolean;
  /** File method: how to stop/start the server (else the platform's usual service). */
  service?: ServiceCommands;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  logger?: Logger;
  /** The restore journal: each step is recorded before it is carried out. */
  journal?: JournalHandle;
}

export interface RedisRestorePlan {
  steps: string[];
  overwrites: string | null;
  destructive: boolean;
  keysNow: Record<string, number>;
}

export async function restoreRedisItem(opts: RedisRestoreOptions): Promise<RestoreOutcome> {
  const { logger } = opts;
  const steps: string[] = [];
  const outcome = await runRestore(opts, steps);
  for (const s of outcome.steps) logger?.log('info', s);
  for (const c of outcome.verification) logger?.log(c.ok ? 'info' : 'error', `${c.ok ? 'OK' : 'MISMATCH'} ${c.check}: ${c.detail}`);
  if (outcome.error) logger?.log(outcome.status === 'cancelled' ? 'warn' : 'error', `${outcome.error.message}${outcome.error.hint ? ` — ${outcome.error.hint}` : ''}`);
  return outcome;
}

async function runRestore(opts: RedisRestoreOptions, logged: string[]): Promise<RestoreOutcome> {
  const { item, logger } = opts;
  const steps = logged;
  try {
    throwIfCancelled(opts.signal);
    opts.onProgress?.({ kind: 'step', sourceId: item.source, step: 'validate', message: msg('progress-restore-validate', {}) });
    const v = await validateRdbFile(opts.file, opts.signal);
    checkMatchesManifest(v, item);
    logged.push(
      `Checked the snapshot file: RDB format ${v.rdbVersion}, ${v.checksum === 'ok' ? 'checksum correct' : 'written without a checksum (every record was read)'}, ` +
        `${totalKeys(v.keysPerDb)} keys (${describeKeysPerDb(v.keysPerDb)}).`,
    );
    const needs: RdbNeeds = { rdbVersion: v.rdbVersion, modules: v.modules, functions: v.functions, keysPerDb: v.keysPerDb };
    switch (opts.method) {
      case 'live': {
        const r = await restoreLive(
          {
            target: opts.target,
            file: opts.file,
            needs,
            expectedKeysPerDb: item.keysPerDb,
            flush: opts.flush,
            sourceId: item.source,
            signal: opts.signal,
            onProgress: opts.onProgress,
            logger,
            ...(opts.journal ? { onStep: (step) => opts.journal!.record(step) } : {}),
          },
          logged,
        );
        opts.journal?.settle('restored');
        return finish(logged, r.verification, null);
      }
      case 'file': {
        const r = await restoreFromFile(
          {
            target: opts.target,
            file: opts.file,
            needs,
            expectedKeysPerDb: item.keysPerDb,
            sourceId: item.source,
            service: opts.service,
            signal: opts.signal,
            onProgress: opts.onProgress,
            logger,
            ...(opts.journal ? { journal: opts.journal } : {}),
          },
          logged,
        );
        if (r.outcome === 'rolled-back') {
          return { status: 'rolled-back', steps, verification: r.verification, safetyBackup: null, error: r.error?.toJSON() ?? null };
        }
        return finish(logged, r.verification, r.safetyBackup);
      }
    }
  } catch (err) {
    const e = toKuraError(err);
    return { status: e.category === 'cancelled' ? 'cancelled' : 'failed', steps, verification: [], safetyBackup: null, error: e.toJSON() };
  }
}

function finish(steps: string[], verification: RestoreCheck[], safetyBackup: { path: string } | null): RestoreOutcome {
  const failed = verification.filter((c) => !c.ok);
  if (failed.length === 0) return { status: 'success', steps, verification, safetyBackup, error: null };
  const error = new KuraError({
    code: 'redis-restore-verify-failed',
    category: 'data',
    message: `The restore finished, but the server does not match the backup: ${failed.map((c) => `${c.check}: ${c.detail}`).join('; ')}.`,
    hint: 'Something else may be writing to this Redis (an app, a replica link). Stop it and restore again, with "flush".',
  });
  return { status: 'failed', steps, verification, safetyBackup, error: error.toJSON() };
}

/** The file must be the one the manifest describes (same keys per database and RDB version). */
function checkMatchesManifest(v: RdbValidation, item: RedisManifestItem): void {
  const diff = diffKeysPerDb(v.keysPerDb, item.keysPerDb);
  if (diff.length > 0 || v.rdbVersion !== item.rdbVersion) {
    throw new KuraError({
      code: 'redis-snapshot-mismatch',
      category: 'data',
      message:
        `The RDB file does not match its snapshot's manifest (${v.rdbVersion !== item.rdbVersion ? `RDB format ${v.rdbVersion}, manifest ${item.rdbVersion}` : diff.join(', ')}); ` +
        'nothing was changed on the server.',
      hint: 'The snapshot folder was modified. Restore from another snapshot.',
    });
  }
}

function diffKeysPerDb(file: Record<string, number>, manifest: Record<string, number>): string[] {
  const dbs = [...new Set([...Object.keys(file), ...Object.keys(manifest)])].sort((a, b) => Number(a) - Number(b));
  return dbs.filter((db) => (file[db] ?? 0) !== (manifest[db] ?? 0)).map((db) => `db ${db}: ${file[db] ?? 0} keys in the file, ${manifest[db] ?? 0} in the manifest`);
}

/**
 * What a restore will do, for the confirmation screen. Talks to the target (read-only: INFO,
 * MODULE LIST, CONFIG GET) so that "target too old", "replica" or "cannot stop this service" show
 * up here rather than after the admin confirmed.
 */
export async function planRedisRestore(opts: {
  target: RedisTarget;
  item: RedisManifestItem;
  method: RedisRestoreMethod;
  flush: boolean;
  service?: ServiceCommands;
  signal?: AbortSignal;
  logger?: Logger;
}): Promise<RedisRestorePlan> {
  const { target, item } = opts;
  const where = describeTarget(target);
  const client = await connectRedis(target, { signal: opts.signal, logger: opts.logger });
  try {
    const facts = await probeTarget(client);
    checkCompatible(facts, { rdbVersion: item.rdbVersion, modules: [], functions: 0, keysPerDb: item.keysPerDb }, target);
    const keysNow = facts.keysPerDb;
    const now = totalKeys(keysNow);
    const backupKeys = totalKeys(item.keysPerDb);
    const steps: string[] = ['Check the snapshot file (every record and its checksum) before changing anything on the server.'];
    switch (opts.method) {
      case 'live': {
        if (opts.flush) {
          steps.push(`Delete everything on Redis ${facts.version} at ${where} (FLUSHALL${versionAtLeast(facts.version, 7) ? ', FUNCTION FLUSH' : ''}); it holds ${now} keys now (${describeKeysPerDb(keysNow)}).`);
        }
        steps.push(
          `Send the backup's ${backupKeys} keys (${describeKeysPerDb(item.keysPerDb)}) to Redis at ${where} with RESTORE … REPLACE, ` +
            'keeping their expiry times; keys that have expired since the backup are skipped.',
        );
        if (!opts.flush && now > 0) {
          steps.push(`Keys already on the server that are not in the backup stay as they are: the server will not be an exact copy of the backup (restore with "flush" for that).`);
        }
        steps.push('Compare the keys in each database with the backup.');
        const overwrites =
          now === 0
            ? null
            : opts.flush
              ? `All ${now} keys on Redis at ${where} (${describeKeysPerDb(keysNow)}) will be deleted and replaced by the backup.`
              : `Keys on Redis at ${where} with the same names as keys in the backup will be overwritten; the server's other keys stay (it holds ${now} keys now).`;
        return { steps, overwrites, destructive: now > 0, keysNow };
      }
      case 'file': {
        const layout = await readFileLayout(client, target);
        const control = await resolveServiceControl({ service: opts.service, signal: opts.signal, logger: opts.logger });
        if (layout.appendonly && layout.aof === null) throw oldAofRefused(facts.version, target);
        steps.push(`Copy the snapshot into ${layout.dir}.`);
        steps.push(`Stop Redis with ${describeServiceControl(control)}: the server is unavailable until it has loaded the snapshot.`);
        if (layout.appendonly && layout.aof) {
          steps.push(
            `Append-only file (AOF) on: Redis loads its data from the AOF, not from ${layout.rdbPath}, so the snapshot becomes the base of a new AOF in ${layout.aof.dirname}; ` +
              `the current AOF manifest is kept as ${layout.aof.filename}.manifest${BEFORE_RESTORE_SUFFIX} and its files are not touched. redis.conf is not changed.`,
          );
        } else {
          steps.push(`Replace ${layout.rdbPath} with the snapshot; the current file is kept as ${layout.rdbPath}${BEFORE_RESTORE_SUFFIX}.`);
        }
        steps.push(`Start Redis, wait until it has loaded the backup's ${backupKeys} keys, and compare the keys in each database with the backup.`);
        const overwrites =
          now > 0
            ? `Everything on Redis at ${where} (${now} keys: ${describeKeysPerDb(keysNow)}) will be replaced by the backup, and the server restarted.`
            : `Redis at ${where} will be stopped and restarted with the backup's data.`;
        return { steps, overwrites, destructive: true, keysNow };
      }
    }
  } finally {
    await client.close();
  }
}

/**
 * The restore test of `kura verify --restore-test` for Redis: parses the whole file in memory
 * (every record, the CRC64) and compares keys per database and the RDB version with the manifest.
 * No server needed: RESTORE takes exactly the bytes this walk delimits, so a file that parses to
 * the right counts with a correct checksum is one Redis will load.
 */
export async function testRestoreRdb(opts: { item: RedisManifestItem; file: string; signal?: AbortSignal }): Promise<RestoreCheck[]> {
  let v: RdbValidation;
  try {
    v = await validateRdbFile(opts.file, opts.signal);
  } catch (err) {
    const e = toKuraError(err);
    if (e.category === 'cancelled') throw e;
    return [{ check: 'RDB file', ok: false, detail: e.message }];
  }
  const checks: RestoreCheck[] = [
    { check: 'RDB file', ok: true, detail: v.checksum === 'ok' ? 'every record read, checksum correct' : 'every record read (written without a checksum)' },
    { check: 'RDB version', ok: v.rdbVersion === opts.item.rdbVersion, detail: `${v.rdbVersion} in the file, ${opts.item.rdbVersion} in the manifest` },
  ];
  const dbs = [...new Set([...Object.keys(v.keysPerDb), ...Object.keys(opts.item.keysPerDb)])].sort((a, b) => Number(a) - Number(b));
  for (const db of dbs) {
    const inFile = v.keysPerDb[db] ?? 0;
    const inManifest = opts.item.keysPerDb[db] ?? 0;
    checks.push({ check: `keys in db ${db}`, ok: inFile === inManifest, detail: `${inFile} in the file, ${inManifest} in the manifest` });
  }
  return checks;
}
