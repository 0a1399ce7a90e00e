import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../harness/tmp.js';
import { advance, authError, HOUR, makeScheduler, MIN, networkError, type Fixture } from './scheduler-fixture.js';

const daily = { id: 'shop', name: 'Shop', schedule: { cron: '0 0 * * *', timezone: 'Asia/Tokyo' } };

describe('scheduler: no overlap, retries', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  let stateFile: string;
  let fixtures: Fixture[] = [];
  const track = (f: Fixture) => (fixtures.push(f), f);

  beforeEach(async () => {
    dir = await tempDir('kura-sched-');
    stateFile = join(dir.path, 'scheduler.json');
    // 23:59:00 in Tokyo.
    vi.useFakeTimers({ now: new Date('2025-06-01T14:59:00Z') });
  });
  afterEach(async () => {
    for (const f of fixtures) await f.scheduler.stop();
    fixtures = [];
    vi.useRealTimers();
    await dir.cleanup();
  });

  it('skips the scheduled run while "Back up now" is still running, and does not catch it up later', async () => {
    const f = track(makeScheduler({ stateFile, jobs: [daily], plan: () => ({ status: 'success', durationMs: 5 * MIN }) }));
    await f.scheduler.start();
    const manual = f.scheduler.runNow('shop', 'manual');
    await advance(61_000); // 00:00:01: node-cron fired the slot
    expect(f.events).toContainEqual({ kind: 'run-skipped', jobId: 'shop', trigger: 'schedule', reason: 'already-running' });
    const second = await f.scheduler.runNow('shop', 'cli');
    expect(second.status).toBe('skipped');
    expect(second.error?.code).toBe('already-running');
    await advance(5 * MIN);
    expect((await manual).status).toBe('success');
    await advance(3 * HOUR);
    expect(f.calls.map((c) => c.trigger)).toEqual(['manual']);
    expect(f.maxConcurrent()).toBe(1);
  });

  it('retries a network failure after 1, 4 and 10 minutes, then notifies once', async () => {
    const f = track(makeScheduler({ stateFile, jobs: [daily], plan: () => ({ status: 'failed', durationMs: 0, error: networkError }) }));
    await f.scheduler.start();
    await advance(HOUR);
    expect(f.calls.map((c) => `${c.trigger}@${c.at.slice(11, 19)}`)).toEqual([
      'schedule@15:00:00',
      'retry@15:01:00',
      'retry@15:05:00',
      'retry@15:15:00',
    ]);
    expect(f.notifications.map((n) => n.kind)).toEqual(['failure']);
    expect(f.notifications[0]?.body).toContain('The server did not answer.');
    expect(f.scheduler.health().jobs[0]?.health).toBe('failed');
  });

  it('stops retrying when a retry succeeds, without any notice', async () => {
    const f = track(
      makeScheduler({
        stateFile,
        jobs: [daily],
        plan: (n) => (n < 2 ? { status: 'failed', durationMs: 0, error: networkError } : { status: 'success', durationMs: 0 }),
      }),
    );
    await f.scheduler.start();
    await advance(HOUR);
    expect(f.calls.map((c) => c.trigger)).toEqual(['schedule', 'retry', 'retry']);
    expect(f.notifications).toEqual([]);
    expect(f.scheduler.health().jobs[0]?.health).toBe('ok');
  });

  it('does not retry an auth failure, nor a failed "Back up now"', async () => {
    const f = track(
      makeScheduler({
        stateFile,
        jobs: [daily],
        plan: (n) => (n === 0 ? { status: 'failed', durationMs: 0, error: authError } : { status: 'failed', durationMs: 0, error: networkError }),
      }),
    );
    await f.scheduler.start();
    await advance(HOUR);
    expect(f.calls.map((c) => c.trigger)).toEqual(['schedule']);
    expect(f.notifications.map((n) => `${n.kind}:${n.title}`)).toEqual(['failure:Backup failed: Shop']);
    const manual = f.scheduler.runNow('shop');
    await advance(1000);
    expect((await manual).status).toBe('failed');
    await advance(HOUR);
    expect(f.calls.map((c) => c.trigger)).toEqual(['schedule', 'manual']);
  });

  it('treats a run skipped by another process\'s lock as skipped, not failed', async () => {
    const f = track(makeScheduler({ stateFile, jobs: [daily], plan: () => ({ status: 'skipped', durationMs: 0 }) }));
    await f.scheduler.start();
    await advance(2 * MIN);
    expect(f.calls.map((c) => c.trigger)).toEqual(['schedule']);
    expect(f.events).toContainEqual({ kind: 'run-skipped', jobId: 'shop', trigger: 'schedule', reason: 'locked-elsewhere' });
    expect(f.notifications).toEqual([]);
    await advance(HOUR);
    expect(f.calls).toHaveLength(1);
    expect(f.scheduler.health().jobs[0]?.health).toBe('never');
  });

  it('cancel() stops the running backup and the pending retry', async () => {
    const f = track(makeScheduler({ stateFile, jobs: [daily], plan: (n) => (n === 0 ? { status: 'failed', durationMs: 0, error: networkError } : { status: 'success', durationMs: 10 * MIN }) }));
    await f.scheduler.start();
    await advance(2 * MIN + 30_000); // 00:01:30: first retry is running
    expect(f.scheduler.health().jobs[0]?.health).toBe('running');
    expect(f.scheduler.cancel('shop')).toBe(true);
    await advance(HOUR);
    expect(f.calls.map((c) => c.trigger)).toEqual(['schedule', 'retry']);
    expect(f.events.filter((e) => e.kind === 'run-finished').map((e) => (e.kind === 'run-finished' ? e.outcome.status : ''))).toEqual(['failed', 'cancelled']);
  });
});
