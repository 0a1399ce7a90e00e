/**
 * Copies a snapshot folder to a target location (an rsync daemon module, an SSH folder or a local
 * folder): restores and off-site copies. `mirror` makes the target an exact copy (deleting what the
 * snapshot does not have, except excluded paths); `merge` only adds and updates.
 *
 * Server side, for restores through an rsync daemon: the module needs `read only = no`, and a
 * daemon without chroot rewrites uploaded symlinks ("/rsyncd-munged/…") unless the module says
 * `munge symlinks = no`.
 */
import type { FilesLocation } from '../../config/files-location.js';
import type { Logger } from '../../progress.js';
import type { RsyncClient } from './detect-rsync.js';
import type { DaemonSpelling } from './rsync-address.js';
import { buildPushArgs, type PushMode } from './rsync-args.js';
import type { TransferProgress } from './rsync-progress.js';
import { transfer, type TransferResult } from './rsync-transfer.js';
import { sshCommandFor } from './run-rsync.js';
import type { RemoteShellProgram } from './ssh-command.js';

export interface PushFilesOptions {
  client: RsyncClient;
  /** The snapshot folder (absolute) whose contents are copied. */
  fromDir: string;
  location: FilesLocation;
  /** A folder below the location to copy into, "/"-separated ("" or undefined: the location itself). */
  subPath?: string;
  mode: PushMode;
  password: string | null;
  sshKeyPath?: string;
  sshPort?: number;
  /** The job's SSH connection as rsync's remote shell (`"via": "ssh"` sources); replaces the ssh program. */
  remoteShell?: RemoteShellProgram;
  /** Paths left alone at the target (also protected from `mirror` deletion). */
  exclude?: string[];
  daemonSpelling?: DaemonSpelling;
  /** Report only: nothing is copied; `stats.filesTransferred` says how many files differ. */
  dryRun?: boolean;
  /** Compare by content (`--checksum`) instead of size and time. */
  checksum?: boolean;
  /** Collect the copied files and the deletions (TransferResult.transferred / deleted). */
  reportTransferred?: boolean;
  /** Copy only this folder or file below `fromDir`, recreating its parents at the target. */
  relativePath?: string;
  signal?: AbortSignal;
  onProgress?: (p: TransferProgress) => void;
  logger?: Logger;
}

export async function pushFiles(opts: PushFilesOptions): Promise<TransferResult> {
  const args = buildPushArgs({
    client: opts.client,
    fromDir: opts.fromDir,
    location: opts.location,
    subPath: opts.subPath === '' ? undefined : opts.subPath,
    mode: opts.mode,
    exclude: opts.exclude ?? [],
    sshCommand: sshCommandFor(opts.client, opts.location, opts.sshKeyPath, opts.sshPort, opts.remoteShell),
    daemonSpelling: opts.daemonSpelling,
    dryRun: opts.dryRun,
    checksum: opts.checksum,
    reportTransferred: opts.reportTransferred,
    relativePath: opts.relativePath,
  });
  return transfer(opts, args, 'push');
}
