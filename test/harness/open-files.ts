/** Which files this test process still holds open (Linux /proc): proves handles were closed. */
import { readdir, readlink } from 'node:fs/promises';

/** Paths this process holds open (from /proc/self/fd) under `dir`. */
export async function openUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
    if (target.startsWith(dir)) out.push(target);
  }
  return out;
}
