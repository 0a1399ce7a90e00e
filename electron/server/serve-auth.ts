/**
 * Who may talk to `kura serve`. The server can start backups, read logs and store passwords, and
 * it listens on loopback where every local program and every web page the admin visits can reach
 * it, so three checks guard every request (HTTP and the WebSocket upgrade alike):
 *   - Host must be the address we listen on: a DNS-rebinding page (evil.example → 127.0.0.1)
 *     arrives with its own Host name.
 *   - Origin, when sent, must be our own origin: another site's page cannot drive the API.
 *     WebSocket upgrades must send it (browsers always do).
 *   - the session cookie. It is obtained once with the token printed in the URL; the token is
 *     single-use, so a URL left in the shell history or a screenshot is worthless afterwards.
 * The cookie is HttpOnly (no script can read it) and SameSite=Strict (no other site's request
 * carries it).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'kura_session';

export interface ServeAuth {
  readonly token: string;
  /** `http://host:port` forms a browser may use for this server. */
  readonly origins: ReadonlySet<string>;
  /** True when the token is the printed one and not used before; it is then spent. */
  redeem(token: string): boolean;
  /** A new session id for the cookie. */
  newSession(): string;
  hasSession(req: IncomingMessage): boolean;
  hostAllowed(req: IncomingMessage): boolean;
  /** `required`: the upgrade request must carry an Origin (browsers always send one for WebSockets). */
  originAllowed(req: IncomingMessage, mode: 'optional' | 'required'): boolean;
  cookieHeader(session: string): string;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

/** The Host values (and origins) under which the server is reachable on this port. */
export function allowedHosts(host: string, port: number): string[] {
  const names = new Set([host.includes(':') && !host.startsWith('[') ? `[${host}]` : host]);
  // A browser may spell loopback either way; both still resolve to this machine only.
  if (host === '127.0.0.1' || host === 'localhost' || host === '::1') {
    names.add('127.0.0.1');
    names.add('localhost');
    names.add('[::1]');
  }
  return [...names].map((n) => `${n}:${port}`);
}

export function createServeAuth(host: string, port: number, token = randomBytes(24).toString('base64url')): ServeAuth {
  const hosts = new Set(allowedHosts(host, port));
  const origins = new Set([...hosts].map((h) => `http://${h}`));
  const sessions = new Set<string>();
  let spent = false;
  return {
    token,
    origins,
    redeem(candidate) {
      if (spent || !safeEqual(candidate, token)) return false;
      spent = true;
      return true;
    },
    newSession() {
      const s = randomBytes(32).toString('base64url');
      sessions.add(s);
      return s;
    },
    hasSession(req) {
      const value = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
      if (!value) return false;
      for (const s of sessions) if (safeEqual(s, value)) return true;
      return false;
    },
    hostAllowed(req) {
      return typeof req.headers.host === 'string' && hosts.has(req.headers.host.toLowerCase());
    },
    originAllowed(req, mode) {
      const origin = req.headers.origin;
      if (origin === undefined) return mode === 'optional';
      return origins.has(origin.toLowerCase());
    },
    cookieHeader(session) {
      return `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/`;
    },
  };
}
