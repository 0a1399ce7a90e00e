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
import { sayTo, type Logger, type ProgressListener } from '../progress.js';
import type { RedisManifestItem } from '../snapshot/manifest.js';
import { oldAofRefused, readFileLayout, restoreFromFile, BEFORE_RESTORE_SUFFIX } from '../tools/redis/file-restore.js';
import type { JournalHandle } from './restore-journal.js';
import { flushCommands, restoreLive } from '../tools/redis/live-restore.js';
import { describeTarget, type RedisTarget } from '../tools/redis/redis-target.js';
import { connectRedis } from '../tools/redis/resp-client.js';
import { checkCompatible, describeKeysPerDb, probeTarget, totalKeys, type RdbNeeds } from '../tools/redis/restore-preflight.js';
import { describeServiceCommand, resolveServiceControl, type ServiceCommands } from '../tools/redis/service-control.js';
import { validateRdbFile, type RdbValidation } from '../tools/redis/validate-rdb.js';
import type { RestoreCheck, RestoreOutcome } from './types.js';
import { msg, type MessageData } from '../../shared/messages/index.js';
import { errorMessage, verifiedStep } from './said.js';

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
  steps: MessageData[];
  overwrites: MessageData | null;
  destructive: boolean;
  keysNow: Record<string, number>;
}

export async function restoreRedisItem(opts: RedisRestoreOptions): Promise<RestoreOutcome> {
  const { logger } = opts;
  const outcome = await runRestore(opts, []);
  for (const s of outcome.steps) sayTo(logger, 'info', s);
  if (outcome.error) sayTo(logger, outcome.status === 'cancelled' ? 'warn' : 'error', errorMessage(outcome.error));
  return outcome;
}

async function runRestore(opts: RedisRestoreOptions, steps: MessageData[]): Promise<RestoreOutcome> {
  const { item, logger } = opts;
  try {
    throwIfCancelled(opts.signal);
    opts.onProgress?.({ kind: 'step', sourceId: item.source, step: 'validate', message: msg('progress-restore-validate', {}) });
    const v = await validateRdbFile(opts.file, opts.signal);
    checkMatchesManifest(v, item);
    const facts = { rdbVersion: v.rdbVersion, count: totalKeys(v.keysPerDb), perDb: describeKeysPerDb(v.keysPerDb) };
    steps.push(v.checksum === 'ok' ? msg('redis-restore-file-checked', facts) : msg('redis-restore-file-checked-no-checksum', facts));
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
          steps,
        );
        opts.journal?.settle('restored');
        return finish(steps, r.verification, null);
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
          steps,
        );
        if (r.outcome === 'rolled-back') {
          return { status: 'rolled-back', steps, verification: r.verification, safetyBackup: null, error: r.error?.toJSON() ?? null };
        }
        return finish(steps, r.verification, r.safetyBackup);
      }
    }
  } catch (err) {
    const e = toKuraError(err);
    return { status: e.category === 'cancelled' ? 'cancelled' : 'failed', steps, verification: [], safetyBackup: null, error: e.toJSON() };
  }
}

/** The keys compared with the backup: a summary step, and the outcome (green only when every check holds). */
export function finish(steps: MessageData[], verification: RestoreCheck[], safetyBackup: { path: string } | null): RestoreOutcome {
  const failed = verification.filter((c) => !c.ok);
  steps.push(verifiedStep(verification));
  if (failed.length === 0) return { status: 'success', steps, verification, safetyBackup, error: null };
  const error = new KuraError({ code: 'redis-restore-verify-failed', params: { failed: failed.length, count: verification.length }, category: 'data' });
  return { status: 'failed', steps, verification, safetyBackup, error: error.toJSON() };
}

/** The file must be the one the manifest describes (same keys per database and RDB version). */
function checkMatchesManifest(v: RdbValidation, item: RedisManifestItem): void {
  const diff = diffKeysPerDb(v.keysPerDb, item.keysPerDb);
  if (diff.length > 0 || v.rdbVersion !== item.rdbVersion) {
    // Facts, file ≠ manifest: "RDB 11≠12", "db0: 120≠118".
    const differences = v.rdbVersion !== item.rdbVersion ? `RDB ${v.rdbVersion}≠${item.rdbVersion}` : diff.join(', ');
    throw new KuraError({ code: 'redis-snapshot-mismatch', params: { differences }, category: 'data' });
  }
}

function diffKeysPerDb(file: Record<string, number>, manifest: Record<string, number>): string[] {
  const dbs = [...new Set([...Object.keys(file), ...Object.keys(manifest)])].sort((a, b) => Number(a) - Number(b));
  return dbs.filter((db) => (file[db] ?? 0) !== (manifest[db] ?? 0)).map((db) => `db${db}: ${file[db] ?? 0}≠${manifest[db] ?? 0}`);
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
    const nowPerDb = describeKeysPerDb(keysNow);
    const backupKeys = totalKeys(item.keysPerDb);
    const steps: MessageData[] = [msg('redis-plan-validate', {})];
    switch (opts.method) {
      case 'live': {
        if (opts.flush) steps.push(msg('redis-plan-flush', { version: facts.version, where, commands: flushCommands(facts.version), count: now, perDb: nowPerDb }));
        steps.push(msg('redis-plan-send', { count: backupKeys, perDb: describeKeysPerDb(item.keysPerDb), where }));
        if (!opts.flush && now > 0) steps.push(msg('redis-plan-keep-others', {}));
        steps.push(msg('redis-plan-compare', {}));
        const overwrites =
          now === 0 ? null : opts.flush ? msg('redis-overwrites-flush', { count: now, where, perDb: nowPerDb }) : msg('redis-overwrites-merge', { where, count: now });
        return { steps, overwrites, destructive: now > 0, keysNow };
      }
      case 'file': {
        const layout = await readFileLayout(client, target);
        const control = await resolveServiceControl({ service: opts.service, signal: opts.signal, logger: opts.logger });
        if (layout.appendonly && layout.aof === null) throw oldAofRefused(facts.version, target);
        steps.push(msg('redis-plan-file-copy', { dir: layout.dir }));
        steps.push(msg('redis-plan-file-stop', { command: describeServiceCommand(control, 'stop') }));
        if (layout.appendonly && layout.aof) {
          steps.push(msg('redis-plan-file-aof', { path: layout.rdbPath, aofDir: layout.aof.dirname, kept: `${layout.aof.filename}.manifest${BEFORE_RESTORE_SUFFIX}` }));
        } else {
          steps.push(msg('redis-plan-file-replace', { path: layout.rdbPath, kept: `${layout.rdbPath}${BEFORE_RESTORE_SUFFIX}` }));
        }
        steps.push(msg('redis-plan-file-start', { count: backupKeys, command: describeServiceCommand(control, 'start') }));
        const overwrites = now > 0 ? msg('redis-overwrites-file', { where, count: now, perDb: nowPerDb }) : msg('redis-overwrites-file-empty', { where });
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
  const fileCheck = msg('restore-check-rdb-file', {});
  let v: RdbValidation;
  try {
    v = await validateRdbFile(opts.file, opts.signal);
  } catch (err) {
    const e = toKuraError(err);
    if (e.category === 'cancelled') throw e;
    return [{ check: fileCheck, ok: false, detail: errorMessage(e) }];
  }
  const checks: RestoreCheck[] = [
    { check: fileCheck, ok: true, detail: msg(v.checksum === 'ok' ? 'restore-detail-rdb-read' : 'restore-detail-rdb-read-no-checksum', {}) },
    {
      check: msg('restore-check-rdb-version', {}),
      ok: v.rdbVersion === opts.item.rdbVersion,
      detail: msg('restore-detail-in-file-manifest', { inFile: v.rdbVersion, inManifest: opts.item.rdbVersion }),
    },
  ];
  const dbs = [...new Set([...Object.keys(v.keysPerDb), ...Object.keys(opts.item.keysPerDb)])].sort((a, b) => Number(a) - Number(b));
  for (const db of dbs) {
    const inFile = v.keysPerDb[db] ?? 0;
    const inManifest = opts.item.keysPerDb[db] ?? 0;
    checks.push({ check: msg('restore-check-keys', { db }), ok: inFile === inManifest, detail: msg('restore-detail-in-file-manifest', { inFile, inManifest }) });
  }
  return checks;
}
