/**
 * Writes the per-file list of a files item rsync has just filled (file-list.ts), hashing only what
 * this run wrote.
 *
 * Unchanged files are hard links to the previous snapshot's (`--link-dest`), so hashing them again
 * would cost the whole tree every night: their hashes are carried over from the previous snapshot's
 * list when they provably are the bytes hashed then (previous-hashes.ts) — for the folders rsync had
 * finished while it ran, that check was made then (precarry.ts) and their files are not looked at again. Files
 * hashed while rsync was still copying (prehash.ts) are taken when they are still the very same file.
 * Everything else — new and changed files, a file rsync copied instead of linking, a previous snapshot
 * made before per-file hashes — is read and hashed now.
 *
 * What carrying over cannot see is bit rot in the shared inode since it was hashed: that is what
 * `kura verify` finds (it re-hashes everything), and a file it found damaged is never linked again
 * (jobs/sources/damaged-links.ts).
 */
import { lstatSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { sha256OfFile, sha256OfLink } from '../util/hash-entry.js';
import { walkTreeKnowing } from '../util/tree-walk.js';
import { KuraError } from '../errors.js';
import { escapePath, FileListWriter } from './file-list.js';
import type { Precarried } from './precarry.js';
import { inodeOf, type PreviousHashes } from './previous-hashes.js';
import type { Prehashed } from './prehash.js';

export interface BuildListInput {
  itemDir: string;
  listFile: string;
  /** The previous snapshot's list, already being read (previous-hashes.ts), or null. */
  previous: PreviousHashes | null;
  signal?: AbortSignal;
  /** Bytes hashed so far (for progress). */
  onHashed?: (bytes: number) => void;
  /** Hashes taken while rsync was still copying (prehash.ts), by path (latin1 of the bytes). */
  prehashed?: ReadonlyMap<string, Prehashed>;
  /** Files rsync hard-linked whose previous entries were carried over while it ran (precarry.ts). */
  precarried?: Precarried;
  /** Collect the files this run wrote (`written`): everything not carried over (durable-files.ts flushes them on Windows). */
  collectWritten?: boolean;
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
  /** With `collectWritten`: the absolute paths of the files whose hash was not carried over. */
  written: Buffer[];
}

export async function buildFileList(input: BuildListInput): Promise<BuiltList> {
  const previous = input.previous;
  // (A night when nothing changed hashed nothing during the copy: no look-up per file then.)
  const prehashed = input.prehashed && input.prehashed.size > 0 ? input.prehashed : null;
  const precarried = input.precarried && input.precarried.folders > 0 ? input.precarried : null;
  const knownIn = precarried ? (folder: string) => precarried.knownIn(folder) : () => undefined;
  const writer = new FileListWriter(input.listFile);
  const result: BuiltList = { sha256: '', entries: 0, files: 0, bytes: 0, hashedFiles: 0, hashedBytes: 0, carriedFiles: 0, skippedSpecial: [], written: [] };
  try {
    for await (const e of walkTreeKnowing<number>(input.itemDir, knownIn, input.signal)) {
      if (e.kind === 'known') {
        // Read-ahead entries of the previous list (ahead-entries.ts): their lines are copied as they are.
        result.carriedFiles += e.facts.length;
        await precarried!.writeLines(writer, e.facts);
        continue;
      }
      const mtimeMs = Math.floor(e.stat.mtimeMs);
      switch (e.kind) {
        case 'dir':
          await writer.add({ kind: 'd', sha256: '-', size: 0, mtimeMs, ino: null, rel: e.rel });
          break;
        case 'link': {
          const h = sha256OfLink(e.abs);
          await writer.add({ kind: 'l', sha256: h.sha256, size: h.bytes, mtimeMs, ino: null, rel: e.rel });
          break;
        }
        case 'file': {
          const early = prehashed ? sameFile(prehashed.get(e.rel.toString('latin1')), e.abs, e.stat, mtimeMs) : null;
          if (early) {
            if (input.collectWritten) result.written.push(e.abs);
            result.hashedFiles++;
            result.hashedBytes += e.stat.size;
            await writer.add({ kind: 'f', sha256: early, size: e.stat.size, mtimeMs, ino: inodeOf(e.abs, e.stat)?.ino ?? null, rel: e.rel });
            break;
          }
          const carried = previous ? await previous.carry(e.rel, e.abs, e.stat, mtimeMs) : null;
          if (carried) {
            result.carriedFiles++;
            // A line of format 2 is this one byte for byte (same kind, hash, size, mtime, inode and path).
            if (carried.ino !== null) await writer.addLine(carried, carried.line);
            else await writer.add({ ...carried, ino: inodeOf(e.abs, e.stat)?.ino ?? null });
            break;
          }
          {
            const h = await sha256OfFile(e.abs, input.signal, e.stat.size);
            if (h.bytes !== e.stat.size) {
              throw new KuraError({ code: 'snapshot-written-during-run', params: { path: escapePath(e.rel) }, category: 'internal' });
            }
            if (input.collectWritten) result.written.push(e.abs);
            result.hashedFiles++;
            result.hashedBytes += h.bytes;
            input.onHashed?.(result.hashedBytes);
            await writer.add({ kind: 'f', sha256: h.sha256, size: e.stat.size, mtimeMs, ino: inodeOf(e.abs, e.stat)?.ino ?? null, rel: e.rel });
          }
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
  } finally {
    await previous?.close();
  }
  result.entries = writer.entries;
  result.files = writer.files;
  result.bytes = writer.bytes;
  return result;
}

/**
 * The early hash when it is of this very file (same device and inode, size and mtime), else null. The
 * walk's lstat is used where its numbers are exact (an lstat less per file of a first snapshot).
 */
function sameFile(early: Prehashed | undefined, abs: Buffer, stat: Stats, mtimeMs: number): string | null {
  if (!early || early.size !== stat.size || early.mtimeMs !== mtimeMs) return null;
  const exact = Number.isSafeInteger(stat.dev) && Number.isSafeInteger(stat.ino);
  const s = exact ? { dev: BigInt(stat.dev), ino: BigInt(stat.ino) } : lstatSync(abs, { bigint: true });
  return s.dev === early.dev && s.ino === early.ino ? early.sha256 : null;
}

/** The list file of an item path (`files/www` → `<snapshot>/files/www.files`). */
export function listFileIn(snapshotPath: string, listRelPath: string): string {
  return join(snapshotPath, ...listRelPath.split('/'));
}
