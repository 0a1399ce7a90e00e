/**
 * The file entries of the previous night's list, read ahead while rsync runs (previous-hashes.ts), kept
 * in columns: each entry's numbers in typed arrays, its line and path where they lie in the bytes read
 * from the list. An object is made of an entry only when one is asked for (`entry`).
 *
 * Why: on a night when nothing changed, rsync keeps this 2-core machine's cores busy with its three
 * processes, and whatever Kura computes beside it slows rsync down by about half of that time. Reading
 * 20,000 lines into objects (a ReadEntry, two Buffers, a hash string, three number pairs each) cost
 * ≈ 40 ms of CPU and as much again of the garbage collector's, which copied every kept entry twice; the
 * columns cost a few milliseconds and leave the collector nothing to copy. The precarrier (precarry.ts)
 * and the walk after rsync (file-list-build.ts) then work with entry numbers.
 */
import { comparePathRanges, joinBytes } from '../util/tree-walk.js';
import type { FileListReader, FileListWriter, ListInode, ReadEntry } from './file-list.js';

const SLASH = 0x2f;
/** In `inos`: no inode ("-"), and a number past 2^53 (in `bigInos`). */
const NO_INODE = -1;
const BIG_INODE = -2;

export class AheadEntries {
  /** The buffers the lines lie in (the list reader's; each line lies whole in one). */
  private readonly bufs: Buffer[] = [];
  private capacity = 1024;
  private bufOf = new Int32Array(this.capacity);
  private lineAt = new Int32Array(this.capacity);
  /** Where the path begins in the line's buffer; -1 when it was escaped (its bytes are in `escapedRel`). */
  private relAt = new Int32Array(this.capacity);
  private lineEnd = new Int32Array(this.capacity);
  /**
   * Where the entry's folder ends in its path bytes: its last "/" (an index into relBufOf), or -1 for a
   * file of the item's root. Found once, when the entry is added: the precarrier groups entries by
   * folder and the walk after rsync compares names, each per file (scanning every path for its last
   * "/" again took ≈ 10 % of that walk).
   */
  private slashAt = new Int32Array(this.capacity);
  private sizes = new Float64Array(this.capacity);
  private mtimes = new Float64Array(this.capacity);
  private inos = new Float64Array(this.capacity);
  private readonly escapedRel = new Map<number, Buffer>();
  private readonly bigInos = new Map<number, bigint>();
  length = 0;

  /** The entry `reader` has just scanned (a file's). */
  add(reader: FileListReader): void {
    if (this.length === this.capacity) this.grow();
    const i = this.length++;
    const buf = reader.lineBuf;
    if (this.bufs.at(-1) !== buf) this.bufs.push(buf);
    this.bufOf[i] = this.bufs.length - 1;
    this.lineAt[i] = reader.lineStart;
    this.lineEnd[i] = reader.lineEnd;
    if (reader.relBuf === buf) this.relAt[i] = reader.relStart;
    else {
      this.relAt[i] = -1;
      this.escapedRel.set(i, reader.relBuf!);
    }
    this.slashAt[i] = lastSlash(this.relBufOf(i), this.relStartOf(i), this.relEndOf(i));
    const s = reader.scanned;
    this.sizes[i] = s.size;
    this.mtimes[i] = s.mtimeMs;
    if (s.ino === null) this.inos[i] = NO_INODE;
    else if (typeof s.ino === 'number') this.inos[i] = s.ino;
    else {
      this.inos[i] = BIG_INODE;
      this.bigInos.set(i, s.ino);
    }
  }

  size(i: number): number {
    return this.sizes[i]!;
  }

  mtimeMs(i: number): number {
    return this.mtimes[i]!;
  }

  ino(i: number): ListInode {
    const n = this.inos[i]!;
    return n === NO_INODE ? null : n === BIG_INODE ? this.bigInos.get(i)! : n;
  }

  /** The entry's path bytes (a view into the list's bytes where it was not escaped). */
  rel(i: number): Buffer {
    const at = this.relAt[i]!;
    return at < 0 ? this.escapedRel.get(i)! : this.bufs[this.bufOf[i]!]!.subarray(at, this.lineEnd[i]);
  }

  /** The entry as the list reader's `next` would have given it (a file's: its line is `f <sha256> …`). */
  entry(i: number): ReadEntry {
    const buf = this.bufs[this.bufOf[i]!]!;
    const at = this.lineAt[i]!;
    return { kind: 'f', sha256: buf.toString('latin1', at + 2, at + 66), size: this.size(i), mtimeMs: this.mtimeMs(i), ino: this.ino(i), rel: this.rel(i), line: buf.subarray(at, this.lineEnd[i]) };
  }

  /** comparePaths(the entry's path, rel). */
  compareRel(i: number, rel: Buffer): number {
    return comparePathRanges(this.relBufOf(i), this.relStartOf(i), this.relEndOf(i), rel, 0, rel.length);
  }

  /** The entry's folder as latin1 text of its bytes ('' for the item's root). */
  folderKey(i: number): string {
    const slash = this.slashAt[i]!;
    return slash < 0 ? '' : this.relBufOf(i).toString('latin1', this.relStartOf(i), slash);
  }

  /** The two entries are in the same folder. */
  sameFolder(i: number, j: number): boolean {
    const aSlash = this.slashAt[i]!;
    const bSlash = this.slashAt[j]!;
    if (aSlash < 0 || bSlash < 0) return aSlash < 0 && bSlash < 0;
    const a = this.relBufOf(i);
    const aStart = this.relStartOf(i);
    const b = this.relBufOf(j);
    const bStart = this.relStartOf(j);
    const length = aSlash - aStart;
    if (length !== bSlash - bStart) return false;
    for (let k = 0; k < length; k++) if (a[aStart + k] !== b[bStart + k]) return false;
    return true;
  }

  /** The entry's name (after its folder) against `name`, latin1 text of a name's bytes: < 0, 0 or > 0 in byte order. */
  compareName(i: number, name: string): number {
    const buf = this.relBufOf(i);
    const end = this.relEndOf(i);
    const slash = this.slashAt[i]!;
    const from = slash < 0 ? this.relStartOf(i) : slash + 1;
    const n = Math.min(end - from, name.length);
    for (let k = 0; k < n; k++) {
      const d = buf[from + k]! - name.charCodeAt(k);
      if (d !== 0) return d;
    }
    return end - from - name.length;
  }

  /** `root` + "/" + the entry's path, as one Buffer (for lstat). */
  absPath(root: Buffer, i: number): Buffer {
    return joinBytes(root, this.relBufOf(i), this.relStartOf(i), this.relEndOf(i));
  }

  /**
   * The entries facts[from], facts[from + 1]… copied into `writer` as they are, for as long as their
   * lines follow one another in the list's bytes (a folder's files, the usual case): one copy for all
   * of them. How many were written; 0 when they do not fit the chunk being gathered (see
   * FileListWriter.tryAddFileLines; write the first with writeLine then).
   */
  tryWriteRun(writer: FileListWriter, facts: readonly number[], from: number): number {
    const first = facts[from]!;
    const buf = this.bufOf[first]!;
    let end = this.lineEnd[first]!;
    let size = this.sizes[first]!;
    let k = from + 1;
    for (; k < facts.length; k++) {
      const i = facts[k]!;
      if (this.bufOf[i] !== buf || this.lineAt[i] !== end + 1) break;
      end = this.lineEnd[i]!;
      size += this.sizes[i]!;
    }
    return writer.tryAddFileLines(k - from, size, this.bufs[buf]!, this.lineAt[first]!, end) ? k - from : 0;
  }

  async writeLine(writer: FileListWriter, i: number): Promise<void> {
    await writer.addFileLine(this.sizes[i]!, this.bufs[this.bufOf[i]!]!, this.lineAt[i]!, this.lineEnd[i]!);
  }

  /** Where the entry's path bytes lie: relBufOf(i)[relStartOf(i), relEndOf(i)) (no array per call: these run per file). */
  private relBufOf(i: number): Buffer {
    return this.relAt[i]! < 0 ? this.escapedRel.get(i)! : this.bufs[this.bufOf[i]!]!;
  }

  private relStartOf(i: number): number {
    const at = this.relAt[i]!;
    return at < 0 ? 0 : at;
  }

  private relEndOf(i: number): number {
    return this.relAt[i]! < 0 ? this.escapedRel.get(i)!.length : this.lineEnd[i]!;
  }

  private grow(): void {
    this.capacity *= 2;
    const more = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(this.capacity);
      b.set(a);
      return b;
    };
    const int = (n: number) => new Int32Array(n);
    const float = (n: number) => new Float64Array(n);
    this.bufOf = more(this.bufOf, int);
    this.lineAt = more(this.lineAt, int);
    this.relAt = more(this.relAt, int);
    this.lineEnd = more(this.lineEnd, int);
    this.slashAt = more(this.slashAt, int);
    this.sizes = more(this.sizes, float);
    this.mtimes = more(this.mtimes, float);
    this.inos = more(this.inos, float);
  }
}

/** The last "/" in buf[start, end), or -1. */
function lastSlash(buf: Buffer, start: number, end: number): number {
  for (let k = end - 1; k >= start; k--) if (buf[k] === SLASH) return k;
  return -1;
}
