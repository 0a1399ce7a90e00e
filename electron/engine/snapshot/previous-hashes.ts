/**
 * The previous snapshot's per-file list as a source of hashes for the new one (file-list-build.ts):
 * a file rsync hard-linked (`--link-dest`) is the very inode hashed then, so its hash carries over
 * instead of reading its bytes again.
 *
 * A hash carries over only when it provably belongs to these bytes: the list is the one the previous
 * manifest recorded (sha256 equal), the list recorded the new file's size and mtime, and the new file
 * is the inode that was hashed:
 *   - lists of format 2 record that inode's number. The new file must be on the previous snapshot's
 *     device, have that number, and be a hard link (more than one name: rsync made it from the previous
 *     snapshot's file) — or, where a disk does not count links, be the previous snapshot's file at the
 *     same path, looked up now. A number the disk handed to another file after the hashed one was deleted
 *     is a fresh copy with one name: it does not carry. A previous file replaced since by other bytes
 *     of the same size and mtime (which format 1 could not see) is another number — unless no snapshot
 *     kept the hashed inode and the disk handed its number on (ext4 does so at once); that case, like
 *     bit rot in the shared inode, is left to `kura verify`, as with format 1.
 *   - lists of format 1 have no inode column: the previous snapshot's file at the same path is looked
 *     up, and the new file must be that inode (same device and number).
 * An inode number 0 (a disk that gives none) never carries.
 *
 * Why read ahead: on a night when nothing changed, rsync takes about a second for 20,000 files and
 * keeps both cores busy; reading the previous list costs tens of milliseconds if it waits for rsync.
 * The previous snapshot does not change during the run, so the list is read while rsync copies (up to
 * READ_AHEAD entries; memory stays bounded, the rest is read as the new tree is walked). For a list of
 * format 1 each previous file's inode is looked up then too; format 2 needs no look-up of the previous
 * tree at all, which leaves rsync the second core.
 */
import { lstatSync, type BigIntStats, type Stats } from 'node:fs';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { msg, nestedMessage, type MessageData } from '../../shared/messages/index.js';
import { comparePaths, joinBytes } from '../util/tree-walk.js';
import { sha256File } from '../util/sha256.js';
import { AheadEntries } from './ahead-entries.js';
import { FileListFormatError, FileListReader, scannedFile, type ListInode, type ReadEntry } from './file-list.js';

export interface PreviousList {
  /** The previous snapshot's folder of the same item. */
  itemDir: string;
  /** Its list file and the sha256 its manifest recorded for it. */
  listFile: string;
  listSha256: string;
}

/** Entries read ahead at most (≈ 160 bytes of memory each with their line). */
export const READ_AHEAD = 100_000;
const SLICE = 512;

type Inode = { dev: bigint | number; ino: bigint | number };

/** What a format-2 entry's inode column says of the new file (sameAsHashed): not it, it, or ask the previous tree. */
type InodeVerdict = 'other' | 'same' | 'look';

export class PreviousHashes {
  private reader: FileListReader | null = null;
  /** The file entries read ahead, in list order (ahead-entries.ts). */
  readonly ahead = new AheadEntries();
  /** Format 1: each read-ahead file's inode in the previous tree when it was looked at (null: gone). */
  private readonly aheadInodes: Array<Inode | null> = [];
  private at = 0;
  private unusable = false;
  private readonly ready: Promise<void>;
  /** The read-ahead has ended (carry need not wait on `ready` once per file). */
  private settled = false;
  private readonly prevRoot: Buffer;
  /** The previous list's format (its inode column is used in format 2). */
  private version: 1 | 2 = 1;
  /** Format 2: the device of the previous snapshot's folder of this item. */
  private prevDev: number | bigint | null = null;

  /** Starts reading `previous` ahead at once; `carry` waits for that to end. */
  constructor(
    previous: PreviousList,
    private readonly warn?: (m: MessageData) => void,
    private readonly signal?: AbortSignal,
    private readonly readAhead = READ_AHEAD,
  ) {
    this.prevRoot = Buffer.from(previous.itemDir);
    this.ready = this.readAheadOf(previous).catch((err: unknown) => {
      this.unusable = true;
      if (err instanceof FileListFormatError) this.warn?.(msg('file-list-rehash', { problem: nestedMessage(err.said) }));
      else if (!this.signal?.aborted) this.warn?.(msg('file-list-previous-unreadable', { path: previous.listFile }));
    }).finally(() => {
      this.settled = true;
    });
  }

  /** The previous list's entry for this file (path, walk lstat, whole-ms mtime) when its hash carries over. */
  async carry(rel: Buffer, abs: Buffer, stat: Stats, mtimeMs: number): Promise<ReadEntry | null> {
    if (!this.settled) await this.ready;
    if (this.unusable) return null;
    const ahead = this.ahead;
    while (this.at < ahead.length && ahead.compareRel(this.at, rel) < 0) this.at++;
    if (this.at < ahead.length) {
      const i = this.at;
      if (ahead.compareRel(i, rel) !== 0) return null;
      const carries = this.version === 2 ? this.carriesAt(i, abs, stat, mtimeMs) : sameAsLookedAt(ahead.size(i), ahead.mtimeMs(i), this.aheadInodes[i]!, abs, stat, mtimeMs);
      return carries ? ahead.entry(i) : null;
    }
    if (!this.reader) return null;
    const found = await this.fromReader(rel);
    if (!found || comparePaths(found.entry.rel, rel) !== 0) return null;
    const { entry, inode } = found;
    if (this.version === 2) return this.carries(entry, abs, stat, mtimeMs) ? entry : null;
    return sameAsLookedAt(entry.size, entry.mtimeMs, inode, abs, stat, mtimeMs) ? entry : null;
  }

  /**
   * For the precarrier (precarry.ts), which checks files against the read-ahead while rsync still runs:
   * how many file entries of a format-2 list have been read ahead so far (0 for format 1, whose check
   * needs the previous tree looked at, and for a list found unusable); they are `ahead`'s first ones.
   */
  get aheadFiles(): number {
    return this.version === 2 && !this.unusable ? this.ahead.length : 0;
  }

  /** The read-ahead was not spoiled by a damaged list (checked again when the carried entries are used). */
  get usable(): boolean {
    return !this.unusable;
  }

  /**
   * The check of a format-2 entry against the new file (its lstat and whole-ms mtime), made by `carry`
   * after its merge for entries read past the read-ahead.
   */
  carries(entry: ReadEntry, abs: Buffer, stat: Stats, mtimeMs: number): boolean {
    if (this.version !== 2 || this.unusable || entry.size !== stat.size || entry.mtimeMs !== mtimeMs) return false;
    const verdict = this.sameAsHashed(entry.ino, abs, stat);
    return verdict === 'same' || (verdict === 'look' && this.previousIs(entry.rel, abs, stat));
  }

  /** `carries` for the read-ahead's entry i (the precarrier's check, and `carry`'s within the read-ahead). */
  carriesAt(i: number, abs: Buffer, stat: Stats, mtimeMs: number): boolean {
    const ahead = this.ahead;
    if (this.version !== 2 || this.unusable || ahead.size(i) !== stat.size || ahead.mtimeMs(i) !== mtimeMs) return false;
    const verdict = this.sameAsHashed(ahead.ino(i), abs, stat);
    return verdict === 'same' || (verdict === 'look' && this.previousIs(ahead.rel(i), abs, stat));
  }

  /**
   * Format 2: is the new file the inode the previous list hashed (header comment)? On the previous
   * snapshot's device with that number and more than one name: yes. With one name: a fresh copy that
   * was handed a freed number, or a disk that counts no links — only the previous snapshot's file at the
   * same path, as it is now, tells them apart ('look').
   */
  private sameAsHashed(ino: ListInode, abs: Buffer, stat: Stats): InodeVerdict {
    if (ino === null || this.prevDev === null) return 'other';
    if (typeof ino === 'number' && typeof this.prevDev === 'number' && Number.isSafeInteger(stat.ino) && Number.isSafeInteger(stat.dev)) {
      // The usual case, without an object per file: exact numbers on both sides.
      if (stat.ino === 0 || stat.dev !== this.prevDev || stat.ino !== ino) return 'other';
    } else {
      const mine = inodeOf(abs, stat);
      if (!mine || !sameNumber(mine.dev, this.prevDev) || !sameNumber(mine.ino, ino)) return 'other';
    }
    return stat.nlink >= 2 ? 'same' : 'look';
  }

  /** The previous snapshot's file at `rel`, as it is now, is the new file's inode. */
  private previousIs(rel: Buffer, abs: Buffer, stat: Stats): boolean {
    const mine = inodeOf(abs, stat);
    const theirs = inodeOf(joinBytes(this.prevRoot, rel));
    return mine !== null && theirs !== null && sameInode(mine, theirs);
  }

  private async readAheadOf(previous: PreviousList): Promise<void> {
    const actual = await sha256File(previous.listFile);
    if (actual !== previous.listSha256) {
      this.unusable = true;
      this.warn?.(msg('file-list-previous-other', { path: previous.listFile }));
      return;
    }
    const reader = new FileListReader(previous.listFile);
    let read = 0;
    let more = false;
    try {
      more = await reader.scan();
      if (reader.version === 2) {
        this.version = 2;
        const root = inodeOf(this.prevRoot);
        this.prevDev = root ? root.dev : null;
      }
      for (; more; more = await reader.scan()) {
        if (scannedFile(reader.scanned)) {
          this.ahead.add(reader);
          if (this.version === 1) this.aheadInodes.push(inodeOf(joinBytes(this.prevRoot, this.ahead.rel(this.ahead.length - 1))));
        }
        if (++read % SLICE === 0) {
          // Let rsync's progress lines through; stop when the run is cancelled.
          await yieldToLoop();
          this.signal?.throwIfAborted();
        }
        if (this.ahead.length >= this.readAhead) break;
      }
    } catch (err) {
      await reader.close();
      throw err;
    }
    // The rest (a list longer than the read-ahead) is read as the new tree is walked.
    if (more) this.reader = reader;
  }

  /** Done with it (the new list is written, or the run failed): the previous list is closed. */
  async close(): Promise<void> {
    await this.ready;
    const reader = this.reader;
    this.reader = null;
    await reader?.close();
  }

  /** Past the read-ahead: the next file entry at or after `rel`, read from the list now. */
  private async fromReader(rel: Buffer): Promise<{ entry: ReadEntry; inode: Inode | null } | null> {
    try {
      let entry: ReadEntry | null;
      while ((entry = await this.reader!.peek()) && (entry.kind !== 'f' || comparePaths(entry.rel, rel) < 0)) await this.reader!.next();
      return entry ? { entry, inode: this.version === 1 ? inodeOf(joinBytes(this.prevRoot, entry.rel)) : null } : null;
    } catch (err) {
      if (!(err instanceof FileListFormatError)) throw err;
      this.unusable = true;
      this.warn?.(msg('file-list-rehash', { problem: nestedMessage(err.said) }));
      return null;
    }
  }
}

/** Format 1: the new file has the recorded size and mtime and is the previous file's inode as it was looked at. */
function sameAsLookedAt(size: number, mtime: number, inode: Inode | null, abs: Buffer, stat: Stats, mtimeMs: number): boolean {
  if (size !== stat.size || mtime !== mtimeMs || !inode) return false;
  const mine = inodeOf(abs, stat);
  return mine !== null && sameInode(mine, inode);
}

/**
 * Device and inode as exact values: the lstat's number fields when they are exact (always on ext4,
 * NTFS and most others), else a bigint lstat (inode numbers above 2^53 exist). Null when missing, and
 * for inode number 0 (a disk that gives none: every file would look like every other).
 */
export function inodeOf(abs: Buffer, stat?: Stats): Inode | null {
  const s = stat ?? lstatSync(abs, { throwIfNoEntry: false });
  if (!s) return null;
  if (Number.isSafeInteger(s.ino) && Number.isSafeInteger(s.dev)) return s.ino === 0 ? null : { dev: s.dev, ino: s.ino };
  const b: BigIntStats | undefined = lstatSync(abs, { bigint: true, throwIfNoEntry: false });
  return b && b.ino !== 0n ? { dev: b.dev, ino: b.ino } : null;
}

function sameNumber(a: number | bigint, b: NonNullable<ListInode>): boolean {
  return typeof a === 'number' && typeof b === 'number' ? a === b : BigInt(a) === BigInt(b);
}

function sameInode(a: Inode, b: Inode): boolean {
  return sameNumber(a.dev, b.dev) && sameNumber(a.ino, b.ino);
}
