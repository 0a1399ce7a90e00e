/**
 * Where a Redis server is and who Kura logs in as. Built by the job runner from a redis source in
 * the config plus the password read from the keychain; the password lives only in memory.
 */
export interface RedisTarget {
  host: string;
  port: number;
  /** ACL user (Redis 6+); null for the default user. */
  username: string | null;
  password: string | null;
  /** How messages name the server when host:port is a local SSH forward ("127.0.0.1:6379 on web.example.jp, through SSH"). */
  shownAs?: string;
}

/** "host:port" (IPv6 in brackets), for messages. Never includes credentials. */
export function describeTarget(target: Pick<RedisTarget, 'host' | 'port' | 'shownAs'>): string {
  if (target.shownAs) return target.shownAs;
  const host = target.host.includes(':') && !target.host.startsWith('[') ? `[${target.host}]` : target.host;
  return `${host}:${target.port}`;
}

/** The host as node:net wants it (no brackets around IPv6). */
export function socketHost(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
