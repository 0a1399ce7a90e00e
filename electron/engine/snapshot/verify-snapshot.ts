/**
 * Re-checks a complete snapshot against its manifest: every single-file artifact by sha256 and by
 * its own format check (gzip integrity + dump trailer, RDB walk + CRC64), every files tree file by file
 * against its per-file list (every file hashed again; snapshots made before the lists existed: by
 * file count and total bytes, and the check says so). This is what `kura verify` and restore's "check
 * before touching anything" use.
 *
 * A damaged file in a tree is usually shared, through hard links, by several snapshots: the check
 * names each snapshot holding the same damaged inode and records them (damage-registry.ts), so the
 * next backup copies that file afresh instead of linking it once more. Files that changed while they
 * were being copied (`torn`) are never reported as verified: the item is ok with a warning.
 *
 * Two depths (`VerifyDepth`). `full` decodes every artifact again: `kura verify` looks for any damage.
 * `before-restore` proves a dump or RDB is byte for byte the file the backup wrote — its sha256 —
 * and does not decompress or walk it a second time, because
 *  - the backup proved those very bytes when it wrote them (every gzip member inflated back and
 *    compared, the dump trailer, the RDB walk and CRC64) and hashed exactly what it wrote, so equal
 *    hashes mean equal proofs; and
 *  - the restore decodes the file anyway and checks as it goes (the import holds back the end of the
 *    client's input until gzip and trailer are whole; the Redis restore walks the RDB before it
 *    changes anything), so damage could not slip through, it would only be found later.
 * For the 1.2 GB shop dump that is 0.2 s of hashing instead of ≈ 4 s of gunzip before the import starts.
 */
import { lstatSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { messageOf, toKuraError } from '../errors.js';
import { itemsParam, listParam, messageList, msg, nestedMessage, type MessageData } from '../../shared/messages/index.js';
import { verifyDumpFile } from '../tools/mysql/index.js';
import { validateRdbFile } from '../tools/redis/index.js';
import { sha256File } from '../util/sha256.js';
import { treeStats } from '../util/tree-stats.js';
import { joinBytes } from '../util/tree-walk.js';
import { filesItemPath } from './artifact-names.js';
import { recordDamage } from './damage-registry.js';
import { checkTree, isConfined, type DamagedEntry } from './file-list-check.js';
import type { FilesManifestItem, Manifest, ManifestItem } from './manifest.js';
import { listSnapshotsIn } from './snapshot-store.js';

export interface ItemCheck {
  source: string;
  type: ManifestItem['type'];
  path: string;
  ok: boolean;
  /** What was compared ("sha256 ok, gzip ok, trailer ok" / "expected 1203 files, found 1202"), said in the reader's language. */
  detail: MessageData;
  /** Caveats of an item that checks out (files that may be torn, a tree checked by count only). */
  warnings: MessageData[];
}

export interface SnapshotCheck {
  snapshotId: string;
  ok: boolean;
  items: ItemCheck[];
}

/** How much a check re-proves: see the file comment. */
export type VerifyDepth = 'full' | 'before-restore';

export interface VerifyOptions {
  /** For a files item: check only this folder or file of the tree ("/"-separated bytes). */
  sub?: Buffer | null;
  /** Record damaged files in the job's damage record (kura verify does; a pre-restore check does too). */
  recordDamage?: boolean;
}

export async function verifySnapshot(snapshotPath: string, manifest: Manifest, signal?: AbortSignal): Promise<SnapshotCheck> {
  const items: ItemCheck[] = [];
  for (const item of manifest.items) {
    items.push(await verifyItem(snapshotPath, item, signal, 'full', { recordDamage: true }));
  }
  return { snapshotId: manifest.id, ok: items.every((i) => i.ok), items };
}

export async function verifyItem(snapshotPath: string, item: ManifestItem, signal?: AbortSignal, depth: VerifyDepth = 'full', options: VerifyOptions = {}): Promise<ItemCheck> {
  const base = { source: item.source, type: item.type, path: item.path, warnings: [] as MessageData[] };
  const abs = join(snapshotPath, item.path);
  try {
    if (!isConfined(snapshotPath, abs)) {
      return { ...base, ok: false, detail: msg('verify-outside', { path: item.path }) };
    }
    switch (item.type) {
      case 'files':
        return { ...base, ...(await checkFilesItem(snapshotPath, item, signal, options)) };
      case 'mysql': {
        if (depth === 'before-restore') return { ...base, ...(await hashCheck(abs, item.sha256, signal, msg('verify-sha-ok-dump', {}))) };
        const r = await verifyDumpFile(abs, signal);
        if (r.sha256 !== item.sha256) return { ...base, ok: false, detail: shaMismatch(r.sha256) };
        return { ...base, ok: true, detail: msg('verify-dump-ok', {}) };
      }
      case 'redis': {
        const hashed = await hashCheck(abs, item.sha256, signal, msg('verify-sha-ok-rdb', {}));
        if (depth === 'before-restore' || !hashed.ok) return { ...base, ...hashed };
        const info = await validateRdbFile(abs, signal);
        return { ...base, ok: true, detail: msg('verify-rdb-ok', { version: info.rdbVersion, checksum: String(info.checksum) }) };
      }
    }
  } catch (err) {
    const e = toKuraError(err);
    if (e.category === 'cancelled') throw e;
    return { ...base, ok: false, detail: e.code === 'internal' && (err as NodeJS.ErrnoException).code === 'ENOENT' ? msg('verify-file-missing', {}) : messageOf(e) };
  }
}

/** A files tree against its list, file by file (or, for a format-1 snapshot, by count and size). */
async function checkFilesItem(snapshotPath: string, item: FilesManifestItem, signal: AbortSignal | undefined, options: VerifyOptions): Promise<Omit<ItemCheck, 'source' | 'type' | 'path'>> {
  const abs = join(snapshotPath, item.path);
  const warnings: MessageData[] = [];
  if (item.torn.length > 0) warnings.push(msg('verify-torn', { count: item.torn.length, files: listParam(item.torn, 20) }));
  if (!item.list) {
    if (options.sub) return { ok: true, detail: msg('verify-files-no-hashes-sub', {}), warnings: [msg('verify-count-only', {})] };
    const s = await treeStats(abs, signal);
    const ok = s.files === item.files && s.bytes === item.bytes;
    return {
      ok,
      warnings: ok ? [...warnings, msg('verify-no-hashes', {})] : warnings,
      detail: ok
        ? msg('verify-files-counted', { count: s.files, bytes: s.bytes })
        : msg('verify-files-count-differs', { expectedFiles: item.files, expectedBytes: item.bytes, foundFiles: s.files, foundBytes: s.bytes }),
    };
  }
  const listFile = join(snapshotPath, item.list.path);
  if (!isConfined(snapshotPath, listFile)) return { ok: false, detail: msg('verify-list-outside', { path: item.list.path }), warnings };
  const check = await checkTree({ root: abs, listFile, listSha256: item.list.sha256, sub: options.sub ?? null, signal });
  if (!check.listOk) return { ok: false, detail: msg('verify-list-damaged', { problem: check.listProblem ? nestedMessage(check.listProblem) : '' }), warnings };
  if (check.ok) return { ok: true, detail: msg('verify-files-ok', { count: check.files, bytes: check.bytes }), warnings };
  const sharing = check.damaged.length > 0 ? await snapshotsSharing(snapshotPath, item.source, check.damaged) : new Map<string, string[]>();
  if (options.recordDamage && check.damaged.length > 0) {
    await recordDamage(
      dirname(snapshotPath),
      check.damaged.map((d) => ({
        source: item.source,
        path: d.path,
        dev: String(d.dev),
        ino: String(d.ino),
        expected: d.expected,
        found: d.found,
        foundAt: new Date().toISOString(),
        snapshots: sharing.get(d.path) ?? [basename(snapshotPath)],
      })),
    );
  }
  const parts: MessageData[] = [];
  if (check.counts.damaged) {
    // Each damaged file once, with the other snapshots sharing the same damaged copy (verbatim names).
    const named = check.damaged.slice(0, 10).map((d) => {
      const others = (sharing.get(d.path) ?? []).filter((id) => id !== basename(snapshotPath));
      return others.length ? msg('verify-damaged-shared', { path: d.path, snapshots: others.join(', ') }) : d.path;
    });
    parts.push(msg('verify-damaged', { count: check.counts.damaged, files: itemsParam(named) }));
  }
  if (check.counts.missing) parts.push(msg('verify-missing', { count: check.counts.missing, files: listParam(check.missing.slice(0, 10)) }));
  if (check.counts.wrongKind) parts.push(msg('verify-wrong-kind', { count: check.counts.wrongKind, files: listParam(check.wrongKind.slice(0, 10)) }));
  if (check.counts.extra) parts.push(msg('verify-extra', { count: check.counts.extra, files: listParam(check.extra.slice(0, 10)) }));
  return { ok: false, detail: parts.length === 1 ? parts[0]! : msg('verify-files-problems', { problems: messageList(parts) }), warnings };
}

/**
 * For each damaged path, the snapshots (ids) of the same job whose copy at that path is the very same
 * inode — hard links made by --link-dest share one damaged inode between snapshots.
 */
async function snapshotsSharing(snapshotPath: string, source: string, damaged: readonly DamagedEntry[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const siblings = await listSnapshotsIn(dirname(snapshotPath));
  for (const d of damaged) {
    const ids: string[] = [];
    for (const s of siblings) {
      const st = lstatSync(joinBytes(Buffer.from(join(s.path, filesItemPath(source))), d.rel), { bigint: true, throwIfNoEntry: false });
      if (st && st.dev === d.dev && st.ino === d.ino) ids.push(s.id);
    }
    out.set(d.path, ids.length ? ids : [basename(snapshotPath)]);
  }
  return out;
}

/** A single file's sha256 against the manifest's (all `before-restore` does for a dump or RDB). */
async function hashCheck(abs: string, sha256: string, signal: AbortSignal | undefined, proven: MessageData): Promise<{ ok: boolean; detail: MessageData }> {
  const sha = await sha256File(abs, signal);
  return sha === sha256 ? { ok: true, detail: proven } : { ok: false, detail: shaMismatch(sha) };
}

function shaMismatch(found: string): MessageData {
  return msg('verify-sha-mismatch', { sha256: found });
}
