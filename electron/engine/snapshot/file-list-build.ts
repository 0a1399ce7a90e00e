/**
 * Writes the per-file list of a files item rsync has just filled (file-list.ts), hashing only what
 * this run wrote.
 *
 * Unchanged files are hard links to the previous snapshot's (`--link-dest`), so hashing them again
 * would cost the whole tree every night. A file's hash is carried over from the previous snapshot's
 * list when the new entry is provably the same bytes that were hashed then: the previous list is the
 * one its manifest recorded (sha256 equal), the new file and the previous snapshot's file at the same
 * path are one inode (same device and inode number), and that inode still has the size and mtime the
 * list recorded. Everything else — new and changed files, a file rsync copied instead of linking, a
 * previous snapshot made before per-file hashes — is read and hashed now.
 *
 * What carrying over cannot see is bit rot in the shared inode since it was hashed: that is what
 * `kura verify` finds (it re-hashes everything), and a file it found damaged is never linked again
 * (jobs/sources/damaged-links.ts).
 */
import { msg, nestedMessage, type MessageData } from '../../shared/messages/index.js';
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { sha256OfFile, sha256OfLink } from '../util/hash-entry.js';
import { comparePaths, joinBytes, walkTree } from '../util/tree-walk.js';
import { KuraError } from '../errors.js';
import { escapePath, FileListFormatError, FileListReader, FileListWriter, type ListEntry } from './file-list.js';
import { sha256File } from '../util/sha256.js';
import type { Prehashed } from './prehash.js';

export interface PreviousList {
  /** The previous snapshot's folder of the same item. */
  itemDir: string;
  /** Its list file and the sha256 its manifest recorded for it. */
  listFile: string;
  listSha256: string;
}

export interface BuildListInput {
  itemDir: string;
  listFile: string;
  previous: PreviousList | null;
  signal?: AbortSignal;
  /** Bytes hashed so far (for progress). */
  onHashed?: (bytes: number) => void;
  /** Warnings for the run log (a previous list that cannot be used). */
  warn?: (message: MessageData) => void;
  /** Hashes taken while rsync was still copying (prehash.ts), by path (latin1 of the bytes). */
  prehashed?: ReadonlyMap<string, Prehashed>;
}

export interface BuiltList {
  sha256: string;
  entries: number;
  files: number;
  bytes: number;
  /** Files read and hashed in this run, and their bytes. */
  hashedFiles: number;
  hashedBytes: number;
  /** Files whose hash was carried over from the previous list. */
  carriedFiles: number;
  /** Entries that are neither folder, file nor symlink (sockets, FIFOs, devices): not in the list. */
  skippedSpecial: string[];
}

export async function buildFileList(input: BuildListInput): Promise<BuiltList> {
  const previous = await usablePrevious(input.previous, input.warn);
  const writer = new FileListWriter(input.listFile);
  const result: BuiltList = { sha256: '', entries: 0, files: 0, bytes: 0, hashedFiles: 0, hashedBytes: 0, carriedFiles: 0, skippedSpecial: [] };
  try {
    for await (const e of walkTree(input.itemDir, input.signal)) {
      const mtimeMs = Math.floor(e.stat.mtimeMs);
      switch (e.kind) {
        case 'dir':
          await writer.add({ kind: 'd', sha256: '-', size: 0, mtimeMs, rel: e.rel });
          break;
        case 'link': {
          const h = sha256OfLink(e.abs);
          await writer.add({ kind: 'l', sha256: h.sha256, size: h.bytes, mtimeMs, rel: e.rel });
          break;
        }
        case 'file': {
          const early = input.prehashed ? sameFile(input.prehashed.get(e.rel.toString('latin1')), e.abs, e.stat.size, mtimeMs) : null;
          if (early) {
            result.hashedFiles++;
            result.hashedBytes += e.stat.size;
            await writer.add({ kind: 'f', sha256: early, size: e.stat.size, mtimeMs, rel: e.rel });
            break;
          }
          const carried = previous ? await previous.carry(e.rel, e.abs, e.stat.size, mtimeMs) : null;
          let sha256 = carried;
          if (sha256 === null) {
            const h = await sha256OfFile(e.abs, input.signal);
            if (h.bytes !== e.stat.size) {
              throw new KuraError({ code: 'snapshot-written-during-run', params: { path: escapePath(e.rel) }, category: 'internal' });
            }
            sha256 = h.sha256;
            result.hashedFiles++;
            result.hashedBytes += h.bytes;
            input.onHashed?.(result.hashedBytes);
          } else result.carriedFiles++;
          await writer.add({ kind: 'f', sha256, size: e.stat.size, mtimeMs, rel: e.rel });
          break;
        }
        case 'other':
          result.skippedSpecial.push(e.rel.toString());
          break;
      }
    }
    result.sha256 = await writer.close();
  } catch (err) {
    writer.abort();
    throw err;
  }
  result.entries = writer.entries;
  result.files = writer.files;
  result.bytes = writer.bytes;
  return result;
}

/** The early hash when it is of this very file (same inode, size and mtime), else null. */
function sameFile(early: Prehashed | undefined, abs: Buffer, size: number, mtimeMs: number): string | null {
  if (!early || early.size !== size || early.mtimeMs !== mtimeMs) return null;
  const s = lstatSync(abs, { bigint: true });
  return s.dev === early.dev && s.ino === early.ino ? early.sha256 : null;
}

interface Carrier {
  carry(rel: Buffer, abs: Buffer, size: number, mtimeMs: number): Promise<string | null>;
}

/** The previous list as a carrier of hashes, or null when it is missing, damaged or not the recorded one. */
async function usablePrevious(previous: PreviousList | null, warn?: (m: MessageData) => void): Promise<Carrier | null> {
  if (!previous) return null;
  let actual: string;
  try {
    actual = await sha256File(previous.listFile);
  } catch {
    warn?.(msg('file-list-previous-unreadable', { path: previous.listFile }));
    return null;
  }
  if (actual !== previous.listSha256) {
    warn?.(msg('file-list-previous-other', { path: previous.listFile }));
    return null;
  }
  const reader = new FileListReader(previous.listFile, comparePaths);
  let broken = false;
  const prevRoot = Buffer.from(previous.itemDir);
  return {
    async carry(rel, abs, size, mtimeMs) {
      if (broken) return null;
      let entry: ListEntry | null;
      try {
        // Both sides are in walk order: skip the previous entries that sort before this one.
        while ((entry = await reader.peek()) && comparePaths(entry.rel, rel) < 0) await reader.next();
      } catch (err) {
        if (!(err instanceof FileListFormatError)) throw err;
        broken = true;
        warn?.(msg('file-list-rehash', { problem: nestedMessage(err.said) }));
        return null;
      }
      if (!entry || comparePaths(entry.rel, rel) !== 0 || entry.kind !== 'f' || entry.size !== size || entry.mtimeMs !== mtimeMs) return null;
      const a = lstatSync(abs, { bigint: true });
      const b = lstatSync(joinBytes(prevRoot, rel), { bigint: true, throwIfNoEntry: false });
      return b !== undefined && a.dev === b.dev && a.ino === b.ino ? entry.sha256 : null;
    },
  };
}

/** The list file of an item path (`files/www` → `<snapshot>/files/www.files`). */
export function listFileIn(snapshotPath: string, listRelPath: string): string {
  return join(snapshotPath, ...listRelPath.split('/'));
}
