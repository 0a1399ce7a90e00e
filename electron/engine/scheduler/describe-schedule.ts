/**
 * A schedule in words for the job list and the tray ("Every day at 00:00" / "毎日 0:00"), because
 * the admins who use Kura do not read cron. Common shapes get a sentence; anything else falls back
 * to a generic phrase that still shows the expression. The words are the catalogue's
 * (catalogue/scheduler.ts): this file only recognises the shape and picks the sentence.
 */
import { isFull, parseCron, type CronFields } from './cron-fields.js';
import { msg, type MessageData } from '../../shared/messages/index.js';

export function describeSchedule(cron: string): MessageData {
  const parsed = parseCron(cron.trim());
  if (parsed.kind === 'invalid') return msg('schedule-invalid-expression', { cron });
  return describeFields(parsed.fields) ?? msg('schedule-custom', { cron: cron.trim() });
}

/** The step when values are min, min+step, … covering the whole range evenly (a `*\/step`), else null. */
function evenStep(values: number[], size: number): number | null {
  if (values.length < 2 || values[0] !== 0) return null;
  const step = (values[1] ?? 0) - values[0];
  if (step <= 0 || size % step !== 0 || values.length !== size / step) return null;
  return values.every((v, i) => v === i * step) ? step : null;
}

function describeFields(f: CronFields): MessageData | null {
  const everyDay = isFull(f.daysOfMonth, 1, 31) && isFull(f.months, 1, 12) && isFull(f.daysOfWeek, 0, 6);
  const allHours = isFull(f.hours, 0, 23);
  const onTheMinute = f.seconds.length === 1 && f.seconds[0] === 0;

  if (!onTheMinute) {
    if (!everyDay || !allHours || !isFull(f.minutes, 0, 59)) return null;
    if (isFull(f.seconds, 0, 59)) return msg('schedule-every-second', {});
    const s = evenStep(f.seconds, 60);
    return s === null ? null : msg('schedule-every-n-seconds', { step: s });
  }

  if (everyDay && allHours) {
    if (isFull(f.minutes, 0, 59)) return msg('schedule-every-minute', {});
    const step = evenStep(f.minutes, 60);
    if (step !== null) return msg('schedule-every-n-minutes', { step });
    if (f.minutes.length === 1) return msg('schedule-hourly', { minute: f.minutes[0] ?? 0 });
    return null;
  }

  if (f.minutes.length !== 1) return null;
  const minute = f.minutes[0] ?? 0;
  const hourStep = evenStep(f.hours, 24);
  if (everyDay && hourStep !== null && f.hours.length > 2) return msg('schedule-every-n-hours', { step: hourStep, minute });
  if (f.hours.length > 6) return null;
  // "H:MM,H:MM": the catalogue writes them the way each language does ("00:00 and 12:30" / 「0:00、12:30」).
  const times = f.hours.map((h) => `${h}:${String(minute).padStart(2, '0')}`).join(',');

  if (everyDay) return msg('schedule-daily', { times });

  const allDom = isFull(f.daysOfMonth, 1, 31);
  const allMonths = isFull(f.months, 1, 12);
  const allDow = isFull(f.daysOfWeek, 0, 6);
  if (allDom && allMonths && f.daysOfWeek.every((d) => typeof d === 'number')) {
    const days = [...new Set(f.daysOfWeek as number[])].sort((a, b) => a - b);
    if (days.join() === '1,2,3,4,5') return msg('schedule-weekdays', { times });
    if (days.join() === '0,6') return msg('schedule-weekends', { times });
    if (days.length === 1) return msg('schedule-weekly', { day: days[0] ?? 0, times });
    return msg('schedule-days', { days: days.join(','), times });
  }
  if (allMonths && allDow && f.daysOfMonth.length === 1) {
    const dom = f.daysOfMonth[0];
    if (dom === 'L') return msg('schedule-month-last', { times });
    if (typeof dom === 'number') return msg('schedule-monthly', { day: dom, times });
  }
  return null;
}
