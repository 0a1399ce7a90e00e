/**
 * Hashes the files rsync copies while rsync is still copying the rest, so that on a first snapshot
 * (everything copied) the per-file list does not add a second pass over gigabytes after the copy:
 * rsync reports each file once it is complete (snapshot/file-list-build.ts then takes these hashes
 * for entries that are still the very same file — same inode, size and mtime — and hashes the rest).
 *
 * One file at a time, read with synchronous calls on this thread, in slices that give the event loop
 * its turns (util/hash-entry.ts, sha256OfFileInSlices): the files are in memory, rsync wrote them a
 * moment ago, and beside rsync on two cores the CPU an asynchronous read's round trips cost was taken
 * from the copy (Kura's own CPU on the benchmark's first snapshot: 4.5–4.8 s with two asynchronous
 * files at a time, 3.3–3.6 s like this). Not in the hashing workers either: beside rsync they took its
 * cores (hash-entry.ts, sha256OfFile, says so).
 *
 * rsync names a file when it has received its data but before it renames its temporary file into
 * place (receiver.c logs, then finish_transfer renames), so the name reported last may not exist yet
 * — or may still be the older file. A file is hashed once the file after it has been reported; the
 * last one once rsync has exited. That is not always late enough: on the benchmark's first snapshot
 * 1,479 of 20,000 files were not there yet when the next one had been reported (rsync 3.5), and were
 * hashed one at a time by the list after the copy (0.5 s). A file not there yet is tried again once
 * LAG_REPORTS more files have been reported, and in any case once rsync has exited.
 */
import { lstatSync } from 'node:fs';
import { sha256OfFileInSlices } from '../util/hash-entry.js';
import { LoopTurns } from '../util/loop-turns.js';
import { joinBytes } from '../util/tree-walk.js';

export interface Prehashed {
  sha256: string;
  size: number;
  mtimeMs: number;
  dev: bigint;
  ino: bigint;
}

/** Bytes hashed between two turns of the event loop (≈ 3 ms here): rsync's output waits no longer than that. */
const SLICE_BYTES = 4 * 1024 * 1024;
/** A file that was not in place yet is tried again after this many more reports. */
const LAG_REPORTS = 8;
/** Tries of a file not in place before it is left to the end of the copy (a file that vanished never comes). */
const MAX_TRIES = 4;

export class Prehasher {
  private readonly queue: Buffer[] = [];
  private readonly done = new Map<string, Prehashed>();
  /** The one drain hashing the queue, while there is one. */
  private running: Promise<void> | null = null;
  private readonly turns = new LoopTurns(SLICE_BYTES);
  private stopped = false;
  hashedBytes = 0;
  /** Of `hashedBytes`, those hashed while rsync was still copying. */
  hashedDuringCopy = 0;

  constructor(
    private readonly root: string,
    private readonly signal?: AbortSignal,
  ) {}

  private lastReported: Buffer | null = null;
  private copyEnded = false;
  /** Files that were not in place yet when tried, with the report count after which to try again. */
  private readonly lagging: Array<{ rel: Buffer; after: number }> = [];
  /** How often each lagging file was tried (a file that vanished is not tried for ever). */
  private readonly tries = new Map<Buffer, number>();
  private reports = 0;

  /** A file rsync has received (path relative to the item's folder). */
  add(rel: Buffer): void {
    if (this.stopped) return;
    this.reports++;
    while (this.lagging.length > 0 && this.lagging[0]!.after <= this.reports) this.queue.push(this.lagging.shift()!.rel);
    const done = this.lastReported;
    this.lastReported = rel;
    if (done) this.queue.push(done);
    this.kick();
  }

  /** Starts hashing what is queued, unless that is under way. */
  private kick(): void {
    if (this.stopped || this.running || this.queue.length === 0) return;
    this.running = this.drain().finally(() => {
      this.running = null;
      this.kick();
    });
  }

  /** Waits until nothing is being hashed (a drain that ends with work queued starts the next one). */
  private async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops taking work (a failed copy), waits for the file being hashed, and returns what was hashed. */
  async finish(): Promise<ReadonlyMap<string, Prehashed>> {
    this.stopped = true;
    this.queue.length = 0;
    await this.idle();
    return this.done;
  }

  /**
   * The copy has ended (rsync exited): every reported file is in place, the last one too. What is still
   * queued is hashed now, in the order rsync wrote it — the order the list will ask for it.
   */
  async complete(): Promise<ReadonlyMap<string, Prehashed>> {
    this.hashedDuringCopy = this.hashedBytes;
    if (!this.stopped && this.lastReported) this.queue.push(this.lastReported);
    this.lastReported = null;
    for (const l of this.lagging.splice(0)) this.queue.push(l.rel);
    this.tries.clear();
    this.copyEnded = true;
    this.kick();
    await this.idle();
    return this.finish();
  }

  private async drain(): Promise<void> {
    const root = Buffer.from(this.root);
    for (let rel = this.queue.shift(); rel && !this.stopped && !this.signal?.aborted; rel = this.queue.shift()) {
      try {
        const abs = joinBytes(root, rel);
        const before = lstatSync(abs, { bigint: true, throwIfNoEntry: false });
        if (!before) {
          // Not renamed into place yet: again a little later (after the copy, it is gone: the list sees to it).
          const tried = (this.tries.get(rel) ?? 0) + 1;
          this.tries.set(rel, tried);
          if (!this.copyEnded && tried < MAX_TRIES) this.lagging.push({ rel, after: this.reports + LAG_REPORTS });
          continue;
        }
        if (!before.isFile()) continue;
        const h = await sha256OfFileInSlices(abs, this.turns, this.signal, Number(before.size));
        const after = lstatSync(abs, { bigint: true });
        // Keep it only if the file did not change while it was read.
        if (after.ino === before.ino && after.size === before.size && after.mtimeNs === before.mtimeNs && BigInt(h.bytes) === after.size) {
          this.done.set(rel.toString('latin1'), { sha256: h.sha256, size: h.bytes, mtimeMs: Math.floor(Number(after.mtimeMs)), dev: after.dev, ino: after.ino });
          this.hashedBytes += h.bytes;
        }
      } catch {
        // Whatever could not be hashed now is hashed when the list is written.
      }
    }
  }
}
