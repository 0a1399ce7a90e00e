/**
 * Hashes the files rsync copies while rsync is still copying the rest, so that on a first snapshot
 * (everything copied) the per-file list does not add a second pass over gigabytes after the copy:
 * rsync reports each file once it is complete (snapshot/file-list-build.ts then takes these hashes
 * for entries that are still the very same file — same inode, size and mtime — and hashes the rest).
 *
 * One file at a time, in arrival order: rsync itself keeps the other core busy.
 *
 * rsync names a file when it has received its data but before it renames its temporary file into
 * place (receiver.c logs, then finish_transfer renames), so the name reported last may not exist yet
 * — or may still be the older file. The receiver finishes one file before it starts the next: a file
 * is hashed once the file after it has been reported; the last one is left to the list.
 */
import { lstatSync } from 'node:fs';
import { sha256OfFile } from '../util/hash-entry.js';
import { joinBytes } from '../util/tree-walk.js';

export interface Prehashed {
  sha256: string;
  size: number;
  mtimeMs: number;
  dev: bigint;
  ino: bigint;
}

export class Prehasher {
  private readonly queue: Buffer[] = [];
  private readonly done = new Map<string, Prehashed>();
  private running: Promise<void> | null = null;
  private stopped = false;
  hashedBytes = 0;

  constructor(
    private readonly root: string,
    private readonly signal?: AbortSignal,
  ) {}

  private lastReported: Buffer | null = null;

  /** A file rsync has received (path relative to the item's folder). */
  add(rel: Buffer): void {
    if (this.stopped) return;
    const done = this.lastReported;
    this.lastReported = rel;
    if (!done) return;
    this.queue.push(done);
    this.kick();
  }

  /** Starts hashing what is queued unless it is under way (and again when a round ends with more queued). */
  private kick(): void {
    if (this.running || this.stopped || this.queue.length === 0) return;
    this.running = this.drain().finally(() => {
      this.running = null;
      this.kick();
    });
  }

  /** Stops taking work, waits for the file being hashed, and returns what was hashed. */
  async finish(): Promise<ReadonlyMap<string, Prehashed>> {
    this.stopped = true;
    this.queue.length = 0;
    await this.running;
    return this.done;
  }

  private async drain(): Promise<void> {
    const root = Buffer.from(this.root);
    for (let rel = this.queue.shift(); rel && !this.stopped; rel = this.queue.shift()) {
      try {
        const abs = joinBytes(root, rel);
        const before = lstatSync(abs, { bigint: true });
        if (!before.isFile()) continue;
        const h = await sha256OfFile(abs, this.signal, Number(before.size));
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
