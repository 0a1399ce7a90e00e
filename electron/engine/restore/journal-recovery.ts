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
import { nullLogger, type Logger } from '../progress.js';
import { jobRoot as jobRootOf } from '../snapshot/snapshot-store.js';
import { createDatabase, detectMysqlClient, dropDatabase, quoteIdentifier, withDefaultsFile } from '../tools/mysql/index.js';
import { aofCheck, readFileLayout, verifyKeys, waitReady, waitStopped } from '../tools/redis/file-restore.js';
import { isSwitched, putPreviousBack, readRedisConf, undoStaging } from '../tools/redis/rdb-swap.js';
import { describeTarget, type RedisTarget } from '../tools/redis/redis-target.js';
import { connectRedis, type RespClient } from '../tools/redis/resp-client.js';
import { resolveServiceControl, runServiceCommand, type ServiceControl } from '../tools/redis/service-control.js';
import { validateRdbFile } from '../tools/redis/validate-rdb.js';
import { PARTIAL_DUMP_SUFFIX, rollBack as rollBackMysql } from './mysql-restore.js';
import {
  claimJournal,
  describeJournalTarget,
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

/** "Roll back to the safety backup" of an interrupted or unresolved restore. */
export async function rollBackRestore(ctx: RestoreContext, id: string, opts: RestoreRunOptions = {}): Promise<RestoreOutcome> {
  const logger = opts.logger ?? nullLogger;
  const handle = await claimJournal(ctx.home, id);
  const steps: string[] = [];
  try {
    const j = handle.journal;
    const what = describeJournalTarget(j.target);
    logger.log('warn', `Rolling back the interrupted restore ${j.id} of ${what} (snapshot ${j.snapshotId}, stopped at step "${j.step}")`);
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
        outcome = untouchedOrUnavailable(handle, steps, 'a live Redis restore keeps no copy of what it overwrote');
        break;
      case 'files':
        outcome = untouchedOrUnavailable(handle, steps, 'a files restore keeps no copy of the files it replaced');
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
    logger.log('warn', `Finishing the interrupted restore ${j.id} of ${describeJournalTarget(j.target)} (snapshot ${j.snapshotId}, stopped at step "${j.step}")`);
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
    logger.log('warn', `Removed the damaged restore journal ${entry.path} (${entry.reason}).`);
    return;
  }
  const handle = await claimJournal(ctx.home, id);
  await handle.close();
  logger.log('warn', `Dismissed the unfinished restore ${id} of ${describeJournalTarget(handle.journal.target)}: the target was left as it is.`);
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

function foreign(j: RestoreJournal, what: string, expected: string): KuraError {
  return new KuraError({
    code: 'restore-journal-foreign',
    category: 'data',
    message: `The restore journal ${j.id} names ${what}, which is not ${expected}: Kura refuses to act on it.`,
    hint: `The journal was changed, or copied from another computer or configuration. Check ${describeJournalTarget(j.target)} by hand, then remove the journal with: kura restore --dismiss ${j.id}`,
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
      throw foreign(j, `the job "${j.jobId}"`, 'a job configured on this computer');
    }
    const job = findJob(ctx.config, j.jobId);
    expected = jobRootOf(job.destination.path, job.id);
    source = job.sources.find((s) => s.id === j.request.sourceId) ?? null;
  }
  const root = await real(expected);
  if (root !== (await real(j.jobRoot))) throw foreign(j, `the folder ${j.jobRoot}`, `the backup folder of job "${j.jobId}" (${expected})`);

  // The target must be the one the request names today (same host, port, database → same id).
  const targetNow = await expectedTarget(ctx, j, source);
  if (targetNow !== null && journalIdFor(targetNow) !== j.id) {
    throw foreign(j, describeJournalTarget(j.target), `what job "${j.jobId}" restores to now (${describeJournalTarget(targetNow)})`);
  }

  let safetyFile: string | null = null;
  if (j.target.type === 'mysql' && j.target.safety) {
    const safetyRoot = await real(join(root, SAFETY_DIR));
    const name = j.target.safety.verified ? j.target.safety.file : j.target.safety.file + PARTIAL_DUMP_SUFFIX;
    const candidate = join(safetyRoot, j.target.safety.id, name);
    const resolved = await real(candidate);
    if (!inside(resolved, safetyRoot)) throw foreign(j, `the safety backup ${candidate}`, `inside ${join(expected, SAFETY_DIR)}`);
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
  steps: string[],
  logger: Logger,
): Promise<RestoreOutcome> {
  const j = handle.journal;
  const name = quoteIdentifier(t.database);
  const step = (_key: string, message: string, level: 'info' | 'warn' | 'error' = 'info') => {
    steps.push(message);
    logger.log(level, message);
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
    step('rollback', `The restore was interrupted before it changed ${name} on ${t.host}:${t.port}: the database is as it was${t.safety && !t.safety.verified ? ' (the unfinished safety backup was removed)' : ''}.`);
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
          throw new KuraError({
            code: 'restore-safety-missing',
            category: 'data',
            message: `The safety backup ${folders.safetyFile} taken before the restore of ${name} is gone (${(err as Error).message}).`,
            hint: 'Finish the restore instead (kura restore --finish), or restore an older snapshot.',
          });
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
        return ok
          ? done('rolled-back', null)
          : done('failed', new KuraError({ code: 'restore-rollback-failed', category: 'data', message: `Rolling ${name} back to the safety backup failed: ${steps.at(-1) ?? ''}`, hint: 'See the steps above; the journal stays open so you can try again.' }));
      }
      if (before.kind === 'missing') {
        await dropDatabase(client, cnf, target, t.database, { logger });
        step('rollback', `Removed ${name}, which the interrupted restore had created: the server is as it was before.`);
        return done('rolled-back', null);
      }
      if (before.tables + before.views === 0) {
        await dropDatabase(client, cnf, target, t.database, { logger });
        await createDatabase(client, cnf, target, t.database, { logger, charset: before.charset, collation: before.collation });
        step('rollback', `Emptied ${name} again (it was empty before the restore).`);
        return done('rolled-back', null);
      }
      throw unavailable(j, 'no safety backup was taken before it (--no-safety-backup)');
    });
  } finally {
    await link.close();
  }
}

function unavailable(j: RestoreJournal, why: string): KuraError {
  return new KuraError({
    code: 'restore-rollback-unavailable',
    category: 'config',
    message: `The restore of ${describeJournalTarget(j.target)} cannot be rolled back: ${why}.`,
    hint: `Finish the restore instead (kura restore --finish ${j.id}), or restore an older snapshot over it.`,
  });
}

function untouchedOrUnavailable(handle: JournalHandle, steps: string[], why: string): RestoreOutcome {
  const j = handle.journal;
  if (j.touched) throw unavailable(j, why);
  steps.push(`The restore was interrupted before it changed ${describeJournalTarget(j.target)}: it is as it was.`);
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
async function redisFileState(ctx: RestoreContext, handle: JournalHandle, logger: Logger, steps: string[]): Promise<RedisFileState> {
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
    steps.push(`Redis at ${describeTarget(target)} was not running: starting it (${control.kind === 'configured' ? control.start.join(' ') : control.kind}).`);
    try {
      await runServiceCommand(control, 'start', { logger });
      client = await waitReady(target, '', 120_000, logger);
    } catch (err) {
      steps.push(`Redis did not start: ${toKuraError(err).message}`);
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
    if (!conf || !confDir || !isAbsolute(confDir)) throw unconfirmed(j, layout, target, `${layout.configFile} does not name an absolute "dir"`);
    dir = resolve(confDir);
    dbfilename = conf.get('dbfilename') ?? 'dump.rdb';
    appendonly = (conf.get('appendonly') ?? 'no').toLowerCase() === 'yes';
    aof = { dirname: conf.get('appenddirname') ?? 'appendonlydir', filename: conf.get('appendfilename') ?? 'appendonly.aof' };
  } else {
    throw unconfirmed(j, layout, target, 'it was started without a redis.conf');
  }
  const same =
    (await real(dir)) === (await real(layout.dir)) &&
    dbfilename === layout.dbfilename &&
    appendonly === (layout.aof !== null) &&
    (layout.aof === null || (aof !== null && aof.dirname === layout.aof.dirname && aof.filename === layout.aof.filename));
  if (!same) throw foreign(j, `the Redis data folder ${join(layout.dir, layout.dbfilename)}`, `where Redis at ${describeTarget(target)} keeps its data (${join(dir, dbfilename)})`);
}

function unconfirmed(j: RestoreJournal, layout: RedisJournalLayout, target: RedisTarget, why: string): KuraError {
  return new KuraError({
    code: 'restore-journal-unconfirmed',
    category: 'resource',
    message: `Kura cannot confirm that ${layout.dir} is where Redis at ${describeTarget(target)} keeps its data: it does not run, and ${why}. Nothing was changed.`,
    hint: `Start Redis by hand, then run the roll back or finish again (kura restore --roll-back ${j.id} / --finish ${j.id}).`,
  });
}

async function rollBackRedisFile(ctx: RestoreContext, handle: JournalHandle, steps: string[], logger: Logger): Promise<RestoreOutcome> {
  const j = handle.journal;
  const t = j.target;
  // Before the layout was known nothing was prepared; after it, even an untouched server may have a half-copied file beside it.
  if (t.type !== 'redis' || t.layout === null) return untouchedOrUnavailable(handle, steps, '');
  const s = await redisFileState(ctx, handle, logger, steps);
  try {
    if (await isSwitched(s.layout, s.swapStarted)) {
      await handle.record('rollback');
      steps.push('The snapshot had already been put in place: stopping Redis to put the previous files back.');
      await s.client?.close();
      s.client = null;
      await runServiceCommand(s.control, 'stop', { logger }).catch(() => {});
      await waitStopped(s.target, null, 120_000);
      await putPreviousBack(s.layout);
      await runServiceCommand(s.control, 'start', { logger });
      s.client = await waitReady(s.target, '', 1_800_000, logger);
      steps.push(`Put the previous files back (${join(s.layout.dir, s.layout.dbfilename)}${s.layout.aof ? ' and the AOF manifest' : ''}) and started Redis on them.`);
    } else {
      await undoStaging(s.layout);
      if (s.client === null) throw new KuraError({ code: 'redis-did-not-start', category: 'resource', message: `Redis at ${describeTarget(s.target)} does not run.`, hint: 'Start Redis by hand and check its log, then roll back again.' });
      steps.push(`The snapshot had not been put in place yet: removed what the restore had prepared; Redis runs on its own data.`);
    }
    const aof = await aofCheck(s.client, s.layout.aof !== null);
    return { status: 'rolled-back', steps, verification: [aof], safetyBackup: null, error: null };
  } finally {
    await s.client?.close();
  }
}

async function finishRedisFile(ctx: RestoreContext, handle: JournalHandle, opts: RestoreRunOptions, logger: Logger): Promise<RestoreOutcome> {
  const j = handle.journal;
  const steps: string[] = [];
  const s = await redisFileState(ctx, handle, logger, steps);
  try {
    if (!(await isSwitched(s.layout, s.swapStarted))) {
      await undoStaging(s.layout);
      await s.client?.close();
      s.client = null;
      steps.push('The snapshot had not been put in place yet: running the restore again from the start.');
      const outcome = await runRestore(ctx, j.request, opts, { journal: handle });
      return { ...outcome, steps: [...steps, ...outcome.steps] };
    }
    if (s.client === null) {
      throw new KuraError({
        code: 'redis-did-not-start',
        category: 'resource',
        message: `The snapshot is in place, but Redis at ${describeTarget(s.target)} does not start with it.`,
        hint: `Look at the Redis log; roll back to the previous files with: kura restore --roll-back ${j.id}`,
      });
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
    steps.push(`The snapshot ${j.snapshotId} was already in place when the restore was interrupted; Redis runs on it.`);
    const bad = verification.filter((c) => !c.ok);
    return {
      status: bad.length === 0 ? 'success' : 'failed',
      steps,
      verification,
      safetyBackup: null,
      error:
        bad.length === 0
          ? null
          : new KuraError({
              code: 'redis-restore-verify-failed',
              category: 'data',
              message: `The restore finished, but the server does not match the backup: ${bad.map((c) => `${c.check}: ${c.detail}`).join('; ')}.`,
              hint: 'Something else may be writing to this Redis. Restore again.',
            }).toJSON(),
    };
  } finally {
    await s.client?.close();
  }
}
