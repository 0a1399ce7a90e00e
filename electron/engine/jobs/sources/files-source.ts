/**
 * Backs up a files source: rsync into `files/<sourceId>/` of the new snapshot, hard-linking unchanged
 * files against the same source in the previous complete snapshot (`--link-dest`), so every snapshot
 * is a full, browsable folder tree that costs only the changed files on disk.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FilesSource, Job } from '../../config/schema.js';
import type { FilesLocation } from '../../config/files-location.js';
import { knownHostsPath } from '../../tools/ssh/index.js';
import { parseFilesLocation } from '../../config/files-location.js';
import { KuraError } from '../../errors.js';
import type { FilesManifestItem } from '../../snapshot/manifest.js';
import { filesItemPath } from '../../snapshot/artifact-names.js';
import { describeLocation, detectRsync, pullFiles, totalsFromStats } from '../../tools/rsync/index.js';
import { treeStats } from '../../util/tree-stats.js';
import type { SourceRunContext } from '../run-context.js';
import { isDirectory } from '../../util/fs-probe.js';

export async function backupFilesSource(ctx: SourceRunContext, source: FilesSource): Promise<FilesManifestItem> {
  const started = Date.now();
  const location = filesSourceLocation(ctx.job, source);
  const relPath = filesItemPath(source.id);
  const destDir = join(ctx.partialPath, relPath);
  await mkdir(destDir, { recursive: true });
  const destWasEmpty = (await readdir(destDir)).length === 0;

  let linkDestDir: string | null = null;
  if (ctx.previousSnapshotPath) {
    const candidate = join(ctx.previousSnapshotPath, relPath);
    if (await isDirectory(candidate)) linkDestDir = candidate;
  }

  const client = await detectRsync(ctx.tools, { knownHostsFile: knownHostsPath(ctx.home) });
  const password = location.kind === 'daemon' ? await ctx.secret(source.passwordRef) : null;
  const shell = source.via === 'ssh' ? await ctx.link.rsyncShell() : null;
  ctx.onProgress({ kind: 'step', sourceId: source.id, step: 'files', message: `Copying files from ${describeLocation(location)}` });
  ctx.logger.log('info', `Files "${source.id}": rsync from ${describeLocation(location)}${linkDestDir ? ' (unchanged files hard-linked to the previous snapshot)' : ''}`);
  const result = await pullFiles({
    client,
    location,
    password,
    sshKeyPath: source.sshKeyPath,
    sshPort: source.sshPort,
    ...(shell ? { remoteShell: shell } : {}),
    destDir,
    linkDestDir,
    exclude: source.exclude,
    signal: ctx.signal,
    onProgress: (p) => ctx.onProgress({ kind: 'files', sourceId: source.id, files: p.files, bytes: p.bytes, totalFiles: p.totalFiles }),
    logger: ctx.logger,
  })
    .catch((err: unknown) => {
      throw ctx.link.explain(err);
    })
    .finally(() => shell?.release());
  for (const w of result.warnings) ctx.logger.log('warn', `Files "${source.id}": ${w}`);

  // What the manifest promises and `kura verify` re-counts on disk: rsync's own totals when they
  // provably equal a walk of the new folder (nothing copied, nothing odd — see totalsFromStats),
  // else a walk of what is actually on disk.
  const fromRsync = totalsFromStats(result, destWasEmpty);
  const stats = fromRsync ?? (await treeStats(destDir, ctx.signal));
  ctx.logger.log('info', `Files "${source.id}": ${stats.files} files, ${stats.bytes} bytes${fromRsync ? ' (from rsync, every file unchanged)' : ''}`);
  return {
    source: source.id,
    type: 'files',
    path: relPath,
    from: describeLocation(location),
    files: stats.files,
    bytes: stats.bytes,
    durationMs: Date.now() - started,
    warnings: result.warnings,
  };
}

/**
 * Where a files source's data is: its `from` as typed, or — through the job's server connection —
 * that folder on the SSH server, as `user@host:/folder` (rsync's SSH spelling, also what logs show).
 */
export function filesSourceLocation(job: Pick<Job, 'ssh'>, source: Pick<FilesSource, 'id' | 'from' | 'via'>): FilesLocation {
  if (source.via === 'ssh') {
    if (!job.ssh) throw new KuraError({ code: 'config-invalid', category: 'config', message: `Source "${source.id}" goes through SSH, but the job has no server connection.` });
    return { kind: 'ssh', user: job.ssh.user, host: job.ssh.host, path: source.from };
  }
  const parsed = parseFilesLocation(source.from);
  if (!parsed.ok) throw new KuraError({ code: 'config-invalid', category: 'config', message: `Source "${source.id}": "${source.from}" ${parsed.reason}.` });
  return parsed.location;
}
