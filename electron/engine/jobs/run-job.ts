/**
 * One backup run of one job, start to finish:
 *   lock → history "running" → `<id>.partial/` → each source (verified as it is written)
 *   → manifest → rename to `<id>/` → retention → history final record → unlock.
 * Each item (files source, database, Redis source) is backed up on its own: one that fails is recorded
 * as failed and the others go on, and the snapshot is published as `partial` with only the verified
 * items in it. A cancel, a lost, full or read-only backup disk, or every item failing removes the `.partial` folder and
 * publishes nothing, so the snapshots on disk hold only verified copies; retention runs only after a
 * publish and never removes the newest verified copy of any item.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { renameRetrying } from '../util/busy-retry.js';
import type { Job, Source } from '../config/schema.js';
import type { Lang } from '../../shared/messages/define.js';
import { KuraError, messageOf, messageWithHint, toKuraError, type ErrorInfo } from '../errors.js';
import { msg, nestedMessage, verbatim, type MessageData } from '../../shared/messages/index.js';
import type { ProgressListener } from '../progress.js';
import { pushOffsiteCopies, type OffsiteRunRecord } from '../offsite/push-offsite.js';
import { decideRetention } from '../retention.js';
import { appendRunRecord, compactRunHistory, markInterruptedRuns, type RunItemRecord, type RunRecord, type RunTrigger } from '../run-log/run-history.js';
import { createRunLogger, runLogPath } from '../run-log/run-logger.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { MANIFEST_FORMAT, type FailedManifestItem, type Manifest, type ManifestItem } from '../snapshot/manifest.js';
import { filesItemPath, mysqlItemPath, redisItemPath } from '../snapshot/artifact-names.js';
import { snapshotIdFromDate } from '../snapshot/snapshot-id.js';
import { createPartial, inOrder, listPartials, listSnapshots, PRUNING_SUFFIX, publishSnapshot, removeLeftover } from '../snapshot/snapshot-store.js';
import type { ToolResolver } from '../tools/resolve-tool.js';
import { acquireJobLock } from './job-lock.js';
import { checkDestination, confirmDestinationStillThere, type CheckedDestination } from '../snapshot/destination.js';
import { fileListPath } from '../snapshot/file-list.js';
import { isRunFatal, makeSecretReader, type ItemFailure, type SourceRunContext } from './run-context.js';
import { ServerLink } from './server-link.js';
// Imported with the run, not when the run ends: loading the module there took ≈ 5 ms of every run.
import { listJournals, needsAttention } from '../restore/restore-journal.js';
import { detectRsync, rsyncHomeOptions } from '../tools/rsync/index.js';
import type { ProxyProgram } from '../tools/ssh/index.js';
import { backupFilesSource } from './sources/files-source.js';
import { besideProgress, runSourcesInLanes, runsBeside } from './source-lanes.js';
import { backupMysqlSource } from './sources/mysql-source.js';
import { backupRedisSource } from './sources/redis-source.js';

export interface RunJobDeps {
  home: string;
  secrets: SecretStore;
  tools: ToolResolver;
  now: () => Date;
  kuraVersion: string;
  /** The admin's language, for the run log (default English). */
  language?: Lang;
  /** Pauses between network retries inside one off-site push (tests pass a few ms). */
  offsiteRetryDelaysMs?: readonly number[];
  /** How rsync's SSH proxy is started (default: this Node or Electron binary). */
  sshProxyProgram?: ProxyProgram;
}

export interface RunJobOptions {
  trigger: RunTrigger;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

export interface RunResult {
  /** `partial`: a snapshot was published with the items that worked; the failed ones are in `items` and `error`. */
  status: 'success' | 'warning' | 'partial' | 'failed' | 'cancelled';
  runId: string;
  jobId: string;
  snapshot: { id: string; path: string } | null;
  items: RunItemRecord[];
  /** Said in the admin's language wherever they are shown. */
  warnings: MessageData[];
  error: ErrorInfo | null;
  startedAt: string;
  finishedAt: string;
  logFile: string;
  pruned: string[];
  /**
   * Off-site copies of the new snapshot, one per target. A target whose `notify` is true failed
   * OFFSITE_NOTIFY_AFTER runs in a row: the scheduler's notifier should tell the admin.
   */
  offsite: OffsiteRunRecord[];
}

export async function runJob(deps: RunJobDeps, job: Job, options: RunJobOptions): Promise<RunResult> {
  const started = deps.now();
  let snapshotId = snapshotIdFromDate(started);
  const runId = `${snapshotId}-${randomBytes(3).toString('hex')}`;
  const signal = options.signal ?? new AbortController().signal;
  const onProgress: ProgressListener = options.onProgress ?? (() => {});

  // Throws job-locked (the caller reports "skipped"): nothing is written for a run that never started.
  const lock = await acquireJobLock(deps.home, job.id, runId, started);
  onProgress({ kind: 'started', runId });
  // rsync is asked for its version and features while the run gets ready (a process start: tens of
  // milliseconds of a second night that takes about a second); a failure is the files source's to report.
  const rsync = job.sources.some((s) => s.type === 'files') ? detectRsync(deps.tools, rsyncHomeOptions(deps.home)) : undefined;
  rsync?.catch(() => {});
  const logFile = runLogPath(deps.home, job.id, runId);
  const logger = createRunLogger(logFile, deps.now, onProgress, deps.language);
  const record: RunRecord = {
    runId,
    jobId: job.id,
    trigger: options.trigger,
    status: 'running',
    startedAt: started.toISOString(),
    finishedAt: null,
    pid: process.pid,
    host: hostname(),
    snapshotId: null,
    partialPath: null,
    items: [],
    warnings: [],
    error: null,
    logFile,
    pruned: [],
  };
  let partialPath: string | null = null;
  let destination: CheckedDestination | null = null;
  const secret = makeSecretReader(deps.secrets, logger);
  const link = new ServerLink({ home: deps.home, jobId: job.id, ssh: job.ssh, secret, signal, logger, proxyProgram: deps.sshProxyProgram });
  try {
    logger.say('info', msg('log-run-started', { run: runId, job: job.id, name: job.name, trigger: `trigger-${options.trigger}`, version: deps.kuraVersion }));
    // We hold the lock, so a `running` record or a .partial folder left here is from a crashed or killed run.
    for (const r of await markInterruptedRuns(deps.home, job.id, deps.now(), removeLeftover)) {
      logger.say('warn', msg('log-run-interrupted-found', { run: r.runId, startedAt: r.startedAt }));
    }
    await compactRunHistory(deps.home, job.id);
    // The backup disk must really be there before anything is written (snapshot/destination.ts).
    destination = await checkDestination(deps.home, job.id, job.destination.path);
    if (destination.note) logger.say('info', destination.note);
    for (const stale of await listPartials(job.destination.path, job.id)) {
      logger.say('warn', msg('log-partial-removed', { path: stale }));
      await removeLeftover(stale);
    }
    const previousSnapshots = inOrder(await listSnapshots(job.destination.path, job.id, deps.now()));
    const previous = previousSnapshots.at(-1) ?? null;
    ({ id: snapshotId, path: partialPath } = await createPartial(job.destination.path, job.id, snapshotId));
    record.partialPath = partialPath;
    await appendRunRecord(deps.home, record);
    logger.say('info', previous ? msg('log-writing-to', { path: partialPath, previous: previous.id }) : msg('log-writing-to~first', { path: partialPath }));

    const ctx: SourceRunContext = {
      job,
      home: deps.home,
      link,
      partialPath,
      previousSnapshots,
      tools: deps.tools,
      ...(rsync ? { rsync } : {}),
      logger,
      signal,
      onProgress,
      secret,
    };
    const manifestItems: ManifestItem[] = [];
    const failed: FailedManifestItem[] = [];
    const failures: KuraError[] = [];
    // Sources running beside another (source-lanes.ts) stop when one of them meets a fatal failure.
    const stopSiblings = new AbortController();
    const sourceSignal = AbortSignal.any([signal, stopSiblings.signal]);
    const progressOf = besideProgress(onProgress);
    const backUp = async (source: Source): Promise<SourceBackup> => {
      const sourceCtx: SourceRunContext = { ...ctx, signal: sourceSignal, ...(runsBeside(source) ? { onProgress: progressOf(source.id) } : {}) };
      try {
        return await backupSource(sourceCtx, source);
      } catch (err) {
        const e = toKuraError(signal.aborted ? (signal.reason ?? err) : sourceSignal.aborted ? sourceSignal.reason : err);
        if (isRunFatal(e)) throw e;
        // The disk going away fails the run (nothing more can be written), not just this item.
        await confirmDestinationStillThere(job.destination.path, destination!, partialPath!);
        await removeSourceOutput(partialPath!, source);
        return { done: [], failures: [{ database: null, error: e }] };
      }
    };
    const outcomes = await runSourcesInLanes(
      job.sources,
      async (source) => {
        if (sourceSignal.aborted) throw toKuraError(signal.aborted ? (signal.reason ?? new DOMException('aborted', 'AbortError')) : sourceSignal.reason);
        const t0 = Date.now();
        const outcome = await backUp(source);
        for (const { database, error: e } of outcome.failures) {
          // Every item is backed up on its own: this one is recorded as failed and the next one is tried.
          logger.say('error', msg('log-item-not-backed-up', { item: database ? `${source.id}/${database}` : source.id, error: nestedMessage(messageWithHint(e)) }));
          if (e.detail) logger.log('error', e.detail);
        }
        return { source, ms: Date.now() - t0, outcome };
      },
      (err) => stopSiblings.abort(err),
    );
    // Recorded in the job's order, whichever source ended first.
    for (const { source, ms, outcome } of outcomes) {
      manifestItems.push(...outcome.done.map((d) => d.item));
      for (const d of outcome.done) record.items.push(itemRecord(d));
      for (const d of outcome.done) record.warnings.push(...d.warnings.map((w) => msg('run-item-warning', { source: source.id, warning: nestedMessage(w) })));
      for (const { database, error: e } of outcome.failures) {
        failures.push(e);
        failed.push({ source: source.id, type: source.type, database, code: e.code, message: e.message });
        record.items.push({ source: source.id, type: source.type, name: database ?? null, status: 'failed', bytes: 0, durationMs: ms, detail: messageOf(e), error: e.toJSON() });
      }
    }
    // Nothing to publish: the run failed as a whole, with the first item's reason.
    if (manifestItems.length === 0 && failures[0]) throw failures[0];

    const finished = deps.now();
    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      job: job.id,
      jobName: job.name,
      id: snapshotId,
      status: failed.length > 0 ? 'partial' : 'complete',
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      host: hostname(),
      kuraVersion: deps.kuraVersion,
      items: manifestItems,
      failed,
    };
    // Every source is in: the server connection is not needed for publishing or off-site copies.
    await link.close();
    await confirmDestinationStillThere(job.destination.path, destination, partialPath);
    await assertArtifactsPresent(partialPath, manifestItems);
    const finalPath = await publishSnapshot(partialPath, manifest);
    partialPath = null;
    record.snapshotId = snapshotId;
    record.partialPath = null;
    logger.say('info', failed.length ? msg('log-snapshot-published~partial', { snapshot: snapshotId, path: finalPath }) : msg('log-snapshot-published', { snapshot: snapshotId, path: finalPath }));

    const unfinished = await unfinishedRestoresOf(deps.home, job.id);
    if (unfinished.length === 0) record.pruned = await applyRetention(job, logger.say.bind(logger), snapshotId, deps.now());
    else {
      // This snapshot may hold a half-restored database: no older snapshot is deleted until the restore is resolved.
      const w = msg('run-retention-held', { restores: unfinished.join(', ') });
      logger.say('warn', w);
      record.warnings.push(w);
    }
    if (job.offsite.length > 0) {
      // Never fails the run: the local snapshot is good; a missing off-site copy is a warning, retried next run.
      const offsite = await pushOffsiteCopies({
        home: deps.home,
        job,
        snapshotId,
        tools: deps.tools,
        secrets: deps.secrets,
        secret: ctx.secret,
        logger,
        now: deps.now,
        signal,
        onProgress,
        retryDelaysMs: deps.offsiteRetryDelaysMs,
      });
      record.offsite = offsite.targets;
      // The off-site warnings are messages (code + facts): said in the admin's language in the UI, alerts and the CLI.
      record.warnings.push(...offsite.warnings);
    }
    if (failed.length > 0) {
      record.status = 'partial';
      const first = failures[0]!;
      const items = failed.map((f) => (f.database ? `${f.source}/${f.database}` : f.source)).join(', ');
      // The run's error says what is missing; its category is the first failure's (a network one is retried).
      record.error = new KuraError({ code: 'run-items-failed', params: { count: failed.length, items, snapshot: snapshotId }, category: first.category }).toJSON();
    } else record.status = record.warnings.length > 0 ? 'warning' : 'success';
    return await finish(record, { id: snapshotId, path: finalPath });
  } catch (err) {
    let e = toKuraError(err);
    // A step that failed because the disk went away says so, not "mkdir failed" or an rsync exit code.
    if (destination && partialPath && e.category !== 'cancelled') {
      const lost = await confirmDestinationStillThere(job.destination.path, destination, partialPath).then(
        () => null,
        (gone: unknown) => toKuraError(gone),
      );
      if (lost) e = lost;
    }
    record.status = e.category === 'cancelled' ? 'cancelled' : 'failed';
    record.error = e.toJSON();
    logger.say('error', messageWithHint(e));
    if (partialPath) {
      const leftover = partialPath;
      await removeLeftover(leftover).catch((rmErr: unknown) => logger.say('warn', msg('log-leftover-not-removed', { path: leftover, reason: String(rmErr) })));
      logger.say('info', msg('log-nothing-published', {}));
    }
    return await finish(record, null);
  }

  async function finish(rec: RunRecord, snapshot: RunResult['snapshot']): Promise<RunResult> {
    await link.close().catch(() => {});
    rec.finishedAt = deps.now().toISOString();
    logger.say('info', msg('log-run-finished', { status: `status-${rec.status}` }));
    try {
      await appendRunRecord(deps.home, rec);
    } finally {
      await logger.close();
      await lock.release();
    }
    return {
      status: rec.status as RunResult['status'],
      runId: rec.runId,
      jobId: rec.jobId,
      snapshot,
      items: rec.items,
      warnings: rec.warnings,
      error: rec.error,
      startedAt: rec.startedAt,
      finishedAt: rec.finishedAt,
      logFile: rec.logFile,
      pruned: rec.pruned,
      offsite: rec.offsite ?? [],
    };
  }
}

/** An item for the manifest and its warnings as data (the manifest keeps them in English). */
interface ItemBackup {
  item: ManifestItem;
  warnings: MessageData[];
}

/** What a source's backup step made: its verified items with their warnings, and the parts of it that failed. */
interface SourceBackup {
  done: ItemBackup[];
  failures: ItemFailure[];
}

async function backupSource(ctx: SourceRunContext, source: Source): Promise<SourceBackup> {
  switch (source.type) {
    case 'files':
      return { done: [await backupFilesSource(ctx, source)], failures: [] };
    case 'mysql': {
      // The dump's warnings are written by the MySQL side in English (manifest text): read back verbatim.
      const outcome = await backupMysqlSource(ctx, source);
      return { done: outcome.items.map((item) => ({ item, warnings: (item.warnings ?? []).map((w) => verbatim(w)) })), failures: outcome.failures };
    }
    case 'redis':
      return { done: [{ item: await backupRedisSource(ctx, source), warnings: [] }], failures: [] };
  }
}

/** What a failed source left in the unfinished snapshot: removed, so the snapshot holds only verified items. */
async function removeSourceOutput(partialPath: string, source: Source): Promise<void> {
  const paths = (() => {
    switch (source.type) {
      case 'files':
        return [filesItemPath(source.id), fileListPath(filesItemPath(source.id))];
      case 'mysql':
        return [dirname(mysqlItemPath(source.id, 'x'))];
      case 'redis':
        return [dirname(redisItemPath(source.id))];
    }
  })();
  for (const p of paths) await rm(join(partialPath, p), { recursive: true, force: true, maxRetries: 3 });
}

/**
 * The last look before publishing: every artifact the manifest is about to promise is on disk where it
 * says, with the size it says. Cheap (one stat each), and it catches what no single step could: a file
 * written while the disk was briefly gone, a folder some other program removed.
 */
async function assertArtifactsPresent(partialPath: string, items: readonly ManifestItem[]): Promise<void> {
  for (const item of items) {
    const paths = item.type === 'files' ? [item.path, ...(item.list ? [fileListPath(item.path)] : [])] : [item.path];
    for (const rel of paths) {
      const st = await stat(join(partialPath, rel)).catch(() => null);
      const sizeOk = item.type === 'files' || (st !== null && st.size === item.bytes);
      if (!st || !sizeOk) {
        throw st
          ? new KuraError({ code: 'snapshot-incomplete', params: { path: rel, size: st.size, expected: item.bytes }, category: 'resource' })
          : new KuraError({ code: 'snapshot-incomplete~missing', params: { path: rel }, category: 'resource' });
      }
    }
  }
}

/** The run history's line for an item: its warnings make it a warning, its detail says what it holds. */
function itemRecord({ item, warnings }: ItemBackup): RunItemRecord {
  const status = warnings.length ? 'warning' : 'ok';
  switch (item.type) {
    case 'files':
      return { source: item.source, type: 'files', name: null, status, bytes: item.bytes, durationMs: item.durationMs, detail: msg('item-files', { count: item.files }) };
    case 'mysql':
      return { source: item.source, type: 'mysql', name: item.database, status, bytes: item.bytes, durationMs: item.durationMs, detail: msg('item-tables', { count: item.tables.length }) };
    case 'redis': {
      const keys = Object.values(item.keysPerDb).reduce((a, b) => a + b, 0);
      return { source: item.source, type: 'redis', name: null, status, bytes: item.bytes, durationMs: item.durationMs, detail: msg('item-keys', { count: keys }) };
    }
  }
}

/**
 * Removes the snapshots the policy no longer keeps. Only complete snapshots (with a Kura manifest) in
 * the time order are candidates — one dated in the future or whose folder and manifest disagree is
 * neither counted nor deleted (snapshot-store.ts) — and the one this run just made is always kept.
 */
/** Ids of restores into this job's targets a crash left unfinished (and any unreadable journal). */
async function unfinishedRestoresOf(home: string, jobId: string): Promise<string[]> {
  return (await listJournals(home)).filter((e) => needsAttention(e) && (e.kind === 'damaged' || e.journal.jobId === jobId)).map((e) => e.id);
}

async function applyRetention(job: Job, say: (level: 'info' | 'warn', m: MessageData) => void, justMade: string, now: Date): Promise<string[]> {
  const all = await listSnapshots(job.destination.path, job.id, now);
  for (const s of all) if (s.outOfOrder) say('warn', msg('log-retention-skips', { snapshot: s.id, reason: nestedMessage(s.outOfOrder) }));
  const snapshots = inOrder(all);
  const decision = decideRetention(
    snapshots.map((s) => ({ id: s.id, at: new Date(s.manifest.startedAt) })),
    job.retention,
    job.schedule?.timezone,
  );
  const removed: string[] = [];
  const lastCopies = newestCopies(snapshots.map((s) => ({ id: s.id, items: s.manifest.items })));
  for (const id of decision.remove) {
    const snap = snapshots.find((s) => s.id === id);
    if (!snap || id === justMade) continue;
    const only = lastCopies.get(id);
    if (only) {
      say('info', msg('retention-keeps-last-copy', { snapshot: id, items: only.join(', ') }));
      continue;
    }
    try {
      // Rename first: a half-deleted folder must never still look like a complete snapshot.
      const doomed = `${snap.path}${PRUNING_SUFFIX}`;
      await renameRetrying(snap.path, doomed);
      await rm(doomed, { recursive: true, force: true, maxRetries: 3 });
      removed.push(id);
      say('info', msg('log-retention-removed', { snapshot: id }));
    } catch (err) {
      say('warn', msg('log-retention-failed', { snapshot: id, reason: (err as Error).message }));
    }
  }
  if (removed.length === 0) say('info', msg('log-retention-kept-all', { count: snapshots.length }));
  return removed;
}

/**
 * For each snapshot (oldest first in `snapshots`), the items whose newest verified copy it holds:
 * retention never removes such a snapshot, so an item that failed for weeks keeps its last good copy.
 */
export function newestCopies(snapshots: ReadonlyArray<{ id: string; items: readonly ManifestItem[] }>): Map<string, string[]> {
  const newest = new Map<string, string>();
  for (const s of snapshots) for (const item of s.items) newest.set(itemKey(item), s.id);
  const out = new Map<string, string[]>();
  for (const [key, id] of newest) out.set(id, [...(out.get(id) ?? []), key]);
  return out;
}

function itemKey(item: ManifestItem): string {
  return item.type === 'mysql' ? `${item.source}/${item.database}` : item.source;
}

export function isJobLocked(err: unknown): err is KuraError {
  return err instanceof KuraError && err.code === 'job-locked';
}
