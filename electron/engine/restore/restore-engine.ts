/**
 * Restore, as one decision: "put this snapshot's item back". It is as careful as backup:
 *   1. find the snapshot and item (a configured job, or a backup folder on a new PC);
 *   2. check the item BEFORE touching anything (sha256, gzip + dump trailer, RDB CRC64, file counts) —
 *      a damaged snapshot is refused, naming the previous good one;
 *   3. restore (MySQL with a safety dump and automatic rollback, Redis live or cold, files by rsync);
 *   4. prove the result against the manifest.
 * The CLI (`kura restore`), the restore wizard and the one-click "Restore latest…" all come here.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { KuraConfig, Source } from '../config/schema.js';
import { KuraError, toKuraError } from '../errors.js';
import type { Logger } from '../progress.js';
import { nullLogger } from '../progress.js';
import { requireSecret, type SecretStore } from '../secrets/secret-store.js';
import type { FilesManifestItem, ManifestItem, MysqlManifestItem } from '../snapshot/manifest.js';
import { snapshotIdFromDate } from '../snapshot/snapshot-id.js';
import type { SnapshotRef } from '../snapshot/snapshot-store.js';
import { verifyItem } from '../snapshot/verify-snapshot.js';
import { detectMysqlClient } from '../tools/mysql/index.js';
import type { MysqlTarget } from '../tools/mysql/types.js';
import type { RedisTarget } from '../tools/redis/index.js';
import { describeLocation, detectRsync } from '../tools/rsync/index.js';
import type { ToolResolver } from '../tools/resolve-tool.js';
import { treeStats } from '../util/tree-stats.js';
import { normaliseSubPath, restoreFilesItem, type FilesRestoreTarget } from './files-restore.js';
import { planMysqlRestore, restoreMysqlItem } from './mysql-restore.js';
import { planRedisRestore, restoreRedisItem } from './redis-restore.js';
import { resolveRestore, type ResolvedRestore } from './restore-source.js';
import { SAFETY_DIR } from './safety-backups.js';
import type { RestoreOutcome, RestorePlan, RestoreRequest, RestoreRunOptions } from './types.js';
import { ServerLink } from '../jobs/server-link.js';
import { filesSourceLocation } from '../jobs/sources/files-source.js';
import { knownHostsPath, type ProxyProgram } from '../tools/ssh/index.js';

export interface RestoreContext {
  config: KuraConfig | null;
  secrets: SecretStore;
  tools: ToolResolver;
  now: () => Date;
  /** $KURA_HOME: Kura's known-hosts file, for sources reached through the job's SSH connection. */
  home: string;
  sshProxyProgram?: ProxyProgram;
}

/** Safety dumps kept per job: older ones are pruned after each restore. */
export const SAFETY_KEEP = 5;

export async function planRestore(ctx: RestoreContext, req: RestoreRequest): Promise<RestorePlan> {
  const r = await resolveRestore(ctx.config, req, ctx);
  const item = pickItem(r, req);
  const link = serverLink(ctx, r, undefined, nullLogger);
  try {
    return await planItem(ctx, r, item, req, link);
  } catch (err) {
    throw link.explain(err);
  } finally {
    await link.close();
  }
}

/** How this restore reaches the source's server: directly, or through the job's SSH connection. */
function serverLink(ctx: RestoreContext, r: ResolvedRestore, signal: AbortSignal | undefined, logger: Logger): ServerLink {
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
  const base = { snapshotId: r.snapshot.id, sourceId: req.sourceId, type: item.type, bytes: item.bytes };
  switch (item.type) {
    case 'mysql': {
      const toDatabase = req.mysql?.toDatabase ?? item.database;
      const p = await planMysqlRestore({
        client: await detectMysqlClient(ctx.tools),
        target: await mysqlTarget(ctx, r, req, link),
        item,
        toDatabase,
        safetyBackup: req.mysql?.safetyBackup ?? true,
      });
      return { ...base, steps: p.steps, overwrites: p.overwrites, destructive: p.destructive, safetyBackup: p.safetyBackup };
    }
    case 'redis': {
      const method = req.redis?.method ?? 'live';
      const source = r.source?.type === 'redis' ? r.source : null;
      const p = await planRedisRestore({ target: await redisTarget(ctx, r, req, link), item, method, flush: req.redis?.flush ?? false, service: source?.service });
      return { ...base, steps: p.steps, overwrites: p.overwrites, destructive: p.destructive, safetyBackup: null };
    }
    case 'files': {
      const sub = normaliseSubPath(req.files?.path);
      const { target } = await filesTarget(ctx, r, req, link);
      const where = target.kind === 'folder' ? target.path : describeLocation(target.location);
      const mirror = req.files?.mirror ?? false;
      const existing = target.kind === 'folder' ? await treeStats(target.path).catch(() => ({ files: 0, bytes: 0 })) : null;
      const steps = [
        `Check the snapshot ${r.snapshot.id} (${item.files} files, ${item.bytes} bytes) against its manifest.`,
        `Copy ${sub ? `"${sub}"` : 'all files'} to ${where}${sub ? `/${sub}` : ''}.`,
        ...(mirror ? [`Delete files at the target that the snapshot does not have.`] : []),
        'Check that every restored file is present with the right size.',
      ];
      const overwrites =
        target.kind === 'source' ? `Files at ${where} with the same names are replaced.` : existing && existing.files > 0 ? `${existing.files} files already in ${where}: those with the same names are replaced.` : null;
      return { ...base, steps, overwrites, destructive: mirror, safetyBackup: null };
    }
  }
}

export async function runRestore(ctx: RestoreContext, req: RestoreRequest, opts: RestoreRunOptions = {}): Promise<RestoreOutcome> {
  const logger = opts.logger ?? nullLogger;
  let resolved: ResolvedRestore;
  let item: ManifestItem;
  try {
    resolved = await resolveRestore(ctx.config, req, ctx);
    item = pickItem(resolved, req);
    opts.onProgress?.({ kind: 'step', sourceId: req.sourceId, step: 'check', message: `Checking snapshot ${resolved.snapshot.id} before restoring` });
    await checkBeforeRestore(resolved, item, opts.signal, logger);
  } catch (err) {
    const e = toKuraError(err);
    return { status: e.category === 'cancelled' ? 'cancelled' : 'failed', steps: [], verification: [], safetyBackup: null, error: e.toJSON() };
  }
  const checked = `Checked ${item.path} of snapshot ${resolved.snapshot.id}: it matches its manifest.`;
  const link = serverLink(ctx, resolved, opts.signal, logger);
  try {
    const raw = await dispatch(ctx, resolved, item, req, { ...opts, logger }, link);
    // A tool that failed because the SSH connection broke: say so (a network failure).
    const failure = raw.status === 'failed' ? link.explain(null) : null;
    const outcome = provenOrFailed(failure ? { ...raw, error: toKuraError(failure).toJSON() } : raw);
    return { ...outcome, steps: [checked, ...outcome.steps] };
  } catch (err) {
    const e = toKuraError(link.explain(err));
    return { status: e.category === 'cancelled' ? 'cancelled' : 'failed', steps: [checked], verification: [], safetyBackup: null, error: e.toJSON() };
  } finally {
    await link.close();
  }
}

async function dispatch(
  ctx: RestoreContext,
  r: ResolvedRestore,
  item: ManifestItem,
  req: RestoreRequest,
  opts: RestoreRunOptions & { logger: Logger },
  link: ServerLink,
): Promise<RestoreOutcome> {
  const file = join(r.snapshot.path, item.path);
  switch (item.type) {
    case 'mysql': {
      const safety = req.mysql?.safetyBackup ?? true;
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
        signal: opts.signal,
        onProgress: opts.onProgress,
        logger: opts.logger,
      });
      if (safetyDir) {
        // Keep the folder only when a safety dump was actually written into it.
        if ((await readdir(safetyDir)).length === 0) await rm(safetyDir, { recursive: true, force: true });
        await pruneSafety(join(r.jobRoot, SAFETY_DIR), opts.logger);
      }
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
      });
    }
    case 'files': {
      const { target } = await filesTarget(ctx, r, req, link);
      return restoreFilesItem({
        client: await detectRsync(ctx.tools, { knownHostsFile: knownHostsPath(ctx.home) }),
        item,
        snapshotPath: r.snapshot.path,
        target,
        subPath: normaliseSubPath(req.files?.path),
        mirror: req.files?.mirror ?? false,
        signal: opts.signal,
        onProgress: opts.onProgress,
        logger: opts.logger,
      });
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
  return {
    ...outcome,
    status: 'failed',
    error: new KuraError({
      code: 'restore-verify-failed',
      category: 'data',
      message:
        bad.length > 0
          ? `The restore finished but does not match the snapshot: ${bad.map((c) => `${c.check}: ${c.detail}`).join('; ')}.`
          : 'The restore finished but could not be verified against the snapshot.',
      hint: 'Look at the differences above; restore again, or restore into a new name and compare.',
    }).toJSON(),
  };
}

function pickItem(r: ResolvedRestore, req: RestoreRequest): ManifestItem {
  const mysqlItems = r.items.filter((i): i is MysqlManifestItem => i.type === 'mysql');
  if (mysqlItems.length > 0) {
    const wanted = req.mysql?.database;
    if (!wanted && mysqlItems.length > 1) {
      throw new KuraError({
        code: 'usage',
        category: 'config',
        message: `Source "${req.sourceId}" holds several databases: ${mysqlItems.map((i) => i.database).join(', ')}.`,
        hint: 'Say which one with --database <name>.',
      });
    }
    const found = wanted ? mysqlItems.find((i) => i.database === wanted) : mysqlItems[0];
    if (!found) {
      throw new KuraError({
        code: 'usage',
        category: 'config',
        message: `Snapshot ${r.snapshot.id} has no dump of database "${wanted}" in source "${req.sourceId}".`,
        hint: `It has: ${mysqlItems.map((i) => i.database).join(', ')}.`,
      });
    }
    return found;
  }
  return r.items[0]!;
}

/** Refuses a damaged item, naming the newest earlier snapshot whose copy of it checks out. */
async function checkBeforeRestore(r: ResolvedRestore, item: ManifestItem, signal: AbortSignal | undefined, logger: Logger): Promise<void> {
  const check = await verifyItem(r.snapshot.path, item, signal, 'before-restore');
  logger.log(check.ok ? 'info' : 'error', `Pre-restore check of ${item.path} in ${r.snapshot.id}: ${check.detail}`);
  if (check.ok) return;
  let previous: SnapshotRef | null = null;
  const older = r.candidates.filter((s) => s.id < r.snapshot.id).reverse().slice(0, 5);
  for (const s of older) {
    const twin = s.manifest.items.find((i) => i.source === item.source && i.type === item.type && (i.type !== 'mysql' || (item.type === 'mysql' && i.database === item.database)));
    if (twin && (await verifyItem(s.path, twin, signal, 'before-restore')).ok) {
      previous = s;
      break;
    }
  }
  throw new KuraError({
    code: 'snapshot-damaged',
    category: 'data',
    message: `Snapshot ${r.snapshot.id} is damaged and was not restored: ${item.path}: ${check.detail}. Nothing was changed.`,
    hint: previous ? `The previous snapshot ${previous.id} checks out: restore that one instead.` : 'No earlier snapshot of this item checks out either.',
  });
}

/** The source's own server (through the job's SSH connection for `"via": "ssh"`), or the admin's override (direct). */
async function mysqlTarget(ctx: RestoreContext, r: ResolvedRestore, req: RestoreRequest, link: ServerLink): Promise<MysqlTarget> {
  const o = req.mysql?.target;
  const source = r.source?.type === 'mysql' ? r.source : null;
  if (o) return { host: o.host, port: o.port, user: o.user, password: await readSecret(ctx, o.passwordRef) };
  if (!source) throw noTarget(req, '--to-host, --to-port, --to-user and --to-password-ref');
  const e = await link.endpoint(source, 'MySQL');
  return { host: e.host, port: e.port, user: source.user, password: await readSecret(ctx, source.passwordRef), ...(e.shownAs ? { shownAs: e.shownAs } : {}) };
}

async function redisTarget(ctx: RestoreContext, r: ResolvedRestore, req: RestoreRequest, link: ServerLink): Promise<RedisTarget> {
  const o = req.redis?.target;
  const source = r.source?.type === 'redis' ? r.source : null;
  if (o) return { host: o.host, port: o.port, username: o.username ?? null, password: await readSecret(ctx, o.passwordRef) };
  if (!source) throw noTarget(req, '--to-host and --to-port (and --to-password-ref)');
  if (source.via === 'ssh' && req.redis?.method === 'file') {
    throw new KuraError({
      code: 'redis-file-restore-remote',
      category: 'config',
      message: `Redis of source "${source.id}" is reached through SSH, so Kura cannot replace its dump.rdb file from this computer.`,
      hint: 'Use the live restore (the default), or copy redis/<source>/dump.rdb to the server by hand (see the README).',
    });
  }
  const e = await link.endpoint(source, 'Redis');
  return { host: e.host, port: e.port, username: source.username ?? null, password: await readSecret(ctx, source.passwordRef), ...(e.shownAs ? { shownAs: e.shownAs } : {}) };
}

async function filesTarget(ctx: RestoreContext, r: ResolvedRestore, req: RestoreRequest, link: ServerLink): Promise<{ target: FilesRestoreTarget; item: FilesManifestItem }> {
  const item = r.items.find((i): i is FilesManifestItem => i.type === 'files')!;
  if (req.files?.toPath) return { target: { kind: 'folder', path: req.files.toPath }, item };
  const source: Source | null = r.source;
  if (!source || source.type !== 'files') throw noTarget(req, '--to-path <folder>');
  const location = filesSourceLocation(r.job ?? {}, source);
  const password = location.kind === 'daemon' ? await readSecret(ctx, source.passwordRef) : null;
  const shell = source.via === 'ssh' ? { shell: () => link.rsyncShell() } : {};
  return { target: { kind: 'source', location, password, sshKeyPath: source.sshKeyPath, sshPort: source.sshPort, ...shell }, item };
}

async function readSecret(ctx: RestoreContext, ref: string | undefined): Promise<string | null> {
  return ref ? requireSecret(ctx.secrets, ref) : null;
}

function noTarget(req: RestoreRequest, flags: string): KuraError {
  return new KuraError({
    code: 'usage',
    category: 'config',
    message: `Where should source "${req.sourceId}" be restored to? There is no configured job for it on this PC.`,
    hint: `Give the target with ${flags}.`,
  });
}

async function pruneSafety(dir: string, logger: Logger): Promise<void> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch {
    return;
  }
  for (const old of names.slice(0, Math.max(0, names.length - SAFETY_KEEP))) {
    await rm(join(dir, old), { recursive: true, force: true });
    logger.log('info', `Removed an old safety backup: ${old}`);
  }
}

export type { RestoreOutcome, RestorePlan, RestoreRequest } from './types.js';
