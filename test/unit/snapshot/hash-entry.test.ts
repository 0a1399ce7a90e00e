/**
 * sha256OfFile reuses its read buffers (util/hash-entry.ts): what could make a recorded hash false is a
 * buffer shared by two files hashed at once, a short read taken for the end of a file that is longer,
 * or a descriptor left open by a cancel. Each is checked against Node's own hash of the whole file.
 * sha256OfFileInSlices (the prehasher's, synchronous reads) the same, and that it never holds the event
 * loop for longer than a slice nor blocks on a FIFO.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync, writeSync, appendFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256OfFile, sha256OfFileInSlices } from '../../../electron/engine/util/hash-entry.js';
import { LoopTurns } from '../../../electron/engine/util/loop-turns.js';
import { countLoopTurns } from '../../harness/loop-turns.js';

const dir = mkdtempSync(join(tmpdir(), 'kura-hash-entry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MiB = 1024 * 1024;
function fileOf(name: string, size: number, seed: number): { path: string; data: Buffer } {
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i++) data[i] = (i * 31 + seed * 7 + (i >> 10)) & 0xff;
  const path = join(dir, name);
  writeFileSync(path, data);
  return { path, data };
}
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
// Linux's count of this process's open files. Under Wine, /proc/self/fd is the Linux side of Wine's
// own process, whose descriptors Wine opens and closes on its own (326 against 327 once, 2026-12-07):
// there the count says nothing about the hashing code, which is the same on both.
const openFds = () => (process.platform === 'win32' ? 0 : readdirSync('/proc/self/fd').length);

describe('sha256OfFile', () => {
  it.each([0, 1, 4095, MiB - 1, MiB, MiB + 1, 3 * MiB + 17])('hashes a file of %i bytes whole, with and without the expected size', async (size) => {
    const f = fileOf(`f-${size}`, size, size % 251);
    expect(await sha256OfFile(f.path)).toEqual({ sha256: sha(f.data), bytes: size });
    expect(await sha256OfFile(f.path, undefined, size)).toEqual({ sha256: sha(f.data), bytes: size });
  });

  it('reads a file that is longer than the size it was expected to have to its end', async () => {
    const f = fileOf('grown', 100_000, 3);
    appendFileSync(f.path, Buffer.from('appended after lstat'));
    const whole = Buffer.concat([f.data, Buffer.from('appended after lstat')]);
    expect(await sha256OfFile(f.path, undefined, 100_000)).toEqual({ sha256: sha(whole), bytes: whole.length });
    expect(await sha256OfFile(f.path, undefined, 50_000)).toEqual({ sha256: sha(whole), bytes: whole.length });
    // Shorter than expected: the bytes it has, so the caller sees the difference.
    expect((await sha256OfFile(f.path, undefined, 200_000)).bytes).toBe(whole.length);
  });

  it('gives every file its own bytes when many are hashed at once (no shared buffer)', async () => {
    const files = Array.from({ length: 24 }, (_, i) => fileOf(`many-${i}`, (i % 3) * MiB + 1000 * i + 1, i));
    const got = await Promise.all(files.map((f) => sha256OfFile(f.path, undefined, f.data.length)));
    expect(got.map((g) => g.sha256)).toEqual(files.map((f) => sha(f.data)));
  });

  it('closes its file when cancelled or when the path is not a readable file', async () => {
    const f = fileOf('cancel', 5 * MiB, 9);
    const before = openFds();
    const ac = new AbortController();
    const p = sha256OfFile(f.path, ac.signal);
    ac.abort(new Error('cancelled by the test'));
    await expect(p).rejects.toThrow('cancelled by the test');
    const aborted = AbortSignal.abort(new Error('already cancelled'));
    await expect(sha256OfFile(f.path, aborted)).rejects.toThrow('already cancelled');
    mkdirSync(join(dir, 'a-folder'));
    await expect(sha256OfFile(join(dir, 'a-folder'))).rejects.toMatchObject({ code: 'EISDIR' });
    await expect(sha256OfFile(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(openFds()).toBe(before);
  });

  it.runIf(process.platform !== 'win32')('returns on a cancel while the disk never answers an open or a read (a NAS gone away), and the files after are hashed with their own bytes', async () => {
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const before = openFds();
    // A FIFO nobody writes to: opening it for reading blocks, as an open on a NAS that went away does…
    const neverOpens = join(dir, 'nas-open');
    execFileSync('mkfifo', [neverOpens]);
    // …and one with a writer that never writes: the open returns, the read blocks.
    const neverReads = join(dir, 'nas-read');
    execFileSync('mkfifo', [neverReads]);
    const writer = openSync(neverReads, constants.O_RDWR);
    for (const [path, what] of [[neverOpens, 'open'], [neverReads, 'read']] as const) {
      const ac = new AbortController();
      const hung = sha256OfFile(path, ac.signal, 100_000);
      await sleep(50);
      const t = performance.now();
      ac.abort(new Error(`cancelled during the ${what}`));
      await expect(hung).rejects.toThrow(`cancelled during the ${what}`);
      expect(performance.now() - t).toBeLessThan(200);
    }
    // The disk answers at last: the abandoned reads end and let go of their descriptors. The buffer the
    // abandoned read fills is never handed to another file.
    writeFileSync(neverOpens, Buffer.alloc(0));
    const files = Array.from({ length: 6 }, (_, i) => fileOf(`after-nas-${i}`, MiB + 4096 * i, 40 + i));
    const hashing = Promise.all(files.map((f) => sha256OfFile(f.path, undefined, f.data.length)));
    writeSync(writer, Buffer.from('late bytes'));
    expect((await hashing).map((g) => g.sha256)).toEqual(files.map((f) => sha(f.data)));
    closeSync(writer);
    for (let i = 0; i < 50 && openFds() !== before; i++) await sleep(20);
    expect(openFds()).toBe(before);
  });
});


describe('sha256OfFileInSlices', () => {
  const inSlices = (path: string, expected?: number, signal?: AbortSignal, slice = MiB) => sha256OfFileInSlices(path, new LoopTurns(slice), signal, expected);

  it.each([0, 1, 4095, 16 * 1024, 16 * 1024 + 1, MiB - 1, MiB, MiB + 1, 3 * MiB + 17])('hashes a file of %i bytes whole, with and without the expected size', async (size) => {
    const f = fileOf(`s-${size}`, size, size % 241);
    expect(await inSlices(f.path)).toEqual({ sha256: sha(f.data), bytes: size });
    expect(await inSlices(f.path, size)).toEqual({ sha256: sha(f.data), bytes: size });
  });

  it('reads a file that is longer than the size it was expected to have to its end', async () => {
    const f = fileOf('s-grown', 2 * MiB, 5);
    appendFileSync(f.path, Buffer.from('appended after lstat'));
    const whole = Buffer.concat([f.data, Buffer.from('appended after lstat')]);
    expect(await inSlices(f.path, 2 * MiB)).toEqual({ sha256: sha(whole), bytes: whole.length });
    expect(await inSlices(f.path, 10)).toEqual({ sha256: sha(whole), bytes: whole.length });
    expect((await inSlices(f.path, 3 * MiB)).bytes).toBe(whole.length);
  });

  it('gives every file its own bytes when files are read in turns (slices of one interleave with the others)', async () => {
    const files = Array.from({ length: 8 }, (_, i) => fileOf(`s-many-${i}`, 2 * MiB + 4099 * i + 1, 60 + i));
    // A slice of one read: each file yields after every 1 MiB read, so the eight take turns.
    const order: number[] = [];
    const got = await Promise.all(
      files.map(async (f, i) => {
        const turns = new LoopTurns(MiB);
        const spent = turns.spent.bind(turns);
        turns.spent = async (bytes, signal) => {
          order.push(i);
          return spent(bytes, signal);
        };
        return sha256OfFileInSlices(f.path, turns, undefined, f.data.length);
      }),
    );
    expect(got.map((g) => g.sha256)).toEqual(files.map((f) => sha(f.data)));
    // They did interleave: file 0 had not read all its slices when file 7 read its first.
    expect(order.lastIndexOf(0)).toBeGreaterThan(order.indexOf(7));
  });

  it('gives the event loop a turn after every slice of a large file, and a cancel stops it there with the file closed', async () => {
    const f = fileOf('s-large', 24 * MiB, 11);
    const loop = countLoopTurns();
    expect(await inSlices(f.path, f.data.length, undefined, 2 * MiB)).toEqual({ sha256: sha(f.data), bytes: f.data.length });
    const turns = loop.stop();
    // 24 MiB in slices of 2 MiB: about 12 turns while it read (none at all if it read the file in one go).
    expect(turns).toBeGreaterThanOrEqual(10);

    const before = openFds();
    const ac = new AbortController();
    setImmediate(() => ac.abort(new Error('cancelled between two slices')));
    await expect(inSlices(f.path, f.data.length, ac.signal, 2 * MiB)).rejects.toThrow('cancelled between two slices');
    await expect(inSlices(f.path, f.data.length, AbortSignal.abort(new Error('already cancelled')))).rejects.toThrow('already cancelled');
    expect(openFds()).toBe(before);
  });

  it('refuses what is not a regular file without blocking, and closes it', async () => {
    const before = openFds();
    mkdirSync(join(dir, 's-folder'));
    await expect(inSlices(join(dir, 's-folder'))).rejects.toMatchObject({ code: 'EISDIR' });
    await expect(inSlices(join(dir, 's-missing'), 100)).rejects.toMatchObject({ code: 'ENOENT' });
    if (process.platform !== 'win32') {
      // A FIFO nobody writes to put where rsync's file was: a plain open would block this thread for good.
      const fifo = join(dir, 's-fifo');
      execFileSync('mkfifo', [fifo]);
      await expect(inSlices(fifo, 100_000)).rejects.toMatchObject({ code: 'EINVAL' });
      await expect(inSlices(fifo, 10)).rejects.toMatchObject({ code: 'EINVAL' });
    }
    expect(openFds()).toBe(before);
  });
});
