/**
 * What a local snapshot consists of, entry by entry, in the terms of a bucket index: every dump,
 * RDB, per-file list, folder, file and symlink with its sha256, size, time and mode.
 *
 * The hashes come from the snapshot's own records — the manifest for dumps and RDBs, the per-file
 * list (format 2) for files trees — so a night's upload does not read a file it does not send. Each
 * file that is sent is hashed again while it is read (s3-objects.ts): a local copy that no longer
 * matches its record is refused, never stored as if it were good.
 *
 * Snapshots of format 1 (from a Kura before the per-file list) have no hash per file: their files are
 * hashed here, before upload, which makes their copy content-addressed like any other — an unchanged
 * file is still stored once. What that hash proves is only what the file held when it was copied
 * off-site (format 1 never recorded more); the run log says so.
 */
import { lstatSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { FilesManifestItem, ManifestItem } from '../../snapshot/manifest.js';
import { fileListPath, FileListFormatError, FileListReader } from '../../snapshot/file-list.js';
import { sha256OfFile, sha256OfLink } from '../../util/hash-entry.js';
import { joinBytes, walkTree } from '../../util/tree-walk.js';
import { LocalCopyDamaged } from './s3-objects.js';

export interface LocalEntry {
  kind: 'd' | 'f' | 'l';
  /** Relative to the snapshot folder. */
  path: Buffer;
  /** Absolute, to read it from (f); the link's target bytes (l). */
  abs: Buffer;
  linkTarget: Buffer | null;
  sha256: string | null;
  size: number;
  mtimeMs: number;
  mode: number;
}

/** Every entry of a snapshot's items, in manifest order (files trees in walk order). */
export async function* snapshotEntries(snapshotPath: string, items: readonly ManifestItem[], signal?: AbortSignal, onNote?: (note: string) => void): AsyncGenerator<LocalEntry> {
  for (const item of items) {
    switch (item.type) {
      case 'mysql':
      case 'redis': {
        const abs = join(snapshotPath, item.path);
        const st = lstatSync(abs);
        if (!st.isFile() || st.size !== item.bytes) throw new LocalCopyDamaged(abs, `${item.bytes} bytes`, `${st.size} bytes`);
        yield { kind: 'f', path: Buffer.from(item.path), abs: Buffer.from(abs), linkTarget: null, sha256: item.sha256, size: item.bytes, mtimeMs: Math.round(st.mtimeMs), mode: st.mode & 0o7777 };
        break;
      }
      case 'files':
        yield* filesEntries(snapshotPath, item, signal, onNote);
        break;
    }
  }
}

async function* filesEntries(snapshotPath: string, item: FilesManifestItem, signal?: AbortSignal, onNote?: (note: string) => void): AsyncGenerator<LocalEntry> {
  const rootAbs = join(snapshotPath, item.path);
  const rootStat = lstatSync(rootAbs, { throwIfNoEntry: false });
  const prefix = Buffer.from(item.path);
  yield { kind: 'd', path: prefix, abs: Buffer.from(rootAbs), linkTarget: null, sha256: null, size: 0, mtimeMs: Math.round(rootStat?.mtimeMs ?? 0), mode: (rootStat?.mode ?? 0o755) & 0o7777 };
  if (!item.list) {
    onNote?.(`${item.path} is from a snapshot without a per-file list (format 1): its files are hashed now, as they are uploaded.`);
    for await (const e of walkTree(rootAbs, signal)) {
      const path = joinBytes(prefix, e.rel);
      const common = { path, abs: e.abs, mtimeMs: Math.round(e.stat.mtimeMs), mode: e.stat.mode & 0o7777 };
      if (e.kind === 'dir') yield { ...common, kind: 'd', linkTarget: null, sha256: null, size: 0 };
      else if (e.kind === 'file') {
        const h = await sha256OfFile(e.abs, signal, e.stat.size);
        yield { ...common, kind: 'f', linkTarget: null, sha256: h.sha256, size: h.bytes };
      } else if (e.kind === 'link') {
        const target = readlinkSync(e.abs, { encoding: 'buffer' });
        yield { ...common, kind: 'l', linkTarget: target, sha256: sha256OfLink(e.abs).sha256, size: target.length };
      }
    }
    return;
  }
  const listAbs = join(snapshotPath, fileListPath(item.path));
  const listStat = lstatSync(listAbs);
  yield { kind: 'f', path: Buffer.from(fileListPath(item.path)), abs: Buffer.from(listAbs), linkTarget: null, sha256: item.list.sha256, size: listStat.size, mtimeMs: Math.round(listStat.mtimeMs), mode: listStat.mode & 0o7777 };
  const reader = new FileListReader(listAbs);
  let n = 0;
  try {
    for (let e = await reader.next(); e; e = await reader.next()) {
      if (++n % 512 === 0) signal?.throwIfAborted();
      const abs = joinBytes(Buffer.from(rootAbs), e.rel);
      const st = lstatSync(abs, { throwIfNoEntry: false });
      const kindOk = st && (e.kind === 'd' ? st.isDirectory() : e.kind === 'f' ? st.isFile() : st.isSymbolicLink());
      if (!st || !kindOk || (e.kind === 'f' && st.size !== e.size)) {
        throw new LocalCopyDamaged(abs.toString(), `${e.kind} of ${e.size} bytes`, st ? `${st.isDirectory() ? 'd' : st.isFile() ? 'f' : 'l'} of ${st.size} bytes` : 'missing');
      }
      yield {
        kind: e.kind,
        path: joinBytes(prefix, e.rel),
        abs,
        linkTarget: e.kind === 'l' ? readlinkSync(abs, { encoding: 'buffer' }) : null,
        sha256: e.kind === 'd' ? null : e.sha256,
        size: e.size,
        mtimeMs: e.mtimeMs,
        mode: st.mode & 0o7777,
      };
    }
  } catch (err) {
    if (err instanceof FileListFormatError) throw new LocalCopyDamaged(listAbs, 'a valid per-file list', err.message);
    throw err;
  } finally {
    // A damaged file, a cancel or a caller that stops early leaves the list closed (on Windows an open
    // list keeps its snapshot folder from being deleted).
    await reader.close();
  }
  const digest = reader.digest();
  if (digest !== item.list.sha256) throw new LocalCopyDamaged(listAbs, item.list.sha256, digest);
}
