/**
 * A notice said in a language: the desktop notifier shows title and body, `kura daemon` and
 * `kura serve` (no desktop) write one log line, where the service manager keeps it.
 */
import type { Lang } from '../../shared/messages/define.js';
import { nestedMessage } from '../../shared/messages/index.js';
import { render, renderLoose } from '../../shared/messages/render.js';
import type { SchedulerNotification } from './types.js';

export function noticeText(n: SchedulerNotification, lang: Lang): { title: string; body: string } {
  return { title: renderLoose(lang, n.title.code, n.title.params).message, body: renderLoose(lang, n.body.code, n.body.params).message };
}

/** "notice (shop): Backup failed: Shop: …" for a log. */
export function noticeLine(n: SchedulerNotification, lang: Lang): string {
  return render(lang, 'notice-logged', { job: n.jobId, title: nestedMessage(n.title), body: nestedMessage(n.body) }).message;
}

/** The log level a notice is written with. */
export function noticeLevel(n: SchedulerNotification): 'info' | 'warn' {
  return n.kind === 'recovery' ? 'info' : 'warn';
}
