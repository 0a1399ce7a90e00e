import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface TreeStats {
  /** Regular files (symlinks and folders are not counted). */
  files: number;
  bytes: number;
}

/** lstat calls in flight per batch (libuv's pool has 4 threads; more keeps them busy). */
const STAT_BATCH = 64;

/** Counts the regular files under a folder and their total size, without following symlinks. */
export async function treeStats(root: string, signal?: AbortSignal): Promise<TreeStats> {
  let files = 0;
  let bytes = 0;
  const stack = [root];
  while (stack.length > 0) {
    signal?.throwIfAborted();
    const dir = stack.pop()!;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && dir === root) return { files: 0, bytes: 0 };
      throw err;
    }
    const regular: string[] = [];
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile()) regular.push(p);
    }
    // Several lstat calls in flight at once: one at a time, a 20,000-file site took ~0.75 s of
    // round trips to libuv's thread pool, longer than rsync's whole unchanged-snapshot pass.
    for (let i = 0; i < regular.length; i += STAT_BATCH) {
      const sizes = await Promise.all(regular.slice(i, i + STAT_BATCH).map(async (p) => (await lstat(p)).size));
      files += sizes.length;
      for (const size of sizes) bytes += size;
    }
  }
  return { files, bytes };
}
