/**
 * A small pool of gzip worker threads, one task per worker at a time.
 *
 * Why worker threads and not zlib's async API: async zlib runs on libuv's thread pool (4 threads by
 * default), which file-system calls and DNS lookups share; filling it with compression would stall
 * the writes of the very file being compressed. Workers are ours alone, and are terminated when the
 * dump ends (success, error or cancel) so no thread outlives it.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { workerScriptPath } from '../util/worker-path.js';

/** gzip-worker.cjs beside this module or the bundle, outside app.asar (util/worker-path.ts says why). */
export function gzipWorkerPath(moduleUrl: string = import.meta.url): string {
  return workerScriptPath('gzip-worker.cjs', moduleUrl);
}

export interface GzipTask {
  /**
   * Transferred to the worker (with its whole ArrayBuffer: allocate it with Buffer.allocUnsafeSlow,
   * never from Buffer's shared pool): the caller must not touch it afterwards.
   */
  input: Buffer;
  level: number;
  verify: boolean;
}

/** A finished block: the member, and the input's memory handed back for the next block. */
export interface GzipResult {
  output: Buffer;
  /** The task's input buffer (whole, as allocated), free for reuse. */
  input: Buffer;
}

interface Pending {
  id: number;
  task: GzipTask;
  resolve: (out: GzipResult) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: Pending | null;
}

/**
 * Workers for this machine: one per core, at least 1, at most `max` (default 3). Why 3: mysqldump and
 * the server need about a core of their own during a dump, and each worker adds ≈ 12 MB at peak —
 * measured on a 1.17 GB dump, `kura run` peaked at 183 / 193 / 205 MB with 2 / 3 / 4 workers, and
 * its memory must stay under 200 MB.
 */
export function defaultWorkerCount(max = 3): number {
  return Math.max(1, Math.min(max, availableParallelism()));
}

export class GzipWorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed: Error | null = null;

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`worker count must be a positive integer, got ${size}`);
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  /** Compresses one block into one complete gzip member. */
  gzip(task: GzipTask): Promise<GzipResult> {
    if (this.closed) return Promise.reject(this.closed);
    return new Promise<GzipResult>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, resolve, reject });
      this.dispatch();
    });
  }

  /** Threads currently alive (for tests and leak checks). */
  get liveWorkers(): number {
    return this.slots.length;
  }

  /** Stops every worker; pending and queued tasks are rejected. Safe to call more than once. */
  async destroy(reason: Error = new Error('the compression workers were stopped')): Promise<void> {
    if (!this.closed) this.closed = reason;
    for (const p of this.queue.splice(0)) p.reject(reason);
    const slots = this.slots.splice(0);
    for (const s of slots) {
      s.busy?.reject(reason);
      s.busy = null;
    }
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => 0)));
  }

  private spawn(): Slot {
    const worker = new Worker(gzipWorkerPath());
    const slot: Slot = { worker, busy: null };
    worker.on('message', (msg: { id: number; output?: Uint8Array; input?: ArrayBuffer; error?: string }) => {
      const p = slot.busy;
      if (!p || p.id !== msg.id) return;
      slot.busy = null;
      if (msg.error !== undefined || !msg.output || !msg.input) p.reject(new Error(`gzip worker: ${msg.error ?? 'no output'}`));
      else p.resolve({ output: Buffer.from(msg.output.buffer, msg.output.byteOffset, msg.output.byteLength), input: Buffer.from(msg.input) });
      this.dispatch();
    });
    const fail = (err: Error): void => {
      if (this.closed) return;
      // A dead worker (out of memory, crash) fails the whole dump: a member may be missing.
      void this.destroy(new Error(`a compression worker stopped unexpectedly: ${err.message}`));
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy) continue;
      const next = this.queue.shift();
      if (!next) return;
      slot.busy = next;
      const { input, level, verify } = next.task;
      const view = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
      slot.worker.postMessage({ id: next.id, input: view, level, verify }, [view.buffer as ArrayBuffer]);
    }
  }
}
