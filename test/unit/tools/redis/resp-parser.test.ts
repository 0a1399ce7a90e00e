import { describe, expect, it } from 'vitest';
import { encodeCommand, RespParser, RespProtocolError, type RespValue } from '../../../../electron/engine/tools/redis/resp-parser.js';

const STREAM = Buffer.concat([
  Buffer.from('+OK\r\n-WRONGPASS invalid username-password pair\r\n:-42\r\n$-1\r\n*-1\r\n$0\r\n\r\n'),
  Buffer.from('$6\r\na\r\nb\0c\r\n'),
  Buffer.from('*3\r\n:1\r\n*2\r\n$3\r\nfoo\r\n+bar\r\n$4\r\n寿\r\n'.replace('$4', `$${Buffer.byteLength('寿')}`)),
]);

const EXPECTED: RespValue[] = [
  { kind: 'simple', value: 'OK' },
  { kind: 'error', message: 'WRONGPASS invalid username-password pair' },
  { kind: 'integer', value: -42 },
  { kind: 'null' },
  { kind: 'null' },
  { kind: 'bulk', value: Buffer.alloc(0) },
  { kind: 'bulk', value: Buffer.from('a\r\nb\0c') },
  {
    kind: 'array',
    items: [
      { kind: 'integer', value: 1 },
      { kind: 'array', items: [{ kind: 'bulk', value: Buffer.from('foo') }, { kind: 'simple', value: 'bar' }] },
      { kind: 'bulk', value: Buffer.from('寿') },
    ],
  },
];

function drain(p: RespParser): RespValue[] {
  const out: RespValue[] = [];
  for (let v = p.next(); v !== undefined; v = p.next()) out.push(v);
  return out;
}

describe('RespParser', () => {
  it('parses every reply type in one chunk', () => {
    const p = new RespParser();
    p.push(STREAM);
    expect(drain(p)).toEqual(EXPECTED);
    expect(p.bufferedLength).toBe(0);
  });

  it('gives the same replies however the stream is split (every cut point, and byte by byte)', () => {
    for (let cut = 1; cut < STREAM.length; cut++) {
      const p = new RespParser();
      p.push(STREAM.subarray(0, cut));
      const out = drain(p);
      p.push(STREAM.subarray(cut));
      out.push(...drain(p));
      expect(out).toEqual(EXPECTED);
    }
    const p = new RespParser();
    const out: RespValue[] = [];
    for (const byte of STREAM) {
      p.push(Buffer.from([byte]));
      out.push(...drain(p));
    }
    expect(out).toEqual(EXPECTED);
  });

  it('waits for a large bulk reply without giving partial data, and hands over leftovers', () => {
    const big = Buffer.alloc(300_000, 7);
    const p = new RespParser();
    p.push(Buffer.from(`$${big.length}\r\n`));
    for (let i = 0; i < big.length; i += 65536) {
      p.push(big.subarray(i, i + 65536));
      if (i + 65536 < big.length) expect(p.next()).toBeUndefined();
    }
    p.push(Buffer.from('\r\n+FULLRESYNC x 0\r\n\nREDIS'));
    const reply = p.next();
    expect(reply?.kind === 'bulk' && reply.value.equals(big)).toBe(true);
    expect(p.next()).toEqual({ kind: 'simple', value: 'FULLRESYNC x 0' });
    expect(p.takeRemaining().toString()).toBe('\nREDIS');
  });

  it('rejects bytes that are not RESP', () => {
    const p = new RespParser();
    p.push(Buffer.from('HTTP/1.1 400 Bad Request\r\n'));
    expect(() => p.next()).toThrow(RespProtocolError);
    const q = new RespParser();
    q.push(Buffer.from('$3\r\nabcXY'));
    expect(() => q.next()).toThrow(/CRLF/);
  });

  it('encodes commands as arrays of bulk strings, binary-safe', () => {
    expect(encodeCommand(['AUTH', 'user', 'p w'])).toEqual(Buffer.from('*3\r\n$4\r\nAUTH\r\n$4\r\nuser\r\n$3\r\np w\r\n'));
    expect(encodeCommand(['SET', Buffer.from([0, 255]), 12, '寿'])).toEqual(
      Buffer.concat([Buffer.from('*4\r\n$3\r\nSET\r\n$2\r\n'), Buffer.from([0, 255]), Buffer.from('\r\n$2\r\n12\r\n$3\r\n寿\r\n')]),
    );
  });
});
