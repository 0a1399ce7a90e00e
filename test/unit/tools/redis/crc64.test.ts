import { describe, expect, it } from 'vitest';
import { crc64, crc64Bytes, crc64Init, crc64Update, crc64UpdatePortable, crc64Value } from '../../../../electron/engine/tools/redis/crc64.js';
import { createWasmCrc64 } from '../../../../electron/engine/tools/redis/crc64-wasm.js';

/** Bit-at-a-time reference (slow, obviously right) to check the table-driven version against. */
function reference(data: Uint8Array): bigint {
  const poly = 0x95ac9329ac4bc9b5n; // 0xad93d23594c935a9 reflected
  let crc = 0n;
  for (const b of data) {
    crc ^= BigInt(b);
    for (let i = 0; i < 8; i++) crc = crc & 1n ? (crc >> 1n) ^ poly : crc >> 1n;
  }
  return crc;
}

describe('crc64 (Jones, as Redis)', () => {
  it('matches the published test vector', () => {
    expect(crc64(Buffer.from('123456789'))).toBe(0xe9c6d914c4b8d9can);
    expect(crc64(Buffer.alloc(0))).toBe(0n);
  });

  it('matches a bitwise reference for every length 0..40 and any split into updates', () => {
    const data = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 151 + 7) & 0xff));
    for (let n = 0; n <= 40; n++) expect(crc64(data.subarray(0, n))).toBe(reference(data.subarray(0, n)));
    const whole = crc64(data);
    expect(whole).toBe(reference(data));
    for (const cut of [1, 3, 7, 8, 9, 150, 299]) {
      const s = crc64Init();
      crc64Update(s, data, 0, cut);
      crc64Update(s, data, cut);
      expect(crc64Value(s)).toBe(whole);
    }
  });

  it('takes the WebAssembly path for big ranges, with the same results as the JS path and the reference', () => {
    // The module is assembled here: it must instantiate on Node (null would silently mean JS only).
    expect(createWasmCrc64(new Uint32Array(2048), new Uint32Array(2048))).not.toBeNull();
    const data = Buffer.from(Array.from({ length: 3 * 1024 * 1024 + 13 }, (_, i) => (i * 2654435761) >>> 24));
    expect(crc64(Buffer.from('123456789'.repeat(1000)))).toBe(reference(Buffer.from('123456789'.repeat(1000))));
    const slice = data.subarray(5, 70_001);
    expect(crc64(slice)).toBe(reference(slice));
    const portable = (d: Uint8Array, start: number, end: number) => crc64Value(crc64UpdatePortable(crc64Init(), d, start, end));
    const fast = (d: Uint8Array, start: number, end: number) => crc64Value(crc64Update(crc64Init(), d, start, end));
    // Around the threshold, odd offsets and lengths, and across the 1 MiB window of the module.
    for (const [start, end] of [[0, 4095], [0, 4096], [1, 4105], [7, 1024 * 1024 + 9], [3, data.length], [1024 * 1024 - 1, 2 * 1024 * 1024 + 1]] as const) {
      expect(fast(data, start, end), `${start}..${end}`).toBe(portable(data, start, end));
    }
    // A running CRC carried across calls of both kinds.
    const s = crc64Init();
    crc64Update(s, data, 0, 10);
    crc64Update(s, data, 10, 500_000);
    crc64Update(s, data, 500_000, 500_003);
    crc64Update(s, data, 500_003);
    expect(crc64Value(s)).toBe(portable(data, 0, data.length));
  });

  it('writes the little-endian trailer Redis stores', () => {
    expect(crc64Bytes(crc64Update(crc64Init(), Buffer.from('123456789'))).toString('hex')).toBe('cad9b8c414d9c6e9');
  });

  it('is fast enough for a 1 GB RDB (logs MB/s)', () => {
    const buf = Buffer.alloc(32 * 1024 * 1024, 0xa5);
    const s = crc64Init();
    const t = performance.now();
    crc64Update(s, buf);
    const mbps = 32 / ((performance.now() - t) / 1000);
    console.log(`crc64: ${mbps.toFixed(0)} MB/s`);
    // A shared two-core CI box still does several hundred MB/s; 60 MB/s would mean ~17 s per GB.
    expect(mbps).toBeGreaterThan(60);
  });
});
