/**
 * A folder tree of snapshots laid out like the local backup folder (`<jobId>/<snapshotId>/`), as a
 * StorageLocation: an rsync daemon module, a folder over SSH, or a folder on this PC (a USB disk, a
 * NAS share). Writing and deleting go through rsync everywhere (off-site/remote-ops.ts: the same
 * commands for all three, hard links to the previous snapshot there); a folder on this PC is listed
 * and read in place, without rsync.
 *
 * `layout`: opened as an off-site target, the address is the root holding `<jobId>/` folders; opened
 * from what an admin typed after `--from` (or picked in "Open a backup location…"), it may also be a
 * job's folder or one snapshot's folder, and is looked at to find out.
 */
import { messageList, msg, nestedMessage } from '../../shared/messages/index.js';
import { sayTo } from '../progress.js';
import { createHash } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { FilesLocation } from '../config/files-location.js';
import { KuraError, messageOf, toKuraError } from '../errors.js';
import {
  deleteRemoteSnapshot,
  ensureRemoteFolder,
  fetchRemoteIndex,
  pullRemoteFolder,
  pushSnapshotData,
  pushSnapshotRecords,
  snapshotRecords,
  pushSnapshotManifest,
  type RemoteEndpoint,
  type RemoteOpsContext,
} from '../offsite/remote-ops.js';
import { describeTarget } from '../offsite/remote-location.js';
import { MANIFEST_FILE, readManifest, type ManifestItem } from '../snapshot/manifest.js';
import { isSnapshotId } from '../snapshot/snapshot-id.js';
import { listSnapshotsIn, orderProblem, type SnapshotRef } from '../snapshot/snapshot-store.js';
import { verifySnapshot } from '../snapshot/verify-snapshot.js';
import { detectRsync, rsyncHomeOptions, type RsyncClient } from '../tools/rsync/detect-rsync.js';
import type { ToolResolver } from '../tools/resolve-tool.js';
import { pathExists } from '../util/fs-probe.js';
import type { DeleteResult, LocationOptions, StorageLocation, StoredSnapshot, TidyResult, VerifyResult, WriteResult } from './storage-location.js';
import { snapshotsInFolder } from './folder-snapshots.js';
import { homeLayout } from '../home-layout.js';

export interface RsyncLocationConfig {
  endpoint: RemoteEndpoint;
  layout: 'jobs' | 'auto';
  tools: ToolResolver;
  /** $KURA_HOME: work folders and the cache of pulled snapshots live below it. */
  home: string;
}

export class RsyncLocation implements StorageLocation {
  readonly kind: 'folder' | 'rsync';
  readonly address: string;
  private client: RsyncClient | null = null;
  /** Job folders seen there (layout `jobs`): the others are created before the first push. */
  private readonly jobs = new Set<string>();
  /** Where each listed snapshot is, relative to the address. */
  private readonly subs = new Map<string, string>();

  constructor(private readonly cfg: RsyncLocationConfig) {
    this.kind = cfg.endpoint.location.kind === 'local' ? 'folder' : 'rsync';
    this.address = describeTarget(cfg.endpoint.location);
  }

  private get location(): FilesLocation {
    return this.cfg.endpoint.location;
  }

  private async ctx(options?: LocationOptions): Promise<RemoteOpsContext> {
    this.client ??= await detectRsync(this.cfg.tools, { signal: options?.signal, logger: options?.logger, ...rsyncHomeOptions(this.cfg.home) });
    return {
      client: this.client,
      workDir: homeLayout.offsiteWorkDir(this.cfg.home),
      signal: options?.signal,
      logger: options?.logger,
      onProgress: options?.onTransfer ? (p) => options.onTransfer!({ bytes: p.bytes, totalBytes: null }) : undefined,
    };
  }

  private key(s: { jobId: string; id: string }): string {
    return `${s.jobId}/${s.id}`;
  }

  async listSnapshots(jobId?: string, options?: LocationOptions): Promise<StoredSnapshot[]> {
    const base = this.address.replace(/\/+$/, '');
    if (this.location.kind === 'local') {
      const root = this.location.path;
      const found: SnapshotRef[] =
        this.cfg.layout === 'jobs'
          ? jobId === undefined
            ? await snapshotsInFolder(root)
            : (await listSnapshotsIn(join(root, jobId), jobId)).filter((s) => s.manifest.job === jobId)
          : await snapshotsInFolder(root, jobId);
      if (jobId !== undefined && (await pathExists(join(root, jobId)))) this.jobs.add(jobId);
      return found.map((s) => {
        const sub = s.path === root ? '' : s.path.slice(root.replace(/[\\/]+$/, '').length + 1).replace(/\\/g, '/');
        this.subs.set(this.key({ jobId: s.manifest.job, id: s.id }), sub);
        return { jobId: s.manifest.job, id: s.id, manifest: s.manifest, address: sub === '' ? base : join(root, sub) };
      });
    }
    const index = await fetchRemoteIndex(this.cfg.endpoint, await this.ctx(options), this.cfg.layout === 'jobs' ? { layout: 'jobs', onlyJob: jobId } : { layout: 'auto' });
    for (const j of index.jobs) this.jobs.add(j);
    return index.complete
      .filter((s) => jobId === undefined || s.jobId === jobId)
      .map((s) => {
        this.subs.set(this.key(s), s.sub);
        return { jobId: s.jobId, id: s.id, manifest: s.manifest, address: s.sub === '' ? base : `${base}/${s.sub}` };
      });
  }

  private subOf(snap: { jobId: string; id: string }): string {
    return this.subs.get(this.key(snap)) ?? `${snap.jobId}/${snap.id}`;
  }

  /** A local folder is read in place; a remote snapshot is pulled whole into the cache (resuming), checked, then used. */
  async openSnapshot(snap: StoredSnapshot, _want: { items?: readonly ManifestItem[]; sub?: string } | undefined, options?: LocationOptions): Promise<SnapshotRef> {
    if (this.location.kind === 'local') {
      const sub = this.subOf(snap);
      const path = sub === '' ? this.location.path : join(this.location.path, ...sub.split('/'));
      const manifest = await readManifest(path);
      if (!manifest || manifest.id !== snap.id) throw incomplete(snap);
      return { id: snap.id, path, manifest, outOfOrder: orderProblem(basename(path), manifest, new Date()) };
    }
    const key = createHash('sha256').update(this.address).digest('hex').slice(0, 16);
    const dir = join(homeLayout.offsiteCacheDir(this.cfg.home, key), snap.jobId);
    const final = join(dir, snap.id);
    const cached = await readManifest(final);
    if (cached && cached.id === snap.id && cached.finishedAt === snap.manifest.finishedAt) {
      sayTo(options?.logger, 'info', msg('log-offsite-cached', { snapshot: snap.id, path: final }));
      return { id: snap.id, path: final, manifest: cached, outOfOrder: orderProblem(snap.id, cached, new Date()) };
    }
    await rm(final, { recursive: true, force: true });
    const partial = `${final}.partial`;
    sayTo(options?.logger, 'info', msg('log-offsite-fetching', { snapshot: snap.id, address: snap.address, path: partial }));
    await pullRemoteFolder(this.cfg.endpoint, await this.ctx(options), this.subOf(snap), partial);
    const manifest = await readManifest(partial);
    if (!manifest || manifest.id !== snap.id) throw incomplete(snap);
    const check = await verifySnapshot(partial, manifest, options?.signal);
    if (!check.ok) {
      const bad = check.items.filter((i) => !i.ok).map((i) => msg('offsite-item-problem', { path: i.path, detail: nestedMessage(i.detail) }));
      throw new KuraError({ code: 'offsite-snapshot-damaged', params: { snapshot: snap.id, address: snap.address, problems: messageList(bad) }, category: 'data' });
    }
    await rename(partial, final);
    return { id: snap.id, path: final, manifest, outOfOrder: orderProblem(snap.id, manifest, new Date()) };
  }

  async writeSnapshot(local: SnapshotRef, previous: StoredSnapshot | null, options?: LocationOptions): Promise<WriteResult> {
    const ctx = await this.ctx(options);
    const jobId = local.manifest.job;
    if (!this.jobs.has(jobId)) {
      await ensureRemoteFolder(this.cfg.endpoint, ctx, jobId);
      this.jobs.add(jobId);
    }
    const snap = { jobId, id: local.id, path: local.path };
    // The records (lists, dumps, RDBs) go on their own, never linked by rsync's quick check; the manifest last.
    const records = snapshotRecords(local.manifest);
    const r = await pushSnapshotData(this.cfg.endpoint, ctx, snap, previous?.id ?? null, records);
    const sentBefore = r.stats.transferredBytes;
    const onProgress = ctx.onProgress;
    const rec = await pushSnapshotRecords(this.cfg.endpoint, { ...ctx, onProgress: onProgress && ((p) => onProgress({ ...p, bytes: sentBefore + p.bytes })) }, snap, records);
    await pushSnapshotManifest(this.cfg.endpoint, ctx, snap);
    for (const w of [...r.warnings, ...(rec?.warnings ?? [])]) sayTo(options?.logger, 'warn', msg('log-offsite-warning', { warning: nestedMessage(w) }));
    const reused = Math.max(0, (r.stats.kinds?.regular ?? r.stats.filesTransferred) - r.stats.filesTransferred);
    return { bytesSent: sentBefore + (rec?.stats.transferredBytes ?? 0), sent: r.stats.filesTransferred + (rec?.stats.filesTransferred ?? 0), reused, warnings: [] };
  }

  async deleteSnapshot(jobId: string, id: string, options?: LocationOptions): Promise<DeleteResult> {
    const ctx = await this.ctx(options);
    await deleteRemoteSnapshot(this.cfg.endpoint, ctx, jobId, id, 'manifest');
    await deleteRemoteSnapshot(this.cfg.endpoint, ctx, jobId, id, 'rest');
    return { deleted: true, lockedUntil: null };
  }

  async tidy(): Promise<TidyResult> {
    return { removed: 0, bytes: 0, warnings: [] };
  }

  /** Every byte: a folder is checked where it is; a remote copy is pulled (resumably) and checked. */
  async verifySnapshot(snap: StoredSnapshot, _full: boolean, options?: LocationOptions): Promise<VerifyResult> {
    const opened = await this.openSnapshot(snap, undefined, options).catch((err: unknown) => err);
    if (!(opened && typeof opened === 'object' && 'path' in opened)) {
      const e = toKuraError(opened);
      // Pulled and found damaged is a finding about the copy; anything else only says it could not be read.
      return { snapshotId: snap.id, ok: false, depth: 'full', items: [{ path: '', ok: false, detail: messageOf(e) }], objects: 0, decrypted: 0, unreadable: e.code !== 'offsite-snapshot-damaged' };
    }
    const check = await verifySnapshot((opened as SnapshotRef).path, snap.manifest, options?.signal);
    return {
      snapshotId: snap.id,
      ok: check.ok,
      depth: 'full',
      items: check.items.map((i) => ({ path: i.path, ok: i.ok, detail: i.detail })),
      objects: check.items.length,
      decrypted: check.items.length,
    };
  }

  async close(): Promise<void> {}
}

function incomplete(snap: StoredSnapshot): KuraError {
  return new KuraError({ code: 'offsite-snapshot-incomplete', params: { snapshot: snap.id, address: snap.address }, category: 'data' });
}

/** Is `path` a snapshot folder itself (a manifest and a snapshot-id name)? */
export async function isSnapshotFolder(path: string): Promise<boolean> {
  return isSnapshotId(basename(path)) && (await pathExists(join(path, MANIFEST_FILE)));
}
