/**
 * Builds tiny RDB files byte by byte for reader tests, including types and opcodes Redis 7.0 does
 * not write any more (or only with modules / cluster / hash field TTLs), so every branch of the
 * reader meets real bytes. Each `value` helper returns the exact serialized value so tests can
 * compare it with what the reader yields as `raw`.
 */
import { crc64Bytes, crc64Init, crc64Update } from '../../../../electron/engine/tools/redis/crc64.js';

export function len(n: number | bigint): Buffer {
  const v = BigInt(n);
  if (v < 64n) return Buffer.from([Number(v)]);
  if (v < 16384n) return Buffer.from([0x40 | Number(v >> 8n), Number(v & 0xffn)]);
  if (v <= 0xffffffffn) {
    const b = Buffer.alloc(5);
    b[0] = 0x80;
    b.writeUInt32BE(Number(v), 1);
    return b;
  }
  const b = Buffer.alloc(9);
  b[0] = 0x81;
  b.writeBigUInt64BE(v, 1);
  return b;
}

export function str(s: string | Buffer): Buffer {
  const data = typeof s === 'string' ? Buffer.from(s) : s;
  return Buffer.concat([len(data.length), data]);
}

export function int8(n: number): Buffer {
  const b = Buffer.alloc(2);
  b[0] = 0xc0;
  b.writeInt8(n, 1);
  return b;
}
export function int16(n: number): Buffer {
  const b = Buffer.alloc(3);
  b[0] = 0xc1;
  b.writeInt16LE(n, 1);
  return b;
}
export function int32(n: number): Buffer {
  const b = Buffer.alloc(5);
  b[0] = 0xc2;
  b.writeInt32LE(n, 1);
  return b;
}
/** A hand-made LZF string: one literal byte, then a back-reference repeating it (`ch` × n, n ≥ 4). */
export function lzfRun(ch: string, n: number): Buffer {
  const copy = n - 1; // bytes produced by the back-reference
  const body = copy - 2 >= 7 ? Buffer.from([0, ch.charCodeAt(0), 7 << 5, copy - 2 - 7, 0]) : Buffer.from([0, ch.charCodeAt(0), (copy - 2) << 5, 0]);
  return Buffer.concat([Buffer.from([0xc3]), len(body.length), len(n), body]);
}

export function u64le(n: number | bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64LE(BigInt(n));
  return b;
}

export function aux(k: string, v: string | Buffer): Buffer {
  return Buffer.concat([Buffer.from([250]), str(k), Buffer.isBuffer(v) ? v : str(v)]);
}

/** A key record: [prefix opcodes] type key value. A Buffer key is taken as already encoded (int8/16/32, LZF). */
export function key(type: number, k: string | Buffer, value: Buffer, prefix: Buffer[] = []): Buffer {
  return Buffer.concat([...prefix, Buffer.from([type]), Buffer.isBuffer(k) ? k : str(k), value]);
}

export function rdbFile(version: number, records: Buffer[], opts: { checksum?: 'ok' | 'zero' | 'none' } = {}): Buffer {
  const body = Buffer.concat([Buffer.from(`REDIS${String(version).padStart(4, '0')}`), ...records, Buffer.from([255])]);
  const mode = opts.checksum ?? (version >= 5 ? 'ok' : 'none');
  switch (mode) {
    case 'none':
      return body;
    case 'zero':
      return Buffer.concat([body, Buffer.alloc(8)]);
    case 'ok':
      return Buffer.concat([body, crc64Bytes(crc64Update(crc64Init(), body))]);
  }
}
