/**
 * Free space for the job editor's "backup folder" field. The folder may not exist yet (the wizard
 * creates it only when the admin asks), so the nearest existing parent is measured: that is the disk
 * the snapshots will land on. Whether the folder itself exists is reported too.
 */
import { stat, statfs } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { KuraError } from '../engine/errors.js';
import type { FreeSpaceDto } from '../shared/ipc-contract.js';

export async function freeSpace(path: string): Promise<FreeSpaceDto> {
  let current = resolve(path);
  for (;;) {
    try {
      const s = await statfs(current);
      const exists = (await stat(resolve(path)).catch(() => null))?.isDirectory() ?? false;
      return { path, exists, freeBytes: Number(s.bavail) * Number(s.bsize), totalBytes: Number(s.blocks) * Number(s.bsize) };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const parent = dirname(current);
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === current) {
        throw new KuraError({ code: 'path-unavailable', params: { path, reason: (err as Error).message }, category: 'resource' });
      }
      current = parent;
    }
  }
}
