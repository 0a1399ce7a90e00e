/** Which files this test process still holds open (Linux /proc): proves handles were closed. */
import { readdir, readlink, unlink } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

/** Paths this process holds open (from /proc/self/fd) under `dir`. */
export async function openUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
    if (target.startsWith(dir)) out.push(target);
  }
  return out;
}

/**
 * Whether this process still holds `path` open. Linux: its descriptors. Windows has no /proc: the file
 * is deleted, and one still open stays listed in its folder until it is closed (so it is gone after).
 */
export async function stillOpen(path: string): Promise<boolean> {
  if (process.platform !== 'win32') return (await openUnder(path)).length > 0;
  await unlink(path);
  return (await readdir(dirname(path))).includes(basename(path));
}
