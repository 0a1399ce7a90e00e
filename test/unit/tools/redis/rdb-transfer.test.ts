import { describe, expect, it } from 'vitest';
import { RdbTransferDecoder, TransferProtocolError, type TransferEvent } from '../../../../electron/engine/tools/redis/rdb-transfer.js';

const RDB = Buffer.concat([Buffer.from('REDIS0010'), Buffer.alloc(200, 0x41), Buffer.from('\n\r\n$EOF:'), Buffer.alloc(50, 0xff)]);
const MARKER = 'a'.repeat(20) + 'b'.repeat(20);

function run(stream: Buffer, cuts: number[]): { payload: Buffer; events: TransferEvent[] } {
  const d = new RdbTransferDecoder();
  const events: TransferEvent[] = [];
  let prev = 0;
  for (const cut of [...cuts, stream.length]) {
    events.push(...d.push(stream.subarray(prev, cut)));
    prev = cut;
  }
  const payload = Buffer.concat(events.flatMap((e) => (e.kind === 'data' ? [e.chunk] : [])));
  return { payload, events };
}

describe('RdbTransferDecoder', () => {
  const sized = Buffer.concat([
    Buffer.from('+FULLRESYNC 0123abcd 77\r\n\n\n\n'),
    Buffer.from(`$${RDB.length}\r\n`),
    RDB,
    Buffer.from('*1\r\n$4\r\nPING\r\n'), // the live replication stream that follows
  ]);
  const diskless = Buffer.concat([Buffer.from('+FULLRESYNC 0123abcd 77\r\n\n'), Buffer.from(`$EOF:${MARKER}\r\n`), RDB, Buffer.from(MARKER), Buffer.from('*1\r\n$4\r\nPING\r\n')]);

  it('reads the $<length> form with keep-alives, whatever the chunking, and ignores what follows', () => {
    for (let cut = 1; cut < sized.length; cut++) {
      const { payload, events } = run(sized, [cut]);
      expect(payload.equals(RDB)).toBe(true);
      expect(events.filter((e) => e.kind === 'start')).toEqual([{ kind: 'start', totalBytes: RDB.length }]);
      expect(events.at(-1)).toEqual({ kind: 'end' });
      expect(events).toContainEqual({ kind: 'fullresync', replid: '0123abcd', offset: '77' });
      expect(events).toContainEqual({ kind: 'keepalive' });
    }
    const byteByByte = run(sized, Array.from({ length: sized.length - 1 }, (_, i) => i + 1));
    expect(byteByByte.payload.equals(RDB)).toBe(true);
  });

  it('reads the diskless $EOF:<marker> form and strips the marker, wherever the chunks split it', () => {
    for (let cut = 1; cut < diskless.length; cut++) {
      for (const second of [cut + 1, cut + 39, cut + 41]) {
        const cuts = second < diskless.length ? [cut, second] : [cut];
        const { payload, events } = run(diskless, cuts);
        expect(payload.equals(RDB), `cuts ${cuts}`).toBe(true);
        expect(events.filter((e) => e.kind === 'start')).toEqual([{ kind: 'start', totalBytes: null }]);
        expect(events.at(-1)).toEqual({ kind: 'end' });
      }
    }
  });

  it('reports error lines (so SYNC can be retried after a refused PSYNC) and rejects garbage', () => {
    const d = new RdbTransferDecoder();
    expect(d.push(Buffer.from('-NOPERM this user has no permissions to run the \'psync\' command\r\n'))).toEqual([
      { kind: 'error', message: "NOPERM this user has no permissions to run the 'psync' command" },
    ]);
    expect(d.push(Buffer.from('\n$3\r\nabc'))).toEqual([{ kind: 'keepalive' }, { kind: 'start', totalBytes: 3 }, { kind: 'data', chunk: Buffer.from('abc') }, { kind: 'end' }]);
    expect(() => new RdbTransferDecoder().push(Buffer.from('HTTP/1.0 400\r\n'))).toThrow(TransferProtocolError);
    expect(() => new RdbTransferDecoder().push(Buffer.from('$EOF:short\r\n'))).toThrow(/40/);
  });
});
