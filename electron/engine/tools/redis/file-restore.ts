/**
 * File (cold) restore: stop the Redis server on this computer, put the snapshot in place as what it
 * loads at boot, start it again. Redis then loads the snapshot itself, which is the fastest way to
 * bring back a large dataset and leaves the server exactly equal to the backup.
 *
 * The promise that matters most: a crash of Kura (kill -9, a power cut) at ANY step leaves a server
 * that, started plainly from its own redis.conf, comes up with the old data or the new one — never
 * empty, and never with `appendonly` changed. The old design switched AOF off with CONFIG SET +
 * CONFIG REWRITE for the restart and back on afterwards; a crash in between left redis.conf saying
 * "appendonly no", the server stopped and the snapshot only in a hidden temp file: a plain restart
 * came up on a stale dump.rdb or empty, with AOF silently off. Now redis.conf is never rewritten: with
 * AOF on, the snapshot becomes the base file of a new AOF manifest (rdb-swap.ts explains the files).
 *
 * Order, and why:
 *   1. Preflight on the running server (RDB version, modules, databases: a server that cannot load
 *      its data refuses to start, so these must be known before it is stopped), and read where it
 *      keeps its files (CONFIG GET dir, dbfilename, appendonly, appenddirname, appendfilename) while
 *      it can still tell us. Redis before 7 with AOF on (one appendonly.aof) is refused: use live.
 *   2. Copy the snapshot next to the data file under a temporary name and fsync it (a full disk
 *      fails here, with the server still running).
 *   3. Stop the service; wait until the port is closed and the process is gone (a shutdown save may
 *      still be writing dump.rdb).
 *   4. AOF: choose new base/incr names above every existing sequence number, rename the copy to the
 *      new base, create the empty incr file and write the new manifest beside the old one.
 *   5. Keep the current file as `.kura-before-restore` (a hard link) and switch with one rename: the
 *      copy over dump.rdb, or with AOF the new manifest over the old one.
 *   6. Start the service; wait until it answers PING (not LOADING) with a new run id; verify keys per
 *      database against the manifest and that AOF is as it was.
 * Every step is recorded in the restore journal BEFORE it is carried out, so "finish" and "roll back"
 * after a crash know exactly which files exist (journal-recovery.ts). If the server does not come
 * back with the restored files, the kept ones are put back and the server started again: the outcome
 * is then "rolled back".
 */
import { access, constants, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { KuraError, throwIfCancelled, toKuraError } from '../../errors.js';
import type { Logger, ProgressListener } from '../../progress.js';
import type { JournalHandle, RedisJournalLayout } from '../../restore/restore-journal.js';
import type { RestoreCheck } from '../../restore/types.js';
import { fetchInfo } from './info.js';
import { RdbReader } from './rdb-reader.js';
import { isSwitched, KEPT_SUFFIX, keptPath, nextAofNames, putPreviousBack, rdbPaths, stageAof, stageCopy, swapIn, undoStaging } from './rdb-swap.js';
import { describeTarget, type RedisTarget } from './redis-target.js';
import { connectRedis, RespClient } from './resp-client.js';
import { respText } from './resp-parser.js';
import { checkCompatible, checkDatabases, keysPerDbNow, probeTarget, type RdbNeeds } from './restore-preflight.js';
import { describeServiceCommand, resolveServiceControl, runServiceCommand, type ServiceCommands, type ServiceControl } from './service-control.js';
import { msg, type MessageData } from '../../../shared/messages/index.js';
import { isProcessAlive } from '../../util/process-alive.js';
import { errorMessage } from '../../restore/said.js';

export const BEFORE_RESTORE_SUFFIX = KEPT_SUFFIX;

export interface FileRestoreOptions {
  target: RedisTarget;
  file: string;
  needs: RdbNeeds;
  expectedKeysPerDb: Record<string, number>;
  sourceId: string;
  service?: ServiceCommands;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  logger?: Logger;
  /** How long the server may take to stop. Default 2 minutes. */
  stopTimeoutMs?: number;
  /** How long loading the snapshot may take. Default 30 minutes (gigabytes on a slow disk). */
  startTimeoutMs?: number;
  /** The restore journal: each step is recorded before it is carried out. */
  journal?: JournalHandle;
}

export interface FileRestoreResult {
  outcome: 'restored' | 'rolled-back';
  verification: RestoreCheck[];
  /** The server's previous RDB file, kept. */
  safetyBackup: { path: string } | null;
  /** On 'rolled-back': why the restored file did not come up. */
  error: KuraError | null;
}

/** Where the server keeps its data, as it told us before it was stopped. */
export interface RedisFileLayout {
  dir: string;
  rdbPath: string;
  appendonly: boolean;
  /** Redis 7+: the AOF folder and base name (null when the server has no multi-part AOF settings). */
  aof: { dirname: string; filename: string } | null;
}

export async function readFileLayout(client: RespClient, target: RedisTarget): Promise<RedisFileLayout> {
  const get = async (name: string, optional = false): Promise<string | null> => {
    const reply = await client.command('CONFIG', 'GET', name);
    const value = reply.kind === 'array' && reply.items.length >= 2 ? respText(reply.items[1]!) : null;
    if (value === null && !optional) {
      throw new KuraError({
        code: 'redis-config-unavailable',
        params: { where: describeTarget(target), command: `CONFIG GET ${name}` },
        category: 'config',
        detail: reply.kind === 'error' ? reply.message : undefined,
      });
    }
    return value;
  };
  const dir = (await get('dir'))!;
  const name = (await get('dbfilename'))!;
  const appendonly = (await get('appendonly'))!.toLowerCase() === 'yes';
  const appenddirname = await get('appenddirname', true);
  const appendfilename = await get('appendfilename', true);
  return {
    dir,
    rdbPath: isAbsolute(name) ? name : join(dir, name),
    appendonly,
    aof: appenddirname && appendfilename ? { dirname: appenddirname, filename: appendfilename } : null,
  };
}

/** Redis before 7 with AOF on keeps one appendonly.aof, which Kura does not replace (use live). */
export function oldAofRefused(version: string, target: RedisTarget): KuraError {
  return new KuraError({ code: 'redis-file-restore-old-aof', params: { version, where: describeTarget(target) }, category: 'config' });
}

/** The journal's view of the layout: folder + file name, and the AOF folder when AOF is on. */
export function journalLayout(layout: RedisFileLayout, configFile: string | null): RedisJournalLayout {
  return {
    dir: dirname(layout.rdbPath),
    dbfilename: basename(layout.rdbPath),
    configFile: configFile && isAbsolute(configFile) ? configFile : null,
    hadOld: null,
    aof: layout.appendonly && layout.aof ? { dirname: layout.aof.dirname, filename: layout.aof.filename, baseFile: null, incrFile: null } : null,
  };
}

export async function restoreFromFile(opts: FileRestoreOptions, steps: MessageData[]): Promise<FileRestoreResult> {
  const { target, logger, signal, journal } = opts;
  const where = describeTarget(target);
  const step = (id: string, message: MessageData): void => opts.onProgress?.({ kind: 'step', sourceId: opts.sourceId, step: id, message });

  // 1. Preflight and layout, while the server runs.
  let client = await connectRedis(target, { signal, logger });
  let layout: RedisJournalLayout;
  let facts;
  let control: ServiceControl;
  try {
    facts = await probeTarget(client);
    checkCompatible(facts, opts.needs, target);
    await checkDatabases(client, Object.keys(opts.needs.keysPerDb).map(Number), target);
    const reported = await readFileLayout(client, target);
    if (reported.appendonly && reported.aof === null) throw oldAofRefused(facts.version, target);
    await checkDirWritable(dirname(reported.rdbPath), target);
    control = await resolveServiceControl({ service: opts.service, signal, logger });
    layout = journalLayout(reported, facts.configFile || null);
    await journal?.note({ layout });
  } catch (err) {
    await client.close();
    throw err;
  }
  const paths = () => rdbPaths(layout);
  steps.push(
    layout.aof
      ? msg('redis-file-checked-aof', { version: facts.version, where, path: paths().rdb, manifest: paths().aof!.manifest })
      : msg('redis-file-checked', { version: facts.version, where, path: paths().rdb }),
  );

  // 2. The snapshot next to the data file, under a temporary name. 3. Stop.
  let stopped = false;
  try {
    step('copy', msg('progress-redis-file-copy', { dir: layout.dir }));
    await journal?.record('copying');
    await stageCopy(opts.file, layout);
    throwIfCancelled(signal);
    await client.close();

    step('stop', msg('progress-redis-stop', { command: describeServiceCommand(control, 'stop') }));
    await journal?.record('stopping');
    stopped = true;
    await runServiceCommand(control, 'stop', { signal, logger });
    await waitStopped(target, facts.processId, opts.stopTimeoutMs ?? 120_000, signal);
    await journal?.record('stopped');
    steps.push(msg('redis-file-stopped', { command: describeServiceCommand(control, 'stop') }));
  } catch (err) {
    await client.close();
    return notSwitched(opts, layout, control, stopped, toKuraError(err), steps);
  }

  // From here on the server is down: no cancellation until it is back up.
  // 4. AOF: the new base, incr and manifest beside the old ones. 5. Keep and switch.
  try {
    if (layout.aof) {
      layout = { ...layout, aof: { ...layout.aof, ...(await nextAofNames(layout)) } };
      await journal?.record('staging', { layout });
      await stageAof(layout);
    }
    layout = { ...layout, hadOld: await exists(paths().aof?.manifest ?? paths().rdb) };
    await journal?.record('swapping', { layout });
    await swapIn(layout);
  } catch (err) {
    return notSwitched(opts, layout, control, true, toKuraError(err), steps);
  }
  const p = paths();
  const kept = layout.hadOld ? keptPath(layout) : null;
  steps.push(
    p.aof
      ? msg('redis-file-switched-aof', { base: p.aof.base ?? '?', kept: p.aof.manifestKept })
      : kept
        ? msg('redis-file-switched-kept', { path: p.rdb, kept })
        : msg('redis-file-switched', { path: p.rdb }),
  );

  // 6. Start and wait for the load.
  try {
    step('start', msg('progress-redis-start', {}));
    await journal?.record('starting');
    await runServiceCommand(control, 'start', { logger });
    client = await waitReady(target, facts.runId, opts.startTimeoutMs ?? 1_800_000, logger);
    steps.push(msg('redis-file-started', {}));
  } catch (err) {
    return rollBack(opts, layout, control, toKuraError(err), steps);
  }

  // Verify. The files are in place and the server runs on them: whatever the checks say, restored.
  journal?.settle('restored');
  try {
    await journal?.record('verify');
    const verification = await verifyKeys(client, opts);
    verification.push(await aofCheck(client, layout.aof !== null));
    return { outcome: 'restored', verification, safetyBackup: kept ? { path: kept } : null, error: null };
  } finally {
    await client.close();
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** AOF is as it was before the restore: on (and loading from the new base), or off. */
export async function aofCheck(client: RespClient, wasOn: boolean): Promise<RestoreCheck> {
  const r = await client.call('CONFIG', 'GET', 'appendonly');
  const on = r.kind === 'array' && respText(r.items[1] ?? { kind: 'null' }) === 'yes';
  return {
    check: msg('restore-check-aof', {}),
    ok: on === wasOn,
    detail:
      on === wasOn
        ? msg(on ? 'restore-detail-aof-on' : 'restore-detail-aof-off', {})
        : msg(on ? 'restore-detail-aof-switched-on' : 'restore-detail-aof-switched-off', {}),
  };
}

/**
 * A failure before the switch (copy, stop, staging): undo what was prepared and, if the server was
 * stopped, start it again on its untouched data. The error is then thrown: nothing was restored.
 */
async function notSwitched(opts: FileRestoreOptions, layout: RedisJournalLayout, control: ServiceControl, stopped: boolean, error: KuraError, steps: MessageData[]): Promise<never> {
  const { logger } = opts;
  try {
    await undoStaging(layout);
    if (stopped) {
      await runServiceCommand(control, 'start', { logger }).catch(() => {});
      const c = await waitReady(opts.target, '', opts.startTimeoutMs ?? 1_800_000, logger);
      await c.close();
      steps.push(msg('redis-file-not-replaced', {}));
    }
    opts.journal?.settle('unchanged');
  } catch (err) {
    steps.push(msg('redis-file-restart-failed', {}), errorMessage(err as Error));
  }
  throw error;
}

async function checkDirWritable(dir: string, target: RedisTarget): Promise<void> {
  try {
    await access(dir, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const facts = { where: describeTarget(target), dir };
    throw code === 'ENOENT'
      ? new KuraError({ code: 'redis-data-dir-unreachable', params: facts, category: 'config', cause: err })
      : new KuraError({ code: 'redis-data-dir-denied', params: facts, category: 'config', cause: err });
  }
}

/** Down = nothing accepts on the port and (for a server on this machine) its process has exited. */
export async function waitStopped(target: RedisTarget, pid: number | null, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const local = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(target.host);
  for (;;) {
    const portOpen = await RespClient.open(target, { connectTimeoutMs: 2000 })
      .then(async (c) => {
        await c.close();
        return true;
      })
      .catch(() => false);
    const procAlive = local && pid !== null && isProcessAlive(pid);
    if (!portOpen && !procAlive) return;
    if (Date.now() > deadline) {
      throw new KuraError({ code: 'redis-did-not-stop', params: { where: describeTarget(target), waited: timeoutMs }, category: 'resource' });
    }
    throwIfCancelled(signal);
    await sleep(200);
  }
}

/** Polls until a NEW server process (another run id) answers PING; LOADING and refused connections are waited out. */
export async function waitReady(target: RedisTarget, oldRunId: string, timeoutMs: number, logger?: Logger): Promise<RespClient> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    try {
      const c = await connectRedis(target, { connectTimeoutMs: 5000 });
      const info = await fetchInfo(c, 'server').catch(async (e: unknown) => {
        await c.close();
        throw e;
      });
      if (info.get('run_id') !== oldRunId) return c;
      await c.close();
      last = 'the old server process is still answering';
    } catch (err) {
      if (!(err instanceof KuraError) || err.category !== 'network') throw err;
      last = err.message;
    }
    if (Date.now() > deadline) {
      throw new KuraError({ code: 'redis-did-not-start', params: { where: describeTarget(target), waited: timeoutMs }, category: 'resource', detail: last });
    }
    logger?.log('debug', `waiting for Redis: ${last}`);
    await sleep(250);
  }
}

/** The restored files did not come up: put the kept ones back and start again. */
async function rollBack(opts: FileRestoreOptions, layout: RedisJournalLayout, control: ServiceControl, error: KuraError, steps: MessageData[]): Promise<FileRestoreResult> {
  const { logger } = opts;
  steps.push(msg('redis-file-did-not-come-back', {}), errorMessage(error));
  try {
    await opts.journal?.record('rollback');
    await runServiceCommand(control, 'stop', { logger }).catch(() => {});
    await waitStopped(opts.target, null, opts.stopTimeoutMs ?? 120_000);
    if (await isSwitched(layout, true)) await putPreviousBack(layout);
    else await undoStaging(layout);
    await runServiceCommand(control, 'start', { logger });
    const c = await waitReady(opts.target, '', opts.startTimeoutMs ?? 1_800_000, logger);
    await c.close();
  } catch (err) {
    steps.push(msg('redis-file-putback-failed', {}), errorMessage(err as Error));
    throw error;
  }
  opts.journal?.settle('rolled-back');
  steps.push(msg('redis-file-rolled-back', {}));
  return { outcome: 'rolled-back', verification: [], safetyBackup: null, error };
}

/** Keys per database after the load, against the manifest minus keys that expired by now. */
export async function verifyKeys(client: RespClient, opts: FileRestoreOptions): Promise<RestoreCheck[]> {
  const expiries = await expiringKeysPerDb(opts.file, opts.signal);
  const dbsInBackup = Object.keys(opts.expectedKeysPerDb).map(Number);
  const now = await keysPerDbNow(client, dbsInBackup);
  const at = Date.now();
  const dbs = new Set([...dbsInBackup, ...Object.keys(now).map(Number)]);
  const checks: RestoreCheck[] = [];
  for (const db of [...dbs].sort((a, b) => a - b)) {
    const inBackup = opts.expectedKeysPerDb[db] ?? 0;
    const expired = (expiries.get(db) ?? []).filter((t) => t <= at).length;
    const actual = now[db] ?? 0;
    const ok = actual <= inBackup && actual >= inBackup - expired;
    checks.push({ check: msg('restore-check-keys', { db }), ok, detail: msg('restore-detail-keys', { actual, backup: inBackup, skipped: 0, expired }) });
  }
  if (opts.needs.functions > 0) {
    const r = await client.command('FUNCTION', 'LIST');
    const libs = r.kind === 'array' ? r.items.length : -1;
    checks.push({
      check: msg('restore-check-functions', {}),
      ok: libs === opts.needs.functions,
      detail: msg('restore-detail-functions', { found: libs < 0 ? '?' : String(libs), backup: opts.needs.functions }),
    });
  }
  return checks;
}

/** Expiry times per database of keys that expire within a day (only those can be gone by now). */
async function expiringKeysPerDb(file: string, signal?: AbortSignal): Promise<Map<number, number[]>> {
  const horizon = Date.now() + 24 * 3_600_000;
  const out = new Map<number, number[]>();
  const reader = await RdbReader.open(file, { signal, captureRaw: false });
  try {
    for (;;) {
      const e = await reader.next();
      if (e === null) break;
      if (e.expireAtMs !== null && e.expireAtMs < horizon) {
        const list = out.get(e.db) ?? [];
        list.push(e.expireAtMs);
        out.set(e.db, list);
      }
    }
  } finally {
    await reader.close();
  }
  return out;
}
