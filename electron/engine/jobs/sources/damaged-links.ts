/**
 * Keeps a damaged file out of the new snapshot. rsync's `--link-dest` links a file when its size and
 * time equal the server's, and bit rot changes neither, so a file `kura verify` found damaged would
 * otherwise be linked into every new snapshot, forever. After the pull, every new entry that is the
 * very inode named in the job's damage record (snapshot/damage-registry.ts) is unlinked and copied
 * afresh from the server, and the run says so.
 */
import { lstatSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { readDamage } from '../../snapshot/damage-registry.js';
import { unescapePath } from '../../snapshot/file-list.js';
import { describeLocation, pullFiles, type PullFilesOptions, type TransferResult } from '../../tools/rsync/index.js';
import { joinBytes } from '../../util/tree-walk.js';
import type { SourceRunContext } from '../run-context.js';
import { nameSome, withFilesFrom } from './files-from-list.js';

export interface BreakLinksInput {
  ctx: SourceRunContext;
  sourceId: string;
  destDir: string;
  /** How the item was pulled (the same server, password and options fetch the files again). */
  pull: PullFilesOptions;
  /** Runs one rsync pull (through the job's SSH connection where the source uses it). */
  runPull?: (opts: PullFilesOptions) => Promise<TransferResult>;
}

/** Returns the warning to record, or null when no damaged file was linked. */
export async function breakDamagedLinks(input: BreakLinksInput): Promise<string | null> {
  const damage = (await readDamage(dirname(input.ctx.partialPath))).filter((e) => e.source === input.sourceId);
  if (damage.length === 0) return null;
  const broken: Buffer[] = [];
  const names: string[] = [];
  const snapshots = new Set<string>();
  const root = Buffer.from(input.destDir);
  for (const e of damage) {
    const rel = unescapePath(e.path);
    const abs = joinBytes(root, rel);
    const s = lstatSync(abs, { bigint: true, throwIfNoEntry: false });
    if (!s || String(s.dev) !== e.dev || String(s.ino) !== e.ino) continue;
    await rm(abs);
    broken.push(rel);
    names.push(e.path);
    e.snapshots.forEach((id) => snapshots.add(id));
  }
  if (broken.length === 0) return null;
  input.ctx.logger.log('warn', `Files "${input.sourceId}": not sharing ${broken.length} damaged files with earlier snapshots; fetching them again`);
  // A file gone from the server since the main pull is a warning of this pull (listed files).
  const runPull = input.runPull ?? pullFiles;
  const r = await withFilesFrom(broken, (filesFrom) => runPull({ ...input.pull, linkDestDir: null, filesFrom }));
  const refetch = r.warnings.length > 0 ? ` (${r.warnings.join(' ')})` : '';
  return (
    `${broken.length} files that kura verify found damaged in earlier snapshots (${[...snapshots].sort().join(', ')}) were copied afresh ` +
    `from ${describeLocation(input.pull.location)} instead of being shared with the damaged copies: ${nameSome(names)}${refetch}`
  );
}
