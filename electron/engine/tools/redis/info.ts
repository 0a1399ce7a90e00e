/**
 * Reading `INFO` replies and the "Test connection" summary of a Redis server.
 *
 * INFO is plain "field:value" lines grouped under "# Section" headers. Keys per database come from
 * the keyspace section ("db0:keys=12,expires=3,avg_ttl=0"), which is also what Kura compares with
 * the RDB it fetched.
 */
import type { Logger } from '../../progress.js';
import { connectRedis, type RespClientOptions } from './resp-client.js';
import type { RedisTarget } from './redis-target.js';
import { respText, type RespValue } from './resp-parser.js';
import type { RespClient } from './resp-client.js';
import { redisProtocolError } from './redis-errors.js';

/** Parses INFO text into a flat field → value map (section headers and blank lines skipped). */
export function parseInfo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    if (raw === '' || raw.startsWith('#')) continue;
    const idx = raw.indexOf(':');
    if (idx > 0) out.set(raw.slice(0, idx), raw.slice(idx + 1));
  }
  return out;
}

/** Keys per database from INFO keyspace fields: { "0": 12, "3": 1 }. Empty databases are absent. */
export function keyspaceFromInfo(info: Map<string, string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [field, value] of info) {
    const m = /^db(\d+)$/.exec(field);
    if (!m) continue;
    const keys = /(?:^|,)keys=(\d+)/.exec(value);
    if (keys) out[m[1]!] = Number(keys[1]);
  }
  return out;
}

/** Runs `INFO [section]` and parses it; an error reply becomes a KuraError. */
export async function fetchInfo(client: RespClient, section?: string): Promise<Map<string, string>> {
  const reply = await client.call(...(section ? ['INFO', section] : ['INFO']));
  const text = respText(reply);
  if (text === null) throw redisProtocolError(`INFO returned ${reply.kind}`, client.target);
  return parseInfo(text);
}

export interface RedisServerInfo {
  version: string;
  keysPerDb: Record<string, number>;
  /** "master" or "slave" (Redis' own word for a replica). */
  role: string;
  /**
   * Whether this login may use the `sync` method: true/false when the server could tell (command
   * present and ACL DRYRUN says allowed), null when it could not be determined (older Redis, or the
   * user may not ask).
   */
  syncAllowed: boolean | null;
}

/** For the "Test connection" button: logs in and reports what Kura will be working with. */
export async function redisInfo(target: RedisTarget, signal?: AbortSignal, logger?: Logger, timeouts: Pick<RespClientOptions, 'connectTimeoutMs' | 'replyTimeoutMs'> = {}): Promise<RedisServerInfo> {
  const client = await connectRedis(target, { signal, logger, ...timeouts });
  try {
    const info = await fetchInfo(client);
    return {
      version: info.get('redis_version') ?? 'unknown',
      keysPerDb: keyspaceFromInfo(info),
      role: info.get('role') ?? 'unknown',
      syncAllowed: await probeSyncAllowed(client),
    };
  } finally {
    await client.close();
  }
}

/**
 * Asks the server, without starting a replication, whether this user may run PSYNC: the command
 * must exist (managed services rename it away) and ACL DRYRUN (Redis 7+) must allow it.
 */
async function probeSyncAllowed(client: RespClient): Promise<boolean | null> {
  const cmdInfo = await client.command('COMMAND', 'INFO', 'psync', 'sync');
  if (cmdInfo.kind === 'array' && cmdInfo.items.every((i) => i.kind === 'null')) return false;
  const who = await client.command('ACL', 'WHOAMI');
  const user = respText(who);
  if (who.kind === 'error' || user === null) return null;
  const dry = await client.command('ACL', 'DRYRUN', user, 'psync', '?', '-1');
  return dryRunAllowed(dry);
}

function dryRunAllowed(reply: RespValue): boolean | null {
  switch (reply.kind) {
    case 'simple':
      return reply.value === 'OK';
    case 'bulk':
      // DRYRUN answers OK, or a bulk string explaining the denial.
      return reply.value.toString('utf8') === 'OK';
    case 'error':
    case 'integer':
    case 'array':
    case 'null':
      return null;
  }
}
