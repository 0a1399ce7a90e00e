import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface TreeStats {
  /** Regular files (symlinks and folders are not counted). */
  files: number;
  bytes: number;
}

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
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile()) {
        files++;
        bytes += (await lstat(p)).size;
      }
    }
  }
  return { files, bytes };
}
