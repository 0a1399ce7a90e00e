import { describe, expect, it } from 'vitest';
import { healthSnapshot, jobHealth, overdueThresholdMs } from '../../../electron/engine/scheduler/health.js';
import { formatWhen } from '../../../electron/shared/messages/format.js';
import { renderLoose } from '../../../electron/shared/messages/render.js';
import type { MessageData } from '../../../electron/shared/messages/index.js';
import { emptyJobState, type JobState } from '../../../electron/engine/scheduler/scheduler-state.js';
import type { Language } from '../../../electron/engine/scheduler/types.js';
import { summariseHistory, withHistory } from '../../../electron/engine/scheduler/history-health.js';
import { buildStatusReport, formatStatusText } from '../../../electron/engine/scheduler/status-report.js';
import type { RunRecord } from '../../../electron/engine/run-log/run-history.js';

/** A health sentence as the tray says it. */
const said = (m: MessageData | undefined, lang: Language = 'en') => (m ? renderLoose(lang, m.code, m.params).message : undefined);

const HOUR = 3_600_000;
const daily = { id: 'shop', name: 'Shop', schedule: { cron: '0 0 * * *', timezone: 'Asia/Tokyo' } };
// 09:30 on 5 June 2025 in Tokyo.
const now = new Date('2025-06-05T00:30:00Z');

function state(patch: Partial<JobState>): JobState {
  return { ...emptyJobState(), cron: '0 0 * * *', timezone: 'Asia/Tokyo', scheduledSince: '2025-05-01T00:00:00.000Z', ...patch };
}

function result(status: 'success' | 'warning' | 'failed', finishedAt: string) {
  return { status, trigger: 'schedule' as const, runId: 'r1', startedAt: finishedAt, finishedAt, error: null };
}

const raw = (s: JobState | undefined, running: { trigger: 'manual'; since: string } | null = null) =>
  jobHealth({ job: daily, state: s, now, running, pendingAt: null, displayTimeZone: 'Asia/Tokyo' });
/** The job's health with its sentence and schedule said in a language (what the tray and dashboard show). */
const health = (s: JobState | undefined, lang: Language = 'en', running: { trigger: 'manual'; since: string } | null = null) => {
  const h = raw(s, running);
  return { ...h, sentence: said(h.sentence, lang)!, schedule: h.schedule ? { ...h.schedule, description: said(h.schedule.description, lang)! } : null };
};

describe('job health', () => {
  it('is ok after a success, with the tray sentence in both languages', () => {
    const s = state({ lastSuccessAt: '2025-06-04T15:00:40.000Z', lastResult: result('success', '2025-06-04T15:00:40.000Z') });
    expect(health(s)).toMatchObject({ health: 'ok', sentence: 'Last backup today 00:00 — OK' });
    expect(health(s, 'ja').sentence).toBe('前回のバックアップ: 今日 0:00 — 正常');
    expect(health(s).schedule?.description).toBe('Every day at 00:00');
    expect(health(s).nextRunAt).toBe('2025-06-05T15:00:00.000Z');
  });

  it('reports warnings, failures, running and never', () => {
    const failed = state({ lastSuccessAt: '2025-06-04T00:00:00.000Z', lastResult: result('failed', '2025-06-04T15:01:00.000Z') });
    expect(health(failed)).toMatchObject({ health: 'failed', sentence: 'Last backup today 00:01 — failed' });
    expect(health(failed, 'ja').sentence).toBe('前回のバックアップ: 今日 0:01 — 失敗');
    const warned = state({ lastSuccessAt: '2025-06-04T14:00:00.000Z', lastResult: result('warning', '2025-06-04T14:00:00.000Z') });
    expect(health(warned).sentence).toBe('Last backup yesterday 23:00 — finished with warnings');
    expect(health(warned, 'en', { trigger: 'manual', since: now.toISOString() })).toMatchObject({ health: 'running', sentence: 'Backing up now…' });
    expect(health(state({ scheduledSince: '2025-06-04T20:00:00.000Z' }))).toMatchObject({ health: 'never', sentence: 'No backup yet' });
    expect(health(undefined, 'ja').sentence).toBe('まだバックアップしていません');
  });

  it('is overdue after 26 h without a success for a daily job', () => {
    const justOk = state({ lastSuccessAt: new Date(now.getTime() - 25 * HOUR).toISOString(), lastResult: result('success', new Date(now.getTime() - 25 * HOUR).toISOString()) });
    expect(health(justOk).health).toBe('ok');
    const late = state({ lastSuccessAt: '2025-06-02T00:00:00.000Z', lastResult: result('failed', '2025-06-04T15:00:00.000Z') });
    expect(health(late)).toMatchObject({ health: 'overdue', sentence: 'No successful backup for 3 days' });
    expect(health(late, 'ja').sentence).toBe('3日間バックアップが成功していません');
    const hours = state({ lastSuccessAt: new Date(now.getTime() - 30 * HOUR).toISOString(), lastResult: result('success', new Date(now.getTime() - 30 * HOUR).toISOString()) });
    expect(health(hours).sentence).toBe('No successful backup for 30 hours');
    expect(health(state({ scheduledSince: '2025-06-01T00:00:00.000Z' })).sentence).toBe('No successful backup yet');
  });

  it('derives the overdue threshold from the schedule', () => {
    expect(overdueThresholdMs('0 0 * * *', 'Asia/Tokyo', now)).toBe(26 * HOUR);
    expect(overdueThresholdMs('0 * * * *', 'Asia/Tokyo', now)).toBe(2 * HOUR);
    expect(overdueThresholdMs('*/15 * * * *', 'UTC', now)).toBe(HOUR / 2);
    expect(overdueThresholdMs('0 3 * * 1', 'UTC', now)).toBe(14 * 24 * HOUR);
    // Over the DST change a "daily" gap is 23 or 25 h: still daily.
    expect(overdueThresholdMs('0 3 * * *', 'Europe/Berlin', new Date('2025-03-28T00:00:00Z'))).toBe(26 * HOUR);
  });

  it('formats dates relative to today', () => {
    expect(formatWhen('2025-06-03T06:05:00.000Z', 'en', now.toISOString(), 'Asia/Tokyo')).toBe('Jun 3 15:05');
    expect(formatWhen('2025-06-03T06:05:00.000Z', 'ja', now.toISOString(), 'Asia/Tokyo')).toBe('6月3日 15:05');
    expect(formatWhen('2024-12-31T06:05:00.000Z', 'ja', now.toISOString(), 'Asia/Tokyo')).toBe('2024年12月31日 15:05');
  });
});

describe('overall health', () => {
  const ok = raw(state({ lastSuccessAt: '2025-06-04T15:00:40.000Z', lastResult: result('success', '2025-06-04T15:00:40.000Z') }));
  const failed = { ...raw(state({ lastSuccessAt: '2025-06-04T00:00:00.000Z', lastResult: result('failed', '2025-06-04T15:01:00.000Z') })), name: 'Blog' };
  const overall = (jobs: typeof ok[], paused: boolean, lang: Language = 'en') => {
    const o = healthSnapshot(jobs, now, paused).overall;
    return { health: o.health, sentence: said(o.sentence, lang) };
  };

  it('is the worst job, named when there are several', () => {
    expect(overall([ok], false)).toEqual({ health: 'ok', sentence: 'Last backup today 00:00 — OK' });
    expect(overall([ok, failed], false)).toEqual({ health: 'failed', sentence: 'Blog: Last backup today 00:01 — failed' });
    expect(overall([ok, ok], false, 'ja').sentence).toBe('すべてのバックアップ (2件) は正常です');
    expect(overall([], false)).toEqual({ health: 'never', sentence: 'No backup jobs yet' });
    expect(overall([ok], true).sentence).toBe('Paused — Last backup today 00:00 — OK');
  });

  it('is said wholly in Japanese, from the same data', () => {
    const o = healthSnapshot([ok, failed], now, true).overall.sentence;
    expect(said(o, 'ja')).toBe('一時停止中 — Blog: 前回のバックアップ: 今日 0:01 — 失敗');
    expect(said(o, 'ja')!.replace('Blog', '')).not.toMatch(/[A-Za-z]{2,}/);
  });
});

describe('a partial night is not the last good backup', () => {
  const record = (status: RunRecord['status'], finishedAt: string): RunRecord => ({
    runId: `r-${finishedAt}`,
    jobId: 'shop',
    trigger: 'schedule',
    status,
    startedAt: finishedAt,
    finishedAt,
    pid: 1,
    host: 'h',
    snapshotId: status === 'failed' ? null : `s-${finishedAt}`,
    partialPath: null,
    items: [],
    warnings: [],
    error: null,
    logFile: 'x.log',
    pruned: [],
  });
  // A good night two days ago, then a partial night (the rsync daemon was down).
  const good = '2025-06-03T15:00:40.000Z';
  const partialNight = '2025-06-04T15:00:40.000Z';
  const history = [record('success', good), record('partial', partialNight)];

  it('the run history (kura run, another process): last good backup is the last fully verified run; the state is partial, not overdue', () => {
    const s = summariseHistory(history, () => false);
    expect(s.lastSuccessAt).toBe(good);
    expect(s.lastPublishedAt).toBe(partialNight);
    const h = jobHealth({ job: daily, state: withHistory(undefined, s), now, running: null, pendingAt: null, displayTimeZone: 'Asia/Tokyo' });
    expect(h.health).toBe('partial');
    expect(h.lastSuccessAt).toBe(good);
    expect(said(h.sentence)).toBe('Last backup today 00:00 — some items failed');
  });

  it('the scheduler state and kura status: the same model', () => {
    const s = state({ lastSuccessAt: good, lastPublishedAt: partialNight, lastResult: { ...result('success', partialNight), status: 'partial' } });
    const report = buildStatusReport([daily], { version: 1, paused: false, jobs: { shop: s } }, { now, language: 'en' });
    expect(report.jobs[0]).toMatchObject({ health: 'partial', lastSuccessAt: good, lastPublishedAt: partialNight });
    // `kura status` says when every item was last verified, in the job's zone.
    expect(formatStatusText(report, 'en', 'Asia/Tokyo')).toContain('Last good backup (every item verified): yesterday 00:00');
    expect(formatStatusText(report, 'ja', 'Asia/Tokyo')).toContain('最後に成功したバックアップ（すべての項目を検証済み）：昨日 0:00');
    // An old state file (partial runs once counted as successes) has no lastPublishedAt: still not overdue.
    const old = state({ lastSuccessAt: partialNight, lastResult: { ...result('success', partialNight), status: 'partial' } });
    expect(jobHealth({ job: daily, state: old, now, running: null, pendingAt: null }).health).toBe('partial');
  });

  it('a partial night after days without a good backup is still said as partial; days without any snapshot are overdue', () => {
    const s = summariseHistory([record('success', '2025-05-30T15:00:00.000Z'), record('partial', partialNight)], () => false);
    expect(jobHealth({ job: daily, state: withHistory(undefined, s), now, running: null, pendingAt: null })).toMatchObject({ health: 'partial', lastSuccessAt: '2025-05-30T15:00:00.000Z' });
    const late = summariseHistory([record('partial', '2025-06-01T15:00:00.000Z'), record('failed', partialNight)], () => false);
    const h = jobHealth({ job: daily, state: withHistory(undefined, late), now, running: null, pendingAt: null });
    expect(h).toMatchObject({ health: 'overdue', lastSuccessAt: null });
  });
});
