/**
 * The per-file list of a files item: `files/<sourceId>.files` beside the `files/<sourceId>/` tree,
 * one line per folder, file and symlink, in walk order (util/tree-walk.ts):
 *
 *   # kura-files/1 kind sha256 size mtime-ms path
 *   d - 0 1732412345000 images
 *   f 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 4 1732412345000 images/a.jpg
 *   l 5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8 8 1732412345000 current
 *
 * `f`: a regular file and the sha256 of its content; `l`: a symlink and the sha256 of its target
 * text; `d`: a folder ("-": nothing to hash). Sizes in bytes, mtime in whole milliseconds. The path is
 * relative to the item's folder, "/"-separated; bytes that could break a line or are not UTF-8 are
 * written `%XX` ("%" itself as `%25`), so Japanese names stay readable and every name stays exact.
 *
 * Why this shape and not JSON: a shop's tree has tens of thousands of files; the list is written and
 * read as a stream (never held whole), it is plain text an admin can grep, and its sha256 is in the
 * manifest, so the list itself is covered by the snapshot's root of trust.
 */
import { msg, type MessageData } from '../../shared/messages/index.js';
import { renderLoose } from '../../shared/messages/render.js';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { DurableFileStream } from '../util/durable-file-stream.js';

export const FILE_LIST_FORMAT = 'kura-files/1';
const HEADER = `# ${FILE_LIST_FORMAT} kind sha256 size mtime-ms path\n`;

export type ListKind = 'd' | 'f' | 'l';

export interface ListEntry {
  kind: ListKind;
  /** Hex sha256 of the content (f) or link target (l); "-" for folders. */
  sha256: string;
  size: number;
  mtimeMs: number;
  rel: Buffer;
}

/** The path bytes as written in the list (and shown in messages): readable, one line, exact. */
export function escapePath(rel: Buffer): string {
  let text: string | null = null;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(rel);
  } catch {
    text = null;
  }
  if (text !== null) {
    let out = '';
    for (const c of text) {
      const code = c.codePointAt(0)!;
      out += code < 0x20 || code === 0x7f || c === '%' ? '%' + code.toString(16).toUpperCase().padStart(2, '0') : c;
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

/** Writes a list as a stream, hashing what it writes; fsynced before `close` resolves. */
export class FileListWriter {
  private readonly out: DurableFileStream;
  private readonly hash = createHash('sha256');
  entries = 0;
  files = 0;
  bytes = 0;

  constructor(path: string) {
    this.out = new DurableFileStream(path, { mode: 0o644 });
    this.push(HEADER);
  }

  async add(e: ListEntry): Promise<void> {
    this.entries++;
    if (e.kind === 'f') {
      this.files++;
      this.bytes += e.size;
    }
    if (!this.push(`${e.kind} ${e.sha256} ${e.size} ${e.mtimeMs} ${escapePath(e.rel)}\n`)) await once(this.out, 'drain');
  }

  private push(line: string): boolean {
    const buf = Buffer.from(line, 'utf8');
    this.hash.update(buf);
    return this.out.write(buf);
  }

  /** Finishes the file (fsynced) and returns the sha256 of its bytes. */
  async close(): Promise<string> {
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

/**
 * Reads a list line by line, checking every line's shape and that the lines are in walk order
 * (a reordered or doctored list must not make a merge skip entries). Also hashes the bytes read, so
 * the caller can compare the list with the sha256 the manifest recorded once the stream has ended.
 */
export class FileListReader {
  private readonly hash = createHash('sha256');
  private lines: AsyncIterableIterator<string> | null = null;
  private lineNo = 0;
  private previous: Buffer | null = null;
  private peeked: ListEntry | null | undefined = undefined;

  constructor(
    private readonly path: string,
    private readonly compare: (a: Buffer, b: Buffer) => number,
  ) {}

  /** The next entry without consuming it (null at the end). */
  async peek(): Promise<ListEntry | null> {
    if (this.peeked === undefined) this.peeked = await this.read();
    return this.peeked;
  }

  async next(): Promise<ListEntry | null> {
    const e = await this.peek();
    this.peeked = undefined;
    return e;
  }

  /** The sha256 of every byte read; valid once next() has returned null. */
  digest(): string {
    return this.hash.digest('hex');
  }

  private async read(): Promise<ListEntry | null> {
    if (!this.lines) {
      const input = createReadStream(this.path);
      input.on('data', (chunk) => this.hash.update(chunk as Buffer));
      this.lines = createInterface({ input, crlfDelay: Infinity })[Symbol.asyncIterator]();
    }
    for (;;) {
      const r = await this.lines.next();
      if (r.done) return null;
      this.lineNo++;
      const line = r.value;
      if (this.lineNo === 1) {
        if (line !== HEADER.slice(0, -1)) throw new FileListFormatError(msg('file-list-not-a-list', { path: this.path, format: FILE_LIST_FORMAT }));
        continue;
      }
      const m = /^([dfl]) ([0-9a-f]{64}|-) (\d+) (\d+) (.+)$/.exec(line);
      if (!m || (m[1] === 'd') !== (m[2] === '-')) throw new FileListFormatError(msg('file-list-line-damaged', { path: this.path, line: this.lineNo }));
      const rel = unescapePath(m[5]!);
      if (!isPlainRelative(rel)) throw new FileListFormatError(msg('file-list-line-outside', { path: this.path, line: this.lineNo }));
      if (this.previous && this.compare(this.previous, rel) >= 0) throw new FileListFormatError(msg('file-list-line-order', { path: this.path, line: this.lineNo }));
      this.previous = rel;
      return { kind: m[1] as ListKind, sha256: m[2]!, size: Number(m[3]), mtimeMs: Number(m[4]), rel };
    }
  }
}

/** "a/b.txt" yes; "", "/x", "a//b", "a/./b", "../x", "a/.." and NUL no. */
export function isPlainRelative(rel: Buffer): boolean {
  if (rel.length === 0 || rel.includes(0)) return false;
  return rel
    .toString('latin1')
    .split('/')
    .every((c) => c !== '' && c !== '.' && c !== '..');
}

/** Where a files item's list lives in the snapshot, beside its folder. */
export function fileListPath(itemPath: string): string {
  return `${itemPath}.files`;
}
