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
import { comparePathRanges } from '../util/tree-walk.js';

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
    this.count(e.kind === 'f', e.size);
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
    await this.room(line.length + 1);
    this.copyIn(e.kind === 'f', e.size, line, 0, line.length);
  }

  /**
   * `count` files' lines that follow one another in an earlier list of this format, bytes[start, end)
   * with the newlines between them (their sizes summing to `size`), copied at once when they fit in
   * the chunk being gathered; false: nothing was added. A second snapshot carries 20,000 lines over:
   * a promise per line made its list 59 ms instead of 43 (medians of 5), and a copy per line another
   * 20 ms against one per folder. (One line: count 1; addFileLine when it does not fit.)
   */
  tryAddFileLines(count: number, size: number, bytes: Buffer, start: number, end: number): boolean {
    if (this.used + end - start + 1 > this.chunk.length) return false;
    this.entries += count;
    this.files += count;
    this.bytes += size;
    this.used += bytes.copy(this.chunk, this.used, start, end);
    this.chunk[this.used++] = NL;
    return true;
  }

  async addFileLine(size: number, bytes: Buffer, start: number, end: number): Promise<void> {
    await this.room(end - start + 1);
    this.copyIn(true, size, bytes, start, end);
  }

  /** The line and its newline into the chunk, which has room for them. */
  private copyIn(isFile: boolean, size: number, bytes: Buffer, start: number, end: number): void {
    this.count(isFile, size);
    this.used += bytes.copy(this.chunk, this.used, start, end);
    this.chunk[this.used++] = NL;
  }

  private count(isFile: boolean, size: number): void {
    this.entries++;
    if (isFile) {
      this.files++;
      this.bytes += size;
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
 * round trip per line. `scan` checks the next line where it lies and makes no object of it (the
 * previous night's list is read that way while rsync runs: ahead-entries.ts); `next` and `peek` give
 * it as a ReadEntry.
 */
export class FileListReader {
  private readonly hash = createHash('sha256');
  private file: FileHandle | null = null;
  private opened = false;
  private ended = false;
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  private lineNo = 0;
  private peeked: ReadEntry | null | undefined = undefined;
  /** The list's format, known once its first line is read: 2 has the inode column. */
  version: 1 | 2 | null = null;
  /** The line `scan` last read: what it says, and where it lies (valid until the next scan). */
  readonly scanned: ScannedLine = { kind: 0, shaAt: -1, size: 0, mtimeMs: 0, ino: null, pathAt: 0, escaped: false };
  lineBuf: Buffer = this.buf;
  lineStart = 0;
  lineEnd = 0;
  /** Its path's bytes: relBuf[relStart, relEnd) — in lineBuf, or a Buffer of its own for an escaped path. */
  relBuf: Buffer | null = null;
  relStart = 0;
  relEnd = 0;

  constructor(private readonly path: string) {}

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

  /**
   * The next entry, checked as `next` checks it, left where it lies: `scanned`, `lineBuf`/`lineStart`/
   * `lineEnd` and `relBuf`/`relStart`/`relEnd` say it until the next call. False at the end.
   */
  async scan(): Promise<boolean> {
    if (this.peeked !== undefined) throw new Error('FileListReader: scan after peek');
    try {
      for (;;) {
        if (!this.bufferedLine() && !(await this.line())) return false;
        this.lineNo++;
        const buf = this.lineBuf;
        if (this.lineNo === 1) {
          const header = buf.toString('latin1', this.lineStart, this.lineEnd);
          if (header === HEADER.slice(0, -1)) this.version = 2;
          else if (header === HEADER_V1) this.version = 1;
          else throw new FileListFormatError(msg('file-list-not-a-list', { path: this.path, format: FILE_LIST_FORMAT }));
          continue;
        }
        const s = this.scanned;
        if (!scanLine(buf, this.lineStart, this.lineEnd, this.version === 2, s)) {
          throw new FileListFormatError(msg('file-list-line-damaged', { path: this.path, line: this.lineNo }));
        }
        let rel = buf;
        let start = s.pathAt;
        let end = this.lineEnd;
        if (s.escaped) {
          rel = unescapePath(buf.toString('utf8', start, end));
          start = 0;
          end = rel.length;
        }
        if (!isPlainRelative(rel, start, end)) throw new FileListFormatError(msg('file-list-line-outside', { path: this.path, line: this.lineNo }));
        if (this.relBuf && comparePathRanges(this.relBuf, this.relStart, this.relEnd, rel, start, end) >= 0) {
          throw new FileListFormatError(msg('file-list-line-order', { path: this.path, line: this.lineNo }));
        }
        this.relBuf = rel;
        this.relStart = start;
        this.relEnd = end;
        return true;
      }
    } catch (err) {
      await this.file?.close().catch(() => undefined);
      this.file = null;
      throw err;
    }
  }

  /** The next line into lineBuf/lineStart/lineEnd when it is already in the buffer (no promise per line). */
  private bufferedLine(): boolean {
    const nl = this.buf.indexOf(NL, this.pos);
    if (nl < 0) return false;
    this.takeLine(this.pos, nl, nl + 1);
    return true;
  }

  private takeLine(start: number, end: number, next: number): void {
    this.lineBuf = this.buf;
    this.lineStart = start;
    this.lineEnd = end;
    this.pos = next;
  }

  /** The next line (without "\n"; the last line may lack it) into lineBuf/lineStart/lineEnd, or false at the end. */
  private async line(): Promise<boolean> {
    if (!this.opened) {
      this.opened = true;
      this.file = await open(this.path, 'r');
    }
    for (;;) {
      if (this.bufferedLine()) return true;
      if (this.ended) {
        if (this.pos >= this.buf.length) return false;
        this.takeLine(this.pos, this.buf.length, this.buf.length);
        return true;
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
      // Lines read before stay in the buffer they were cut from (an entry's bytes are never copied).
      const rest = this.buf.subarray(this.pos);
      this.buf = rest.length > 0 ? Buffer.concat([rest, got]) : got;
      this.pos = 0;
    }
  }

  private async read(): Promise<ReadEntry | null> {
    if (!(await this.scan())) return null;
    const s = this.scanned;
    const buf = this.lineBuf;
    return {
      kind: String.fromCharCode(s.kind) as ListKind,
      sha256: s.shaAt < 0 ? '-' : buf.toString('latin1', s.shaAt, s.shaAt + 64),
      size: s.size,
      mtimeMs: s.mtimeMs,
      ino: s.ino,
      rel: this.relBuf === buf ? buf.subarray(this.relStart, this.relEnd) : this.relBuf!,
      line: buf.subarray(this.lineStart, this.lineEnd),
    };
  }
}

const SP = 0x20;
const KIND_D = 0x64;
const KIND_F = 0x66;
const KIND_L = 0x6c;

/** A list line as scanLine read it, in place: its numbers, and where its hash and path lie in its buffer. */
export interface ScannedLine {
  /** The kind's byte: "d", "f" or "l". */
  kind: number;
  /** Where the sha256's 64 hex digits begin; -1 for "-" (a folder). */
  shaAt: number;
  size: number;
  mtimeMs: number;
  ino: ListInode;
  /** Where the path begins (it runs to the line's end). */
  pathAt: number;
  /** The path holds a %XX escape: its bytes are unescapePath of its text. */
  escaped: boolean;
}

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

/** The value numberAt and inodeAt read last (no object per number). */
let scannedValue: number = 0;
let scannedInode: ListInode = null;

/** A decimal number without sign or leading zeros ending at a space before `end`: its value into scannedValue, and the index after the space (-1: not one). */
function numberAt(line: Buffer, at: number, end: number): number {
  let i = at;
  while (i < end && line[i]! >= 0x30 && line[i]! <= 0x39) i++;
  if (i === at || i >= end || line[i] !== SP || i - at > 16 || (line[at] === 0x30 && i - at > 1)) return -1;
  scannedValue = digitsValue(line, at, i);
  return i + 1;
}

/** An inode number (1 to 2^64 - 1, no leading zeros) or "-", ending at a space before `end`: its value into scannedInode, and the index after the space (-1: not one). */
function inodeAt(line: Buffer, at: number, end: number, kind: number): number {
  if (at < end && line[at] === 0x2d) {
    scannedInode = null;
    return at + 1 < end && line[at + 1] === SP ? at + 2 : -1;
  }
  if (kind !== KIND_F) return -1;
  let i = at;
  while (i < end && line[i]! >= 0x30 && line[i]! <= 0x39) i++;
  if (i === at || i >= end || line[i] !== SP || i - at > 20 || line[at] === 0x30) return -1;
  if (i - at <= 15) {
    scannedInode = digitsValue(line, at, i);
    return i + 1;
  }
  const text = line.toString('latin1', at, i);
  const n = Number(text);
  if (Number.isSafeInteger(n)) {
    scannedInode = n;
    return i + 1;
  }
  const b = BigInt(text);
  if (b >= 2n ** 64n) return -1;
  scannedInode = b;
  return i + 1;
}

/**
 * The line line[start, end) — `kind sha256 size mtime [inode] path` (file-list.ts's header comment;
 * the inode column in format 2) — into `out`; false when it is not one.
 */
function scanLine(line: Buffer, start: number, end: number, withInode: boolean, out: ScannedLine): boolean {
  if (end - start < 4) return false;
  const kind = line[start]!;
  if ((kind !== KIND_D && kind !== KIND_F && kind !== KIND_L) || line[start + 1] !== SP) return false;
  let at: number;
  if (line[start + 2] === 0x2d) {
    if (kind !== KIND_D || line[start + 3] !== SP) return false;
    out.shaAt = -1;
    at = start + 4;
  } else {
    if (kind === KIND_D || start + 66 >= end || line[start + 66] !== SP) return false;
    if (!lowerHexAt(line, start + 2, start + 66)) return false;
    out.shaAt = start + 2;
    at = start + 67;
  }
  at = numberAt(line, at, end);
  if (at < 0) return false;
  out.size = scannedValue;
  at = numberAt(line, at, end);
  if (at < 0) return false;
  out.mtimeMs = scannedValue;
  if (withInode) {
    at = inodeAt(line, at, end, kind);
    if (at < 0) return false;
    out.ino = scannedInode;
  } else out.ino = null;
  if (at >= end) return false;
  let escaped = false;
  for (let i = at; i < end; i++) {
    const b = line[i]!;
    if (b < 0x20 || b === 0x7f) return false;
    if (b === 0x25) escaped = true;
  }
  out.kind = kind;
  out.pathAt = at;
  out.escaped = escaped;
  return true;
}

/**
 * "a/b.txt" yes; "", "/x", "a//b", "a/./b", "../x", "a/.." and NUL no — of rel[from, to) (the whole
 * Buffer by default). Byte by byte: no string per path.
 */
export function isPlainRelative(rel: Buffer, from = 0, to = rel.length): boolean {
  if (to <= from) return false;
  let start = from;
  for (let i = from; i <= to; i++) {
    const b = i < to ? rel[i]! : 0x2f;
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

/** The line scanned is a file's (`f`). */
export function scannedFile(s: ScannedLine): boolean {
  return s.kind === KIND_F;
}
