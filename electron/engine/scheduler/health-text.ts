/**
 * The sentences the tray tooltip and `kura status` show, in English and Japanese. Short and
 * concrete — when, and whether it worked — because that is all an admin glancing at the tray
 * needs ("Last backup today 00:00 — OK", "No successful backup for 3 days").
 */
import { systemTimeZone, wallTimeAt } from './zoned-time.js';
import type { HealthKind, JobHealth } from './health.js';
import type { LastResult } from './scheduler-state.js';
import type { Language } from './types.js';

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "today 00:00", "yesterday 23:10", "Mar 5 00:00" / "今日 0:00", "昨日 23:10", "3月5日 0:00". */
export function formatWhen(iso: string, now: Date, lang: Language, displayTimeZone?: string): string {
  const zone = displayTimeZone ?? systemTimeZone();
  const w = wallTimeAt(new Date(iso), zone);
  const n = wallTimeAt(now, zone);
  const dayNumber = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000;
  const daysAgo = dayNumber(n.year, n.month, n.day) - dayNumber(w.year, w.month, w.day);
  const mm = String(w.minute).padStart(2, '0');
  if (lang === 'ja') {
    const time = `${w.hour}:${mm}`;
    if (daysAgo === 0) return `今日 ${time}`;
    if (daysAgo === 1) return `昨日 ${time}`;
    return w.year === n.year ? `${w.month}月${w.day}日 ${time}` : `${w.year}年${w.month}月${w.day}日 ${time}`;
  }
  const time = `${String(w.hour).padStart(2, '0')}:${mm}`;
  if (daysAgo === 0) return `today ${time}`;
  if (daysAgo === 1) return `yesterday ${time}`;
  const date = `${EN_MONTHS[w.month - 1]} ${w.day}`;
  return w.year === n.year ? `${date} ${time}` : `${date}, ${w.year} ${time}`;
}

/** "3 days" / "30 hours" / "45 minutes" (and the Japanese forms) for how long without a success. */
export function formatDuration(ms: number, lang: Language): string {
  // Schedules with a seconds field can be overdue within a minute: never say "0 minutes".
  if (ms < 60_000) return lang === 'ja' ? '1分未満' : 'less than a minute';
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (hours >= 48) return lang === 'ja' ? `${days}日間` : plural(days, 'day');
  if (minutes >= 120) return lang === 'ja' ? `${hours}時間` : plural(hours, 'hour');
  return lang === 'ja' ? `${minutes}分間` : plural(minutes, 'minute');
}

export interface SentenceInput {
  health: HealthKind;
  lastResult: LastResult | null;
  lastSuccessAt: string | null;
  /** Since when there has been no success (last success, else when the schedule was set). */
  reference: string | null;
  now: Date;
  lang: Language;
  displayTimeZone?: string | undefined;
}

export function healthSentence(i: SentenceInput): string {
  const ja = i.lang === 'ja';
  const last = (verdictEn: string, verdictJa: string): string => {
    const when = i.lastResult ? formatWhen(i.lastResult.finishedAt, i.now, i.lang, i.displayTimeZone) : '';
    return ja ? `前回のバックアップ: ${when} — ${verdictJa}` : `Last backup ${when} — ${verdictEn}`;
  };
  switch (i.health) {
    case 'running':
      return ja ? 'バックアップ中…' : 'Backing up now…';
    case 'never':
      return ja ? 'まだバックアップしていません' : 'No backup yet';
    case 'ok':
      return last('OK', '正常');
    case 'warning':
      return last('finished with warnings', '警告あり');
    case 'partial':
      return last('some items failed', '一部の項目が失敗');
    case 'failed':
      return last('failed', '失敗');
    case 'overdue': {
      if (!i.lastSuccessAt || !i.reference) return ja ? 'まだ一度もバックアップが成功していません' : 'No successful backup yet';
      const d = formatDuration(i.now.getTime() - Date.parse(i.reference), i.lang);
      return ja ? `${d}バックアップが成功していません` : `No successful backup for ${d}`;
    }
  }
}

export function overallSentence(jobs: JobHealth[], worst: HealthKind, paused: boolean, lang: Language): string {
  const ja = lang === 'ja';
  let text: string;
  if (jobs.length === 0) text = ja ? 'バックアップジョブがまだありません' : 'No backup jobs yet';
  else if (jobs.length === 1) text = jobs[0]?.sentence ?? '';
  else if (worst === 'ok') text = ja ? `すべてのバックアップ (${jobs.length}件) は正常です` : `All ${jobs.length} backups OK`;
  else {
    const job = jobs.find((j) => j.health === worst);
    text = job ? `${job.name}: ${job.sentence}` : '';
  }
  if (!paused) return text;
  return ja ? `一時停止中 — ${text}` : `Paused — ${text}`;
}
