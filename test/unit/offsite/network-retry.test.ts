import { describe, expect, it } from 'vitest';
import { KuraError } from '../../../electron/engine/errors.js';
import { withNetworkRetry } from '../../../electron/engine/offsite/network-retry.js';
import { msg } from '../../../electron/shared/messages/index.js';

const net = () => new KuraError({ code: 'rsync-connect-failed', category: 'network', message: 'refused' });
const auth = () => new KuraError({ code: 'rsync-auth-failed', category: 'auth', message: 'bad password' });

describe('withNetworkRetry', () => {
  it('retries network errors with the given pauses, then succeeds', async () => {
    const lines: string[] = [];
    let calls = 0;
    const t0 = Date.now();
    const r = await withNetworkRetry(
      async () => {
        calls++;
        if (calls < 3) throw net();
        return 'ok';
      },
      { what: msg('try-copy', { snapshot: 'S1', to: 'nas' }), delaysMs: [30, 60], logger: { log: (_l, m) => lines.push(m) } },
    );
    expect(r).toBe('ok');
    expect(calls).toBe(3);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(85);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/Copying S1 to nas failed \(refused\); trying again in 0 s \(attempt 2 of 3\)/);
  });

  it('gives up after the last pause with the network error itself', async () => {
    let calls = 0;
    await expect(withNetworkRetry(async () => { calls++; throw net(); }, { what: msg('try-copy', { snapshot: 'S1', to: 'nas' }), delaysMs: [1, 1] })).rejects.toMatchObject({ code: 'rsync-connect-failed' });
    expect(calls).toBe(3);
  });

  it('never retries what retrying cannot fix (a wrong password)', async () => {
    let calls = 0;
    await expect(withNetworkRetry(async () => { calls++; throw auth(); }, { what: msg('try-copy', { snapshot: 'S1', to: 'nas' }), delaysMs: [1, 1] })).rejects.toMatchObject({ code: 'rsync-auth-failed' });
    expect(calls).toBe(1);
  });

  it('stops waiting when the run is cancelled', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 20);
    const t0 = Date.now();
    await expect(withNetworkRetry(async () => { throw net(); }, { what: msg('try-copy', { snapshot: 'S1', to: 'nas' }), delaysMs: [10_000], signal: ac.signal })).rejects.toMatchObject({ code: 'cancelled' });
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
