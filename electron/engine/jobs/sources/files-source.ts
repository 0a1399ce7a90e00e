/**
 * Backs up a files source: rsync into `files/<sourceId>/` of the new snapshot, hard-linking unchanged
 * files against the same source in the previous snapshot (`--link-dest`), so every snapshot is a full,
 * browsable folder tree that costs only the changed files on disk — and then makes that tree
 * checkable file by file:
 *   1. files `kura verify` found damaged earlier are never shared with the new snapshot: rsync would
 *      link them (bit rot keeps size and time), so they are unlinked and fetched afresh (damaged-links.ts);
 *   2. files rsync copied in this run are checked against the server once more: one whose size or time
 *      changed since rsync read it may be torn — it is kept, named in a warning and in the manifest's
 *      `torn`, and never called verified (torn-files.ts);
 *   3. the per-file list (`files/<sourceId>.files`: every folder, file and symlink with its sha256) is
 *      written, hashing only what this run copied and carrying the hashes of linked files over from
 *      the previous list (snapshot/file-list-build.ts);
 *   4. meanwhile the tree is written out to the disk (snapshot/durable-files.ts): rsync does not fsync.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FilesSource, Job } from '../../config/schema.js';
import type { FilesLocation } from '../../config/files-location.js';
import { parseFilesLocation } from '../../config/files-location.js';
import { KuraError } from '../../errors.js';
import type { FilesManifestItem } from '../../snapshot/manifest.js';
import { filesItemPath } from '../../snapshot/artifact-names.js';
import { fileListPath } from '../../snapshot/file-list.js';
import { buildFileList, listFileIn } from '../../snapshot/file-list-build.js';
import { PreviousHashes, type PreviousList } from '../../snapshot/previous-hashes.js';
import { describeLocation, detectRsync, rsyncHomeOptions, pullFiles, type PullFilesOptions, type TransferResult } from '../../tools/rsync/index.js';
import { newestHolding, type SourceRunContext } from '../run-context.js';
import { isDirectory } from '../../util/fs-probe.js';
import { breakDamagedLinks } from './damaged-links.js';
import { findTornFiles } from './torn-files.js';
import { Prehasher } from '../../snapshot/prehash.js';
import { Precarrier } from '../../snapshot/precarry.js';
import { DurableWrite } from '../../snapshot/durable-files.js';
import { msg, nestedMessage, type MessageData } from '../../../shared/messages/index.js';
import { renderLoose } from '../../../shared/messages/render.js';

/**
 * The item as the manifest records it (its warnings in English: an admin reads manifest.json without
 * Kura) and the same warnings as data for the run history, said in the admin's language.
 */
export interface FilesBackup {
  item: FilesManifestItem;
  warnings: MessageData[];
}

export async function backupFilesSource(ctx: SourceRunContext, source: FilesSource): Promise<FilesBackup> {
  const started = Date.now();
  const location = filesSourceLocation(ctx.job, source);
  const relPath = filesItemPath(source.id);
  const destDir = join(ctx.partialPath, relPath);
  await mkdir(destDir, { recursive: true });

  // The base: the newest snapshot (in the time order) that holds this item, and its file list.
  let linkDestDir: string | null = null;
  let previousList: PreviousList | null = null;
  const base = newestHolding(ctx.previousSnapshots, (i): i is FilesManifestItem => i.type === 'files' && i.source === source.id);
  if (base && (await isDirectory(join(base.snap.path, relPath)))) {
    linkDestDir = join(base.snap.path, relPath);
    const list = base.item.list;
    if (list) previousList = { itemDir: linkDestDir, listFile: listFileIn(base.snap.path, list.path), listSha256: list.sha256 };
  }

  const warnItem = (m: MessageData) => ctx.logger.say('warn', msg('log-item-warning', { source: source.id, warning: nestedMessage(m) }));

  const client = await (ctx.rsync ?? detectRsync(ctx.tools, rsyncHomeOptions(ctx.home)));
  const password = location.kind === 'daemon' ? await ctx.secret(source.passwordRef) : null;
  ctx.onProgress({ kind: 'step', sourceId: source.id, step: 'files', message: msg('progress-files-copy', { from: describeLocation(location) }) });
  ctx.logger.say('info', msg(linkDestDir ? 'log-files-start~linked' : 'log-files-start', { source: source.id, from: describeLocation(location) }));
  const pull: PullFilesOptions = {
    client,
    location,
    password,
    sshKeyPath: source.sshKeyPath,
    sshPort: source.sshPort,
    destDir,
    linkDestDir,
    exclude: source.exclude,
    signal: ctx.signal,
    logger: ctx.logger,
  };
  // Each rsync of this item (the pull, a re-fetch, the torn-file check) gets its own remote shell
  // through the job's SSH connection; a failure is explained by the connection when it broke meanwhile.
  const runPull = async (opts: PullFilesOptions): Promise<TransferResult> => {
    const shell = source.via === 'ssh' ? await ctx.link.rsyncShell() : null;
    try {
      return await pullFiles(shell ? { ...opts, remoteShell: shell } : opts);
    } catch (err) {
      throw ctx.link.explain(err);
    } finally {
      await shell?.release();
    }
  };
  // Files rsync has finished are hashed while it copies the rest (a first snapshot copies everything).
  const prehasher = new Prehasher(destDir, ctx.signal);
  // The previous list is read (and its files' inodes looked up) while rsync copies: started once
  // rsync has started, so the reading never delays rsync's own start on the event loop.
  let previousHashes: PreviousHashes | null = null;
  const readPrevious = () => (previousHashes ??= previousList ? new PreviousHashes(previousList, warnItem, ctx.signal) : null);
  // A failed run closes it (the list build closes it otherwise): an open file keeps Windows from deleting its snapshot.
  const closePrevious = () => (previousHashes as PreviousHashes | null)?.close();
  // The files rsync hard-links get the previous list's hashes while rsync runs (precarry.ts).
  let precarrier: Precarrier | null = null;
  // The tree is written out to the disk once it is complete (durable-files.ts); prepared as rsync starts.
  let onDisk: DurableWrite | null = null;
  const onRsyncStarted = () => {
    onDisk ??= new DurableWrite(ctx.signal);
    const previous = readPrevious();
    if (previous) precarrier = new Precarrier(destDir, previous, ctx.signal);
  };
  let result: TransferResult;
  try {
    result = await runPull({
      ...pull,
      reportTransferred: true,
      onTransferred: (rel) => prehasher.add(rel),
      onStarted: onRsyncStarted,
      onProgress: (p) => ctx.onProgress({ kind: 'files', sourceId: source.id, files: p.files, bytes: p.bytes, totalFiles: p.totalFiles }),
    });
  } catch (err) {
    (onDisk as DurableWrite | null)?.drop();
    await prehasher.finish();
    await (precarrier as Precarrier | null)?.discard();
    await closePrevious();
    throw err;
  }
  const precarried = await (precarrier as Precarrier | null)?.complete();
  const prehashed = await prehasher.complete();
  const warnings = [...result.warnings];

  let torn: Awaited<ReturnType<typeof findTornFiles>>;
  try {
    const relinked = await breakDamagedLinks({ ctx, sourceId: source.id, destDir, pull, runPull });
    if (relinked) {
      warnings.push(relinked);
      // Links were replaced by fresh copies after rsync: the list looks at every file itself.
      await (precarrier as Precarrier | null)?.discard();
    }
    torn = await findTornFiles({ pull, runPull, transferred: result.transferred, destDir, logger: ctx.logger, stored: (rel) => prehashed.get(rel.toString('latin1')) });
  } catch (err) {
    (onDisk as DurableWrite | null)?.drop();
    await closePrevious();
    throw err;
  }
  if (torn.warning) warnings.push(torn.warning);
  for (const w of warnings) warnItem(w);
  // Nothing more is copied into the tree: it is written out to the disk while the list is made.
  const durable = (onDisk as DurableWrite | null) ?? new DurableWrite(ctx.signal);
  durable.start(destDir);

  ctx.onProgress({ kind: 'step', sourceId: source.id, step: 'files', message: msg('progress-files-check', { source: source.id }) });
  const listStarted = Date.now();
  const listRel = fileListPath(relPath);
  const list = await buildFileList({
    itemDir: destDir,
    listFile: listFileIn(ctx.partialPath, listRel),
    previous: readPrevious(),
    prehashed,
    ...(precarried ? { precarried } : {}),
    signal: ctx.signal,
    collectWritten: process.platform === 'win32',
  });
  const listMs = Date.now() - listStarted;
  // A first night's gigabytes can take a while to reach a slow USB disk: the progress line says so.
  if (!durable.written) ctx.onProgress({ kind: 'step', sourceId: source.id, step: 'files', message: msg('progress-files-on-disk', { source: source.id }) });
  ctx.logger.say('info', msg('log-files-on-disk', { source: source.id, ms: await durable.finish(list.written) }));
  if (list.skippedSpecial.length > 0) {
    ctx.logger.say('warn', msg('log-files-special', { source: source.id, count: list.skippedSpecial.length }));
  }
  ctx.logger.say(
    'info',
    msg('log-files-summary', {
      source: source.id,
      files: list.files,
      bytes: list.bytes,
      hashedFiles: list.hashedFiles,
      hashedBytes: list.hashedBytes,
      prehashedBytes: prehasher.hashedDuringCopy,
      carriedFiles: list.carriedFiles,
      ms: listMs,
      sha256: list.sha256,
    }),
  );
  const item: FilesManifestItem = {
    source: source.id,
    type: 'files',
    path: relPath,
    from: describeLocation(location),
    files: list.files,
    bytes: list.bytes,
    durationMs: Date.now() - started,
    warnings: warnings.map((w) => renderLoose('en', w.code, w.params).message),
    list: { path: listRel, sha256: list.sha256, entries: list.entries },
    torn: torn.paths,
  };
  return { item, warnings };
}

/**
 * Where a files source's data is: its `from` as typed, or — through the job's server connection —
 * that folder on the SSH server, as `user@host:/folder` (rsync's SSH spelling, also what logs show).
 */
export function filesSourceLocation(job: Pick<Job, 'ssh'>, source: Pick<FilesSource, 'id' | 'from' | 'via'>): FilesLocation {
  if (source.via === 'ssh') {
    if (!job.ssh) throw new KuraError({ code: 'config-invalid~no-connection', params: { source: source.id }, category: 'config' });
    return { kind: 'ssh', user: job.ssh.user, host: job.ssh.host, path: source.from };
  }
  const parsed = parseFilesLocation(source.from);
  if (!parsed.ok) throw new KuraError({ code: 'config-invalid~address', params: { source: source.id, problem: nestedMessage(parsed.problem) }, category: 'config' });
  return parsed.location;
}
