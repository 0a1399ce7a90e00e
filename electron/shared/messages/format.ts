/**
 * Sizes, numbers, durations and times for people, by one set of rules for every surface (the UI, the
 * CLI, the tray, notifications, the run log). Sizes in powers of 1024 with the units Windows Explorer
 * shows (KB, MB, GB — what Japanese admins see every day); numbers and dates by Intl in the language.
 */
import type { Lang } from './define.js';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** 1536 → "1.5 KB". */
export function formatBytes(bytes: number, lang: Lang): string {
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

/** Milliseconds as "1 h 2 min", "3 min 20 s", "12 s", "350 ms" — 「1時間2分」「3分20秒」 in Japanese. */
export function formatDuration(ms: number, lang: Lang): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return lang === 'ja' ? `${Math.round(ms)}ミリ秒` : `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (lang === 'ja') return h > 0 ? `${h}時間${m}分` : m > 0 ? `${m}分${sec}秒` : `${sec}秒`;
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${sec} s` : `${sec} s`;
}

/** An ISO time as a date and time in the language, in the given zone (the job's) or the system's. */
export function formatDateTime(iso: string, lang: Lang, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(d);
}
