/**
 * A bandwidth limit shared by every transfer of one location (`bwlimit`, KiB per second), for shops
 * whose thin uplink must stay usable for the shop's own traffic while the night's copy runs. A token
 * bucket refilled continuously: transfers take tokens in small slices, so the rate is even rather
 * than bursts of a whole part followed by silence. rsync locations pass `--bwlimit` to rsync instead.
 */
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

/** Bytes handed out at a time: small enough for an even rate, large enough to cost nothing. */
const SLICE = 64 * 1024;

export class RateLimiter {
  private tokens: number;
  private last = Date.now();
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly bytesPerSecond: number) {
    // Start with a quarter second's worth: no burst beyond what the limit allows.
    this.tokens = bytesPerSecond / 4;
  }

  static fromKiB(kib: number | undefined): RateLimiter | null {
    return kib === undefined ? null : new RateLimiter(kib * 1024);
  }

  /** Resolves once `bytes` may be sent; callers are served in order. */
  take(bytes: number, signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.wait(bytes, signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async wait(bytes: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(this.bytesPerSecond, this.tokens + ((now - this.last) / 1000) * this.bytesPerSecond);
      this.last = now;
      if (this.tokens >= Math.min(bytes, this.bytesPerSecond)) {
        this.tokens -= bytes;
        return;
      }
      const needed = Math.min(bytes, this.bytesPerSecond) - this.tokens;
      await sleep(Math.max(5, Math.ceil((needed / this.bytesPerSecond) * 1000)), undefined, { signal });
    }
  }

  /** A stream of `buf` that flows no faster than the limit. */
  throttled(buf: Buffer, signal?: AbortSignal): Readable {
    return Readable.from(this.pace([buf], signal), { objectMode: false });
  }

  /** Passes a stream through at no more than the limit (downloads). */
  async *pace(source: AsyncIterable<Buffer> | Iterable<Buffer>, signal?: AbortSignal): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      for (let off = 0; off < chunk.length; off += SLICE) {
        const piece = chunk.subarray(off, off + SLICE);
        await this.take(piece.length, signal);
        yield piece;
      }
    }
  }
}
