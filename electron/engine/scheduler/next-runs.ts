/**
 * The next run times of a cron expression in a time zone, from any instant. node-cron only
 * answers "from now" (with the real clock), but the scheduler needs "from this instant" with an
 * injected clock to decide whether a slot was missed, and the UI shows upcoming runs.
 *
 * Walks the zone's calendar day by day, so it is exact across DST: a wall time that does not exist
 * (clocks go forward) is skipped and one that exists twice (clocks go back) runs once — as node-cron.
 */
import { parseCron, type CronFields } from './cron-fields.js';
import { instantOfWallTime, systemTimeZone, wallTimeAt, type WallTime } from '../../shared/zoned-time.js';

/** Long enough for `0 0 29 2 1` (29 February on a Monday: up to 28 years apart). */
const MAX_DAYS = 366 * 30;

export function nextRuns(cron: string, timezone: string | undefined, from: Date, n: number): Date[] {
  const parsed = parseCron(cron);
  if (parsed.kind === 'invalid') throw new Error(`Invalid schedule "${cron}": ${parsed.errors.map((e) => e.message).join('; ')}`);
  const zone = timezone ?? systemTimeZone();
  const out: Date[] = [];
  let after = from.getTime();
  for (let i = 0; i < n; i++) {
    const next = nextAfter(parsed.fields, zone, after);
    if (next === null) break;
    out.push(new Date(next));
    after = next;
  }
  return out;
}

/** The first run strictly after `afterMs`, or null when none within MAX_DAYS. */
export function nextAfter(fields: CronFields, timeZone: string, afterMs: number): number | null {
  const base = wallTimeAt(afterMs, timeZone);
  let { year, month, day } = base;
  for (let i = 0; i < MAX_DAYS; i++) {
    if (fields.months.includes(month) && dayMatches(fields, year, month, day)) {
      const found = firstOnDay(fields, timeZone, year, month, day, i === 0 ? base : null, afterMs);
      if (found !== null) return found;
    }
    const d = new Date(Date.UTC(year, month - 1, day + 1));
    year = d.getUTCFullYear();
    month = d.getUTCMonth() + 1;
    day = d.getUTCDate();
  }
  return null;
}

function firstOnDay(
  fields: CronFields,
  timeZone: string,
  year: number,
  month: number,
  day: number,
  lowerBound: WallTime | null,
  afterMs: number,
): number | null {
  const bound = lowerBound ? lowerBound.hour * 3600 + lowerBound.minute * 60 + lowerBound.second : -1;
  for (const hour of fields.hours) {
    if (lowerBound && hour < lowerBound.hour) continue;
    for (const minute of fields.minutes) {
      if (lowerBound && hour * 3600 + minute * 60 + 59 <= bound) continue;
      for (const second of fields.seconds) {
        if (hour * 3600 + minute * 60 + second <= bound) continue;
        const ts = instantOfWallTime({ year, month, day, hour, minute, second }, timeZone);
        if (ts !== null && ts > afterMs) return ts;
      }
    }
  }
  return null;
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** Nearest Monday–Friday to `target` within the month (the `W` token). */
function nearestWeekday(year: number, month: number, target: number): number {
  const last = lastDayOfMonth(year, month);
  if (target < 1 || target > last) return -1;
  const wd = weekdayOf(year, month, target);
  if (wd === 6) return target === 1 ? 3 : target - 1;
  if (wd === 0) return target === last ? target - 2 : target + 1;
  return target;
}

function dayOfMonthMatches(values: Array<number | string>, year: number, month: number, day: number): boolean {
  const last = lastDayOfMonth(year, month);
  return values.some((v) => {
    if (typeof v === 'number') return v === day;
    const token = v.toUpperCase();
    if (token === 'L') return day === last;
    const w = /^(\d{1,2}|L)W$/.exec(token);
    if (w) return nearestWeekday(year, month, w[1] === 'L' ? last : Number(w[1])) === day;
    const off = /^L-(\d{1,2})$/.exec(token);
    if (off) return last - Number(off[1]) === day;
    return false;
  });
}

function dayOfWeekMatches(values: Array<number | string>, year: number, month: number, day: number): boolean {
  const wd = weekdayOf(year, month, day);
  return values.some((v) => {
    if (typeof v === 'number') return v % 7 === wd;
    const nth = /^([0-7])#([1-5])$/.exec(v);
    if (nth) return Number(nth[1]) % 7 === wd && Math.floor((day - 1) / 7) + 1 === Number(nth[2]);
    const lastOf = /^([0-7])L$/i.exec(v);
    if (lastOf) return Number(lastOf[1]) % 7 === wd && day + 7 > lastDayOfMonth(year, month);
    return false;
  });
}

/** node-cron combines day-of-month and day-of-week with AND (not classic cron's OR). */
function dayMatches(fields: CronFields, year: number, month: number, day: number): boolean {
  return dayOfMonthMatches(fields.daysOfMonth, year, month, day) && dayOfWeekMatches(fields.daysOfWeek, year, month, day);
}
