/**
 * Restores a files item: the whole tree, one folder or one file, from a snapshot to a local folder or
 * back to the original source (rsync daemon module / SSH / local folder), with `-rt` (cwRsync-safe).
 * `mirror` also deletes what the snapshot lacks — the UI asks for it separately because it is
 * destructive — but never the paths the job excludes: they were never backed up, so the push carries
 * the source's excludes, which also protect them from deletion.
 *
 * What is read stays inside the snapshot: the chosen folder or file is resolved (symlinks included)
 * and must lie inside the item's folder, which must lie inside the snapshot; rsync copies symlinks
 * inside the tree as links, never what they point to.
 *
 * Afterwards the target is checked against the per-file list, file by file: a local folder is walked
 * and every restored file hashed; a remote target (rsync daemon, SSH) is asked with a second, dry-run
 * rsync comparing content (`--checksum`): nothing left to copy means every file is there, byte for byte.
 * (Snapshots made before per-file lists are compared by presence and size, and the check says so.)
 * Files that check finds with other content — left by rsync's quick check, which compares only size
 * and time — are copied once more by content and the target is checked again.
 */
import { lstat, mkdir, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { FilesLocation } from '../config/files-location.js';
import { KuraError, toKuraError } from '../errors.js';
import { checkTree, isConfined } from '../snapshot/file-list-check.js';
import type { FilesManifestItem } from '../snapshot/manifest.js';
import { describeLocation, pushFiles, type PushFilesOptions, type RemoteShellProgram, type RsyncClient } from '../tools/rsync/index.js';
import { treeStats } from '../util/tree-stats.js';
import type { RestoreCheck, RestoreOutcome, RestoreRunOptions } from './types.js';
import { msg, type MessageData } from '../../shared/messages/index.js';
import { asMessage } from './said.js';

type PushInput = Omit<PushFilesOptions, 'onProgress'>;

export type FilesRestoreTarget =
  | { kind: 'folder'; path: string }
  | {
      kind: 'source';
      location: FilesLocation;
      password: string | null;
      sshKeyPath?: string;
      sshPort?: number;
      /** `"via": "ssh"` sources: rsync's remote shell over the job's SSH connection, one per rsync run. */
      shell?: () => Promise<RemoteShellProgram & { release(): Promise<void> }>;
    };

export interface FilesRestoreOptions extends RestoreRunOptions {
  client: RsyncClient;
  item: FilesManifestItem;
  snapshotPath: string;
  target: FilesRestoreTarget;
  /** A folder or file inside the item, "/"-separated; empty for the whole tree. */
  subPath: string;
  mirror: boolean;
  /** The job's exclude patterns for this source: left alone (never deleted) at the target. */
  exclude: string[];
}

/** Normalises `--path`: relative, "/"-separated, no "..", no leading "/". */
export function normaliseSubPath(p: string | undefined): string {
  if (!p) return '';
  const norm = posix.normalize(p.replace(/\\/g, '/')).replace(/^\/+|\/+$/g, '');
  if (norm === '.' || norm === '') return '';
  if (norm.split('/').includes('..')) {
    throw new KuraError({ code: 'restore-path-leaves-snapshot', params: { path: p }, category: 'config' });
  }
  return norm;
}

/**
 * The snapshot folder or file a restore reads, after proving it lies inside the snapshot: a symlink
 * in the snapshot (or a manifest naming another path) must never lead the restore elsewhere.
 */
export async function restoreSourcePath(snapshotPath: string, item: FilesManifestItem, sub: string): Promise<{ itemRoot: string; fromPath: string }> {
  const itemRoot = join(snapshotPath, item.path);
  const fromPath = sub ? join(itemRoot, ...sub.split('/')) : itemRoot;
  if (!isConfined(snapshotPath, itemRoot) || !isConfined(itemRoot, fromPath)) {
    throw new KuraError({ code: 'snapshot-path-escapes', params: { source: item.source, path: sub || '/' }, category: 'data' });
  }
  return { itemRoot, fromPath };
}

export async function restoreFilesItem(opts: FilesRestoreOptions): Promise<RestoreOutcome> {
  const steps: MessageData[] = [];
  const sub = opts.subPath;
  const { itemRoot, fromPath } = await restoreSourcePath(opts.snapshotPath, opts.item, sub);
  const fromStat = await lstat(fromPath).catch(() => null);
  if (!fromStat) {
    throw new KuraError({ code: 'path-not-in-snapshot', params: { path: sub, source: opts.item.source }, category: 'config' });
  }
  const location: FilesLocation = opts.target.kind === 'folder' ? { kind: 'local', path: opts.target.path } : opts.target.location;
  const password = opts.target.kind === 'source' ? opts.target.password : null;
  try {
    if (opts.target.kind === 'folder') await mkdir(opts.target.path, { recursive: true });
    opts.onProgress?.({ kind: 'step', sourceId: opts.item.source, step: 'files', message: sub ? msg('progress-restore-files-path', { path: sub, to: describeLocation(location) }) : msg('progress-restore-files-all', { to: describeLocation(location) }) });
    const push: PushInput = {
      client: opts.client,
      fromDir: itemRoot,
      location,
      relativePath: sub || undefined,
      mode: opts.mirror && fromStat.isDirectory() ? 'mirror' : 'merge',
      exclude: opts.exclude,
      password,
      sshKeyPath: opts.target.kind === 'source' ? opts.target.sshKeyPath : undefined,
      sshPort: opts.target.kind === 'source' ? opts.target.sshPort : undefined,
      signal: opts.signal,
      logger: opts.logger,
    };
    const onProgress: PushFilesOptions['onProgress'] = (p) => opts.onProgress?.({ kind: 'files', sourceId: opts.item.source, files: p.files, bytes: p.bytes, totalFiles: p.totalFiles });
    const result = await push1(opts.target, { ...push, reportTransferred: true, onProgress });
    const copied = { path: sub || '/', source: opts.item.source, to: describeLocation(location), count: result.stats.filesTransferred };
    steps.push(push.mode === 'mirror' ? msg('files-restore-copied-mirror', { ...copied, deleted: result.deleted.length }) : msg('files-restore-copied', copied));
    // rsync's caveats (vanished or unreadable files), as the rsync module words them.
    for (const w of result.warnings) steps.push(asMessage(w));
    let verification = await verifyFilesRestore(opts, push, fromPath, fromStat.isDirectory());
    if (contentDiffers(verification)) {
      // rsync's quick check (size and time) skips a file whose content changed behind the same size and
      // time (an intruder's `touch -r`): copied again, compared by content, then checked again.
      const again = await push1(opts.target, { ...push, mode: 'merge', checksum: true, onProgress });
      steps.push(msg('files-restore-recopied', { to: copied.to, count: again.stats.filesTransferred }));
      for (const w of again.warnings) steps.push(asMessage(w));
      verification = await verifyFilesRestore(opts, push, fromPath, fromStat.isDirectory());
    }
    const ok = verification.every((c) => c.ok);
    return { status: ok ? 'success' : 'failed', steps, verification, safetyBackup: null, error: ok ? null : verificationError(verification) };
  } catch (err) {
    const e = toKuraError(err);
    return { status: e.category === 'cancelled' ? 'cancelled' : 'failed', steps, verification: [], safetyBackup: null, error: e.toJSON() };
  }
}

/** The check found files whose content differs from the snapshot's (a copy by content can mend them). */
function contentDiffers(verification: readonly RestoreCheck[]): boolean {
  return verification.some((c) => !c.ok && (c.detail.code === 'files-detail-damaged' || c.detail.code === 'files-detail-remote-differ'));
}

/** One rsync push, through the job's SSH connection when the target goes that way. */
async function push1(target: FilesRestoreTarget, input: PushFilesOptions): ReturnType<typeof pushFiles> {
  const shell = target.kind === 'source' && target.shell ? await target.shell() : null;
  try {
    return await pushFiles(shell ? { ...input, remoteShell: shell } : input);
  } finally {
    await shell?.release();
  }
}

/**
 * What a restore would replace at the target (files there whose content differs from the snapshot's)
 * and, for a `mirror` restore, delete — found with a dry run of the same push: the plan names them
 * (and their count) before anything is touched, and asks for the typed confirmation when there are
 * any. Excluded paths are not among them.
 */
export async function plannedChanges(opts: Omit<FilesRestoreOptions, keyof RestoreRunOptions> & RestoreRunOptions): Promise<{ replaced: string[]; deleted: string[] }> {
  const none = { replaced: [], deleted: [] };
  const { itemRoot, fromPath } = await restoreSourcePath(opts.snapshotPath, opts.item, opts.subPath);
  const fromStat = await lstat(fromPath).catch(() => null);
  if (!fromStat) return none;
  if (opts.target.kind === 'folder' && !(await stat(opts.target.path).catch(() => null))) return none;
  const dry = await push1(opts.target, {
    client: opts.client,
    fromDir: itemRoot,
    location: opts.target.kind === 'folder' ? { kind: 'local', path: opts.target.path } : opts.target.location,
    relativePath: opts.subPath || undefined,
    mode: opts.mirror && fromStat.isDirectory() ? 'mirror' : 'merge',
    exclude: opts.exclude,
    password: opts.target.kind === 'source' ? opts.target.password : null,
    sshKeyPath: opts.target.kind === 'source' ? opts.target.sshKeyPath : undefined,
    sshPort: opts.target.kind === 'source' ? opts.target.sshPort : undefined,
    dryRun: true,
    reportTransferred: true,
    signal: opts.signal,
    logger: opts.logger,
  });
  return { replaced: dry.replaced.map((d) => d.toString('utf8')), deleted: dry.deleted.map((d) => d.toString('utf8')) };
}

/**
 * Proves the target holds what was restored (see the file comment). For a whole tree, the snapshot's
 * own count is also compared with the manifest.
 */
async function verifyFilesRestore(opts: FilesRestoreOptions, push: PushInput, fromPath: string, isDir: boolean): Promise<RestoreCheck[]> {
  const checks: RestoreCheck[] = [];
  const restored = msg('restore-check-restored-files', {});
  const list = opts.item.list;
  if (push.location.kind === 'local' && list) {
    const check = await checkTree({
      root: push.location.path,
      listFile: join(opts.snapshotPath, list.path),
      listSha256: list.sha256,
      sub: opts.subPath ? Buffer.from(opts.subPath) : null,
      allowExtra: true,
      signal: opts.signal,
    });
    // Each kind of problem its own failed check, with an example.
    if (!check.listOk) checks.push({ check: restored, ok: false, detail: msg('files-detail-list-damaged', { problem: String(check.listProblem) }) });
    if (check.counts.missing) checks.push({ check: restored, ok: false, detail: msg('files-detail-missing', { count: check.counts.missing, example: String(check.missing[0]) }) });
    if (check.counts.damaged) checks.push({ check: restored, ok: false, detail: msg('files-detail-damaged', { count: check.counts.damaged, example: String(check.damaged[0]!.path) }) });
    if (check.counts.wrongKind) checks.push({ check: restored, ok: false, detail: msg('files-detail-wrong-kind', { count: check.counts.wrongKind, example: String(check.wrongKind[0]) }) });
    if (checks.length === 0) checks.push({ check: restored, ok: true, detail: msg('files-detail-hashed', { count: check.files, bytes: check.bytes }) });
    return checks;
  }
  const expected = isDir ? await treeStats(fromPath, opts.signal) : { files: 1, bytes: (await stat(fromPath)).size };
  if (!opts.subPath && !list) {
    const ok = expected.files === opts.item.files && expected.bytes === opts.item.bytes;
    checks.push({
      check: msg('restore-check-snapshot-files', {}),
      ok,
      detail: ok
        ? msg('files-detail-as-manifest', { count: expected.files, bytes: expected.bytes })
        : msg('files-detail-manifest-differs', { count: expected.files, bytes: expected.bytes, manifestFiles: opts.item.files, manifestBytes: opts.item.bytes }),
    });
  }
  if (push.location.kind === 'local') {
    const targetPath = opts.subPath ? join(push.location.path, ...opts.subPath.split('/')) : push.location.path;
    const { missing, differing, files, bytes } = await compareTrees(fromPath, targetPath, isDir, opts.signal);
    const ok = missing.length === 0 && differing.length === 0 && files === expected.files && bytes === expected.bytes;
    checks.push({
      check: restored,
      ok,
      detail: ok
        ? msg('files-detail-present', { count: files, bytes })
        : msg('files-detail-missing-differing', { missing: missing.length, differing: differing.length, example: missing[0] ?? differing[0] ?? '—' }),
    });
  } else {
    // The snapshot side was checked against its list before the restore; --checksum compares content.
    const again = await push1(opts.target, { ...push, mode: 'merge', dryRun: true, checksum: true, onProgress: undefined });
    const left = again.stats.filesTransferred;
    checks.push({
      check: restored,
      ok: left === 0,
      detail: left === 0 ? msg('files-detail-remote-match', { count: expected.files, where: describeLocation(push.location) }) : msg('files-detail-remote-differ', { count: left }),
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
  const failed = checks.filter((c) => !c.ok).length;
  return new KuraError({ code: 'restore-verify-failed', params: { failed, count: checks.length }, category: 'data' }).toJSON();
}
