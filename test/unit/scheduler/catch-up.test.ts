import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../harness/tmp.js';
import { advance, HOUR, makeScheduler, MIN, sleep, type Fixture } from './scheduler-fixture.js';
import type { SchedulerState } from '../../../electron/engine/scheduler/scheduler-state.js';

const daily = { id: 'shop', name: 'Shop', schedule: { cron: '0 0 * * *', timezone: 'Asia/Tokyo' } };

describe('scheduler catch-up', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  let stateFile: string;
  let fixtures: Fixture[] = [];
  const track = (f: Fixture) => (fixtures.push(f), f);

  beforeEach(async () => {
    dir = await tempDir('kura-sched-');
    stateFile = join(dir.path, 'state', 'scheduler.json');
    // 23:00 in Tokyo.
    vi.useFakeTimers({ now: new Date('2025-06-01T14:00:00Z') });
  });
  afterEach(async () => {
    for (const f of fixtures) await f.scheduler.stop();
    fixtures = [];
    vi.useRealTimers();
    await dir.cleanup();
  });

  it('runs a slot missed during sleep exactly once, after the grace delay', async () => {
    const f = track(makeScheduler({ stateFile, jobs: [daily] }));
    await f.scheduler.start();
    await advance(30 * MIN); // 23:30, awake
    sleep(3 * HOUR); // lid closed over midnight; wakes at 02:30
    await advance(30_000); // the watchdog's next tick notices
    expect(f.events.some((e) => e.kind === 'clock-jump' && e.direction === 'forward')).toBe(true);
    expect(f.events.find((e) => e.kind === 'catch-up-scheduled')).toMatchObject({ missedSlot: '2025-06-01T15:00:00.000Z' });
    expect(f.calls).toHaveLength(0);
    await advance(119_000);
    expect(f.calls).toHaveLength(0);
    await advance(2_000);
    expect(f.calls.map((c) => c.trigger)).toEqual(['catch-up']);
    // Hours later (node-cron re-armed on wake): nothing ran twice.
    await advance(3 * HOUR);
    expect(f.calls).toHaveLength(1);
    const h = f.scheduler.health().jobs[0];
    expect(h?.health).toBe('ok');
    expect(h?.nextRunAt).toBe('2025-06-02T15:00:00.000Z');
  });

  it('runs once however many slots were missed (three hourly slots asleep)', async () => {
    const hourly = { id: 'shop', name: 'Shop', schedule: { cron: '0 * * * *', timezone: 'Asia/Tokyo' } };
    const f = track(makeScheduler({ stateFile, jobs: [hourly] }));
    await f.scheduler.start();
    await advance(10 * MIN); // 23:10
    sleep(3 * HOUR + 20 * MIN); // misses 00:00, 01:00, 02:00; wakes 02:30
    f.scheduler.checkMissed(); // the shell's resume hook
    await advance(25 * MIN); // up to 02:55: one catch-up, no regular slot yet
    expect(f.calls.map((c) => c.trigger)).toEqual(['catch-up']);
    expect(f.events.filter((e) => e.kind === 'catch-up-scheduled')).toHaveLength(1);
    await advance(10 * MIN); // 03:05: the regular 03:00 slot ran on time
    expect(f.calls.map((c) => c.trigger)).toEqual(['catch-up', 'schedule']);
    expect(f.calls[1]?.at).toBe('2025-06-01T18:00:00.000Z');
  });

  it('catches up once after the computer was off for three days (state survives the restart)', async () => {
    const first = track(makeScheduler({ stateFile, jobs: [daily] }));
    await first.scheduler.start();
    await first.scheduler.stop();
    const saved = JSON.parse(await readFile(stateFile, 'utf8')) as SchedulerState;
    expect(saved.jobs['shop']?.nextDueAt).toBe('2025-06-01T15:00:00.000Z');

    vi.setSystemTime(new Date('2025-06-04T03:00:00Z')); // powered on three days later, 12:00 in Tokyo
    const second = track(makeScheduler({ stateFile, jobs: [daily], settings: { catchUpDelaySeconds: 60 } }));
    await second.scheduler.start();
    await advance(59_000);
    expect(second.calls).toHaveLength(0);
    await advance(2_000);
    expect(second.calls.map((c) => c.trigger)).toEqual(['catch-up']);
    await advance(6 * HOUR);
    expect(second.calls).toHaveLength(1);
    await second.scheduler.flush();
    const after = JSON.parse(await readFile(stateFile, 'utf8')) as SchedulerState;
    expect(after.jobs['shop']?.nextDueAt).toBe('2025-06-04T15:00:00.000Z');
    expect(after.jobs['shop']?.lastSuccessAt).toBe('2025-06-04T03:01:10.000Z');
  });

  it('runs again once after a crash mid-run (running mark left in the state file)', async () => {
    await mkdir(dirname(stateFile), { recursive: true });
    const state: SchedulerState = {
      version: 1,
      paused: false,
      jobs: {
        shop: {
          cron: '0 0 * * *',
          timezone: 'Asia/Tokyo',
          scheduledSince: '2025-05-01T00:00:00.000Z',
          lastAttemptAt: '2025-06-01T13:50:00.000Z',
          lastSuccessAt: '2025-05-31T15:00:10.000Z',
          lastPublishedAt: '2025-05-31T15:00:10.000Z',
          nextDueAt: '2025-06-01T15:00:00.000Z',
          lastResult: null,
          running: { trigger: 'manual', since: '2025-06-01T13:50:00.000Z', pid: 999_999 },
          catchUpNeeded: false,
          notified: { failureCode: null, overdue: false },
        },
      },
    };
    await writeFile(stateFile, JSON.stringify(state));
    let recovered = 0;
    const f = track(makeScheduler({ stateFile, jobs: [daily], recoverInterrupted: async () => void recovered++ }));
    await f.scheduler.start();
    expect(recovered).toBe(1);
    expect(f.events.find((e) => e.kind === 'catch-up-scheduled')).toMatchObject({ reason: 'interrupted-run' });
    await advance(121_000);
    expect(f.calls.map((c) => c.trigger)).toEqual(['catch-up']);
    await advance(20 * MIN);
    expect(f.calls).toHaveLength(1);
  });

  it('writes its log lines in the admin\'s language, every one from the catalogue (crash found, catch-up, run, damaged state)', async () => {
    await mkdir(dirname(stateFile), { recursive: true });
    await writeFile(stateFile, '{ not json');
    const f = track(makeScheduler({ stateFile, jobs: [daily], settings: { language: 'ja' }, recoverInterrupted: async () => Promise.reject(new Error('disk gone')) }));
    await f.scheduler.start();
    const done = f.scheduler.runNow('shop');
    await advance(11_000);
    await done;
    expect(f.logs.filter((l) => l.includes('[raw]'))).toEqual([]);
    expect(f.logs.some((l) => l.startsWith('warn: スケジューラーの状態') && l.includes(stateFile))).toBe(true);
    expect(f.logs).toContain('warn: 中断された実行を後片付けできませんでした：disk gone');
    expect(f.logs).toContain('info: ジョブ shop：実行を開始しました（手動）');
    // Outside the verbatim facts (paths, the parser's own reason in （…）), no run of English words.
    for (const l of f.logs) expect(l.replace(/（[^）]*）/g, ''), l).not.toMatch(/[A-Za-z]+ [A-Za-z]+ [A-Za-z]+/);
  });

  it('does not catch up a slot that a later "Back up now" already covered', async () => {
    const f = track(makeScheduler({ stateFile, jobs: [daily] }));
    await f.scheduler.start();
    f.scheduler.pause(); // node-cron tasks stopped: 00:00 passes unnoticed
    await advance(2 * HOUR);
    const manual = f.scheduler.runNow('shop');
    await advance(15_000);
    expect((await manual).status).toBe('success');
    f.scheduler.resume();
    await advance(10 * MIN);
    expect(f.calls.map((c) => c.trigger)).toEqual(['manual']);
  });

  it('a partial "Back up now" covers the slot too, but is not the last good backup', async () => {
    const f = track(makeScheduler({ stateFile, jobs: [daily], plan: () => ({ status: 'partial', error: { code: 'run-items-failed', message: 'x', hint: null, category: 'network' } }) }));
    await f.scheduler.start();
    f.scheduler.pause();
    await advance(2 * HOUR);
    const manual = f.scheduler.runNow('shop');
    await advance(15_000);
    expect((await manual).status).toBe('partial');
    f.scheduler.resume();
    await advance(10 * MIN);
    expect(f.calls.map((c) => c.trigger)).toEqual(['manual']);
    expect(f.scheduler.health().jobs[0]).toMatchObject({ health: 'partial', lastSuccessAt: null });
    await f.scheduler.stop();
    const saved = JSON.parse(await readFile(stateFile, 'utf8')) as SchedulerState;
    expect(saved.jobs['shop']).toMatchObject({ lastSuccessAt: null });
    expect(saved.jobs['shop']?.lastPublishedAt).not.toBeNull();
  });

  it('does not invent a catch-up for a schedule that is new or was just edited', async () => {
    const f = track(makeScheduler({ stateFile, jobs: [daily] }));
    await f.scheduler.start();
    await f.scheduler.stop();
    vi.setSystemTime(new Date('2025-06-03T03:00:00Z'));
    const edited = { ...daily, schedule: { cron: '0 3 * * *', timezone: 'Asia/Tokyo' } };
    const g = track(makeScheduler({ stateFile, jobs: [edited] }));
    await g.scheduler.start();
    await advance(30 * MIN);
    expect(g.calls).toHaveLength(0);
    expect(g.scheduler.health().jobs[0]?.nextRunAt).toBe('2025-06-03T18:00:00.000Z');
  });
});
