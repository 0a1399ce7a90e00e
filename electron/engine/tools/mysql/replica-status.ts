/**
 * Reading a MySQL/MariaDB replica's own account of its replication, the way each server wants to be
 * asked:
 *   - MariaDB: `SHOW ALL SLAVES STATUS` (every connection of a multi-source replica, 10.0 and later);
 *   - MySQL 8.0.22 and later: `SHOW REPLICA STATUS` (columns `Replica_*`, `Source_*`; the old
 *     `SHOW SLAVE STATUS` is gone in 8.4);
 *   - older MySQL: `SHOW SLAVE STATUS` (columns `Slave_*`, `Master_*`).
 * The server version is asked first (one more client run) and remembered per host:port.
 *
 * Columns are read by name (the output keeps its header line), under both spellings, so the
 * classification (engine/standby/) sees one shape for every server. The same statements give the
 * position a dump from the standby records: the primary's binary log file and position the replica
 * has executed up to (`Relay_Master_Log_File`/`Exec_Master_Log_Pos`), and its GTID position.
 *
 * Nothing waits forever: the client's connect timeout is set, and the whole query is cut off after
 * `timeoutMs` (a paused server accepts the TCP connection and then never answers).
 */
import { basename } from 'node:path';
import { KuraError, throwIfCancelled } from '../../errors.js';
import { runProcess } from '../../process/run-process.js';
import type { Logger } from '../../progress.js';
import { withDefaultsFile } from './defaults-file.js';
import { mysqlFailureToError } from './errors.js';
import { flavourOfServerVersion, parseBatchOutput } from './queries.js';
import { compareVersions } from './detect-client.js';
import type { MysqlClient, MysqlFlavour, MysqlTarget } from './types.js';

/** One replication channel (MariaDB: a connection) as the replica reports it. */
export interface ReplicaChannel {
  /** '' for the default channel. */
  name: string;
  /** 'Yes', 'No' or 'Connecting' (the server's words). */
  ioRunning: string;
  sqlRunning: string;
  /** null when the server does not know (a thread stopped, or reconnecting). */
  secondsBehind: number | null;
  lastIoErrno: number;
  lastIoError: string;
  lastSqlErrno: number;
  lastSqlError: string;
  /** The primary as the replica connects to it. */
  primary: string;
  /** The primary's binary log coordinates the replica has applied up to. */
  position: { file: string; pos: number } | null;
  /** MariaDB's Gtid_Slave_Pos or MySQL's Executed_Gtid_Set ('' when GTIDs are not used). */
  gtid: string;
}

export interface ReplicaStatus {
  flavour: MysqlFlavour;
  serverVersion: string;
  /** The statement that was used, e.g. "SHOW ALL SLAVES STATUS". */
  statement: string;
  /** How this server spells its replication statements: START SLAVE … or START REPLICA …. */
  words: 'slave' | 'replica';
  channels: ReplicaChannel[];
}

export interface ReplicaQueryOptions {
  signal?: AbortSignal;
  logger?: Logger;
  /** The whole query, login included. Default 15 s. */
  timeoutMs?: number;
}

const versions = new Map<string, { version: string; comment: string }>();

/** The statement a server of this flavour and version answers, and how it names replication. */
export function replicaStatusStatement(flavour: MysqlFlavour, version: string): { statement: string; words: 'slave' | 'replica' } {
  if (flavour === 'mariadb') return { statement: 'SHOW ALL SLAVES STATUS', words: compareVersions(numeric(version), '10.5.1') >= 0 ? 'replica' : 'slave' };
  return compareVersions(numeric(version), '8.0.22') >= 0 ? { statement: 'SHOW REPLICA STATUS', words: 'replica' } : { statement: 'SHOW SLAVE STATUS', words: 'slave' };
}

/** The privilege that lets an account read the replica state (the least one the server knows). */
export function monitorPrivilege(flavour: MysqlFlavour, version: string): string {
  if (flavour === 'mariadb' && compareVersions(numeric(version), '10.5.9') >= 0) return 'SLAVE MONITOR';
  if (flavour === 'mariadb' && compareVersions(numeric(version), '10.5.2') >= 0) return 'REPLICATION SLAVE ADMIN';
  return 'REPLICATION CLIENT';
}

/** The privilege that lets an account stop and start the replica's SQL thread. */
export function replicaAdminPrivilege(flavour: MysqlFlavour, version: string): string {
  if (flavour === 'mariadb') return compareVersions(numeric(version), '10.5.2') >= 0 ? 'REPLICATION SLAVE ADMIN' : 'SUPER';
  return compareVersions(numeric(version), '8.0.0') >= 0 ? 'REPLICATION_SLAVE_ADMIN' : 'SUPER';
}

function numeric(version: string): string {
  return /^\d+(?:\.\d+)*/.exec(version)?.[0] ?? '0';
}

/** Reads the replica's state (and its version, remembered per server). */
export async function readReplicaStatus(client: MysqlClient, target: MysqlTarget, options: ReplicaQueryOptions = {}): Promise<ReplicaStatus> {
  const key = `${target.host}:${target.port}`;
  let v = versions.get(key);
  if (!v) {
    const rows = await replicaQuery(client, target, 'SELECT VERSION(), @@version_comment;\n', options);
    v = { version: rows[1]?.[0] ?? '', comment: rows[1]?.[1] ?? '' };
    versions.set(key, v);
  }
  const flavour = flavourOfServerVersion(v.version, v.comment);
  const { statement, words } = replicaStatusStatement(flavour, v.version);
  let rows: string[][];
  try {
    rows = await replicaQuery(client, target, `${statement};\n`, options);
  } catch (err) {
    versions.delete(key);
    throw err;
  }
  return { flavour, serverVersion: v.version, statement, words, channels: parseReplicaRows(rows) };
}

/** Header row + data rows (the client's batch output with column names) → channels. */
export function parseReplicaRows(rows: readonly string[][]): ReplicaChannel[] {
  const [header, ...data] = rows;
  if (!header) return [];
  return data.map((row) => {
    const col = (...names: string[]): string | null => {
      for (const n of names) {
        const i = header.indexOf(n);
        if (i >= 0) {
          const value = row[i];
          return value === undefined || value === 'NULL' ? null : value;
        }
      }
      return null;
    };
    const num = (...names: string[]): number | null => {
      const s = col(...names);
      return s === null || !/^\d+$/.test(s) ? null : Number(s);
    };
    const host = col('Source_Host', 'Master_Host') ?? '';
    const port = col('Source_Port', 'Master_Port');
    const file = col('Relay_Source_Log_File', 'Relay_Master_Log_File');
    const pos = num('Exec_Source_Log_Pos', 'Exec_Master_Log_Pos');
    return {
      name: col('Connection_name', 'Channel_Name', 'Channel_name') ?? '',
      ioRunning: col('Replica_IO_Running', 'Slave_IO_Running') ?? 'No',
      sqlRunning: col('Replica_SQL_Running', 'Slave_SQL_Running') ?? 'No',
      secondsBehind: num('Seconds_Behind_Source', 'Seconds_Behind_Master'),
      lastIoErrno: num('Last_IO_Errno') ?? 0,
      lastIoError: col('Last_IO_Error') ?? '',
      lastSqlErrno: num('Last_SQL_Errno') ?? 0,
      lastSqlError: col('Last_SQL_Error') ?? '',
      primary: port ? `${host}:${port}` : host,
      position: file && pos !== null ? { file, pos } : null,
      gtid: col('Gtid_Slave_Pos', 'Executed_Gtid_Set') ?? '',
    };
  });
}

/** Runs SQL on the replica with the column names kept; errors mapped like every other query. */
export async function replicaQuery(client: MysqlClient, target: MysqlTarget, sql: string, options: ReplicaQueryOptions = {}): Promise<string[][]> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  return withDefaultsFile(target, async (file) => {
    throwIfCancelled(options.signal);
    const r = await runProcess(
      {
        file: client.clientPath,
        args: [`--defaults-extra-file=${file}`, '--batch', '--default-character-set=utf8mb4', `--connect-timeout=${Math.max(1, Math.ceil(timeoutMs / 1000))}`],
        secrets: [target.password ?? undefined],
      },
      { input: sql, signal, logger: options.logger },
    );
    throwIfCancelled(options.signal);
    if (r.cancelled && timeout.aborted) {
      throw new KuraError({ code: 'standby-timeout', params: { standby: target.shownAs ?? `${target.host}:${target.port}`, seconds: Math.round(timeoutMs / 1000) }, category: 'network' });
    }
    if (r.exitCode !== 0) throw mysqlFailureToError({ tool: basename(client.clientPath), exitCode: r.exitCode, signal: r.signal, stderr: r.stderr, target });
    return parseBatchOutput(r.stdout);
  });
}
