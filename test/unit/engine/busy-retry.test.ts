/**
 * Renames and deletes retried while Windows reports a file busy (an antivirus or indexer holding it
 * for a moment): only on Windows, only for EPERM/EBUSY/EACCES, and only for a bounded time. The
 * Windows job also proves it against a real sharing lock (test/windows/inner/busy-file.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { retryWhileBusy } from '../../../electron/engine/util/busy-retry.js';

function failing(times: number, code: string) {
  let calls = 0;
  return {
    fn: async () => {
      calls++;
      if (calls <= times) throw Object.assign(new Error(`${code}: busy`), { code });
      return 'done';
    },
    calls: () => calls,
  };
}

function clock() {
  let t = 0;
  return { now: () => t, wait: async (ms: number) => void (t += ms) };
}

describe('retryWhileBusy', () => {
  it.each(['EPERM', 'EBUSY', 'EACCES'])('waits out %s on Windows', async (code) => {
    const f = failing(4, code);
    await expect(retryWhileBusy(f.fn, { platform: 'win32', ...clock() })).resolves.toBe('done');
    expect(f.calls()).toBe(5);
  });

  it('fails at once elsewhere, and for other errors', async () => {
    const f = failing(1, 'EPERM');
    await expect(retryWhileBusy(f.fn, { platform: 'linux', ...clock() })).rejects.toMatchObject({ code: 'EPERM' });
    const g = failing(1, 'ENOENT');
    await expect(retryWhileBusy(g.fn, { platform: 'win32', ...clock() })).rejects.toMatchObject({ code: 'ENOENT' });
    expect(f.calls() + g.calls()).toBe(2);
  });

  it('gives up with the original error after the time allowed', async () => {
    const c = clock();
    const f = failing(1_000_000, 'EBUSY');
    await expect(retryWhileBusy(f.fn, { platform: 'win32', totalMs: 10_000, ...c })).rejects.toMatchObject({ code: 'EBUSY' });
    expect(c.now()).toBeLessThanOrEqual(10_000);
    expect(c.now()).toBeGreaterThan(9_000);
  });
});
