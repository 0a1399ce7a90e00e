/**
 * The sentences the tray tooltip, the dashboard and `kura status` show, as catalogued messages
 * (catalogue/scheduler.ts `health-*`). Short and concrete — when, and whether it worked — because that
 * is all an admin glancing at the tray needs ("Last backup today 00:00 — OK", "No successful backup
 * for 3 days"). "Today 00:00" is said relative to the moment the health was computed, in the viewer's
 * time zone unless one is given.
 */
import { msg, nestedMessage, whenParam, type MessageData } from '../../shared/messages/index.js';
import type { LastResult } from './scheduler-state.js';
import type { HealthKind } from './types.js';

export interface SentenceInput {
  health: HealthKind;
  lastResult: LastResult | null;
  lastSuccessAt: string | null;
  /** Since when there has been no success (last success, else when the schedule was set). */
  reference: string | null;
  now: Date;
  displayTimeZone?: string | undefined;
}

export function healthSentence(i: SentenceInput): MessageData {
  const at = () => whenParam(i.lastResult?.finishedAt ?? i.now.toISOString(), i.now.toISOString(), i.displayTimeZone);
  switch (i.health) {
    case 'running':
      return msg('health-running', {});
    case 'never':
      return msg('health-never', {});
    case 'ok':
      return msg('health-ok', { at: at() });
    case 'warning':
      return msg('health-warning', { at: at() });
    case 'partial':
      return msg('health-partial', { at: at() });
    case 'failed':
      return msg('health-failed', { at: at() });
    case 'overdue':
      if (!i.lastSuccessAt || !i.reference) return msg('health-never-succeeded', {});
      return msg('health-overdue', { ms: i.now.getTime() - Date.parse(i.reference) });
  }
}

/** Kura as a whole: the one job's sentence, "All 3 backups OK", or the worst job's, and "Paused — " first. */
export function overallSentence(jobs: readonly { name: string; health: HealthKind; sentence: MessageData }[], worst: HealthKind, paused: boolean): MessageData {
  let text: MessageData;
  if (jobs.length === 0) text = msg('health-no-jobs', {});
  else if (jobs.length === 1) text = jobs[0]!.sentence;
  else if (worst === 'ok') text = msg('health-all-ok', { count: jobs.length });
  else {
    const job = jobs.find((j) => j.health === worst) ?? jobs[0]!;
    text = msg('health-job', { name: job.name, sentence: nestedMessage(job.sentence) });
  }
  return paused ? msg('health-paused', { sentence: nestedMessage(text) }) : text;
}
