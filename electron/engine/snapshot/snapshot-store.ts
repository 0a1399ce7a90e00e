/**
 * The snapshot folders of one job under `<destination>/<jobId>/`:
 *   <snapshotId>/            complete: has a manifest.json Kura wrote, with status "complete"
 *   <snapshotId>.partial/    being built (or left by a crash): never listed, never used for --link-dest
 * A snapshot is published by renaming its `.partial` folder once every item was verified, so a
 * half-written snapshot can never be mistaken for a good one.
 */
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { KuraError, toKuraError } from '../errors.js';
import { writeJsonAtomic } from '../util/atomic-write.js';
import { MANIFEST_FILE, readManifest, type Manifest } from './manifest.js';
import { dateFromSnapshotId, isSnapshotId, snapshotIdFromDate } from './snapshot-id.js';
import { pathExists } from '../util/fs-probe.js';

export const PARTIAL_SUFFIX = '.partial';
/** A snapshot being deleted by retention: renamed first so it is never listed half-deleted. */
export const PRUNING_SUFFIX = '.pruning';

export interface SnapshotRef {
  id: string;
  path: string;
  manifest: Manifest;
}

export function jobRoot(destinationPath: string, jobId: string): string {
  return join(destinationPath, jobId);
}

/** Complete snapshots of a job, oldest first. Folders without a valid manifest are ignored. */
export async function listSnapshots(destinationPath: string, jobId: string): Promise<SnapshotRef[]> {
  return listSnapshotsIn(jobRoot(destinationPath, jobId), jobId);
}

/** Same, for a folder that directly holds snapshot folders (used by `--from <folder>`). */
export async function listSnapshotsIn(root: string, jobId?: string): Promise<SnapshotRef[]> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: SnapshotRef[] = [];
  for (const name of names.filter(isSnapshotId).sort()) {
    const path = join(root, name);
    const manifest = await readManifest(path);
    if (manifest && manifest.id === name && (jobId === undefined || manifest.job === jobId)) {
      out.push({ id: name, path, manifest });
    }
  }
  return out;
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
    throw new KuraError({
      code: 'destination-unavailable',
      category: 'resource',
      message: `The backup folder ${destinationPath} cannot be used: ${(err as Error).message}`,
      hint: 'Check that the backup disk is connected and writable, or choose another backup folder.',
      cause: err,
    });
  }
  let free = id;
  for (let i = 0; await pathExists(join(root, free)); i++) {
    const at = dateFromSnapshotId(id);
    if (!at || i >= 60) throw new KuraError({ code: 'snapshot-exists', category: 'internal', message: `A snapshot ${id} already exists.` });
    free = snapshotIdFromDate(new Date(at.getTime() + (i + 1) * 1000));
  }
  const partial = join(root, free + PARTIAL_SUFFIX);
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial);
  return { id: free, path: partial };
}

/** Writes the manifest and renames `.partial` → final. The last step of a successful run. */
export async function publishSnapshot(partialPath: string, manifest: Manifest): Promise<string> {
  if (!partialPath.endsWith(PARTIAL_SUFFIX)) throw new Error(`not a partial folder: ${partialPath}`);
  await writeJsonAtomic(join(partialPath, MANIFEST_FILE), manifest);
  const finalPath = partialPath.slice(0, -PARTIAL_SUFFIX.length);
  await rename(partialPath, finalPath);
  return finalPath;
}

/** Removes a leftover `.partial`/`.pruning` folder; refuses anything else (never a published snapshot). */
export async function removeLeftover(partialPath: string): Promise<void> {
  if (!partialPath.endsWith(PARTIAL_SUFFIX) && !partialPath.endsWith(PRUNING_SUFFIX)) throw new Error(`refusing to remove a non-partial folder: ${partialPath}`);
  await rm(partialPath, { recursive: true, force: true, maxRetries: 3 });
}

/** Resolves `latest` or an id to a complete snapshot, with a helpful error otherwise. */
export function pickSnapshot(snapshots: SnapshotRef[], idOrLatest: string, jobId: string): SnapshotRef {
  const found = idOrLatest === 'latest' ? snapshots.at(-1) : snapshots.find((s) => s.id === idOrLatest);
  if (found) return found;
  throw new KuraError({
    code: 'snapshot-not-found',
    category: 'config',
    message: snapshots.length === 0 ? `Job "${jobId}" has no complete snapshot yet.` : `Job "${jobId}" has no snapshot "${idOrLatest}".`,
    hint: snapshots.length === 0 ? `Run a backup first (“Back up now” in Kura, or: kura run ${jobId}).` : `Available: ${snapshots.map((s) => s.id).join(', ')} (or "latest").`,
  });
}
