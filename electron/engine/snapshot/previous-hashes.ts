/**
 * The previous snapshot's per-file list as a source of hashes for the new one (file-list-build.ts):
 * a file rsync hard-linked (`--link-dest`) is the very inode hashed then, so its hash carries over
 * instead of reading its bytes again.
 *
 * A hash carries over only when it provably belongs to these bytes: the list is the one the previous
 * manifest recorded (sha256 equal), the new file and the previous snapshot's file at the same path are
 * one inode (same device and inode number), and the list recorded that inode's size and mtime.
 *
 * Why read ahead: on a night when nothing changed, rsync takes about a second for 20,000 files and
 * keeps one core busy; reading the previous list and looking up each previous file's inode costs a
 * few hundred milliseconds more if it waits for rsync. The previous snapshot does not change during
 * the run, so both are done while rsync copies (up to READ_AHEAD entries; memory stays bounded, the
 * rest is read as the new tree is walked). Looking up the previous inode early loses nothing: the
 * new file is compared with it after rsync, and a previous file replaced meanwhile is another inode.
 */
import { lstatSync, type Stats } from 'node:fs';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { msg, nestedMessage, type MessageData } from '../../shared/messages/index.js';
import { comparePaths, joinBytes } from '../util/tree-walk.js';
import { sha256File } from '../util/sha256.js';
import { FileListFormatError, FileListReader, type ReadEntry } from './file-list.js';

export interface PreviousList {
  /** The previous snapshot's folder of the same item. */
  itemDir: string;
  /** Its list file and the sha256 its manifest recorded for it. */
  listFile: string;
  listSha256: string;
}

/** Entries read ahead at most (≈ 0.5 KB of memory each with their line). */
export const READ_AHEAD = 100_000;
const SLICE = 512;

type Inode = { dev: bigint | number; ino: bigint | number };

interface AheadEntry {
  entry: ReadEntry;
  /** The previous file's inode when it was looked at, null when it was gone. */
  inode: Inode | null;
}

export class PreviousHashes {
  private reader: FileListReader | null = null;
  private readonly ahead: AheadEntry[] = [];
  private at = 0;
  private unusable = false;
  private readonly ready: Promise<void>;
  private readonly prevRoot: Buffer;

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
    });
  }

  /** The previous list's entry for this file (path, walk lstat, whole-ms mtime) when its hash carries over. */
  async carry(rel: Buffer, abs: Buffer, stat: Stats, mtimeMs: number): Promise<ReadEntry | null> {
    await this.ready;
    if (this.unusable) return null;
    let found: AheadEntry | null = null;
    while (this.at < this.ahead.length && comparePaths(this.ahead[this.at]!.entry.rel, rel) < 0) this.at++;
    if (this.at < this.ahead.length) found = this.ahead[this.at]!;
    else if (this.reader) found = await this.fromReader(rel);
    if (!found || comparePaths(found.entry.rel, rel) !== 0) return null;
    const { entry, inode } = found;
    if (entry.size !== stat.size || entry.mtimeMs !== mtimeMs || !inode) return null;
    const mine = inodeOf(abs, stat);
    return mine && sameInode(mine, inode) ? entry : null;
  }

  private async readAheadOf(previous: PreviousList): Promise<void> {
    const actual = await sha256File(previous.listFile);
    if (actual !== previous.listSha256) {
      this.unusable = true;
      this.warn?.(msg('file-list-previous-other', { path: previous.listFile }));
      return;
    }
    const reader = new FileListReader(previous.listFile, comparePaths);
    let read = 0;
    try {
      while (this.ahead.length < this.readAhead) {
        const entry = await reader.next();
        if (!entry) return;
        if (entry.kind === 'f') this.ahead.push({ entry, inode: inodeOf(joinBytes(this.prevRoot, entry.rel)) });
        if (++read % SLICE === 0) {
          // Let rsync's progress lines through; stop when the run is cancelled.
          await yieldToLoop();
          this.signal?.throwIfAborted();
        }
      }
    } catch (err) {
      await reader.close();
      throw err;
    }
    this.reader = reader;
  }

  /** Done with it (the new list is written, or the run failed): the previous list is closed. */
  async close(): Promise<void> {
    await this.ready;
    const reader = this.reader;
    this.reader = null;
    await reader?.close();
  }

  /** Past the read-ahead: the next file entry at or after `rel`, read from the list now. */
  private async fromReader(rel: Buffer): Promise<AheadEntry | null> {
    try {
      let entry: ReadEntry | null;
      while ((entry = await this.reader!.peek()) && (entry.kind !== 'f' || comparePaths(entry.rel, rel) < 0)) await this.reader!.next();
      return entry ? { entry, inode: inodeOf(joinBytes(this.prevRoot, entry.rel)) } : null;
    } catch (err) {
      if (!(err instanceof FileListFormatError)) throw err;
      this.unusable = true;
      this.warn?.(msg('file-list-rehash', { problem: nestedMessage(err.said) }));
      return null;
    }
  }
}

/**
 * Device and inode as exact values: the lstat's number fields when they are exact (always on ext4,
 * NTFS and most others), else a bigint lstat (inode numbers above 2^53 exist). Null when missing.
 */
function inodeOf(abs: Buffer, stat?: Stats): Inode | null {
  const s = stat ?? lstatSync(abs, { throwIfNoEntry: false });
  if (!s) return null;
  if (Number.isSafeInteger(s.ino) && Number.isSafeInteger(s.dev)) return { dev: s.dev, ino: s.ino };
  const b = lstatSync(abs, { bigint: true, throwIfNoEntry: false });
  return b ? { dev: b.dev, ino: b.ino } : null;
}

function sameInode(a: Inode, b: Inode): boolean {
  if (typeof a.dev === 'number' && typeof b.dev === 'number' && typeof a.ino === 'number' && typeof b.ino === 'number') return a.dev === b.dev && a.ino === b.ino;
  return BigInt(a.dev) === BigInt(b.dev) && BigInt(a.ino) === BigInt(b.ino);
}
