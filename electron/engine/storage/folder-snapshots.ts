/**
 * The snapshots in a folder someone picked: the backup folder itself (holding `<jobId>/`), one job's
 * folder (holding snapshot folders), or one snapshot folder. One listing for every reader — the
 * restore engine (`--from <folder>`), the service (the restore wizard's "Open a backup location…")
 * and the folder StorageLocation — so they can never disagree about what a folder holds.
 */
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { KuraError } from '../errors.js';
import { MANIFEST_FILE, readManifest } from '../snapshot/manifest.js';
import { isSnapshotId } from '../snapshot/snapshot-id.js';
import { listSnapshotsIn, orderProblem, type SnapshotRef } from '../snapshot/snapshot-store.js';
import { pathExists } from '../util/fs-probe.js';

export async function snapshotsInFolder(folder: string, jobId?: string): Promise<SnapshotRef[]> {
  if (isSnapshotId(basename(folder)) && (await pathExists(join(folder, MANIFEST_FILE)))) {
    const manifest = await readManifest(folder);
    if (manifest && (!jobId || manifest.job === jobId)) return [{ id: manifest.id, path: folder, manifest, outOfOrder: orderProblem(basename(folder), manifest, new Date()) }];
    return [];
  }
  const direct = await listSnapshotsIn(folder, jobId);
  if (direct.length > 0) return direct;
  let names: string[] = [];
  try {
    names = await readdir(folder);
  } catch (err) {
    throw new KuraError({ code: 'folder-unreadable', params: { folder, reason: (err as Error).message }, category: 'config', cause: err });
  }
  const out: SnapshotRef[] = [];
  for (const name of names.sort()) {
    if (jobId && name !== jobId) continue;
    out.push(...(await listSnapshotsIn(join(folder, name), jobId ?? undefined)).filter((s) => s.manifest.job === name));
  }
  return out.sort((a, b) => a.id.localeCompare(b.id) || a.manifest.job.localeCompare(b.manifest.job));
}
