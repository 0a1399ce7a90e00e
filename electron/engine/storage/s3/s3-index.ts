/**
 * A snapshot's index in a bucket: one tab-separated line per folder, file and symlink of the
 * snapshot (its dumps, RDBs, file lists and every entry of its files trees), naming the content
 * object that holds it:
 *
 *   # kura-s3-index/1	kind	object	sha256	size	mtime-ms	mode	retain-until	path
 *   f	data/9f/9f86…age	9f86d081…	4	1732412345000	644	2025-06-01T00:00:00.000Z	files/www/a.jpg
 *   d	-	-	0	1732412345000	755	-	files/www/images
 *   l	data/5e/5e88…age	5e884898…	8	1732412345000	777	-	files/www/current
 *
 * `object` is relative to the job's folder in the bucket; a symlink's object holds its target text.
 * Paths are written as in the per-file list (file-list.ts: "%XX" for control characters, bytes that
 * are not UTF-8, and "%" itself), so a tab or newline in a file name can never break a line, and a
 * shell loop reads it with `IFS=$'\t' read -r`. `retain-until` is the object's S3 Object Lock date
 * when the bucket has one (Kura extends the lock of objects a newer snapshot still uses).
 *
 * Why one index per snapshot and not the manifest: the manifest stays byte for byte the local one
 * (it is the snapshot's root of trust and restore checks everything against it); the index is how
 * this particular location stores that snapshot.
 */
import { escapePath, isPlainRelative, unescapePath } from '../../snapshot/file-list.js';

export const S3_INDEX_FORMAT = 'kura-s3-index/1';
const HEADER = `# ${S3_INDEX_FORMAT}\tkind\tobject\tsha256\tsize\tmtime-ms\tmode\tretain-until\tpath\n`;

export interface IndexEntry {
  kind: 'd' | 'f' | 'l';
  /** The content object (relative to the job folder); null for folders. */
  object: string | null;
  sha256: string | null;
  size: number;
  mtimeMs: number;
  /** Permission bits (0o7777). */
  mode: number;
  /** The object's lock date (ISO), when the bucket locks objects. */
  retainUntil: string | null;
  /** Relative to the snapshot folder, "/"-separated bytes. */
  path: Buffer;
}

export function formatIndex(entries: Iterable<IndexEntry>): Buffer {
  // Turned into bytes 64 KiB at a time: a line built from parts is a tree of string pieces until it is
  // flattened, and 20,000 of them held for one final join were tens of MB of heap on a first night.
  const out: Buffer[] = [];
  let chunk = HEADER;
  for (const e of entries) {
    chunk += `${e.kind}\t${e.object ?? '-'}\t${e.sha256 ?? '-'}\t${e.size}\t${Math.round(e.mtimeMs)}\t${(e.mode & 0o7777).toString(8)}\t${e.retainUntil ?? '-'}\t${escapePath(e.path)}\n`;
    if (chunk.length >= 65536) {
      out.push(Buffer.from(chunk, 'utf8'));
      chunk = '';
    }
  }
  out.push(Buffer.from(chunk, 'utf8'));
  return Buffer.concat(out);
}

export class IndexFormatError extends Error {}

/** Reads an index, refusing anything Kura would not have written (a path outside the snapshot, a bad object name). */
export function parseIndex(text: Buffer): IndexEntry[] {
  const lines = text.toString('utf8').split('\n');
  if (`${lines[0]}\n` !== HEADER) throw new IndexFormatError(`not a ${S3_INDEX_FORMAT} index`);
  const out: IndexEntry[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') {
      if (i === lines.length - 1) break;
      throw new IndexFormatError(`line ${i + 1} is empty`);
    }
    const f = line.split('\t');
    const m = f.length === 8 && /^[dfl]$/.test(f[0]!) && /^\d+$/.test(f[3]!) && /^\d+$/.test(f[4]!) && /^[0-7]{1,4}$/.test(f[5]!);
    if (!m) throw new IndexFormatError(`line ${i + 1} is damaged`);
    const kind = f[0] as IndexEntry['kind'];
    const object = f[1] === '-' ? null : f[1]!;
    const sha256 = f[2] === '-' ? null : f[2]!;
    if ((kind === 'd') !== (object === null) || (object !== null && !/^data\/[0-9a-f]{2}\/[0-9a-f]{64}(\.age)?$/.test(object)) || (sha256 !== null && !/^[0-9a-f]{64}$/.test(sha256)) || (kind !== 'd' && sha256 === null)) {
      throw new IndexFormatError(`line ${i + 1} names an unusable object`);
    }
    const path = unescapePath(f[7]!);
    if (!isPlainRelative(path)) throw new IndexFormatError(`line ${i + 1} names a path outside the snapshot`);
    out.push({ kind, object, sha256, size: Number(f[3]), mtimeMs: Number(f[4]), mode: parseInt(f[5]!, 8), retainUntil: f[6] === '-' ? null : f[6]!, path });
  }
  return out;
}
