/**
 * The sha256 of one tree entry as a files item's list records it: a regular file's content, or a
 * symlink's target text (the link itself, never what it points to — a snapshot's link to /etc/passwd
 * must not make Kura read /etc/passwd).
 */
import { createHash } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import { hashWorkerPool, type FileHash } from './hash-worker-pool.js';

/**
 * A regular file's sha256 and length, computed by a hashing worker (hash-worker-pool.ts: synchronous
 * reads into one reused 1 MiB buffer, off the main thread). `expectedBytes` (the size lstat gave) only
 * saves the last, empty read (a quarter of the calls on a tree of small files): a read that comes back
 * short at exactly that length is the end; otherwise the file is read until a read returns nothing.
 * A file that cannot be read rejects with fs's own error (its code, errno, syscall and path); a cancel
 * rejects with the signal's reason.
 */
export function sha256OfFile(abs: Buffer | string, signal?: AbortSignal, expectedBytes?: number): Promise<FileHash> {
  return hashWorkerPool().hash(abs, signal, expectedBytes);
}

export function sha256OfLink(abs: Buffer | string): { sha256: string; bytes: number } {
  const target = readlinkSync(abs, { encoding: 'buffer' });
  return { sha256: createHash('sha256').update(target).digest('hex'), bytes: target.length };
}
