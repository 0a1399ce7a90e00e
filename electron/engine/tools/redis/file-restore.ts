/**
 * File (cold) restore: stop the Redis server on this computer, put the snapshot in place as its RDB
 * file, start it again. Redis then loads the snapshot at boot, which is the fastest way to bring
 * back a large dataset and leaves the server exactly equal to the backup.
 *
 * Order, and why:
 *   1. Preflight on the running server (RDB version, modules, databases: a server that cannot load
 *      its RDB file refuses to start, so these must be known before it is stopped), and read where
 *      it keeps its file (CONFIG GET dir / dbfilename) while it can still tell us.
 *   2. Copy the snapshot into that folder under a temporary name (a full disk fails here, with the
 *      server still running) and fsync it.
 *   3. With `appendonly yes`: CONFIG SET appendonly no + CONFIG REWRITE. Why: at boot Redis loads the
 *      AOF when AOF is on and ignores the RDB file completely — the restored dump.rdb would be
 *      silently ignored and the old data come back. So the server is started once with AOF off (it
 *      loads the RDB), then AOF is switched back on with CONFIG SET appendonly yes, which makes Redis
 *      write a fresh AOF from the restored data (we wait for that rewrite), and CONFIG REWRITE puts
 *      "appendonly yes" back into redis.conf. The old AOF files stay untouched until that rewrite, so
 *      they remain a way back if anything fails in between.
 *   4. Stop the service; wait until the port is closed and the process is gone (a shutdown save may
 *      still be writing dump.rdb).
 *   5. Keep the old file as `dump.rdb.kura-before-restore`, rename the temporary file to dump.rdb
 *      (a rename on the same disk: the server never sees half a file).
 *   6. Start the service; wait until it answers PING (not LOADING) with a new run id.
 *   7. AOF back on (see 3); verify keys per database against the manifest.
 * If the server does not come back with the restored file, the old file is put back and the server
 * started again: the outcome is then "rolled back".
 */
import { access, chmod, chown, constants, copyFile, open, rename, rm, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { renameRetrying } from '../../util/busy-retry.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { KuraError, throwIfCancelled } from '../../errors.js';
import type { Logger, ProgressListener } from '../../progress.js';
import type { RestoreCheck } from '../../restore/types.js';
import { fetchInfo } from './info.js';
import { RdbReader } from './rdb-reader.js';
import { describeTarget, type RedisTarget } from './redis-target.js';
import { connectRedis, RespClient } from './resp-client.js';
import { respText } from './resp-parser.js';
import { checkCompatible, checkDatabases, keysPerDbNow, probeTarget, type RdbNeeds } from './restore-preflight.js';
import { describeServiceControl, resolveServiceControl, runServiceCommand, type ServiceCommands, type ServiceControl } from './service-control.js';

export const BEFORE_RESTORE_SUFFIX = '.kura-before-restore';

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
}

export async function readFileLayout(client: RespClient, target: RedisTarget): Promise<RedisFileLayout> {
  const get = async (name: string): Promise<string> => {
    const reply = await client.command('CONFIG', 'GET', name);
    const value = reply.kind === 'array' && reply.items.length >= 2 ? respText(reply.items[1]!) : null;
    if (value === null) {
      throw new KuraError({
        code: 'redis-config-unavailable',
        category: 'config',
        message: `Redis at ${describeTarget(target)} did not say where it keeps its data (CONFIG GET ${name}${reply.kind === 'error' ? `: ${reply.message}` : ''}).`,
        hint: 'A file restore needs CONFIG GET (and a server on this computer). Use the live restore instead, which works over the network.',
        detail: reply.kind === 'error' ? reply.message : undefined,
      });
    }
    return value;
  };
  const dir = await get('dir');
  const name = await get('dbfilename');
  const appendonly = (await get('appendonly')).toLowerCase() === 'yes';
  return { dir, rdbPath: isAbsolute(name) ? name : join(dir, name), appendonly };
}

export async function restoreFromFile(opts: FileRestoreOptions, steps: string[]): Promise<FileRestoreResult> {
  const { target, logger, signal } = opts;
  const where = describeTarget(target);
  const step = (id: string, message: string): void => opts.onProgress?.({ kind: 'step', sourceId: opts.sourceId, step: id, message });

  // 1. Preflight and layout, while the server runs.
  let client = await connectRedis(target, { signal, logger });
  let layout: RedisFileLayout;
  let facts;
  let control: ServiceControl;
  try {
    facts = await probeTarget(client);
    checkCompatible(facts, opts.needs, target);
    await checkDatabases(client, Object.keys(opts.needs.keysPerDb).map(Number), target);
    layout = await readFileLayout(client, target);
    await checkDirWritable(layout.dir, target);
    if (layout.appendonly && facts.configFile === '') {
      throw new KuraError({
        code: 'redis-no-config-file',
        category: 'config',
        message: `Redis at ${where} uses an append-only file but was started without a config file, so Kura cannot switch AOF off for the restart.`,
        hint: 'Use the live restore (no restart needed), or start Redis with a redis.conf and restore again.',
      });
    }
    control = await resolveServiceControl({ service: opts.service, signal, logger });
  } catch (err) {
    await client.close();
    throw err;
  }
  steps.push(`Checked Redis ${facts.version} at ${where}: it can read this backup; its data file is ${layout.rdbPath}.`);

  // 2. The snapshot next to the data file, under a temporary name.
  const tmp = join(layout.dir, `.kura-restore-${process.pid}-${Date.now()}.rdb.tmp`);
  const safety = layout.rdbPath + BEFORE_RESTORE_SUFFIX;
  let aofSwitchedOff = false;
  let stopped = false;
  try {
    step('copy', `Copying the snapshot to ${layout.dir}`);
    await placeCopy(opts.file, tmp, layout);
    throwIfCancelled(signal);

    // 3. AOF off in the running config and in redis.conf (see the file comment for why).
    if (layout.appendonly) {
      await client.call('CONFIG', 'SET', 'appendonly', 'no');
      aofSwitchedOff = true;
      await client.call('CONFIG', 'REWRITE');
      steps.push('Switched the append-only file (AOF) off for the restart, so Redis loads the restored snapshot instead of the old AOF.');
    }
    await client.close();

    // 4. Stop.
    step('stop', `Stopping Redis (${describeServiceControl(control)})`);
    await runServiceCommand(control, 'stop', { signal, logger });
    stopped = true;
    await waitStopped(target, facts.processId, opts.stopTimeoutMs ?? 120_000, signal);
    steps.push(`Stopped Redis with ${describeServiceControl(control)}.`);
  } catch (err) {
    await rm(tmp, { force: true });
    if (!stopped && aofSwitchedOff) await reenableAofQuietly(target, logger);
    await client.close();
    throw err;
  }

  // 5. Swap the files. From here on the server is down: no cancellation until it is back up.
  let hadOld = false;
  try {
    await stat(layout.rdbPath);
    hadOld = true;
  } catch {
    hadOld = false;
  }
  if (hadOld) await renameRetrying(layout.rdbPath, safety);
  await renameRetrying(tmp, layout.rdbPath);
  steps.push(
    hadOld ? `Put the snapshot in place as ${layout.rdbPath}; the previous file is kept as ${safety}.` : `Put the snapshot in place as ${layout.rdbPath}.`,
  );

  // 6. Start and wait for the load.
  try {
    step('start', 'Starting Redis and waiting while it loads the snapshot');
    await runServiceCommand(control, 'start', { logger });
    client = await waitReady(target, facts.runId, opts.startTimeoutMs ?? 1_800_000, logger);
    steps.push('Started Redis; it loaded the restored snapshot.');
  } catch (err) {
    const error = err instanceof KuraError ? err : new KuraError({ code: 'redis-start-failed', category: 'internal', message: String(err) });
    return rollBack(opts, layout, control, hadOld ? safety : null, error, steps);
  }

  // 7. AOF back on, then verify.
  try {
    const verification: RestoreCheck[] = [];
    if (layout.appendonly) {
      step('aof', 'Switching the append-only file back on (Redis rewrites it from the restored data)');
      await enableAof(client, opts);
      const r = await client.call('CONFIG', 'GET', 'appendonly');
      const on = r.kind === 'array' && respText(r.items[1] ?? { kind: 'null' }) === 'yes';
      verification.push({ check: 'append-only file (AOF)', ok: on, detail: on ? 'on, rewritten from the restored data' : 'still off' });
      steps.push('Switched the append-only file back on: Redis wrote a new AOF from the restored data and saved "appendonly yes" in its config.');
    }
    verification.unshift(...(await verifyKeys(client, opts)));
    return { outcome: 'restored', verification, safetyBackup: hadOld ? { path: safety } : null, error: null };
  } finally {
    await client.close();
  }
}

async function checkDirWritable(dir: string, target: RedisTarget): Promise<void> {
  try {
    await access(dir, constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new KuraError({
      code: 'redis-data-dir-unreachable',
      category: 'config',
      message:
        code === 'ENOENT'
          ? `Redis at ${describeTarget(target)} keeps its data in ${dir}, which is not on this computer.`
          : `Kura may not write to ${dir}, where Redis at ${describeTarget(target)} keeps its data.`,
      hint:
        code === 'ENOENT'
          ? 'A file restore only works for a Redis on this computer. Use the live restore for a remote server.'
          : 'Run Kura as an administrator (or a user in the redis group), or use the live restore.',
      cause: err,
    });
  }
}

/** Copies and fsyncs; gives the copy the owner and mode of the file it replaces so Redis can read it. */
async function placeCopy(src: string, tmp: string, layout: RedisFileLayout): Promise<void> {
  await copyFile(src, tmp);
  const fh = await open(tmp, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
  const ref = await stat(layout.rdbPath).catch(() => null);
  if (process.platform !== 'win32') {
    const owner = ref ?? (await stat(layout.dir));
    await chmod(tmp, ref ? ref.mode & 0o777 : 0o640);
    if (process.getuid?.() === 0) await chown(tmp, owner.uid, owner.gid);
  }
}

/** Down = nothing accepts on the port and (for a server on this machine) its process has exited. */
async function waitStopped(target: RedisTarget, pid: number | null, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const local = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(target.host);
  for (;;) {
    const portOpen = await RespClient.open(target, { connectTimeoutMs: 2000 })
      .then(async (c) => {
        await c.close();
        return true;
      })
      .catch(() => false);
    const procAlive = local && pid !== null && processAlive(pid);
    if (!portOpen && !procAlive) return;
    if (Date.now() > deadline) {
      throw new KuraError({
        code: 'redis-did-not-stop',
        category: 'resource',
        message: `Redis at ${describeTarget(target)} was asked to stop but is still running after ${Math.round(timeoutMs / 1000)} s.`,
        hint: 'Check the stop command (it may stop a different Redis) and the Redis log; nothing was replaced.',
      });
    }
    throwIfCancelled(signal);
    await sleep(200);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Polls until a NEW server process (another run id) answers PING; LOADING and refused connections are waited out. */
async function waitReady(target: RedisTarget, oldRunId: string, timeoutMs: number, logger?: Logger): Promise<RespClient> {
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
      throw new KuraError({
        code: 'redis-did-not-start',
        category: 'resource',
        message: `Redis at ${describeTarget(target)} did not come back within ${Math.round(timeoutMs / 1000)} s after the restore (${last}).`,
        hint: 'Check the Redis log for why it did not start or load the file.',
      });
    }
    logger?.log('debug', `waiting for Redis: ${last}`);
    await sleep(250);
  }
}

/** CONFIG SET appendonly yes, wait for the AOF rewrite it starts, then CONFIG REWRITE. */
async function enableAof(client: RespClient, opts: FileRestoreOptions): Promise<void> {
  await client.call('CONFIG', 'SET', 'appendonly', 'yes');
  // The rewrite starts (or is scheduled) inside CONFIG SET, so one of the flags is set right away.
  const deadline = Date.now() + (opts.startTimeoutMs ?? 1_800_000);
  for (;;) {
    const p = await fetchInfo(client, 'persistence');
    if (p.get('aof_rewrite_in_progress') !== '1' && p.get('aof_rewrite_scheduled') !== '1') {
      if ((p.get('aof_last_bgrewrite_status') ?? 'ok') !== 'ok') {
        throw new KuraError({
          code: 'redis-aof-rewrite-failed',
          category: 'resource',
          message: `Redis restored the data but could not write its new append-only file (aof_last_bgrewrite_status:${p.get('aof_last_bgrewrite_status')}).`,
          hint: 'Check the disk space and permissions of the Redis data folder, then run CONFIG SET appendonly yes and CONFIG REWRITE.',
        });
      }
      break;
    }
    if (Date.now() > deadline) {
      throw new KuraError({
        code: 'redis-aof-rewrite-timeout',
        category: 'resource',
        message: 'Redis restored the data but is still writing its new append-only file.',
        hint: 'Wait for INFO persistence to show aof_rewrite_in_progress:0, then run CONFIG REWRITE.',
      });
    }
    await sleep(100);
  }
  await client.call('CONFIG', 'REWRITE');
}

async function reenableAofQuietly(target: RedisTarget, logger?: Logger): Promise<void> {
  try {
    const c = await connectRedis(target, { logger });
    try {
      await c.call('CONFIG', 'SET', 'appendonly', 'yes');
      await c.call('CONFIG', 'REWRITE');
    } finally {
      await c.close();
    }
  } catch (err) {
    logger?.log('error', `Could not switch the append-only file back on: ${(err as Error).message}. Run CONFIG SET appendonly yes and CONFIG REWRITE.`);
  }
}

/** The restored file did not come up: put the old one back and start again. */
async function rollBack(
  opts: FileRestoreOptions,
  layout: RedisFileLayout,
  control: ServiceControl,
  safety: string | null,
  error: KuraError,
  steps: string[],
): Promise<FileRestoreResult> {
  const { logger } = opts;
  steps.push(`Redis did not come back with the restored file: ${error.message}`);
  try {
    await runServiceCommand(control, 'stop', { logger }).catch(() => {});
    await waitStopped(opts.target, null, opts.stopTimeoutMs ?? 120_000);
    await rename(layout.rdbPath, layout.rdbPath + '.kura-failed-restore');
    if (safety) await rename(safety, layout.rdbPath);
    await runServiceCommand(control, 'start', { logger });
    const c = await waitReady(opts.target, '', opts.startTimeoutMs ?? 1_800_000, logger);
    await c.close();
  } catch (err) {
    steps.push(`Putting the previous file back failed too: ${(err as Error).message}`);
    throw error;
  }
  steps.push(
    `Put the previous file back and started Redis again (the snapshot that failed is kept as ${layout.rdbPath}.kura-failed-restore).` +
      (layout.appendonly
        ? ' The append-only file is still switched off; the previous AOF was not touched: set "appendonly yes" in redis.conf and restart Redis to load it.'
        : ''),
  );
  return { outcome: 'rolled-back', verification: [], safetyBackup: null, error };
}

/** Keys per database after the load, against the manifest minus keys that expired by now. */
async function verifyKeys(client: RespClient, opts: FileRestoreOptions): Promise<RestoreCheck[]> {
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
    checks.push({
      check: `keys in db ${db}`,
      ok,
      detail: `${actual} keys on the server, ${inBackup} in the backup${expired > 0 ? ` (${expired} have expired since the backup)` : ''}`,
    });
  }
  if (opts.needs.functions > 0) {
    const r = await client.command('FUNCTION', 'LIST');
    const libs = r.kind === 'array' ? r.items.length : -1;
    checks.push({ check: 'function libraries', ok: libs === opts.needs.functions, detail: `${libs < 0 ? 'unknown' : libs} on the server, ${opts.needs.functions} in the backup` });
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
