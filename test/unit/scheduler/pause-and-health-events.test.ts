import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../harness/tmp.js';
import type { HealthSnapshot } from '../../../electron/engine/scheduler/health.js';
import { advance, HOUR, makeScheduler, MIN, type Fixture, said } from './scheduler-fixture.js';

const daily = { id: 'shop', name: 'Shop', schedule: { cron: '0 0 * * *', timezone: 'Asia/Tokyo' } };

describe('scheduler pause and health events', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  let fixtures: Fixture[] = [];
  const make = (settings = {}) => {
    const f = makeScheduler({ stateFile: join(dir.path, 'scheduler.json'), jobs: [daily], settings });
    fixtures.push(f);
    return f;
  };
  beforeEach(async () => {
    dir = await tempDir('kura-sched-');
    vi.useFakeTimers({ now: new Date('2025-06-01T14:50:00Z') }); // 23:50 in Tokyo
  });
  afterEach(async () => {
    for (const f of fixtures) await f.scheduler.stop();
    fixtures = [];
    vi.useRealTimers();
    await dir.cleanup();
  });

  it('emits health when a run starts and ends, not on every watchdog tick', async () => {
    const f = make();
    const seen: HealthSnapshot[] = [];
    f.scheduler.on('health', (s) => seen.push(s));
    await f.scheduler.start();
    await advance(5 * MIN); // ten watchdog ticks, nothing changes
    expect(seen.map((s) => s.overall.health)).toEqual(['never']);
    await advance(10 * MIN + 30_000); // 00:00 run (10 s)
    expect(seen.map((s) => s.overall.health)).toEqual(['never', 'running', 'ok']);
    expect(said(seen.at(-1)!.overall.sentence)).toBe('Last backup today 00:00 — OK');
  });

  it('pause stops scheduled runs (also after a restart); resume catches up once', async () => {
    const f = make();
    await f.scheduler.start();
    f.scheduler.pause();
    await f.scheduler.stop();
    const g = make();
    await g.scheduler.start();
    expect(g.scheduler.health().paused).toBe(true);
    expect(said(g.scheduler.health().overall.sentence)).toBe('Paused — No backup yet');
    await advance(2 * HOUR);
    expect(g.calls).toHaveLength(0);
    g.scheduler.resume();
    await advance(2 * MIN + 1000);
    expect(g.calls.map((c) => c.trigger)).toEqual(['catch-up']);
    await advance(HOUR);
    expect(g.calls).toHaveLength(1);
  });

  it('"Back up now" works while paused', async () => {
    const f = make();
    await f.scheduler.start();
    f.scheduler.pause();
    const run = f.scheduler.runNow('shop');
    await advance(11_000);
    expect((await run).status).toBe('success');
    expect((await f.scheduler.runNow('nope')).error?.code).toBe('job-not-found');
  });
});
