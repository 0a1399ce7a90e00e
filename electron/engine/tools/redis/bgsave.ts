/**
 * Method `file`: ask the server to write its snapshot (BGSAVE), wait for it, copy dump.rdb.
 *
 * While the save runs, `SaveTail` reads the file the save child is writing and walks it on the core
 * the child leaves idle; its bytes are used only when they provably are the finished dump.rdb (see
 * save-tail.ts). Otherwise — and whenever anything about the tail is in doubt — dump.rdb is copied
 * and walked after the save, as it always was. The log says which of the two happened.
 *
 * For servers on the same machine as Kura (or whose data folder is reachable as a path) where
 * replication is not allowed. The subtle part is knowing that the file on disk is OUR snapshot and
 * not an older one: Kura notes `rdb_saves` (Redis 7+; it counts every background save as it starts)
 * and `rdb_last_save_time` before asking, and accepts only a save that completed after that, with
 * `rdb_last_bgsave_status:ok`. A save already running when we ask is waited out and then ours is
 * started, so the snapshot is never older than the backup.
 *
 * That proves a save happened, not that the file Kura then reads is the one it wrote: a wrong
 * `rdbPath` (an old copy, a file someone touched, another server's dump) used to pass on its mtime.
 * So the file itself must say it is this save's, from the RDB's own AUX fields:
 *  - `ctime` (when the save that wrote it started, server clock) must lie between the server's clock
 *    just before Kura's BGSAVE and LASTSAVE after the file was read. Before sending BGSAVE Kura waits
 *    until the server's clock has passed the previous LASTSAVE (at most a second, only when a save
 *    ended in this very second), so every file an earlier save of this server wrote has a `ctime`
 *    strictly before the window: a copy taken seconds earlier is refused too;
 *  - `redis-ver` must be the version the server runs.
 * Either failing is `redis-rdb-not-this-save`, naming the file, what it holds and what the server
 * says. A file without these fields (Redis before 3.2) keeps only the mtime check, and the log says so.
 */
import { createHash } from 'node:crypto';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { KuraError, throwIfCancelled } from '../../errors.js';
import { sayTo, type Logger } from '../../progress.js';
import { msg, verbatim } from '../../../shared/messages/index.js';
import { fetchInfo } from './info.js';
import { redisReplyError } from './redis-errors.js';
import { describeTarget, type RedisTarget } from './redis-target.js';
import { connectRedis, type RespClient } from './resp-client.js';
import { RdbReader } from './rdb-reader.js';
import { respText } from './resp-parser.js';
import { SaveTail } from './save-tail.js';
import type { RdbDownload } from './sync.js';
import { validateRdbReader } from './validate-rdb.js';

export interface BgsaveOptions {
  target: RedisTarget;
  /** Where the server's RDB file is, when CONFIG GET is not allowed or the path differs here. */
  rdbPath?: string;
  outFile: string;
  signal?: AbortSignal;
  onProgress?: (p: { bytes: number; totalBytes: number | null }) => void;
  logger?: Logger;
  /** Give up waiting for the save after this long. Default 1 hour (a big dataset on a slow disk). */
  saveTimeoutMs?: number;
  /**
   * INFO polling interval. Default 50 ms: the time between the end of the save and the next poll is
   * pure waiting (INFO persistence costs the server microseconds).
   */
  pollMs?: number;
}

interface SaveState {
  inProgress: boolean;
  saves: number | null;
  lastSaveTime: number;
  lastStatus: string;
}

async function saveState(client: RespClient): Promise<SaveState> {
  const info = await fetchInfo(client, 'persistence');
  const saves = info.get('rdb_saves');
  return {
    inProgress: info.get('rdb_bgsave_in_progress') === '1',
    saves: saves === undefined ? null : Number(saves),
    lastSaveTime: Number(info.get('rdb_last_save_time') ?? 0),
    lastStatus: info.get('rdb_last_bgsave_status') ?? 'ok',
  };
}

/** BGSAVE, wait until our save is on disk, then take the RDB into `outFile` (read while written, or copied). */
export async function fetchViaBgsave(opts: BgsaveOptions): Promise<RdbDownload> {
  const { target, logger } = opts;
  const client = await connectRedis(target, { signal: opts.signal, logger });
  let tail: SaveTail | null = null;
  try {
    // Asked before the save (not after): the tail needs the folder while the save runs.
    const source = opts.rdbPath ?? (await rdbLocation(client));
    const serverVersion = (await fetchInfo(client, 'server')).get('redis_version') ?? null;
    tail = new SaveTail({ dir: dirname(source), outFile: opts.outFile, signal: opts.signal, onProgress: opts.onProgress, logger });
    const save = await runBgsave(client, opts, tail);
    await checkFresh(source, save.finishedAt, target);
    const following = tail;
    tail = null;
    const outcome = await following.complete(source);
    let download: RdbDownload;
    if (outcome.kind === 'tailed') {
      sayTo(logger, 'info', msg('redis-bgsave-tailed', { path: source, temp: outcome.tempName, bytes: outcome.download.bytes }));
      download = outcome.download;
    } else {
      logger?.log('debug', `redis: ${source} was not read during the save: ${outcome.reason}`);
      sayTo(logger, 'info', msg('redis-bgsave-copying', { path: source }));
      download = await copyFile(source, opts);
    }
    await checkThisSave(client, source, download, save, serverVersion, opts);
    return download;
  } catch (err) {
    await tail?.cancel();
    throw err;
  } finally {
    await client.close();
  }
}

/** The save Kura asked for, on the server's clock (whole seconds). */
interface OwnSave {
  /** The server's clock right before the BGSAVE that was accepted; strictly after every earlier save. Null when the server would not tell. */
  startedAfter: number | null;
  /** LASTSAVE before the BGSAVE (the fallback lower bound when the clock is unknown). */
  previousSave: number;
  /** rdb_last_save_time once our save was confirmed done. */
  finishedAt: number;
}

/**
 * The file must carry this save's own marks (see the file comment). Called once the bytes are in
 * `outFile`; throwing makes fetchRdb delete it.
 */
async function checkThisSave(client: RespClient, path: string, download: RdbDownload, save: OwnSave, serverVersion: string | null, opts: BgsaveOptions): Promise<void> {
  const v = download.validation;
  if (v.savedAt === undefined) {
    sayTo(opts.logger, 'info', msg('redis-rdb-no-save-time', { path }));
    return;
  }
  const lastSave = await lastSaveNow(client).catch(() => save.finishedAt);
  const from = save.startedAfter ?? save.previousSave;
  const until = Math.max(save.finishedAt, lastSave);
  const timeOk = v.savedAt >= from && v.savedAt <= until;
  const versionOk = serverVersion === null || v.redisVersion === undefined || v.redisVersion === serverVersion;
  if (timeOk && versionOk) {
    opts.logger?.log('debug', `redis: ${path} is this save's file (ctime ${v.savedAt} within ${from}..${until}, redis-ver ${v.redisVersion ?? '?'})`);
    return;
  }
  const keys = Object.values(v.keysPerDb).reduce((a, b) => a + b, 0);
  const actual = await rdbLocation(client).catch(() => null);
  throw new KuraError({
    code: 'redis-rdb-not-this-save',
    params: {
      path,
      where: describeTarget(opts.target),
      keys,
      savedAt: isoSeconds(v.savedAt),
      fileVersion: v.redisVersion ?? '?',
      from: isoSeconds(from),
      until: isoSeconds(until),
      serverVersion: serverVersion ?? '?',
      actual: actual ?? '?',
      command: RDB_LOCATION_COMMANDS,
    },
    category: 'config',
  });
}

/** Where the server says it writes its snapshot: a fact for hints. */
const RDB_LOCATION_COMMANDS = 'CONFIG GET dir, CONFIG GET dbfilename';

function isoSeconds(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace('.000Z', 'Z');
}

async function lastSaveNow(client: RespClient): Promise<number> {
  const r = await client.call('LASTSAVE');
  if (r.kind !== 'integer') throw new Error(`LASTSAVE returned ${r.kind}`);
  return r.value;
}

/**
 * The server's clock (INFO server_time_usec on Redis 6.2+, else TIME): whole seconds and the
 * milliseconds into that second; null when it will not say (an ACL without TIME on an older server).
 */
async function serverClock(client: RespClient): Promise<{ seconds: number; ms: number } | null> {
  const usec = Number((await fetchInfo(client, 'server')).get('server_time_usec'));
  if (Number.isFinite(usec) && usec > 0) return { seconds: Math.floor(usec / 1e6), ms: Math.floor(usec / 1000) % 1000 };
  const r = await client.command('TIME');
  if (r.kind === 'array' && r.items[0]) {
    const s = Number(respText(r.items[0]));
    const us = r.items[1] ? Number(respText(r.items[1])) : NaN;
    if (Number.isFinite(s) && s > 0) return { seconds: s, ms: Number.isFinite(us) ? Math.floor(us / 1000) : 500 };
  }
  return null;
}

/**
 * How far into a second the clock must be before its whole second is taken as the lower bound of
 * the save's ctime: Redis stamps ctime with time(NULL), a coarse clock that may lag the precise one
 * by a scheduler tick, so right after a second begins ctime may still read the second before.
 */
const SECOND_MARGIN_MS = 50;

/**
 * The server's clock once it is past `previousSave`, so that our save's ctime is strictly later than
 * that of any file an earlier save wrote. Waits only when a save ended in the current second (or the
 * clock is a second behind it), and a few milliseconds at the very start of a second (see
 * SECOND_MARGIN_MS); a clock far behind its own LASTSAVE (it was set back) is not waited for — then
 * the LASTSAVE bound decides.
 */
async function clockAfter(client: RespClient, previousSave: number, signal?: AbortSignal): Promise<number | null> {
  for (let waited = 0; ; waited++) {
    const now = await serverClock(client);
    if (now === null) return null;
    if (now.ms < SECOND_MARGIN_MS && waited < 25) {
      await sleep(SECOND_MARGIN_MS - now.ms + 5, undefined, { signal }).catch(() => throwIfCancelled(signal));
      continue;
    }
    if (now.seconds > previousSave || previousSave - now.seconds > 1 || waited >= 25) return now.seconds;
    await sleep(100, undefined, { signal }).catch(() => throwIfCancelled(signal));
  }
}

/**
 * Starts our BGSAVE and waits for it; returns when it ran on the server's clock. `tail` is armed
 * right before each BGSAVE is sent and set following once one is accepted.
 */
async function runBgsave(client: RespClient, opts: BgsaveOptions, tail: SaveTail): Promise<OwnSave> {
  const { target, logger } = opts;
  const deadline = Date.now() + (opts.saveTimeoutMs ?? 3_600_000);

  let before = await saveState(client);
  let startedAfter: number | null;
  for (;;) {
    throwIfCancelled(opts.signal);
    if (before.inProgress) {
      // Someone else's save: it may predate this backup, so wait it out and start our own.
      sayTo(logger, 'info', msg('redis-bgsave-waiting', {}));
      before = await waitUntil(client, opts, deadline, (s) => !s.inProgress);
      continue;
    }
    startedAfter = await clockAfter(client, before.lastSaveTime, opts.signal);
    await tail.arm();
    const reply = await client.command('BGSAVE');
    if (reply.kind !== 'error') {
      const said = respText(reply);
      // The server's own words when it says something ("Background saving started").
      sayTo(logger, 'info', said ? verbatim(`Redis: ${said}`) : msg('redis-bgsave-accepted', {}));
      tail.follow();
      break;
    }
    if (/already in progress/i.test(reply.message)) {
      // Someone else's save: it may predate this backup, so wait it out and start our own.
      sayTo(logger, 'info', msg('redis-bgsave-waiting', {}));
      before = await waitUntil(client, opts, deadline, (s) => !s.inProgress);
      continue;
    }
    if (/BGSAVE SCHEDULE|rewriting in progress/i.test(reply.message)) {
      // An AOF rewrite is running: SCHEDULE starts our save as soon as it ends.
      await tail.arm();
      const sched = await client.command('BGSAVE', 'SCHEDULE');
      if (sched.kind === 'error') throw redisReplyError(sched.message, 'bgsave', target);
      sayTo(logger, 'info', msg('redis-bgsave-scheduled', {}));
      tail.follow();
      break;
    }
    throw redisReplyError(reply.message, 'bgsave', target);
  }

  let sawInProgress = false;
  const done = await waitUntil(client, opts, deadline, (s) => {
    if (s.inProgress) sawInProgress = true;
    if (s.inProgress) return false;
    if (before.saves !== null && s.saves !== null) return s.saves > before.saves;
    // Redis < 7 has no rdb_saves: the save time moved on, or we watched a save run and end.
    return s.lastSaveTime > before.lastSaveTime || sawInProgress;
  });
  if (done.lastStatus !== 'ok') {
    throw new KuraError({ code: 'redis-bgsave-failed', params: { where: describeTarget(target), status: `rdb_last_bgsave_status:${done.lastStatus}` }, category: 'resource' });
  }
  return { startedAfter, previousSave: before.lastSaveTime, finishedAt: done.lastSaveTime };
}

async function waitUntil(client: RespClient, opts: BgsaveOptions, deadline: number, ok: (s: SaveState) => boolean): Promise<SaveState> {
  const pollMs = opts.pollMs ?? 50;
  for (;;) {
    const s = await saveState(client);
    if (ok(s)) return s;
    if (Date.now() > deadline) {
      throw new KuraError({ code: 'redis-bgsave-timeout', params: { where: describeTarget(opts.target) }, category: 'resource' });
    }
    await sleep(pollMs, undefined, { signal: opts.signal }).catch(() => throwIfCancelled(opts.signal));
  }
}

/** dir + dbfilename from CONFIG GET (the server's own view of the path). */
async function rdbLocation(client: RespClient): Promise<string> {
  const get = async (name: string): Promise<string> => {
    const reply = await client.call('CONFIG', 'GET', name);
    const value = reply.kind === 'array' && reply.items.length >= 2 ? respText(reply.items[1]!) : null;
    if (value === null || value === '') {
      throw new KuraError({ code: 'redis-rdb-path-unknown', params: { command: `CONFIG GET ${name}` }, category: 'config' });
    }
    return value;
  };
  const dir = await get('dir');
  const name = await get('dbfilename');
  return isAbsolute(name) ? name : join(dir, name);
}

/**
 * Refuses a file that was not written by the save we waited for (a wrong rdbPath pointing at an
 * old copy would otherwise be backed up silently). Ten minutes of slack cover clock skew of a
 * network share; a path that is simply not on this computer gets its own explanation.
 */
async function checkFresh(path: string, lastSaveTime: number, target: RedisTarget): Promise<void> {
  let st;
  try {
    st = await stat(path);
  } catch (err) {
    throw fileError(err, path, target);
  }
  if (lastSaveTime > 0 && st.mtimeMs / 1000 < lastSaveTime - 600) {
    throw new KuraError({ code: 'redis-rdb-stale', params: { path, command: RDB_LOCATION_COMMANDS }, category: 'config' });
  }
}

function fileError(err: unknown, path: string, target: RedisTarget): KuraError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new KuraError({ code: 'redis-rdb-not-found', params: { where: describeTarget(target), path }, category: 'config', cause: err });
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new KuraError({ code: 'redis-rdb-unreadable', params: { path }, category: 'config', cause: err });
  }
  return new KuraError({ code: 'redis-rdb-read-failed', params: { path, reason: (err as Error).message }, category: 'resource', cause: err });
}

/**
 * Copies in 1 MiB chunks, hashing as it goes, while the same open file is walked and CRC64-checked
 * alongside (`validateRdbReader` on positional reads of the same handle). Opening first pins the
 * snapshot even if Redis renames a newer one over it, so the walk and the copy read the same bytes.
 *
 * Why two readers and not `RdbFileSink` (one reader feeding both): measured on a 1 GB RDB, the copy
 * waits on the disk while the walk waits on the CPU; coupled through one queue each stalls the other
 * (8 s), side by side they overlap (the copy finishes under the walk's ~3.3 s).
 */
async function copyFile(source: string, opts: BgsaveOptions): Promise<RdbDownload> {
  let input;
  try {
    input = await open(source, 'r');
  } catch (err) {
    throw fileError(err, source, opts.target);
  }
  try {
    const totalBytes = (await input.stat()).size;
    // Whichever side fails first stops the other; both have settled before the file is closed.
    const stop = new AbortController();
    let firstError: { error: unknown } | null = null;
    const failed = (error: unknown): never => {
      firstError ??= { error };
      stop.abort(error);
      throw error;
    };
    const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
    const reader = RdbReader.fromOpenFile(input, totalBytes, { signal, captureRaw: false });
    const [copied, validation] = await Promise.allSettled([
      copyAndHash(input, totalBytes, opts, stop.signal).catch(failed),
      validateRdbReader(reader).catch(failed),
    ]);
    if (firstError !== null) throw (firstError as { error: unknown }).error;
    if (copied.status === 'rejected' || validation.status === 'rejected') throw new Error('unreachable: a failure without an error');
    return { ...copied.value, validation: validation.value };
  } finally {
    await input.close();
  }
}

async function copyAndHash(input: FileHandle, totalBytes: number, opts: BgsaveOptions, stop: AbortSignal): Promise<{ bytes: number; sha256: string }> {
  const output = await open(opts.outFile, 'w', 0o600);
  try {
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(1024 * 1024);
    let bytes = 0;
    let lastProgress = 0;
    opts.onProgress?.({ bytes: 0, totalBytes });
    for (;;) {
      throwIfCancelled(opts.signal);
      if (stop.aborted) throw stop.reason;
      const { bytesRead } = await input.read(buf, 0, buf.length, bytes);
      if (bytesRead === 0) break;
      const chunk = buf.subarray(0, bytesRead);
      hash.update(chunk);
      await output.write(chunk);
      bytes += bytesRead;
      if (Date.now() - lastProgress >= 200) {
        lastProgress = Date.now();
        opts.onProgress?.({ bytes, totalBytes });
      }
    }
    await output.sync();
    opts.onProgress?.({ bytes, totalBytes });
    return { bytes, sha256: hash.digest('hex') };
  } finally {
    await output.close();
  }
}
