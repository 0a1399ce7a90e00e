/**
 * Restores a files item: the whole tree, one folder or one file, from a snapshot to a local folder or
 * back to the original source (rsync daemon module / SSH / local folder), with `-rt` (cwRsync-safe).
 * `mirror` also deletes what the snapshot lacks — the UI asks for it separately because it is
 * destructive. Afterwards the target is checked: every snapshot file present with the same size,
 * and the counts equal the manifest's.
 */
import { copyFile, lstat, mkdir, mkdtemp, rm, stat, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import type { FilesLocation } from '../config/files-location.js';
import { KuraError, toKuraError } from '../errors.js';
import type { FilesManifestItem } from '../snapshot/manifest.js';
import { describeLocation, pushFiles, type RsyncClient } from '../tools/rsync/index.js';
import { treeStats } from '../util/tree-stats.js';
import type { RestoreCheck, RestoreOutcome, RestoreRunOptions } from './types.js';

export type FilesRestoreTarget =
  | { kind: 'folder'; path: string }
  | { kind: 'source'; location: FilesLocation; password: string | null; sshKeyPath?: string; sshPort?: number };

export interface FilesRestoreOptions extends RestoreRunOptions {
  client: RsyncClient;
  item: FilesManifestItem;
  snapshotPath: string;
  target: FilesRestoreTarget;
  /** A folder or file inside the item, "/"-separated; empty for the whole tree. */
  subPath: string;
  mirror: boolean;
}

/** Normalises `--path`: relative, "/"-separated, no "..", no leading "/". */
export function normaliseSubPath(p: string | undefined): string {
  if (!p) return '';
  const norm = posix.normalize(p.replace(/\\/g, '/')).replace(/^\/+|\/+$/g, '');
  if (norm === '.' || norm === '') return '';
  if (norm.split('/').includes('..')) {
    throw new KuraError({ code: 'usage', category: 'config', message: `The path "${p}" leaves the snapshot ("..").`, hint: 'Give a folder or file inside the backup, e.g. images/2026.' });
  }
  return norm;
}

export async function restoreFilesItem(opts: FilesRestoreOptions): Promise<RestoreOutcome> {
  const steps: string[] = [];
  const itemRoot = join(opts.snapshotPath, opts.item.path);
  const sub = opts.subPath;
  const fromPath = sub ? join(itemRoot, ...sub.split('/')) : itemRoot;
  const fromStat = await lstat(fromPath).catch(() => null);
  if (!fromStat) {
    throw new KuraError({
      code: 'path-not-in-snapshot',
      category: 'config',
      message: `"${sub}" is not in this snapshot of ${opts.item.source}.`,
      hint: 'Browse the snapshot folder to find the exact path (it is case-sensitive).',
    });
  }
  const location: FilesLocation = opts.target.kind === 'folder' ? { kind: 'local', path: opts.target.path } : opts.target.location;
  const password = opts.target.kind === 'source' ? opts.target.password : null;
  let staging: string | null = null;
  try {
    if (opts.target.kind === 'folder') await mkdir(opts.target.path, { recursive: true });
    let fromDir = fromPath;
    let subPath = sub;
    if (!fromStat.isDirectory()) {
      // A single file: stage it under its own relative path so rsync recreates exactly that path.
      staging = await mkdtemp(join(tmpdir(), 'kura-restore-'));
      const staged = join(staging, ...sub.split('/'));
      await mkdir(dirname(staged), { recursive: true });
      await copyFile(fromPath, staged);
      await utimes(staged, fromStat.atime, fromStat.mtime);
      fromDir = staging;
      subPath = '';
    }
    opts.onProgress?.({ kind: 'step', sourceId: opts.item.source, step: 'files', message: `Copying ${sub || 'all files'} to ${describeLocation(location)}` });
    const result = await pushFiles({
      client: opts.client,
      fromDir,
      location,
      subPath: subPath || undefined,
      mode: opts.mirror && fromStat.isDirectory() ? 'mirror' : 'merge',
      password,
      sshKeyPath: opts.target.kind === 'source' ? opts.target.sshKeyPath : undefined,
      sshPort: opts.target.kind === 'source' ? opts.target.sshPort : undefined,
      signal: opts.signal,
      onProgress: (p) => opts.onProgress?.({ kind: 'files', sourceId: opts.item.source, files: p.files, bytes: p.bytes, totalFiles: p.totalFiles }),
      logger: opts.logger,
    });
    steps.push(
      `Copied ${sub ? `"${sub}"` : 'the whole tree'} of ${opts.item.source} to ${describeLocation(location)}${opts.mirror ? ', deleting files the snapshot does not have' : ''} (${result.stats.filesTransferred} files transferred).`,
    );
    for (const w of result.warnings) steps.push(`Warning: ${w}`);
    const verification = await verifyFilesRestore(opts, fromPath, fromStat.isDirectory());
    const ok = verification.every((c) => c.ok);
    return { status: ok ? 'success' : 'failed', steps, verification, safetyBackup: null, error: ok ? null : verificationError(verification) };
  } catch (err) {
    const e = toKuraError(err);
    return { status: e.category === 'cancelled' ? 'cancelled' : 'failed', steps, verification: [], safetyBackup: null, error: e.toJSON() };
  } finally {
    if (staging) await rm(staging, { recursive: true, force: true });
  }
}

/**
 * For a local target: every file of the restored part is present with the same size, and for a whole
 * tree the snapshot's own count equals the manifest. Remote targets are checked by rsync's own
 * transfer result (a non-zero exit is already an error).
 */
async function verifyFilesRestore(opts: FilesRestoreOptions, fromPath: string, isDir: boolean): Promise<RestoreCheck[]> {
  const checks: RestoreCheck[] = [];
  const expected = isDir ? await treeStats(fromPath, opts.signal) : { files: 1, bytes: (await stat(fromPath)).size };
  if (!opts.subPath) {
    const ok = expected.files === opts.item.files && expected.bytes === opts.item.bytes;
    checks.push({
      check: 'snapshot files',
      ok,
      detail: ok
        ? `${expected.files} files, ${expected.bytes} bytes as recorded in the manifest`
        : `the snapshot holds ${expected.files} files / ${expected.bytes} bytes, the manifest says ${opts.item.files} / ${opts.item.bytes}`,
    });
  }
  if (opts.target.kind === 'folder' || opts.target.location.kind === 'local') {
    const targetRoot = opts.target.kind === 'folder' ? opts.target.path : (opts.target.location as { path: string }).path;
    const targetPath = opts.subPath ? join(targetRoot, ...opts.subPath.split('/')) : targetRoot;
    const { missing, differing, files, bytes } = await compareTrees(fromPath, targetPath, isDir, opts.signal);
    const ok = missing.length === 0 && differing.length === 0 && files === expected.files && bytes === expected.bytes;
    checks.push({
      check: 'restored files',
      ok,
      detail: ok
        ? `${files} files, ${bytes} bytes present at the target`
        : `${missing.length} missing, ${differing.length} of a different size${missing[0] ? ` (e.g. ${missing[0]})` : differing[0] ? ` (e.g. ${differing[0]})` : ''}`,
    });
  }
  return checks;
}

async function compareTrees(from: string, to: string, isDir: boolean, signal?: AbortSignal) {
  const missing: string[] = [];
  const differing: string[] = [];
  let files = 0;
  let bytes = 0;
  const { readdir } = await import('node:fs/promises');
  const check = async (a: string, b: string, rel: string) => {
    const sa = await lstat(a);
    const sb = await lstat(b).catch(() => null);
    if (!sb) missing.push(rel);
    else if (sb.size !== sa.size) differing.push(rel);
    else {
      files++;
      bytes += sb.size;
    }
  };
  if (!isDir) {
    await check(from, to, '.');
    return { missing, differing, files, bytes };
  }
  const stack: string[] = [''];
  while (stack.length) {
    signal?.throwIfAborted();
    const rel = stack.pop()!;
    for (const e of await readdir(join(from, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) stack.push(r);
      else if (e.isFile()) await check(join(from, r), join(to, r), r);
    }
  }
  return { missing, differing, files, bytes };
}

function verificationError(checks: RestoreCheck[]) {
  const bad = checks.filter((c) => !c.ok);
  return new KuraError({
    code: 'restore-verify-failed',
    category: 'data',
    message: `The restored files do not match the snapshot: ${bad.map((c) => `${c.check}: ${c.detail}`).join('; ')}.`,
    hint: 'Check free space and permissions at the target, then restore again.',
  }).toJSON();
}
