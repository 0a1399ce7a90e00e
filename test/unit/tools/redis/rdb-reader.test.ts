/**
 * The RDB reader on hand-built files: every opcode and value type (including the ones Redis 7.0
 * itself no longer writes), exact raw bytes, tiny read windows, and precise errors.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KuraError } from '../../../../electron/engine/errors.js';
import { RDB_OPCODE, RDB_TYPE } from '../../../../electron/engine/tools/redis/rdb-format.js';
import { isRdbInvalid, RdbReader, type RdbEntry } from '../../../../electron/engine/tools/redis/rdb-reader.js';
import { validateRdbFile } from '../../../../electron/engine/tools/redis/validate-rdb.js';
import { tempDir } from '../../../harness/tmp.js';
import { aux, int16, int32, int8, key, len, lzfRun, rdbFile, str, u64le } from './rdb-builder.js';

const op = (code: number, ...rest: Buffer[]) => Buffer.concat([Buffer.from([code]), ...rest]);
const raw16 = (seed: number) => Buffer.alloc(16, seed);

/** A module type id for name "kuratest1", encoding version 3 (9 × 6 bits + 10 bits). */
function moduleId(name: string, encver: number): bigint {
  const cs = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let id = 0n;
  for (const ch of name) id = (id << 6n) | BigInt(cs.indexOf(ch));
  return (id << 10n) | BigInt(encver);
}

/** [type, key, value bytes] for every value type. */
const VALUES: [number, string, Buffer][] = [
  [RDB_TYPE.STRING, 'plain', str('hello')],
  [RDB_TYPE.STRING, 'i8', int8(-7)],
  [RDB_TYPE.STRING, 'i16', int16(-30000)],
  [RDB_TYPE.STRING, 'i32', int32(2_000_000_000)],
  [RDB_TYPE.STRING, 'lzf', lzfRun('a', 40)],
  [RDB_TYPE.STRING, 'long', str(Buffer.alloc(20_000, 0x5a))], // 14-bit length
  [RDB_TYPE.STRING, 'huge-len', Buffer.concat([len(70_000), Buffer.alloc(70_000, 1)])], // 32-bit length
  [RDB_TYPE.LIST, 'list', Buffer.concat([len(3), str('a'), int8(5), str('c')])],
  [RDB_TYPE.SET, 'set', Buffer.concat([len(2), str('x'), str('y')])],
  [RDB_TYPE.ZSET, 'zset-old', Buffer.concat([len(4), str('a'), Buffer.from([3]), Buffer.from('1.5'), str('b'), Buffer.from([253]), str('c'), Buffer.from([254]), str('d'), Buffer.from([255])])],
  [RDB_TYPE.ZSET_2, 'zset2', Buffer.concat([len(1), str('m'), Buffer.from(new Float64Array([2.25]).buffer)])],
  [RDB_TYPE.HASH, 'hash', Buffer.concat([len(2), str('f'), str('v'), str('g'), int16(300)])],
  [RDB_TYPE.HASH_ZIPMAP, 'zipmap', str(Buffer.from([2, 1, 0x61, 1, 0, 0x62, 0xff]))],
  [RDB_TYPE.LIST_ZIPLIST, 'ziplist', str(Buffer.alloc(13, 3))],
  [RDB_TYPE.SET_INTSET, 'intset', str(Buffer.from([2, 0, 0, 0, 1, 0, 0, 0, 7, 0]))],
  [RDB_TYPE.ZSET_ZIPLIST, 'zset-zl', str(Buffer.alloc(11, 4))],
  [RDB_TYPE.HASH_ZIPLIST, 'hash-zl', str(Buffer.alloc(11, 5))],
  [RDB_TYPE.LIST_QUICKLIST, 'ql1', Buffer.concat([len(2), str(Buffer.alloc(11, 6)), lzfRun('q', 30)])],
  [RDB_TYPE.HASH_LISTPACK, 'hash-lp', str(Buffer.alloc(7, 7))],
  [RDB_TYPE.ZSET_LISTPACK, 'zset-lp', str(Buffer.alloc(7, 8))],
  [RDB_TYPE.LIST_QUICKLIST_2, 'ql2', Buffer.concat([len(2), len(2), str(Buffer.alloc(7, 9)), len(1), str('a plain node')])],
  [RDB_TYPE.SET_LISTPACK, 'set-lp', str(Buffer.alloc(7, 10))],
  [RDB_TYPE.HASH_METADATA_PRE_GA, 'hash-ttl-rc', Buffer.concat([len(1), len(1_700_000_000_000), str('f'), str('v')])],
  [RDB_TYPE.HASH_LISTPACK_EX_PRE_GA, 'hash-lpex-rc', str(Buffer.alloc(9, 11))],
  [RDB_TYPE.HASH_METADATA, 'hash-ttl', Buffer.concat([u64le(1_700_000_000_000), len(2), len(0), str('f'), str('v'), len(5), str('g'), str('w')])],
  [RDB_TYPE.HASH_LISTPACK_EX, 'hash-lpex', Buffer.concat([u64le(1_700_000_000_000), str(Buffer.alloc(9, 12))])],
  [RDB_TYPE.STREAM_LISTPACKS, 'stream-v1', stream(1)],
  [RDB_TYPE.STREAM_LISTPACKS_2, 'stream-v2', stream(2)],
  [RDB_TYPE.STREAM_LISTPACKS_3, 'stream-v3', stream(3)],
  [
    RDB_TYPE.MODULE_2,
    'module',
    Buffer.concat([len(moduleId('kuratest1', 3)), len(2), len(42), len(1), len(2n ** 64n - 1n), len(3), Buffer.alloc(4), len(4), Buffer.alloc(8), len(5), str('blob'), len(0)]),
  ],
];

function stream(version: 1 | 2 | 3): Buffer {
  const parts = [len(1), str(raw16(1)), str(Buffer.alloc(20, 0xee)), len(3), len(1_700_000_000_000), len(3)];
  if (version >= 2) parts.push(len(1_700_000_000_000), len(1), len(0), len(0), len(3));
  parts.push(len(1), str('group'), len(1_700_000_000_000), len(2));
  if (version >= 2) parts.push(len(2n ** 64n - 1n)); // entries_read unknown (-1)
  parts.push(len(1), raw16(2), u64le(1_700_000_000_123), len(1)); // PEL
  parts.push(len(1), str('consumer'), u64le(1_700_000_000_456));
  if (version >= 3) parts.push(u64le(1_700_000_000_789));
  parts.push(len(1), raw16(2));
  return Buffer.concat(parts);
}

function sampleFile(): Buffer {
  const records: Buffer[] = [
    aux('redis-ver', '7.4.1'),
    aux('redis-bits', int8(64)),
    op(RDB_OPCODE.MODULE_AUX, len(moduleId('kuraaux99', 1)), len(2), len(2), len(5), str('global'), len(0)),
    op(RDB_OPCODE.FUNCTION2, str('#!lua name=x\n')),
    op(RDB_OPCODE.SELECTDB, len(0)),
    op(RDB_OPCODE.RESIZEDB, len(VALUES.length), len(1)),
    op(RDB_OPCODE.SLOT_INFO, len(1234), len(5), len(1)),
  ];
  VALUES.forEach(([type, k, value], i) => {
    const prefix: Buffer[] = [];
    if (i === 0) prefix.push(op(RDB_OPCODE.EXPIRETIME_MS, u64le(1_900_000_000_000)), op(RDB_OPCODE.IDLE, len(77)));
    if (i === 1) prefix.push(op(RDB_OPCODE.EXPIRETIME, Buffer.from([0x00, 0x94, 0x35, 0x77])), op(RDB_OPCODE.FREQ, Buffer.from([9])));
    records.push(key(type, k, value, prefix));
  });
  records.push(op(RDB_OPCODE.SELECTDB, len(15)));
  records.push(key(RDB_TYPE.STRING, lzfRun('k', 25), str('lzf key'))); // LZF-compressed key name
  records.push(key(RDB_TYPE.STRING, int16(1234), str('int key')));
  records.push(key(RDB_TYPE.STRING, '鍵🔑', str('utf-8 key')));
  return rdbFile(12, records);
}

async function readAll(path: string, windowBytes?: number): Promise<{ reader: RdbReader; entries: RdbEntry[] }> {
  const reader = await RdbReader.open(path, { windowBytes });
  const entries: RdbEntry[] = [];
  try {
    for await (const e of reader) entries.push(e);
  } finally {
    await reader.close();
  }
  return { reader, entries };
}

describe('RdbReader on hand-built files', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let sample: Buffer;
  let samplePath: string;
  const write = async (name: string, data: Buffer) => {
    const p = join(dir.path, name);
    await writeFile(p, data);
    return p;
  };

  beforeAll(async () => {
    dir = await tempDir('kura-rdb-unit-');
    sample = sampleFile();
    samplePath = await write('sample.rdb', sample);
  });
  afterAll(() => dir.cleanup());

  it.each([undefined, 16, 100, 4099])('walks every opcode and value type with exact raw bytes (window %s)', async (windowBytes) => {
    const { reader, entries } = await readAll(samplePath, windowBytes);
    expect(reader.rdbVersion).toBe(12);
    expect(reader.aux.get('redis-ver')).toBe('7.4.1');
    expect(reader.aux.get('redis-bits')).toBe('64');
    expect(reader.functions.map((f) => f.toString('latin1'))).toEqual([str('#!lua name=x\n').toString('latin1')]);
    expect([...reader.modules].sort()).toEqual(['kuraaux99', 'kuratest1']);
    expect(entries).toHaveLength(VALUES.length + 3);
    VALUES.forEach(([type, k, value], i) => {
      const e = entries[i]!;
      expect({ db: e.db, key: e.key.toString(), type: e.type }).toEqual({ db: 0, key: k, type });
      expect(e.raw.equals(value), `raw of ${k}`).toBe(true);
    });
    expect(entries[0]).toMatchObject({ expireAtMs: 1_900_000_000_000, idleSeconds: 77, lfuFreq: null });
    expect(entries[1]).toMatchObject({ expireAtMs: 0x77359400 * 1000, idleSeconds: null, lfuFreq: 9 });
    expect(entries[2]).toMatchObject({ expireAtMs: null, idleSeconds: null, lfuFreq: null });
    expect(entries.find((e) => e.key.toString() === 'module')!.moduleType).toBe('kuratest1');
    const tail = entries.slice(-3);
    expect(tail.map((e) => [e.db, e.key.toString()])).toEqual([
      [15, 'k'.repeat(25)],
      [15, '1234'],
      [15, '鍵🔑'],
    ]);
  });

  it('validateRdbFile reports version, checksum, keys per db, redis version and modules', async () => {
    expect(await validateRdbFile(samplePath)).toEqual({
      rdbVersion: 12,
      checksum: 'ok',
      keysPerDb: { '0': VALUES.length, '15': 3 },
      redisVersion: '7.4.1',
      modules: ['kuraaux99', 'kuratest1'],
      functions: 1,
    });
  });

  it.each([undefined, 16, 100, 4099])('countKeys walks the same records as next() without building entries (window %s)', async (windowBytes) => {
    const { entries } = await readAll(samplePath, windowBytes);
    const expected = new Map<number, number>();
    for (const e of entries) expected.set(e.db, (expected.get(e.db) ?? 0) + 1);
    const reader = await RdbReader.open(samplePath, { windowBytes, captureRaw: false });
    try {
      expect(await reader.countKeys()).toEqual(expected);
      expect(reader.trailer).toMatchObject({ trailingBytes: 0 });
      expect(reader.trailer!.computedChecksum.equals(reader.trailer!.storedChecksum!)).toBe(true);
      expect([...reader.modules].sort()).toEqual(['kuraaux99', 'kuratest1']);
      expect(await reader.next()).toBeNull();
    } finally {
      await reader.close();
    }
  });

  it('names a compressed or integer key in an error although counting never decodes keys', async () => {
    const lzfKey = Buffer.concat([Buffer.from([99]), lzfRun('q', 40), str('x')]);
    const p = await write('lzf-key.rdb', rdbFile(12, [key(0, 'ok', str('v')), lzfKey]));
    await expect(validateRdbFile(p)).rejects.toThrow(new RegExp(`key "${'q'.repeat(40)}" at byte \\d+ has an unknown value type 99`));
    const intKey = await write('int-key.rdb', rdbFile(12, [Buffer.concat([Buffer.from([99]), int16(-300), str('x')])]));
    await expect(validateRdbFile(intKey)).rejects.toThrow(/key "-300" at byte 9 has an unknown value type 99/);
  });

  it('accepts a zero checksum as "absent" and old versions without a checksum', async () => {
    const zero = await write('zero.rdb', rdbFile(9, [key(0, 'k', str('v'))], { checksum: 'zero' }));
    expect(await validateRdbFile(zero)).toMatchObject({ rdbVersion: 9, checksum: 'absent', keysPerDb: { '0': 1 } });
    const v4 = await write('v4.rdb', rdbFile(4, [op(RDB_OPCODE.SELECTDB, len(2)), key(0, 'k', str('v'))]));
    expect(await validateRdbFile(v4)).toMatchObject({ rdbVersion: 4, checksum: 'absent', keysPerDb: { '2': 1 } });
    const empty = await write('empty.rdb', rdbFile(10, []));
    expect(await validateRdbFile(empty)).toMatchObject({ checksum: 'ok', keysPerDb: {} });
  });

  it('every truncation of the file is reported as rdb-invalid (never a hang or a crash)', async () => {
    for (let n = 0; n < sample.length; n += n < 200 ? 1 : 997) {
      const p = await write('cut.rdb', sample.subarray(0, n));
      const err = await validateRdbFile(p).catch((e: unknown) => e);
      expect(err, `cut at ${n}`).toBeInstanceOf(KuraError);
      expect(err).toMatchObject({ code: expect.stringMatching(/^rdb-invalid/), category: 'data' });
      expect(isRdbInvalid(err), `cut at ${n}`).toBe(true);
    }
    const p = await write('cut.rdb', sample.subarray(0, 5000));
    await expect(validateRdbFile(p)).rejects.toMatchObject({ code: 'rdb-invalid-truncated', params: { size: 5000 }, message: expect.stringMatching(/cut short: the file ends at byte 5000/) });
    await expect(validateRdbFile(await write('empty.rdb', Buffer.alloc(0)))).rejects.toMatchObject({ code: 'rdb-invalid-empty' });
  });

  it('says what is wrong: magic, checksum, unknown type, trailing bytes, old module format', async () => {
    const notRdb = await write('not.rdb', Buffer.from('PK\x03\x04 this is a zip file'));
    await expect(validateRdbFile(notRdb)).rejects.toMatchObject({ code: 'rdb-invalid-not-rdb', message: expect.stringMatching(/not a Redis snapshot/), detail: expect.stringMatching(/does not start with "REDIS"/) });

    const flipped = Buffer.from(sample);
    flipped[flipped.indexOf('hello')] = 0x48; // 'h' → 'H'
    await expect(validateRdbFile(await write('flip.rdb', flipped))).rejects.toMatchObject({ code: 'rdb-invalid-checksum', message: expect.stringMatching(/checksum does not match its content/) });

    const unknown = await write('unknown.rdb', rdbFile(12, [key(99, 'future', str('x'))]));
    await expect(validateRdbFile(unknown)).rejects.toMatchObject({ code: 'rdb-invalid-unknown-type', message: expect.stringMatching(/key "future" at byte 9 has an unknown value type 99/) });

    const trailing = await write('trailing.rdb', Buffer.concat([rdbFile(10, [key(0, 'k', str('v'))]), Buffer.from('junk')]));
    await expect(validateRdbFile(trailing)).rejects.toMatchObject({ code: 'rdb-invalid-trailing', message: expect.stringMatching(/4 B of unexpected data/) });

    const preGa = await write('pre-ga.rdb', rdbFile(8, [key(RDB_TYPE.MODULE_PRE_GA, 'm', len(1))]));
    await expect(validateRdbFile(preGa)).rejects.toMatchObject({ code: 'rdb-invalid-prerelease', detail: expect.stringMatching(/Redis 4.0 release-candidate format/) });

    const badQl = await write('bad-ql.rdb', rdbFile(10, [key(RDB_TYPE.LIST_QUICKLIST_2, 'l', Buffer.concat([len(1), len(9), str('x')]))]));
    await expect(validateRdbFile(badQl)).rejects.toMatchObject({ code: 'rdb-invalid', message: expect.stringMatching(/damaged/), detail: expect.stringMatching(/unknown node container 9/) });
  });

  it('honours an AbortSignal', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(validateRdbFile(samplePath, ac.signal)).rejects.toMatchObject({ code: 'cancelled' });
  });
});
