/**
 * Sending one plain-text mail over SMTP with nodemailer (loaded on first use: `kura status` never
 * needs it), and turning what a mail server says when it refuses into errors an admin can act on:
 * the connection (host, port, firewall), the secure channel (STARTTLS on 587, TLS on 465, a
 * certificate), the login (an app password), the envelope (a sender the server will not relay for).
 *
 * Security: `starttls` requires the upgrade (no silent plain-text fallback), `tls` is TLS from the
 * first byte, `none` never upgrades (a relay on this machine). Certificates are checked; a mail
 * server with its own certificate authority gets that authority's certificate (`caFile`), never
 * "accept any certificate". The password is only handed to nodemailer and masked from every
 * message this module builds, as is the server's reply (some servers echo what they were sent).
 *
 * Nothing waits forever: connecting, the greeting and every later step have their own timeouts.
 */
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { KuraError, toKuraError } from '../../errors.js';
import { redact } from '../../process/redact.js';

export interface SmtpSettings {
  host: string;
  port: number;
  security: 'starttls' | 'tls' | 'none';
  user?: string | undefined;
  password: string | null;
  caFile?: string | undefined;
}

export interface MailMessage {
  from: string;
  to: readonly string[];
  subject: string;
  text: string;
}

export interface SendMailOptions {
  /** Each SMTP step (connect, greeting, every reply). Default 20 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** What the server answered: its id for the message, for the log. */
export interface MailSent {
  messageId: string;
  response: string;
}

export async function sendMail(settings: SmtpSettings, message: MailMessage, options: SendMailOptions = {}): Promise<MailSent> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const server = `${settings.host}:${settings.port}`;
  const secrets = [settings.password ?? undefined];
  let ca: Buffer | undefined;
  if (settings.caFile) {
    try {
      ca = await readFile(settings.caFile);
    } catch (err) {
      throw new KuraError({ code: 'alert-ca-unreadable', params: { path: settings.caFile, reason: (err as Error).message }, category: 'config' });
    }
  }
  const nodemailer = await import('nodemailer');
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    ...(settings.user !== undefined ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
    tls: { ...(isIP(settings.host) ? {} : { servername: settings.host }), minVersion: 'TLSv1.2', ...(ca ? { ca } : {}) },
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
    socketCloseTimeout: 2000,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  try {
    const info = await transport.sendMail({
      from: message.from,
      to: [...message.to],
      subject: message.subject,
      text: message.text,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Mailer': 'Kura' },
      ...(options.signal ? { signal: options.signal } : {}),
    } as Parameters<typeof transport.sendMail>[0]);
    return { messageId: String(info.messageId ?? ''), response: redact(String(info.response ?? ''), secrets) };
  } catch (err) {
    throw smtpError(err, server, settings, secrets, timeoutMs);
  } finally {
    transport.close();
  }
}

interface NodemailerError {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message?: string;
}

/** A mail server's refusal (or silence) as a KuraError naming what to change. */
export function smtpError(err: unknown, server: string, settings: Pick<SmtpSettings, 'user'>, secrets: readonly (string | undefined)[], timeoutMs = 20_000): KuraError {
  if (err instanceof KuraError) return err;
  const e = (err ?? {}) as NodemailerError;
  if ((err as { name?: string })?.name === 'AbortError') return toKuraError(err);
  const reply = redact((e.response ?? e.message ?? '').trim(), secrets).slice(0, 300);
  const reason = redact(e.message ?? String(err), secrets).slice(0, 300);
  const code = e.code ?? '';
  if (code === 'EAUTH') return new KuraError({ code: 'alert-smtp-auth', params: { server, user: settings.user ?? '', reply }, category: 'auth' });
  if (code === 'ENOAUTH' || e.responseCode === 530) return new KuraError({ code: 'alert-smtp-auth-needed', params: { server, reply }, category: 'auth' });
  if (code === 'ETLS' || code === 'EREQUIRETLS' || (/certificate|self[- ]signed|wrong version number|STARTTLS|SSL routines/i.test(reason) && code !== 'EENVELOPE' && code !== 'EMESSAGE')) {
    return new KuraError({ code: 'alert-smtp-tls', params: { server, reason }, category: 'config' });
  }
  if (code === 'ETIMEDOUT') return new KuraError({ code: 'alert-smtp-timeout', params: { server, seconds: Math.round(timeoutMs / 1000) }, category: 'network' });
  if (code === 'ECONNECTION' || code === 'ESOCKET' || code === 'EDNS') return new KuraError({ code: 'alert-smtp-connect', params: { server, reason }, category: 'network' });
  if (code === 'EENVELOPE' || code === 'EMESSAGE' || (e.responseCode !== undefined && e.responseCode >= 500)) {
    return new KuraError({ code: 'alert-smtp-rejected', params: { server, reply }, category: 'config' });
  }
  return new KuraError({ code: 'alert-smtp-failed', params: { server, reason }, category: 'network' });
}
