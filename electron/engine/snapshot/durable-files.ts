/**
 * Gets what a files item wrote in this run onto the disk before its snapshot can be published: a
 * snapshot is only "complete and verified" once a power cut can no longer take it back.
 *
 * rsync never fsyncs: the files it copied stay in memory for up to 30 s and a power cut (or the USB disk
 * unplugged once the tray turned green) left them empty (test/faults/power-cut.test.ts). The list and
 * the manifest fsync themselves, the publishing rename is made durable by snapshot-store.ts, dumps are
 * written through DurableFileStream; this is the rest, the tree rsync wrote.
 *
 * - Linux and macOS: one syncfs of the backup disk (tools/sync), started as soon as nothing more is
 *   copied into the tree and running while the list is written — on a night when nothing changed it
 *   only has the new links to write (≈ 10–15 ms, mostly hidden behind the list's walk).
 * - Windows: there is no syncfs for a program without administrator rights, so each file this run
 *   wrote (the list knows them: every file not carried over from the previous snapshot) is flushed
 *   (FlushFileBuffers through fsync), four at a time. Hard-linked files are the previous snapshot's,
 *   already on disk.
 */
import { open } from 'node:fs/promises';
import { prepareFilesystemSync, type PendingSync } from '../tools/sync/sync-filesystem.js';
import { KuraError } from '../errors.js';
import { runPool } from '../util/run-pool.js';

/** Files flushed at once on Windows (each waits on the disk). */
const FLUSHES_AT_ONCE = 4;

export class DurableWrite {
  private readonly pending: PendingSync | null;
  private whole: Promise<void> | null = null;
  private dir = '';
  private started = 0;

  /**
   * Made as rsync starts (Linux: the sync command waits from then on, tools/sync says why), before
   * anything is known about what will be written. Then `start` once nothing more is copied, or `drop`.
   */
  constructor(private readonly signal?: AbortSignal) {
    this.pending = process.platform === 'win32' ? null : prepareFilesystemSync(signal);
  }

  /** The tree in `dir` is complete (nothing more is copied into it): starts writing it out. */
  start(dir: string): void {
    this.dir = dir;
    this.started = Date.now();
    if (!this.pending) return;
    this.whole = this.pending.run(dir);
    // Awaited in `finish`; a run that fails before that must not leave an unhandled rejection behind.
    this.whole.then(
      () => (this.written = true),
      () => {},
    );
  }

  /** The copy failed: nothing is written out (the waiting command ends). */
  drop(): void {
    this.pending?.drop();
  }

  /** The tree is on disk already (`finish` will not wait). */
  written = false;

  /** Waits until the tree is on disk; `written` (absolute paths) is what Windows flushes. How long it took from `start`, in ms. */
  async finish(written: readonly Buffer[]): Promise<number> {
    if (this.whole) await this.whole;
    else await flushFiles(this.dir, written, this.signal);
    this.written = true;
    return Date.now() - this.started;
  }
}

async function flushFiles(dir: string, files: readonly Buffer[], signal?: AbortSignal): Promise<void> {
  await runPool(
    files,
    FLUSHES_AT_ONCE,
    async (path) => {
      let fh;
      try {
        fh = await open(path, 'r+');
      } catch (err) {
        // Gone since the list was written (it fails its check at the next verify) or made read-only
        // by the source's own permissions: nothing Kura wrote can be flushed through it.
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'EPERM' || code === 'EACCES') return;
        throw writeFailed(dir, err);
      }
      try {
        await fh.sync();
      } catch (err) {
        throw writeFailed(dir, err);
      } finally {
        await fh.close();
      }
    },
    signal,
  );
}

function writeFailed(dir: string, err: unknown): KuraError {
  return new KuraError({ code: 'destination-write-failed', params: { path: dir }, category: 'resource', detail: (err as Error).message, cause: err });
}
