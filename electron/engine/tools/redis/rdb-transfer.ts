/**
 * Decodes what a Redis master sends after `SYNC` / `PSYNC ? -1`, chunk by chunk, into events.
 *
 * The stream is not RESP. In order, the master may send:
 *   - "+FULLRESYNC <replid> <offset>\r\n" (PSYNC only);
 *   - single "\n" keep-alives, once a second, while it forks and writes the snapshot (these can
 *     last minutes on a big dataset and must not be mistaken for data);
 *   - "-ERR …\r\n" if it refuses;
 *   - the RDB as "$<length>\r\n<length bytes>" (disk-based), or as "$EOF:<40 chars>\r\n<bytes><same
 *     40 chars>" (diskless: the size is unknown up front, the marker ends the payload);
 *   - afterwards the live replication stream, which Kura does not want: the caller hangs up at `end`.
 *
 * Kept free of sockets and files so every split of the stream can be unit-tested.
 */

export type TransferEvent =
  | { kind: 'fullresync'; replid: string; offset: string }
  | { kind: 'keepalive' }
  | { kind: 'error'; message: string }
  | { kind: 'start'; totalBytes: number | null }
  | { kind: 'data'; chunk: Buffer }
  | { kind: 'end' };

type State =
  | { kind: 'preamble'; head: Buffer }
  | { kind: 'sized'; remaining: number }
  | { kind: 'marker'; marker: Buffer; held: Buffer }
  | { kind: 'done' };

export class TransferProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransferProtocolError';
  }
}

const MARKER_LEN = 40;
const MAX_PREAMBLE_LINE = 4096;

export class RdbTransferDecoder {
  private state: State = { kind: 'preamble', head: Buffer.alloc(0) };

  get done(): boolean {
    return this.state.kind === 'done';
  }

  /** Feeds one chunk; returns what it completed. Bytes after the payload's end are ignored. */
  push(chunk: Buffer): TransferEvent[] {
    const events: TransferEvent[] = [];
    let input = chunk;
    while (input.length > 0) {
      const st = this.state;
      switch (st.kind) {
        case 'preamble': {
          input = this.preamble(st, input, events);
          break;
        }
        case 'sized': {
          const take = Math.min(st.remaining, input.length);
          if (take > 0) events.push({ kind: 'data', chunk: input.subarray(0, take) });
          st.remaining -= take;
          input = input.subarray(take);
          if (st.remaining === 0) {
            this.state = { kind: 'done' };
            events.push({ kind: 'end' });
          }
          break;
        }
        case 'marker': {
          // Hold back the last 40 bytes: they might be the start of the marker.
          const joined = st.held.length > 0 ? Buffer.concat([st.held, input]) : input;
          const at = joined.indexOf(st.marker);
          if (at >= 0) {
            if (at > 0) events.push({ kind: 'data', chunk: joined.subarray(0, at) });
            this.state = { kind: 'done' };
            events.push({ kind: 'end' });
          } else {
            const keep = Math.min(MARKER_LEN - 1, joined.length);
            const emit = joined.length - keep;
            if (emit > 0) events.push({ kind: 'data', chunk: joined.subarray(0, emit) });
            st.held = Buffer.from(joined.subarray(emit));
          }
          input = Buffer.alloc(0);
          break;
        }
        case 'done':
          input = Buffer.alloc(0);
          break;
      }
    }
    return events;
  }

  /** Consumes preamble lines; returns the input left once the payload starts (or nothing). */
  private preamble(st: { kind: 'preamble'; head: Buffer }, input: Buffer, events: TransferEvent[]): Buffer {
    let buf = st.head.length > 0 ? Buffer.concat([st.head, input]) : input;
    for (;;) {
      // Keep-alives: bare "\n" between (or before) lines.
      let skip = 0;
      while (skip < buf.length && buf[skip] === 0x0a) skip++;
      if (skip > 0) {
        events.push({ kind: 'keepalive' });
        buf = buf.subarray(skip);
      }
      if (buf.length === 0) {
        st.head = Buffer.alloc(0);
        return buf;
      }
      const nl = buf.indexOf('\r\n');
      if (nl < 0) {
        if (buf.length > MAX_PREAMBLE_LINE) throw new TransferProtocolError('reply line too long before the RDB payload');
        st.head = Buffer.from(buf);
        return Buffer.alloc(0);
      }
      const line = buf.toString('latin1', 0, nl);
      buf = buf.subarray(nl + 2);
      switch (line[0]) {
        case '+': {
          const m = /^\+FULLRESYNC (\S+) (\S+)/.exec(line);
          if (m) events.push({ kind: 'fullresync', replid: m[1]!, offset: m[2]! });
          // "+CONTINUE" cannot answer "PSYNC ? -1"; anything else informational is skipped.
          continue;
        }
        case '-':
          events.push({ kind: 'error', message: Buffer.from(line.slice(1), 'latin1').toString('utf8') });
          continue;
        case '$': {
          if (line.startsWith('$EOF:')) {
            const marker = Buffer.from(line.slice(5), 'latin1');
            if (marker.length !== MARKER_LEN) throw new TransferProtocolError(`EOF marker of ${marker.length} bytes (expected 40)`);
            this.state = { kind: 'marker', marker, held: Buffer.alloc(0) };
            events.push({ kind: 'start', totalBytes: null });
          } else {
            if (!/^\$\d+$/.test(line)) throw new TransferProtocolError(`unexpected payload header "${line.slice(0, 60)}"`);
            const len = Number(line.slice(1));
            events.push({ kind: 'start', totalBytes: len });
            if (len === 0) {
              this.state = { kind: 'done' };
              events.push({ kind: 'end' });
              return Buffer.alloc(0);
            }
            this.state = { kind: 'sized', remaining: len };
          }
          return buf;
        }
        default:
          throw new TransferProtocolError(`unexpected line before the RDB payload: "${line.slice(0, 60)}"`);
      }
    }
  }
}
