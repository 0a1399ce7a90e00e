/**
 * The parallel gzip Transform: its output is one standard .gz for gzip, gunzip and Node's zlib,
 * members come out in input order, memory is bounded by back-pressure, and no worker thread
 * outlives the stream (finish, error or cancel).
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParallelGzip, GzipWorkerPool } from '../../../electron/engine/compress/index.js';
import { runProcess } from '../../../electron/engine/process/run-process.js';
import { tempDir } from '../../harness/tmp.js';
import { skipOnWindows } from '../../harness/platform.js';

/** Text-like (compressible) and random (incompressible) stretches, so members differ in size. */
function sample(bytes: number): Buffer {
  const parts: Buffer[] = [];
  let n = 0;
  let i = 0;
  while (n < bytes) {
    const p =
      i++ % 3 === 0
        ? randomBytes(20_000)
        : Buffer.from(`INSERT INTO \`orders\` VALUES (${i},'注文 ${i} 🍣','${'x'.repeat(i % 50)}');\n`.repeat(400));
    parts.push(p);
    n += p.length;
  }
  return Buffer.concat(parts).subarray(0, bytes);
}

function collect(): { sink: Writable; data: () => Buffer } {
  const chunks: Buffer[] = [];
  return {
    sink: new Writable({
      write(chunk: Buffer, _e, cb) {
        chunks.push(chunk);
        cb();
      },
    }),
    data: () => Buffer.concat(chunks),
  };
}

function chunked(buf: Buffer, size: number): Readable {
  let off = 0;
  return new Readable({
    read() {
      if (off >= buf.length) this.push(null);
      else {
        this.push(buf.subarray(off, off + size));
        off += size;
      }
    },
  });
}

/** Threads of this process (Linux): worker threads show up here while alive. */
function threadCount(): number {
  return readdirSync('/proc/self/task').length;
}

describe('parallel gzip', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir('kura-pgzip-');
  });
  afterAll(async () => {
    await dir.cleanup();
  });

  it('writes a multi-member .gz that gzip -t, gunzip -c and zlib read back exactly, in order', async (ctx) => {
    skipOnWindows(ctx, 'needs gzip and gunzip (zlib alone is checked by the other tests)');
    const input = sample(5 * 1024 * 1024 + 12_345);
    const gz = createParallelGzip({ level: 6, workers: 2, blockBytes: 256 * 1024 });
    const out = collect();
    await pipeline(chunked(input, 65_536), gz, out.sink);
    const file = join(dir.path, 'a.sql.gz');
    const data = out.data();
    await writeFile(file, data);

    expect(gz.members).toBe(Math.ceil(input.length / (256 * 1024)));
    // Every member starts with the gzip magic: the second one begins where the first ended.
    expect(data.subarray(0, 3)).toEqual(Buffer.from([0x1f, 0x8b, 8]));
    expect(gunzipSync(data).equals(input)).toBe(true);
    expect((await runProcess({ file: 'gzip', args: ['-t', file] })).exitCode).toBe(0);
    const gunzip = await runProcess({ file: 'bash', args: ['-c', 'gunzip -c "$1" | sha256sum', 'x', file] });
    expect(gunzip.exitCode).toBe(0);
    expect(gunzip.stdout.split(' ')[0]).toBe(createHash('sha256').update(input).digest('hex'));
    expect(gz.liveWorkers).toBe(0);
  });

  it('honours the level: level 1 is larger than level 6 on text, both decode', async () => {
    const input = Buffer.from(sample(3 * 1024 * 1024).toString('latin1').replace(/[^\x20-\x7e\n]/g, 'a'), 'latin1');
    const sizes: number[] = [];
    for (const level of [1, 6]) {
      const out = collect();
      await pipeline(chunked(input, 100_000), createParallelGzip({ level, workers: 2 }), out.sink);
      expect(gunzipSync(out.data()).equals(input)).toBe(true);
      sizes.push(out.data().length);
    }
    expect(sizes[0]!).toBeGreaterThan(sizes[1]! * 1.05);
  });

  it('turns an empty input into a valid empty .gz, not a zero-byte file', async (ctx) => {
    skipOnWindows(ctx, 'needs gzip');
    const out = collect();
    await pipeline(Readable.from([]), createParallelGzip({ level: 6, workers: 1 }), out.sink);
    const file = join(dir.path, 'empty.gz');
    await writeFile(file, out.data());
    expect(out.data().length).toBeGreaterThan(0);
    expect(gunzipSync(out.data()).length).toBe(0);
    expect((await runProcess({ file: 'gzip', args: ['-t', file] })).exitCode).toBe(0);
  });

  it('stops taking input when the reader stalls: bytes accepted stay bounded', async () => {
    const block = 64 * 1024;
    const gz = createParallelGzip({ level: 1, workers: 2, blockBytes: block, maxInFlight: 3 });
    let produced = 0;
    const endless = new Readable({
      read() {
        produced += 16_384;
        this.push(randomBytes(16_384));
      },
    });
    endless.pipe(gz); // nobody reads gz
    await new Promise((r) => setTimeout(r, 800));
    // In flight + the block being filled + gz's readable buffer (1 MiB of incompressible members) + its writable buffer.
    const bound = 3 * block + block + 1024 * 1024 + block + 256 * 1024;
    expect(gz.bytesIn).toBeGreaterThanOrEqual(3 * block); // took input up to its in-flight limit (exactly that on a slow machine)
    expect(gz.bytesIn).toBeLessThan(bound);
    expect(produced).toBeLessThan(bound + 1024 * 1024);
    expect(gz.peakInFlight).toBeLessThanOrEqual(3);
    const before = gz.bytesIn;
    await new Promise((r) => setTimeout(r, 300));
    expect(gz.bytesIn).toBe(before);
    endless.unpipe(gz);
    endless.destroy();
    gz.destroy();
    await new Promise((r) => gz.once('close', r));
    expect(gz.liveWorkers).toBe(0);
  });

  it('leaves no worker thread behind after finish, error or cancel', async () => {
    // Warm-up: libuv and V8 create their own helper threads lazily; count from after one full run.
    await pipeline(chunked(sample(2 * 1024 * 1024), 65_536), createParallelGzip({ level: 1, workers: 3, blockBytes: 128 * 1024 }), collect().sink);
    await new Promise((r) => setTimeout(r, 200));
    const baseline = threadCount();

    // Finish.
    await pipeline(chunked(sample(2 * 1024 * 1024), 65_536), createParallelGzip({ level: 1, workers: 3, blockBytes: 128 * 1024 }), collect().sink);
    await new Promise((r) => setTimeout(r, 200));
    expect(threadCount()).toBeLessThanOrEqual(baseline);

    // Cancel in the middle of a large input.
    const ac = new AbortController();
    const gzCancel = createParallelGzip({ level: 6, workers: 3, blockBytes: 128 * 1024 });
    let sawThreads = 0;
    const slowSink = new Writable({
      write(_c, _e, cb) {
        sawThreads = Math.max(sawThreads, gzCancel.liveWorkers);
        if (gzCancel.members >= 4 && !ac.signal.aborted) ac.abort();
        setTimeout(cb, 5);
      },
    });
    await expect(pipeline(chunked(sample(8 * 1024 * 1024), 65_536), gzCancel, slowSink, { signal: ac.signal })).rejects.toThrow(/abort/i);
    expect(sawThreads).toBe(3);
    await new Promise((r) => setTimeout(r, 200));
    expect(gzCancel.liveWorkers).toBe(0);
    expect(threadCount()).toBeLessThanOrEqual(baseline);

    // Error downstream (a full disk, say).
    const gzError = createParallelGzip({ level: 6, workers: 3, blockBytes: 128 * 1024 });
    const failing = new Writable({
      write(_c, _e, cb) {
        cb(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
      },
    });
    await expect(pipeline(chunked(sample(4 * 1024 * 1024), 65_536), gzError, failing)).rejects.toThrow(/no space/);
    await new Promise((r) => setTimeout(r, 200));
    expect(gzError.liveWorkers).toBe(0);
    expect(threadCount()).toBeLessThanOrEqual(baseline);
  });

  it('pool: compresses concurrently, hands the input memory back, rejects work after destroy', async () => {
    const pool = new GzipWorkerPool(2);
    const inputs = [0, 1, 2, 3].map(() => {
      const b = Buffer.allocUnsafeSlow(300_000);
      sample(300_000).copy(b);
      return b;
    });
    const copies = inputs.map((b) => Buffer.from(b));
    const outs = await Promise.all(inputs.map((input) => pool.gzip({ input, level: 6, verify: true })));
    outs.forEach((o, i) => {
      expect(gunzipSync(o.output).equals(copies[i]!)).toBe(true);
      // The memory that was transferred to the worker is back, whole, with the block still in it.
      expect(o.input.length).toBe(300_000);
      expect(o.input.equals(copies[i]!)).toBe(true);
      expect(inputs[i]!.length).toBe(0);
    });
    await pool.destroy();
    expect(pool.liveWorkers).toBe(0);
    await expect(pool.gzip({ input: Buffer.allocUnsafeSlow(10), level: 6, verify: false })).rejects.toThrow(/stopped/);
  });

  it('rejects invalid levels', () => {
    expect(() => createParallelGzip({ level: 10 })).toThrow(/0–9/);
  });
});
