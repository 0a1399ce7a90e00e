/**
 * A schedule in words for the job list and the tray ("Every day at 00:00" / "毎日 0:00"), because
 * the admins who use Kura do not read cron. Common shapes get a sentence; anything else falls back
 * to a generic phrase that still shows the expression.
 */
import { isFull, parseCron, type CronFields } from './cron-fields.js';
import type { Language } from './types.js';

const EN_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const EN_SHORT = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const JA_DAYS = ['日', '月', '火', '水', '木', '金', '土'];

export function describeSchedule(cron: string, lang: Language): string {
  const parsed = parseCron(cron.trim());
  if (parsed.kind === 'invalid') return lang === 'ja' ? `無効なスケジュール: ${cron}` : `Invalid schedule: ${cron}`;
  return describeFields(parsed.fields, lang) ?? (lang === 'ja' ? `カスタムのスケジュール（${cron.trim()}）` : `Custom schedule (${cron.trim()})`);
}

/** The step when values are min, min+step, … covering the whole range evenly (a `*\/step`), else null. */
function evenStep(values: number[], size: number): number | null {
  if (values.length < 2 || values[0] !== 0) return null;
  const step = (values[1] ?? 0) - values[0];
  if (step <= 0 || size % step !== 0 || values.length !== size / step) return null;
  return values.every((v, i) => v === i * step) ? step : null;
}

function clock(hour: number, minute: number, lang: Language): string {
  const mm = String(minute).padStart(2, '0');
  return lang === 'ja' ? `${hour}:${mm}` : `${String(hour).padStart(2, '0')}:${mm}`;
}

function joinList(items: string[], lang: Language): string {
  if (lang === 'ja') return items.join('、');
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function describeFields(f: CronFields, lang: Language): string | null {
  const everyDay = isFull(f.daysOfMonth, 1, 31) && isFull(f.months, 1, 12) && isFull(f.daysOfWeek, 0, 6);
  const allHours = isFull(f.hours, 0, 23);
  const onTheMinute = f.seconds.length === 1 && f.seconds[0] === 0;

  if (!onTheMinute) {
    if (!everyDay || !allHours || !isFull(f.minutes, 0, 59)) return null;
    if (isFull(f.seconds, 0, 59)) return lang === 'ja' ? '毎秒' : 'Every second';
    const s = evenStep(f.seconds, 60);
    return s === null ? null : lang === 'ja' ? `${s}秒ごと` : `Every ${s} seconds`;
  }

  if (everyDay && allHours) {
    if (isFull(f.minutes, 0, 59)) return lang === 'ja' ? '毎分' : 'Every minute';
    const step = evenStep(f.minutes, 60);
    if (step !== null) return lang === 'ja' ? `${step}分ごと` : `Every ${step} minutes`;
    if (f.minutes.length === 1) {
      const m = f.minutes[0] ?? 0;
      return lang === 'ja' ? `毎時 ${m}分` : `Every hour at :${String(m).padStart(2, '0')}`;
    }
    return null;
  }

  if (f.minutes.length !== 1) return null;
  const minute = f.minutes[0] ?? 0;
  const hourStep = evenStep(f.hours, 24);
  if (everyDay && hourStep !== null && f.hours.length > 2) {
    return lang === 'ja' ? `${hourStep}時間ごと（${minute}分）` : `Every ${hourStep} hours at :${String(minute).padStart(2, '0')}`;
  }
  if (f.hours.length > 6) return null;
  const times = joinList(
    f.hours.map((h) => clock(h, minute, lang)),
    lang,
  );

  if (everyDay) return lang === 'ja' ? `毎日 ${times}` : `Every day at ${times}`;

  const allDom = isFull(f.daysOfMonth, 1, 31);
  const allMonths = isFull(f.months, 1, 12);
  const allDow = isFull(f.daysOfWeek, 0, 6);
  if (allDom && allMonths && f.daysOfWeek.every((d) => typeof d === 'number')) {
    const days = [...new Set(f.daysOfWeek as number[])].sort((a, b) => a - b);
    if (days.join() === '1,2,3,4,5') return lang === 'ja' ? `平日（月〜金） ${times}` : `Every weekday (Mon–Fri) at ${times}`;
    if (days.join() === '0,6') return lang === 'ja' ? `毎週 土日 ${times}` : `Every Saturday and Sunday at ${times}`;
    if (days.length === 1) {
      const d = days[0] ?? 0;
      return lang === 'ja' ? `毎週${JA_DAYS[d]}曜日 ${times}` : `Every ${EN_DAYS[d]} at ${times}`;
    }
    return lang === 'ja'
      ? `毎週 ${days.map((d) => JA_DAYS[d]).join('・')}曜日 ${times}`
      : `Every ${joinList(
          days.map((d) => EN_SHORT[d] ?? ''),
          'en',
        )} at ${times}`;
  }
  if (allMonths && allDow && f.daysOfMonth.length === 1) {
    const dom = f.daysOfMonth[0];
    if (dom === 'L') return lang === 'ja' ? `毎月末日 ${times}` : `On the last day of every month at ${times}`;
    if (typeof dom === 'number') return lang === 'ja' ? `毎月${dom}日 ${times}` : `On day ${dom} of every month at ${times}`;
  }
  return null;
}
