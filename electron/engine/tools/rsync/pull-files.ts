/**
 * Pulls a files source into a fresh snapshot folder, hard-linking files that did not change since
 * the previous complete snapshot (`--link-dest`), so every snapshot is a full, browsable copy that
 * only costs the disk space of what changed.
 */
import { mkdir } from 'node:fs/promises';
import type { FilesLocation } from '../../config/files-location.js';
import { sayTo, type Logger } from '../../progress.js';
import { msg, type MessageData } from '../../../shared/messages/index.js';
import type { RsyncClient } from './detect-rsync.js';
import type { DaemonSpelling } from './rsync-address.js';
import { buildPullArgs } from './rsync-args.js';
import type { TransferProgress } from './rsync-progress.js';
import { transfer, type TransferResult } from './rsync-transfer.js';
import { sshCommandFor } from './run-rsync.js';
import type { RemoteShellProgram } from './ssh-command.js';
import { isDirectory } from '../../util/fs-probe.js';

export interface PullFilesOptions {
  client: RsyncClient;
  location: FilesLocation;
  /** The daemon password (ignored for SSH and local sources). Goes to RSYNC_PASSWORD only. */
  password: string | null;
  sshKeyPath?: string;
  sshPort?: number;
  /** The job's SSH connection as rsync's remote shell (`"via": "ssh"` sources); replaces the ssh program. */
  remoteShell?: RemoteShellProgram;
  /** The new snapshot's folder for this source (absolute; created by rsync if missing). */
  destDir: string;
  /** The same source's folder in the previous complete snapshot, or null for a first/full copy. */
  linkDestDir: string | null;
  exclude: string[];
  /** How a daemon address is written on the command line (default `url`); see DaemonSpelling. */
  daemonSpelling?: DaemonSpelling;
  /** Collect the files whose data was copied (TransferResult.transferred). */
  reportTransferred?: boolean;
  /** Each copied file as soon as it is complete (with reportTransferred). */
  onTransferred?: (rel: Buffer) => void;
  /** Once rsync has been started (work meant to run beside it). */
  onStarted?: () => void;
  /** Only these paths (a local file of NUL-separated paths relative to the source). */
  filesFrom?: string;
  dryRun?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: TransferProgress) => void;
  logger?: Logger;
}

export async function pullFiles(opts: PullFilesOptions): Promise<TransferResult> {
  const warnings: MessageData[] = [];
  let linkDestDir = opts.linkDestDir;
  if (linkDestDir !== null && !(await isDirectory(linkDestDir))) {
    // rsync would only mumble "--link-dest arg does not exist" and copy everything; say why it is slow and big.
    warnings.push(msg('rsync-link-dest-missing', { path: linkDestDir }));
    sayTo(opts.logger, 'warn', warnings[0]!);
    linkDestDir = null;
  }
  const args = buildPullArgs({
    client: opts.client,
    location: opts.location,
    destDir: opts.destDir,
    linkDestDir,
    exclude: opts.exclude,
    sshCommand: sshCommandFor(opts.client, opts.location, opts.sshKeyPath, opts.sshPort, opts.remoteShell),
    daemonSpelling: opts.daemonSpelling,
    reportTransferred: opts.reportTransferred,
    filesFrom: opts.filesFrom,
    dryRun: opts.dryRun,
  });
  // rsync creates only the last level of the destination; the snapshot layout may be deeper.
  await mkdir(opts.destDir, { recursive: true });
  return transfer({ ...opts, listedFiles: opts.filesFrom !== undefined }, args, 'pull', warnings);
}
