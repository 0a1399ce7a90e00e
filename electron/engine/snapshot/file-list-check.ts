/**
 * Checks a tree against a files item's per-file list (file-list.ts), file by file: every listed
 * folder, file and symlink present with its kind, size and sha256, nothing unlisted, and the list
 * itself the one the manifest recorded. Used by `kura verify` (the snapshot's tree), before a restore
 * (the part of the snapshot about to be copied) and after it (the restored copy at the target).
 *
 * A merge of two sorted streams (the walk and the list, in the same order), so memory stays flat.
 * Every file is read and hashed: there is no quicker check that could tell bit rot from a good copy.
 * Up to HASHES_AT_ONCE files are hashed at once (the hashing workers, util/hash-worker-pool.ts, use
 * both cores), and every finding is still taken in walk order: the named problems, the progress and
 * the first error are those one file at a time would give.
 */
import { msg, type MessageData } from '../../shared/messages/index.js';
import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { sha256OfFileOffThread, sha256OfLink } from '../util/hash-entry.js';
import type { FileHash } from '../util/hash-worker-pool.js';
import { comparePaths, joinBytes, walkTree, type WalkEntry, type WalkKind } from '../util/tree-walk.js';
import { escapePath, FileListFormatError, FileListReader, type ListEntry, type ListKind } from './file-list.js';

export interface TreeCheckInput {
  /** The folder to check: a snapshot's item folder, or a restore target. */
  root: string;
  listFile: string;
  /** What the manifest recorded for the list; a list with other bytes proves nothing. */
  listSha256: string;
  /** Check only this folder or file below the root ("/"-separated bytes); null for all of it. */
  sub?: Buffer | null;
  /** A restore target may hold more than the snapshot (a merge): unlisted entries are then fine. */
  allowExtra?: boolean;
  signal?: AbortSignal;
  onHashed?: (bytes: number) => void;
  /** How a file is hashed: sha256OfFileOffThread (tests pass one that answers out of order). */
  hashFile?: (abs: Buffer, signal: AbortSignal, expectedBytes: number) => Promise<FileHash>;
}

export interface DamagedEntry {
  /** The path as the list writes it (readable, one line). */
  path: string;
  rel: Buffer;
  expected: string;
  found: string;
  /** The damaged inode, to find every snapshot sharing it through hard links. */
  dev: bigint;
  ino: bigint;
}

export interface TreeCheck {
  ok: boolean;
  /** False when the list is not the one the manifest recorded, or is malformed. */
  listOk: boolean;
  listProblem: MessageData | null;
  files: number;
  bytes: number;
  damaged: DamagedEntry[];
  missing: string[];
  /** Listed as one kind, found as another (a file replaced by a symlink, a folder by a file…). */
  wrongKind: string[];
  /** Present but not listed (only when allowExtra is false). */
  extra: string[];
  /** How many of each problem there were; the arrays above keep the first MAX_NAMED. */
  counts: { damaged: number; missing: number; wrongKind: number; extra: number };
}

const MAX_NAMED = 200;
/** Two workers with one more file each waiting (hash-worker-pool.ts's perWorker). */
const HASHES_AT_ONCE = 4;
/** Findings held behind a file still being hashed (a huge file ahead of many small ones). */
const MAX_HELD = 256;

/** A finding to take in walk order, once the hash it waits for (if any) is in. */
interface Held {
  hash: Promise<{ ok: FileHash } | { err: unknown }> | null;
  take: (h: FileHash | null) => void;
}

const KIND_OF: Record<WalkKind, ListKind | null> = { dir: 'd', file: 'f', link: 'l', other: null };

export async function checkTree(input: TreeCheckInput): Promise<TreeCheck> {
  const out: TreeCheck = {
    ok: false,
    listOk: true,
    listProblem: null,
    files: 0,
    bytes: 0,
    damaged: [],
    missing: [],
    wrongKind: [],
    extra: [],
    counts: { damaged: 0, missing: 0, wrongKind: 0, extra: 0 },
  };
  const note = (list: keyof TreeCheck['counts'], value: string) => {
    out.counts[list]++;
    if (out[list].length < MAX_NAMED) (out[list] as string[]).push(value);
  };
  const sub = input.sub && input.sub.length > 0 ? input.sub : null;
  const inScope = (rel: Buffer) => sub === null || rel.equals(sub) || (rel.length > sub.length && rel[sub.length] === 0x2f && rel.subarray(0, sub.length).equals(sub));
  const reader = new FileListReader(input.listFile);

  // Hashes run ahead of the merge; their findings (and every other) are taken in walk order.
  const stop = new AbortController();
  const signal = input.signal ? AbortSignal.any([input.signal, stop.signal]) : stop.signal;
  const hashFile = input.hashFile ?? sha256OfFileOffThread;
  const held: Held[] = [];
  let hashing = 0;
  const takeOldest = async () => {
    const h = held.shift()!;
    if (!h.hash) return h.take(null);
    hashing--;
    const r = await h.hash;
    if ('err' in r) throw r.err;
    h.take(r.ok);
  };
  const later = async (take: Held['take'], hash: Held['hash'] = null) => {
    held.push({ hash, take });
    if (hash) hashing++;
    while (hashing >= HASHES_AT_ONCE || held.length >= MAX_HELD) await takeOldest();
  };
  const noteLater = (list: keyof TreeCheck['counts'], value: string) => later(() => note(list, value));

  const compare = async (listed: ListEntry, found: WalkEntry) => {
    const kind = KIND_OF[found.kind];
    if (kind !== listed.kind) return noteLater('wrongKind', escapePath(listed.rel));
    if (kind === 'd') return;
    const judge = (h: FileHash) => {
      if (kind === 'f') {
        out.files++;
        out.bytes += h.bytes;
        input.onHashed?.(out.bytes);
      }
      if (h.sha256 === listed.sha256 && h.bytes === listed.size) return;
      out.counts.damaged++;
      if (out.damaged.length < MAX_NAMED) {
        const s = lstatSync(found.abs, { bigint: true });
        out.damaged.push({ path: escapePath(listed.rel), rel: listed.rel, expected: listed.sha256, found: h.sha256, dev: s.dev, ino: s.ino });
      }
    };
    if (kind === 'l') {
      const h = sha256OfLink(found.abs);
      return later(() => judge(h));
    }
    const hash = hashFile(found.abs, signal, found.stat.size).then(
      (ok) => ({ ok }),
      (err: unknown) => ({ err }),
    );
    return later((h) => judge(h!), hash);
  };

  try {
    // The entries found on disk, in walk order, limited to the scope.
    const rootBytes = Buffer.from(input.root);
    const found = walkScope(rootBytes, sub, input.signal);
    let next = await found.next();
    try {
      for (;;) {
        const listed = await reader.peek();
        if (listed && !inScope(listed.rel)) {
          await reader.next();
          continue;
        }
        if (next.done && !listed) break;
        const order = next.done ? -1 : listed ? comparePaths(listed.rel, next.value.rel) : 1;
        if (order < 0) {
          await noteLater('missing', escapePath(listed!.rel));
          await reader.next();
        } else if (order > 0) {
          if (!input.allowExtra) await noteLater('extra', escapePath(next.value!.rel));
          next = await found.next();
        } else {
          await compare(listed!, next.value!);
          await reader.next();
          next = await found.next();
        }
      }
    } catch (err) {
      // A malformed list ends the merge where it is: what came before it is still taken, in order.
      if (!(err instanceof FileListFormatError)) throw err;
      while (held.length > 0) await takeOldest();
      throw err;
    }
    while (held.length > 0) await takeOldest();
  } catch (err) {
    // Nothing is left reading once the check returns (a failed check may be followed by a delete).
    stop.abort(new Error('the tree check ended'));
    await Promise.all(held.map((h) => h.hash));
    if (!(err instanceof FileListFormatError)) throw err;
    out.listOk = false;
    out.listProblem = err.said;
  } finally {
    // Nor is the list left open after a failed hash or a cancel: on Windows an open file keeps its
    // snapshot folder from being deleted (retention; Wine met ENOTEMPTY removing a checked tree).
    await reader.close();
  }
  if (out.listOk && reader.digest() !== input.listSha256) {
    out.listOk = false;
    out.listProblem = msg('file-list-not-recorded', { path: input.listFile });
  }
  out.ok = out.listOk && out.counts.damaged + out.counts.missing + out.counts.wrongKind + out.counts.extra === 0;
  return out;
}

/** The walk of `root`, or of one folder or file below it, with paths relative to `root`. */
async function* walkScope(root: Buffer, sub: Buffer | null, signal?: AbortSignal): AsyncGenerator<WalkEntry> {
  if (sub === null) {
    yield* walkTree(root, signal);
    return;
  }
  const abs = joinBytes(root, sub);
  const stat = lstatSync(abs, { throwIfNoEntry: false });
  if (!stat) return;
  const kind: WalkKind = stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : stat.isSymbolicLink() ? 'link' : 'other';
  yield { rel: sub, abs, kind, stat };
  if (kind !== 'dir') return;
  for await (const e of walkTree(abs, signal)) yield { ...e, rel: joinBytes(sub, e.rel) };
}

/**
 * True when `inside`, with every symlink resolved, is `root` or lies below it (both resolved).
 * A snapshot's own content decides nothing about where Kura reads: a manifest's "../../x" or a
 * symlink inside a snapshot tree must never lead a restore or a check out of the snapshot.
 */
export function isConfined(root: string, inside: string): boolean {
  let r: string;
  try {
    r = realpathSync(root);
  } catch {
    return false;
  }
  const p = resolveExisting(inside);
  return p !== null && (p === r || p.startsWith(r.endsWith('/') || r.endsWith('\\') ? r : join(r, '/')));
}

/**
 * The path with every symlink resolved, as far as it exists; the missing rest is appended as is (a
 * name that does not exist cannot be a symlink). A missing file is "missing", not "outside".
 */
function resolveExisting(path: string): string | null {
  const rest: string[] = [];
  let at = path;
  for (;;) {
    try {
      return join(realpathSync(at), ...rest.reverse());
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return null;
      const parent = dirname(at);
      if (parent === at) return null;
      rest.push(basename(at));
      at = parent;
    }
  }
}
