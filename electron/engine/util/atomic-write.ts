import { randomBytes } from 'node:crypto';
import { mkdir, open } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { renameRetrying, rmRetrying } from './busy-retry.js';

/**
 * Writes a file so that readers see either the old content or the new one, never half of it:
 * write a temp file beside it, fsync, rename over. Used for config.json, manifests and state files.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fh = await open(tmp, 'w', mode);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    // Over a file a scanner or indexer may be reading right now (a manifest, config.json): retried.
    await renameRetrying(tmp, path);
  } catch (err) {
    await rmRetrying(tmp);
    throw err;
  }
}

export async function writeJsonAtomic(path: string, value: unknown, mode?: number): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n', mode);
}
