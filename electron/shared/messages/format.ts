/**
 * Sizes, numbers, durations and times for people, by one set of rules for every surface (the UI, the
 * CLI, the tray, notifications, the run log). Sizes in powers of 1024 with the units Windows Explorer
 * shows (KB, MB, GB — what Japanese admins see every day); numbers and dates by Intl in the language.
 */
import type { Lang } from './define.js';
import { systemTimeZone, wallTimeAt } from '../zoned-time.js';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** 1536 → "1.5 KB" (English by default, for texts that stay English). */
export function formatBytes(bytes: number, lang: Lang = 'en'): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u += 1;
  }
  const digits = u === 0 || v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${new Intl.NumberFormat(lang, { maximumFractionDigits: digits }).format(v)} ${UNITS[u]}`;
}

/** A number with the locale's grouping ("1,203"). */
export function formatNumber(n: number, lang: Lang): string {
  return new Intl.NumberFormat(lang).format(n);
}

/**
 * Milliseconds as "1 h 2 min", "3 min 20 s", "5 min", "12 s", "350 ms" — 「1時間2分」「3分20秒」「5分」 in
 * Japanese (a zero part is left out). English is the default for texts that stay English (a tool's log).
 */
export function formatDuration(ms: number, lang: Lang = 'en'): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return lang === 'ja' ? `${Math.round(ms)}ミリ秒` : `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const ja = lang === 'ja';
  if (h > 0) return ja ? `${h}時間${m ? `${m}分` : ''}` : `${h} h${m ? ` ${m} min` : ''}`;
  if (m > 0) return ja ? `${m}分${sec ? `${sec}秒` : ''}` : `${m} min${sec ? ` ${sec} s` : ''}`;
  return ja ? `${sec}秒` : `${sec} s`;
}

/** An ISO time as a date and time in the language, in the given zone (the job's) or the system's. */
export function formatDateTime(iso: string, lang: Lang, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(d);
}

/**
 * A time said in `zone` (a job's), labelled with the zone when the reader's own zone differs — so
 * "0:00" read through `kura serve` in another country never silently means another place's midnight.
 * Without a `viewerZone` (the CLI, the tray, the machine's own log) nothing is added.
 */
export function labelZone(text: string, zone: string | undefined, viewerZone: string | undefined): string {
  return zone && viewerZone && zone !== viewerZone ? `${text} (${zone})` : text;
}

/** An ISO time as a date and time in `zone` (a job's), labelled when the reader's zone differs. */
export function formatDateTimeLabelled(iso: string, lang: Lang, zone: string, viewerZone: string | undefined): string {
  return labelZone(formatDateTime(iso, lang, zone), zone, viewerZone);
}

/**
 * How long something has gone on, coarsely, for sentences such as "no successful backup for 3 days":
 * days from 48 hours, hours from 2 hours, else minutes; never "0 minutes".
 */
export function formatElapsed(ms: number, lang: Lang): string {
  // Schedules with a seconds field can be overdue within a minute: never say "0 minutes".
  if (!Number.isFinite(ms) || ms < 60_000) return lang === 'ja' ? '1分未満' : 'less than a minute';
  const minutes = Math.floor(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  const en = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (hours >= 48) return lang === 'ja' ? `${days}日間` : en(days, 'day');
  if (minutes >= 120) return lang === 'ja' ? `${hours}時間` : en(hours, 'hour');
  return lang === 'ja' ? `${minutes}分間` : en(minutes, 'minute');
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A moment said the way a glance at the tray wants it, relative to `nowIso` in the zone (the
 * viewer's by default): "today 00:00", "yesterday 23:10", "Mar 5 00:00", "Mar 5, 2024 00:00" /
 * 「今日 0:00」「昨日 23:10」「3月5日 0:00」「2024年3月5日 0:00」.
 */
export function formatWhen(iso: string, lang: Lang, nowIso: string, timeZone?: string): string {
  const at = Date.parse(iso);
  const now = Date.parse(nowIso);
  if (Number.isNaN(at)) return iso;
  const zone = timeZone || systemTimeZone();
  const w = wallTimeAt(at, zone);
  const n = wallTimeAt(Number.isNaN(now) ? at : now, zone);
  const dayNumber = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000;
  const daysAgo = dayNumber(n.year, n.month, n.day) - dayNumber(w.year, w.month, w.day);
  const mm = String(w.minute).padStart(2, '0');
  if (lang === 'ja') {
    const time = `${w.hour}:${mm}`;
    if (daysAgo === 0) return `今日 ${time}`;
    if (daysAgo === 1) return `昨日 ${time}`;
    return w.year === n.year ? `${w.month}月${w.day}日 ${time}` : `${w.year}年${w.month}月${w.day}日 ${time}`;
  }
  const time = `${String(w.hour).padStart(2, '0')}:${mm}`;
  if (daysAgo === 0) return `today ${time}`;
  if (daysAgo === 1) return `yesterday ${time}`;
  const date = `${EN_MONTHS[w.month - 1]} ${w.day}`;
  return w.year === n.year ? `${date} ${time}` : `${date}, ${w.year} ${time}`;
}

/** "a", "a and b", "a, b and c" / 「a、b、c」. */
export function formatList(items: readonly string[], lang: Lang): string {
  if (lang === 'ja') return items.join('、');
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Times of day written "H:MM" and joined by commas ("0:00,12:30") → "00:00 and 12:30" / 「0:00、12:30」. */
export function formatClocks(times: string, lang: Lang): string {
  const list = String(times)
    .split(',')
    .map((t) => /^(\d{1,2}):(\d{2})$/.exec(t.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => (lang === 'ja' ? `${Number(m[1])}:${m[2]}` : `${m[1]!.padStart(2, '0')}:${m[2]}`));
  return formatList(list, lang);
}

const EN_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const JA_DAYS = ['日', '月', '火', '水', '木', '金', '土'];

/** A day of the week (0 = Sunday): "Monday" / 「月」 (the sentence adds 曜日). */
export function formatWeekday(day: number, lang: Lang): string {
  if (!Number.isInteger(Number(day))) return String(day);
  const d = ((Number(day) % 7) + 7) % 7;
  return lang === 'ja' ? JA_DAYS[d]! : EN_DAYS[d]!;
}

/** Days of the week as numbers joined by commas ("1,3,5") → "Mon, Wed and Fri" / 「月・水・金」. */
export function formatWeekdays(days: string, lang: Lang): string {
  const list = String(days)
    .split(',')
    .map((d) => Number(d.trim()))
    .filter((d) => Number.isInteger(d))
    .map((d) => ((d % 7) + 7) % 7);
  return lang === 'ja' ? list.map((d) => JA_DAYS[d]).join('・') : formatList(list.map((d) => EN_DAYS[d]!.slice(0, 3)), 'en');
}

/**
 * Names (files, ids) given one per line, the last line "+N" when N more were left out:
 * "a, b and 3 more" / 「a、b ほか 3 件」. Names are facts: never translated, never re-ordered.
 */
export function formatNames(value: string, lang: Lang): string {
  const items = String(value).split('\n');
  const last = items.at(-1);
  let more = 0;
  if (last !== undefined && /^\+\d+$/.test(last)) {
    more = Number(last.slice(1));
    items.pop();
  }
  const joined = items.join(lang === 'ja' ? '、' : ', ');
  if (more === 0) return joined;
  return lang === 'ja' ? `${joined} ほか ${formatNumber(more, lang)} 件` : `${joined} and ${formatNumber(more, lang)} more`;
}
