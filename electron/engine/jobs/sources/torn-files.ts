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
import { sayTo, type Logger } from '../../progress.js';
import { messageOf, toKuraError } from '../../errors.js';
import { listParam, msg, nestedMessage, type MessageData } from '../../../shared/messages/index.js';
import { escapePath } from '../../snapshot/file-list.js';
import { describeLocation, pullFiles, type PullFilesOptions, type TransferResult } from '../../tools/rsync/index.js';
import { joinBytes } from '../../util/tree-walk.js';
import { MAX_NAMED, withFilesFrom } from './files-from-list.js';

export interface TornInput {
  pull: PullFilesOptions;
  /** Runs one rsync pull (through the job's SSH connection where the source uses it). */
  runPull?: (opts: PullFilesOptions) => Promise<TransferResult>;
  /** Files whose data the pull copied, relative to the item. */
  transferred: readonly Buffer[];
  destDir: string;
  logger?: Logger;
  /**
   * The stored copy's size and whole-ms mtime where already known (the prehasher's lstat of it: nothing
   * but this run's rsync writes there, and it had exited), by path (latin1 of the bytes); the rest is
   * looked at. Saves an lstat per copied file of a first snapshot.
   */
  stored?: (rel: Buffer) => { size: number; mtimeMs: number } | undefined;
}

export interface TornResult {
  /** The paths (escaped as in the file list) whose copy may be torn. */
  paths: string[];
  warning: MessageData | null;
}

export async function findTornFiles(input: TornInput): Promise<TornResult> {
  if (input.transferred.length === 0) return { paths: [], warning: null };
  const where = describeLocation(input.pull.location);
  let changed: Buffer[];
  try {
    changed = input.pull.location.kind === 'local' ? changedLocally(input.pull.location.path, input.destDir, input.transferred, input.stored) : await changedRemotely(input);
  } catch (err) {
    const e = toKuraError(err);
    if (e.category === 'cancelled') throw e;
    const reason = nestedMessage(messageOf(e));
    sayTo(input.logger, 'warn', msg('log-torn-check-failed', { reason }));
    return { paths: [], warning: msg('run-torn-unchecked', { count: input.transferred.length, where, reason }) };
  }
  if (changed.length === 0) return { paths: [], warning: null };
  const paths = changed.map(escapePath);
  return { paths, warning: msg('run-torn-files', { count: paths.length, where, files: listParam(paths, MAX_NAMED) }) };
}

function changedLocally(sourcePath: string, destDir: string, transferred: readonly Buffer[], known: TornInput['stored']): Buffer[] {
  const src = Buffer.from(sourcePath.replace(/[\\/]+$/, ''));
  const dst = Buffer.from(destDir);
  return transferred.filter((rel) => {
    const now = lstatSync(joinBytes(src, rel), { throwIfNoEntry: false });
    if (!now) return false; // gone from the server since: what was read is what was stored
    const stored = known?.(rel) ?? lstatSync(joinBytes(dst, rel), { throwIfNoEntry: false });
    if (!stored) return false;
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
