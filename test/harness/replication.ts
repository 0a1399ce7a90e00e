/**
 * Hot standbys for the tests: a real MariaDB primary (binary log on) with a real replica
 * (`CHANGE MASTER TO … ; START SLAVE`), and a real Redis primary with a replica (`REPLICAOF`, the
 * password given over the wire with CONFIG SET masterauth, never on disk). Both on loopback, started
 * and stopped by PID like every harness server, and broken the real ways:
 *   - MariaDB: the SQL thread stopped, a duplicate-key failure (a row written on the replica, then
 *     the same key on the primary), the primary killed, a global read lock held on the replica
 *     while the primary writes (the SQL thread waits: real lag), the replica paused (SIGSTOP) or
 *     killed;
 *   - Redis: the primary killed, the replica promoted (REPLICAOF NO ONE), the replica paused.
 */
import { runProcess, startProcess, type RunningProcess } from '../../electron/engine/process/run-process.js';
import { startMariaDb, sqlString, type MariaDbServer } from './mariadb.js';
import { startRedis, type RedisServer } from './redis.js';

export const REPL_USER = 'kura_repl';
export const MONITOR_USER = 'kura_monitor';

export interface MariaDbPair {
  primary: MariaDbServer;
  replica: MariaDbServer;
  /** The replica's monitoring account (SLAVE MONITOR only) and its password. */
  monitor: { user: string; password: string };
  /** Waits until the replica has applied everything the primary has written. */
  waitInSync(timeoutMs?: number): Promise<void>;
  /** The primary's current binary log position ("mysql-bin.000001", 1234). */
  primaryPosition(): Promise<{ file: string; pos: number }>;
  /** Where the replica started replicating: everything after it in the primary's binary log is the test's data. */
  startPosition: { file: string; pos: number };
  /** A replica session holding FLUSH TABLES WITH READ LOCK until `release()`: the SQL thread waits on it. */
  holdReadLock(): Promise<{ release(): Promise<void> }>;
  pauseReplica(): void;
  resumeReplica(): void;
  killPrimary(): Promise<void>;
  stop(): Promise<void>;
}

export async function startMariaDbPair(): Promise<MariaDbPair> {
  const [primary, replica] = await Promise.all([
    startMariaDb({ serverOptions: ['--log-bin=mysql-bin', '--server-id=1', '--binlog-format=ROW'] }),
    startMariaDb({ serverOptions: ['--server-id=2', '--relay-log=relay-bin', '--skip-slave-start'] }),
  ]);
  const replPassword = 'repl-secret-1';
  const monitor = { user: MONITOR_USER, password: 'monitor pw \'"; 監視' };
  await primary.sql(`CREATE USER '${REPL_USER}'@'%' IDENTIFIED BY ${sqlString(replPassword)}; GRANT REPLICATION SLAVE ON *.* TO '${REPL_USER}'@'%';`);
  const primaryPosition = async () => {
    const [file, pos] = (await primary.sql('SHOW MASTER STATUS')).trim().split('\t');
    return { file: file!, pos: Number(pos) };
  };
  const start = await primaryPosition();
  await replica.sql(
    `CREATE USER '${MONITOR_USER}'@'%' IDENTIFIED BY ${sqlString(monitor.password)}; GRANT SLAVE MONITOR ON *.* TO '${MONITOR_USER}'@'%';\n` +
      `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${primary.port}, MASTER_USER='${REPL_USER}', MASTER_PASSWORD=${sqlString(replPassword)}, ` +
      `MASTER_LOG_FILE=${sqlString(start.file)}, MASTER_LOG_POS=${start.pos}, MASTER_CONNECT_RETRY=1; START SLAVE;`,
  );
  const held = new Set<RunningProcess>();
  const pair: MariaDbPair = {
    primary,
    replica,
    monitor,
    primaryPosition,
    startPosition: start,
    async waitInSync(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const want = await primaryPosition();
        const row = await slaveStatus(replica);
        const field = (name: string) => row[name] ?? '';
        if (field('Slave_SQL_Running') === 'Yes' && field('Relay_Master_Log_File') === want.file && Number(field('Exec_Master_Log_Pos')) >= want.pos) return;
        if (Date.now() > deadline) throw new Error(`replica not in sync: want ${want.file}:${want.pos}\n${JSON.stringify(row)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async holdReadLock() {
      let locked: () => void = () => {};
      const ready = new Promise<void>((r) => (locked = r));
      const proc = startProcess(
        { file: 'mariadb', args: ['--no-defaults', '--user=root', `--socket=${replica.socket}`, '--batch', '--skip-column-names', '--unbuffered'] },
        { stdin: 'pipe', stdout: 'lines', onStdoutLine: (l) => (l.trim() === 'kura-locked' ? locked() : undefined) },
      );
      held.add(proc);
      proc.stdin!.write("FLUSH TABLES WITH READ LOCK;\nSELECT 'kura-locked';\n");
      await Promise.race([ready, new Promise((_, reject) => setTimeout(() => reject(new Error('the read lock was not taken')), 10_000))]);
      return {
        async release() {
          proc.stdin!.end('UNLOCK TABLES;\n');
          await proc.result.catch(() => {});
          held.delete(proc);
        },
      };
    },
    pauseReplica() {
      process.kill(replica.pid, 'SIGSTOP');
    },
    resumeReplica() {
      process.kill(replica.pid, 'SIGCONT');
    },
    async killPrimary() {
      try {
        process.kill(primary.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
      await new Promise((r) => setTimeout(r, 100));
    },
    async stop() {
      for (const p of held) p.kill('SIGKILL');
      try {
        process.kill(replica.pid, 'SIGCONT');
      } catch {
        /* gone */
      }
      await Promise.all([primary.stop(), replica.stop()]);
    },
  };
  return pair;
}

/** SHOW SLAVE STATUS of a harness server, by column name. */
export async function slaveStatus(server: MariaDbServer): Promise<Record<string, string>> {
  const r = await runProcess({ file: 'mariadb', args: ['--no-defaults', '--user=root', `--socket=${server.socket}`, '--batch'] }, { input: 'SHOW SLAVE STATUS;\n' });
  if (r.exitCode !== 0) throw new Error(r.stderr);
  const [head, row] = r.stdout.split('\n');
  const names = (head ?? '').split('\t');
  const values = (row ?? '').split('\t');
  return Object.fromEntries(names.map((n, i) => [n, values[i] ?? '']));
}

export interface RedisPair {
  primary: RedisServer;
  replica: RedisServer;
  waitInSync(timeoutMs?: number): Promise<void>;
  pauseReplica(): void;
  resumeReplica(): void;
  stop(): Promise<void>;
}

export async function startRedisPair(password = 'redis pw 秘密'): Promise<RedisPair> {
  const [primary, replica] = await Promise.all([startRedis({ password }), startRedis({ password })]);
  const c = await replica.client();
  try {
    await c.call('CONFIG', 'SET', 'masterauth', password);
    await c.call('REPLICAOF', '127.0.0.1', String(primary.port));
  } finally {
    await c.close();
  }
  const info = async (server: RedisServer): Promise<Map<string, string>> => {
    const cl = await server.client();
    try {
      const r = await cl.call('INFO', 'replication');
      const text = r.kind === 'bulk' ? r.value.toString('utf8') : '';
      return new Map(text.split(/\r?\n/).filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)] as [string, string]));
    } finally {
      await cl.close();
    }
  };
  const pair: RedisPair = {
    primary,
    replica,
    async waitInSync(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const [p, r] = await Promise.all([info(primary), info(replica)]);
        if (r.get('master_link_status') === 'up' && r.get('master_sync_in_progress') === '0' && r.get('slave_repl_offset') === p.get('master_repl_offset')) return;
        if (Date.now() > deadline) throw new Error(`Redis replica not in sync: ${JSON.stringify([...r])}`);
        await new Promise((res) => setTimeout(res, 50));
      }
    },
    pauseReplica() {
      process.kill(replica.pid, 'SIGSTOP');
    },
    resumeReplica() {
      process.kill(replica.pid, 'SIGCONT');
    },
    async stop() {
      try {
        process.kill(replica.pid, 'SIGCONT');
      } catch {
        /* gone */
      }
      await Promise.all([primary.kill(), replica.kill()]);
    },
  };
  await pair.waitInSync();
  return pair;
}
