import { createTask } from 'node-cron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeSchedule } from '../../../electron/engine/scheduler/describe-schedule.js';
import { nextRuns } from '../../../electron/engine/scheduler/next-runs.js';
import { validateSchedule } from '../../../electron/engine/scheduler/validate-schedule.js';
import { renderLoose } from '../../../electron/shared/messages/render.js';
import type { MessageData } from '../../../electron/shared/messages/index.js';

/** A schedule sentence as the editor shows it, in a language. */
const said = (m: MessageData | undefined, lang: 'en' | 'ja' = 'en') => (m ? renderLoose(lang, m.code, m.params).message : undefined);

describe('describeSchedule', () => {
  it.each([
    ['0 0 * * *', 'Every day at 00:00', '毎日 0:00'],
    ['0 * * * *', 'Every hour at :00', '毎時 0分'],
    ['30 * * * *', 'Every hour at :30', '毎時 30分'],
    ['*/15 * * * *', 'Every 15 minutes', '15分ごと'],
    ['* * * * *', 'Every minute', '毎分'],
    ['30 3 * * *', 'Every day at 03:30', '毎日 3:30'],
    ['0 0,12 * * *', 'Every day at 00:00 and 12:00', '毎日 0:00、12:00'],
    ['0 */6 * * *', 'Every 6 hours at :00', '6時間ごと（0分）'],
    ['0 3 * * 1-5', 'Every weekday (Mon–Fri) at 03:00', '平日（月〜金） 3:00'],
    ['0 3 * * sun', 'Every Sunday at 03:00', '毎週日曜日 3:00'],
    ['0 3 * * 1,3,5', 'Every Mon, Wed and Fri at 03:00', '毎週 月・水・金曜日 3:00'],
    ['0 3 1 * *', 'On day 1 of every month at 03:00', '毎月1日 3:00'],
    ['0 3 L * *', 'On the last day of every month at 03:00', '毎月末日 3:00'],
    ['@daily', 'Every day at 00:00', '毎日 0:00'],
    ['0 3 15W * *', 'Custom schedule (0 3 15W * *)', 'カスタムのスケジュール（0 3 15W * *）'],
  ])('%s', (cron, en, ja) => {
    expect(said(describeSchedule(cron), 'en')).toBe(en);
    expect(said(describeSchedule(cron), 'ja')).toBe(ja);
  });

  it('says so for an invalid expression', () => {
    expect(said(describeSchedule('61 * * * *'), 'en')).toBe('Invalid schedule: 61 * * * *');
  });
});

describe('validateSchedule', () => {
  it('accepts good schedules and zones', () => {
    expect(validateSchedule('0 0 * * *', 'Asia/Tokyo')).toEqual({ kind: 'valid' });
    expect(validateSchedule('*/15 * * * *')).toEqual({ kind: 'valid' });
  });

  it('names the wrong field and says what is allowed', () => {
    const r = validateSchedule('61 * * * *', 'Asia/Tokyo');
    expect(r).toMatchObject({ kind: 'invalid', problems: [{ field: 'minute' }] });
    if (r.kind === 'invalid') expect(said(r.message, 'en')).toBe('Minute: "61" is not valid. Use 0–59, "*", a list like 1,15, a range like 1-5 or a step like */15.');
    const ja = validateSchedule('0 25 * * *', undefined);
    if (ja.kind === 'invalid') expect(said(ja.message, 'ja')).toContain('時「25」が正しくありません');
    else expect.fail('expected invalid');
  });

  it('explains a wrong field count, an impossible date and an unknown zone', () => {
    const r = validateSchedule('0 0 * *', 'Asia/Tokio');
    expect(r.kind === 'invalid' && r.problems.map((p) => p.field)).toEqual(['expression', 'timezone']);
    if (r.kind === 'invalid') {
      expect(said(r.problems[0]?.message)).toContain('this one has 4');
      expect(said(r.problems[1]?.message)).toBe('Time zone "Asia/Tokio" is not known. Use an IANA name such as "Asia/Tokyo" or "UTC".');
    }
    const feb = validateSchedule('0 0 31 2 *');
    expect(feb.kind === 'invalid' && said(feb.message)).toContain('never occurs');
  });
});

describe('nextRuns', () => {
  afterEach(() => vi.useRealTimers());

  it('gives the next runs in the job\'s zone', () => {
    const from = new Date('2025-06-01T14:00:00Z'); // 23:00 Tokyo
    expect(nextRuns('0 0 * * *', 'Asia/Tokyo', from, 2).map((d) => d.toISOString())).toEqual(['2025-06-01T15:00:00.000Z', '2025-06-02T15:00:00.000Z']);
    expect(nextRuns('0 0 * * *', 'UTC', from, 1).map((d) => d.toISOString())).toEqual(['2025-06-02T00:00:00.000Z']);
    expect(nextRuns('*/15 * * * *', 'UTC', new Date('2025-06-01T14:15:00Z'), 2).map((d) => d.toISOString())).toEqual([
      '2025-06-01T14:30:00.000Z',
      '2025-06-01T14:45:00.000Z',
    ]);
  });

  it('skips a time that does not exist when clocks go forward, and runs a repeated time once', () => {
    // New York, 9 March 2025: 02:00–02:59 does not exist.
    expect(nextRuns('30 2 * * *', 'America/New_York', new Date('2025-03-08T12:00:00Z'), 2).map((d) => d.toISOString())).toEqual([
      '2025-03-10T06:30:00.000Z',
      '2025-03-11T06:30:00.000Z',
    ]);
    // 2 November 2025: 01:00–01:59 happens twice; 01:30 runs once.
    expect(nextRuns('30 1 * * *', 'America/New_York', new Date('2025-11-02T04:00:00Z'), 2).map((d) => d.toISOString())).toEqual([
      '2025-11-02T05:30:00.000Z',
      '2025-11-03T06:30:00.000Z',
    ]);
    // Across the change a daily job keeps its wall-clock time.
    expect(nextRuns('0 3 * * *', 'Europe/Berlin', new Date('2025-03-29T12:00:00Z'), 2).map((d) => d.toISOString())).toEqual([
      '2025-03-30T01:00:00.000Z',
      '2025-03-31T01:00:00.000Z',
    ]);
  });

  it('agrees with node-cron\'s own next-run calculation', () => {
    const cases: Array<[string, string]> = [
      ['0 0 * * *', 'Asia/Tokyo'],
      ['*/15 * * * *', 'Asia/Tokyo'],
      ['0 */6 * * *', 'America/New_York'],
      ['30 2 * * *', 'America/New_York'],
      ['0 3 * * 1-5', 'Europe/Berlin'],
      ['0 3 L * *', 'UTC'],
      ['0 3 15W * *', 'Europe/London'],
      ['0 4 * * 5L', 'Australia/Sydney'],
      ['0 4 * * 1#2', 'Asia/Kolkata'],
      ['15 1 * * *', 'Europe/London'],
      ['*/20 * * * * *', 'UTC'],
    ];
    const instants = ['2025-03-08T12:00:00Z', '2025-03-30T00:30:00Z', '2025-10-25T23:59:30Z', '2025-11-02T05:10:00Z', '2025-12-31T23:59:59Z'];
    vi.useFakeTimers();
    for (const at of instants) {
      vi.setSystemTime(new Date(at));
      for (const [cron, tz] of cases) {
        const task = createTask(cron, () => {}, { timezone: tz });
        try {
          const theirs = task.getNextRuns(6).map((d) => d.toISOString());
          const ours = nextRuns(cron, tz, new Date(), 6).map((d) => d.toISOString());
          expect(ours, `${cron} ${tz} from ${at}`).toEqual(theirs);
        } finally {
          void task.destroy();
        }
      }
    }
  });
});
