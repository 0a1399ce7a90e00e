/**
 * Numbers and dates for people, in the UI language: the catalogue's one set of rules
 * (electron/shared/messages/format.ts), so the UI, the CLI, the tray and the run log write sizes and
 * durations alike (KB, MB, GB by 1024, what Japanese admins see in Explorer too).
 */
import i18n from '../i18n/index.js';
import * as shared from '../../../electron/shared/messages/format.js';
import { uiLanguage } from './ui-language.js';

/** 1536 → "1.5 KB". Powers of 1024, like the file manager shows. */
export function formatBytes(bytes: number): string {
  return shared.formatBytes(bytes, uiLanguage(i18n.language));
}

/** The zone this screen is read in (the browser's: under `kura serve` often not the machine's). */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * An ISO timestamp as a date and time on the wall clock of `timeZone` (a job's: see
 * lib/job-time.ts), labelled with the zone when it is not the viewer's own, so "0:00" never silently
 * means another place's midnight; "—" when there is none. The one way the UI writes a time.
 */
export function formatDateTimeIn(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return shared.formatDateTimeLabelled(iso, uiLanguage(i18n.language), timeZone, viewerTimeZone());
}

/** A wall-clock time (or its field's label) of `timeZone`, with the zone when the viewer's differs. */
export function zoneLabelled(text: string, timeZone: string): string {
  return shared.labelZone(text, timeZone, viewerTimeZone());
}

/** A whole number with the locale's grouping ("1,203"). */
export function formatNumber(n: number): string {
  return new Intl.NumberFormat(i18n.language).format(n);
}

/** Milliseconds as "1 h 2 min", "3 min 20 s" or "12 s" in the UI language. */
export function formatDuration(ms: number | null): string {
  return ms === null ? '—' : shared.formatDuration(ms, uiLanguage(i18n.language));
}

/** Duration between two ISO timestamps, or null while the second is missing. */
export function durationBetween(start: string, end: string | null): number | null {
  if (!end) return null;
  return new Date(end).getTime() - new Date(start).getTime();
}
