import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../harness/tmp.js';
import { englishRuns } from '../../harness/english-runs.js';
import { formatSchedulerEvent, type SchedulerEvent } from '../../../electron/engine/scheduler/scheduler-events.js';
import { runDaemon } from '../../../electron/engine/scheduler/daemon.js';
import { buildStatusReport, formatStatusText, statusReport } from '../../../electron/engine/scheduler/status-report.js';
import { saveSchedulerState, emptyJobState, type SchedulerState } from '../../../electron/engine/scheduler/scheduler-state.js';
import { advance, HOUR, makeScheduler, type Fixture, said } from './scheduler-fixture.js';

const daily = { id: 'shop', name: 'Shop', schedule: { cron: '0 0 * * *', timezone: 'Asia/Tokyo' } };

describe('kura daemon', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  let fixtures: Fixture[] = [];
  beforeEach(async () => {
    dir = await tempDir('kura-sched-');
    vi.useFakeTimers({ now: new Date('2025-06-01T14:59:50Z') }); // 23:59:50 in Tokyo
  });
  afterEach(async () => {
    for (const f of fixtures) await f.scheduler.stop();
    fixtures = [];
    vi.useRealTimers();
    await dir.cleanup();
  });

  it('logs one line per event, cancels the running backup on SIGTERM and catches it up on the next start', async () => {
    const stateFile = join(dir.path, 'scheduler.json');
    const f = makeScheduler({ stateFile, jobs: [daily], plan: () => ({ status: 'success', durationMs: HOUR }) });
    fixtures.push(f);
    const lines: string[] = [];
    const stop = new AbortController();
    const done = runDaemon({ scheduler: f.scheduler, logger: { log: (level, m) => lines.push(`${level} ${m}`) }, signal: stop.signal });
    await vi.waitFor(() => expect(f.events.some((e) => e.kind === 'started')).toBe(true), { interval: 5 });
    await advance(15_000);
    expect(f.calls.map((c) => c.trigger)).toEqual(['schedule']);
    stop.abort(); // SIGTERM
    await done;
    expect(lines).toEqual([
      'info scheduler started: 1 job(s)',
      expect.stringMatching(/^info job shop: schedule "0 0 \* \* \*" \(Asia\/Tokyo\), next run 2025-06-01T15:00:00.000Z$/),
      'info status: No backup yet',
      'info job shop: run started (schedule)',
      'info stop requested: cancelling running backups and saving state',
      'info job shop: run run-1 (schedule) cancelled: cancelled: The run was cancelled.',
      'info scheduler stopped',
    ]);
    const saved = JSON.parse(await readFile(stateFile, 'utf8')) as SchedulerState;
    expect(saved.jobs['shop']).toMatchObject({ running: null, catchUpNeeded: true, lastSuccessAt: null });

    const g = makeScheduler({ stateFile, jobs: [daily] });
    fixtures.push(g);
    await g.scheduler.start();
    expect(g.events.find((e) => e.kind === 'catch-up-scheduled')).toMatchObject({ reason: 'interrupted-run' });
    await advance(121_000);
    expect(g.calls.map((c) => c.trigger)).toEqual(['catch-up']);
  });

  it('says every event in Japanese for a Japanese admin, the ids and times as they are', () => {
    const outcome = { runId: 'run-1', status: 'failed' as const, error: { code: 'cancelled', params: {}, message: 'The run was cancelled.', hint: null, category: 'cancelled' as const } };
    const events: SchedulerEvent[] = [
      { kind: 'started', jobs: 2, paused: true },
      { kind: 'stopped' },
      { kind: 'paused' },
      { kind: 'resumed' },
      { kind: 'job-scheduled', jobId: 'shop', cron: '0 0 * * *', timezone: 'Asia/Tokyo', nextRunAt: '2025-06-01T15:00:00.000Z' },
      { kind: 'job-scheduled', jobId: 'shop', cron: '0 0 * * *', timezone: 'Asia/Tokyo', nextRunAt: null },
      { kind: 'catch-up-scheduled', jobId: 'shop', missedSlot: '2025-06-01T15:00:00.000Z', runAt: '2025-06-01T15:02:00.000Z', reason: 'missed-slot' },
      { kind: 'catch-up-scheduled', jobId: 'shop', missedSlot: '2025-06-01T15:00:00.000Z', runAt: '2025-06-01T15:02:00.000Z', reason: 'interrupted-run' },
      { kind: 'retry-scheduled', jobId: 'shop', attempt: 2, runAt: '2025-06-01T15:05:00.000Z', errorCode: 'rsync-timeout' },
      { kind: 'run-started', jobId: 'shop', trigger: 'catch-up' },
      { kind: 'run-skipped', jobId: 'shop', trigger: 'schedule', reason: 'locked-elsewhere' },
      { kind: 'run-finished', jobId: 'shop', trigger: 'retry', outcome: outcome as never },
      { kind: 'clock-jump', direction: 'forward', gapMs: 3_600_000 },
    ];
    for (const e of events) {
      const line = formatSchedulerEvent(e, 'ja');
      expect(line, e.kind).toMatch(/[ぁ-んァ-ヶ]/);
      expect(englishRuns(line), line).toEqual([]);
    }
    expect(formatSchedulerEvent(events[11]!, 'ja')).toBe('ジョブ shop：実行 run-1（再試行）失敗：cancelled：実行をキャンセルしました。');
  });

  it('resolves at once when the signal already fired', async () => {
    const f = makeScheduler({ stateFile: join(dir.path, 's.json'), jobs: [daily] });
    const stop = new AbortController();
    stop.abort();
    await runDaemon({ scheduler: f.scheduler, logger: { log: () => {} }, signal: stop.signal });
    expect(f.events).toEqual([]);
  });
});

describe('kura status', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  beforeEach(async () => {
    dir = await tempDir('kura-status-');
  });
  afterEach(() => dir.cleanup());

  it('reports every job from the state file, in the tray\'s words', async () => {
    const stateFile = join(dir.path, 'state', 'scheduler.json');
    const now = new Date('2025-06-05T00:30:00Z');
    await saveSchedulerState(stateFile, {
      version: 1,
      paused: false,
      jobs: {
        shop: {
          ...emptyJobState(),
          cron: '0 0 * * *',
          timezone: 'Asia/Tokyo',
          scheduledSince: '2025-05-01T00:00:00.000Z',
          lastAttemptAt: '2025-06-04T15:00:00.000Z',
          lastSuccessAt: '2025-06-01T15:00:30.000Z',
          lastResult: {
            status: 'failed',
            trigger: 'schedule',
            runId: 'r9',
            startedAt: '2025-06-04T15:00:00.000Z',
            finishedAt: '2025-06-04T15:00:20.000Z',
            error: { code: 'mysql-access-denied', message: 'MySQL refused the password.', hint: 'Update the password.', category: 'auth' },
          },
        },
        blog: { ...emptyJobState(), running: { trigger: 'cli', since: '2025-06-05T00:29:00.000Z', pid: 424242 } },
      },
    });
    const jobs = [daily, { id: 'blog', name: 'Blog' }];
    const report = await statusReport({ listJobs: async () => jobs, stateFile, now, language: 'en', displayTimeZone: 'Asia/Tokyo', isAlive: (pid) => pid === 424242 });
    expect({ ...report.overall, sentence: said(report.overall.sentence) }).toEqual({ health: 'overdue', sentence: 'Shop: No successful backup for 3 days' });
    expect(report.jobs.map((j) => [j.jobId, j.health])).toEqual([
      ['shop', 'overdue'],
      ['blog', 'running'],
    ]);
    expect(report.jobs[0]?.upcoming).toEqual(['2025-06-05T15:00:00.000Z', '2025-06-06T15:00:00.000Z', '2025-06-07T15:00:00.000Z']);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    const text = formatStatusText(report, 'en');
    expect(text).toContain('Shop (shop): Backup overdue');
    expect(text).toContain('Schedule: Every day at 00:00 (Asia/Tokyo)');
    expect(text).toContain('Last error: MySQL refused the password. — Update the password.');
    expect(text).toContain('Schedule: none (manual only)');
    // The same report in Japanese: every label from the catalogue, the facts (names, zones, the tool's words) as they are.
    const ja = formatStatusText(report, 'ja');
    // The health word too: no English word left (it was the raw value before).
    expect(ja).toContain('Shop（shop）：バックアップが滞っています');
    expect(ja).not.toMatch(/overdue/);
    expect(ja).toContain('スケジュール：毎日 0:00（Asia/Tokyo）');
    expect(ja).toContain('スケジュール：なし（手動のみ）');
    expect(ja).toContain('前回のエラー：');
    expect(ja).not.toMatch(/Schedule|Next runs|Last error|manual only/);

    // The process that marked "blog" running is gone: not shown as running forever.
    const later = await statusReport({ listJobs: async () => jobs, stateFile, now, language: 'ja', isAlive: () => false });
    expect(later.jobs[1]).toMatchObject({ health: 'never' });
    expect(said(later.jobs[1]!.sentence, 'ja')).toBe('まだバックアップしていません');
  });

  it('works before the scheduler ever ran (no state file)', async () => {
    const report = await statusReport({ listJobs: async () => [daily], stateFile: join(dir.path, 'none.json'), now: new Date('2025-06-05T00:30:00Z'), language: 'en' });
    expect(report.overall.health).toBe('never');
    expect(report.jobs[0]?.nextRunAt).toBe('2025-06-05T15:00:00.000Z');
  });
});

describe('kura status says times in the job\'s zone', () => {
  it('a Tokyo job on a machine in London: the sentence and the next runs in Tokyo time, labelled', () => {
    const now = new Date('2025-06-05T00:30:00Z'); // 09:30 in Tokyo, 01:30 in London
    const job = { id: 'shop', name: 'Shop', schedule: { cron: '0 0 * * *', timezone: 'Asia/Tokyo' } };
    const done = '2025-06-04T15:00:40.000Z'; // 00:00 today in Tokyo, 16:00 yesterday in London
    const state = {
      version: 1 as const,
      paused: false,
      jobs: { shop: { ...emptyJobState(), cron: '0 0 * * *', timezone: 'Asia/Tokyo', lastSuccessAt: done, lastPublishedAt: done, lastResult: { status: 'success' as const, trigger: 'schedule' as const, runId: 'r1', startedAt: done, finishedAt: done, error: null } } },
    };
    const report = buildStatusReport([job], state, { now, language: 'en', displayTimeZone: 'Europe/London' });
    const text = formatStatusText(report, 'en', 'Europe/London');
    expect(text).toContain('Last backup today 00:00 (Asia/Tokyo) — OK');
    expect(text).toMatch(/Next runs: Jun 6, 2025, 12:00\s?AM \(Asia\/Tokyo\)/);
    const ja = formatStatusText(report, 'ja', 'Europe/London');
    expect(ja).toContain('前回のバックアップ: 今日 0:00 (Asia/Tokyo) — 正常');
    // On a machine in Tokyo itself nothing needs a label.
    const home = formatStatusText(buildStatusReport([job], state, { now, language: 'en', displayTimeZone: 'Asia/Tokyo' }), 'en', 'Asia/Tokyo');
    expect(home).toContain('Last backup today 00:00 — OK');
    expect(home).not.toContain('(Asia/Tokyo) —');
    // A job without a zone runs by the machine's: said in it, unlabelled.
    const local = formatStatusText(buildStatusReport([{ ...job, schedule: { cron: '0 0 * * *' } }], state, { now, language: 'en', displayTimeZone: 'Europe/London' }), 'en', 'Europe/London');
    expect(local).toContain('Last backup yesterday 16:00 — OK');
  });
});
