/**
 * The restore wizard's file browser: the folders and files of a files item in one snapshot, one folder
 * at a time, with sizes and dates — so an admin picks `wp-content/uploads/2026` instead of typing it
 * (and mistyping it at the worst moment).
 *
 * Read from the item's per-file list (snapshot/file-list.ts), not from the tree: the list is what the
 * restore checks against, it is one sequential read however deep the folder, and a folder's size is
 * the sum of the files below it. The list must be the one the manifest recorded (its sha256), or the
 * browser would show names the restore then refuses. A snapshot made before per-file lists is read
 * from its tree, confined to the snapshot (a symlink there is shown as a link, never followed).
 *
 * Only snapshots on this computer or a connected disk: browsing a bucket or an rsync address would
 * mean fetching the snapshot first; there the path is typed (the wizard says so).
 */
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { KuraError } from '../errors.js';
import { nestedMessage } from '../../shared/messages/index.js';
import type { FilesManifestItem } from '../snapshot/manifest.js';
import { FileListFormatError, FileListReader } from '../snapshot/file-list.js';
import { listFileIn } from '../snapshot/file-list-build.js';
import { isConfined } from '../snapshot/file-list-check.js';
import { comparePaths } from '../util/tree-walk.js';
import { treeStats } from '../util/tree-stats.js';
import { isRemoteAddress } from '../offsite/remote-location.js';
import { normaliseSubPath, restoreSourcePath } from './files-restore.js';
import { resolveRestore } from './restore-source.js';
import type { RestoreContext } from './restore-engine.js';
import type { RestoreRequest } from './types.js';

export interface BrowseEntry {
  name: string;
  kind: 'folder' | 'file' | 'link';
  /** Bytes: a file's size, a folder's files below it (all levels), a link's target text. */
  bytes: number;
  /** Files below a folder (all levels); 1 for a file, 0 for a link. */
  files: number;
  mtimeMs: number;
}

export interface BrowseResult {
  snapshotId: string;
  sourceId: string;
  /** The folder shown, relative to the item ('' = its top). */
  folder: string;
  /** Folders first, then by name. */
  entries: BrowseEntry[];
}

export async function browseFilesItem(ctx: Pick<RestoreContext, 'config' | 'secrets' | 'tools' | 'home'>, req: RestoreRequest, folder: string, signal?: AbortSignal): Promise<BrowseResult> {
  if (req.fromFolder && isRemoteAddress(req.fromFolder)) {
    throw new KuraError({ code: 'restore-browse-remote', params: { where: req.fromFolder }, category: 'config' });
  }
  const r = await resolveRestore(ctx.config, req);
  const item = r.items.find((i): i is FilesManifestItem => i.type === 'files');
  if (!item) throw new KuraError({ code: 'restore-browse-not-files', params: { source: req.sourceId }, category: 'config' });
  const sub = normaliseSubPath(folder);
  const entries = item.list ? await fromList(r.snapshot.path, item, sub, signal) : await fromTree(r.snapshot.path, item, sub, signal);
  entries.sort((a, b) => (a.kind === 'folder') !== (b.kind === 'folder') ? (a.kind === 'folder' ? -1 : 1) : comparePaths(Buffer.from(a.name), Buffer.from(b.name)));
  return { snapshotId: r.snapshot.id, sourceId: item.source, folder: sub, entries };
}

async function fromList(snapshotPath: string, item: FilesManifestItem, sub: string, signal?: AbortSignal): Promise<BrowseEntry[]> {
  const listFile = listFileIn(snapshotPath, item.list!.path);
  if (!isConfined(snapshotPath, listFile)) throw new KuraError({ code: 'snapshot-path-escapes', params: { source: item.source, path: item.list!.path }, category: 'data' });
  const prefix = sub === '' ? Buffer.alloc(0) : Buffer.from(`${sub}/`);
  const children = new Map<string, BrowseEntry>();
  let folderSeen = sub === '';
  const reader = new FileListReader(listFile);
  try {
    let n = 0;
    for (let e = await reader.next(); e; e = await reader.next()) {
      if (++n % 4096 === 0) signal?.throwIfAborted();
      if (sub !== '' && e.rel.equals(Buffer.from(sub))) {
        if (e.kind !== 'd') throw new KuraError({ code: 'restore-browse-not-folder', params: { path: sub }, category: 'config' });
        folderSeen = true;
        continue;
      }
      if (!e.rel.subarray(0, prefix.length).equals(prefix)) continue;
      const rest = e.rel.subarray(prefix.length);
      const slash = rest.indexOf(0x2f);
      const name = (slash < 0 ? rest : rest.subarray(0, slash)).toString('utf8');
      if (slash < 0) {
        children.set(name, { name, kind: e.kind === 'd' ? 'folder' : e.kind === 'f' ? 'file' : 'link', bytes: e.size, files: e.kind === 'f' ? 1 : 0, mtimeMs: e.mtimeMs });
      } else if (e.kind === 'f') {
        const parent = children.get(name);
        if (parent) {
          parent.bytes += e.size;
          parent.files++;
        }
      }
    }
  } catch (err) {
    if (err instanceof FileListFormatError) throw damaged(err.said);
    throw err;
  } finally {
    await reader.close();
  }
  if (reader.digest() !== item.list!.sha256) throw damaged({ code: 'file-list-not-recorded', params: { path: listFile } });
  if (!folderSeen) throw new KuraError({ code: 'path-not-in-snapshot', params: { path: sub, source: item.source }, category: 'config' });
  return [...children.values()];
}

function damaged(problem: Parameters<typeof nestedMessage>[0]): KuraError {
  return new KuraError({ code: 'restore-browse-damaged', params: { problem: nestedMessage(problem) }, category: 'data' });
}

/** A snapshot from before per-file lists: the folder itself, confined to the snapshot. */
async function fromTree(snapshotPath: string, item: FilesManifestItem, sub: string, signal?: AbortSignal): Promise<BrowseEntry[]> {
  const { fromPath: dir } = await restoreSourcePath(snapshotPath, item, sub);
  const st = await lstat(dir).catch(() => null);
  if (!st) throw new KuraError({ code: 'path-not-in-snapshot', params: { path: sub, source: item.source }, category: 'config' });
  if (!st.isDirectory()) throw new KuraError({ code: 'restore-browse-not-folder', params: { path: sub }, category: 'config' });
  const out: BrowseEntry[] = [];
  for (const name of await readdir(dir)) {
    const s = await lstat(join(dir, name));
    if (s.isDirectory()) {
      const t = await treeStats(join(dir, name), signal);
      out.push({ name, kind: 'folder', bytes: t.bytes, files: t.files, mtimeMs: Math.floor(s.mtimeMs) });
    } else if (s.isFile() || s.isSymbolicLink()) {
      out.push({ name, kind: s.isFile() ? 'file' : 'link', bytes: s.size, files: s.isFile() ? 1 : 0, mtimeMs: Math.floor(s.mtimeMs) });
    }
  }
  return out;
}
