/**
 * A streaming Transform that rewrites the *object header* lines of a mysqldump SQL stream (CREATE …,
 * `/*!50013 DEFINER=… *\/`, `/*!50106 CREATE*\/ … EVENT …`) and passes everything else through untouched.
 *
 * Why line-based and header-only: the clauses restore needs to change (DEFINER=, an event's ENABLE)
 * only ever sit at the start of a statement line mysqldump wrote, while table data sits in INSERT lines
 * that can be a megabyte each and may legitimately contain the text "DEFINER=" inside a customer's
 * note. So INSERT lines (and any line not starting with `CREATE` or a `/*!` (or `/*M!`) version comment) are
 * streamed through as soon as their first bytes show what they are — nothing is ever buffered beyond
 * one header line — and only header lines are decoded and handed to the rewrite function.
 *
 * Bytes are decoded as latin1 (one char per byte) for the rewrite, so any UTF-8 (Japanese names,
 * emoji) or even invalid UTF-8 comes out byte-for-byte identical wherever the rewrite did not touch it.
 * Chunk boundaries can fall anywhere, inside a line or inside a multi-byte character: lines are
 * assembled across chunks before a decision is made.
 */
import { Transform, type TransformCallback } from 'node:stream';

/** Rewrites one header line (latin1-decoded, without its "\n"); returns it unchanged when nothing applies. */
export type HeaderLineRewrite = (line: string) => string;

/** Header lines longer than this are rewritten on their first part only (a DEFINER sits in the first few hundred bytes). */
const MAX_HEADER_BYTES = 4 * 1024 * 1024;
/** Enough bytes to tell a header line from a data line. */
const PEEK_BYTES = 16;

type LineState =
  /** At the start of a line, or holding its first bytes until it can be classified. */
  | { kind: 'start' }
  /** Inside a header line: buffered until its "\n". */
  | { kind: 'header' }
  /** Inside a data/other line: passed straight through until its "\n". */
  | { kind: 'pass' };

export class SqlHeaderRewriter extends Transform {
  private state: LineState = { kind: 'start' };
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** How many header lines the rewrite changed. */
  rewrittenLines = 0;

  constructor(private readonly rewrite: HeaderLineRewrite) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    try {
      this.consume(chunk);
      cb();
    } catch (err) {
      cb(err as Error);
    }
  }

  override _flush(cb: TransformCallback): void {
    try {
      if (this.pendingBytes > 0) this.emitPending();
      cb();
    } catch (err) {
      cb(err as Error);
    }
  }

  private consume(chunk: Buffer): void {
    let pos = 0;
    while (pos < chunk.length) {
      switch (this.state.kind) {
        case 'pass': {
          const nl = chunk.indexOf(0x0a, pos);
          if (nl < 0) {
            this.push(chunk.subarray(pos));
            return;
          }
          this.push(chunk.subarray(pos, nl + 1));
          pos = nl + 1;
          this.state = { kind: 'start' };
          break;
        }
        case 'start':
        case 'header': {
          const nl = chunk.indexOf(0x0a, pos);
          const end = nl < 0 ? chunk.length : nl + 1;
          this.hold(chunk.subarray(pos, end));
          pos = end;
          if (this.state.kind === 'start') {
            const kind = classify(this.peek());
            if (kind === 'undecided' && nl < 0) break;
            if (kind === 'pass' || kind === 'undecided') {
              // A data line (or a line too short to be a header that already ended): out as is.
              this.flushRaw();
              this.state = nl < 0 ? { kind: 'pass' } : { kind: 'start' };
              break;
            }
            this.state = { kind: 'header' };
          }
          if (nl >= 0) {
            this.emitPending();
            this.state = { kind: 'start' };
          } else if (this.pendingBytes > MAX_HEADER_BYTES) {
            // Absurdly long header line: rewrite what is held, stream the rest unchanged.
            this.emitPending();
            this.state = { kind: 'pass' };
          }
          break;
        }
      }
    }
  }

  private hold(part: Buffer): void {
    if (part.length === 0) return;
    // Copy: the producer may reuse the chunk's memory once we return.
    this.pending.push(Buffer.from(part));
    this.pendingBytes += part.length;
  }

  private peek(): Buffer {
    // Only a few bytes are held while a line is undecided, so joining them is cheap.
    return this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
  }

  private flushRaw(): void {
    for (const part of this.pending) this.push(part);
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** Runs the rewrite over the held header line (with or without its final "\n") and pushes it. */
  private emitPending(): void {
    const text = Buffer.concat(this.pending).toString('latin1');
    this.pending = [];
    this.pendingBytes = 0;
    const hasNewline = text.endsWith('\n');
    const body = hasNewline ? text.slice(0, -1) : text;
    const out = this.rewrite(body);
    if (out !== body) this.rewrittenLines++;
    this.push(Buffer.from(hasNewline ? out + '\n' : out, 'latin1'));
  }
}

/**
 * Header lines start (after optional spaces) with `CREATE` or a `/*!` (or `/*M!`) version comment; data lines
 * with `INSERT`, comments with `--`, and so on. Undecided while fewer bytes than the keyword arrived.
 */
function classify(head: Buffer): 'header' | 'pass' | 'undecided' {
  let i = 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09)) i++;
  if (i >= PEEK_BYTES) return 'pass';
  const rest = head.subarray(i, i + 6).toString('latin1');
  for (const keyword of ['/*!', '/*M!', 'CREATE']) {
    if (rest.length >= keyword.length) {
      if (rest.slice(0, keyword.length).toUpperCase() === keyword) return 'header';
    } else if (keyword.startsWith(rest.toUpperCase())) {
      return 'undecided';
    }
  }
  return 'pass';
}
