import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { acquireJobLock, lockDir, readLock } from '../../../electron/engine/jobs/job-lock.js';
import { startProcess } from '../../../electron/engine/process/run-process.js';
import { bundleChild } from '../../harness/child-bundle.js';
import { RACE_ON_WINE, skipOnWindows } from '../../harness/platform.js';
import { tempDir } from '../../harness/tmp.js';

/** What another process holding (or having held) the lock leaves behind: its generation file. */
async function writeHolder(home: string, gen: number, pid: number, runId: string): Promise<void> {
  await mkdir(lockDir(home, 'shop'), { recursive: true });
  const record = { state: 'held', pid, host: hostname(), runId, startedAt: '2026-01-01T00:00:00Z' };
  await writeFile(join(lockDir(home, 'shop'), `${String(gen).padStart(12, '0')}.json`), JSON.stringify(record));
}

async function deadPid(): Promise<number> {
  const dead = startProcess({ file: process.execPath, args: ['-e', '0'] });
  expect((await dead.result).exitCode).toBe(0);
  return dead.pid!;
}

describe('job lock', () => {
  let home: { path: string; cleanup: () => Promise<void> };
  beforeEach(async () => {
    home = await tempDir();
  });
  afterEach(() => home.cleanup());

  it('lets one holder in and refuses a second with a clear message', async () => {
    const lock = await acquireJobLock(home.path, 'shop', 'run-1', new Date());
    await expect(acquireJobLock(home.path, 'shop', 'run-2', new Date())).rejects.toMatchObject({
      code: 'job-locked',
      message: expect.stringContaining('already running'),
    });
    await lock.release();
    expect(await readLock(home.path, 'shop')).toBeNull();
    const again = await acquireJobLock(home.path, 'shop', 'run-3', new Date());
    expect((await readLock(home.path, 'shop'))?.runId).toBe('run-3');
    await again.release();
    // Old generations are cleaned up: one file remains, whatever the number of runs.
    expect((await readdir(lockDir(home.path, 'shop'))).length).toBe(1);
  });

  it('takes over a lock whose process is dead', async () => {
    await writeHolder(home.path, 7, await deadPid(), 'old');
    const lock = await acquireJobLock(home.path, 'shop', 'new', new Date());
    expect(lock.info.runId).toBe('new');
    expect((await readLock(home.path, 'shop'))?.runId).toBe('new');
    await lock.release();
  });

  // The live holder is this test's parent (vitest), not a child started for it: a process that is
  // surely there, and no child to kill afterwards (under Wine, killed children sometimes never end).
  it('respects a lock held by another live process', async () => {
    await writeHolder(home.path, 1, process.ppid, 'other');
    await expect(acquireJobLock(home.path, 'shop', 'mine', new Date())).rejects.toMatchObject({ code: 'job-locked' });
  });

  it('honours the single lock file of an older Kura while its process lives, and ignores it once dead', async () => {
    const legacy = join(home.path, 'locks', 'shop.lock');
    const holder = (pid: number) => JSON.stringify({ pid, host: hostname(), runId: 'old-kura', startedAt: '2026-01-01T00:00:00Z' });
    await mkdir(join(home.path, 'locks'), { recursive: true });
    await writeFile(legacy, holder(process.ppid));
    await expect(acquireJobLock(home.path, 'shop', 'mine', new Date())).rejects.toMatchObject({ code: 'job-locked' });
    await writeFile(legacy, holder(await deadPid()));
    const lock = await acquireJobLock(home.path, 'shop', 'mine', new Date());
    await lock.release();
    await expect(readFile(legacy)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('treats a corrupt lock file as stale', async () => {
    await mkdir(lockDir(home.path, 'shop'), { recursive: true });
    await writeFile(join(lockDir(home.path, 'shop'), '000000000003.json'), '{not json');
    const lock = await acquireJobLock(home.path, 'shop', 'x', new Date());
    await lock.release();
  });

  it('does not let a holder whose lock was taken over release the new holder', async () => {
    const a = await acquireJobLock(home.path, 'shop', 'a', new Date());
    // Pretend "a" died: its generation is rewritten by a test as a dead process's, and "b" takes over.
    const gens = (await readdir(lockDir(home.path, 'shop'))).sort();
    await writeFile(join(lockDir(home.path, 'shop'), gens.at(-1)!), JSON.stringify({ state: 'held', pid: await deadPid(), host: hostname(), runId: 'a', startedAt: 'x' }));
    const b = await acquireJobLock(home.path, 'shop', 'b', new Date());
    await a.release();
    expect((await readLock(home.path, 'shop'))?.runId).toBe('b');
    await expect(acquireJobLock(home.path, 'shop', 'c', new Date())).rejects.toMatchObject({ code: 'job-locked' });
    await b.release();
  });

  it.for([1, 2, 3])('gives a stale lock to exactly one of many processes racing for it (round %i)', { timeout: 60_000 }, async (_round, ctx) => {
    skipOnWindows(ctx, RACE_ON_WINE);
    await writeHolder(home.path, 1, await deadPid(), 'crashed');
    const goFile = join(home.path, 'go');
    const logFile = join(home.path, 'turns.log');
    await writeFile(logFile, '');
    const bin = await tempDir('kura-racer-');
    const racer = await bundleChild({ entry: resolve(import.meta.dirname, 'lock-racer.ts') }, bin.path, 'lock-racer');
    // A contender that hangs is killed (and fails the test) rather than holding the run forever.
    const hung = AbortSignal.timeout(45_000);
    const contenders = Array.from({ length: 12 }, (_, i) =>
      startProcess({ file: process.execPath, args: [racer, home.path, goFile, logFile, `r${i}`] }, { stdout: 'capture', signal: hung }),
    );
    onTestFinished(() => bin.cleanup());
    // Let every contender load and start polling for the signal, then release them together.
    while ((await readdir(home.path)).filter((f) => f.startsWith('go.ready-')).length < contenders.length && !hung.aborted) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await writeFile(goFile, '');
    const results = await Promise.all(contenders.map((c) => c.result));
    const codes = results.map((r) => r.exitCode);
    expect(codes.filter((c) => c !== 0 && c !== 3), results.map((r) => r.stderr).join('\n')).toEqual([]);
    const turns = (await readFile(logFile, 'utf8')).trim().split('\n').map((l) => l.split(' '));
    expect(turns.length).toBeGreaterThanOrEqual(2);
    // Never two holders at once: every "enter" is followed by the same contender's "leave".
    for (let i = 0; i < turns.length; i += 2) {
      expect(turns[i]![0]).toBe('enter');
      expect(turns[i + 1]).toEqual(['leave', turns[i]![1], expect.any(String)]);
    }
    expect(codes.filter((c) => c === 0).length).toBe(turns.length / 2);
  });
});
