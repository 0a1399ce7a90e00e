/**
 * Finds what a restore request points at: the snapshot (from a configured job, or from a backup folder
 * on a new PC with no config), the manifest items of the requested source, and — when there is a
 * config — the source's own settings (the "original" target).
 */
import { english } from '../../shared/messages/render.js';
import { dirname } from 'node:path';
import { findJob } from '../config/config-store.js';
import type { Job, KuraConfig, Source } from '../config/schema.js';
import { KuraError } from '../errors.js';
import type { ManifestItem } from '../snapshot/manifest.js';
import { inOrder, jobRoot as jobRootOf, orderProblem, type SnapshotRef } from '../snapshot/snapshot-store.js';
import { listJobSnapshots } from '../snapshot/job-snapshots.js';
import { fetchRemoteSnapshot, listRemoteSnapshots, type RemoteReadDeps } from '../offsite/remote-snapshots.js';
import { isRemoteAddress } from '../offsite/remote-location.js';
import type { RestoreRequest } from './types.js';

export interface ResolvedRestore {
  job: Job | null;
  jobId: string;
  /** The folder that holds this job's snapshots (where `_safety/` goes). */
  jobRoot: string;
  snapshot: SnapshotRef;
  /** Every complete snapshot holding the source, oldest first (to offer the previous good one). */
  candidates: SnapshotRef[];
  source: Source | null;
  items: ManifestItem[];
}

/** Snapshots found under a folder the admin picked (storage/folder-snapshots.ts). */
export { snapshotsInFolder } from '../storage/folder-snapshots.js';
import { snapshotsInFolder } from '../storage/folder-snapshots.js';

/**
 * @param remote what reading an off-site target needs (`fromFolder` = `rsync://…`, `host::module`,
 *   `user@host:/path`): the chosen snapshot is pulled into a local cache, then restored from there.
 */
export async function resolveRestore(config: KuraConfig | null, req: RestoreRequest, remote?: Omit<RemoteReadDeps, 'config'>): Promise<ResolvedRestore> {
  let job: Job | null = null;
  let all: SnapshotRef[];
  if (req.fromFolder && isRemoteAddress(req.fromFolder)) {
    all = await fetchRemoteChoice(config, req, req.fromFolder, remote);
    if (config && all[0]) job = config.jobs.find((j) => j.id === all[0]!.manifest.job) ?? null;
  } else if (req.fromFolder) {
    all = await snapshotsInFolder(req.fromFolder, req.jobId);
    const jobs = new Set(all.map((s) => s.manifest.job));
    if (jobs.size > 1) {
      throw new KuraError({ code: 'restore-several-jobs', params: { where: req.fromFolder, jobs: [...jobs].join(', ') }, category: 'config' });
    }
    if (config && all[0]) job = config.jobs.find((j) => j.id === all[0]!.manifest.job) ?? null;
  } else {
    if (!req.jobId) throw new KuraError({ code: 'restore-which-job', params: {}, category: 'config' });
    if (!config) throw new KuraError({ code: 'restore-no-config', params: {}, category: 'config' });
    job = findJob(config, req.jobId);
    all = await listJobSnapshots(job);
  }
  // Per item: with a database named, only snapshots holding that database's dump are candidates, so
  // "latest" is the newest verified copy of it even when a later, partial snapshot lacks it.
  const wantedDb = req.mysql?.database;
  const holds = (i: ManifestItem) => i.source === req.sourceId && (!wantedDb || (i.type === 'mysql' && i.database === wantedDb));
  const candidates = all.filter((s) => s.manifest.items.some(holds));
  if (candidates.length === 0) {
    const sources = [...new Set(all.flatMap((s) => s.manifest.items.map((i) => i.source)))];
    throw all.length === 0
      ? new KuraError({ code: 'restore-no-snapshots', params: {}, category: 'config' })
      : new KuraError({ code: 'source-not-found', params: { source: req.sourceId, sources: sources.join(', ') }, category: 'config' });
  }
  // "latest" is the newest in the time order: a snapshot dated in the future never becomes it.
  const snapshot = req.snapshotId === 'latest' ? inOrder(candidates).at(-1) : candidates.find((s) => s.id === req.snapshotId);
  if (!snapshot) {
    const available = candidates.map((s) => s.id).join(', ');
    throw req.snapshotId === 'latest'
      ? new KuraError({ code: 'restore-no-latest', params: { source: req.sourceId, available }, category: 'config', detail: candidates.map((s) => `${s.id}: ${s.outOfOrder ? english(s.outOfOrder) : ''}`).join('\n') })
      : new KuraError({ code: 'snapshot-not-found~source', params: { snapshot: req.snapshotId, source: req.sourceId, available }, category: 'config' });
  }
  const jobId = snapshot.manifest.job;
  return {
    job,
    jobId,
    // A configured job's own folder even for a snapshot left in an earlier one (destination.earlier):
    // safety dumps go to the current backup disk, where the restore journal expects them.
    jobRoot: job && !req.fromFolder ? jobRootOf(job.destination.path, job.id) : dirname(snapshot.path),
    snapshot,
    candidates,
    source: job?.sources.find((s) => s.id === req.sourceId) ?? null,
    items: snapshot.manifest.items.filter((i) => i.source === req.sourceId),
  };
}

/**
 * Picks the snapshot at a remote address the same way as for a folder (the newest, or the id asked
 * for, holding the source) and pulls only that one: the target may hold months of snapshots.
 */
async function fetchRemoteChoice(config: KuraConfig | null, req: RestoreRequest, address: string, remote: Omit<RemoteReadDeps, 'config'> | undefined): Promise<SnapshotRef[]> {
  if (!remote) throw new KuraError({ code: 'restore-remote-unavailable', params: { address }, category: 'internal' });
  // "Open a backup location…" names the keychain entries (and a bucket's endpoint) to read it with.
  const access = req.fromAccess ? { passwordRef: req.fromAccess.passwordRef, s3: req.fromAccess.s3 } : {};
  const deps: RemoteReadDeps = { ...remote, config, ...access };
  const list = await listRemoteSnapshots(address, deps, req.jobId);
  const jobs = new Set(list.map((s) => s.jobId));
  if (jobs.size > 1) {
    throw new KuraError({ code: 'restore-several-jobs', params: { where: address, jobs: [...jobs].join(', ') }, category: 'config' });
  }
  const holding = list.filter((s) => s.manifest.items.some((i) => i.source === req.sourceId));
  const chosen = req.snapshotId === 'latest' ? holding.filter((s) => orderProblem(s.id, s.manifest, new Date()) === null).at(-1) : holding.find((s) => s.id === req.snapshotId);
  if (!chosen) {
    const sources = [...new Set(list.flatMap((s) => s.manifest.items.map((i) => i.source)))];
    const available = holding.map((s) => s.id).join(', ');
    throw list.length === 0
      ? new KuraError({ code: 'restore-no-snapshots-at', params: { address }, category: 'config' })
      : holding.length === 0
        ? new KuraError({ code: 'source-not-found', params: { source: req.sourceId, sources: sources.join(', ') }, category: 'config' })
        : req.snapshotId === 'latest'
          ? new KuraError({ code: 'restore-no-latest', params: { source: req.sourceId, available }, category: 'config' })
          : new KuraError({ code: 'snapshot-not-found~source', params: { snapshot: req.snapshotId, source: req.sourceId, available }, category: 'config' });
  }
  // Only what is restored is fetched: from a bucket, one database is not a whole night's download.
  return [await fetchRemoteSnapshot(address, deps, chosen, { items: chosen.manifest.items.filter((i) => i.source === req.sourceId), sub: req.files?.path })];
}
