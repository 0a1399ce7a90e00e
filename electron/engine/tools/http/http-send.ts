/**
 * One HTTP request to a webhook or a heartbeat service, with Node's own fetch.
 *
 * The URL is a secret (the token that lets anyone post to the channel is in its path or query), so
 * nothing this module says names more than the server (`hooks.slack.com`, `hc-ping.com:443`): every
 * error text is also masked with the whole URL, its path and its query, in case a library or the
 * server echoes them. Redirects are not followed (a webhook that redirects is misconfigured, and
 * following would send the message to a server the admin never named). Nothing waits forever.
 */
import { KuraError } from '../../errors.js';
import { redact } from '../../process/redact.js';

export type HttpPurpose = 'webhook' | 'heartbeat';

export interface HttpRequest {
  method: 'GET' | 'POST';
  body?: string;
  contentType?: string;
}

export interface HttpSendOptions {
  purpose: HttpPurpose;
  /** Connecting, sending and the answer. Default 15 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The keychain entry the URL came from, for "not a web address" errors. */
  ref?: string;
}

/** The parts of a URL that must never be shown (masked from any text). */
export function urlSecrets(url: string): string[] {
  try {
    const u = new URL(url);
    return [url, u.href, `${u.pathname}${u.search}`, u.pathname, u.search, u.username, u.password].filter((s) => s.length > 1);
  } catch {
    return [url];
  }
}

/** Only the server of a URL, for messages ("hooks.slack.com"). */
export function serverOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '?';
  }
}

/** Checks the stored text is a web address; the error names the keychain entry, never the text. */
export function parseAlertUrl(url: string, ref: string): URL {
  let u: URL | null = null;
  try {
    u = new URL(url.trim());
  } catch {
    u = null;
  }
  if (!u || (u.protocol !== 'https:' && u.protocol !== 'http:') || !u.host) {
    throw new KuraError({ code: 'alert-url-invalid', params: { ref }, category: 'config' });
  }
  return u;
}

export async function httpSend(url: string, request: HttpRequest, options: HttpSendOptions): Promise<{ status: number }> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const u = parseAlertUrl(url, options.ref ?? '?');
  const server = u.host;
  const secrets = urlSecrets(url);
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const web = options.purpose === 'webhook';
  let res: Response;
  try {
    res = await fetch(u, {
      method: request.method,
      redirect: 'manual',
      signal,
      headers: { 'user-agent': 'Kura', ...(request.contentType ? { 'content-type': request.contentType } : {}) },
      ...(request.body !== undefined ? { body: request.body } : {}),
    });
  } catch (err) {
    if (options.signal?.aborted) throw new KuraError({ code: 'cancelled', params: {}, category: 'cancelled' });
    if (timeout.aborted) {
      const params = { server, seconds: Math.round(timeoutMs / 1000) };
      throw web ? new KuraError({ code: 'alert-webhook-timeout', params, category: 'network' }) : new KuraError({ code: 'alert-heartbeat-timeout', params, category: 'network' });
    }
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const reason = redact([cause?.code, cause?.message ?? (err as Error).message].filter(Boolean).join(': '), secrets).slice(0, 300);
    throw web ? new KuraError({ code: 'alert-webhook-connect', params: { server, reason }, category: 'network' }) : new KuraError({ code: 'alert-heartbeat-connect', params: { server, reason }, category: 'network' });
  }
  let text = '';
  try {
    text = await res.text();
  } catch {
    text = '';
  }
  if (res.status < 200 || res.status > 299) {
    const reply = redact(`${res.statusText} ${text.replace(/\s+/g, ' ')}`.trim(), secrets).slice(0, 200);
    const params = { server, status: res.status, reply };
    const category = res.status >= 500 || res.status === 429 ? 'network' : 'config';
    throw web ? new KuraError({ code: 'alert-webhook-refused', params, category }) : new KuraError({ code: 'alert-heartbeat-refused', params, category });
  }
  return { status: res.status };
}
