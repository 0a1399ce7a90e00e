/**
 * A cron expression parsed by node-cron itself (`validateDetailed`), so the UI, the next-run
 * calculator and the running task agree on what an expression means: same nicknames (`@daily`),
 * same names (`mon-fri`), same Quartz-style tokens (`L`, `15W`, `5L`, `1#2`), same AND of
 * day-of-month and day-of-week.
 */
import { validateDetailed, type CronFieldError } from 'node-cron';

export interface CronFields {
  seconds: number[];
  minutes: number[];
  hours: number[];
  /** Day numbers plus `L`, `L-n`, `nW`, `LW` tokens. */
  daysOfMonth: Array<number | string>;
  months: number[];
  /** 0 = Sunday … 6 = Saturday plus `dL` and `d#n` tokens. */
  daysOfWeek: Array<number | string>;
}

export type ParsedCron = { kind: 'valid'; fields: CronFields } | { kind: 'invalid'; errors: CronFieldError[] };

const asc = (values: number[]): number[] => [...new Set(values)].sort((a, b) => a - b);
const numbers = (values: Array<number | string>): number[] => values.filter((v): v is number => typeof v === 'number');

export function parseCron(cron: string): ParsedCron {
  const result = validateDetailed(cron);
  if (!result.valid || !result.fields) return { kind: 'invalid', errors: result.errors };
  const f = result.fields;
  return {
    kind: 'valid',
    fields: {
      seconds: asc(f.second),
      minutes: asc(f.minute),
      hours: asc(f.hour),
      daysOfMonth: f.dayOfMonth,
      months: asc(f.month),
      daysOfWeek: f.dayOfWeek.map((d) => (d === 7 ? 0 : d)),
    },
  };
}

/** True when the field lists every value from min to max (a `*`). */
export function isFull(values: Array<number | string>, min: number, max: number): boolean {
  const n = new Set(numbers(values));
  if (n.size !== values.length) return false;
  for (let v = min; v <= max; v++) if (!n.has(v)) return false;
  return true;
}
