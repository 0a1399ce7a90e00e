/**
 * A small pool of hashing worker threads (hash-worker.cjs): each file is read with synchronous
 * open/read/close and hashed inside a worker, so that the main thread pays one message each way per
 * file instead of a thread-pool round trip per open, read and close plus the hashing itself, and two
 * files are hashed on two cores at once (util/hash-entry.ts says when a file is hashed here).
 *
 * What may not happen, whatever a worker does:
 * - a hang: a worker stuck in a read (a NAS gone away) blocks only itself. A cancel rejects the
 *   caller's promise once the worker has closed the file, or after CANCEL_GRACE_MS if it is stuck;
 *   a worker still stuck RETIRE_MS after a cancel is given up (terminated, which takes effect when
 *   its read returns) and replaced, and whatever else was sent to it goes to another worker.
 * - a lost answer: a worker that dies (a crash, out of memory) rejects every request it held with
 *   `hash-worker-stopped`, and the next request starts a new worker.
 * - a process kept alive, or let die too early: a worker is ref'd only while it holds a request. An
 *   idle pool never keeps `kura` running; a pending hash keeps it alive until its answer.
 *
 * Workers start on first use (most commands never hash) and stop after IDLE_MS without work: two
 * idle workers held ≈ 38 MB of the daemon's memory (measured RSS) for good. Cancel flags are shared memory the worker
 * reads after every 1 MiB, so a cancelled 1 GB file stops within one read, not at its end.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { KuraError } from '../errors.js';
import { workerScriptPath } from './worker-path.js';

export interface FileHash {
  sha256: string;
  bytes: number;
}

export interface HashPoolOptions {
  /** Workers at most (default: min(2, cores) — the callers hash at most a few files at once). */
  size?: number;
  /**
   * Requests sent to one worker before it answers the first: the next file is waiting when it finishes
   * one, instead of a message's round trip through the main thread's event loop later.
   */
  perWorker?: number;
  cancelGraceMs?: number;
  retireMs?: number;
  idleMs?: number;
}

const CANCEL_GRACE_MS = 250;
const RETIRE_MS = 2000;
/** A new worker answers its first file after ≈ 100–130 ms (measured here); a run's items follow each other well within this. */
const IDLE_MS = 5000;

interface Request {
  id: number;
  path: Buffer | string;
  expected: number;
  signal: AbortSignal | undefined;
  resolve: (h: FileHash) => void;
  reject: (err: unknown) => void;
  onAbort: (() => void) | null;
  settled: boolean;
  slot: Slot | null;
  flag: number;
  timers: NodeJS.Timeout[];
}

interface Slot {
  worker: Worker;
  cancel: Int32Array;
  /** Sent and not yet answered, in the order the worker answers them. */
  inFlight: Map<number, Request>;
  freeFlags: number[];
  dead: boolean;
  idle: NodeJS.Timeout | null;
}

type Answer =
  | { id: number; sha256: string; bytes: number }
  | { id: number; cancelled: true }
  | { id: number; error: { message: string; code?: string; errno?: number; syscall?: string; path?: string } };

export function defaultHashWorkers(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

export class HashWorkerPool {
  readonly size: number;
  private readonly perWorker: number;
  private readonly cancelGraceMs: number;
  private readonly retireMs: number;
  private readonly idleMs: number;
  private slots: Slot[] = [];
  private readonly queue: Request[] = [];
  private nextId = 1;

  constructor(options: HashPoolOptions = {}) {
    this.size = options.size ?? defaultHashWorkers();
    this.perWorker = options.perWorker ?? 2;
    if (!Number.isInteger(this.size) || this.size < 1) throw new RangeError(`worker count must be a positive integer, got ${this.size}`);
    if (!Number.isInteger(this.perWorker) || this.perWorker < 1) throw new RangeError(`requests per worker must be a positive integer, got ${this.perWorker}`);
    this.cancelGraceMs = options.cancelGraceMs ?? CANCEL_GRACE_MS;
    this.retireMs = options.retireMs ?? RETIRE_MS;
    this.idleMs = options.idleMs ?? IDLE_MS;
  }

  /** The sha256 and length of a regular file (see hash-entry.ts's sha256OfFile for `expectedBytes`). */
  hash(path: Buffer | string, signal?: AbortSignal, expectedBytes?: number): Promise<FileHash> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<FileHash>((resolve, reject) => {
      const req: Request = { id: this.nextId, path, expected: expectedBytes ?? -1, signal, resolve, reject, onAbort: null, settled: false, slot: null, flag: -1, timers: [] };
      // Ids go into an Int32 flag; they only need to differ from the few requests one flag serves.
      this.nextId = this.nextId >= 0x7fffffff ? 1 : this.nextId + 1;
      if (signal) {
        req.onAbort = () => this.abort(req);
        signal.addEventListener('abort', req.onAbort, { once: true });
      }
      this.queue.push(req);
      this.dispatch();
    });
  }

  /** Worker threads alive, for tests and leak checks. */
  get liveWorkers(): number {
    return this.slots.length;
  }

  /** The live workers themselves — only for tests that must kill one. */
  workersForTests(): readonly Worker[] {
    return this.slots.map((s) => s.worker);
  }

  /** Stops every worker; requests not answered yet are rejected with `reason` (a worker stuck in a read ends when the read returns). */
  async destroy(reason: Error = new Error('the hashing workers were stopped')): Promise<void> {
    for (const req of this.queue.splice(0)) this.settle(req, reason);
    const slots = this.slots.splice(0);
    for (const slot of slots) {
      slot.dead = true;
      if (slot.idle) clearTimeout(slot.idle);
      for (const req of slot.inFlight.values()) this.settle(req, reason);
    }
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => 0)));
  }

  private spawn(): Slot {
    const flags = new SharedArrayBuffer(4 * this.perWorker);
    const worker = new Worker(workerScriptPath('hash-worker.cjs', import.meta.url), { workerData: { cancel: flags } });
    const slot: Slot = { worker, cancel: new Int32Array(flags), inFlight: new Map(), freeFlags: Array.from({ length: this.perWorker }, (_, i) => i), dead: false, idle: null };
    worker.on('message', (answer: Answer) => this.answered(slot, answer));
    worker.on('error', (err) => this.died(slot, err.message));
    worker.on('exit', (code) => this.died(slot, `exit code ${code}`));
    // After the listeners: adding a 'message' listener refs the worker's port again.
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      // An idle worker, else a new one (up to `size`), else the least busy with room.
      let slot = this.slots.find((s) => s.inFlight.size === 0);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) {
        for (const s of this.slots) if (s.inFlight.size < this.perWorker && (!slot || s.inFlight.size < slot.inFlight.size)) slot = s;
      }
      if (!slot) return;
      const req = this.queue.shift()!;
      req.slot = slot;
      req.flag = slot.freeFlags.pop()!;
      Atomics.store(slot.cancel, req.flag, 0);
      slot.inFlight.set(req.id, req);
      if (slot.idle) clearTimeout(slot.idle);
      slot.idle = null;
      slot.worker.ref();
      // A Buffer's own bytes only (a small Buffer is a view into an 8 KiB pool a clone would copy whole).
      const path = typeof req.path === 'string' ? req.path : new Uint8Array(req.path);
      slot.worker.postMessage({ id: req.id, path, expected: req.expected, flag: req.flag });
    }
  }

  private answered(slot: Slot, answer: Answer): void {
    const req = slot.inFlight.get(answer.id);
    if (!req || slot.dead) return;
    this.release(slot, req);
    if (req.signal?.aborted || 'cancelled' in answer) this.settle(req, req.signal?.reason ?? new Error('cancelled'));
    else if ('error' in answer) this.settle(req, errnoError(answer.error));
    else this.settle(req, null, { sha256: answer.sha256, bytes: answer.bytes });
    this.dispatch();
  }

  /** The worker is done with `req` (answered, or given up). */
  private release(slot: Slot, req: Request): void {
    slot.inFlight.delete(req.id);
    slot.freeFlags.push(req.flag);
    for (const t of req.timers) clearTimeout(t);
    req.timers = [];
    if (slot.inFlight.size > 0 || slot.dead) return;
    slot.worker.unref();
    slot.idle = setTimeout(() => this.stop(slot), this.idleMs);
    slot.idle.unref();
  }

  /** Takes a worker out of the pool and ends it (it holds nothing any more, or is given up). */
  private stop(slot: Slot): void {
    if (slot.dead) return;
    slot.dead = true;
    if (slot.idle) clearTimeout(slot.idle);
    this.slots = this.slots.filter((s) => s !== slot);
    slot.worker.unref();
    void slot.worker.terminate().catch(() => 0);
  }

  private abort(req: Request): void {
    const reason: unknown = req.signal?.reason;
    const slot = req.slot;
    if (!slot) {
      const at = this.queue.indexOf(req);
      if (at >= 0) this.queue.splice(at, 1);
      this.settle(req, reason);
      return;
    }
    Atomics.store(slot.cancel, req.flag, req.id);
    // The answer comes once the file is closed, normally within one read; a stuck worker is not waited for.
    const grace = setTimeout(() => this.settle(req, reason), this.cancelGraceMs);
    const retire = setTimeout(() => this.retire(slot), this.retireMs);
    retire.unref();
    req.timers.push(grace, retire);
  }

  /** Gives up a worker stuck after a cancel: what it still holds goes to the others. */
  private retire(slot: Slot): void {
    if (slot.dead) return;
    this.stop(slot);
    const held = [...slot.inFlight.values()];
    for (const req of held) this.release(slot, req);
    const waiting = held.filter((req) => !req.settled && !req.signal?.aborted);
    for (const req of held) if (!waiting.includes(req)) this.settle(req, req.signal?.reason);
    for (const req of waiting) req.slot = null;
    this.queue.unshift(...waiting);
    this.dispatch();
  }

  private died(slot: Slot, reason: string): void {
    if (slot.dead) return;
    slot.dead = true;
    if (slot.idle) clearTimeout(slot.idle);
    this.slots = this.slots.filter((s) => s !== slot);
    for (const req of [...slot.inFlight.values()]) {
      this.release(slot, req);
      const path = typeof req.path === 'string' ? req.path : req.path.toString();
      this.settle(req, req.signal?.aborted ? req.signal.reason : new KuraError({ code: 'hash-worker-stopped', params: { reason, path }, category: 'internal' }));
    }
    this.dispatch();
  }

  private settle(req: Request, err: unknown, value?: FileHash): void {
    if (req.settled) return;
    req.settled = true;
    if (req.onAbort) req.signal?.removeEventListener('abort', req.onAbort);
    if (value) req.resolve(value);
    else req.reject(err);
  }
}

/** The worker's error as the caller would have had it from fs itself (same code, errno, syscall, path). */
function errnoError(e: { message: string; code?: string; errno?: number; syscall?: string; path?: string }): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(e.message);
  if (e.code !== undefined) err.code = e.code;
  if (e.errno !== undefined) err.errno = e.errno;
  if (e.syscall !== undefined) err.syscall = e.syscall;
  if (e.path !== undefined) err.path = e.path;
  return err;
}

let shared: HashWorkerPool | null = null;

/** The process's pool, started on first use. */
export function hashWorkerPool(): HashWorkerPool {
  shared ??= new HashWorkerPool();
  return shared;
}
