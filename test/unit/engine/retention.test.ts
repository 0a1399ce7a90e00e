import { describe, expect, it } from 'vitest';
import { decideRetention } from '../../../electron/engine/retention.js';

const policy = (p: Partial<{ keepLast: number; keepDaily: number; keepWeekly: number; keepMonthly: number }>) => ({
  keepLast: 1,
  keepDaily: 0,
  keepWeekly: 0,
  keepMonthly: 0,
  ...p,
});

/** One snapshot per day at 15:00 UTC (00:00 the next day in Tokyo), `days` days back from 2026-11-24. */
function daily(days: number, hourUtc = 15) {
  return Array.from({ length: days }, (_, i) => {
    const at = new Date(Date.UTC(2026, 10, 24 - i, hourUtc, 0, 0));
    return { id: at.toISOString(), at };
  });
}

describe('decideRetention', () => {
  it('keeps the newest keepLast', () => {
    const snaps = daily(10);
    const d = decideRetention(snaps, policy({ keepLast: 3 }));
    expect(d.keep.map((k) => k.id)).toEqual(snaps.slice(0, 3).map((s) => s.id));
    expect(d.remove).toHaveLength(7);
  });

  it('always keeps the newest snapshot, even with an all-zero policy', () => {
    const snaps = daily(5);
    const d = decideRetention(snaps, policy({ keepLast: 0 }));
    expect(d.keep.map((k) => k.id)).toEqual([snaps[0]!.id]);
  });

  it('keeps one per day for keepDaily days, the newest of each day', () => {
    const snaps = [...daily(5, 10), ...daily(5, 12)];
    const d = decideRetention(snaps, policy({ keepLast: 1, keepDaily: 3 }), 'UTC');
    const kept = d.keep.map((k) => k.id);
    expect(kept).toHaveLength(3);
    for (const id of kept) expect(id).toMatch(/T12:00/);
  });

  it('counts days in the job timezone', () => {
    // 14:00 and 16:00 UTC are the same UTC day but different days in Tokyo (23:00 and 01:00).
    const a = new Date(Date.UTC(2026, 10, 20, 14));
    const b = new Date(Date.UTC(2026, 10, 20, 16));
    const snaps = [
      { id: 'a', at: a },
      { id: 'b', at: b },
    ];
    expect(decideRetention(snaps, policy({ keepDaily: 2 }), 'UTC').remove).toEqual(['a']);
    expect(decideRetention(snaps, policy({ keepDaily: 2 }), 'Asia/Tokyo').remove).toEqual([]);
  });

  it('keeps weekly and monthly representatives over a year of nightly snapshots', () => {
    const snaps = daily(365);
    const d = decideRetention(snaps, { keepLast: 7, keepDaily: 7, keepWeekly: 4, keepMonthly: 6 }, 'Asia/Tokyo');
    // 7 last (= the 7 daily) + up to 4 weekly + up to 6 monthly, overlapping near the top.
    expect(d.keep.length).toBeGreaterThanOrEqual(12);
    expect(d.keep.length).toBeLessThanOrEqual(17);
    expect(d.keep.length + d.remove.length).toBe(365);
    const monthly = d.keep.filter((k) => k.reasons.includes('monthly'));
    expect(monthly).toHaveLength(6);
    expect(d.keep.filter((k) => k.reasons.includes('weekly'))).toHaveLength(4);
  });

  it('never removes anything when there is a single snapshot', () => {
    expect(decideRetention(daily(1), policy({})).remove).toEqual([]);
  });
});

describe("the machine's own zone (no timezone configured)", () => {
  it('decides exactly as Intl does in the zone this process runs in, also across midnight and DST changes', () => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    // Snapshots every 5 h 17 min over two years (every hour of the day, both DST changes where the zone has them).
    const snaps = Array.from({ length: 3300 }, (_, i) => {
      const at = new Date(Date.UTC(2027, 0, 1) - i * (5 * 3_600_000 + 17 * 60_000));
      return { id: at.toISOString(), at };
    });
    const p = policy({ keepLast: 2, keepDaily: 40, keepWeekly: 30, keepMonthly: 24 });
    expect(decideRetention(snaps, p)).toEqual(decideRetention(snaps, p, zone));
  });
});
