/**
 * Checks a schedule typed in the job editor before it is saved, with words an admin can act on
 * ("Minute: "61" is not valid — use 0–59 …") instead of node-cron's terse messages, and checks the
 * time zone name too (node-cron itself would only fail when the task starts).
 */
import { parseCron } from './cron-fields.js';
import { isValidTimeZone } from './zoned-time.js';
import type { Language } from './types.js';

export interface ScheduleProblem {
  /** `expression`, `second`, `minute`, `hour`, `dayOfMonth`, `month`, `dayOfWeek` or `timezone`. */
  field: string;
  message: string;
}

export type ScheduleValidation = { kind: 'valid' } | { kind: 'invalid'; problems: ScheduleProblem[]; message: string };

const FIELD_HELP: Record<string, { en: string; ja: string; range: string }> = {
  second: { en: 'Second', ja: '秒', range: '0–59' },
  minute: { en: 'Minute', ja: '分', range: '0–59' },
  hour: { en: 'Hour', ja: '時', range: '0–23' },
  dayOfMonth: { en: 'Day of month', ja: '日', range: '1–31, L' },
  month: { en: 'Month', ja: '月', range: '1–12, jan–dec' },
  dayOfWeek: { en: 'Day of week', ja: '曜日', range: '0–7 (0 and 7 = Sunday), sun–sat' },
};

export function validateSchedule(cron: string, timezone?: string, lang: Language = 'en'): ScheduleValidation {
  const problems: ScheduleProblem[] = [];
  const parsed = parseCron(cron.trim());
  if (parsed.kind === 'invalid') {
    for (const e of parsed.errors) problems.push({ field: e.field, message: fieldMessage(e.field, e.value, e.message, lang) });
  }
  if (timezone !== undefined && !isValidTimeZone(timezone)) {
    problems.push({
      field: 'timezone',
      message:
        lang === 'ja'
          ? `タイムゾーン「${timezone}」は不明です。「Asia/Tokyo」や「UTC」のような IANA 名を指定してください。`
          : `Time zone "${timezone}" is not known. Use an IANA name such as "Asia/Tokyo" or "UTC".`,
    });
  }
  if (problems.length === 0) return { kind: 'valid' };
  return { kind: 'invalid', problems, message: problems.map((p) => p.message).join(lang === 'ja' ? '' : ' ') };
}

function fieldMessage(field: string, value: string | undefined, raw: string, lang: Language): string {
  const help = FIELD_HELP[field];
  if (field === 'expression') {
    const count = /expected 5 or 6 fields but got (\d+)/.exec(raw);
    if (count) {
      return lang === 'ja'
        ? `スケジュールは 5 つの項目（分 時 日 月 曜日）を空白で区切って指定します（${count[1]} 個あります）。例: 「0 0 * * *」は毎日 0:00。`
        : `A schedule has 5 fields (minute hour day month weekday) separated by spaces; this one has ${count[1]}. Example: "0 0 * * *" is every day at 00:00.`;
    }
    if (/illegal characters/.test(raw)) {
      return lang === 'ja'
        ? 'スケジュールに使えない文字が含まれています（使えるのは数字、英字、* / , - # ? と空白です）。'
        : 'The schedule contains characters cron does not understand (use digits, letters, * / , - # ? and spaces).';
    }
    return lang === 'ja' ? `スケジュールが正しくありません: ${raw}` : `The schedule is not valid: ${raw}.`;
  }
  if (!help) return raw;
  if (/impossible day of month/.test(raw)) {
    return lang === 'ja'
      ? `日「${value ?? ''}」は指定した月に存在しないため、一度も実行されません。`
      : `Day of month "${value ?? ''}" never occurs in the chosen month(s), so the job would never run.`;
  }
  return lang === 'ja'
    ? `${help.ja}「${value ?? ''}」が正しくありません。${help.range}、*、1,15 のような列挙、*/15 のような間隔が使えます。`
    : `${help.en}: "${value ?? ''}" is not valid. Use ${help.range}, "*", a list like 1,15, a range like 1-5 or a step like */15.`;
}
