/**
 * Background fdatasync for a file being written: one every `everyBytes`, never two at once, never
 * awaited by the writer. Linux keeps written pages in memory until 10 % of RAM is dirty or they are
 * 30 s old, so without it a big artifact is still wholly in the page cache when its final fsync
 * starts and the run waits for all of it; syncing as it goes moves that wait into the time the
 * writing takes anyway. It changes when bytes reach the disk, never which bytes, and never replaces
 * the final fsync. A failed sync is kept for the writer to report like a write error.
 */
import type { FileHandle } from 'node:fs/promises';

export class BackgroundSync {
  private syncedAt = 0;
  private running: Promise<void> | null = null;
  private failed: { error: unknown } | null = null;

  /** `everyBytes` undefined or ≤ 0: never syncs. */
  constructor(
    private readonly file: FileHandle,
    private readonly everyBytes: number | undefined,
  ) {}

  /** Call after each write with the bytes written so far: starts a sync when one is due. */
  written(total: number): void {
    const every = this.everyBytes;
    if (every === undefined || every <= 0 || this.running || total - this.syncedAt < every) return;
    this.syncedAt = total;
    this.running = this.file.datasync().then(
      () => {
        this.running = null;
      },
      (error: unknown) => {
        this.failed ??= { error };
        this.running = null;
      },
    );
  }

  /** Resolves once no sync is in flight (never rejects). */
  async idle(): Promise<void> {
    await this.running;
  }

  /** The first error a background sync met, if any. */
  get failure(): { error: unknown } | null {
    return this.failed;
  }
}
