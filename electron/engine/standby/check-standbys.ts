/**
 * Reads every standby a config names, the way its source is reached: directly, or — for a source
 * with `"via": "ssh"` — at host:port as the server sees them, through the job's one SSH connection.
 * A MySQL replica is asked with the client program (tools/mysql/replica-status.ts); a Redis replica
 * with INFO, and its primary (the source) with INFO too, for how far behind it is.
 *
 * Whatever goes wrong with one standby makes that one `unreachable` (with why); the others are
 * still read. Passwords come from the keychain and go only into the clients' option file or the
 * Redis login.
 */
import type { Job, KuraConfig, MysqlSource, RedisSource } from '../config/schema.js';
import { hostPort, standbyEntries, type MysqlStandby, type RedisStandby, type StandbyEntry, type StandbyRef } from './standby-refs.js';

export { hostPort, standbyKey, standbyRefs, type MysqlStandby, type RedisStandby, type StandbyRef } from './standby-refs.js';
import { KuraError, toKuraError } from '../errors.js';
import { ServerLink } from '../jobs/server-link.js';
import type { Logger } from '../progress.js';
import { requireSecret, type SecretStore } from '../secrets/secret-store.js';
import { detectMysqlClient, type MysqlClient } from '../tools/mysql/index.js';
import { monitorPrivilege, readReplicaStatus, type ReplicaStatus } from '../tools/mysql/replica-status.js';
import { findReplicaEntry, readRedisPrimary, readRedisReplica, type RedisPrimaryInfo, type RedisReplicaInfo } from '../tools/redis/replica-info.js';
import { msg } from '../../shared/messages/index.js';
import type { ToolResolver } from '../tools/resolve-tool.js';
import { pausedByKura } from './dump-from-standby.js';
import { mysqlReading, redisReading, unreachableReading, type StandbyReading } from './standby-state.js';

export interface StandbyCheck extends StandbyRef, StandbyReading {
  checkedAt: string;
}

export interface StandbyCheckDeps {
  home: string;
  secrets: SecretStore;
  tools: () => Promise<ToolResolver>;
  now: () => Date;
  signal?: AbortSignal;
  /** Per standby (login and query). Default 15 s for MySQL, 8 s for Redis. */
  timeoutMs?: number;
  logger?: Logger;
}

/** Reads every standby of the config (or of some jobs), one SSH connection per job at most. */
export async function checkStandbys(deps: StandbyCheckDeps, config: KuraConfig, jobIds?: readonly string[]): Promise<StandbyCheck[]> {
  const entries = standbyEntries(config, jobIds);
  const byJob = new Map<string, StandbyEntry[]>();
  for (const e of entries) byJob.set(e.job.id, [...(byJob.get(e.job.id) ?? []), e]);
  const out: StandbyCheck[] = [];
  for (const list of byJob.values()) {
    const job = list[0]!.job;
    const secret = async (ref: string | undefined) => (ref ? requireSecret(deps.secrets, ref) : null);
    const link = new ServerLink({ home: deps.home, jobId: job.id, ssh: job.ssh, secret, signal: deps.signal, logger: deps.logger });
    let client: Promise<MysqlClient> | null = null;
    try {
      for (const e of list) {
        let reading: StandbyReading;
        try {
          switch (e.kind) {
            case 'mysql':
              client ??= deps.tools().then((t) => detectMysqlClient(t, deps.signal));
              reading = await readMysqlStandby(e.ref.key, link, await client, e.source, e.standby, secret, deps);
              break;
            case 'redis':
              reading = await readRedisStandby(link, e.source, e.standby, secret, deps);
              break;
          }
        } catch (err) {
          if (deps.signal?.aborted) throw toKuraError(deps.signal.reason ?? err);
          reading = unreachableReading(err, e.ref.standby, e.kind === 'mysql' ? monitorGrant(e.standby.user, null) : null);
        }
        out.push({ ...e.ref, ...reading, checkedAt: deps.now().toISOString() });
      }
    } finally {
      await link.close().catch(() => {});
    }
  }
  return out;
}

/** One MySQL standby as the wizard has it (not saved yet), with the job's SSH connection if any. */
export async function checkOneStandby(
  deps: StandbyCheckDeps,
  job: Pick<Job, 'id' | 'name' | 'ssh'>,
  source: MysqlSource | RedisSource,
  standby: MysqlStandby | RedisStandby,
): Promise<StandbyCheck> {
  const config = { version: 1, jobs: [{ ...job, destination: { path: '/' }, sources: [{ ...source, standbys: [standby] }] }] } as unknown as KuraConfig;
  const [one] = await checkStandbys(deps, config);
  if (!one) throw new KuraError({ code: 'internal~no-standby', params: {}, category: 'internal' });
  return one;
}

async function readMysqlStandby(
  key: string,
  link: ServerLink,
  client: MysqlClient,
  source: MysqlSource,
  sb: MysqlStandby,
  secret: (ref: string | undefined) => Promise<string | null>,
  deps: StandbyCheckDeps,
): Promise<StandbyReading> {
  const password = await secret(sb.passwordRef);
  const shown = hostPort(sb.host, sb.port);
  let status: ReplicaStatus | null = null;
  try {
    status = await link.withEndpoint({ via: source.via, host: sb.host, port: sb.port }, 'MySQL', (e) =>
      readReplicaStatus(client, { host: e.host, port: e.port, user: sb.user, password, shownAs: e.shownAs }, { signal: deps.signal, timeoutMs: deps.timeoutMs, logger: deps.logger }),
    );
  } catch (err) {
    return unreachableReading(err, shown, monitorGrant(sb.user, null));
  }
  const reading = mysqlReading(status, shown, sb.maxLagSeconds);
  // Its SQL thread stopped by Kura itself for a dump from this standby: expected, and short.
  if (reading.reason?.code === 'standby-sql-stopped') {
    const paused = await pausedByKura(deps.home, key);
    if (paused) return { ...reading, state: 'in-sync', reason: msg('standby-paused-for-dump', { since: paused.since }) };
  }
  return reading;
}

/** The GRANT the monitoring account needs (the flavour's own privilege when it is known). */
export function monitorGrant(user: string, status: Pick<ReplicaStatus, 'flavour' | 'serverVersion'> | null): string {
  const privilege = status ? monitorPrivilege(status.flavour, status.serverVersion) : 'REPLICATION CLIENT';
  return `GRANT ${privilege} ON *.* TO '${user.replace(/'/g, "''")}'@'%';`;
}

async function readRedisStandby(
  link: ServerLink,
  source: RedisSource,
  sb: RedisStandby,
  secret: (ref: string | undefined) => Promise<string | null>,
  deps: StandbyCheckDeps,
): Promise<StandbyReading> {
  const shown = hostPort(sb.host, sb.port);
  const timeoutMs = deps.timeoutMs ?? 8000;
  const readPrimary = async (): Promise<RedisPrimaryInfo> => {
    const primaryPassword = await secret(source.passwordRef);
    return link.withEndpoint(source, 'Redis', (e) =>
      readRedisPrimary({ host: e.host, port: e.port, username: source.username ?? null, password: primaryPassword, shownAs: e.shownAs }, { signal: deps.signal, timeoutMs }),
    );
  };
  const replicaPassword = await secret(sb.passwordRef);
  let replica: RedisReplicaInfo;
  try {
    replica = await link.withEndpoint({ via: source.via, host: sb.host, port: sb.port }, 'Redis', (e) =>
      readRedisReplica({ host: e.host, port: e.port, username: sb.username ?? sb.user ?? null, password: replicaPassword, shownAs: e.shownAs }, { signal: deps.signal, timeoutMs }),
    );
  } catch (err) {
    // A replica too busy (or paused) to answer Kura may still be connected to its primary, falling
    // behind: the primary's own count of the seconds since its last acknowledgement says so.
    const entry = await readPrimary()
      .then((p) => findReplicaEntry(p, sb.host, sb.port))
      .catch(() => null);
    if (entry && entry.state === 'online' && entry.lag > sb.maxLagSeconds) {
      return { state: 'lagging', secondsBehind: entry.lag, reason: msg('standby-behind', { seconds: entry.lag, limit: sb.maxLagSeconds }), replicaError: null, position: null };
    }
    throw err;
  }
  // The primary's view only adds how far behind it is: without it, the replica's own word stands.
  let primary: RedisPrimaryInfo | null = null;
  if (replica.role === 'slave' && replica.linkUp) {
    try {
      primary = await readPrimary();
    } catch (err) {
      deps.logger?.log('debug', `Redis primary ${source.host}:${source.port} not read for the lag of ${shown}: ${toKuraError(err).message}`);
    }
  }
  return redisReading(replica, primary, { host: sb.host, port: sb.port, shown, primary: hostPort(source.host, source.port) }, sb.maxLagSeconds);
}
