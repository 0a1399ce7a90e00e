/**
 * A short-lived `--files-from` list for rsync (NUL-separated, so any file name fits), in a private
 * temp folder removed afterwards. It holds only file names of the shop's own tree, no secret.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function withFilesFrom<T>(paths: readonly Buffer[], fn: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'kura-list-'));
  try {
    const file = join(dir, 'files-from');
    await writeFile(file, Buffer.concat(paths.flatMap((p) => [p, Buffer.from([0])])), { mode: 0o600 });
    return await fn(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** How many file names a warning spells out before "and N more" (shared/messages listParam). */
export const MAX_NAMED = 20;
