/**
 * Files are hashed in worker threads (util/hash-worker-pool.ts, hash-worker.cjs). What could make a
 * recorded hash false or a run hang: a name's bytes changed on the way to the worker (a non-UTF-8 name
 * hashing its neighbour), two requests answered with each other's results, an error that loses its
 * code (ENOENT is "vanished", not "broken"), a cancel that waits for a 4 GB read or a read stuck on a
 * dead NAS, a crashed worker whose callers wait forever, a descriptor left open, and an unref'd worker
 * letting `kura` exit before its answer (or an idle one keeping it alive). Each is checked against
 * Node's own hash of the file, the pool's own workers, /proc/self/fd and a real child process.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { open as openAsync } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { copyWorkers } from '../../../scripts/worker-files.mjs';
import { sha256OfFileOffThread as sha256OfFile } from '../../../electron/engine/util/hash-entry.js';
import { HashWorkerPool } from '../../../electron/engine/util/hash-worker-pool.js';
import { runProcess, startProcess } from '../../../electron/engine/process/run-process.js';
import { bundleChild } from '../../harness/child-bundle.js';
import { skipOnWindows } from '../../harness/platform.js';

const dir = mkdtempSync(join(tmpdir(), 'kura-hash-pool-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
function fileOf(name: string | Buffer, size: number, seed: number): { path: Buffer; data: Buffer } {
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i++) data[i] = (i * 31 + seed * 7 + (i >> 10)) & 0xff;
  const path = Buffer.concat([Buffer.from(dir + '/'), Buffer.from(name)]);
  writeFileSync(path, data);
  return { path, data };
}
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** Open descriptors (Linux). Under Wine not counted: Wine's own descriptors come and go with the workers' threads. */
const openFds = () => (process.platform === 'win32' ? 0 : readdirSync('/proc/self/fd').length);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A sparse file of `size` zero bytes (no disk used): reading it all takes seconds of hashing. */
function sparse(name: string, size: number): string {
  const path = join(dir, name);
  closeSync(openSync(path, 'w'));
  truncateSync(path, size);
  return path;
}
const zerosSha = (size: number) => {
  const h = createHash('sha256');
  const mib = Buffer.alloc(MiB);
  for (let left = size; left > 0; left -= MiB) h.update(left >= MiB ? mib : mib.subarray(0, left));
  return h.digest('hex');
};

const FIFO = 'a FIFO (what stands in for a read that never returns) is POSIX';
/** A FIFO nobody writes to: opening it for reading blocks, as a read on a NAS that went away does. */
async function fifo(name: string): Promise<string> {
  const path = join(dir, name);
  const r = await runProcess({ file: 'mkfifo', args: [path] });
  expect(r.exitCode, r.stderr).toBe(0);
  return path;
}
/** Lets a reader stuck opening `path` go (it opens, reads end of file, closes). */
async function release(path: string): Promise<void> {
  const h = await openAsync(path, 'w');
  await h.close();
}

function pool(options: ConstructorParameters<typeof HashWorkerPool>[0]): HashWorkerPool {
  const p = new HashWorkerPool(options);
  onTestFinished(() => p.destroy());
  return p;
}

describe('sha256OfFile in the hashing workers', () => {
  it.each([0, 1, 16_383, 16_384, 16_385, 65_535, 65_536, 65_537, MiB - 1, MiB, MiB + 1, 3 * MiB + 5])('hashes %i bytes whole, with and without the expected size', async (size) => {
    const f = fileOf(`edge-${size}`, size, size % 253);
    expect(await sha256OfFile(f.path)).toEqual({ sha256: sha(f.data), bytes: size });
    expect(await sha256OfFile(f.path, undefined, size)).toEqual({ sha256: sha(f.data), bytes: size });
    expect(await sha256OfFile(f.path.toString(), undefined, size)).toEqual({ sha256: sha(f.data), bytes: size });
  });

  it('hashes a small file that grew or shrank since its lstat whole (read here, or handed to a worker)', async () => {
    const grown = fileOf('grown-small', 20_000, 3);
    expect(await sha256OfFile(grown.path, undefined, 100)).toEqual({ sha256: sha(grown.data), bytes: 20_000 });
    const edge = fileOf('grown-to-edge', 16_385, 4);
    expect(await sha256OfFile(edge.path, undefined, 16_384)).toEqual({ sha256: sha(edge.data), bytes: 16_385 });
    const shrunk = fileOf('shrunk-small', 50, 5);
    expect(await sha256OfFile(shrunk.path, undefined, 100)).toEqual({ sha256: sha(shrunk.data), bytes: 50 });
  });

  it('never blocks the main thread on a FIFO put where a small file was (it goes to a worker, and a cancel returns)', async (ctx) => {
    skipOnWindows(ctx, FIFO);
    const stuck = await fifo('fifo-small');
    const ac = new AbortController();
    const hung = sha256OfFile(stuck, ac.signal, 10);
    await sleep(50);
    ac.abort(new Error('cancelled the FIFO'));
    await expect(hung).rejects.toThrow('cancelled the FIFO');
    await release(stuck);
  });

  it('reads the file a non-UTF-8 name names, not the one its lossy decoding names', async (ctx) => {
    skipOnWindows(ctx, 'a name that is not UTF-8 cannot exist on Windows (NTFS names are UTF-16)');
    const raw = Buffer.from([0x66, 0xff, 0xfe, 0x80, 0x2e, 0x62]);
    const f = fileOf(raw, 70_000, 1);
    // The same name decoded as UTF-8 (U+FFFD for each bad byte) is another file, with other bytes.
    const lossy = fileOf(raw.toString(), 70_000, 2);
    expect(lossy.path.equals(f.path)).toBe(false);
    expect(await sha256OfFile(f.path, undefined, 70_000)).toEqual({ sha256: sha(f.data), bytes: 70_000 });
    expect(await sha256OfFile(f.path)).toEqual({ sha256: sha(f.data), bytes: 70_000 });
    // Pooled Buffers: a name that is a small view into a larger allocation is sent as its own bytes only.
    const pooled = Buffer.from(f.path);
    expect(pooled.byteLength).toBeLessThan(pooled.buffer.byteLength);
    expect((await sha256OfFile(pooled, undefined, 70_000)).sha256).toBe(sha(f.data));
  });

  it("hashes a Japanese name with ' and [ ] given as a string or as bytes", async () => {
    const name = "見積書 '最終' [2025年].pdf";
    const f = fileOf(name, 2 * MiB + 3, 5);
    expect(await sha256OfFile(join(dir, name), undefined, f.data.length)).toEqual({ sha256: sha(f.data), bytes: f.data.length });
    expect(await sha256OfFile(f.path)).toEqual({ sha256: sha(f.data), bytes: f.data.length });
  });

  it('gives every file its own result when many more files than workers are hashed at once', async () => {
    const files = Array.from({ length: 40 }, (_, i) => fileOf(`many-${i}`, ((i * 7919) % 2600) * 1000 + (i % 5), i));
    const got = await Promise.all(files.map((f, i) => sha256OfFile(f.path, undefined, i % 2 ? f.data.length : undefined)));
    expect(got).toEqual(files.map((f) => ({ sha256: sha(f.data), bytes: f.data.length })));
  });

  it("rejects with fs's own error when the path is missing or a folder", async () => {
    const missing = join(dir, 'missing');
    await expect(sha256OfFile(missing)).rejects.toMatchObject({ code: 'ENOENT', syscall: 'open', path: missing, message: `ENOENT: no such file or directory, open '${missing}'` });
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    await expect(sha256OfFile(folder, undefined, 0)).rejects.toMatchObject({ code: 'EISDIR', syscall: 'read' });
    const err = await sha256OfFile(Buffer.from(missing)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ code: 'ENOENT', path: missing });
  });

  it('stops a cancelled 4 GB file within a read, closes it, and hashes the next file', async () => {
    const big = sparse('big-sparse', 4 * GiB);
    const small = fileOf('after-cancel', 300_000, 7);
    await sha256OfFile(small.path); // the workers are started (their own descriptors are not the file's)
    const before = openFds();
    const ac = new AbortController();
    const p = sha256OfFile(big, ac.signal, 4 * GiB);
    await sleep(50);
    const t0 = performance.now();
    ac.abort(new Error('cancelled by the test'));
    await expect(p).rejects.toThrow('cancelled by the test');
    expect(performance.now() - t0).toBeLessThan(300);
    // Rejected once the worker answered: the file is closed already.
    expect(openFds()).toBe(before);
    expect(await sha256OfFile(small.path, undefined, 300_000)).toEqual({ sha256: sha(small.data), bytes: 300_000 });
    const aborted = AbortSignal.abort(new Error('already cancelled'));
    await expect(sha256OfFile(small.path, aborted)).rejects.toThrow('already cancelled');
    expect(openFds()).toBe(before);
  });

  it('has the one worker of a pool free again within a read of a cancel (it does not finish the file)', async () => {
    const big = sparse('big-sparse-2', 4 * GiB);
    const small = fileOf('small-2', 1000, 8);
    const p1 = pool({ size: 1, perWorker: 1 });
    await p1.hash(small.path); // started: the cancel below finds it reading
    const ac = new AbortController();
    const started = p1.hash(big, ac.signal);
    await sleep(50);
    const t0 = performance.now();
    ac.abort(new Error('stop'));
    const next = p1.hash(small.path); // queued behind the cancelled file on the only worker
    await expect(started).rejects.toThrow('stop');
    expect(await next).toEqual({ sha256: sha(small.data), bytes: 1000 });
    // Hashing the whole 4 GiB takes seconds; the worker stopped after the read it was in.
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('hashes a sparse file of zeros read to its end', async () => {
    const z = sparse('zeros', 64 * MiB + 7);
    expect(await sha256OfFile(z, undefined, 64 * MiB + 7)).toEqual({ sha256: zerosSha(64 * MiB + 7), bytes: 64 * MiB + 7 });
  });

  it('returns a cancel at once when the worker is stuck opening the file, and gives the worker up', async (ctx) => {
    skipOnWindows(ctx, FIFO);
    const stuck = await fifo('stuck-open');
    const small = fileOf('small-3', 5000, 9);
    const p1 = pool({ size: 1, perWorker: 2, retireMs: 300 });
    await p1.hash(small.path); // started: the cancel below finds it stuck in open
    const ac = new AbortController();
    const hung = p1.hash(stuck, ac.signal);
    // Sent to the same worker behind the stuck file, with no signal of its own: it must not wait forever.
    const behind = p1.hash(small.path, undefined, 5000);
    await sleep(100);
    const t0 = performance.now();
    ac.abort(new Error('cancelled while stuck'));
    await expect(hung).rejects.toThrow('cancelled while stuck');
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(await behind).toEqual({ sha256: sha(small.data), bytes: 5000 });
    expect(p1.liveWorkers).toBe(1);
    expect(await p1.hash(small.path)).toEqual({ sha256: sha(small.data), bytes: 5000 });
    await release(stuck);
  });

  it('returns a cancel at once when a read of sha256OfFile hangs (the caller is never held by a dead NAS)', async (ctx) => {
    skipOnWindows(ctx, FIFO);
    const stuck = await fifo('stuck-open-2');
    const ac = new AbortController();
    const hung = sha256OfFile(stuck, ac.signal);
    await sleep(100);
    const t0 = performance.now();
    ac.abort(new Error('cancelled while stuck'));
    await expect(hung).rejects.toThrow('cancelled while stuck');
    expect(performance.now() - t0).toBeLessThan(1000);
    const small = fileOf('small-5', 10, 12);
    expect(await sha256OfFile(small.path)).toEqual({ sha256: sha(small.data), bytes: 10 });
    await release(stuck);
  });

  it('rejects what a worker that died held, and the next request gets a new worker', async () => {
    const big = sparse('big-sparse-3', 4 * GiB);
    const small = fileOf('small-4', 4096, 10);
    const p1 = pool({ size: 1, perWorker: 2 });
    await p1.hash(small.path); // started: killed below while reading
    const first = p1.hash(big);
    const second = p1.hash(small.path); // in flight on the same worker
    const third = p1.hash(small.path); // still queued in the pool
    await sleep(50);
    expect(p1.workersForTests()).toHaveLength(1);
    await p1.workersForTests()[0]!.terminate();
    await expect(first).rejects.toMatchObject({ code: 'hash-worker-stopped', params: { path: big } });
    await expect(second).rejects.toMatchObject({ code: 'hash-worker-stopped' });
    expect(await third).toEqual({ sha256: sha(small.data), bytes: 4096 });
    expect(await p1.hash(small.path)).toEqual({ sha256: sha(small.data), bytes: 4096 });
    expect(p1.liveWorkers).toBe(1);
  });

  it('stops a worker left idle (its memory back) and starts one again for the next file', async () => {
    const f = fileOf('idle-1', 100_000, 13);
    // Each worker's idle time starts when its own file is done: under Wine one finished well before the
    // other (the first was found stopped 100 ms after both were done with an idle time of 150 ms).
    const p1 = pool({ size: 2, idleMs: 500 });
    expect(p1.liveWorkers).toBe(0); // nothing started before the first file
    await Promise.all([p1.hash(f.path), p1.hash(f.path)]);
    expect(p1.liveWorkers).toBe(2);
    const gone = p1.workersForTests().map((w) => new Promise((r) => w.once('exit', r)));
    await sleep(100);
    expect(p1.liveWorkers).toBe(2);
    await Promise.all(gone);
    expect(p1.liveWorkers).toBe(0);
    expect(await p1.hash(f.path)).toEqual({ sha256: sha(f.data), bytes: 100_000 });
    expect(p1.liveWorkers).toBe(1);
  });

  it('keeps the main thread responsive while a large file is hashed (hashing 1 GiB here would stop it for most of a second)', { timeout: 30_000 }, async () => {
    const big = sparse('big-sparse-4', GiB);
    let worst = 0;
    let last = performance.now();
    const tick = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last);
      last = now;
    }, 5);
    try {
      expect((await sha256OfFile(big, undefined, GiB)).bytes).toBe(GiB);
    } finally {
      clearInterval(tick);
    }
    expect(worst).toBeLessThan(250);
  });

  it('lets a process end once its hashes are answered, and not before (a real child, bundled as kura is)', { timeout: 60_000 }, async () => {
    const f = fileOf('child-file', 3 * MiB + 5, 11);
    const bin = mkdtempSync(join(tmpdir(), 'kura-hash-child-'));
    onTestFinished(() => rmSync(bin, { recursive: true, force: true }));
    const contents = `
      import { sha256OfFile } from ${JSON.stringify(resolve(import.meta.dirname, '../../../electron/engine/util/hash-entry.ts'))};
      // Nothing else keeps this process alive while the worker hashes.
      sha256OfFile(Buffer.from(process.argv[2], 'hex')).then((h) => console.log(JSON.stringify(h)));
    `;
    const child = await bundleChild({ contents }, bin, 'hash-child');
    await copyWorkers(bin); // beside the bundle, as the build puts it beside out/cli's
    const t0 = performance.now();
    const run = startProcess({ file: process.execPath, args: [child, f.path.toString('hex')] }, { stdout: 'capture', signal: AbortSignal.timeout(30_000) });
    const r = await run.result;
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toEqual({ sha256: sha(f.data), bytes: f.data.length });
    // An idle pool does not hold the process: it ends as soon as the answer is printed.
    expect(performance.now() - t0).toBeLessThan(20_000);
  });
});
