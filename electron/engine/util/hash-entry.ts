/**
 * The sha256 of one tree entry as a files item's list records it: a regular file's content, or a
 * symlink's target text (the link itself, never what it points to — a snapshot's link to /etc/passwd
 * must not make Kura read /etc/passwd).
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readlinkSync, readSync } from 'node:fs';
import { hashWorkerPool, type FileHash } from './hash-worker-pool.js';

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
const inlineBuf = Buffer.allocUnsafeSlow(INLINE_BYTES + 1);
/** O_NONBLOCK: a FIFO put where the file was must not block the main thread in open (Windows has none). */
const INLINE_OPEN = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * A regular file's sha256 and length: computed by a hashing worker (hash-worker-pool.ts: synchronous
 * reads into one reused 1 MiB buffer, off the main thread), or here for a small file. `expectedBytes`
 * (the size lstat gave) only saves the last, empty read (a quarter of the calls on a tree of small
 * files): a read that comes back short at exactly that length is the end; otherwise the file is read
 * until a read returns nothing. A file that cannot be read rejects with fs's own error (its code,
 * errno, syscall and path); a cancel rejects with the signal's reason.
 */
export async function sha256OfFile(abs: Buffer | string, signal?: AbortSignal, expectedBytes?: number): Promise<FileHash> {
  signal?.throwIfAborted();
  const small = expectedBytes !== undefined && expectedBytes <= INLINE_BYTES ? hashSmall(abs, expectedBytes) : null;
  return small ?? hashWorkerPool().hash(abs, signal, expectedBytes);
}

/** The hash of a small regular file, or null when it is not one (any more): the worker then reads it whole. */
function hashSmall(abs: Buffer | string, expectedBytes: number): FileHash | null {
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
