/**
 * An alert's words, in the admin's language: a subject and a few short paragraphs (what happened,
 * why, what to do, where the log is), the same for a mail and a chat message. Every sentence comes
 * from the catalogue (shared/messages/catalogue/alerts.ts); an error is rendered from its code and
 * facts when it is catalogued, else its recorded English sentence is quoted as it is.
 */
import type { Lang } from '../../shared/messages/define.js';
import { render, renderable, renderLoose } from '../../shared/messages/render.js';
import type { MessageData } from '../../shared/messages/index.js';
import type { ErrorInfo } from '../errors.js';
import type { StandbyStatus } from '../standby/standby-memory.js';
import { severityOf, type AlertEvent, type Severity, type WeeklySummary } from './alert-events.js';

export interface AlertText {
  severity: Severity;
  subject: string;
  /** Paragraphs, in order; a list is one paragraph of "- " lines. */
  paragraphs: string[];
  footer: string;
}

export interface AlertTextContext {
  /** This computer's name, as the admin knows it. */
  host: string;
  version: string;
}

/** An error's sentence and hint in a language (catalogued), or as recorded (older English ones). */
export function errorSentences(error: ErrorInfo | null, lang: Lang): { message: string; hint: string | null } {
  if (!error) return { message: renderLoose(lang, 'text', { text: '?' }).message, hint: null };
  if (error.params && renderable(error.code, error.params)) return renderLoose(lang, error.code, error.params);
  return { message: error.message, hint: error.hint };
}

/** A catalogued message (a standby's reason) in a language. */
export function sayIn(lang: Lang, m: MessageData): string {
  return renderLoose(lang, m.code, m.params).message;
}

/** "in sync", "12 seconds behind", "broken since …" for one standby. */
export function standbyStateText(lang: Lang, s: Pick<StandbyStatus, 'state' | 'secondsBehind' | 'since'>): string {
  switch (s.state) {
    case 'in-sync':
      return s.secondsBehind ? render(lang, 'standby-state-in-sync-behind', { seconds: s.secondsBehind }).message : render(lang, 'standby-state-in-sync', {}).message;
    case 'lagging':
      return s.secondsBehind !== null ? render(lang, 'standby-state-lagging', { seconds: s.secondsBehind }).message : sayIn(lang, { code: 'standby-redis-syncing', params: {} });
    case 'broken':
      return render(lang, 'standby-state-broken', { since: s.since }).message;
    case 'unreachable':
      return render(lang, 'standby-state-unreachable', { since: s.since }).message;
  }
}

export function alertText(e: AlertEvent, lang: Lang, ctx: AlertTextContext): AlertText {
  const { host } = ctx;
  const t = <C extends Parameters<typeof render>[1]>(code: C, params: Parameters<typeof render<C>>[2]) => render(lang, code, params).message;
  const p: string[] = [];
  let subject: string;
  const errorLines = (error: ErrorInfo | null, logFile: string | null) => {
    const s = errorSentences(error, lang);
    p.push(t('alert-what-failed', { message: s.message }));
    if (s.hint) p.push(t('alert-what-to-do', { hint: s.hint }));
    if (logFile) p.push(t('alert-run-log', { host, path: logFile }));
    p.push(t('alert-once-note', {}));
  };
  const standbyLines = (s: StandbyStatus) => {
    if (s.reason) p.push(t('alert-standby-reason', { reason: [sayIn(lang, s.reason), s.replicaError && !sayIn(lang, s.reason).includes(s.replicaError) ? s.replicaError : ''].filter(Boolean).join(' ') }));
    const hint = s.reason ? renderLoose(lang, s.reason.code, s.reason.params).hint : null;
    if (hint) p.push(t('alert-what-to-do', { hint }));
  };
  switch (e.kind) {
    case 'run-failed':
      subject = t('alert-failed-subject', { job: e.job.name });
      p.push(t('alert-failed-body', { job: e.job.name, host, at: e.at }));
      errorLines(e.error, e.logFile);
      break;
    case 'disk-missing':
      subject = t('alert-disk-subject', { job: e.job.name });
      p.push(t('alert-disk-body', { job: e.job.name, host, at: e.at }));
      errorLines(e.error, e.logFile);
      break;
    case 'run-partial':
      subject = t('alert-partial-subject', { job: e.job.name });
      p.push(t('alert-partial-body', { job: e.job.name, host, at: e.at, count: e.warnings.length }));
      p.push(e.warnings.map((w) => `- ${w}`).join('\n'));
      if (e.logFile) p.push(t('alert-run-log', { host, path: e.logFile }));
      p.push(t('alert-once-note', {}));
      break;
    case 'recovered':
      subject = t('alert-recovered-subject', { job: e.job.name });
      p.push(t('alert-recovered-body', { job: e.job.name, host, at: e.at }));
      break;
    case 'overdue':
      subject = t('alert-overdue-subject', { job: e.job.name });
      p.push(e.never ? t('alert-overdue-never', { job: e.job.name, since: e.since }) : t('alert-overdue-body', { job: e.job.name, since: e.since }));
      p.push(t('alert-overdue-todo', { host }));
      break;
    case 'offsite-failing': {
      subject = t('alert-offsite-subject', { job: e.job.name, target: e.target });
      p.push(t('alert-offsite-body', { job: e.job.name, to: e.to, count: e.failures }));
      const s = errorSentences(e.error, lang);
      if (e.error) p.push(t('alert-what-failed', { message: s.message }));
      if (s.hint) p.push(t('alert-what-to-do', { hint: s.hint }));
      break;
    }
    case 'offsite-recovered':
      subject = t('alert-offsite-recovered-subject', { job: e.job.name, target: e.target });
      p.push(t('alert-offsite-recovered-body', { job: e.job.name, to: e.to, at: e.at }));
      break;
    case 'restore-unfinished':
      subject = t('alert-restore-subject', { target: e.target });
      p.push(t('alert-restore-body', { host, sentence: e.sentence }));
      p.push(t('alert-restore-todo', { command: `kura restore --roll-back ${e.restoreId}` }));
      break;
    case 'standby-broken':
      subject = t('alert-standby-broken-subject', { standby: e.standby.standby, job: e.job.name });
      p.push(t('alert-standby-broken-body', { standby: e.standby.standby, source: e.standby.sourceId, since: e.standby.since }));
      standbyLines(e.standby);
      p.push(t('alert-standby-failover', {}));
      break;
    case 'standby-lagging':
      subject = t('alert-standby-lagging-subject', { standby: e.standby.standby, job: e.job.name, seconds: e.standby.secondsBehind ?? 0 });
      p.push(t('alert-standby-lagging-body', { standby: e.standby.standby, source: e.standby.sourceId, seconds: e.standby.secondsBehind ?? 0, limit: e.standby.maxLagSeconds }));
      standbyLines(e.standby);
      break;
    case 'standby-unreachable':
      subject = t('alert-standby-unreachable-subject', { standby: e.standby.standby, job: e.job.name });
      p.push(t('alert-standby-unreachable-body', { host, standby: e.standby.standby, source: e.standby.sourceId, since: e.standby.since }));
      standbyLines(e.standby);
      p.push(t('alert-standby-failover', {}));
      break;
    case 'standby-recovered':
      subject = t('alert-standby-recovered-subject', { standby: e.standby.standby, job: e.job.name });
      p.push(t('alert-standby-recovered-body', { standby: e.standby.standby, source: e.standby.sourceId, at: e.at }));
      break;
    case 'weekly-summary':
      subject = t('alert-summary-subject', { host });
      p.push(...summaryParagraphs(e.summary, e.at, lang));
      break;
    case 'test':
      subject = t('alert-test-subject', { host });
      p.push(t('alert-test-body', { host, at: e.at }));
      break;
  }
  return { severity: severityOf(e), subject, paragraphs: p, footer: t('alert-footer', { version: ctx.version, host }) };
}

function summaryParagraphs(s: WeeklySummary, at: string, lang: Lang): string[] {
  const t = <C extends Parameters<typeof render>[1]>(code: C, params: Parameters<typeof render<C>>[2]) => render(lang, code, params).message;
  const out = [t('alert-summary-intro', { host: s.host, at })];
  if (s.jobs.length === 0) out.push(t('alert-summary-no-jobs', { host: s.host }));
  for (const j of s.jobs) {
    const lines = [t('alert-summary-job', { job: j.name, jobId: j.id, sentence: j.sentence })];
    for (const i of j.items) {
      if (!i.lastGood) {
        lines.push(`- ${t('alert-summary-item-none', { item: i.item })}`);
        continue;
      }
      const v = i.lastGood.verified;
      const verified = !v
        ? t('alert-summary-verified-written', {})
        : v.kind === 'restore-test'
          ? t('alert-summary-verified-restore', { at: v.at })
          : t('alert-summary-verified-checksums', { at: v.at });
      lines.push(`- ${t('alert-summary-item', { item: i.item, at: i.lastGood.at, bytes: i.lastGood.bytes, verified })}`);
    }
    lines.push(
      `- ${'error' in j.space ? t('alert-summary-space-unknown', { path: j.space.path, reason: j.space.error }) : t('alert-summary-space', { path: j.space.path, freeBytes: j.space.freeBytes, totalBytes: j.space.totalBytes })}`,
    );
    lines.push(`- ${t('alert-summary-runs', { ok: j.runs.ok, failed: j.runs.failed })}`);
    for (const sb of s.standbys.filter((x) => x.jobId === j.id)) {
      lines.push(`- ${t('alert-summary-standby', { standby: sb.standby, source: sb.sourceId, state: standbyStateText(lang, sb) })}`);
    }
    out.push(lines.join('\n'));
  }
  return out;
}

/** The plain-text body of a mail (the subject is the mail's own). */
export function plainTextBody(t: AlertText): string {
  return `${t.paragraphs.join('\n\n')}\n\n-- \n${t.footer}\n`;
}
