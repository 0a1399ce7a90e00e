/**
 * Checks a tree against a files item's per-file list (file-list.ts), file by file: every listed
 * folder, file and symlink present with its kind, size and sha256, nothing unlisted, and the list
 * itself the one the manifest recorded. Used by `kura verify` (the snapshot's tree), before a restore
 * (the part of the snapshot about to be copied) and after it (the restored copy at the target).
 *
 * A merge of two sorted streams (the walk and the list, in the same order), so memory stays flat.
 * Every file is read and hashed: there is no quicker check that could tell bit rot from a good copy.
 */
import { msg, type MessageData } from '../../shared/messages/index.js';
import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { sha256OfFile, sha256OfLink } from '../util/hash-entry.js';
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
  const reader = new FileListReader(input.listFile, comparePaths);

  const compare = async (listed: ListEntry, found: WalkEntry) => {
    const kind = KIND_OF[found.kind];
    if (kind !== listed.kind) return note('wrongKind', escapePath(listed.rel));
    if (kind === 'd') return;
    const h = kind === 'f' ? await sha256OfFile(found.abs, input.signal, found.stat.size) : sha256OfLink(found.abs);
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

  try {
    // The entries found on disk, in walk order, limited to the scope.
    const rootBytes = Buffer.from(input.root);
    const found = walkScope(rootBytes, sub, input.signal);
    let next = await found.next();
    for (;;) {
      const listed = await reader.peek();
      if (listed && !inScope(listed.rel)) {
        await reader.next();
        continue;
      }
      if (next.done && !listed) break;
      const order = next.done ? -1 : listed ? comparePaths(listed.rel, next.value.rel) : 1;
      if (order < 0) {
        note('missing', escapePath(listed!.rel));
        await reader.next();
      } else if (order > 0) {
        if (!input.allowExtra) note('extra', escapePath(next.value!.rel));
        next = await found.next();
      } else {
        await compare(listed!, next.value!);
        await reader.next();
        next = await found.next();
      }
    }
  } catch (err) {
    if (!(err instanceof FileListFormatError)) throw err;
    out.listOk = false;
    out.listProblem = err.said;
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
