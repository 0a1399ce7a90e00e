/**
 * Safety dumps: before restore overwrites a database that has tables, it dumps it to
 * `<destination>/<jobId>/_safety/<time>/<database>.sql.gz`. They are plain dumps like any backup,
 * listed by `kura snapshots --safety`, and pruned to the newest few after each restore (never one an
 * unfinished restore still needs: restore-engine.ts). A dump is written as `<name>.partial` and renamed
 * once it was read back to its end, so a dump cut short by a crash is never listed here.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { dateFromSnapshotId } from '../snapshot/snapshot-id.js';

export const SAFETY_DIR = '_safety';
const PARTIAL = '.partial';

export interface SafetyBackup {
  /** The folder name: the UTC time the safety dump was taken. */
  id: string;
  path: string;
  takenAt: string | null;
  files: Array<{ name: string; bytes: number }>;
}

export async function listSafetyBackups(dir: string): Promise<SafetyBackup[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch {
    return [];
  }
  const out: SafetyBackup[] = [];
  for (const id of names) {
    const path = join(dir, id);
    let files: string[];
    try {
      files = (await readdir(path)).filter((n) => !n.endsWith(PARTIAL)).sort();
    } catch {
      continue;
    }
    if (files.length === 0) continue;
    out.push({
      id,
      path,
      takenAt: dateFromSnapshotId(id)?.toISOString() ?? null,
      files: await Promise.all(files.map(async (name) => ({ name, bytes: (await stat(join(path, name))).size }))),
    });
  }
  return out;
}
