/**
 * One alert as the body each kind of webhook expects:
 *   - `json`: Kura's own shape, for scripts and automation tools (event, severity, job, the rendered
 *     title and text, and the facts);
 *   - `slack`: an incoming webhook's `{ text }` in Slack's mrkdwn (&, < and > escaped);
 *   - `discord`: an embed with a colour per severity, and mentions switched off (an error text
 *     holding "@everyone" must not ping a whole server);
 *   - `teams`: a Workflows webhook's message with an Adaptive Card (Office 365 connectors are retired).
 */
import type { AlertEvent, Severity } from './alert-events.js';
import type { AlertText } from './alert-text.js';

export type WebhookFormat = 'json' | 'slack' | 'discord' | 'teams';

export interface WebhookContext {
  host: string;
  version: string;
  language: 'en' | 'ja';
}

const COLOURS: Record<Severity, number> = { error: 0xd70015, warning: 0xe8a100, ok: 0x2e9e44, info: 0x3b73c4 };

function body(t: AlertText): string {
  return [...t.paragraphs, t.footer].join('\n\n');
}

function cut(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** The facts of an event for machines (no sentences): what `json` webhooks carry besides the text. */
export function eventFacts(e: AlertEvent): Record<string, unknown> {
  switch (e.kind) {
    case 'run-failed':
    case 'disk-missing':
      return { jobId: e.job.id, jobName: e.job.name, runId: e.runId, error: e.error ? { code: e.error.code, params: e.error.params ?? null, message: e.error.message, hint: e.error.hint } : null };
    case 'run-partial':
      return { jobId: e.job.id, jobName: e.job.name, runId: e.runId, warnings: e.warnings };
    case 'recovered':
      return { jobId: e.job.id, jobName: e.job.name, runId: e.runId };
    case 'overdue':
      return { jobId: e.job.id, jobName: e.job.name, lastSuccessAt: e.never ? null : e.since, scheduledSince: e.never ? e.since : null };
    case 'offsite-failing':
      return { jobId: e.job.id, jobName: e.job.name, target: e.target, to: e.to, failures: e.failures, error: e.error ? { code: e.error.code, message: e.error.message } : null };
    case 'offsite-recovered':
      return { jobId: e.job.id, jobName: e.job.name, target: e.target, to: e.to };
    case 'restore-unfinished':
      return { restoreId: e.restoreId, jobId: e.jobId, target: e.target };
    case 'standby-broken':
    case 'standby-lagging':
    case 'standby-unreachable':
    case 'standby-recovered':
      return {
        jobId: e.job.id,
        jobName: e.job.name,
        sourceId: e.standby.sourceId,
        standby: e.standby.standby,
        state: e.standby.state,
        secondsBehind: e.standby.secondsBehind,
        since: e.standby.since,
        error: e.standby.replicaError,
        reason: e.standby.reason,
      };
    case 'weekly-summary':
      return { jobs: e.summary.jobs.map((j) => ({ id: j.id, name: j.name, items: j.items, space: j.space, runs: j.runs })) };
    case 'test':
      return {};
  }
}

export function webhookPayload(format: WebhookFormat, e: AlertEvent, t: AlertText, ctx: WebhookContext): unknown {
  switch (format) {
    case 'json':
      return {
        source: 'kura',
        version: ctx.version,
        host: ctx.host,
        event: e.kind,
        severity: t.severity,
        at: e.at,
        language: ctx.language,
        title: t.subject,
        text: body(t),
        data: eventFacts(e),
      };
    case 'slack': {
      const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      return { text: cut(`*${esc(t.subject)}*\n${esc(body(t))}`, 39_000) };
    }
    case 'discord':
      return {
        username: 'Kura',
        allowed_mentions: { parse: [] },
        embeds: [{ title: cut(t.subject, 256), description: cut(t.paragraphs.join('\n\n'), 4000), color: COLOURS[t.severity], timestamp: e.at, footer: { text: cut(t.footer, 2000) } }],
      };
    case 'teams':
      return {
        type: 'message',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.adaptive',
            contentUrl: null,
            content: {
              $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
              type: 'AdaptiveCard',
              version: '1.4',
              body: [
                { type: 'TextBlock', text: t.subject, weight: 'Bolder', size: 'Medium', wrap: true, color: t.severity === 'error' ? 'Attention' : t.severity === 'warning' ? 'Warning' : t.severity === 'ok' ? 'Good' : 'Default' },
                ...t.paragraphs.map((p) => ({ type: 'TextBlock', text: p, wrap: true })),
                { type: 'TextBlock', text: t.footer, isSubtle: true, size: 'Small', wrap: true },
              ],
            },
          },
        ],
      };
  }
}
