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
 * full collection itself when the old generation in use passes `limitMb`, checked every `every` steps.
 * Not the whole heap: the young generation fills with garbage the scavenger clears cheaply, and counting
 * it asked for a full collection about every 64 objects once the files averaged 100 KB.
 *
 * The collection function is V8's own (`--expose-gc`, turned on for contexts created after it is set);
 * where it cannot be had, `step` does nothing and memory is as before.
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
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

/** Bytes in use in the old generation (and large objects): where promoted garbage piles up. */
function oldGenerationUsed(): number {
  let used = 0;
  for (const space of getHeapSpaceStatistics()) {
    if (space.space_name !== 'new_space' && space.space_name !== 'new_large_object_space') used += space.space_used_size;
  }
  return used;
}

export class HeapBound {
  private steps = 0;
  private readonly limit: number;
  private threshold: number;
  /** Full collections asked for (for the log and the tests). */
  collections = 0;

  /**
   * `limitMb`: old generation in use past which a collection is asked for. After one, the next waits
   * until as much again has piled up above what survived (never a collection per step when what is
   * really held is near the limit); young objects are left to V8's cheap young-generation collections.
   */
  constructor(
    limitMb: number,
    private readonly every = 64,
  ) {
    this.limit = limitMb * 1024 * 1024;
    this.threshold = this.limit;
  }

  /** One unit of work done (an object sent); now and then, a collection if the old generation is over the threshold. */
  step(): void {
    if (++this.steps % this.every !== 0) return;
    if (oldGenerationUsed() <= this.threshold) return;
    const gc = collector();
    if (!gc) return;
    gc();
    this.collections++;
    this.threshold = Math.max(this.limit, oldGenerationUsed() + this.limit / 2);
  }
}
