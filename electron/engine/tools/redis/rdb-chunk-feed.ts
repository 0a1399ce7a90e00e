/**
 * A push-to-pull bridge: the fetch pushes the chunks it receives, the RDB reader pulls them as an
 * `RdbByteSource`. This is what lets a snapshot be walked and checksummed while it is being
 * received, instead of read back from disk afterwards (3+ s for a 1 GB RDB).
 *
 * Chunks are kept by reference (the caller must not reuse their memory). `queuedBytes` lets the
 * producer hold back (`waitForRoom`) when the reader falls behind, so memory stays bounded.
 */
import type { RdbByteSource } from './rdb-reader.js';

export class RdbChunkFeed implements RdbByteSource {
  readonly size = null;
  private readonly chunks: Buffer[] = [];
  /** Read position inside chunks[0]. */
  private head = 0;
  private queued = 0;
  private state: { kind: 'open' } | { kind: 'ended' } | { kind: 'failed'; error: unknown } = { kind: 'open' };
  private dataWaiter: (() => void) | null = null;
  private roomWaiter: { limit: number; resolve: () => void } | null = null;

  /** Bytes pushed but not yet read. */
  get queuedBytes(): number {
    return this.queued;
  }

  push(chunk: Buffer): void {
    if (this.state.kind !== 'open') throw new Error('RdbChunkFeed: push after end');
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.queued += chunk.length;
    this.wakeReader();
  }

  /** No more data: the reader sees the end of the stream once the queue is drained. */
  end(): void {
    if (this.state.kind === 'open') this.state = { kind: 'ended' };
    this.wakeReader();
  }

  /** Makes the pending and every later read fail with `error` (the transfer failed or was cancelled). */
  fail(error: unknown): void {
    if (this.state.kind === 'open') this.state = { kind: 'failed', error };
    this.wakeReader();
    this.wakeProducer(true);
  }

  /** Resolves once at most `limit` bytes are queued (or the feed failed). */
  async waitForRoom(limit: number): Promise<void> {
    while (this.queued > limit && this.state.kind !== 'failed') {
      await new Promise<void>((resolve) => {
        this.roomWaiter = { limit, resolve };
      });
    }
  }

  async read(buf: Buffer, offset: number, length: number): Promise<number> {
    while (this.queued === 0 && this.state.kind === 'open') {
      await new Promise<void>((resolve) => {
        this.dataWaiter = resolve;
      });
    }
    if (this.state.kind === 'failed') throw this.state.error;
    let copied = 0;
    while (copied < length && this.chunks.length > 0) {
      const chunk = this.chunks[0]!;
      const n = Math.min(length - copied, chunk.length - this.head);
      chunk.copy(buf, offset + copied, this.head, this.head + n);
      copied += n;
      this.head += n;
      if (this.head === chunk.length) {
        this.chunks.shift();
        this.head = 0;
      }
    }
    this.queued -= copied;
    this.wakeProducer(false);
    return copied;
  }

  async close(): Promise<void> {
    this.chunks.length = 0;
    this.queued = 0;
    this.wakeProducer(true);
  }

  private wakeReader(): void {
    const w = this.dataWaiter;
    this.dataWaiter = null;
    w?.();
  }

  private wakeProducer(always: boolean): void {
    const w = this.roomWaiter;
    if (w && (always || this.queued <= w.limit)) {
      this.roomWaiter = null;
      w.resolve();
    }
  }
}
