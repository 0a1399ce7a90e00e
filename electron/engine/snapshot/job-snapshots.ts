/**
 * A job's snapshots as the admin sees them: those in its backup folder and — after the folder was
 * moved with "keep showing the snapshots in the old folder" (`destination.earlier`) — those left in
 * the earlier folders, so a restore can still reach last month's backups on the old disk.
 *
 * Earlier folders are only ever read: runs, `--link-dest` and retention use the current folder alone
 * (run-job.ts lists it directly), so nothing is written to or deleted from an old disk. An earlier
 * folder that is not there (a disk not connected) adds nothing; a snapshot found in both (a folder
 * copied over) is the current folder's.
 */
import type { Job } from '../config/schema.js';
import { listSnapshots, type SnapshotRef } from './snapshot-store.js';

export async function listJobSnapshots(job: Pick<Job, 'id' | 'destination'>, now: Date = new Date()): Promise<SnapshotRef[]> {
  const current = await listSnapshots(job.destination.path, job.id, now);
  const earlier = job.destination.earlier ?? [];
  if (earlier.length === 0) return current;
  const byId = new Map<string, SnapshotRef>();
  for (const folder of earlier) {
    for (const s of await listSnapshots(folder, job.id, now).catch(() => [])) if (!byId.has(s.id)) byId.set(s.id, s);
  }
  for (const s of current) byId.set(s.id, s);
  // The same order as one folder's listing: by folder name, oldest first.
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
