/**
 * Numbers and dates for people, in the UI language. Intl does the locale work (「2025/03/04 0:00」 vs
 * "Mar 4, 2025, 12:00 AM"); units stay short and familiar (KB, MB, GB are what Japanese admins
 * see in Explorer too).
 */
import i18n from '../i18n/index.js';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** 1536 → "1.5 KB". Powers of 1024, like the file manager shows. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u += 1;
  }
  const digits = u === 0 || v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${new Intl.NumberFormat(i18n.language, { maximumFractionDigits: digits }).format(v)} ${UNITS[u]}`;
}

/** An ISO timestamp as a local date and time, or "—" when there is none. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** A whole number with the locale's grouping ("1,203"). */
export function formatNumber(n: number): string {
  return new Intl.NumberFormat(i18n.language).format(n);
}

/** Milliseconds as "1 h 2 min", "3 min 20 s" or "12 s" in the UI language. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return i18n.t('duration.hm', { h, m });
  if (m > 0) return i18n.t('duration.ms', { m, s: sec });
  return i18n.t('duration.s', { s: sec });
}

/** Duration between two ISO timestamps, or null while the second is missing. */
export function durationBetween(start: string, end: string | null): number | null {
  if (!end) return null;
  return new Date(end).getTime() - new Date(start).getTime();
}
