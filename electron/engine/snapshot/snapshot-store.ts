/**
 * The snapshot folders of one job under `<destination>/<jobId>/`:
 *   <snapshotId>/            complete: has a manifest.json Kura wrote, with status "complete"
 *   <snapshotId>.partial/    being built (or left by a crash): never listed, never used for --link-dest
 * A snapshot is published by renaming its `.partial` folder once every item was verified, so a
 * half-written snapshot can never be mistaken for a good one.
 *
 * One order for every decision. Snapshots are ordered by when they were taken: the folder name is the
 * start time, and the manifest records it too. A snapshot whose two disagree (a folder renamed or
 * copied in, a manifest from elsewhere) or whose start lies in the future (the clock was wrong when
 * it ran) is listed with `outOfOrder` saying why — and is never "latest", never the base for
 * `--link-dest`, and never counted or deleted by retention: one wrong clock must not make Kura delete
 * the real newest snapshots. It can still be restored by its id.
 */
import { msg, type MessageData } from '../../shared/messages/index.js';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { renameRetrying } from '../util/busy-retry.js';
import { KuraError, toKuraError } from '../errors.js';
import { writeJsonAtomic } from '../util/atomic-write.js';
import { syncDir } from '../util/sync-dir.js';
import { MANIFEST_FILE, readManifest, readManifestChecked, type Manifest } from './manifest.js';
import { dateFromSnapshotId, isSnapshotId, snapshotIdFromDate } from './snapshot-id.js';
import { pathExists } from '../util/fs-probe.js';

export const PARTIAL_SUFFIX = '.partial';
/** A snapshot being deleted by retention: renamed first so it is never listed half-deleted. */
export const PRUNING_SUFFIX = '.pruning';

export interface SnapshotRef {
  id: string;
  path: string;
  manifest: Manifest;
  /** Why this snapshot stands outside the time order (see the file comment), or null. */
  outOfOrder: MessageData | null;
}

/** A start time more than this far ahead of the clock is "in the future" (NTP corrections are smaller). */
const FUTURE_SLACK_MS = 5 * 60_000;
/** createPartial moves an id up to 60 s past the start time when that second is taken. */
const ID_BUMP_MS = 61_000;

/** Null when the folder name, the manifest's times and the clock agree; else why not. */
export function orderProblem(id: string, manifest: Manifest, now: Date): MessageData | null {
  const idAt = dateFromSnapshotId(id)?.getTime() ?? NaN;
  const started = Date.parse(manifest.startedAt);
  const finished = Date.parse(manifest.finishedAt);
  if (!Number.isFinite(started) || !Number.isFinite(finished)) return msg('snapshot-order-no-times', {});
  const startSecond = Math.floor(started / 1000) * 1000;
  if (idAt < startSecond || idAt - startSecond >= ID_BUMP_MS) return msg('snapshot-order-name', { snapshot: id, startedAt: manifest.startedAt });
  if (finished < started) return msg('snapshot-order-ends-before', { finishedAt: manifest.finishedAt, startedAt: manifest.startedAt });
  if (started > now.getTime() + FUTURE_SLACK_MS) return msg('snapshot-order-future', { startedAt: manifest.startedAt });
  return null;
}

/** The snapshots in the time order, oldest first: what "latest", --link-dest and retention use. */
export function inOrder(snapshots: readonly SnapshotRef[]): SnapshotRef[] {
  return snapshots.filter((s) => s.outOfOrder === null);
}

export function jobRoot(destinationPath: string, jobId: string): string {
  return join(destinationPath, jobId);
}

/**
 * Complete snapshots of a job, by folder name (oldest first), out-of-order ones included and marked.
 * Folders without a valid manifest are not snapshots (listUnusableSnapshots names them).
 */
export async function listSnapshots(destinationPath: string, jobId: string, now: Date = new Date()): Promise<SnapshotRef[]> {
  return listSnapshotsIn(jobRoot(destinationPath, jobId), jobId, now);
}

/** Same, for a folder that directly holds snapshot folders (used by `--from <folder>`). */
export async function listSnapshotsIn(root: string, jobId?: string, now: Date = new Date()): Promise<SnapshotRef[]> {
  const out: SnapshotRef[] = [];
  for (const name of await snapshotNames(root)) {
    const path = join(root, name);
    const manifest = await readManifest(path);
    if (manifest && manifest.id === name && (jobId === undefined || manifest.job === jobId)) {
      out.push({ id: name, path, manifest, outOfOrder: orderProblem(name, manifest, now) });
    }
  }
  return out;
}

/**
 * Folders named like snapshots whose manifest.json is there but unusable (not Kura's, or naming paths
 * outside the snapshot): not restorable, shown so the admin knows they exist and why they are skipped.
 */
export async function listUnusableSnapshots(root: string): Promise<Array<{ id: string; path: string; reason: MessageData }>> {
  const out: Array<{ id: string; path: string; reason: MessageData }> = [];
  for (const name of await snapshotNames(root)) {
    const r = await readManifestChecked(join(root, name));
    if (r.kind === 'invalid') out.push({ id: name, path: join(root, name), reason: r.reason });
  }
  return out;
}

/**
 * Snapshot-named entries of a folder, sorted. A folder that is not there — or is a file, like the
 * `desktop.ini`, `.DS_Store` or `Thumbs.db` that Explorer and Finder drop into backup folders —
 * simply holds no snapshots.
 */
async function snapshotNames(root: string): Promise<string[]> {
  try {
    return (await readdir(root)).filter(isSnapshotId).sort();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw err;
  }
}

/** Leftover `.partial` (and `.pruning`) folders from a crash or a failed run. */
export async function listPartials(destinationPath: string, jobId: string): Promise<string[]> {
  const root = jobRoot(destinationPath, jobId);
  try {
    return (await readdir(root)).filter((n) => n.endsWith(PARTIAL_SUFFIX) || n.endsWith(PRUNING_SUFFIX)).map((n) => join(root, n));
  } catch {
    return [];
  }
}

/**
 * Creates `<id>.partial/` and returns its path and the id actually used: when a snapshot already has
 * this id (two runs in one second), the next free second is used, so ids stay unique and sorted.
 */
export async function createPartial(destinationPath: string, jobId: string, id: string): Promise<{ id: string; path: string }> {
  const root = jobRoot(destinationPath, jobId);
  try {
    await mkdir(root, { recursive: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EROFS' || code === 'ENOSPC') throw toKuraError(err);
    throw new KuraError({ code: 'destination-unavailable', params: { path: destinationPath, reason: (err as Error).message }, category: 'resource', cause: err });
  }
  let free = id;
  for (let i = 0; await pathExists(join(root, free)); i++) {
    const at = dateFromSnapshotId(id);
    if (!at || i >= 60) throw new KuraError({ code: 'snapshot-exists', params: { snapshot: id }, category: 'internal' });
    free = snapshotIdFromDate(new Date(at.getTime() + (i + 1) * 1000));
  }
  const partial = join(root, free + PARTIAL_SUFFIX);
  try {
    await mkdir(partial);
  } catch (err) {
    // A leftover of this very id (the run removes older leftovers before it gets here): started afresh.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    await rm(partial, { recursive: true, force: true });
    await mkdir(partial);
  }
  return { id: free, path: partial };
}

/** Writes the manifest and renames `.partial` → final. The last step of a successful run. */
export async function publishSnapshot(partialPath: string, manifest: Manifest): Promise<string> {
  if (!partialPath.endsWith(PARTIAL_SUFFIX)) throw new Error(`not a partial folder: ${partialPath}`);
  await writeJsonAtomic(join(partialPath, MANIFEST_FILE), manifest);
  // Both renames on the disk before the run says "published": without it a power cut within seconds
  // left the folder `.partial` (removed by the next run as a leftover) while the history said success.
  await syncDir(partialPath);
  const finalPath = partialPath.slice(0, -PARTIAL_SUFFIX.length);
  await renameRetrying(partialPath, finalPath);
  await syncDir(dirname(finalPath));
  return finalPath;
}

/** Removes a leftover `.partial`/`.pruning` folder; refuses anything else (never a published snapshot). */
export async function removeLeftover(partialPath: string): Promise<void> {
  if (!partialPath.endsWith(PARTIAL_SUFFIX) && !partialPath.endsWith(PRUNING_SUFFIX)) throw new Error(`refusing to remove a non-partial folder: ${partialPath}`);
  await rm(partialPath, { recursive: true, force: true, maxRetries: 3 });
}

/** Resolves `latest` (the newest in the time order) or an id to a complete snapshot, with a helpful error otherwise. */
export function pickSnapshot(snapshots: SnapshotRef[], idOrLatest: string, jobId: string): SnapshotRef {
  const found = idOrLatest === 'latest' ? inOrder(snapshots).at(-1) : snapshots.find((s) => s.id === idOrLatest);
  if (found) return found;
  throw snapshots.length === 0
    ? new KuraError({ code: 'snapshot-not-found~none', params: { job: jobId, command: `kura run ${jobId}` }, category: 'config' })
    : new KuraError({ code: 'snapshot-not-found', params: { job: jobId, snapshot: idOrLatest, available: snapshots.map((s) => s.id).join(', ') }, category: 'config' });
}
