import { writeFile, mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireJobLock, lockPath, readLock } from '../../../electron/engine/jobs/job-lock.js';
import { startProcess } from '../../../electron/engine/process/run-process.js';
import { tempDir } from '../../harness/tmp.js';

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
    const again = await acquireJobLock(home.path, 'shop', 'run-3', new Date());
    expect((await readLock(home.path, 'shop'))?.runId).toBe('run-3');
    await again.release();
  });

  it('takes over a lock whose process is dead', async () => {
    const dead = startProcess({ file: process.execPath, args: ['-e', '0'] });
    const { exitCode } = await dead.result;
    expect(exitCode).toBe(0);
    await mkdir(join(home.path, 'locks'), { recursive: true });
    await writeFile(lockPath(home.path, 'shop'), JSON.stringify({ pid: dead.pid, host: hostname(), runId: 'old', startedAt: '2026-01-01T00:00:00Z' }));
    const lock = await acquireJobLock(home.path, 'shop', 'new', new Date());
    expect(lock.info.runId).toBe('new');
    await lock.release();
  });

  it('respects a lock held by another live process', async () => {
    const sleeper = startProcess({ file: process.execPath, args: ['-e', 'setTimeout(() => {}, 30000)'] });
    try {
      await mkdir(join(home.path, 'locks'), { recursive: true });
      await writeFile(lockPath(home.path, 'shop'), JSON.stringify({ pid: sleeper.pid, host: hostname(), runId: 'other', startedAt: '2026-01-01T00:00:00Z' }));
      await expect(acquireJobLock(home.path, 'shop', 'mine', new Date())).rejects.toMatchObject({ code: 'job-locked' });
    } finally {
      sleeper.kill('SIGKILL');
      await sleeper.result;
    }
  });

  it('treats a corrupt lock file as stale', async () => {
    await mkdir(join(home.path, 'locks'), { recursive: true });
    await writeFile(lockPath(home.path, 'shop'), '{not json');
    const lock = await acquireJobLock(home.path, 'shop', 'x', new Date());
    await lock.release();
  });
});
