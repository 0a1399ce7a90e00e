/**
 * Re-checks a complete snapshot against its manifest: every single-file artifact by sha256 and by
 * its own format check (gzip integrity + dump trailer, RDB walk + CRC64), every files tree by file
 * count and total bytes. This is what `kura verify` and restore's "check before touching anything" use.
 */
import { join } from 'node:path';
import { toKuraError } from '../errors.js';
import { verifyDumpFile } from '../tools/mysql/index.js';
import { validateRdbFile } from '../tools/redis/index.js';
import { sha256File } from '../util/sha256.js';
import { treeStats } from '../util/tree-stats.js';
import type { Manifest, ManifestItem } from './manifest.js';

export interface ItemCheck {
  source: string;
  type: ManifestItem['type'];
  path: string;
  ok: boolean;
  /** What was compared, in words ("sha256 ok, gzip ok, trailer ok" / "expected 1203 files, found 1202"). */
  detail: string;
}

export interface SnapshotCheck {
  snapshotId: string;
  ok: boolean;
  items: ItemCheck[];
}

export async function verifySnapshot(snapshotPath: string, manifest: Manifest, signal?: AbortSignal): Promise<SnapshotCheck> {
  const items: ItemCheck[] = [];
  for (const item of manifest.items) {
    items.push(await verifyItem(snapshotPath, item, signal));
  }
  return { snapshotId: manifest.id, ok: items.every((i) => i.ok), items };
}

export async function verifyItem(snapshotPath: string, item: ManifestItem, signal?: AbortSignal): Promise<ItemCheck> {
  const base = { source: item.source, type: item.type, path: item.path };
  const abs = join(snapshotPath, item.path);
  try {
    switch (item.type) {
      case 'files': {
        const s = await treeStats(abs, signal);
        const ok = s.files === item.files && s.bytes === item.bytes;
        return {
          ...base,
          ok,
          detail: ok ? `${s.files} files, ${s.bytes} bytes as recorded` : `expected ${item.files} files / ${item.bytes} bytes, found ${s.files} files / ${s.bytes} bytes`,
        };
      }
      case 'mysql': {
        const r = await verifyDumpFile(abs, signal);
        const ok = r.sha256 === item.sha256;
        return { ...base, ok, detail: ok ? 'sha256 ok, gzip ok, dump trailer ok' : `sha256 mismatch: the file changed after the backup (${r.sha256})` };
      }
      case 'redis': {
        const sha = await sha256File(abs, signal);
        if (sha !== item.sha256) return { ...base, ok: false, detail: `sha256 mismatch: the file changed after the backup (${sha})` };
        const info = await validateRdbFile(abs, signal);
        return { ...base, ok: true, detail: `sha256 ok, RDB v${info.rdbVersion} checksum ${info.checksum}` };
      }
    }
  } catch (err) {
    const e = toKuraError(err);
    if (e.category === 'cancelled') throw e;
    return { ...base, ok: false, detail: e.code === 'internal' && (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file is missing' : e.message };
  }
}
