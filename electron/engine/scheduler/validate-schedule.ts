/**
 * Checks a schedule typed in the job editor before it is saved, with words an admin can act on
 * ("Minute: "61" is not valid — use 0–59 …") instead of node-cron's terse messages, and checks the
 * time zone name too (node-cron itself would only fail when the task starts). Each problem is a
 * catalogued message (catalogue/scheduler.ts), said in the admin's language where it is shown.
 */
import { parseCron } from './cron-fields.js';
import { isValidTimeZone } from '../../shared/zoned-time.js';
import { messageList, msg, type MessageData } from '../../shared/messages/index.js';

export interface ScheduleProblem {
  /** `expression`, `second`, `minute`, `hour`, `dayOfMonth`, `month`, `dayOfWeek` or `timezone`. */
  field: string;
  message: MessageData;
}

/** `message`: every problem in one message (catalogue `schedule-invalid`), for an error. */
export type ScheduleValidation = { kind: 'valid' } | { kind: 'invalid'; problems: ScheduleProblem[]; message: MessageData };

const CRON_FIELDS = ['second', 'minute', 'hour', 'dayOfMonth', 'month', 'dayOfWeek'] as const;
type CronField = (typeof CRON_FIELDS)[number];

export function validateSchedule(cron: string, timezone?: string): ScheduleValidation {
  const problems: ScheduleProblem[] = [];
  const parsed = parseCron(cron.trim());
  if (parsed.kind === 'invalid') {
    for (const e of parsed.errors) problems.push({ field: e.field, message: fieldMessage(e.field, e.value, e.message) });
  }
  if (timezone !== undefined && !isValidTimeZone(timezone)) {
    problems.push({ field: 'timezone', message: msg('schedule-timezone-unknown', { timezone }) });
  }
  if (problems.length === 0) return { kind: 'valid' };
  return { kind: 'invalid', problems, message: msg('schedule-invalid', { problems: messageList(problems.map((p) => p.message)) }) };
}

function fieldMessage(field: string, value: string | undefined, raw: string): MessageData {
  if (field === 'expression') {
    const count = /expected 5 or 6 fields but got (\d+)/.exec(raw);
    if (count) return msg('schedule-field-count', { count: Number(count[1]) });
    if (/illegal characters/.test(raw)) return msg('schedule-illegal-chars', {});
    // node-cron's own words, for a shape of mistake Kura does not know yet.
    return msg('schedule-not-valid', { reason: raw });
  }
  if (!(CRON_FIELDS as readonly string[]).includes(field)) return msg('schedule-not-valid', { reason: raw });
  if (/impossible day of month/.test(raw)) return msg('schedule-day-never', { value: value ?? '' });
  const f = field as CronField;
  return msg('schedule-field-invalid', { field: `cron-field-${f}`, value: value ?? '', range: `cron-range-${f}` });
}
