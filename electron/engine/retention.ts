/**
 * Which snapshots to keep: the newest `keepLast`, plus the newest snapshot of each of the last
 * `keepDaily` days, `keepWeekly` ISO weeks and `keepMonthly` months that have one (the
 * restic/Kopia/Duplicati "smart" policy). Days are counted in the job's timezone, so a shop in
 * Tokyo keeps "one per Japanese day".
 *
 * Safety rules that no policy can override:
 *   - the newest complete snapshot is always kept;
 *   - retention only runs after a successful run (the caller's rule), so failing nights never eat
 *     into the good snapshots;
 *   - only folders with a manifest Kura wrote are candidates (the caller lists them that way).
 */
import type { Retention } from './config/schema.js';

export interface RetentionCandidate {
  id: string;
  /** When the snapshot was taken. */
  at: Date;
}

export interface RetentionDecision {
  keep: Array<{ id: string; reasons: string[] }>;
  remove: string[];
}

export function decideRetention(snapshots: readonly RetentionCandidate[], policy: Retention, timeZone?: string): RetentionDecision {
  const newestFirst = [...snapshots].sort((a, b) => b.at.getTime() - a.at.getTime());
  const reasons = new Map<string, string[]>();
  const keep = (id: string, why: string) => {
    const list = reasons.get(id) ?? [];
    list.push(why);
    reasons.set(id, list);
  };

  if (newestFirst[0]) keep(newestFirst[0].id, 'newest');
  newestFirst.slice(0, Math.max(1, policy.keepLast)).forEach((s) => keep(s.id, 'last'));

  const parts = datePartsIn(timeZone);
  const bucketed = (count: number, label: string, bucketOf: (d: Date) => string) => {
    if (count <= 0) return;
    const seen = new Set<string>();
    for (const s of newestFirst) {
      const b = bucketOf(s.at);
      if (seen.has(b)) continue;
      seen.add(b);
      keep(s.id, label);
      if (seen.size >= count) break;
    }
  };
  bucketed(policy.keepDaily, 'daily', (d) => {
    const p = parts(d);
    return `${p.year}-${p.month}-${p.day}`;
  });
  bucketed(policy.keepWeekly, 'weekly', (d) => isoWeek(parts(d)));
  bucketed(policy.keepMonthly, 'monthly', (d) => {
    const p = parts(d);
    return `${p.year}-${p.month}`;
  });

  return {
    keep: newestFirst.filter((s) => reasons.has(s.id)).map((s) => ({ id: s.id, reasons: reasons.get(s.id)! })),
    remove: newestFirst.filter((s) => !reasons.has(s.id)).map((s) => s.id),
  };
}

interface DateParts {
  year: number;
  month: number;
  day: number;
}

function datePartsIn(timeZone: string | undefined): (d: Date) => DateParts {
  // The machine's own zone is what Date's local fields give: no Intl formatter, whose first use in a
  // process loads ICU's calendar data (7–27 ms at the end of every `kura run` measured on this machine).
  if (timeZone === undefined) return (d) => ({ year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() });
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (d) => {
    const p = Object.fromEntries(fmt.formatToParts(d).map((x) => [x.type, x.value]));
    return { year: Number(p['year']), month: Number(p['month']), day: Number(p['day']) };
  };
}

/** ISO-8601 week label (weeks start on Monday; week 1 holds the year's first Thursday). */
function isoWeek({ year, month, day }: DateParts): string {
  const d = new Date(Date.UTC(year, month - 1, day));
  const dow = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - dow);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${week}`;
}
