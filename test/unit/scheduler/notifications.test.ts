import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../harness/tmp.js';
import { advance, authError, configError, HOUR, makeScheduler, MIN, type Fixture, type Plan } from './scheduler-fixture.js';

const hourly = { id: 'shop', name: 'Shop', schedule: { cron: '0 * * * *', timezone: 'Asia/Tokyo' } };

describe('scheduler notifications', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  let fixtures: Fixture[] = [];
  const make = (plan: (n: number) => Plan, settings: Parameters<typeof makeScheduler>[0]['settings'] = {}) => {
    const f = makeScheduler({ stateFile: join(dir.path, 'scheduler.json'), jobs: [hourly], plan, settings, options: { watchdogIntervalMs: 5 * MIN } });
    fixtures.push(f);
    return f;
  };

  beforeEach(async () => {
    dir = await tempDir('kura-sched-');
    vi.useFakeTimers({ now: new Date('2025-06-01T14:30:00Z') });
  });
  afterEach(async () => {
    for (const f of fixtures) await f.scheduler.stop();
    fixtures = [];
    vi.useRealTimers();
    await dir.cleanup();
  });

  const fail = (error = configError): Plan => ({ status: 'failed', durationMs: 1000, error });
  const ok: Plan = { status: 'success', durationMs: 1000 };

  it('failure once, overdue once, recovery once, and nothing per success', async () => {
    // Hourly job: fails for 5 runs with the same code, then succeeds for 5.
    const f = make((n) => (n < 5 ? fail() : ok));
    await f.scheduler.start();
    await advance(3 * HOUR); // 3 failures; overdue after 2 h without a success
    expect(f.notifications.map((n) => n.kind)).toEqual(['failure', 'overdue']);
    expect(f.scheduler.health().jobs[0]?.health).toBe('overdue');
    expect(f.notifications[1]?.body).toMatch(/^No successful backup yet\./);
    await advance(2 * HOUR); // 2 more failures, same code: quiet
    expect(f.notifications.map((n) => n.kind)).toEqual(['failure', 'overdue']);
    await advance(5 * HOUR); // 5 successes
    expect(f.notifications.map((n) => n.kind)).toEqual(['failure', 'overdue', 'recovery']);
    expect(f.calls).toHaveLength(10);
    expect(f.scheduler.health().jobs[0]?.health).toBe('ok');
  });

  it('notifies again when the error changes, and again after a recovery', async () => {
    const codes = [fail(), fail(), fail(authError), ok, fail(authError)];
    const f = make((n) => codes[n] ?? ok);
    await f.scheduler.start();
    await advance(5 * HOUR + 10 * MIN);
    // 15:00 config error, 16:00 same (quiet), 16:30 overdue, 17:00 auth error, 18:00 ok, 19:00 auth again.
    expect(f.notifications.map((n) => n.kind)).toEqual(['failure', 'overdue', 'failure', 'recovery', 'failure']);
    expect(f.notifications[2]?.body).toContain('MySQL refused the password.');
  });

  it('"failures" shows failures and overdue but no recovery; "off" shows nothing', async () => {
    const f = make((n) => (n < 3 ? fail() : ok), { notifications: 'failures' });
    await f.scheduler.start();
    await advance(5 * HOUR);
    expect(f.notifications.map((n) => n.kind)).toEqual(['failure', 'overdue']);

    const g = make((n) => (n < 3 ? fail() : ok), { notifications: 'off' });
    await g.scheduler.start();
    await advance(5 * HOUR);
    expect(g.notifications).toEqual([]);
  });

  it('speaks Japanese when the app does', async () => {
    const f = make(() => fail(), { language: 'ja' });
    await f.scheduler.start();
    await advance(40 * MIN);
    expect(f.notifications[0]?.title).toBe('バックアップに失敗しました: Shop');
  });

  it('remembers what it already said across a restart', async () => {
    const f = make(() => fail());
    await f.scheduler.start();
    await advance(40 * MIN);
    await f.scheduler.stop();
    expect(f.notifications.map((n) => n.kind)).toEqual(['failure']);
    const g = make(() => fail());
    await g.scheduler.start();
    await advance(HOUR);
    expect(g.calls).toHaveLength(1);
    expect(g.notifications).toEqual([]);
  });
});
