/**
 * The heartbeat: a URL pinged when a run starts and when it ends, so an outside service raises the
 * alarm when the pings stop — the one failure Kura cannot report itself (the PC is off, asleep,
 * or Kura is gone). Two forms, told apart by the URL:
 *   - healthchecks.io (and self-hosted Healthchecks, and services speaking its protocol):
 *     `<url>/start` when a run starts, `<url>` on success, `<url>/fail` on failure; a POST whose
 *     body is one line saying what happened (the service shows it in its log);
 *   - Uptime Kuma "push" monitors (`…/api/push/<token>`): no start ping; `?status=up` or
 *     `?status=down` with `msg`, as a GET.
 */
import type { HttpRequest } from '../tools/http/http-send.js';

export type HeartbeatPing = 'start' | 'success' | 'fail';

export function isUptimeKuma(url: URL): boolean {
  return /\/api\/push\/[^/]+\/?$/.test(url.pathname);
}

/** The request for a ping, or null when this service has no such ping (Uptime Kuma's start). */
export function heartbeatRequest(url: URL, ping: HeartbeatPing, text: string): { url: string; request: HttpRequest } | null {
  if (isUptimeKuma(url)) {
    if (ping === 'start') return null;
    const u = new URL(url.href);
    u.searchParams.set('status', ping === 'success' ? 'up' : 'down');
    u.searchParams.set('msg', text.slice(0, 250));
    u.searchParams.set('ping', '');
    return { url: u.href, request: { method: 'GET' } };
  }
  const u = new URL(url.href);
  const base = u.pathname.replace(/\/+$/, '');
  u.pathname = ping === 'start' ? `${base}/start` : ping === 'fail' ? `${base}/fail` : base || '/';
  return { url: u.href, request: { method: 'POST', body: text.slice(0, 10_000), contentType: 'text/plain; charset=utf-8' } };
}
