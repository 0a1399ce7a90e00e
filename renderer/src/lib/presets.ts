/**
 * The schedule and retention choices the wizard offers. Presets cover what a shop needs; "custom"
 * is there for the admin who already knows cron.
 */
import type { JobConfigDto } from './contract.js';

export type SchedulePreset = 'nightly' | 'hourly' | 'quarter' | 'custom' | 'manual';

export const scheduleCron: Record<Exclude<SchedulePreset, 'custom' | 'manual'>, string> = {
  nightly: '0 0 * * *',
  hourly: '0 * * * *',
  quarter: '*/15 * * * *',
};

/** The preset a saved cron corresponds to, so editing a job selects the right radio button. */
export function presetForCron(cron: string | undefined): SchedulePreset {
  if (cron === undefined) return 'manual';
  for (const [preset, c] of Object.entries(scheduleCron)) if (c === cron.trim()) return preset as SchedulePreset;
  if (nightlyTime(cron) !== null) return 'nightly';
  return 'custom';
}

/** The time of a once-a-night cron ("30 2 * * *" → "02:30"), or null for any other cron. */
export function nightlyTime(cron: string): string | null {
  const m = /^(\d{1,2}) (\d{1,2}) \* \* \*$/.exec(cron.trim());
  if (!m) return null;
  const minute = Number(m[1]);
  const hour = Number(m[2]);
  if (minute > 59 || hour > 23) return null;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** The cron for every night at a time picked as "HH:MM". */
export function nightlyCron(time: string): string | null {
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  return `${Number(m[2])} ${Number(m[1])} * * *`;
}

export type Retention = JobConfigDto['retention'];
export type RetentionPreset = 'standard' | 'light' | 'long' | 'custom';

export const retentionPresets: Record<Exclude<RetentionPreset, 'custom'>, Retention> = {
  light: { keepLast: 3, keepDaily: 3, keepWeekly: 0, keepMonthly: 0 },
  standard: { keepLast: 7, keepDaily: 7, keepWeekly: 4, keepMonthly: 6 },
  long: { keepLast: 14, keepDaily: 14, keepWeekly: 8, keepMonthly: 12 },
};

export function presetForRetention(r: Retention): RetentionPreset {
  for (const [preset, v] of Object.entries(retentionPresets)) {
    if (v.keepLast === r.keepLast && v.keepDaily === r.keepDaily && v.keepWeekly === r.keepWeekly && v.keepMonthly === r.keepMonthly) {
      return preset as RetentionPreset;
    }
  }
  return 'custom';
}

/**
 * The most snapshots the policy can keep at once. Real counts are lower (one snapshot is often
 * both "last" and "daily"), so an estimate based on this errs on the side of enough disk.
 */
export function maxSnapshots(r: Retention): number {
  return r.keepLast + r.keepDaily + r.keepWeekly + r.keepMonthly;
}
