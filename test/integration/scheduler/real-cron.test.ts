/**
 * The wiring with REAL node-cron, real timers and the real clock: a seconds-field schedule
 * (`* * * * * *`) fires runJob, a run that outlasts the next ticks is never overlapped (neither by
 * node-cron's ticks nor by "Back up now"), and state lands on disk.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../harness/tmp.js';
import { createScheduler, type Scheduler } from '../../../electron/engine/scheduler/scheduler.js';
import type { RunOutcome, RunTrigger } from '../../../electron/engine/scheduler/types.js';
import type { SchedulerState } from '../../../electron/engine/scheduler/scheduler-state.js';

describe('scheduler with real node-cron', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  let scheduler: Scheduler | null = null;
  beforeEach(async () => {
    dir = await tempDir('kura-cron-');
  });
  afterEach(async () => {
    await scheduler?.stop();
    await dir.cleanup();
  });

  it('fires runJob every second and never overlaps a run that takes 1.5 s', async () => {
    const calls: Array<{ trigger: RunTrigger; at: number }> = [];
    let active = 0;
    let maxActive = 0;
    const stateFile = join(dir.path, 'state', 'scheduler.json');
    scheduler = createScheduler({
      listJobs: async () => [{ id: 'tick', name: 'Tick', schedule: { cron: '* * * * * *', timezone: 'UTC' } }],
      runJob: async (_jobId, trigger, signal): Promise<RunOutcome> => {
        const startedAt = new Date().toISOString();
        calls.push({ trigger, at: Date.now() });
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, 1500);
          signal.addEventListener('abort', () => (clearTimeout(t), resolve()));
        });
        active--;
        return { status: signal.aborted ? 'cancelled' : 'success', runId: `r${calls.length}`, startedAt, finishedAt: new Date().toISOString(), error: null };
      },
      recoverInterrupted: async () => {},
      clock: { now: () => new Date() },
      timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
      notifier: { notify: () => {} },
      settings: () => ({ catchUpDelaySeconds: 120, language: 'en', notifications: 'all' }),
      stateFile,
      logger: { log: () => {} },
    });
    const t0 = Date.now();
    await scheduler.start();
    // Wait for the first tick, then try "Back up now" while it runs.
    while (calls.length === 0 && Date.now() - t0 < 3000) await new Promise((r) => setTimeout(r, 20));
    expect(calls).toHaveLength(1);
    const manual = await scheduler.runNow('tick', 'manual');
    expect(manual.status).toBe('skipped');
    await new Promise((r) => setTimeout(r, 3600));
    await scheduler.stop();
    scheduler = null;

    // ~4.6 s of 1 s ticks with 1.5 s runs: every other tick is skipped by the overlap guard.
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls.length).toBeLessThanOrEqual(3);
    expect(maxActive).toBe(1);
    expect(calls.every((c) => c.trigger === 'schedule')).toBe(true);
    for (let i = 1; i < calls.length; i++) expect((calls[i]?.at ?? 0) - (calls[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(1500);
    const saved = JSON.parse(await readFile(stateFile, 'utf8')) as SchedulerState;
    expect(saved.jobs['tick']?.lastSuccessAt).not.toBeNull();
    expect(saved.jobs['tick']?.running).toBeNull();
  });
});
