/**
 * Wall-clock arithmetic in an IANA time zone using only `Intl` (no tz database to ship): what the
 * clock on the wall says at an instant, and which instant a wall-clock time means. Schedules are
 * wall-clock ("every day at 00:00 in Asia/Tokyo"), timers and the state file are instants.
 */

export interface WallTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** The machine's own zone: what node-cron uses when a job names none. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** True when `Intl` knows the zone name (the same check node-cron's formatting relies on). */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function wallTimeAt(instant: Date | number, timeZone: string): WallTime {
  const parts = formatter(timeZone).formatToParts(typeof instant === 'number' ? new Date(instant) : instant);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  const hour = Number(get('hour'));
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: hour === 24 ? 0 : hour,
    minute: Number(get('minute')),
    second: Number(get('second')),
    weekday: WEEKDAYS[get('weekday')] ?? 0,
  };
}

/** Offset of the zone from UTC at an instant, in milliseconds (Tokyo: +9 h). */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallTimeAt(ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

function sameWallTime(ms: number, w: Omit<WallTime, 'weekday'>, timeZone: string): boolean {
  const r = wallTimeAt(ms, timeZone);
  return r.year === w.year && r.month === w.month && r.day === w.day && r.hour === w.hour && r.minute === w.minute && r.second === w.second;
}

/**
 * The instant a wall-clock time means in the zone, or null when that time does not exist (the hour
 * skipped when clocks go forward). When it exists twice (clocks go back) it runs once, at the
 * occurrence node-cron picks — the scheduler's "next due" must agree with when node-cron fires,
 * or the watchdog would report a slot as missed once a year.
 */
export function instantOfWallTime(w: Omit<WallTime, 'weekday'>, timeZone: string): number | null {
  const guess = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const firstOffset = offsetAt(guess, timeZone);
  const first = guess - firstOffset;
  const secondOffset = offsetAt(first, timeZone);
  if (secondOffset === firstOffset) return first;
  const second = guess - secondOffset;
  if (sameWallTime(first, w, timeZone)) return first;
  if (sameWallTime(second, w, timeZone)) return second;
  return null;
}
