/**
 * Gives the event loop its turns to code that reads files synchronously on the main thread: after every
 * `sliceBytes` read, one turn (rsync's output lines, progress, timers, a cancel) before the next read.
 *
 * Why synchronous reads at all: on this kind of machine a round trip through libuv's thread pool costs
 * more CPU than the read it carries (util/hash-entry.ts, sha256OfFileInSlices, has the numbers), and
 * beside rsync on two cores every CPU second taken is a second taken from the copy.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';

export class LoopTurns {
  private sinceTurn = 0;

  constructor(private readonly sliceBytes: number) {}

  /** Counts `bytes` just read; once a slice is full, waits one turn of the loop, then throws if cancelled meanwhile. */
  async spent(bytes: number, signal?: AbortSignal): Promise<void> {
    this.sinceTurn += bytes;
    if (this.sinceTurn < this.sliceBytes) return;
    this.sinceTurn = 0;
    await yieldToLoop();
    signal?.throwIfAborted();
  }
}
