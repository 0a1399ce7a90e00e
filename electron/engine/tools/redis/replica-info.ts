/**
 * A Redis replica's replication state from `INFO replication`: its role, whether its link to the
 * primary is up (and since when it is down), whether it is still loading its first full copy, and
 * its replication offset. The primary's own `INFO replication` lists its replicas
 * (`slave0:ip=…,port=…,state=online,offset=…,lag=…`), which is how far behind one is: `lag` counts
 * the seconds since its last acknowledgement (replicas acknowledge every second), and its offset
 * against the primary's says whether it has everything.
 *
 * Short timeouts on purpose: a paused or overloaded replica accepts the connection and then does not
 * answer; that is "unreachable", and it must not hold up the watcher.
 */
import { connectRedis } from './resp-client.js';
import { fetchInfo } from './info.js';
import type { RedisTarget } from './redis-target.js';

export interface RedisReplicaInfo {
  /** 'master' or 'slave' (Redis' own words). */
  role: string;
  /** The primary this replica follows ("host:port"), when it is one. */
  primary: string | null;
  linkUp: boolean;
  /** Seconds the link has been down (master_link_down_since_seconds), when it is. */
  linkDownSeconds: number | null;
  /** Loading the first full copy of the primary's data. */
  syncing: boolean;
  /** The replica's replication offset. */
  offset: number | null;
}

export interface RedisPrimaryReplica {
  ip: string;
  port: number;
  state: string;
  offset: number;
  /** Seconds since its last acknowledgement. */
  lag: number;
}

export interface RedisPrimaryInfo {
  offset: number | null;
  replicas: RedisPrimaryReplica[];
}

export interface ReplicaInfoOptions {
  signal?: AbortSignal;
  /** Connecting and each reply. Default 8 s. */
  timeoutMs?: number;
}

async function replicationInfo(target: RedisTarget, options: ReplicaInfoOptions): Promise<Map<string, string>> {
  const timeoutMs = options.timeoutMs ?? 8000;
  const client = await connectRedis(target, { signal: options.signal, connectTimeoutMs: timeoutMs, replyTimeoutMs: timeoutMs });
  try {
    return await fetchInfo(client, 'replication');
  } finally {
    await client.close();
  }
}

const int = (s: string | undefined): number | null => (s !== undefined && /^-?\d+$/.test(s) ? Number(s) : null);

export function parseReplicaInfo(info: ReadonlyMap<string, string>): RedisReplicaInfo {
  const role = info.get('role') ?? 'unknown';
  const host = info.get('master_host');
  const port = info.get('master_port');
  return {
    role,
    primary: host ? `${host}:${port ?? ''}` : null,
    linkUp: info.get('master_link_status') === 'up',
    linkDownSeconds: int(info.get('master_link_down_since_seconds')),
    syncing: info.get('master_sync_in_progress') === '1',
    offset: int(info.get('slave_repl_offset')) ?? int(info.get('master_repl_offset')),
  };
}

export function parsePrimaryInfo(info: ReadonlyMap<string, string>): RedisPrimaryInfo {
  const replicas: RedisPrimaryReplica[] = [];
  for (const [field, value] of info) {
    if (!/^slave\d+$/.test(field)) continue;
    const kv = new Map(value.split(',').map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)] as const));
    replicas.push({
      ip: kv.get('ip') ?? '',
      port: int(kv.get('port')) ?? 0,
      state: kv.get('state') ?? '',
      offset: int(kv.get('offset')) ?? 0,
      lag: int(kv.get('lag')) ?? 0,
    });
  }
  return { offset: int(info.get('master_repl_offset')), replicas };
}

export async function readRedisReplica(target: RedisTarget, options: ReplicaInfoOptions = {}): Promise<RedisReplicaInfo> {
  return parseReplicaInfo(await replicationInfo(target, options));
}

export async function readRedisPrimary(target: RedisTarget, options: ReplicaInfoOptions = {}): Promise<RedisPrimaryInfo> {
  return parsePrimaryInfo(await replicationInfo(target, options));
}

/**
 * The primary's entry for a replica: by port, and by address when several share the port. The
 * primary sees the replica's own address, which may be spelled differently from the one Kura uses.
 */
export function findReplicaEntry(primary: RedisPrimaryInfo, host: string, port: number): RedisPrimaryReplica | null {
  const byPort = primary.replicas.filter((r) => r.port === port);
  if (byPort.length <= 1) return byPort[0] ?? null;
  return byPort.find((r) => r.ip === host) ?? null;
}
