/**
 * One run per job at a time, across processes: the app's scheduler, "Back up now", `kura run` in a
 * terminal and `kura daemon` all take the same lock file. A lock whose owner process is gone (crash,
 * power cut, SIGKILL) is stale and taken over, so a crash never blocks backups forever.
 */
import { hostname } from 'node:os';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { KuraError } from '../errors.js';

export interface LockInfo {
  pid: number;
  host: string;
  runId: string;
  startedAt: string;
}

export interface JobLock {
  info: LockInfo;
  release(): Promise<void>;
}

export function lockPath(home: string, jobId: string): string {
  return join(home, 'locks', `${jobId}.lock`);
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function readLock(home: string, jobId: string): Promise<LockInfo | null> {
  try {
    return JSON.parse(await readFile(lockPath(home, jobId), 'utf8')) as LockInfo;
  } catch {
    return null;
  }
}

/** A lock is stale when its process is gone. Locks from another host are trusted (shared KURA_HOME). */
export function isStale(info: LockInfo | null): boolean {
  if (!info || typeof info.pid !== 'number') return true;
  return info.host === hostname() && !isProcessAlive(info.pid);
}

export async function acquireJobLock(home: string, jobId: string, runId: string, now: Date): Promise<JobLock> {
  const path = lockPath(home, jobId);
  await mkdir(join(home, 'locks'), { recursive: true });
  const info: LockInfo = { pid: process.pid, host: hostname(), runId, startedAt: now.toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(path, 'wx', 0o644);
      await fh.writeFile(JSON.stringify(info));
      await fh.close();
      return {
        info,
        release: async () => {
          const current = await readLock(home, jobId);
          if (current && current.pid === info.pid && current.runId === info.runId) await rm(path, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = await readLock(home, jobId);
      if (isStale(holder)) {
        await rm(path, { force: true });
        continue;
      }
      throw new KuraError({
        code: 'job-locked',
        category: 'config',
        message: `Job "${jobId}" is already running (process ${holder!.pid}, started ${holder!.startedAt}).`,
        hint: 'Wait for that backup to finish; this run was skipped so the two do not overlap.',
      });
    }
  }
  throw new KuraError({ code: 'job-locked', category: 'config', message: `Could not take the lock for job "${jobId}".` });
}
