/**
 * The rsync steps an off-site copy is made of, each one command against the target:
 *   - fetch the manifests only (to learn which snapshots are complete there),
 *   - create the job's folder,
 *   - push a snapshot's data (hard-linked against the previous snapshot on the target),
 *   - push its manifest (always last: without it the folder is not a snapshot),
 *   - delete a snapshot there (manifest first, then the rest),
 *   - pull one snapshot back (restore on a new PC).
 *
 * Why rsync for everything, even listing and deleting: an rsync daemon module is all many hosting
 * and data-centre plans offer (no shell), and the same commands work unchanged over SSH and for a
 * NAS folder. Deleting is rsync's own idiom: push an empty folder with `--delete` and a filter that
 * selects the doomed folder only; everything else is excluded and so protected from deletion.
 *
 * Flags follow the push rules in tools/rsync/rsync-args.ts (`-rlpt`, cwRsync: `-rt --links
 * --chmod`; `-s -8 --no-h`; `--` before operands). The same flags on every push keep file
 * attributes identical between snapshots on the target, which is what `--link-dest` needs to link.
 */
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FilesLocation } from '../config/files-location.js';
import type { Logger } from '../progress.js';
import { MANIFEST_FILE, readManifest, type Manifest } from '../snapshot/manifest.js';
import { isSnapshotId } from '../snapshot/snapshot-id.js';
import type { RsyncClient } from '../tools/rsync/detect-rsync.js';
import { localOperand, locationOperand, type DaemonSpelling } from '../tools/rsync/rsync-address.js';
import { CONNECT_TIMEOUT_SECONDS, IO_TIMEOUT_SECONDS } from '../tools/rsync/rsync-args.js';
import type { TransferProgress } from '../tools/rsync/rsync-progress.js';
import { transfer, type TransferResult } from '../tools/rsync/rsync-transfer.js';
import { runRsync, sshCommandFor } from '../tools/rsync/run-rsync.js';

/** A resolved off-site location plus what is needed to reach it. */
export interface RemoteEndpoint {
  location: FilesLocation;
  /** rsync daemon password (from the keychain); ignored for SSH and local targets. */
  password: string | null;
  sshKeyPath?: string;
  sshPort?: number;
  /** KiB per second; undefined: unlimited. */
  bwlimit?: number;
  daemonSpelling?: DaemonSpelling;
}

export interface RemoteOpsContext {
  client: RsyncClient;
  /** A folder on this computer for short-lived work folders (manifest index, empty folders). */
  workDir: string;
  signal?: AbortSignal;
  logger?: Logger;
  onProgress?: (p: TransferProgress) => void;
}

export interface RemoteSnapshot {
  id: string;
  jobId: string;
  manifest: Manifest;
  /** The snapshot folder relative to the endpoint ("<jobId>/<id>", "<id>" or ""). */
  sub: string;
}

export interface RemoteIndex {
  /** Complete snapshots (a manifest Kura wrote, matching its folder), oldest first. */
  complete: RemoteSnapshot[];
  /** Snapshot-named folders without a valid manifest: unfinished pushes (or not Kura's). */
  incomplete: Array<{ jobId: string; id: string }>;
  /** Job folders found (layout `jobs`). */
  jobs: string[];
}

/**
 * Which snapshots a target holds, by fetching only the manifests.
 *   layout `jobs`: the endpoint holds `<jobId>/<id>/` (an off-site root); `onlyJob` fetches one job.
 *   layout `auto`: the endpoint is whatever the admin typed after `--from`: an off-site root or a
 *   backup folder (`<jobId>/<id>/`), one job's folder (`<id>/`), or one snapshot folder.
 */
export async function fetchRemoteIndex(
  endpoint: RemoteEndpoint,
  ctx: RemoteOpsContext,
  opts: { layout: 'jobs' | 'auto'; onlyJob?: string },
): Promise<RemoteIndex> {
  const tmp = await workFolder(ctx, 'index-');
  try {
    const job = opts.onlyJob ?? '*';
    const filters =
      opts.layout === 'jobs'
        ? [`--include=/${job}/`, `--include=/${job}/*/`, `--include=/${job}/*/${MANIFEST_FILE}`, '--exclude=*']
        : [`--include=/${MANIFEST_FILE}`, '--include=/*/', `--include=/*/${MANIFEST_FILE}`, '--include=/*/*/', `--include=/*/*/${MANIFEST_FILE}`, '--exclude=*'];
    const source = locationOperand(endpoint.location, { flavour: ctx.client.flavour, spelling: endpoint.daemonSpelling, trailingSlash: true });
    const args = ['-r', ...common(), ...remoteFlags(endpoint, ctx), ...filters, ...source.options, '--', source.operand, localOperand(tmp, ctx.client.flavour)];
    await runRsync({ client: ctx.client, args, operation: 'pull', location: endpoint.location, password: endpoint.password, signal: ctx.signal, logger: ctx.logger });
    const index: RemoteIndex = { complete: [], incomplete: [], jobs: [] };
    const top = (await readdir(tmp)).sort();
    if (opts.layout === 'auto' && top.includes(MANIFEST_FILE)) {
      const manifest = await readManifest(tmp);
      if (manifest) index.complete.push({ id: manifest.id, jobId: manifest.job, manifest, sub: '' });
      return index;
    }
    if (opts.layout === 'auto' && top.some(isSnapshotId)) {
      await collect(tmp, null, '', index);
    } else {
      for (const jobId of top) {
        if (jobId === MANIFEST_FILE) continue;
        index.jobs.push(jobId);
        await collect(join(tmp, jobId), jobId, `${jobId}/`, index);
      }
    }
    index.complete.sort((a, b) => a.id.localeCompare(b.id) || a.jobId.localeCompare(b.jobId));
    return index;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

async function collect(dir: string, jobId: string | null, prefix: string, index: RemoteIndex): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const id of names.filter(isSnapshotId).sort()) {
    const manifest = await readManifest(join(dir, id));
    if (manifest && manifest.id === id && (jobId === null || manifest.job === jobId)) index.complete.push({ id, jobId: manifest.job, manifest, sub: `${prefix}${id}` });
    else index.incomplete.push({ jobId: jobId ?? '', id });
  }
}

/** Creates `<target>/<jobId>/` (rsync creates only the last folder of a destination). */
export async function ensureRemoteFolder(endpoint: RemoteEndpoint, ctx: RemoteOpsContext, sub: string): Promise<void> {
  const empty = await workFolder(ctx, 'mkdir-');
  try {
    const target = locationOperand(endpoint.location, { flavour: ctx.client.flavour, spelling: endpoint.daemonSpelling, subPath: sub, trailingSlash: true });
    const args = ['-r', ...common(), ...remoteFlags(endpoint, ctx), ...target.options, '--', localOperand(empty, ctx.client.flavour), target.operand];
    await runRsync({ client: ctx.client, args, operation: 'push', location: endpoint.location, password: endpoint.password, signal: ctx.signal, logger: ctx.logger });
  } finally {
    await rm(empty, { recursive: true, force: true });
  }
}

/**
 * Pushes a snapshot's files, without its manifest and its records, into `<jobId>/<id>/` on the
 * target, hard-linking unchanged files to `<jobId>/<previousId>/` there. Rerunning it after an
 * interruption only sends what is still missing (rsync writes each file under a temporary name and
 * renames it when whole), and removes the temporary files a killed transfer left.
 *
 * The records (snapshotRecords: the per-file lists, the dumps and RDBs Kura wrote) are left to
 * pushSnapshotRecords: rsync's quick check (size and time to the second) let `--link-dest` link the
 * previous snapshot's list into this one when both lists had the same length and were written in the
 * same second, and the target then held a list that was not the snapshot's.
 */
export async function pushSnapshotData(
  endpoint: RemoteEndpoint,
  ctx: RemoteOpsContext,
  snap: { jobId: string; id: string; path: string },
  previousId: string | null,
  records: readonly string[],
): Promise<TransferResult> {
  const target = snapshotOperand(endpoint, ctx, snap);
  // --delete: the folder is this snapshot's alone; a resumed push must also drop what an interrupted
  // one left behind (a receiver killed mid-file leaves its ".name.XXXXXX" temporary file).
  const args = [...pushAttributes(ctx.client), ...common(), '--delete', '--stats', ...progress(ctx.client), ...remoteFlags(endpoint, ctx), ...bwlimit(endpoint)];
  // Relative to the destination folder, on the receiving side: the previous snapshot beside it.
  if (previousId !== null) args.push(`--link-dest=../${previousId}`);
  args.push(`--exclude=/${MANIFEST_FILE}`, ...records.map((r) => `--exclude=/${literalPattern(r)}`));
  args.push(...target.options, '--', localOperand(snap.path, ctx.client.flavour), target.operand);
  return transfer({ client: ctx.client, location: endpoint.location, password: endpoint.password, signal: ctx.signal, logger: ctx.logger, onProgress: ctx.onProgress }, args, 'push');
}

/**
 * Pushes a snapshot's records (after its data, before its manifest) with `--ignore-times`: each is
 * sent whatever an older file of the same size and time says, never linked. They change every night
 * (a dump, a list), so this costs no link that would have been right.
 */
export async function pushSnapshotRecords(endpoint: RemoteEndpoint, ctx: RemoteOpsContext, snap: { jobId: string; id: string; path: string }, records: readonly string[]): Promise<TransferResult | null> {
  if (records.length === 0) return null;
  const target = snapshotOperand(endpoint, ctx, snap);
  const folders = new Set<string>();
  for (const r of records) for (let i = r.indexOf('/'); i > 0; i = r.indexOf('/', i + 1)) folders.add(r.slice(0, i));
  const filters = [...[...folders].map((f) => `--include=/${literalPattern(f)}/`), ...records.map((r) => `--include=/${literalPattern(r)}`), '--exclude=*'];
  const args = [...pushAttributes(ctx.client), ...common(), '--ignore-times', '--stats', ...progress(ctx.client), ...remoteFlags(endpoint, ctx), ...bwlimit(endpoint), ...filters];
  args.push(...target.options, '--', localOperand(snap.path, ctx.client.flavour), target.operand);
  return transfer({ client: ctx.client, location: endpoint.location, password: endpoint.password, signal: ctx.signal, logger: ctx.logger, onProgress: ctx.onProgress }, args, 'push');
}

/** The files of a snapshot Kura wrote itself, relative to its folder: each item's dump or RDB, each files item's list. */
export function snapshotRecords(manifest: Manifest): string[] {
  return manifest.items.flatMap((item): string[] => {
    switch (item.type) {
      case 'files':
        return item.list ? [item.list.path] : [];
      case 'mysql':
      case 'redis':
        return [item.path];
      default: {
        const never: never = item;
        return never;
      }
    }
  });
}

/**
 * An rsync filter pattern that matches exactly `path`: its wildcard characters escaped (rsync reads
 * a backslash as an escape only in a pattern that holds a wildcard character, which such a path does).
 */
function literalPattern(path: string): string {
  return /[*?[]/.test(path) ? path.replace(/[\\*?[]/g, '\\$&') : path;
}

/** Pushes the manifest alone: the step that makes the copy on the target a complete snapshot. */
export async function pushSnapshotManifest(endpoint: RemoteEndpoint, ctx: RemoteOpsContext, snap: { jobId: string; id: string; path: string }): Promise<void> {
  const target = snapshotOperand(endpoint, ctx, snap);
  const args = [...pushAttributes(ctx.client), ...common(), ...remoteFlags(endpoint, ctx), `--include=/${MANIFEST_FILE}`, '--exclude=*', ...target.options, '--', localOperand(snap.path, ctx.client.flavour), target.operand];
  await runRsync({ client: ctx.client, args, operation: 'push', location: endpoint.location, password: endpoint.password, signal: ctx.signal, logger: ctx.logger });
}

/**
 * Deletes `<jobId>/<id>/` on the target in two steps: `manifest` removes only its manifest (from then
 * on it is no longer a snapshot anywhere), `rest` removes the folder. Two commands because rsync
 * deletes a folder's files in no promised order, and a half-deleted folder that still has its
 * manifest would look like a good snapshot.
 */
export async function deleteRemoteSnapshot(endpoint: RemoteEndpoint, ctx: RemoteOpsContext, jobId: string, id: string, step: 'manifest' | 'rest'): Promise<void> {
  const sender = await workFolder(ctx, 'delete-');
  try {
    const filters = step === 'manifest' ? [`--include=/${id}/`, `--include=/${id}/${MANIFEST_FILE}`, '--exclude=*'] : [`--include=/${id}/***`, '--exclude=*'];
    if (step === 'manifest') await mkdir(join(sender, id));
    const target = locationOperand(endpoint.location, { flavour: ctx.client.flavour, spelling: endpoint.daemonSpelling, subPath: jobId, trailingSlash: true });
    const args = ['-r', ...common(), '--delete', ...remoteFlags(endpoint, ctx), ...filters, ...target.options, '--', localOperand(sender, ctx.client.flavour), target.operand];
    await runRsync({ client: ctx.client, args, operation: 'push', location: endpoint.location, password: endpoint.password, signal: ctx.signal, logger: ctx.logger });
  } finally {
    await rm(sender, { recursive: true, force: true });
  }
}

/** Pulls one snapshot folder (`sub`, relative to the endpoint) into `destDir`, resuming what is there. */
export async function pullRemoteFolder(endpoint: RemoteEndpoint, ctx: RemoteOpsContext, sub: string, destDir: string): Promise<TransferResult> {
  const source = locationOperand(endpoint.location, { flavour: ctx.client.flavour, spelling: endpoint.daemonSpelling, subPath: sub, trailingSlash: true });
  const attrs = ctx.client.flavour === 'cwrsync' ? ['-rt', '--links', '--chmod=ugo=rwX'] : ['-rlpt', '--chmod=Du+rwx,Fu+rw'];
  const args = [...attrs, ...common(), '--stats', ...progress(ctx.client), ...remoteFlags(endpoint, ctx), ...bwlimit(endpoint), ...source.options, '--', source.operand, localOperand(destDir, ctx.client.flavour)];
  await mkdir(destDir, { recursive: true });
  return transfer({ client: ctx.client, location: endpoint.location, password: endpoint.password, signal: ctx.signal, logger: ctx.logger, onProgress: ctx.onProgress }, args, 'pull');
}

async function workFolder(ctx: RemoteOpsContext, prefix: string): Promise<string> {
  await mkdir(ctx.workDir, { recursive: true });
  return mkdtemp(join(ctx.workDir, prefix));
}

/** The snapshot's folder on the target, `<jobId>/<id>/`, as rsync's destination operand. */
function snapshotOperand(endpoint: RemoteEndpoint, ctx: RemoteOpsContext, snap: { jobId: string; id: string }) {
  return locationOperand(endpoint.location, { flavour: ctx.client.flavour, spelling: endpoint.daemonSpelling, subPath: `${snap.jobId}/${snap.id}`, trailingSlash: true });
}

function common(): string[] {
  return ['-s', '-8', '--no-h'];
}

function pushAttributes(client: RsyncClient): string[] {
  switch (client.flavour) {
    case 'rsync':
      return ['-rlpt'];
    case 'cwrsync':
      return ['-rt', '--links', '--chmod=ugo=rwX,go-w'];
  }
}

function progress(client: RsyncClient): string[] {
  return client.supports.infoProgress2 ? ['--info=progress2'] : ['--progress'];
}

function bwlimit(endpoint: RemoteEndpoint): string[] {
  return endpoint.bwlimit === undefined ? [] : [`--bwlimit=${Math.floor(endpoint.bwlimit)}`];
}

function remoteFlags(endpoint: RemoteEndpoint, ctx: RemoteOpsContext): string[] {
  const { location } = endpoint;
  switch (location.kind) {
    case 'daemon':
      return ['--no-motd', `--timeout=${IO_TIMEOUT_SECONDS}`, `--contimeout=${CONNECT_TIMEOUT_SECONDS}`];
    case 'ssh':
      return [`--timeout=${IO_TIMEOUT_SECONDS}`, '-e', sshCommandFor(ctx.client, location, endpoint.sshKeyPath, endpoint.sshPort)!];
    case 'local':
      return [];
  }
}
