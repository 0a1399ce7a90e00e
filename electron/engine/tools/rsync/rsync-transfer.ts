/**
 * A pull or push run: feeds rsync's progress lines to the caller and reads the `--stats` block at
 * the end. Shared by pullFiles and pushFiles so both report the same totals the same way.
 */
import type { FilesLocation } from '../../config/files-location.js';
import { sayTo, type Logger } from '../../progress.js';
import { msg, type MessageData } from '../../../shared/messages/index.js';
import type { RsyncClient } from './detect-rsync.js';
import { ProgressTracker, type TransferProgress } from './rsync-progress.js';
import { parseStats, type RsyncEntryKinds } from './rsync-stats.js';
import { runRsync } from './run-rsync.js';
import { TRANSFER_MARK } from './rsync-args.js';
import { unescapeRsyncBytes } from './rsync-errors.js';
import type { RemoteShellProgram } from './ssh-command.js';

export interface TransferStats {
  /** Entries in the source (files, folders, links). */
  files: number;
  /** `files` by kind (rsync 3.1+), null when rsync did not print it or printed no stats. */
  kinds: RsyncEntryKinds | null;
  /** Size of everything in the source. */
  totalBytes: number;
  /** Size of what had to be copied (the rest was hard-linked or unchanged). */
  transferredBytes: number;
  /** Of that, what crossed as data (the rest was found in a basis file by the delta transfer). */
  literalBytes?: number;
  /** Regular files whose data was copied. */
  filesTransferred: number;
}

export interface TransferResult {
  /** Warnings as data (catalogue: rsync-vanished, rsync-partial…), said in the admin's language. */
  warnings: MessageData[];
  /**
   * `clean`: rsync exited 0 and printed its stats; `partial`: it succeeded with caveats (vanished or
   * unreadable files) or its totals are unknown — the stats then need not match what is on disk.
   */
  outcome: 'clean' | 'partial';
  stats: TransferStats;
  /**
   * Files whose data rsync copied (paths relative to the transfer root, as bytes), when the command
   * asked for them (`reportTransferred`); unchanged files linked or skipped are not in it.
   */
  transferred: Buffer[];
  /** What a `mirror` push deleted (or, dry, would delete) at the target, when reported. */
  deleted: Buffer[];
  /**
   * Among `transferred`, the files that already existed at the receiving end and were (or, dry, would
   * be) replaced: itemized `>f.st……`, not `>f+++++++++` (a new file).
   */
  replaced: Buffer[];
}

export interface TransferRunOptions {
  client: RsyncClient;
  location: FilesLocation;
  password: string | null;
  /** The job's SSH connection as rsync's remote shell (`"via": "ssh"` sources). */
  remoteShell?: RemoteShellProgram;
  signal?: AbortSignal;
  onProgress?: (p: TransferProgress) => void;
  logger?: Logger;
  /** See RsyncExitContext.listedFiles. */
  listedFiles?: boolean;
  /** Called as each transferred file is complete (reportTransferred), while rsync goes on with the rest. */
  onTransferred?: (rel: Buffer) => void;
  /** Called once rsync has been started. */
  onStarted?: () => void;
}

export async function transfer(
  opts: TransferRunOptions,
  args: string[],
  operation: 'pull' | 'push',
  warnings: MessageData[] = [],
): Promise<TransferResult> {
  const tracker = new ProgressTracker(opts.client.supports.infoProgress2 ? 'progress2' : 'per-file');
  const other: string[] = [];
  const transferred: Buffer[] = [];
  const deleted: Buffer[] = [];
  const replaced: Buffer[] = [];
  const run = await runRsync({
    client: opts.client,
    args,
    operation,
    location: opts.location,
    password: opts.password,
    extraEnv: opts.remoteShell?.env,
    signal: opts.signal,
    logger: opts.logger,
    listedFiles: opts.listedFiles,
    onStarted: opts.onStarted,
    onStdoutLine: (line) => {
      if (line.startsWith(TRANSFER_MARK)) {
        // "%i" is padded to 11 characters ("*deleting  "), so more than one space may follow it.
        const m = /^(\S+) +\d+ (.+)$/.exec(line.slice(TRANSFER_MARK.length));
        // `>f…`: a regular file whose data was received (the other codes are folders, links, attributes).
        if (m && (m[1]!.startsWith('>f') || m[1]!.startsWith('<f'))) {
          const rel = unescapeRsyncBytes(m[2]!);
          transferred.push(rel);
          if (!m[1]!.startsWith('+', 2)) replaced.push(rel);
          opts.onTransferred?.(rel);
        }
        else if (m && m[1] === '*deleting') deleted.push(unescapeRsyncBytes(m[2]!.replace(/\/$/, '')));
        return;
      }
      const p = tracker.update(line);
      if (p) opts.onProgress?.(p);
      else {
        // Only the tail matters (the --stats block); old rsyncs print every file name before it.
        other.push(line);
        if (other.length > 100) other.shift();
      }
    },
  });
  const stats = parseStats(other);
  if (!stats) sayTo(opts.logger, 'warn', msg('rsync-no-stats', {}));
  return {
    warnings: [...warnings, ...run.warnings],
    outcome: run.warnings.length === 0 && stats !== null ? 'clean' : 'partial',
    stats: {
      files: stats?.files ?? 0,
      kinds: stats?.kinds ?? null,
      totalBytes: stats?.totalBytes ?? 0,
      transferredBytes: stats?.transferredBytes ?? 0,
      ...(stats?.literalBytes !== undefined ? { literalBytes: stats.literalBytes } : {}),
      filesTransferred: stats?.regularFilesTransferred ?? 0,
    },
    transferred,
    deleted,
    replaced,
  };
}
