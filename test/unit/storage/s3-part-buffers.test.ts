/**
 * The multipart upload cuts the encrypted stream into parts held in a few reused buffers. A mistake
 * here would store ciphertext that no longer decrypts (the plaintext hash is taken before the cut), so
 * the cut is checked byte for byte over awkward chunk sizes, and the reuse for what it promises: never
 * more buffers than asked, a taker waits until one is given back.
 */
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { fixedChunks, PartBuffers } from '../../../electron/engine/storage/s3/s3-objects.js';

function chunked(data: Buffer, sizes: number[]): Readable {
  const out: Buffer[] = [];
  for (let at = 0, i = 0; at < data.length; i++) {
    const n = Math.min(sizes[i % sizes.length]!, data.length - at);
    out.push(data.subarray(at, at + n));
    at += n;
  }
  return Readable.from(out);
}

describe('multipart parts from pooled buffers', () => {
  for (const [name, total, part, sizes] of [
    ['chunks smaller than a part', 10_000, 1024, [7, 300, 1]],
    ['chunks larger than a part', 10_000, 1024, [5000, 3333]],
    ['an exact multiple of the part size', 4096, 1024, [1024]],
    ['one byte', 1, 1024, [1]],
    ['chunks straddling each boundary', 9_999, 1000, [999, 2, 1000]],
  ] as const) {
    it(`gives back the stream byte for byte: ${name}`, async () => {
      const data = randomBytes(total);
      const pool = new PartBuffers(part, 2);
      const got: Buffer[] = [];
      for await (const p of fixedChunks(chunked(data, [...sizes]), pool)) {
        got.push(Buffer.from(p)); // a copy: the buffer is reused once given back
        expect(p.length === part || got.length === Math.ceil(total / part)).toBe(true);
        pool.give(p);
      }
      expect(got.length).toBe(Math.ceil(total / part));
      expect(Buffer.concat(got).equals(data)).toBe(true);
    });
  }

  it('an empty stream makes no part', async () => {
    const pool = new PartBuffers(16, 1);
    const got = [];
    for await (const p of fixedChunks(Readable.from([]), pool)) got.push(p);
    expect(got).toEqual([]);
  });

  it('never makes more buffers than asked; a taker waits for one to be given back', async () => {
    const pool = new PartBuffers(8, 2);
    const a = await pool.take();
    const b = await pool.take();
    expect(a.buffer).not.toBe(b.buffer);
    let third: Buffer | null = null;
    const waiting = pool.take().then((c) => (third = c));
    await new Promise((r) => setTimeout(r, 20));
    expect(third).toBeNull();
    pool.give(a.subarray(0, 3)); // a view of the last, shorter part gives back the whole buffer
    await waiting;
    expect(third!.buffer).toBe(a.buffer);
    expect(third!.length).toBe(8);
  });

  it('holds the stream back while every buffer is out (parts in flight bound the memory)', async () => {
    const pool = new PartBuffers(4, 2);
    const it = fixedChunks(Readable.from([randomBytes(40)]), pool)[Symbol.asyncIterator]();
    const first = await it.next();
    const second = await it.next();
    let third = false;
    const pending = it.next().then(() => (third = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(third).toBe(false);
    pool.give(first.value as Buffer);
    await pending;
    expect(third).toBe(true);
    pool.give(second.value as Buffer);
  });
});
