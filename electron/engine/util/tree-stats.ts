import { lstatSync, type Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';

export interface TreeStats {
  /** Regular files (symlinks and folders are not counted). */
  files: number;
  bytes: number;
}

/** lstat calls between two yields to the event loop. */
const STAT_SLICE = 512;

/**
 * Counts the regular files under a folder and their total size, without following symlinks.
 *
 * Why synchronous lstat in slices: every async lstat is a round trip to libuv's 4-thread pool;
 * for 20,000 files that cost 0.16–0.3 s even 64 at a time, against ~0.05 s for lstatSync on inodes
 * the kernel has cached (the tree was just written, or is being verified). The loop yields after
 * every STAT_SLICE calls (a few ms) and after each folder's readdir, so progress events, timers and
 * cancellation still get through.
 */
export async function treeStats(root: string, signal?: AbortSignal): Promise<TreeStats> {
  let files = 0;
  let bytes = 0;
  let sinceYield = 0;
  const stack = [root];
  while (stack.length > 0) {
    signal?.throwIfAborted();
    const dir = stack.pop()!;
    let entries: Dirent[];
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
        bytes += lstatSync(p).size;
        files++;
        if (++sinceYield >= STAT_SLICE) {
          sinceYield = 0;
          await yieldToLoop();
          signal?.throwIfAborted();
        }
      }
    }
  }
  return { files, bytes };
}
