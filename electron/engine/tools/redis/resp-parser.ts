/**
 * RESP2, the Redis wire protocol: typed reply values, an incremental parser and the command encoder.
 *
 * Why our own: Kura must talk to Redis on Windows machines that have no redis-cli, and the backup
 * needs things a general client library hides (taking over the socket after SYNC to read the raw
 * RDB stream). RESP2 is small enough that owning it is cheaper than working around a library.
 *
 * The parser is fed TCP chunks as they arrive and hands back complete replies; a reply split across
 * any number of chunks (even inside "\r\n") comes out whole. Large bulk replies are not re-copied on
 * every chunk: once the parser knows how many bytes a reply needs, it waits until they are there.
 */

export type RespValue =
  | { kind: 'simple'; value: string }
  | { kind: 'error'; message: string }
  | { kind: 'integer'; value: number }
  | { kind: 'bulk'; value: Buffer }
  | { kind: 'array'; items: RespValue[] }
  | { kind: 'null' };

/** One argument of a command: strings are sent as UTF-8, Buffers byte for byte. */
export type RespArg = string | Buffer | number;

const CRLF = Buffer.from('\r\n');

/** Encodes one command as a RESP array of bulk strings (the only form servers accept from clients). */
export function encodeCommand(args: readonly RespArg[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const data = Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg), 'utf8');
    parts.push(Buffer.from(`$${data.length}\r\n`), data, CRLF);
  }
  return Buffer.concat(parts);
}

/** Thrown when the server sends bytes that are not RESP: the connection cannot be trusted after that. */
export class RespProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RespProtocolError';
  }
}

/** Marker for "the reply is not complete yet"; `need` is the total buffered length that would help. */
interface Incomplete {
  need: number;
}

const MAX_LINE = 64 * 1024;

export class RespParser {
  private chunks: Buffer[] = [];
  private chunksLength = 0;
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  /** Buffered bytes needed before another parse attempt can succeed. */
  private need = 0;

  /** Adds bytes received from the socket. */
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.chunksLength += chunk.length;
  }

  /** Bytes received and not yet consumed by a reply. */
  get bufferedLength(): number {
    return this.buf.length - this.pos + this.chunksLength;
  }

  /** The next complete reply, or undefined when more bytes are needed. */
  next(): RespValue | undefined {
    if (this.bufferedLength === 0 || this.bufferedLength < this.need) return undefined;
    this.flatten();
    const r = this.parseValue(this.pos);
    if ('need' in r) {
      this.need = r.need - this.pos;
      return undefined;
    }
    this.need = 0;
    this.pos = r.end;
    return r.value;
  }

  /**
   * Hands over every byte not consumed yet and empties the parser: used when the connection stops
   * speaking RESP (the RDB payload after SYNC).
   */
  takeRemaining(): Buffer {
    this.flatten();
    const rest = this.buf.subarray(this.pos);
    this.buf = Buffer.alloc(0);
    this.pos = 0;
    this.need = 0;
    return rest;
  }

  private flatten(): void {
    if (this.chunks.length === 0) return;
    const rest = this.pos < this.buf.length ? [this.buf.subarray(this.pos)] : [];
    this.buf = Buffer.concat([...rest, ...this.chunks]);
    this.pos = 0;
    this.chunks = [];
    this.chunksLength = 0;
  }

  private parseValue(at: number): { value: RespValue; end: number } | Incomplete {
    const line = this.readLine(at);
    if ('need' in line) return line;
    const type = String.fromCharCode(this.buf[at]!);
    const text = line.text;
    switch (type) {
      case '+':
        return { value: { kind: 'simple', value: text }, end: line.end };
      case '-':
        return { value: { kind: 'error', message: text }, end: line.end };
      case ':':
        return { value: { kind: 'integer', value: parseInteger(text) }, end: line.end };
      case '$': {
        const len = parseInteger(text);
        if (len === -1) return { value: { kind: 'null' }, end: line.end };
        if (len < 0) throw new RespProtocolError(`invalid bulk length ${len}`);
        const end = line.end + len + 2;
        if (this.buf.length < end) return { need: end };
        if (this.buf[end - 2] !== 0x0d || this.buf[end - 1] !== 0x0a) throw new RespProtocolError('bulk string not followed by CRLF');
        return { value: { kind: 'bulk', value: Buffer.from(this.buf.subarray(line.end, end - 2)) }, end };
      }
      case '*': {
        const count = parseInteger(text);
        if (count === -1) return { value: { kind: 'null' }, end: line.end };
        if (count < 0) throw new RespProtocolError(`invalid array length ${count}`);
        const items: RespValue[] = [];
        let p = line.end;
        for (let i = 0; i < count; i++) {
          const item = this.parseValue(p);
          if ('need' in item) return item;
          items.push(item.value);
          p = item.end;
        }
        return { value: { kind: 'array', items }, end: p };
      }
      default:
        throw new RespProtocolError(`unexpected reply type byte 0x${this.buf[at]!.toString(16)}`);
    }
  }

  /** The text after the type byte up to CRLF. */
  private readLine(at: number): { text: string; end: number } | Incomplete {
    if (at >= this.buf.length) return { need: at + 1 };
    const nl = this.buf.indexOf(CRLF, at);
    if (nl < 0) {
      if (this.buf.length - at > MAX_LINE) throw new RespProtocolError('reply line too long');
      return { need: this.buf.length + 1 };
    }
    return { text: this.buf.toString('utf8', at + 1, nl), end: nl + 2 };
  }
}

function parseInteger(text: string): number {
  if (!/^-?\d+$/.test(text)) throw new RespProtocolError(`invalid integer "${text.slice(0, 40)}"`);
  return Number(text);
}

/** Text of a simple or bulk reply (UTF-8); null for anything else. */
export function respText(v: RespValue): string | null {
  switch (v.kind) {
    case 'simple':
      return v.value;
    case 'bulk':
      return v.value.toString('utf8');
    case 'integer':
      return String(v.value);
    case 'error':
    case 'array':
    case 'null':
      return null;
  }
}
