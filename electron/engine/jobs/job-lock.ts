/**
 * One run per job at a time, across processes: the app's scheduler, "Back up now", `kura run` in a
 * terminal and `kura daemon` all take the same lock. A lock whose owner process is gone (crash,
 * power cut, SIGKILL) is stale and taken over, so a crash never blocks backups forever.
 *
 * Why generations, not one lock file: taking over a stale lock with one file is read → check → rm →
 * create, and two processes doing that at once can both succeed (the second `rm` deletes the lock the
 * first just created). Here the lock is a series of files `locks/<jobId>/<generation>.json`; only the
 * highest generation counts. Moving from generation G to G+1 — taking the lock, taking over a stale
 * one, or releasing it (a "free" record) — is always the exclusive creation of the file G+1, which
 * exactly one process can win. Nobody ever deletes or rewrites the highest generation, so a decision
 * read from it can only be outdated by a newer generation, which the loser's create then runs into.
 *
 * Each file is written completely under a private name first and then hard-linked into place
 * (`link` fails when the name exists), so a reader never sees a half-written lock and mistakes it for
 * a corrupt, stale one. Older generations are removed best-effort after each step.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { link, mkdir, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KuraError } from '../errors.js';
import { isProcessAlive, processStartMark } from '../util/process-alive.js';
import { homeLayout } from '../home-layout.js';

export interface LockInfo {
  pid: number;
  host: string;
  runId: string;
  startedAt: string;
  /** When the holder process started (Linux), so a recycled PID is not mistaken for the holder. */
  processStart?: string | null;
}

type LockRecord = ({ state: 'held' } & LockInfo) | { state: 'free'; releasedAt: string };

export interface JobLock {
  info: LockInfo;
  release(): Promise<void>;
}

/** The folder holding a job's lock generations. */
export function lockDir(home: string, jobId: string): string {
  return homeLayout.locksDir(home, jobId);
}

/** The single lock file of Kura before generations; still honoured while an old process holds it. */
function legacyLockPath(home: string, jobId: string): string {
  return homeLayout.legacyLockFile(home, jobId);
}

const GEN_DIGITS = 12;
const genName = (gen: number) => `${String(gen).padStart(GEN_DIGITS, '0')}.json`;

async function generations(dir: string): Promise<number[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names
    .map((n) => /^(\d+)\.json$/.exec(n)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/** The record of one generation: null when it vanished (a newer one exists), 'corrupt' when unreadable. */
async function readGeneration(dir: string, gen: number): Promise<LockRecord | 'corrupt' | null> {
  let text: string;
  try {
    text = await readFile(join(dir, genName(gen)), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const r = JSON.parse(text) as LockRecord;
    if (r && (r.state === 'free' || (r.state === 'held' && typeof r.pid === 'number'))) return r;
  } catch {
    /* fall through */
  }
  return 'corrupt';
}

/** Creates generation `gen` with `record`, or returns false when another process created it first. */
async function createGeneration(dir: string, gen: number, record: LockRecord): Promise<boolean> {
  const tmp = join(dir, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  await writeFile(tmp, JSON.stringify(record), { flag: 'wx', mode: 0o644 });
  try {
    await link(tmp, join(dir, genName(gen)));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await removeFile(tmp);
  }
}

/**
 * Removes a lock file; one already gone is fine. unlink, not rm: rm looks at the path twice and its
 * first use in a process loads more of Node (≈ 1 ms before every run's rsync could start).
 */
async function removeFile(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** Removes generations below `keep` (they no longer count); failures are harmless. */
async function pruneBelow(dir: string, keep: number): Promise<void> {
  for (const g of await generations(dir).catch(() => [])) {
    if (g < keep) await removeFile(join(dir, genName(g))).catch(() => {});
  }
}

/** The current holder of a job's lock, or null when it is free. */
export async function readLock(home: string, jobId: string): Promise<LockInfo | null> {
  const dir = lockDir(home, jobId);
  for (let attempt = 0; attempt < 5; attempt++) {
    const top = (await generations(dir)).at(-1);
    if (top === undefined) return readLegacy(home, jobId);
    const r = await readGeneration(dir, top);
    if (r === null) continue;
    if (r === 'corrupt' || r.state === 'free') return null;
    const { state: _state, ...info } = r;
    return info;
  }
  return null;
}

async function readLegacy(home: string, jobId: string): Promise<LockInfo | null> {
  try {
    const info = JSON.parse(await readFile(legacyLockPath(home, jobId), 'utf8')) as LockInfo;
    return typeof info.pid === 'number' ? info : null;
  } catch {
    return null;
  }
}

/** A lock is stale when its process is gone. Locks from another host are trusted (shared KURA_HOME). */
export function isStale(info: LockInfo | null): boolean {
  if (!info || typeof info.pid !== 'number') return true;
  if (info.host !== hostname()) return false;
  if (!isProcessAlive(info.pid)) return true;
  // Same PID, another process: the holder died and its number was given to someone else.
  const mark = info.processStart ?? null;
  return mark !== null && processStartMark(info.pid) !== null && processStartMark(info.pid) !== mark;
}

export async function acquireJobLock(home: string, jobId: string, runId: string, now: Date): Promise<JobLock> {
  const dir = lockDir(home, jobId);
  await mkdir(dir, { recursive: true });
  const info: LockInfo = { pid: process.pid, host: hostname(), runId, startedAt: now.toISOString(), processStart: processStartMark(process.pid) };
  for (let attempt = 0; attempt < 50; attempt++) {
    const top = (await generations(dir)).at(-1) ?? 0;
    if (top > 0) {
      const current = await readGeneration(dir, top);
      if (current === null) continue; // a newer generation appeared meanwhile: look again
      if (current !== 'corrupt' && current.state === 'held' && !isStale(current)) throw lockedError(jobId, current);
    }
    const legacy = await readLegacy(home, jobId);
    if (legacy && !isStale(legacy)) throw lockedError(jobId, legacy);
    const mine = top + 1;
    if (!(await createGeneration(dir, mine, { state: 'held', ...info }))) continue;
    await pruneBelow(dir, mine);
    if (legacy) await removeFile(legacyLockPath(home, jobId)).catch(() => {});
    return {
      info,
      release: async () => {
        // If `mine + 1` exists already, someone judged this run dead and took over: nothing to give back.
        if (await createGeneration(dir, mine + 1, { state: 'free', releasedAt: new Date().toISOString() })) await pruneBelow(dir, mine + 1);
      },
    };
  }
  throw new KuraError({ code: 'job-locked~unknown', params: { job: jobId }, category: 'config' });
}

function lockedError(jobId: string, holder: LockInfo): KuraError {
  return new KuraError({ code: 'job-locked', params: { job: jobId, pid: holder.pid, startedAt: holder.startedAt }, category: 'config' });
}

