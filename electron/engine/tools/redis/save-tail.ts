/**
 * Method `file`, fast path: read the snapshot while the BGSAVE child is still writing it, so the
 * walk, CRC64 and sha256 (~4 s of one core per GB) run on the core the save leaves idle instead of
 * after it.
 *
 * What Redis does (rdb.c, 2.x–7.x; checked against 7.0's `rdbSave`/`rdbSaveBackground`): the
 * forked child creates `temp-<child pid>.rdb` in the server's working folder (CONFIG GET dir),
 * writes the snapshot front to back through stdio — append only, never seeking back — then fflush,
 * fsync, fclose and `rename()`s it over dbfilename. On failure the child (or the parent, when the
 * child died) unlinks the temp file. Nothing else writes a file of that name while the child runs:
 * SAVE and BGSAVE refuse while a child exists, an AOF rewrite writes `temp-rewriteaof-*.aof`, a
 * replica's full sync `temp-<time>.<pid>.rdb`.
 *
 * The tail is an optimisation, never a source of truth. It only reads up to the current end of the
 * file, and its bytes are accepted only when, AFTER the save was confirmed done by INFO:
 *  - the final path (dump.rdb) is the very same file we hold open (dev + inode: the rename kept
 *    the inode, and it cannot be reused while our handle is open),
 *  - that file's size equals the bytes we read (nothing was added after we stopped),
 *  - the walk reached the EOF opcode with a CRC64 equal to the one Redis stored and no trailing
 *    bytes — the child computes that CRC over what it wrote, so a matching one proves our bytes are
 *    its bytes. A snapshot without a checksum (`rdbchecksum no`) cannot prove that: declined.
 * Anything else — no new temp file, more than one, it vanished before we opened it, a read or walk
 * error, another file renamed over dump.rdb — declines with a reason and the caller copies dump.rdb
 * as before, so a tail that went wrong can cost time but never the backup, and never a green result.
 *
 * Not on Windows: Redis ports there are not Redis' own code, and an open handle can get in the way of
 * a rename; the classic copy is used.
 */
import { open, readdir, stat, type FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAbortError, throwIfCancelled } from '../../errors.js';
import type { Logger } from '../../progress.js';
import { RdbFileSink } from './rdb-file-sink.js';
import type { RdbDownload } from './sync.js';

/** The name Redis' save child gives the file it writes (`temp-%d.rdb` with its own pid). */
const TEMP_NAME = /^temp-\d+\.rdb$/;
/**
 * How often the folder is listed while waiting for the child's file to appear: often at first (the
 * child creates it right after the fork), then gently (a save scheduled after an AOF rewrite can
 * start minutes later; arriving late there only means catching up).
 */
const DISCOVER_MS = 20;
const DISCOVER_SLOW_MS = 250;
const DISCOVER_FAST_FOR_MS = 2000;
/** How long to wait for more bytes once we have read everything written so far. */
const CAUGHT_UP_MS = 15;
/**
 * Reads go into slabs; each chunk handed to the sink is a slice of one (the sink keeps chunks by
 * reference). A full slab is reused once the sink has written and walked all of it, instead of
 * leaving 4 MiB of garbage per slab for the GC (measured on a 260 MB RDB: peak RSS 161–179 MB
 * without reuse, 148–152 MB with).
 */
const SLAB_BYTES = 4 * 1024 * 1024;
const READ_BYTES = 1024 * 1024;
/** A slab with less room than this is retired and a fresh one started. */
const MIN_READ_BYTES = 64 * 1024;
const PROGRESS_INTERVAL_MS = 200;
/**
 * The copy goes to disk while the save runs (background fdatasync), not all in the final fsync. Each
 * fdatasync competes with the save child's own writes: Redis 7.0 starts the writeback of every 4 MiB
 * it writes with sync_file_range and then waits for the 4 MiB before it (seen with strace on this
 * machine; older versions fsync every 32 MiB), and fsyncs the whole file at the end. Saving a
 * 1 GB RDB with Kura's sink beside it (`npm run bench:save-contention`, mean of 4–6 saves, alone =
 * 1.00): server loaded from an RDB — every 16 MiB 1.06 and 1.02 (two sessions), 64 MiB 1.02 and
 * 1.01, 128 MiB 1.01, 256 MiB 1.05, none 1.08 plus 0.5 s of final fsync; server filled by commands —
 * 16 MiB 1.06, 64 MiB 1.08. The intervals between 16 and 128 MiB are within the noise of each
 * other; 64 MiB makes fewer calls. Never syncing during the save is clearly worse.
 */
const SYNC_EVERY_BYTES = 64 * 1024 * 1024;

export interface SaveTailOptions {
  /** The folder the server saves in (where dump.rdb is, as seen from here). */
  dir: string;
  outFile: string;
  signal?: AbortSignal;
  onProgress?: (p: { bytes: number; totalBytes: number | null }) => void;
  logger?: Logger;
}

/** What `complete()` hands back: verified bytes, or why the caller must copy the file instead. */
export type SaveTailOutcome = { kind: 'tailed'; download: RdbDownload; tempName: string } | { kind: 'declined'; reason: string };

/** Where the tail is; `following` holds the background loop (it never rejects). */
type TailState =
  | { kind: 'idle' }
  | { kind: 'armed'; baseline: ReadonlySet<string> }
  | { kind: 'following'; loop: Promise<LoopEnd> }
  | { kind: 'declined'; reason: string }
  | { kind: 'done' };

/** How the background loop ended: everything read up to the end of the finished file, or not. */
type LoopEnd = { kind: 'read'; file: FileHandle; sink: RdbFileSink; bytes: number; tempName: string } | { kind: 'declined'; reason: string };

/** What the loop was told to do after its current step. */
type Request = 'continue' | 'finish' | 'stop';

export class SaveTail {
  private state: TailState = { kind: 'idle' };
  private request: Request = 'continue';
  /** Bytes read so far (for the log: how much was left when the save ended). */
  private position = 0;
  /** Aborted to cut a pause short when complete() or cancel() is called. */
  private readonly wake = new AbortController();
  /** Ends a pause: wake-up or the run's cancellation (combined once, not per pause). */
  private readonly pauseSignal: AbortSignal;

  constructor(private readonly opts: SaveTailOptions) {
    if (process.platform === 'win32') this.state = { kind: 'declined', reason: 'not used on Windows' };
    this.pauseSignal = opts.signal ? AbortSignal.any([this.wake.signal, opts.signal]) : this.wake.signal;
  }

  /**
   * Notes the temp files already in the folder. Call right before sending BGSAVE (again before
   * each retry): only a file that appears after this can be our save's. Never throws.
   */
  async arm(): Promise<void> {
    if (this.state.kind !== 'idle' && this.state.kind !== 'armed') return;
    try {
      this.state = { kind: 'armed', baseline: new Set(await this.tempFiles()) };
    } catch (err) {
      this.state = { kind: 'declined', reason: `could not list ${this.opts.dir} (${describe(err)})` };
    }
  }

  /** BGSAVE was accepted: look for the child's file and read it as it grows, in the background. */
  follow(): void {
    if (this.state.kind !== 'armed') return;
    const loop = this.run(this.state.baseline).catch((err: unknown): LoopEnd => ({ kind: 'declined', reason: describe(err) }));
    this.state = { kind: 'following', loop };
  }

  /**
   * The save is confirmed done (INFO) and `finalPath` should now be the file we followed. Reads the
   * rest, proves it (see the file comment) and returns the verified download — or declines. Throws
   * only when the run was cancelled.
   */
  async complete(finalPath: string): Promise<SaveTailOutcome> {
    const state = this.state;
    this.state = { kind: 'done' };
    if (state.kind === 'declined') return state;
    if (state.kind !== 'following') return { kind: 'declined', reason: 'the save was not followed' };
    const readDuringSave = this.position;
    const started = Date.now();
    this.request = 'finish';
    this.wake.abort();
    const end = await state.loop;
    if (end.kind === 'declined') {
      throwIfCancelled(this.opts.signal);
      return end;
    }
    const { file, sink, bytes, tempName } = end;
    let accepted = false;
    try {
      throwIfCancelled(this.opts.signal);
      const reason = await sameFileReason(file, finalPath, bytes);
      if (reason !== null) return { kind: 'declined', reason };
      let download: RdbDownload;
      try {
        download = await sink.finish();
      } catch (err) {
        throwIfCancelled(this.opts.signal);
        return { kind: 'declined', reason: `the bytes read while Redis wrote them did not check out (${describe(err)})` };
      }
      if (download.bytes !== bytes) return { kind: 'declined', reason: `${download.bytes} bytes were written instead of ${bytes}` };
      if (download.validation.checksum !== 'ok') {
        return { kind: 'declined', reason: 'the snapshot carries no checksum (rdbchecksum no), so bytes read while it was written cannot be proven complete' };
      }
      accepted = true;
      this.opts.logger?.log('debug', `redis: ${bytes - readDuringSave} of ${bytes} bytes were read after the save ended; writing out and finishing the walk took ${Date.now() - started} ms more`);
      this.opts.onProgress?.({ bytes, totalBytes: bytes });
      return { kind: 'tailed', download, tempName };
    } finally {
      if (!accepted) await sink.abort(new Error('declined'));
      await file.close().catch(() => {});
    }
  }

  /** Gives up (the save failed, the run was cancelled, an error): stops reading, closes everything. Never throws. */
  async cancel(): Promise<void> {
    const state = this.state;
    this.state = { kind: 'done' };
    if (state.kind !== 'following') return;
    this.request = 'stop';
    this.wake.abort();
    const end = await state.loop;
    if (end.kind === 'read') {
      await end.sink.abort(new Error('cancelled'));
      await end.file.close().catch(() => {});
    }
  }

  private async tempFiles(): Promise<string[]> {
    return (await readdir(this.opts.dir)).filter((name) => TEMP_NAME.test(name));
  }

  /** Finds the one new temp file, then reads it until told to finish (to its end) or stop. */
  private async run(baseline: ReadonlySet<string>): Promise<LoopEnd> {
    const { logger } = this.opts;
    let tempName: string | null = null;
    const started = Date.now();
    while (tempName === null) {
      if (this.request !== 'continue' || this.opts.signal?.aborted) return { kind: 'declined', reason: 'the temporary file of the save was not seen in the folder' };
      const fresh = (await this.tempFiles()).filter((name) => !baseline.has(name));
      if (fresh.length > 1) return { kind: 'declined', reason: `several new temporary files (${fresh.sort().join(', ')})` };
      if (fresh.length === 1) tempName = fresh[0]!;
      else await this.pause(Date.now() - started < DISCOVER_FAST_FOR_MS ? DISCOVER_MS : DISCOVER_SLOW_MS);
    }
    let file: FileHandle;
    try {
      file = await open(join(this.opts.dir, tempName), 'r');
    } catch (err) {
      return { kind: 'declined', reason: `${tempName} could not be opened (${describe(err)})` };
    }
    logger?.log('debug', `redis: following ${tempName} while the server writes it`);
    let sink: RdbFileSink | null = null;
    try {
      sink = await RdbFileSink.create(this.opts.outFile, { ...(this.opts.signal ? { signal: this.opts.signal } : {}), syncEveryBytes: SYNC_EVERY_BYTES });
      const bytes = await this.readGrowing(file, sink);
      if (bytes === null) {
        await sink.abort(new Error('stopped'));
        await file.close();
        return { kind: 'declined', reason: 'stopped' };
      }
      return { kind: 'read', file, sink, bytes, tempName };
    } catch (err) {
      await sink?.abort(err);
      await file.close().catch(() => {});
      return { kind: 'declined', reason: `reading ${tempName} failed (${describe(err)})` };
    }
  }

  /**
   * Reads from the start; at the current end of the file waits a little and reads again, until
   * asked to finish (then reads to the end, which is final: the save is over) or to stop (null).
   */
  private async readGrowing(file: FileHandle, sink: RdbFileSink): Promise<number | null> {
    /** Full slabs, oldest first, with the stream offset their last byte ends at. */
    const retired: { slab: Buffer; end: number }[] = [];
    const freshSlab = (): Buffer => {
      const oldest = retired[0];
      if (oldest !== undefined && oldest.end <= sink.releasedBytes) return retired.shift()!.slab;
      return Buffer.allocUnsafe(SLAB_BYTES);
    };
    let slab = freshSlab();
    let used = 0;
    let pos = 0;
    let lastProgress = 0;
    this.opts.onProgress?.({ bytes: 0, totalBytes: null });
    for (;;) {
      if (this.request === 'stop' || this.opts.signal?.aborted) return null;
      // Read the flag before reading the file: bytes the save wrote before it ended are then seen.
      const finishing = this.request === 'finish';
      if (SLAB_BYTES - used < MIN_READ_BYTES) {
        retired.push({ slab, end: pos });
        slab = freshSlab();
        used = 0;
      }
      const { bytesRead } = await file.read(slab, used, Math.min(READ_BYTES, SLAB_BYTES - used), pos);
      if (bytesRead > 0) {
        const chunk = slab.subarray(used, used + bytesRead);
        used += bytesRead;
        pos += bytesRead;
        this.position = pos;
        await sink.write(chunk);
        if (Date.now() - lastProgress >= PROGRESS_INTERVAL_MS) {
          lastProgress = Date.now();
          this.opts.onProgress?.({ bytes: pos, totalBytes: null });
        }
        continue;
      }
      if (finishing) return pos;
      await this.pause(CAUGHT_UP_MS);
    }
  }

  /** Sleeps, unless woken by complete()/cancel() or the run's cancellation. */
  private async pause(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.pauseSignal }).catch(() => {});
  }
}

/**
 * Null when `finalPath` is the file we hold open and it has exactly the bytes we read; else why not.
 * Bigint stats: inode numbers can exceed 2^53 (some file systems, and on Windows).
 */
async function sameFileReason(file: FileHandle, finalPath: string, bytes: number): Promise<string | null> {
  let mine, theirs;
  try {
    [mine, theirs] = await Promise.all([file.stat({ bigint: true }), stat(finalPath, { bigint: true })]);
  } catch (err) {
    return `could not compare with ${finalPath} (${describe(err)})`;
  }
  if (mine.ino === 0n || mine.dev !== theirs.dev || mine.ino !== theirs.ino) {
    return `${basename(finalPath)} is not the file that was followed (another save may have replaced it)`;
  }
  if (mine.size !== BigInt(bytes)) return `the file has ${mine.size} bytes but ${bytes} were read`;
  return null;
}

function describe(err: unknown): string {
  if (isAbortError(err)) return 'cancelled';
  return err instanceof Error ? err.message : String(err);
}
