/**
 * RdbFileSink: the bytes pushed in any split end up in the file unchanged, hashed, and validated
 * exactly as validateRdbFile validates the finished file — and every damage (truncation, a flipped
 * byte, an unknown record, trailing junk) fails `finish()` or an earlier `write()` with rdb-invalid.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KuraError } from '../../../../electron/engine/errors.js';
import { RDB_OPCODE, RDB_TYPE } from '../../../../electron/engine/tools/redis/rdb-format.js';
import { RdbFileSink } from '../../../../electron/engine/tools/redis/rdb-file-sink.js';
import { validateRdbFile } from '../../../../electron/engine/tools/redis/validate-rdb.js';
import { tempDir } from '../../../harness/tmp.js';
import { aux, int8, key, len, lzfRun, rdbFile, str, u64le } from './rdb-builder.js';

const op = (code: number, ...rest: Buffer[]) => Buffer.concat([Buffer.from([code]), ...rest]);

/** A few MiB so that batches, the window refill and the producer's back-pressure all happen. */
function sample(): Buffer {
  const records: Buffer[] = [aux('redis-ver', '7.0.15'), aux('redis-bits', int8(64)), op(RDB_OPCODE.SELECTDB, len(0))];
  for (let i = 0; i < 3000; i++) {
    const prefix = i % 7 === 0 ? [op(RDB_OPCODE.EXPIRETIME_MS, u64le(1_900_000_000_000 + i))] : [];
    records.push(key(RDB_TYPE.STRING, `key:${i}`, str(Buffer.alloc(100 + (i % 5000), i & 0xff)), prefix));
  }
  records.push(op(RDB_OPCODE.SELECTDB, len(3)));
  records.push(key(RDB_TYPE.STRING, 'lzf', lzfRun('z', 50)));
  records.push(key(RDB_TYPE.SET, 'set', Buffer.concat([len(2), str('a'), str('b')])));
  records.push(key(RDB_TYPE.STRING, 'big', str(Buffer.alloc(9 * 1024 * 1024, 0x42)))); // larger than the reader's window
  return rdbFile(10, records);
}

async function pushAll(path: string, data: Buffer, chunk: (i: number) => number): Promise<Awaited<ReturnType<RdbFileSink['finish']>>> {
  const sink = await RdbFileSink.create(path);
  try {
    let off = 0;
    for (let i = 0; off < data.length; i++) {
      const n = Math.min(chunk(i), data.length - off);
      // A copy per chunk, as a socket delivers fresh buffers.
      await sink.write(Buffer.from(data.subarray(off, off + n)));
      off += n;
    }
    return await sink.finish();
  } catch (err) {
    await sink.abort(err);
    throw err;
  }
}

describe('RdbFileSink', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let data: Buffer;
  beforeAll(async () => {
    dir = await tempDir('kura-rdb-sink-');
    data = sample();
  });
  afterAll(() => dir.cleanup());

  it.each([
    ['64 KiB chunks', () => 64 * 1024],
    ['odd chunk sizes', (i: number) => 1 + ((i * 7919) % 300_000)],
    ['one chunk', () => Number.MAX_SAFE_INTEGER],
  ])('writes, hashes and validates like validateRdbFile on the finished file (%s)', async (_name, chunk) => {
    const out = join(dir.path, 'out.rdb');
    const result = await pushAll(out, data, chunk);
    const written = await readFile(out);
    expect(written.equals(data)).toBe(true);
    expect(result.bytes).toBe(data.length);
    expect(result.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    expect(result.validation).toEqual(await validateRdbFile(out));
    expect(result.validation).toMatchObject({ checksum: 'ok', keysPerDb: { '0': 3000, '3': 3 }, redisVersion: '7.0.15' });
  });

  it('a truncated stream fails with rdb-invalid, wherever it is cut', async () => {
    const small = rdbFile(10, [aux('redis-ver', '7.0.15'), key(RDB_TYPE.STRING, 'k', str('value')), key(RDB_TYPE.SET, 's', Buffer.concat([len(1), str('m')]))]);
    for (let n = 0; n < small.length; n++) {
      const err = await pushAll(join(dir.path, 'cut.rdb'), small.subarray(0, n), () => 3).catch((e: unknown) => e);
      expect(err, `cut at ${n}`).toBeInstanceOf(KuraError);
      expect(err).toMatchObject({ code: expect.stringMatching(/^rdb-invalid/), category: 'data' });
    }
    const err = await pushAll(join(dir.path, 'cut.rdb'), data.subarray(0, 5_000_000), () => 65536).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'rdb-invalid-truncated', message: expect.stringMatching(/cut short: the file ends at byte 5000000/) });
  });

  it('a flipped byte is a bad checksum; trailing bytes are refused', async () => {
    const flipped = Buffer.from(data);
    flipped[2_000_000] = flipped[2_000_000]! ^ 0x01; // inside a value: the walk passes, the CRC does not
    await expect(pushAll(join(dir.path, 'flip.rdb'), flipped, () => 65536)).rejects.toMatchObject({
      code: 'rdb-invalid-checksum',
      message: expect.stringMatching(/checksum does not match its content/),
    });
    const trailing = Buffer.concat([data, Buffer.from('junk')]);
    await expect(pushAll(join(dir.path, 'trail.rdb'), trailing, () => 65536)).rejects.toMatchObject({ code: 'rdb-invalid-trailing', message: expect.stringMatching(/4 B of unexpected data/) });
  });

  it('an unparsable record stops the transfer early, at a write, not after all the data', async () => {
    const bad = Buffer.concat([rdbFile(10, [key(99, 'future', str('x'))]).subarray(0, -9), Buffer.alloc(200 * 1024 * 1024)]);
    const sink = await RdbFileSink.create(join(dir.path, 'bad.rdb'));
    let pushed = 0;
    const err = await (async () => {
      for (let off = 0; off < bad.length; off += 65536) {
        await sink.write(bad.subarray(off, off + 65536));
        pushed += 65536;
      }
      return sink.finish();
    })().catch((e: unknown) => e);
    await sink.abort(err);
    expect(err).toMatchObject({ code: 'rdb-invalid-unknown-type', message: expect.stringMatching(/key "future" at byte 9 has an unknown value type 99/) });
    expect(pushed).toBeLessThan(64 * 1024 * 1024);
  });

  it('abort while the walk waits for data ends it without a hang; a cancelled signal fails the walk', async () => {
    const sink = await RdbFileSink.create(join(dir.path, 'aborted.rdb'));
    await sink.write(Buffer.from(data.subarray(0, 1000)));
    await sink.abort(new Error('connection lost'));

    const ac = new AbortController();
    ac.abort();
    const cancelled = await RdbFileSink.create(join(dir.path, 'cancelled.rdb'), ac.signal);
    const err = await (async () => {
      await cancelled.write(Buffer.from(data.subarray(0, 1000)));
      return cancelled.finish();
    })().catch((e: unknown) => e);
    await cancelled.abort(err);
    expect(err).toMatchObject({ code: 'cancelled' });
  });
});
