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
}

/** "host:port" (IPv6 in brackets), for messages. Never includes credentials. */
export function describeTarget(target: Pick<RedisTarget, 'host' | 'port'>): string {
  const host = target.host.includes(':') && !target.host.startsWith('[') ? `[${target.host}]` : target.host;
  return `${host}:${target.port}`;
}

/** The host as node:net wants it (no brackets around IPv6). */
export function socketHost(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}
