/**
 * A Writable for an artifact that must be on disk when the stream reports it finished, like
 * `createWriteStream(path, { flush: true })` — but synced in the background while it is written
 * (BackgroundSync), so a 300 MB dump does not wait for all of its pages at the end (≈ 0.15 s here,
 * seconds on a slow USB disk). The final fsync still happens before 'finish': an error from either
 * fails the stream like a write error.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { BackgroundSync } from './background-sync.js';
import { writevFully } from './write-fully.js';

export interface DurableFileStreamOptions {
  /** File mode when created (default 0o600: backups hold customer data). */
  mode?: number;
  /** Start a background fdatasync after this many more bytes (default 16 MiB; 0 = never). */
  syncEveryBytes?: number;
}

const DEFAULT_SYNC_EVERY = 16 * 1024 * 1024;

export class DurableFileStream extends Writable {
  /** Bytes written to the file so far. */
  bytesWritten = 0;
  private file: FileHandle | null = null;
  private sync: BackgroundSync | null = null;

  constructor(
    private readonly path: string,
    private readonly options: DurableFileStreamOptions = {},
  ) {
    super({ highWaterMark: 1024 * 1024 });
  }

  override _construct(callback: (error?: Error | null) => void): void {
    open(this.path, 'w', this.options.mode ?? 0o600).then(
      (file) => {
        this.file = file;
        this.sync = new BackgroundSync(file, this.options.syncEveryBytes ?? DEFAULT_SYNC_EVERY);
        callback();
      },
      (err: Error) => callback(err),
    );
  }

  override _writev(chunks: { chunk: Buffer }[], callback: (error?: Error | null) => void): void {
    this.writeAll(chunks.map((c) => c.chunk)).then(
      () => callback(),
      (err: Error) => callback(err),
    );
  }

  override _final(callback: (error?: Error | null) => void): void {
    const file = this.file!;
    const sync = this.sync!;
    (async () => {
      await sync.idle();
      if (sync.failure) throw sync.failure.error;
      await file.sync();
    })().then(
      () => callback(),
      (err: Error) => callback(err),
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const file = this.file;
    this.file = null;
    (async () => {
      await this.sync?.idle();
      await file?.close();
    })().then(
      () => callback(error),
      (closeError: Error) => callback(error ?? closeError),
    );
  }

  private async writeAll(chunks: Buffer[]): Promise<void> {
    const sync = this.sync!;
    if (sync.failure) throw sync.failure.error;
    this.bytesWritten += await writevFully(this.file!, chunks);
    sync.written(this.bytesWritten);
  }
}
