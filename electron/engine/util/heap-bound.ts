/**
 * Keeps the JavaScript heap of a long, allocation-heavy loop near what it really holds.
 *
 * Why: an off-site first night uploads tens of thousands of small objects, and each request's
 * short-lived objects (the SDK's middleware and signing, the age header) outlive a young-generation
 * collection or two while the request is in flight, so they are promoted; V8 then lets the old
 * generation grow rather than collect it. Measured on 20,000 files: 293 MB RSS with 171 MB of heap in
 * use, while the same night bounded to 90 MB of old generation completed at 203 MB — the rest was dead
 * objects waiting (docs/benchmarks.md, issue 19). V8's heap limit cannot be changed once the process
 * runs (the daemon, the app's main process and the CLI all start without one), so the loop asks for a
 * full collection itself when the heap in use passes `limitMb`, checked every `every` steps.
 *
 * The collection function is V8's own (`--expose-gc`, turned on for contexts created after it is set);
 * where it cannot be had, `step` does nothing and memory is as before.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | null | undefined;

function collector(): (() => void) | null {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const gc: unknown = runInNewContext('gc');
      collect = typeof gc === 'function' ? (gc as () => void) : null;
    } catch {
      collect = null;
    }
  }
  return collect;
}

export class HeapBound {
  private steps = 0;
  /** Full collections asked for (for the log and the tests). */
  collections = 0;

  constructor(
    private readonly limitMb: number,
    private readonly every = 64,
  ) {}

  /** One unit of work done (an object sent); now and then, a collection if the heap in use is over the limit. */
  step(): void {
    if (++this.steps % this.every !== 0) return;
    if (getHeapStatistics().used_heap_size <= this.limitMb * 1024 * 1024) return;
    const gc = collector();
    if (!gc) return;
    gc();
    this.collections++;
  }
}
