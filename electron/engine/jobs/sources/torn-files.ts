/**
 * Finds files that changed while rsync copied them. rsync reads a file once and stores what it read;
 * a file rewritten meanwhile (an image being regenerated, a log, a cache) arrives as a mix of old and
 * new bytes — and rsync reports success, because its checksum covers the bytes it sent.
 *
 * After the pull, each file copied in this run is compared with the server again: if its size or
 * modification time now differ from what was stored, it changed between rsync's read and the end of
 * the item, and its copy may be torn. (A file that was not copied — linked or unchanged — was not read
 * in this run and cannot be torn by it; on a quiet night nothing is checked twice.) A local source is
 * compared with lstat; a remote one with a dry run of the same rsync over just those files.
 */
import { lstatSync } from 'node:fs';
import type { Logger } from '../../progress.js';
import { toKuraError } from '../../errors.js';
import { escapePath } from '../../snapshot/file-list.js';
import { describeLocation, pullFiles, type PullFilesOptions, type TransferResult } from '../../tools/rsync/index.js';
import { joinBytes } from '../../util/tree-walk.js';
import { nameSome, withFilesFrom } from './files-from-list.js';

export interface TornInput {
  pull: PullFilesOptions;
  /** Runs one rsync pull (through the job's SSH connection where the source uses it). */
  runPull?: (opts: PullFilesOptions) => Promise<TransferResult>;
  /** Files whose data the pull copied, relative to the item. */
  transferred: readonly Buffer[];
  destDir: string;
  logger?: Logger;
}

export interface TornResult {
  /** The paths (escaped as in the file list) whose copy may be torn. */
  paths: string[];
  warning: string | null;
}

export async function findTornFiles(input: TornInput): Promise<TornResult> {
  if (input.transferred.length === 0) return { paths: [], warning: null };
  const where = describeLocation(input.pull.location);
  let changed: Buffer[];
  try {
    changed = input.pull.location.kind === 'local' ? changedLocally(input.pull.location.path, input.destDir, input.transferred) : await changedRemotely(input);
  } catch (err) {
    const e = toKuraError(err);
    if (e.category === 'cancelled') throw e;
    input.logger?.log('warn', `Could not check whether files changed while they were copied: ${e.message}`);
    return {
      paths: [],
      warning: `Kura could not confirm that the ${input.transferred.length} files copied from ${where} in this run did not change while they were copied (${e.message}).`,
    };
  }
  if (changed.length === 0) return { paths: [], warning: null };
  const paths = changed.map(escapePath);
  return {
    paths,
    warning:
      `${paths.length} files changed on ${where} while they were being copied, so their copies may be torn (part old, part new): ${nameSome(paths)}. ` +
      'They are kept but not counted as verified; the next backup copies them again.',
  };
}

function changedLocally(sourcePath: string, destDir: string, transferred: readonly Buffer[]): Buffer[] {
  const src = Buffer.from(sourcePath.replace(/[\\/]+$/, ''));
  const dst = Buffer.from(destDir);
  return transferred.filter((rel) => {
    const now = lstatSync(joinBytes(src, rel), { throwIfNoEntry: false });
    const stored = lstatSync(joinBytes(dst, rel), { throwIfNoEntry: false });
    if (!now || !stored) return false; // gone from the server since: what was read is what was stored
    return now.size !== stored.size || Math.floor(now.mtimeMs / 1000) !== Math.floor(stored.mtimeMs / 1000);
  });
}

async function changedRemotely(input: TornInput): Promise<Buffer[]> {
  // The same pull again, dry, over just those files: whatever rsync would copy again has changed.
  const runPull = input.runPull ?? pullFiles;
  const again = await withFilesFrom(input.transferred, (filesFrom) =>
    runPull({ ...input.pull, linkDestDir: null, filesFrom, dryRun: true, reportTransferred: true, onProgress: undefined }),
  );
  return again.transferred;
}
