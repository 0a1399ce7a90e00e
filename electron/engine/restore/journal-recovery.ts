/**
 * The two ways out of an interrupted restore (and the third, for the admin who dealt with it by hand):
 *   - roll back: MySQL gets the safety dump taken before the restore imported again (into the
 *     database recreated with its old charset and collation); a Redis file restore gets its kept
 *     `.kura-before-restore` files put back; a restore that never changed anything is just cleaned up;
 *   - finish: run the same restore request again — MySQL without a new safety dump (the database is
 *     half restored now) and with the first attempt's one as its way back; Redis file from whatever
 *     state the files are in (verified only, when the switch had already happened);
 *   - dismiss: remove the journal, nothing else (the admin checked the target by hand).
 *
 * A journal is data from disk: before anything is done with it, every folder it names is confirmed
 * against Kura's own configuration — the job's backup folder (`<destination>/<jobId>`, where the
 * safety dump must resolve, symlinks included, inside `_safety/`), and the Redis data folder as the
 * server reports it (CONFIG GET, after starting it when it is down: by design it then comes up on
 * its old or new data) or its redis.conf states. The target itself must be the one the config names
 * (same journal id). Anything else is refused as `restore-journal-foreign`.
 */
import { realpath, rm, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { findJob } from '../config/config-store.js';
import type { Job, RedisSource, Source } from '../config/schema.js';
import { KuraError, toKuraError } from '../errors.js';
import { nullLogger, sayTo, type Logger } from '../progress.js';
import { jobRoot as jobRootOf } from '../snapshot/snapshot-store.js';
import { createDatabase, detectMysqlClient, dropDatabase, quoteIdentifier, withDefaultsFile } from '../tools/mysql/index.js';
import { aofCheck, readFileLayout, verifyKeys, waitReady, waitStopped } from '../tools/redis/file-restore.js';
import { isSwitched, putPreviousBack, readRedisConf, undoStaging } from '../tools/redis/rdb-swap.js';
import { describeTarget, type RedisTarget } from '../tools/redis/redis-target.js';
import { connectRedis, type RespClient } from '../tools/redis/resp-client.js';
import { describeServiceCommand, resolveServiceControl, runServiceCommand, type ServiceControl } from '../tools/redis/service-control.js';
import { validateRdbFile } from '../tools/redis/validate-rdb.js';
import { PARTIAL_DUMP_SUFFIX, rollBack as rollBackMysql } from './mysql-restore.js';
import {
  claimJournal,
  describeJournalTarget,
  journalCommands,
  journalIdFor,
  readJournalEntry,
  removeJournal,
  STEPS,
  type JournalHandle,
  type MysqlJournalTarget,
  type RedisJournalLayout,
  type RestoreJournal,
} from './restore-journal.js';
import { journalTarget, mysqlTarget, pickItem, redisTarget, runRestore, serverLink, targetAddress, type RestoreContext } from './restore-engine.js';
import { resolveRestore } from './restore-source.js';
import { SAFETY_DIR } from './safety-backups.js';
import type { RestoreOutcome, RestoreRunOptions } from './types.js';
import { finish as finishRedis } from './redis-restore.js';
import { errorMessage } from './said.js';
import { msg, type MessageData } from '../../shared/messages/index.js';

/** "Roll back to the safety backup" of an interrupted or unresolved restore. */
export async function rollBackRestore(ctx: RestoreContext, id: string, opts: RestoreRunOptions = {}): Promise<RestoreOutcome> {
  const logger = opts.logger ?? nullLogger;
  const handle = await claimJournal(ctx.home, id);
  const steps: MessageData[] = [];
  try {
    const j = handle.journal;
    sayTo(logger, 'warn', msg('restore-rollback-starting', { id: j.id, target: describeJournalTarget(j.target), snapshot: j.snapshotId, step: j.step }));
    const folders = await confirmFolders(ctx, j);
    let outcome: RestoreOutcome;
    switch (j.target.type) {
      case 'mysql':
        outcome = await rollBackMysqlJournal(ctx, handle, j.target, folders, steps, logger);
        break;
      case 'redis':
        if (j.target.method === 'file') {
          outcome = await rollBackRedisFile(ctx, handle, steps, logger);
          break;
        }
        outcome = untouchedOrUnavailable(handle, steps);
        break;
      case 'files':
        outcome = untouchedOrUnavailable(handle, steps);
        break;
    }
    if (outcome.status === 'rolled-back') await handle.close();
    else await handle.leaveUnresolved(outcome.error);
    return outcome;
  } catch (err) {
    const e = toKuraError(err);
    await handle.leaveUnresolved(e.toJSON()).catch(() => {});
    return { status: 'failed', steps, verification: [], safetyBackup: null, error: e.toJSON() };
  }
}

/** "Finish the restore": the same request again, from where the files and the database are now. */
export async function finishRestore(ctx: RestoreContext, id: string, opts: RestoreRunOptions = {}): Promise<RestoreOutcome> {
  const logger = opts.logger ?? nullLogger;
  const handle = await claimJournal(ctx.home, id);
  try {
    const j = handle.journal;
    sayTo(logger, 'warn', msg('restore-finish-starting', { id: j.id, target: describeJournalTarget(j.target), snapshot: j.snapshotId, step: j.step }));
    const folders = await confirmFolders(ctx, j);
    switch (j.target.type) {
      case 'mysql': {
        const t = j.target;
        await removePartialSafetyDump(t, folders);
        if (!j.touched || t.before === null) return await runRestore(ctx, j.request, opts, { journal: handle });
        const safetyPath = t.safety?.verified ? folders.safetyFile : null;
        return await runRestore(ctx, j.request, opts, { journal: handle, mysql: { before: t.before, safetyPath } });
      }
      case 'redis':
        if (j.target.method === 'file' && j.touched) return await finishRedisFile(ctx, handle, opts, logger);
        return await runRestore(ctx, j.request, opts, { journal: handle });
      case 'files':
        return await runRestore(ctx, j.request, opts, { journal: handle });
    }
  } catch (err) {
    const e = toKuraError(err);
    await handle.leaveUnresolved(e.toJSON()).catch(() => {});
    return { status: 'failed', steps: [], verification: [], safetyBackup: null, error: e.toJSON() };
  }
}

/** Removes a journal without touching the target: the admin has checked it by hand. */
export async function dismissRestore(ctx: RestoreContext, id: string, logger: Logger = nullLogger): Promise<void> {
  const entry = await readJournalEntry(ctx.home, id);
  if (entry?.kind === 'damaged') {
    await removeJournal(ctx.home, id);
    sayTo(logger, 'warn', msg('restore-journal-removed-damaged', { path: entry.path }));
    return;
  }
  const handle = await claimJournal(ctx.home, id);
  await handle.close();
  sayTo(logger, 'warn', msg('restore-journal-dismissed', { id, target: describeJournalTarget(handle.journal.target) }));
}

// ---- confirming what the journal names ------------------------------------------------------------

interface ConfirmedFolders {
  /** The job's backup folder as the configuration says (realpath). */
  jobRoot: string;
  /** MySQL: the safety dump inside `<jobRoot>/_safety/`, or null. */
  safetyFile: string | null;
  /** The configured source (service commands, credentials), when the job is configured. */
  source: Source | null;
}

/** The journal names something (`named`) other than what this computer's configuration says (`expected`): facts both. */
function foreign(j: RestoreJournal, named: string, expected: string): KuraError {
  return new KuraError({
    code: 'restore-journal-foreign',
    params: { id: j.id, named, expected, target: describeJournalTarget(j.target), dismiss: journalCommands(j.id).dismiss },
    category: 'data',
  });
}

async function real(path: string): Promise<string> {
  return realpath(path).catch(() => resolve(path));
}

function inside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && !rel.split(sep).includes('..');
}

async function confirmFolders(ctx: RestoreContext, j: RestoreJournal): Promise<ConfirmedFolders> {
  // The job's folder: from the configuration (or, for a restore from a backup folder, from that folder again).
  let expected: string;
  let source: Source | null = null;
  if (j.request.fromFolder) {
    const r = await resolveRestore(ctx.config, j.request, ctx);
    expected = r.jobRoot;
    source = r.source;
  } else {
    if (!ctx.config || !ctx.config.jobs.some((job) => job.id === j.jobId) || j.request.jobId !== j.jobId) {
      throw foreign(j, j.jobId, ctx.config?.jobs.map((job) => job.id).join(', ') || '—');
    }
    const job = findJob(ctx.config, j.jobId);
    expected = jobRootOf(job.destination.path, job.id);
    source = job.sources.find((s) => s.id === j.request.sourceId) ?? null;
  }
  const root = await real(expected);
  if (root !== (await real(j.jobRoot))) throw foreign(j, j.jobRoot, expected);

  // The target must be the one the request names today (same host, port, database → same id).
  const targetNow = await expectedTarget(ctx, j, source);
  if (targetNow !== null && journalIdFor(targetNow) !== j.id) {
    throw foreign(j, describeJournalTarget(j.target), describeJournalTarget(targetNow));
  }

  let safetyFile: string | null = null;
  if (j.target.type === 'mysql' && j.target.safety) {
    const safetyRoot = await real(join(root, SAFETY_DIR));
    const name = j.target.safety.verified ? j.target.safety.file : j.target.safety.file + PARTIAL_DUMP_SUFFIX;
    const candidate = join(safetyRoot, j.target.safety.id, name);
    const resolved = await real(candidate);
    if (!inside(resolved, safetyRoot)) throw foreign(j, candidate, join(expected, SAFETY_DIR));
    safetyFile = resolved;
  }
  return { jobRoot: root, safetyFile, source };
}

/** What the journal's request restores to with today's configuration (null when it cannot be told without the snapshot). */
/** The job a journal's restore belongs to, as configured now (null on a new PC without it). */
function jobOf(ctx: RestoreContext, j: RestoreJournal): Job | null {
  return ctx.config?.jobs.find((x) => x.id === j.jobId) ?? null;
}

async function expectedTarget(ctx: RestoreContext, j: RestoreJournal, source: Source | null): Promise<MysqlJournalTarget | RestoreJournal['target'] | null> {
  const t = j.target;
  switch (t.type) {
    case 'mysql': {
      const m = targetAddress({ source, job: jobOf(ctx, j) }, j.request, 'mysql');
      return { ...t, host: m.host, port: m.port, database: j.request.mysql?.toDatabase ?? t.database };
    }
    case 'redis': {
      const r = targetAddress({ source, job: jobOf(ctx, j) }, j.request, 'redis');
      return { ...t, host: r.host, port: r.port };
    }
    case 'files': {
      try {
        const r = await resolveRestore(ctx.config, j.request, ctx);
        return await journalTarget(ctx, r, pickItem(r, j.request), j.request);
      } catch {
        return null;
      }
    }
  }
}

async function removePartialSafetyDump(t: MysqlJournalTarget, folders: ConfirmedFolders): Promise<void> {
  if (t.safety && !t.safety.verified && folders.safetyFile) await rm(folders.safetyFile, { force: true });
}

// ---- MySQL ----------------------------------------------------------------------------------------

async function rollBackMysqlJournal(
  ctx: RestoreContext,
  handle: JournalHandle,
  t: MysqlJournalTarget,
  folders: ConfirmedFolders,
  steps: MessageData[],
  logger: Logger,
): Promise<RestoreOutcome> {
  const j = handle.journal;
  const name = quoteIdentifier(t.database);
  const step = (_key: string, message: MessageData, level: 'info' | 'warn' | 'error' = 'info') => {
    steps.push(message);
    sayTo(logger, level, message);
  };
  const done = (status: RestoreOutcome['status'], error: KuraError | null): RestoreOutcome => ({
    status,
    steps,
    verification: [],
    safetyBackup: t.safety?.verified && folders.safetyFile ? { path: folders.safetyFile } : null,
    error: error?.toJSON() ?? null,
  });
  await removePartialSafetyDump(t, folders);
  if (!j.touched || t.before === null) {
    const facts = { name, where: `${t.host}:${t.port}` };
    step('rollback', t.safety && !t.safety.verified ? msg('mysql-rollback-untouched-partial-removed', facts) : msg('mysql-rollback-untouched', facts));
    return done('rolled-back', null);
  }
  const before = t.before;
  // The database is reached as the restore reached it: directly, or through the job's SSH connection.
  const link = serverLink(ctx, { jobId: j.jobId, job: jobOf(ctx, j) }, undefined, logger);
  const target = await mysqlTarget(ctx, { source: folders.source }, j.request, link);
  const client = await detectMysqlClient(ctx.tools);
  await handle.record('rollback');
  try {
    return await withDefaultsFile(target, async (cnf) => {
      if (t.safety?.verified && folders.safetyFile) {
        await stat(folders.safetyFile).catch((err: unknown) => {
          throw new KuraError({ code: 'restore-safety-missing', params: { path: folders.safetyFile!, name, finish: journalCommands(j.id).finish }, category: 'data', detail: (err as Error).message });
        });
        const ok = await rollBackMysql({
          client,
          target,
          cnf,
          safetyPath: folders.safetyFile,
          before,
          name,
          step,
          toDatabase: t.database,
          stripDefiners: j.request.mysql?.stripDefiners ?? false,
          logger,
        });
        return ok ? done('rolled-back', null) : done('failed', new KuraError({ code: 'restore-rollback-failed', params: { name }, category: 'data' }));
      }
      if (before.kind === 'missing') {
        await dropDatabase(client, cnf, target, t.database, { logger });
        step('rollback', msg('mysql-rollback-dropped-created', { name }));
        return done('rolled-back', null);
      }
      if (before.tables + before.views === 0) {
        await dropDatabase(client, cnf, target, t.database, { logger });
        await createDatabase(client, cnf, target, t.database, { logger, charset: before.charset, collation: before.collation });
        step('rollback', msg('mysql-rollback-emptied', { name }));
        return done('rolled-back', null);
      }
      throw unavailable(j);
    });
  } finally {
    await link.close();
  }
}

/** Nothing of what the restore overwrote was kept (a live Redis restore, a files restore, MySQL without a safety backup). */
function unavailable(j: RestoreJournal): KuraError {
  return new KuraError({ code: 'restore-rollback-unavailable', params: { target: describeJournalTarget(j.target), finish: journalCommands(j.id).finish }, category: 'config' });
}

function untouchedOrUnavailable(handle: JournalHandle, steps: MessageData[]): RestoreOutcome {
  const j = handle.journal;
  if (j.touched) throw unavailable(j);
  steps.push(msg('restore-rollback-untouched', { target: describeJournalTarget(j.target) }));
  return { status: 'rolled-back', steps, verification: [], safetyBackup: null, error: null };
}

// ---- Redis file -----------------------------------------------------------------------------------

interface RedisFileState {
  target: RedisTarget;
  control: ServiceControl;
  layout: RedisJournalLayout;
  /** A logged-in client when the server answers (it was started if it was down). */
  client: RespClient | null;
  swapStarted: boolean;
}

const stepIndex = (step: string) => (STEPS['redis-file'] as readonly string[]).indexOf(step);

/**
 * Brings the server up if it is down (its files give the old or the new data, by design) and confirms
 * that the journal's folders are the ones this server uses.
 */
async function redisFileState(ctx: RestoreContext, handle: JournalHandle, logger: Logger, steps: MessageData[]): Promise<RedisFileState> {
  const j = handle.journal;
  const t = j.target;
  if (t.type !== 'redis' || t.layout === null) throw new Error('not a Redis file restore with a layout');
  const folders = await confirmFolders(ctx, j);
  const source = folders.source?.type === 'redis' ? (folders.source as RedisSource) : null;
  // The file method runs on this computer only (never through SSH): a direct link.
  const target = await redisTarget(ctx, { source }, j.request, serverLink(ctx, { jobId: j.jobId, job: null }, undefined, logger));
  const control = await resolveServiceControl({ service: source?.service, logger });
  let client = await connectRedis(target, { logger, connectTimeoutMs: 5000 }).catch(() => null);
  if (client === null) {
    steps.push(msg('redis-recovery-starting', { where: describeTarget(target), command: describeServiceCommand(control, 'start') }));
    try {
      await runServiceCommand(control, 'start', { logger });
      client = await waitReady(target, '', 120_000, logger);
    } catch (err) {
      steps.push(msg('redis-recovery-start-failed', {}), errorMessage(toKuraError(err)));
      client = null;
    }
  }
  await confirmRedisLayout(j, t.layout, client, target);
  const swapStarted = stepIndex(j.step) >= stepIndex('swapping');
  return { target, control, layout: t.layout, client, swapStarted };
}

async function confirmRedisLayout(j: RestoreJournal, layout: RedisJournalLayout, client: RespClient | null, target: RedisTarget): Promise<void> {
  let dir: string;
  let dbfilename: string;
  let appendonly: boolean;
  let aof: { dirname: string; filename: string } | null;
  if (client) {
    const l = await readFileLayout(client, target);
    dir = dirname(l.rdbPath);
    dbfilename = basename(l.rdbPath);
    appendonly = l.appendonly;
    aof = l.aof;
  } else if (layout.configFile) {
    const conf = await readRedisConf(layout.configFile).catch(() => null);
    const confDir = conf?.get('dir');
    if (!conf || !confDir || !isAbsolute(confDir)) throw unconfirmed(j, layout, target, layout.configFile);
    dir = resolve(confDir);
    dbfilename = conf.get('dbfilename') ?? 'dump.rdb';
    appendonly = (conf.get('appendonly') ?? 'no').toLowerCase() === 'yes';
    aof = { dirname: conf.get('appenddirname') ?? 'appendonlydir', filename: conf.get('appendfilename') ?? 'appendonly.aof' };
  } else {
    throw unconfirmed(j, layout, target, null);
  }
  const same =
    (await real(dir)) === (await real(layout.dir)) &&
    dbfilename === layout.dbfilename &&
    appendonly === (layout.aof !== null) &&
    (layout.aof === null || (aof !== null && aof.dirname === layout.aof.dirname && aof.filename === layout.aof.filename));
  if (!same) throw foreign(j, join(layout.dir, layout.dbfilename), join(dir, dbfilename));
}

/** The data folder cannot be confirmed: the server is down and its redis.conf (`configFile`, or none) does not name it. */
function unconfirmed(j: RestoreJournal, layout: RedisJournalLayout, target: RedisTarget, configFile: string | null): KuraError {
  const { finish, rollBack } = journalCommands(j.id);
  return new KuraError({
    code: 'restore-journal-unconfirmed',
    params: { dir: layout.dir, where: describeTarget(target), config: configFile ?? '—', finish, rollBack },
    category: 'resource',
  });
}

async function rollBackRedisFile(ctx: RestoreContext, handle: JournalHandle, steps: MessageData[], logger: Logger): Promise<RestoreOutcome> {
  const j = handle.journal;
  const t = j.target;
  // Before the layout was known nothing was prepared; after it, even an untouched server may have a half-copied file beside it.
  if (t.type !== 'redis' || t.layout === null) return untouchedOrUnavailable(handle, steps);
  const s = await redisFileState(ctx, handle, logger, steps);
  try {
    if (await isSwitched(s.layout, s.swapStarted)) {
      await handle.record('rollback');
      steps.push(msg('redis-rollback-stopping', {}));
      await s.client?.close();
      s.client = null;
      await runServiceCommand(s.control, 'stop', { logger }).catch(() => {});
      await waitStopped(s.target, null, 120_000);
      await putPreviousBack(s.layout);
      await runServiceCommand(s.control, 'start', { logger });
      s.client = await waitReady(s.target, '', 1_800_000, logger);
      const path = join(s.layout.dir, s.layout.dbfilename);
      steps.push(s.layout.aof ? msg('redis-rollback-put-back-aof', { path }) : msg('redis-rollback-put-back', { path }));
    } else {
      await undoStaging(s.layout);
      if (s.client === null) throw new KuraError({ code: 'redis-not-running', params: { where: describeTarget(s.target), rollBack: journalCommands(j.id).rollBack }, category: 'resource' });
      steps.push(msg('redis-rollback-not-switched', {}));
    }
    const aof = await aofCheck(s.client, s.layout.aof !== null);
    return { status: 'rolled-back', steps, verification: [aof], safetyBackup: null, error: null };
  } finally {
    await s.client?.close();
  }
}

async function finishRedisFile(ctx: RestoreContext, handle: JournalHandle, opts: RestoreRunOptions, logger: Logger): Promise<RestoreOutcome> {
  const j = handle.journal;
  const steps: MessageData[] = [];
  const s = await redisFileState(ctx, handle, logger, steps);
  try {
    if (!(await isSwitched(s.layout, s.swapStarted))) {
      await undoStaging(s.layout);
      await s.client?.close();
      s.client = null;
      steps.push(msg('redis-finish-rerun', {}));
      const outcome = await runRestore(ctx, j.request, opts, { journal: handle });
      return { ...outcome, steps: [...steps, ...outcome.steps] };
    }
    if (s.client === null) {
      throw new KuraError({ code: 'redis-snapshot-does-not-start', params: { where: describeTarget(s.target), rollBack: journalCommands(j.id).rollBack }, category: 'resource' });
    }
    // The switch had happened: the server runs on the snapshot. Prove it against the manifest.
    await handle.record('verify');
    const r = await resolveRestore(ctx.config, j.request, ctx);
    const item = pickItem(r, j.request);
    if (item.type !== 'redis') throw new Error('not a Redis item');
    const file = join(r.snapshot.path, item.path);
    const v = await validateRdbFile(file, opts.signal);
    const verification = await verifyKeys(s.client, {
      target: s.target,
      file,
      needs: { rdbVersion: v.rdbVersion, modules: v.modules, functions: v.functions, keysPerDb: v.keysPerDb },
      expectedKeysPerDb: item.keysPerDb,
      sourceId: item.source,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    verification.push(await aofCheck(s.client, s.layout.aof !== null));
    handle.settle('restored');
    await handle.close();
    steps.push(msg('redis-finish-already-in-place', { snapshot: j.snapshotId }));
    return finishRedis(steps, verification, null);
  } finally {
    await s.client?.close();
  }
}
