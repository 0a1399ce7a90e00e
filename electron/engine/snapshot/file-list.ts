/**
 * The per-file list of a files item: `files/<sourceId>.files` beside the `files/<sourceId>/` tree,
 * one line per folder, file and symlink, in walk order (util/tree-walk.ts):
 *
 *   # kura-files/2 kind sha256 size mtime-ms inode path
 *   d - 0 1732412345000 - images
 *   f 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 4 1732412345000 1048601 images/a.jpg
 *   l 5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8 8 1732412345000 - current
 *
 * `f`: a regular file and the sha256 of its content; `l`: a symlink and the sha256 of its target
 * text; `d`: a folder ("-": nothing to hash). Sizes in bytes, mtime in whole milliseconds. The path is
 * relative to the item's folder, "/"-separated; bytes that could break a line or are not UTF-8 are
 * written `%XX` ("%" itself as `%25`), so Japanese names stay readable and every name stays exact.
 *
 * `inode` (since `kura-files/2`): the inode number the file had when it was hashed, "-" for folders,
 * symlinks and a file whose number the disk does not give. It is what lets the next night carry a
 * hard-linked file's hash over without looking up every file of this snapshot again
 * (previous-hashes.ts); verify and restores ignore it (a copied snapshot has other inodes). Lists of
 * the first format (`kura-files/1`, the same columns without `inode`) are still read everywhere.
 *
 * An admin checks the files without Kura from inside the item's folder, for instance:
 *   sed -n 's/^f \([0-9a-f]*\) [0-9]* [0-9]* [0-9-]* /\1  /p' ../www.files | sha256sum -c --quiet
 *
 * Why this shape and not JSON: a shop's tree has tens of thousands of files; the list is written and
 * read as a stream (never held whole), it is plain text an admin can grep, and its sha256 is in the
 * manifest, so the list itself is covered by the snapshot's root of trust.
 */
import { msg, type MessageData } from '../../shared/messages/index.js';
import { renderLoose } from '../../shared/messages/render.js';
import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { once } from 'node:events';
import { open, type FileHandle } from 'node:fs/promises';
import { DurableFileStream } from '../util/durable-file-stream.js';

/** The format new lists are written in; `kura-files/1` (no inode column) is still read. */
export const FILE_LIST_FORMAT = 'kura-files/2';
const HEADER = `# ${FILE_LIST_FORMAT} kind sha256 size mtime-ms inode path\n`;
const HEADER_V1 = '# kura-files/1 kind sha256 size mtime-ms path';

/** An inode number as the list records it: exact (a bigint where it is past 2^53), null for "-". */
export type ListInode = number | bigint | null;

export type ListKind = 'd' | 'f' | 'l';

export interface ListEntry {
  kind: ListKind;
  /** Hex sha256 of the content (f) or link target (l); "-" for folders. */
  sha256: string;
  size: number;
  mtimeMs: number;
  /** The file's inode number when it was hashed (`kura-files/2`); null for "-", folders, links and lists of format 1. */
  ino: ListInode;
  rel: Buffer;
}

/** A character (or, in UTF-8, a byte: all of these are ASCII) the list writes as %XX: controls, DEL and "%" itself. */
const escaped = (code: number): boolean => code < 0x20 || code === 0x7f || code === 0x25;

function needsEscape(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (escaped(text.charCodeAt(i))) return true;
  return false;
}

/** The path bytes as written in the list (and shown in messages): readable, one line, exact. */
export function escapePath(rel: Buffer): string {
  let text: string | null = null;
  try {
    // ignoreBOM: a leading U+FEFF is part of the name (the decoder's default drops it).
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(rel);
  } catch {
    text = null;
  }
  // Most names need nothing escaped: the decoded text as it is — one flat string, where building it a
  // character at a time left a tree of ≈ 30 string pieces per name in memory (20,000 names held for an
  // off-site index took ≈ 20 MB of heap).
  if (text !== null && !needsEscape(text)) return text;
  if (text !== null) {
    let out = '';
    for (const c of text) {
      const code = c.codePointAt(0)!;
      out += escaped(code) ? '%' + code.toString(16).toUpperCase().padStart(2, '0') : c;
    }
    return out;
  }
  let out = '';
  for (const b of rel) out += b < 0x20 || b >= 0x7f || b === 0x25 ? '%' + b.toString(16).toUpperCase().padStart(2, '0') : String.fromCharCode(b);
  return out;
}

export function unescapePath(text: string): Buffer {
  const parts: Buffer[] = [];
  let last = 0;
  for (const m of text.matchAll(/%([0-9A-Fa-f]{2})/g)) {
    parts.push(Buffer.from(text.slice(last, m.index), 'utf8'), Buffer.from([parseInt(m[1]!, 16)]));
    last = m.index + 3;
  }
  parts.push(Buffer.from(text.slice(last), 'utf8'));
  return Buffer.concat(parts);
}

/** The path as the list writes it, as bytes: the name itself when it needs no escaping (the usual case). */
function escapedPathBytes(rel: Buffer): Buffer {
  for (const b of rel) if (escaped(b)) return Buffer.from(escapePath(rel), 'utf8');
  return isUtf8(rel) ? rel : Buffer.from(escapePath(rel), 'utf8');
}

const CHUNK = 256 * 1024;
const NL = 0x0a;

/**
 * Writes a list as a stream, hashing what it writes; fsynced before `close` resolves. Lines are
 * gathered in 256 KiB chunks: a shop's 20,000 lines are a handful of writes, not 20,000.
 */
export class FileListWriter {
  private readonly out: DurableFileStream;
  private readonly hash = createHash('sha256');
  private chunk = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  entries = 0;
  files = 0;
  bytes = 0;

  constructor(path: string) {
    this.out = new DurableFileStream(path, { mode: 0o644 });
    this.used = this.chunk.write(HEADER, 0, 'latin1');
  }

  async add(e: ListEntry): Promise<void> {
    this.count(e);
    const head = `${e.kind} ${e.sha256} ${e.size} ${e.mtimeMs} ${e.kind === 'f' && e.ino !== null ? e.ino : '-'} `;
    const path = escapedPathBytes(e.rel);
    await this.room(head.length + path.length + 1);
    this.used += this.chunk.write(head, this.used, 'latin1');
    this.used += path.copy(this.chunk, this.used);
    this.chunk[this.used++] = NL;
  }

  /**
   * An entry whose line is, byte for byte, `line` (a line of an earlier list of this format — ReadEntry.line —
   * for the same kind, hash, size, mtime, inode and path): copied instead of formatted again.
   */
  async addLine(e: ListEntry, line: Buffer): Promise<void> {
    if (this.tryAddLine(e, line)) return;
    await this.room(line.length + 1);
    this.copyIn(e, line);
  }

  /**
   * addLine when the line fits in the chunk being gathered (false: nothing was added, call addLine).
   * A second snapshot carries 20,000 lines over; awaiting a promise per line made its list 59 ms instead of 43 (medians of 5).
   */
  tryAddLine(e: ListEntry, line: Buffer): boolean {
    if (this.used + line.length + 1 > this.chunk.length) return false;
    this.copyIn(e, line);
    return true;
  }

  /** The line and its newline into the chunk, which has room for them. */
  private copyIn(e: ListEntry, line: Buffer): void {
    this.count(e);
    this.used += line.copy(this.chunk, this.used);
    this.chunk[this.used++] = NL;
  }

  private count(e: ListEntry): void {
    this.entries++;
    if (e.kind === 'f') {
      this.files++;
      this.bytes += e.size;
    }
  }

  /** Makes room for `n` bytes in the chunk, handing the full chunk to the file first. */
  private async room(n: number): Promise<void> {
    if (this.used + n <= this.chunk.length) return;
    const full = this.flush();
    if (n > this.chunk.length) this.chunk = Buffer.allocUnsafe(n);
    if (!full) await once(this.out, 'drain');
  }

  private flush(): boolean {
    if (this.used === 0) return true;
    const data = this.chunk.subarray(0, this.used);
    this.hash.update(data);
    this.chunk = Buffer.allocUnsafe(this.chunk.length);
    this.used = 0;
    return this.out.write(data);
  }

  /** Finishes the file (fsynced) and returns the sha256 of its bytes. */
  async close(): Promise<string> {
    this.flush();
    this.out.end();
    await once(this.out, 'finish');
    return this.hash.digest('hex');
  }

  /** Stops writing after a failure; the caller removes the partial snapshot it lives in. */
  abort(): void {
    this.out.destroy();
  }
}

/** A list that is not one Kura wrote; `said`: what is wrong, as a catalogued message. */
export class FileListFormatError extends Error {
  constructor(readonly said: MessageData) {
    super(renderLoose('en', said.code, said.params).message);
  }
}

/** An entry as read from a list, with its line's bytes (without the newline). */
export interface ReadEntry extends ListEntry {
  line: Buffer;
}

/**
 * Reads a list line by line, checking every line's shape and that the lines are in walk order
 * (a reordered or doctored list must not make a merge skip entries). Also hashes the bytes read, so
 * the caller can compare the list with the sha256 the manifest recorded once the stream has ended.
 *
 * Lines are cut from 256 KiB reads as bytes, without decoding: a path needs no copy unless it holds a
 * `%XX` escape, and carrying 20,000 unchanged entries over costs a few milliseconds, not a readline
 * round trip per line.
 */
export class FileListReader {
  private readonly hash = createHash('sha256');
  private file: FileHandle | null = null;
  private opened = false;
  private ended = false;
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private lineNo = 0;
  private previous: Buffer | null = null;
  private peeked: ReadEntry | null | undefined = undefined;
  /** The list's format, known once its first line is read: 2 has the inode column. */
  version: 1 | 2 | null = null;

  constructor(
    private readonly path: string,
    private readonly compare: (a: Buffer, b: Buffer) => number,
  ) {}

  /** The next entry without consuming it (null at the end). */
  async peek(): Promise<ReadEntry | null> {
    if (this.peeked === undefined) this.peeked = await this.read();
    return this.peeked;
  }

  async next(): Promise<ReadEntry | null> {
    const e = await this.peek();
    this.peeked = undefined;
    return e;
  }

  /** The sha256 of every byte read; valid once next() has returned null. */
  digest(): string {
    return this.hash.digest('hex');
  }

  /**
   * Stops reading before the end (a merge that needs no more). Until the end or close, the list stays
   * open — on Windows an open file keeps its snapshot folder from being deleted by retention.
   */
  async close(): Promise<void> {
    this.ended = true;
    this.opened = true;
    const file = this.file;
    this.file = null;
    await file?.close().catch(() => undefined);
  }

  /** The next line when it is already in the buffer (no promise per line), else undefined. */
  private bufferedLine(): Buffer | undefined {
    const nl = this.buf.indexOf(NL, this.pos);
    if (nl < 0) return undefined;
    const line = this.buf.subarray(this.pos, nl);
    this.pos = nl + 1;
    return line;
  }

  /** The next line's bytes (without "\n"; the last line may lack it), or null at the end. */
  private async line(): Promise<Buffer | null> {
    if (!this.opened) {
      this.opened = true;
      this.file = await open(this.path, 'r');
    }
    for (;;) {
      const nl = this.buf.indexOf(NL, this.pos);
      if (nl >= 0) {
        const line = this.buf.subarray(this.pos, nl);
        this.pos = nl + 1;
        return line;
      }
      if (this.ended) {
        if (this.pos >= this.buf.length) return null;
        const last = this.buf.subarray(this.pos);
        this.pos = this.buf.length;
        return last;
      }
      const chunk = Buffer.allocUnsafe(CHUNK);
      const { bytesRead } = await this.file!.read(chunk, 0, CHUNK, null);
      if (bytesRead === 0) {
        this.ended = true;
        await this.file!.close();
        this.file = null;
        continue;
      }
      const got = chunk.subarray(0, bytesRead);
      this.hash.update(got);
      const rest = this.buf.subarray(this.pos);
      this.buf = rest.length > 0 ? Buffer.concat([rest, got]) : got;
      this.pos = 0;
    }
  }

  private async read(): Promise<ReadEntry | null> {
    try {
      for (;;) {
        const line = this.bufferedLine() ?? (await this.line());
        if (line === null) return null;
        this.lineNo++;
        if (this.lineNo === 1) {
          const header = line.toString('latin1');
          if (header === HEADER.slice(0, -1)) this.version = 2;
          else if (header === HEADER_V1) this.version = 1;
          else throw new FileListFormatError(msg('file-list-not-a-list', { path: this.path, format: FILE_LIST_FORMAT }));
          continue;
        }
        const e = parseLine(line, this.version === 2);
        if (!e) throw new FileListFormatError(msg('file-list-line-damaged', { path: this.path, line: this.lineNo }));
        if (!isPlainRelative(e.rel)) throw new FileListFormatError(msg('file-list-line-outside', { path: this.path, line: this.lineNo }));
        if (this.previous && this.compare(this.previous, e.rel) >= 0) throw new FileListFormatError(msg('file-list-line-order', { path: this.path, line: this.lineNo }));
        this.previous = e.rel;
        return e;
      }
    } catch (err) {
      await this.file?.close().catch(() => undefined);
      this.file = null;
      throw err;
    }
  }
}

const SP = 0x20;

/** Every byte of line[from, to) is 0-9 or a-f (what /^[0-9a-f]{64}$/ checked, without a string first). */
function lowerHexAt(line: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const b = line[i]!;
    if (!((b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66))) return false;
  }
  return true;
}

/**
 * The digits line[at, end) as a number: summed exactly up to 15 digits (below 2^53); longer ones are
 * parsed as text, which rounds the way Number() always has. Reading 20,000 lines while rsync runs,
 * a string per number was a large share of the list's garbage.
 */
function digitsValue(line: Buffer, at: number, end: number): number {
  if (end - at > 15) return Number(line.toString('latin1', at, end));
  let v = 0;
  for (let i = at; i < end; i++) v = v * 10 + (line[i]! - 0x30);
  return v;
}

/** A decimal number without sign or leading zeros ending at a space; [value, index after the space] or null. */
function numberAt(line: Buffer, at: number): [number, number] | null {
  let i = at;
  while (i < line.length && line[i]! >= 0x30 && line[i]! <= 0x39) i++;
  if (i === at || i >= line.length || line[i] !== SP || i - at > 16 || (line[at] === 0x30 && i - at > 1)) return null;
  return [digitsValue(line, at, i), i + 1];
}

/** An inode number (1 to 2^64 - 1, no leading zeros) or "-", ending at a space; [value, index after the space] or null. */
function inodeAt(line: Buffer, at: number, kind: number): [ListInode, number] | null {
  if (line[at] === 0x2d) return line[at + 1] === SP ? [null, at + 2] : null;
  if (kind !== 0x66) return null;
  let i = at;
  while (i < line.length && line[i]! >= 0x30 && line[i]! <= 0x39) i++;
  if (i === at || i >= line.length || line[i] !== SP || i - at > 20 || line[at] === 0x30) return null;
  if (i - at <= 15) return [digitsValue(line, at, i), i + 1];
  const text = line.toString('latin1', at, i);
  const n = Number(text);
  if (Number.isSafeInteger(n)) return [n, i + 1];
  const b = BigInt(text);
  return b < 2n ** 64n ? [b, i + 1] : null;
}

/**
 * One line `kind sha256 size mtime [inode] path` (file-list.ts's header comment; the inode column
 * in format 2), or null when it is not one.
 */
function parseLine(line: Buffer, withInode: boolean): ReadEntry | null {
  const kind = line[0];
  if ((kind !== 0x64 && kind !== 0x66 && kind !== 0x6c) || line[1] !== SP) return null;
  let at: number;
  let sha256: string;
  if (line[2] === 0x2d) {
    if (kind !== 0x64 || line[3] !== SP) return null;
    sha256 = '-';
    at = 4;
  } else {
    if (kind === 0x64 || line[66] !== SP) return null;
    if (!lowerHexAt(line, 2, 66)) return null;
    sha256 = line.toString('latin1', 2, 66);
    at = 67;
  }
  const size = numberAt(line, at);
  if (!size) return null;
  const mtime = numberAt(line, size[1]);
  if (!mtime) return null;
  const inode = withInode ? inodeAt(line, mtime[1], kind) : ([null, mtime[1]] as const);
  if (!inode) return null;
  const path = line.subarray(inode[1]);
  if (path.length === 0) return null;
  let escaped = false;
  for (const b of path) {
    if (b < 0x20 || b === 0x7f) return null;
    if (b === 0x25) escaped = true;
  }
  const rel = escaped ? unescapePath(path.toString('utf8')) : path;
  return { kind: String.fromCharCode(kind) as ListKind, sha256, size: size[0], mtimeMs: mtime[0], ino: inode[0], rel, line };
}

/** "a/b.txt" yes; "", "/x", "a//b", "a/./b", "../x", "a/.." and NUL no. Byte by byte: no string per path. */
export function isPlainRelative(rel: Buffer): boolean {
  if (rel.length === 0) return false;
  let start = 0;
  for (let i = 0; i <= rel.length; i++) {
    const b = i < rel.length ? rel[i]! : 0x2f;
    if (b === 0) return false;
    if (b !== 0x2f) continue;
    const len = i - start;
    // An empty component, "." or "..".
    if (len === 0 || (len === 1 && rel[start] === 0x2e) || (len === 2 && rel[start] === 0x2e && rel[start + 1] === 0x2e)) return false;
    start = i + 1;
  }
  return true;
}

/** Where a files item's list lives in the snapshot, beside its folder. */
export function fileListPath(itemPath: string): string {
  return `${itemPath}.files`;
}
