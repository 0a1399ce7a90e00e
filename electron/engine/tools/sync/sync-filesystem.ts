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
 */
import { KuraError } from '../../errors.js';
import { runProcess } from '../../process/run-process.js';

export async function syncFilesystem(folder: string, signal?: AbortSignal): Promise<void> {
  const args = process.platform === 'darwin' ? [] : ['-f', '--', folder];
  const r = await runProcess({ file: 'sync', args }, signal ? { signal } : {});
  if (r.cancelled) throw new KuraError({ code: 'cancelled', params: {}, category: 'cancelled' });
  if (r.exitCode !== 0) {
    throw new KuraError({ code: 'destination-write-failed', params: { path: folder }, category: 'resource', detail: `${r.command}: exit ${r.exitCode ?? r.signal}: ${r.stderr.trim()}` });
  }
}
