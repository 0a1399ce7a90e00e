/**
 * The sha256 of one tree entry as a files item's list records it: a regular file's content, or a
 * symlink's target text (the link itself, never what it points to — a snapshot's link to /etc/passwd
 * must not make Kura read /etc/passwd).
 */
import { createHash } from 'node:crypto';
import { close, closeSync, constants, fstatSync, open, openSync, read, readlinkSync, readSync } from 'node:fs';
import { hashWorkerPool, type FileHash } from './hash-worker-pool.js';
import type { LoopTurns } from './loop-turns.js';

/**
 * Files up to this size (by the caller's lstat) are hashed right here, on the caller's thread, with
 * synchronous reads: a worker's round trip costs more than the file. Measured on 5,000 files of 2 KB:
 * 34 ms inline against 100–116 ms through the workers (and 39–53 ms of main-thread time just for the
 * messages); on 5,000 files of 0–200 KB (515 MB) the same 360 ms with 4 at once whether files up to
 * 8 KiB were inline or not, while inlining up to 64 KiB put 120–140 ms on the main thread against 90.
 * A worker's message costs the main thread ≈ 20 µs per file, what hashing ≈ 16 KB here costs.
 * A read this small cannot hang longer than the caller's own lstat of the same file already could.
 */
const INLINE_BYTES = 16 * 1024;

/**
 * Read buffers of the caller's-thread path, reused: a read stream allocated a fresh 1 MiB buffer for
 * every read of every file — 20,000 small files cost 11 s and 15 s of CPU to hash, against 3 s with one
 * buffer read into again. Each call holds its own buffer while it reads, so calls at once never share one
 * (a buffer whose read was abandoned by a cancel is never reused).
 */
const READ_BYTES = 1024 * 1024;
const spare: Buffer[] = [];

/**
 * One call of Node's thread pool (open or read) that a cancel does not wait for: a NAS that went away
 * answers an open or a read never, and a run's cancel must still return. The call is left running;
 * `late` is called if it ever ends after the cancel (with its result, null after an error), to close
 * the descriptor then.
 */
function unlessCancelled<T>(start: (done: (err: Error | null, value: T) => void) => void, signal: AbortSignal | undefined, late: (value: T | null) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const onAbort = () => {
      settled = true;
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    start((err, value) => {
      signal?.removeEventListener('abort', onAbort);
      if (settled) {
        late(err ? null : value);
        return;
      }
      settled = true;
      if (err) reject(err);
      else resolve(value);
    });
  });
}

const inlineBuf = Buffer.allocUnsafeSlow(INLINE_BYTES + 1);
/** O_NONBLOCK: a FIFO put where the file was must not block the main thread in open (Windows has none). */
const INLINE_OPEN = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * A regular file's sha256 and length, hashed on the caller's thread (a small file with synchronous
 * reads, a larger one through the thread pool into reused 1 MiB buffers). `expectedBytes` (the size lstat
 * gave) only saves the last, empty read (a quarter of the calls on a tree of small files): a read that
 * comes back short at exactly that length is the end; otherwise the file is read until a read returns
 * nothing. A file that cannot be read rejects with fs's own error; a cancel with the signal's reason.
 *
 * Why not the hashing workers here: this is what a backup run uses (the list, the off-site upload;
 * the prehasher, while rsync copies, reads synchronously instead: sha256OfFileInSlices), and there the
 * workers cost more than they gave. On the benchmark's first snapshot (20,000 files / 2 GB, alternated
 * runs, 2026-12-06) they made the run 6.6–8.6 s → 9.1–10.7 s: two workers hashing beside rsync take
 * both cores from it (the copy itself got 1.5 s slower), and a message each way per file added ≈ 1 s of
 * CPU. A check that only reads (verify, the restore checks) has the cores to itself and uses them:
 * sha256OfFileOffThread.
 */
export async function sha256OfFile(abs: Buffer | string, signal?: AbortSignal, expectedBytes?: number): Promise<FileHash> {
  signal?.throwIfAborted();
  const small = hashSmall(abs, expectedBytes);
  if (small) return small;
  const hash = createHash('sha256');
  let bytes = 0;
  const fd = await unlessCancelled<number>((done) => open(abs, 'r', done), signal, (late) => late !== null && close(late, () => {}));
  const buf = spare.pop() ?? Buffer.allocUnsafeSlow(READ_BYTES);
  let abandoned = false;
  try {
    for (;;) {
      let n: number;
      try {
        n = await unlessCancelled<number>((done) => read(fd, buf, 0, buf.length, null, done), signal, () => close(fd, () => {}));
      } catch (err) {
        // Cancelled with the read still running: it keeps the descriptor and the buffer until it returns.
        abandoned = signal?.aborted === true && err === signal.reason;
        throw err;
      }
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
      bytes += n;
      signal?.throwIfAborted();
      // A short read at exactly the expected length is the end (a file read to its end before).
      if (n < buf.length && bytes === expectedBytes) break;
    }
  } finally {
    if (!abandoned) {
      if (spare.length < 4) spare.push(buf);
      await new Promise<void>((resolve) => close(fd, () => resolve()));
    }
  }
  return { sha256: hash.digest('hex'), bytes };
}

/**
 * sha256OfFile read with synchronous open, read and close on the caller's thread, for a file that is
 * almost certainly in memory: the prehasher's, which rsync wrote a moment ago (snapshot/prehash.ts).
 * `turns` gives the event loop a turn after every slice read, so rsync's output, progress and a cancel
 * get through however large the file; a cancel is seen at the next turn.
 *
 * Why: on the benchmark's 20,000 files / 2 GB, in the page cache, hashing with sha256OfFile (4 at once)
 * took 2.6 s and 3.1 s of CPU (1.8 user, 1.3 system: an open, a read and a close each a round trip
 * through libuv's thread pool), the hashing workers 1.4 s and 2.8 s of CPU (a message each way per
 * file), this 1.8 s and 1.8 s of CPU. While rsync keeps both cores busy, CPU is what counts: Kura's
 * own CPU on a first snapshot went from 4.5–4.8 s to 3.3–3.6 s (files-ab.ts --first --anchor).
 *
 * What it risks: a read the disk never answers holds this thread. The caller has just made a
 * synchronous lstat of the same file (as the list's walk does of every file), which a destination that
 * stopped answering holds just the same, and the data is in memory unless the system needed it back.
 * O_NONBLOCK on the open: a FIFO put where the file was never blocks the open, and is refused.
 */
export async function sha256OfFileInSlices(abs: Buffer | string, turns: LoopTurns, signal?: AbortSignal, expectedBytes?: number): Promise<FileHash> {
  signal?.throwIfAborted();
  const small = hashSmall(abs, expectedBytes);
  if (small) {
    await turns.spent(small.bytes, signal);
    return small;
  }
  const fd = openSync(abs, INLINE_OPEN);
  // One buffer for every call: each read is hashed before anything else runs (another file may be read
  // between two slices of this one, never between a read and its hashing).
  const buf = (sliceBuf ??= Buffer.allocUnsafeSlow(READ_BYTES));
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw notAFile(abs, stat.isDirectory());
    const hash = createHash('sha256');
    let bytes = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
      bytes += n;
      await turns.spent(n, signal);
      // A short read at exactly the expected length is the end (as in sha256OfFile).
      if (n < buf.length && bytes === expectedBytes) break;
    }
    return { sha256: hash.digest('hex'), bytes };
  } finally {
    try {
      closeSync(fd);
    } catch {
      // A failed close of a file only read loses nothing.
    }
  }
}
let sliceBuf: Buffer | undefined;

/** The error a read of this path would have given: EISDIR for a folder, EINVAL for anything else that is not a file. */
function notAFile(abs: Buffer | string, directory: boolean): NodeJS.ErrnoException {
  const code = directory ? 'EISDIR' : 'EINVAL';
  return Object.assign(new Error(`${code}: not a regular file, read '${abs.toString()}'`), { code, syscall: 'read', path: abs.toString() });
}

/**
 * sha256OfFile computed by a hashing worker (hash-worker-pool.ts: synchronous reads into one reused
 * 1 MiB buffer, off the main thread; a small file here), for checks that hash many files at once
 * with nothing else running (verify, the restore checks): both cores hash.
 */
export async function sha256OfFileOffThread(abs: Buffer | string, signal?: AbortSignal, expectedBytes?: number): Promise<FileHash> {
  signal?.throwIfAborted();
  return hashSmall(abs, expectedBytes) ?? hashWorkerPool().hash(abs, signal, expectedBytes);
}

/**
 * The hash of a small regular file (lstat said at most INLINE_BYTES), or null when the caller reads it:
 * not said to be small, or not a small regular file (any more).
 */
function hashSmall(abs: Buffer | string, expectedBytes: number | undefined): FileHash | null {
  if (expectedBytes === undefined || expectedBytes > INLINE_BYTES) return null;
  const fd = openSync(abs, INLINE_OPEN);
  try {
    if (!fstatSync(fd).isFile()) return null;
    let bytes = 0;
    for (;;) {
      const want = inlineBuf.length - bytes;
      const n = readSync(fd, inlineBuf, bytes, want, null);
      if (n === 0) break;
      bytes += n;
      if (bytes === inlineBuf.length) return null; // it grew past INLINE_BYTES since lstat
      if (n < want && bytes === expectedBytes) break;
    }
    return { sha256: createHash('sha256').update(inlineBuf.subarray(0, bytes)).digest('hex'), bytes };
  } finally {
    try {
      closeSync(fd);
    } catch {
      // A failed close of a file only read loses nothing (as in the worker).
    }
  }
}

export function sha256OfLink(abs: Buffer | string): { sha256: string; bytes: number } {
  const target = readlinkSync(abs, { encoding: 'buffer' });
  return { sha256: createHash('sha256').update(target).digest('hex'), bytes: target.length };
}
