/**
 * `sync -f <folder>` (coreutils): writes every change still in memory for the file system the folder
 * is on to its disk, and says whether the disk took it (syncfs(2), with its error since Linux 5.8).
 *
 * Why: rsync never fsyncs what it writes, and a snapshot is only restorable once its bytes are on the
 * disk: the kernel writes file data out up to 30 s later, and the rename that publishes a snapshot a
 * few seconds later. A power cut, or the USB disk unplugged right after the tray turned green, left
 * the snapshot's folder `.partial` again with every copied file empty (test/faults/power-cut.test.ts).
 * One syncfs is one pass over what is dirty; an fsync per copied file costs a journal commit each
 * (a first snapshot has tens of thousands). Node has no syncfs, hence the command. macOS' `sync` has
 * no `-f` and syncs every disk. Not on Windows (no such command; durable-files.ts flushes file by file).
 *
 * `prepareFilesystemSync` starts the command early and lets it wait (`xargs -0 -r sync -f --`, the
 * folder given on its stdin later): Node starts a process by fork(), and after each fork every memory
 * page Kura writes faults once (copy-on-write) — measured, a fork of this ≈ 120 MB process made the
 * list's walk after rsync 5–15 ms slower, besides the fork itself. Started right after rsync (whose
 * fork has just write-protected the same pages) it costs almost nothing more, while rsync runs.
 */
import { KuraError } from '../../errors.js';
import { runProcess, startProcess, type ProcessResult, type RunningProcess } from '../../process/run-process.js';

export async function syncFilesystem(folder: string, signal?: AbortSignal): Promise<void> {
  const args = process.platform === 'darwin' ? [] : ['-f', '--', folder];
  checked(await runProcess({ file: 'sync', args }, signal ? { signal } : {}), folder);
}

/** A syncfs started ahead of time (header comment), run on the folder given to `run`. */
export interface PendingSync {
  /** Writes out the file system `folder` is on; resolves once the disk took everything. */
  run(folder: string): Promise<void>;
  /** Not needed after all (the copy failed): the waiting command ends without syncing. */
  drop(): void;
}

export function prepareFilesystemSync(signal?: AbortSignal): PendingSync {
  if (process.platform === 'darwin') return { run: (folder) => syncFilesystem(folder, signal), drop: () => {} };
  let proc: RunningProcess | null = null;
  try {
    proc = startProcess({ file: 'xargs', args: ['-0', '-r', 'sync', '-f', '--'] }, { stdin: 'pipe', stdout: 'ignore', ...(signal ? { signal } : {}) });
    proc.stdin?.on('error', () => {});
  } catch {
    proc = null;
  }
  let used = false;
  return {
    async run(folder) {
      if (used) throw new Error('this sync has been used');
      used = true;
      if (!proc?.stdin) return syncFilesystem(folder, signal);
      proc.stdin.end(Buffer.concat([Buffer.from(folder), Buffer.alloc(1)]));
      let r: ProcessResult;
      try {
        r = await proc.result;
      } catch {
        // xargs could not be started: `sync` on its own, now.
        return syncFilesystem(folder, signal);
      }
      checked(r, folder);
    },
    drop() {
      if (used) return;
      used = true;
      proc?.stdin?.end();
    },
  };
}

function checked(r: ProcessResult, folder: string): void {
  if (r.cancelled) throw new KuraError({ code: 'cancelled', params: {}, category: 'cancelled' });
  if (r.exitCode !== 0) {
    throw new KuraError({ code: 'destination-write-failed', params: { path: folder }, category: 'resource', detail: `${r.command}: exit ${r.exitCode ?? r.signal}: ${r.stderr.trim()}` });
  }
}
