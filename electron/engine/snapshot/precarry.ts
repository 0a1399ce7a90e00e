/**
 * Carries the previous list's hashes over to the files rsync hard-links (`--link-dest`) while rsync is
 * still running, so that after rsync the second snapshot's list only reads its folders' names again.
 *
 * Why: on a night when nothing changed, rsync takes about a second for 20,000 files and keeps about one
 * of two cores busy (its processes wait on the kernel's link calls), while Kura waits; the list written
 * after it — an lstat of every file, the carry check, the line — cost another quarter of a second on
 * one core. The same check the list makes (previous-hashes.ts: this very inode, same size and mtime, a
 * hard link on the previous snapshot's device) is made here while rsync runs, following rsync through
 * the previous list folder by folder: rsync links a folder's files in name order, one folder at a time,
 * so once a folder's last file (in the list) is in the new snapshot, rsync has finished that folder and
 * its files are looked at, once each. rsync makes a link whole (link(2)) and a copied file appears only
 * when it is renamed into place, so a file found is a file rsync has finished. A folder not finished yet
 * costs one look at its last file every few milliseconds, never a look at a name rsync may be making in
 * the folder it is filling (looking up names there while rsync filled it slowed rsync by a third on a
 * busy machine). A file missing from a finished folder is gone from the server; a folder whose last file
 * is gone is left to the walk, and holds up no other folder.
 * (Asking rsync to name every linked file, `-ii`, cost rsync as much time as it saved: 20,000 more
 * lines through its pipe.) Files are the read-ahead's entry numbers (ahead-entries.ts), not objects: what
 * Kura allocates and compiles beside rsync is what slows rsync down (docs/benchmarks.md, 2026-12-07).
 * After rsync, a folder's carried lines are copied as they lie in the previous list, in one piece where
 * they follow one another there.
 *
 * Nothing here is trusted more than the walk's own check: it is the same check, made earlier. Nothing
 * but this run's rsync writes into the new snapshot's folder, and rsync handles each path once, so a
 * file checked after rsync made it is the file the list records. The folders are still read after
 * rsync (every name in the tree is listed; a name not carried here is looked at as before). When
 * anything changes files after rsync (damaged-links.ts replaces links to damaged files), the carried
 * entries are discarded and the walk looks at everything.
 */
import { lstatSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { KnownNames } from '../util/tree-walk.js';
import type { AheadEntries } from './ahead-entries.js';
import type { FileListWriter } from './file-list.js';
import type { PreviousHashes } from './previous-hashes.js';

/** At least this long between two looks (rsync links about 100 files in this time on a quiet night). */
const TICK_MS = 10;
/** The longest wait between two looks while no folder gets finished. */
const QUIET_MS = 250;
/** Files looked at in one turn of the event loop at most (≈ 5 ms): rsync's progress lines get through. */
const SLICE = 2000;

/** One folder's files from the previous list (read-ahead entry numbers, in name order), and how far rsync has been followed in it. */
interface FolderQueue {
  key: string;
  files: number[];
  head: number;
  /** The folder's last file (so far) was found: rsync has finished the folder's files up to it. */
  passed: boolean;
  /** Every file queued so far was looked at, and the queue left `queues` (a later file of the folder gets a new one). */
  done: boolean;
  /** The folder's carried files (an array of `carried`). */
  carried: number[] | null;
}

/**
 * The files carried while rsync ran: read-ahead entry numbers (ahead-entries.ts) by folder (latin1 text
 * of its bytes, '' for the item's root), each folder's in name order.
 */
export class Precarried {
  constructor(
    private readonly ahead: AheadEntries,
    private readonly byFolder: ReadonlyMap<string, readonly number[]>,
  ) {}

  /** Folders with a file carried. */
  get folders(): number {
    return this.byFolder.size;
  }

  /** Files carried in `folder`. */
  count(folder: string): number {
    return this.byFolder.get(folder)?.length ?? 0;
  }

  /** The file `name` of `folder` was carried. */
  has(folder: string, name: string): boolean {
    return this.byFolder.get(folder)?.some((i) => this.ahead.compareName(i, name) === 0) ?? false;
  }

  /** Carried files' lines into `writer`, copied as the previous list has them (`facts`: entry numbers from knownIn, in walk order). */
  async writeLines(writer: FileListWriter, facts: readonly number[]): Promise<void> {
    for (let k = 0; k < facts.length; ) {
      const n = this.ahead.tryWriteRun(writer, facts, k);
      if (n > 0) k += n;
      else await this.ahead.writeLine(writer, facts[k++]!);
    }
  }

  /** The walk's view of a folder's carried files (walkTreeKnowing): their entry numbers by name. */
  knownIn(folder: string): KnownNames<number> | undefined {
    const files = this.byFolder.get(folder);
    return files ? new CarriedNames(this.ahead, files) : undefined;
  }
}

/** A cursor over one folder's carried files, asked the folder's names in byte order (KnownNames). */
class CarriedNames implements KnownNames<number> {
  private at = 0;

  constructor(
    private readonly ahead: AheadEntries,
    private readonly files: readonly number[],
  ) {}

  get(name: string): number | undefined {
    for (; this.at < this.files.length; this.at++) {
      const c = this.ahead.compareName(this.files[this.at]!, name);
      if (c > 0) return undefined;
      if (c === 0) return this.files[this.at++];
    }
    return undefined;
  }
}

export class Precarrier {
  private readonly carried = new Map<string, number[]>();
  private readonly queues = new Map<string, FolderQueue>();
  /** The queue the last entry read ahead went to (the next is most often of the same folder). */
  private lastQueue: FolderQueue | null = null;
  private ingested = 0;
  private readonly root: Buffer;
  private readonly loop: Promise<void>;
  private readonly stop = new AbortController();

  /** Starts following rsync at once; `complete` (rsync has exited) or `discard` ends it. */
  constructor(
    root: string,
    private readonly previous: PreviousHashes,
    private readonly signal?: AbortSignal,
  ) {
    this.root = Buffer.from(root);
    this.loop = this.follow();
  }

  /** rsync has exited: the entries carried so far. The rest is the walk's. */
  async complete(): Promise<Precarried> {
    await this.end();
    if (!this.previous.usable) this.carried.clear();
    return new Precarried(this.previous.ahead, this.carried);
  }

  /** The tree changed after rsync, or the run failed: nothing is carried this way. */
  async discard(): Promise<void> {
    await this.end();
    this.carried.clear();
  }

  /** Files carried so far. */
  get files(): number {
    let n = 0;
    for (const files of this.carried.values()) n += files.length;
    return n;
  }

  private async end(): Promise<void> {
    this.stop.abort();
    await this.loop;
  }

  private async follow(): Promise<void> {
    try {
      let wait = TICK_MS;
      while (!this.stop.signal.aborted && !this.signal?.aborted) {
        const started = performance.now();
        this.ingest();
        const found = this.look();
        // Waiting at least twice as long as the look took keeps this to a third of a core on any tree;
        // while rsync finishes no folder (hours of copying over a slow link), the looks slow down to one
        // every QUIET_MS.
        wait = found ? TICK_MS : Math.min(QUIET_MS, wait * 2);
        await sleep(Math.max(wait, 2 * (performance.now() - started)), undefined, { signal: this.stop.signal });
      }
    } catch {
      // Stopped while waiting, or a folder could not be looked at: the walk looks at the rest.
    }
  }

  /** Files the read-ahead has read since the last look, each into its folder's queue. */
  private ingest(): void {
    const ahead = this.previous.ahead;
    for (const end = this.previous.aheadFiles; this.ingested < end; this.ingested++) {
      const i = this.ingested;
      let q = this.lastQueue;
      if (!q || q.done || !ahead.sameFolder(q.files.at(-1)!, i)) {
        const key = ahead.folderKey(i);
        q = this.queues.get(key) ?? null;
        if (!q) this.queues.set(key, (q = { key, files: [], head: 0, passed: false, done: false, carried: null }));
        this.lastQueue = q;
      }
      q.files.push(i);
    }
  }

  /**
   * The folders rsync has finished: those whose last file (of the list) is there. Their files are
   * looked at once each (at most SLICE lstats in all); a folder not finished costs one look at its last
   * file — never a look at a name rsync may be making at that moment in the folder it is filling.
   * True when a folder was found finished, or there is more to look at than one look may take.
   */
  private look(): boolean {
    const ahead = this.previous.ahead;
    let budget = SLICE;
    let found = false;
    for (const q of this.queues.values()) {
      if (!q.passed) {
        if (!lstatSync(ahead.absPath(this.root, q.files.at(-1)!), { throwIfNoEntry: false })) continue;
        q.passed = true;
        found = true;
      }
      for (; q.head < q.files.length && budget > 0; q.head++, budget--) {
        const i = q.files[q.head]!;
        const abs = ahead.absPath(this.root, i);
        const stat = lstatSync(abs, { throwIfNoEntry: false });
        if (stat?.isFile() && this.previous.carriesAt(i, abs, stat, Math.floor(stat.mtimeMs))) this.keep(q, i);
      }
      if (q.head === q.files.length) {
        this.queues.delete(q.key);
        q.done = true;
      }
      if (budget <= 0) return true;
    }
    return found;
  }

  private keep(q: FolderQueue, i: number): void {
    if (!q.carried) {
      q.carried = this.carried.get(q.key) ?? [];
      this.carried.set(q.key, q.carried);
    }
    q.carried.push(i);
  }
}
