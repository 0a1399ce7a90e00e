/**
 * Walks a folder tree in one fixed order — each folder's entries sorted by the bytes of their names,
 * a folder's contents right after the folder itself — without following symlinks, yielding every
 * folder, regular file and symlink with its lstat.
 *
 * Why a fixed order: a files item's per-file hash list is written in this order, so checking a tree
 * against its list, or carrying hashes over from the previous snapshot's list, is a merge of two
 * sorted streams — memory stays flat however many files a shop has, and nothing is read whole.
 * Why bytes: file names are bytes (not always valid UTF-8), and sorting by bytes is the same on every
 * machine and in every locale. `comparePaths` is the matching comparison for "/"-joined relative paths.
 *
 * Why synchronous lstat in slices (as treeStats): an async lstat is a round trip to libuv's thread
 * pool; for 20,000 files that cost 0.16–0.3 s against ~0.05 s for lstatSync on cached inodes. The
 * walk yields to the event loop every STAT_SLICE calls, so progress, timers and cancellation get through.
 */
import { lstatSync, type Dirent, type Stats } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { setImmediate as yieldToLoop } from 'node:timers/promises';

export type WalkKind = 'dir' | 'file' | 'link' | 'other';

export interface WalkEntry {
  /** Path below the root, "/"-separated, as bytes; never empty (the root itself is not yielded). */
  rel: Buffer;
  /** Absolute path as bytes (Node's fs accepts Buffer paths: names that are not UTF-8 stay exact). */
  abs: Buffer;
  kind: WalkKind;
  stat: Stats;
}

const SLASH = 0x2f;
const STAT_SLICE = 512;

/** Joins path bytes with "/" (accepted on Windows too). One allocation: the walk joins two per entry. */
export function joinBytes(a: Buffer, b: Buffer): Buffer {
  if (a.length === 0) return b;
  const out = Buffer.allocUnsafe(a.length + 1 + b.length);
  a.copy(out, 0);
  out[a.length] = SLASH;
  b.copy(out, a.length + 1);
  return out;
}

/**
 * Orders "/"-joined relative paths the way the walk yields them: component by component, bytewise.
 * (Plain byte order differs: "a-c" < "a/b" bytewise, but the walk visits a/ and its contents first.)
 */
export function comparePaths(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]! === SLASH ? 0 : a[i]!;
    const y = b[i]! === SLASH ? 0 : b[i]!;
    if (x !== y) return x - y;
  }
  return a.length - b.length;
}

function kindOf(s: Stats): WalkKind {
  return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : s.isSymbolicLink() ? 'link' : 'other';
}

interface Frame {
  abs: Buffer;
  rel: Buffer;
  names: Buffer[];
  next: number;
}

async function sortedNames(abs: Buffer): Promise<Buffer[]> {
  const entries = (await readdir(abs, { encoding: 'buffer', withFileTypes: true })) as unknown as Dirent<Buffer>[];
  return entries.map((e) => e.name).sort(Buffer.compare);
}

/**
 * Yields the entries under `root` in walk order. A missing root yields nothing (an empty item); any
 * other error (a folder Kura may not read) is thrown: a check must never pass over what it could not see.
 */
export async function* walkTree(root: string | Buffer, signal?: AbortSignal): AsyncGenerator<WalkEntry> {
  const rootAbs = Buffer.isBuffer(root) ? root : Buffer.from(root);
  let names: Buffer[];
  try {
    names = await sortedNames(rootAbs);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  const stack: Frame[] = [{ abs: rootAbs, rel: Buffer.alloc(0), names, next: 0 }];
  let sinceYield = 0;
  while (stack.length > 0) {
    const top = stack.at(-1)!;
    if (top.next >= top.names.length) {
      stack.pop();
      continue;
    }
    const name = top.names[top.next++]!;
    const abs = joinBytes(top.abs, name);
    const rel = joinBytes(top.rel, name);
    const stat = lstatSync(abs);
    const kind = kindOf(stat);
    yield { rel, abs, kind, stat };
    if (++sinceYield >= STAT_SLICE) {
      sinceYield = 0;
      await yieldToLoop();
      signal?.throwIfAborted();
    }
    if (kind === 'dir') {
      signal?.throwIfAborted();
      stack.push({ abs, rel, names: await sortedNames(abs), next: 0 });
    }
  }
}
