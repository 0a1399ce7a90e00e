/**
 * Restore, as one decision: "put this snapshot's item back". It is as careful as backup:
 *   1. find the snapshot and item (a configured job, or a backup folder on a new PC);
 *   2. check the item BEFORE touching anything (sha256, gzip + dump trailer, RDB CRC64, file counts) —
 *      a damaged snapshot is refused, naming the previous good one;
 *   3. open the restore journal for the target (restore-journal.ts) — refused when another restore
 *      of it runs or an interrupted one is unresolved — and keep it current step by step;
 *   4. restore (MySQL with a safety dump and automatic rollback, Redis live or cold, files by rsync);
 *   5. prove the result against the manifest, and close the journal — or leave it "unresolved" when
 *      the target was left in a state that needs the admin (no way back, a failed rollback).
 * The CLI (`kura restore`), the restore wizard and the one-click "Restore latest…" all come here, and
 * so do "finish the restore" and "roll back" of an interrupted one (journal-recovery.ts).
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { KuraConfig, Source } from '../config/schema.js';
import { KuraError, toKuraError } from '../errors.js';
import { nullLogger, sayTo, type Logger } from '../progress.js';
import { requireSecret, type SecretStore } from '../secrets/secret-store.js';
import type { FilesManifestItem, ManifestItem, MysqlManifestItem } from '../snapshot/manifest.js';
import { snapshotIdFromDate } from '../snapshot/snapshot-id.js';
import type { SnapshotRef } from '../snapshot/snapshot-store.js';
import { verifyItem } from '../snapshot/verify-snapshot.js';
import { detectMysqlClient } from '../tools/mysql/index.js';
import type { MysqlTarget } from '../tools/mysql/types.js';
import type { RedisTarget } from '../tools/redis/index.js';
import { describeLocation, detectRsync, rsyncHomeOptions } from '../tools/rsync/index.js';
import { ServerLink } from '../jobs/server-link.js';
import { filesSourceLocation } from '../jobs/sources/files-source.js';
import type { FilesLocation } from '../config/files-location.js';
import { type ProxyProgram } from '../tools/ssh/index.js';
import type { ToolResolver } from '../tools/resolve-tool.js';
import { treeStats } from '../util/tree-stats.js';
import { normaliseSubPath, plannedChanges, restoreFilesItem, type FilesRestoreTarget } from './files-restore.js';
import { isAbsoluteAnyOs } from '../../shared/absolute-path.js';
import { planMysqlRestore, restoreMysqlItem, type BeforeState } from './mysql-restore.js';
import { planRedisRestore, restoreRedisItem } from './redis-restore.js';
import { beginJournal, describeJournalTarget, journalCommands, journalConflict, journalIdFor, listJournals, readJournalEntry, type JournalHandle, type JournalTarget } from './restore-journal.js';
import { resolveRestore, type ResolvedRestore } from './restore-source.js';
import { SAFETY_DIR } from './safety-backups.js';
import type { RestoreOutcome, RestorePlan, RestoreRequest, RestoreRights, RestoreRunOptions } from './types.js';
import { filesRestoreRights, mysqlRestoreRights, rightsError } from './restore-rights.js';
import { isSessionRef } from '../secrets/session-secret-store.js';
import { listParam, msg, type MessageData } from '../../shared/messages/index.js';
import { renderLoose } from '../../shared/messages/render.js';
import { asMessage, errorMessage } from './said.js';

export interface RestoreContext {
  config: KuraConfig | null;
  secrets: SecretStore;
  tools: ToolResolver;
  now: () => Date;
  /** $KURA_HOME: where the restore journals live, and Kura's known-hosts file for the job's SSH connection. */
  home: string;
  sshProxyProgram?: ProxyProgram;
}

/** What "finish the restore" hands runRestore: the interrupted attempt's journal and what it knew. */
export interface ResumeRestore {
  journal: JournalHandle;
  /** MySQL: the database before the first attempt, and its verified safety dump (inside the job's _safety). */
  mysql?: { before: BeforeState; safetyPath: string | null };
}

/** Safety dumps kept per job: older ones are pruned after each restore. */
export const SAFETY_KEEP = 5;

export async function planRestore(ctx: RestoreContext, req: RestoreRequest): Promise<RestorePlan> {
  const r = await resolveRestore(ctx.config, req, ctx);
  const item = pickItem(r, req);
  // Another restore of the same target running, or an interrupted one unresolved: say so before the admin confirms.
  const existing = await readJournalEntry(ctx.home, journalIdFor(await journalTarget(ctx, r, item, req)));
  if (existing) throw journalConflict(existing);
  const link = serverLink(ctx, r, undefined, nullLogger);
  try {
    return await planItem(ctx, r, item, req, link);
  } catch (err) {
    throw link.explain(err);
  } finally {
    await link.close();
  }
}

/** How a restore reaches the source's server: directly, or through the job's SSH connection. */
export function serverLink(ctx: Pick<RestoreContext, 'home' | 'secrets' | 'sshProxyProgram'>, r: Pick<ResolvedRestore, 'jobId' | 'job'>, signal: AbortSignal | undefined, logger: Logger): ServerLink {
  return new ServerLink({
    home: ctx.home,
    jobId: r.jobId,
    ssh: r.job?.ssh,
    secret: (ref) => readSecret(ctx, ref),
    signal,
    logger,
    proxyProgram: ctx.sshProxyProgram,
  });
}

async function planItem(ctx: RestoreContext, r: ResolvedRestore, item: ManifestItem, req: RestoreRequest, link: ServerLink): Promise<RestorePlan> {
  const base = { snapshotId: r.snapshot.id, sourceId: req.sourceId, type: item.type, bytes: item.bytes, rights: await checkRights(ctx, r, item, req, link) };
  switch (item.type) {
    case 'mysql': {
      const toDatabase = req.mysql?.toDatabase ?? item.database;
      const p = await planMysqlRestore({
        client: await detectMysqlClient(ctx.tools),
        target: await mysqlTarget(ctx, r, req, link),
        item,
        toDatabase,
        safetyBackup: req.mysql?.safetyBackup ?? true,
        ...(req.mysql?.table !== undefined ? { table: req.mysql.table } : {}),
        ...restoreConnections(r, req),
        home: ctx.home,
      });
      return { ...base, steps: [...p.steps, ...(base.rights?.notes ?? [])], overwrites: p.overwrites, destructive: p.destructive, safetyBackup: p.safetyBackup };
    }
    case 'redis': {
      const method = req.redis?.method ?? 'live';
      const source = r.source?.type === 'redis' ? r.source : null;
      const p = await planRedisRestore({ target: await redisTarget(ctx, r, req, link), item, method, flush: req.redis?.flush ?? false, service: source?.service });
      return { ...base, steps: p.steps, overwrites: p.overwrites, destructive: p.destructive, safetyBackup: null };
    }
    case 'files': {
      const sub = normaliseSubPath(req.files?.path);
      const { target, exclude } = await filesTarget(ctx, r, req, link);
      const where = target.kind === 'folder' ? target.path : describeLocation(target.location);
      const mirror = req.files?.mirror ?? false;
      // What a mirror deletes is asked of the target with a dry run: only once the access may write there
      // (a read-only module refuses it; the plan then says what access is missing, and is made again with it).
      const canAsk = base.rights?.ok !== false;
      const existing = target.kind === 'folder' ? await treeStats(target.path).catch(() => ({ files: 0, bytes: 0 })) : null;
      // And what it replaces: files there whose content differs. Either needs the typed confirmation.
      const changes = canAsk
        ? await plannedChanges({ client: await detectRsync(ctx.tools, rsyncHomeOptions(ctx.home)), item, snapshotPath: r.snapshot.path, target, subPath: sub, mirror, exclude })
        : null;
      const deletions = changes?.deleted ?? [];
      const replaced = changes?.replaced ?? [];
      const counts = { snapshot: r.snapshot.id, count: item.files, bytes: item.bytes };
      const steps: MessageData[] = [
        item.list ? (sub ? msg('files-plan-check-list-path', { path: sub, ...counts }) : msg('files-plan-check-list', counts)) : msg('files-plan-check', counts),
        sub ? msg('files-plan-copy-path', { path: sub, to: `${where}/${sub}` }) : msg('files-plan-copy-all', { to: where }),
        ...(mirror && canAsk
          ? [
              deletions.length === 0
                ? msg('files-plan-delete-none', {})
                : msg('files-plan-delete', { count: deletions.length, names: `${deletions.slice(0, 20).join(', ')}${deletions.length > 20 ? ', …' : ''}` }),
              ...(exclude.length ? [msg('files-plan-excluded', { patterns: exclude.join(', ') })] : []),
            ]
          : []),
        msg(item.list ? 'files-plan-verify-hashes' : 'files-plan-verify-sizes', {}),
      ];
      const overwrites =
        replaced.length > 0
          ? msg('files-overwrites-count', { count: replaced.length, where, names: listParam(replaced, 20) })
          : changes !== null
            ? null
            : target.kind === 'source'
              ? msg('files-overwrites-source', { where })
              : existing && existing.files > 0
                ? msg('files-overwrites-folder', { count: existing.files, where })
                : null;
      // Files replaced in place (the website's own, or a folder's) are as final as a dropped table: the
      // same typed confirmation. Not known (the access may not even look yet): asked for the website.
      const destructive = mirror || replaced.length > 0 || (changes === null && target.kind === 'source');
      return { ...base, steps, overwrites, destructive, safetyBackup: null };
    }
  }
}

/**
 * May the account this restore uses do every step (restore-rights.ts)? Redis is not checked: its
 * restore needs the server's own admin rights either way, and says so when it lacks them.
 */
export async function checkRights(ctx: RestoreContext, r: ResolvedRestore, item: ManifestItem, req: RestoreRequest, link: ServerLink, signal?: AbortSignal): Promise<RestoreRights | null> {
  switch (item.type) {
    case 'mysql':
      return mysqlRestoreRights({
        client: await detectMysqlClient(ctx.tools),
        target: await mysqlTarget(ctx, r, req, link),
        item,
        toDatabase: req.mysql?.toDatabase ?? item.database,
        safetyBackup: req.mysql?.safetyBackup ?? true,
        stripDefiners: req.mysql?.stripDefiners ?? false,
        signal,
      });
    case 'files': {
      const { target } = await filesTarget(ctx, r, req, link);
      return filesRestoreRights({ client: () => detectRsync(ctx.tools, rsyncHomeOptions(ctx.home)), target, signal });
    }
    case 'redis':
      return null;
  }
}

/** Refuses, before anything changes, a restore whose account may not do every step. */
async function requireRights(ctx: RestoreContext, r: ResolvedRestore, item: ManifestItem, req: RestoreRequest, signal: AbortSignal | undefined, logger: Logger): Promise<void> {
  const link = serverLink(ctx, r, signal, logger);
  try {
    const rights = await checkRights(ctx, r, item, req, link, signal);
    if (rights && !rights.ok) throw rightsError(rights);
  } catch (err) {
    throw link.explain(err);
  } finally {
    await link.close();
  }
}

export async function runRestore(ctx: RestoreContext, req: RestoreRequest, opts: RestoreRunOptions = {}, resume?: ResumeRestore): Promise<RestoreOutcome> {
  const logger = opts.logger ?? nullLogger;
  let resolved: ResolvedRestore;
  let item: ManifestItem;
  let journal: JournalHandle;
  // What the check before the restore found, when it refuses: the steps say which file is damaged.
  const refused: MessageData[] = [];
  try {
    resolved = await resolveRestore(ctx.config, req, ctx);
    item = pickItem(resolved, req);
    opts.onProgress?.({ kind: 'step', sourceId: req.sourceId, step: 'check', message: msg('progress-restore-check', { snapshot: resolved.snapshot.id }) });
    await checkBeforeRestore(resolved, item, req, opts.signal, logger, refused);
    // "Finish the restore" already changed the target: its rights were checked when it started.
    if (!resume) await requireRights(ctx, resolved, item, req, opts.signal, logger);
    // Before anything changes: the journal (which is also the one-restore-per-target lock).
    journal =
      resume?.journal ??
      (await beginJournal(
        ctx.home,
        { jobId: resolved.jobId, jobRoot: resolved.jobRoot, snapshotId: resolved.snapshot.id, request: req, target: await journalTarget(ctx, resolved, item, req) },
        ctx.now(),
      ));
  } catch (err) {
    const e = toKuraError(err);
    // Finishing an interrupted restore that cannot even start: its journal stays, unresolved.
    await resume?.journal.leaveUnresolved(e.toJSON()).catch(() => {});
    return { status: e.category === 'cancelled' ? 'cancelled' : 'failed', steps: refused, verification: [], safetyBackup: null, error: e.toJSON() };
  }
  const checked = msg('restore-checked', { path: item.path, snapshot: resolved.snapshot.id });
  let outcome: RestoreOutcome;
  const link = serverLink(ctx, resolved, opts.signal, logger);
  try {
    const raw = await dispatch(ctx, resolved, item, req, { ...opts, logger }, journal, resume, link);
    // A tool that failed because the SSH connection broke: say so (a network failure).
    const failure = raw.status === 'failed' ? link.explain(null) : null;
    const done = provenOrFailed(failure ? { ...raw, error: toKuraError(failure).toJSON() } : raw);
    outcome = { ...done, steps: [checked, ...done.steps] };
  } catch (err) {
    const e = toKuraError(link.explain(err));
    outcome = { status: e.category === 'cancelled' ? 'cancelled' : 'failed', steps: [checked], verification: [], safetyBackup: null, error: e.toJSON() };
  } finally {
    await link.close();
  }
  return closeJournal(journal, outcome, logger);
}

/**
 * The journal is closed when the target is in a known state: restored, rolled back, never touched —
 * or cancelled (the admin stopped it and the steps say what state it is in). Anything else leaves it
 * "unresolved": `kura status`, the tray and the dashboard report it until it is finished or rolled back.
 */
async function closeJournal(journal: JournalHandle, outcome: RestoreOutcome, logger: Logger): Promise<RestoreOutcome> {
  const known = journal.settled ?? (journal.journal.touched ? null : 'unchanged');
  try {
    if (known !== null || outcome.status === 'cancelled') {
      await journal.close();
      return outcome;
    }
    await journal.leaveUnresolved(outcome.error);
    const { finish, rollBack } = journalCommands(journal.id);
    const open = msg('restore-journal-open', { id: journal.id, target: describeJournalTarget(journal.journal.target), finish, rollBack });
    sayTo(logger, 'error', open);
    return { ...outcome, steps: [...outcome.steps, open] };
  } catch (err) {
    sayTo(logger, 'error', msg('restore-journal-update-failed', { id: journal.id }));
    sayTo(logger, 'error', errorMessage(toKuraError(err)));
    return outcome;
  }
}

/** What the journal records about the target, and what its id (the per-target lock) is made from. */
export async function journalTarget(ctx: RestoreContext, r: ResolvedRestore, item: ManifestItem, req: RestoreRequest): Promise<JournalTarget> {
  switch (item.type) {
    case 'mysql': {
      const t = targetAddress(r, req, 'mysql');
      return { type: 'mysql', host: t.host, port: t.port, database: req.mysql?.toDatabase ?? item.database, before: null, safety: null };
    }
    case 'redis': {
      const t = targetAddress(r, req, 'redis');
      return { type: 'redis', method: req.redis?.method ?? 'live', host: t.host, port: t.port, flush: req.redis?.flush ?? false, layout: null };
    }
    case 'files': {
      const { target } = await filesTarget(ctx, r, req, null);
      return {
        type: 'files',
        where: target.kind === 'folder' ? resolve(target.path) : describeLocation(target.location),
        mirror: req.files?.mirror ?? false,
        path: normaliseSubPath(req.files?.path) || null,
      };
    }
  }
}

async function dispatch(
  ctx: RestoreContext,
  r: ResolvedRestore,
  item: ManifestItem,
  req: RestoreRequest,
  opts: RestoreRunOptions & { logger: Logger },
  journal: JournalHandle,
  resume: ResumeRestore | undefined,
  link: ServerLink,
): Promise<RestoreOutcome> {
  const file = join(r.snapshot.path, item.path);
  switch (item.type) {
    case 'mysql': {
      const safety = (req.mysql?.safetyBackup ?? true) && !resume?.mysql;
      const safetyDir = safety ? join(r.jobRoot, SAFETY_DIR, snapshotIdFromDate(ctx.now())) : null;
      if (safetyDir) await mkdir(safetyDir, { recursive: true });
      const outcome = await restoreMysqlItem({
        client: await detectMysqlClient(ctx.tools),
        target: await mysqlTarget(ctx, r, req, link),
        item,
        file,
        toDatabase: req.mysql?.toDatabase ?? item.database,
        safetyBackup: safetyDir ? { dir: safetyDir } : null,
        stripDefiners: req.mysql?.stripDefiners ?? false,
        ...(req.mysql?.table !== undefined ? { table: req.mysql.table } : {}),
        ...restoreConnections(r, req),
        home: ctx.home,
        signal: opts.signal,
        onProgress: opts.onProgress,
        logger: opts.logger,
        journal,
        ...(resume?.mysql ? { resume: resume.mysql } : {}),
      });
      if (safetyDir) {
        // Keep the folder only when a safety dump was actually written into it.
        if ((await readdir(safetyDir)).length === 0) await rm(safetyDir, { recursive: true, force: true });
      }
      await pruneSafety(ctx.home, join(r.jobRoot, SAFETY_DIR), opts.logger, journal);
      return outcome;
    }
    case 'redis': {
      const source = r.source?.type === 'redis' ? r.source : null;
      return restoreRedisItem({
        target: await redisTarget(ctx, r, req, link),
        item,
        file,
        method: req.redis?.method ?? 'live',
        flush: req.redis?.flush ?? false,
        service: source?.service,
        signal: opts.signal,
        onProgress: opts.onProgress,
        logger: opts.logger,
        journal,
      });
    }
    case 'files': {
      const { target, exclude } = await filesTarget(ctx, r, req, link);
      await journal.record('copying');
      const outcome = await restoreFilesItem({
        client: await detectRsync(ctx.tools, rsyncHomeOptions(ctx.home)),
        item,
        snapshotPath: r.snapshot.path,
        target,
        subPath: normaliseSubPath(req.files?.path),
        mirror: req.files?.mirror ?? false,
        exclude,
        signal: opts.signal,
        onProgress: opts.onProgress,
        logger: opts.logger,
      });
      // Copied to the end (checked or not), or refused before rsync sent anything (wrong password, bad address).
      if (outcome.status === 'success' || outcome.verification.length > 0) journal.settle('restored');
      else if (outcome.error && (outcome.error.category === 'auth' || outcome.error.category === 'config')) journal.settle('unchanged');
      return outcome;
    }
  }
}

/**
 * Green means verified: a restore whose result does not match the manifest (or could not be checked
 * at all) is a failure, whatever the import itself reported.
 */
function provenOrFailed(outcome: RestoreOutcome): RestoreOutcome {
  if (outcome.status !== 'success') return outcome;
  const bad = outcome.verification.filter((c) => !c.ok);
  if (outcome.verification.length > 0 && bad.length === 0) return outcome;
  const error =
    bad.length > 0
      ? new KuraError({ code: 'restore-verify-failed', params: { failed: bad.length, count: outcome.verification.length }, category: 'data' })
      : new KuraError({ code: 'restore-unverified', params: {}, category: 'data' });
  return { ...outcome, status: 'failed', error: error.toJSON() };
}

/** `--connections` for this restore, else the source's `restoreConnections`, else the engine's default. */
function restoreConnections(r: Pick<ResolvedRestore, 'source'>, req: RestoreRequest): { connections?: number } {
  const n = req.mysql?.connections ?? (r.source?.type === 'mysql' ? r.source.restoreConnections : undefined);
  return n === undefined ? {} : { connections: n };
}

export function pickItem(r: ResolvedRestore, req: RestoreRequest): ManifestItem {
  const mysqlItems = r.items.filter((i): i is MysqlManifestItem => i.type === 'mysql');
  if (mysqlItems.length > 0) {
    const wanted = req.mysql?.database;
    if (!wanted && mysqlItems.length > 1) {
      throw new KuraError({ code: 'restore-which-database', params: { source: req.sourceId, databases: mysqlItems.map((i) => i.database).join(', ') }, category: 'config' });
    }
    const found = wanted ? mysqlItems.find((i) => i.database === wanted) : mysqlItems[0];
    if (!found) {
      throw new KuraError({
        code: 'restore-database-not-in-snapshot',
        params: { snapshot: r.snapshot.id, database: String(wanted), source: req.sourceId, databases: mysqlItems.map((i) => i.database).join(', ') },
        category: 'config',
      });
    }
    return found;
  }
  return r.items[0]!;
}

/**
 * Refuses a damaged item, naming the newest earlier snapshot whose copy of it checks out. For files,
 * the part about to be restored is checked file by file against the snapshot's list.
 */
async function checkBeforeRestore(r: ResolvedRestore, item: ManifestItem, req: RestoreRequest, signal: AbortSignal | undefined, logger: Logger, refused: MessageData[]): Promise<void> {
  const sub = item.type === 'files' ? normaliseSubPath(req.files?.path) : '';
  const options = { sub: sub ? Buffer.from(sub) : null, recordDamage: true };
  const check = await verifyItem(r.snapshot.path, item, signal, 'before-restore', options);
  const said = [msg(check.ok ? 'restore-precheck-ok' : 'restore-precheck-failed', { path: item.path, snapshot: r.snapshot.id }), asMessage(check.detail)];
  for (const m of said) sayTo(logger, check.ok ? 'info' : 'error', m);
  if (check.ok) return;
  refused.push(...said, msg('restore-nothing-changed', {}));
  let previous: SnapshotRef | null = null;
  const older = r.candidates.filter((s) => s.id < r.snapshot.id).reverse().slice(0, 5);
  for (const s of older) {
    const twin = s.manifest.items.find((i) => i.source === item.source && i.type === item.type && (i.type !== 'mysql' || (item.type === 'mysql' && i.database === item.database)));
    if (twin && (await verifyItem(s.path, twin, signal, 'before-restore', { sub: options.sub })).ok) {
      previous = s;
      break;
    }
  }
  const facts = { snapshot: r.snapshot.id, path: item.path };
  const detail = englishText(asMessage(check.detail));
  throw previous
    ? new KuraError({ code: 'snapshot-damaged', params: { ...facts, previous: previous.id }, category: 'data', detail })
    : new KuraError({ code: 'snapshot-damaged-no-previous', params: facts, category: 'data', detail });
}

/**
 * Where a MySQL or Redis restore goes, as an address that stays the same from run to run: the
 * admin's override, the source's own server, or — through the job's SSH connection — the source's
 * address as the SSH server sees it (the forwarded local port changes every time). The restore
 * journal's id, the one-restore-per-target lock, is made from it.
 */
export function targetAddress(r: Pick<ResolvedRestore, 'source' | 'job'>, req: RestoreRequest, type: 'mysql' | 'redis'): { host: string; port: number } {
  const o = type === 'mysql' ? req.mysql?.target : req.redis?.target;
  if (o) return { host: o.host, port: o.port };
  const source = r.source?.type === type ? r.source : null;
  if (!source) throw noTarget(req, type === 'mysql' ? MYSQL_TARGET_FLAGS : REDIS_TARGET_FLAGS);
  const ssh = source.via === 'ssh' ? r.job?.ssh : undefined;
  return ssh ? { host: `${source.host} via ${ssh.user}@${ssh.host}:${ssh.port}`, port: source.port } : { host: source.host, port: source.port };
}

/** The source's own server (through the job's SSH connection for `"via": "ssh"`), or the admin's override (direct). */
export async function mysqlTarget(ctx: RestoreContext, r: Pick<ResolvedRestore, 'source'>, req: RestoreRequest, link: ServerLink): Promise<MysqlTarget> {
  const o = req.mysql?.target;
  const source = r.source?.type === 'mysql' ? r.source : null;
  // A restore account for this restore (the backup account may only read): same server, its own user and password.
  const account = req.mysql?.account;
  const as = async (user: string, ref: string | undefined) => (account ? { user: account.user, password: await readSecret(ctx, account.passwordRef) } : { user, password: await readSecret(ctx, ref) });
  if (o) return { host: o.host, port: o.port, ...(await as(o.user, o.passwordRef)) };
  if (!source) throw noTarget(req, MYSQL_TARGET_FLAGS);
  const e = await link.endpoint(source, 'MySQL');
  return { host: e.host, port: e.port, ...(await as(source.user, source.passwordRef)), ...(e.shownAs ? { shownAs: e.shownAs } : {}) };
}

export async function redisTarget(ctx: RestoreContext, r: Pick<ResolvedRestore, 'source'>, req: RestoreRequest, link: ServerLink): Promise<RedisTarget> {
  const o = req.redis?.target;
  const source = r.source?.type === 'redis' ? r.source : null;
  if (o) return { host: o.host, port: o.port, username: o.username ?? null, password: await readSecret(ctx, o.passwordRef) };
  if (!source) throw noTarget(req, REDIS_TARGET_FLAGS);
  if (source.via === 'ssh' && req.redis?.method === 'file') {
    throw new KuraError({ code: 'redis-file-restore-remote', params: { source: source.id, file: `redis/${source.id}/dump.rdb` }, category: 'config' });
  }
  const e = await link.endpoint(source, 'Redis');
  return { host: e.host, port: e.port, username: source.username ?? null, password: await readSecret(ctx, source.passwordRef), ...(e.shownAs ? { shownAs: e.shownAs } : {}) };
}

/** `link`: the job's SSH connection for a `"via": "ssh"` source (null: only describing the target). */
async function filesTarget(ctx: RestoreContext, r: ResolvedRestore, req: RestoreRequest, link: ServerLink | null): Promise<{ target: FilesRestoreTarget; item: FilesManifestItem; exclude: string[] }> {
  const item = r.items.find((i): i is FilesManifestItem => i.type === 'files')!;
  const source: Source | null = r.source;
  // What the job never backed up must not be deleted by a mirror restore, wherever it goes.
  const exclude = source?.type === 'files' ? source.exclude : [];
  if (req.files?.toPath) {
    const toPath = req.files.toPath;
    if (!isAbsoluteAnyOs(toPath)) {
      throw new KuraError({ code: 'restore-path-not-absolute', params: { path: toPath }, category: 'config' });
    }
    if (isInside(r.jobRoot, toPath) || isInside(toPath, r.jobRoot)) {
      throw new KuraError({ code: 'restore-path-inside-backup', params: { path: toPath }, category: 'config' });
    }
    return { target: { kind: 'folder', path: toPath }, item, exclude };
  }
  if (!source || source.type !== 'files') throw noTarget(req, '--to-path <folder>');
  const access = req.files?.access;
  const backupLocation = filesSourceLocation(r.job ?? {}, source);
  // Write access for this restore: the read-only module of the backup cannot take the files back.
  const location = access && backupLocation.kind !== 'local' ? withAccess(backupLocation, access) : backupLocation;
  const password = location.kind === 'daemon' ? await readSecret(ctx, access ? access.passwordRef : source.passwordRef) : null;
  const shell = source.via === 'ssh' && link ? { shell: () => link.rsyncShell() } : {};
  return { target: { kind: 'source', location, password, sshKeyPath: source.sshKeyPath, sshPort: source.sshPort, ...shell }, item, exclude };
}

/** The source's address with the restore's own user (and, for an rsync daemon, its own module). */
function withAccess(loc: Exclude<FilesLocation, { kind: 'local' }>, access: NonNullable<NonNullable<RestoreRequest['files']>['access']>): FilesLocation {
  return loc.kind === 'daemon' ? { ...loc, user: access.user, module: access.module ?? loc.module } : { ...loc, user: access.user };
}

async function readSecret(ctx: Pick<RestoreContext, 'secrets'>, ref: string | undefined): Promise<string | null> {
  if (ref && isSessionRef(ref) && (await ctx.secrets.get(ref)) === null) {
    // A restore account's password typed for one session (the wizard, `kura restore`): gone after it, by design.
    throw new KuraError({ code: 'restore-account-forgotten', params: {}, category: 'config' });
  }
  return ref ? requireSecret(ctx.secrets, ref) : null;
}

/**
 * `kura restore --finish/--roll-back` of a restore that ran with a restore account: its password,
 * given again, held in memory under the names the journal's request uses. Returns how many.
 */
export async function holdJournalPasswords(ctx: Pick<RestoreContext, 'secrets' | 'home'>, id: string, password: string): Promise<number> {
  const entry = await readJournalEntry(ctx.home, id);
  if (entry?.kind !== 'journal') return 0;
  const req = entry.journal.request;
  const refs = [req.mysql?.account?.passwordRef, req.mysql?.target?.passwordRef, req.redis?.target?.passwordRef, req.files?.access?.passwordRef].filter(
    (r): r is string => r !== undefined && isSessionRef(r),
  );
  for (const ref of new Set(refs)) await ctx.secrets.set(ref, password);
  return new Set(refs).size;
}

const MYSQL_TARGET_FLAGS = '--to-host, --to-port, --to-user, --to-password-ref';
const REDIS_TARGET_FLAGS = '--to-host, --to-port (--to-password-ref)';

function noTarget(req: RestoreRequest, flags: string): KuraError {
  return new KuraError({ code: 'restore-no-target', params: { source: req.sourceId, flags }, category: 'config' });
}

/** A message in English, for the run log's detail (errors keep their detail in English). */
function englishText(m: MessageData): string {
  return renderLoose('en', m.code, m.params).message;
}

/**
 * Keeps the newest SAFETY_KEEP safety dumps of a job. A safety dump named by an open restore journal
 * (of this job) is never removed: it is the way back of a restore that is not finished yet.
 */
async function pruneSafety(home: string, dir: string, logger: Logger, current: JournalHandle): Promise<void> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch {
    return;
  }
  const held = new Set<string>();
  const hold = (target: JournalTarget) => {
    if (target.type === 'mysql' && target.safety) held.add(target.safety.id);
  };
  hold(current.journal.target);
  for (const e of await listJournals(home)) if (e.kind === 'journal' && e.journal.jobRoot === current.journal.jobRoot) hold(e.journal.target);
  for (const old of names.slice(0, Math.max(0, names.length - SAFETY_KEEP))) {
    if (held.has(old)) continue;
    await rm(join(dir, old), { recursive: true, force: true });
    sayTo(logger, 'info', msg('restore-safety-pruned', { id: old }));
  }
}

export type { RestoreOutcome, RestorePlan, RestoreRequest } from './types.js';

/** True when `inner` is `outer` or lies below it (by path; both are absolute). */
function isInside(outer: string, inner: string): boolean {
  const rel = relative(resolve(outer), resolve(inner));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
