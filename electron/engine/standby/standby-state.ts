/**
 * What a standby (a replica of a MySQL/MariaDB or Redis source) is doing, in four words the
 * dashboard, the tray, `kura status --json` and the alerts share:
 *   - `in-sync`: replicating, no further behind than its limit;
 *   - `lagging`: replicating, but further behind than its limit (`maxLagSeconds`);
 *   - `broken`: not replicating — a thread stopped, an error (a duplicate key), the link to the
 *     primary down, or not a replica at all;
 *   - `unreachable`: Kura cannot read it (down, paused, firewalled, or the login is refused).
 * Pure functions from what the server said to that word, with the reason as a catalogued message
 * and the replica's own error text as a fact.
 */
import { msg, type MessageData, nestedMessage } from '../../shared/messages/index.js';
import { toKuraError, messageOf } from '../errors.js';
import type { ReplicaChannel, ReplicaStatus } from '../tools/mysql/replica-status.js';
import { findReplicaEntry, type RedisPrimaryInfo, type RedisReplicaInfo } from '../tools/redis/replica-info.js';

export type StandbyState = 'in-sync' | 'lagging' | 'broken' | 'unreachable';

/** Worst first: what a list of standbys (or channels) adds up to. */
export const STANDBY_SEVERITY: Record<StandbyState, number> = { 'in-sync': 0, lagging: 1, unreachable: 2, broken: 3 };

/** The primary's binary log coordinates (and GTID position) the replica has applied up to. */
export interface StandbyPosition {
  file: string;
  pos: number;
  gtid: string;
}

export interface StandbyReading {
  state: StandbyState;
  secondsBehind: number | null;
  /** Why it is not in sync (or how far behind), as a message; null when in sync. */
  reason: MessageData | null;
  /** The replica's own error text (Last_SQL_Error…), verbatim, when it gave one. */
  replicaError: string | null;
  position: StandbyPosition | null;
}

function channelReading(ch: ReplicaChannel, status: ReplicaStatus, maxLag: number): StandbyReading {
  const w = status.words === 'replica' ? 'REPLICA' : 'SLAVE';
  const named = ch.name ? ` '${ch.name.replace(/'/g, "''")}'` : '';
  const position = ch.position ? { ...ch.position, gtid: ch.gtid } : null;
  const broken = (reason: MessageData, replicaError: string | null): StandbyReading => ({ state: 'broken', secondsBehind: ch.secondsBehind, reason, replicaError, position });
  if (ch.lastSqlErrno > 0 || (ch.sqlRunning !== 'Yes' && ch.lastSqlError)) {
    return broken(msg('standby-sql-error', { errno: ch.lastSqlErrno, error: ch.lastSqlError, command: `START ${w}${named};` }), ch.lastSqlError || null);
  }
  if (ch.sqlRunning !== 'Yes') return broken(msg('standby-sql-stopped', { command: `START ${w}${named} SQL_THREAD;` }), null);
  if (ch.ioRunning !== 'Yes' && ch.lastIoErrno > 0) {
    return broken(msg('standby-io-error', { primary: ch.primary, errno: ch.lastIoErrno, error: ch.lastIoError }), ch.lastIoError || null);
  }
  if (ch.ioRunning === 'Connecting') return broken(msg('standby-io-connecting', { primary: ch.primary }), null);
  if (ch.ioRunning !== 'Yes') return broken(msg('standby-io-stopped', { primary: ch.primary, command: `START ${w}${named} IO_THREAD;` }), null);
  if (ch.secondsBehind !== null && ch.secondsBehind > maxLag) {
    return { state: 'lagging', secondsBehind: ch.secondsBehind, reason: msg('standby-behind', { seconds: ch.secondsBehind, limit: maxLag }), replicaError: null, position };
  }
  return { state: 'in-sync', secondsBehind: ch.secondsBehind, reason: null, replicaError: null, position };
}

/** A MySQL/MariaDB replica: the worst of its channels (a multi-source replica has several). */
export function mysqlReading(status: ReplicaStatus, standby: string, maxLag: number): StandbyReading {
  if (status.channels.length === 0) {
    const setup = status.flavour === 'mysql' && status.words === 'replica' ? 'CHANGE REPLICATION SOURCE TO …; START REPLICA;' : 'CHANGE MASTER TO …; START SLAVE;';
    return { state: 'broken', secondsBehind: null, reason: msg('standby-not-replica', { standby, command: status.statement, setup }), replicaError: null, position: null };
  }
  const readings = status.channels.map((ch) => channelReading(ch, status, maxLag));
  return readings.reduce((a, b) => (STANDBY_SEVERITY[b.state] > STANDBY_SEVERITY[a.state] ? b : a));
}

/**
 * A Redis replica, with the primary's view of it when Kura could read the primary (how far behind
 * it is: its last acknowledgement, and whether its offset has caught up).
 */
export function redisReading(replica: RedisReplicaInfo, primary: RedisPrimaryInfo | null, standby: { host: string; port: number; shown: string; primary: string }, maxLag: number): StandbyReading {
  const none = { replicaError: null, position: null };
  if (replica.role !== 'slave') {
    const [h, p] = splitHostPort(standby.primary);
    return { state: 'broken', secondsBehind: null, reason: msg('standby-redis-not-replica', { standby: standby.shown, role: replica.role, command: `REPLICAOF ${h} ${p}` }), ...none };
  }
  if (replica.syncing) return { state: 'lagging', secondsBehind: null, reason: msg('standby-redis-syncing', {}), ...none };
  if (!replica.linkUp) {
    return { state: 'broken', secondsBehind: null, reason: msg('standby-redis-link-down', { primary: replica.primary ?? standby.primary, seconds: replica.linkDownSeconds ?? 0 }), ...none };
  }
  // Behind = the primary has bytes this replica has not (its own offset, read just before the
  // primary's); how long = the seconds since its last acknowledgement, as the primary counts them.
  const entry = primary ? findReplicaEntry(primary, standby.host, standby.port) : null;
  let behind: number | null = null;
  if (entry && primary?.offset != null) behind = primary.offset > (replica.offset ?? entry.offset) ? entry.lag : 0;
  if (behind !== null && behind > maxLag) return { state: 'lagging', secondsBehind: behind, reason: msg('standby-behind', { seconds: behind, limit: maxLag }), ...none };
  return { state: 'in-sync', secondsBehind: behind, reason: null, ...none };
}

/** Kura could not read the standby: why, as the error's own message when it is catalogued. */
export function unreachableReading(err: unknown, standby: string, grant: string | null): StandbyReading {
  const e = toKuraError(err);
  const reason: MessageData =
    e.code === 'standby-timeout' && e.catalogued
      ? { code: e.code, params: e.params }
      : e.category === 'network' || grant === null || e.code === 'secret-missing'
        ? msg('standby-unreachable', { standby, reason: nestedMessage(messageOf(e)) })
        : msg('standby-query-failed', { standby, reason: nestedMessage(messageOf(e)), grant });
  return { state: 'unreachable', secondsBehind: null, reason, replicaError: null, position: null };
}

function splitHostPort(s: string): [string, string] {
  const i = s.lastIndexOf(':');
  return i < 0 ? [s, '6379'] : [s.slice(0, i), s.slice(i + 1)];
}
