/**
 * Getting an alert to its channels: which channels a job has (its own `alerts` replace the global
 * ones channel by channel), the mail and the webhook posts, the heartbeat pings, and "Send a test".
 *
 * Secrets stay secrets: the SMTP password and every URL (webhooks, heartbeat) are read from the
 * keychain only here, handed to the sending code, and masked from every line this module logs and
 * every error it returns. A delivery that fails is logged in the admin's language and reported to
 * the caller; it never throws, so one dead channel never silences the others.
 */
import type { Lang } from '../../shared/messages/define.js';
import { render } from '../../shared/messages/render.js';
import type { KuraConfig } from '../config/schema.js';
import { KuraError, toKuraError, type ErrorInfo, messageOf } from '../errors.js';
import { redact } from '../process/redact.js';
import type { LogLevel } from '../progress.js';
import { requireSecret, type SecretStore } from '../secrets/secret-store.js';
import { httpSend, parseAlertUrl, serverOf, urlSecrets } from '../tools/http/http-send.js';
import { sendMail } from '../tools/smtp/send-mail.js';
import type { AlertEvent } from './alert-events.js';
import { alertText, plainTextBody } from './alert-text.js';
import { heartbeatRequest, type HeartbeatPing } from './heartbeat.js';
import { webhookPayload } from './webhook-formats.js';
import { nestedMessage } from '../../shared/messages/index.js';

export type AlertsConfig = NonNullable<KuraConfig['settings']['alerts']>;
export type EmailAlert = NonNullable<AlertsConfig['email']>;
export type WebhookAlert = NonNullable<AlertsConfig['webhooks']>[number];

/** The channels in effect for a job (null: Kura-wide news such as a restore or the weekly report). */
export function channelsFor(config: KuraConfig, jobId: string | null): AlertsConfig {
  const global = config.settings.alerts ?? {};
  const own = jobId === null ? undefined : config.jobs.find((j) => j.id === jobId)?.alerts;
  if (!own) return global;
  return {
    ...global,
    ...(own.email !== undefined ? { email: own.email } : {}),
    ...(own.webhooks !== undefined ? { webhooks: own.webhooks } : {}),
    ...(own.heartbeat !== undefined ? { heartbeat: own.heartbeat } : {}),
  };
}

export interface DeliveryDeps {
  secrets: SecretStore;
  /** This computer's name in the texts. */
  host: string;
  version: string;
  language: Lang;
  logger: { log(level: LogLevel, message: string): void };
  /** Per network step. Default 20 s (mail) and 15 s (HTTP). */
  timeoutMs?: number;
}

export interface DeliveryResult {
  channel: 'email' | 'webhook';
  /** "a@b.jp, c@d.jp" or the webhook's name. */
  name: string;
  error: ErrorInfo | null;
}

function webhookName(w: WebhookAlert, index: number): string {
  return w.name ?? `${w.format} #${index + 1}`;
}

async function readUrl(secrets: SecretStore, ref: string): Promise<string> {
  const url = await secrets.get(ref);
  if (url === null) throw new KuraError({ code: 'alert-url-missing', params: { ref, command: `kura secret set ${ref}` }, category: 'config' });
  return url.trim();
}

/** Sends one mail with these settings (the password read from the keychain). */
export async function mailEvent(deps: DeliveryDeps, email: EmailAlert, event: AlertEvent): Promise<void> {
  const password = email.passwordRef ? await requireSecret(deps.secrets, email.passwordRef) : null;
  const text = alertText(event, deps.language, deps);
  await sendMail(
    { host: email.host, port: email.port, security: email.security, user: email.user, password, caFile: email.caFile },
    { from: email.from, to: email.to, subject: text.subject, text: plainTextBody(text) },
    deps.timeoutMs !== undefined ? { timeoutMs: deps.timeoutMs } : {},
  );
}

/** Posts one event to one webhook. */
export async function postEvent(deps: DeliveryDeps, webhook: WebhookAlert, event: AlertEvent): Promise<void> {
  const url = await readUrl(deps.secrets, webhook.urlRef);
  const text = alertText(event, deps.language, deps);
  const payload = webhookPayload(webhook.format, event, text, { host: deps.host, version: deps.version, language: deps.language });
  await httpSend(url, { method: 'POST', body: JSON.stringify(payload), contentType: 'application/json; charset=utf-8' }, { purpose: 'webhook', ref: webhook.urlRef, ...(deps.timeoutMs !== undefined ? { timeoutMs: deps.timeoutMs } : {}) });
}

/** Sends an event to every channel it goes to; logs each outcome; never throws. */
export async function deliver(deps: DeliveryDeps, channels: AlertsConfig, event: AlertEvent): Promise<DeliveryResult[]> {
  const subject = alertText(event, deps.language, deps).subject;
  const say = (level: LogLevel, line: string, secrets: readonly (string | undefined)[]) => deps.logger.log(level, redact(line, secrets));
  const t = <C extends Parameters<typeof render>[1]>(code: C, params: Parameters<typeof render<C>>[2]) => render(deps.language, code, params).message;
  const results: DeliveryResult[] = [];
  const jobs: Array<Promise<void>> = [];
  if (channels.email) {
    const email = channels.email;
    jobs.push(
      (async () => {
        const name = email.to.join(', ');
        const secrets: Array<string | undefined> = [];
        try {
          if (email.passwordRef) secrets.push((await deps.secrets.get(email.passwordRef)) ?? undefined);
          await mailEvent(deps, email, event);
          say('info', t('alert-mailed', { to: name, subject }), secrets);
          results.push({ channel: 'email', name, error: null });
        } catch (err) {
          const e = toKuraError(err);
          say('warn', t('alert-mail-failed', { subject, reason: nestedMessage(messageOf(e)) }), secrets);
          results.push({ channel: 'email', name, error: redactInfo(e.toJSON(), secrets) });
        }
      })(),
    );
  }
  // The weekly report is a mail; chat channels get the news, not the digest.
  if (event.kind !== 'weekly-summary') {
    (channels.webhooks ?? []).forEach((w, i) =>
      jobs.push(
        (async () => {
          const name = webhookName(w, i);
          let secrets: string[] = [];
          try {
            secrets = urlSecrets((await deps.secrets.get(w.urlRef)) ?? '');
            await postEvent(deps, w, event);
            say('info', t('alert-posted', { name: `${name} (${serverOf((await deps.secrets.get(w.urlRef)) ?? '')})`, subject }), secrets);
            results.push({ channel: 'webhook', name, error: null });
          } catch (err) {
            const e = toKuraError(err);
            say('warn', t('alert-post-failed', { subject, name, reason: nestedMessage(messageOf(e)) }), secrets);
            results.push({ channel: 'webhook', name, error: redactInfo(e.toJSON(), secrets) });
          }
        })(),
      ),
    );
  }
  await Promise.all(jobs);
  return results;
}

function redactInfo(e: ErrorInfo, secrets: readonly (string | undefined)[]): ErrorInfo {
  const params = e.params ? Object.fromEntries(Object.entries(e.params).map(([k, v]) => [k, typeof v === 'string' ? redact(v, secrets) : v])) : undefined;
  return { ...e, message: redact(e.message, secrets), hint: e.hint === null ? null : redact(e.hint, secrets), ...(params ? { params } : {}) };
}

/** Pings the heartbeat URL (start / success / fail); logs a failure; never throws. */
export async function pingHeartbeat(deps: DeliveryDeps, heartbeat: { urlRef: string }, ping: HeartbeatPing, text: string): Promise<ErrorInfo | null> {
  let secrets: string[] = [];
  try {
    const raw = await readUrl(deps.secrets, heartbeat.urlRef);
    secrets = urlSecrets(raw);
    const req = heartbeatRequest(parseAlertUrl(raw, heartbeat.urlRef), ping, text);
    if (req) {
      secrets.push(...urlSecrets(req.url));
      await httpSend(req.url, req.request, { purpose: 'heartbeat', ref: heartbeat.urlRef, ...(deps.timeoutMs !== undefined ? { timeoutMs: deps.timeoutMs } : {}) });
    }
    return null;
  } catch (err) {
    const e = toKuraError(err);
    deps.logger.log('warn', redact(render(deps.language, 'alert-heartbeat-ping-failed', { what: ping, reason: nestedMessage(messageOf(e)) }).message, secrets));
    return redactInfo(e.toJSON(), secrets);
  }
}

export type TestChannel = { kind: 'email' } | { kind: 'webhook'; index: number } | { kind: 'heartbeat' };

/**
 * "Send a test": one message through one channel of these settings (the screen's, saved or not).
 * Throws the channel's own error (the server's refusal) so the screen can show it.
 */
export async function sendTest(deps: DeliveryDeps, alerts: AlertsConfig, channel: TestChannel, now: Date): Promise<void> {
  const event: AlertEvent = { kind: 'test', at: now.toISOString() };
  switch (channel.kind) {
    case 'email':
      if (!alerts.email) throw new KuraError({ code: 'alert-email-missing', params: {}, category: 'config' });
      return mailEvent(deps, alerts.email, event);
    case 'webhook': {
      const w = alerts.webhooks?.[channel.index];
      if (!w) throw new KuraError({ code: 'alert-webhook-missing', params: { n: channel.index + 1 }, category: 'config' });
      return postEvent(deps, w, event);
    }
    case 'heartbeat': {
      if (!alerts.heartbeat) throw new KuraError({ code: 'alert-heartbeat-missing', params: {}, category: 'config' });
      // A test is a success ping: it shows on the service that the address works (and not as a failure).
      const raw = await readUrl(deps.secrets, alerts.heartbeat.urlRef);
      const req = heartbeatRequest(parseAlertUrl(raw, alerts.heartbeat.urlRef), 'success', render(deps.language, 'alert-test-subject', { host: deps.host }).message);
      if (req) await httpSend(req.url, req.request, { purpose: 'heartbeat', ref: alerts.heartbeat.urlRef });
      return;
    }
  }
}
