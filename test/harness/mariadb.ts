/**
 * A throw-away MariaDB server for integration tests: `mariadb-install-db` into a temp datadir, then
 * `mariadbd --no-defaults` on 127.0.0.1:<free port> plus a Unix socket, running as root.
 *
 * Tuned for start-up speed and a small footprint, since several tests start their own servers on a
 * two-core machine: tiny buffer pool and redo log, no performance schema, no binlog, no fsync of
 * the redo log per commit, no name resolution. Typical start (install + boot): well under a second.
 * utf8mb4 is the server default so Japanese text and emoji round-trip in tests.
 */
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type RunningProcess, runProcess, startProcess } from '../../electron/engine/process/run-process.js';
import { freePort, type ServerNetwork } from './ports.js';
import { stopPid, tempDir } from './tmp.js';

export interface MariaDbServer {
  port: number;
  socket: string;
  pid: number;
  datadir: string;
  /** Runs SQL (one or more statements) as root over the socket; returns the tab-separated rows. Throws on error. */
  sql(statement: string, db?: string): Promise<string>;
  stop(): Promise<void>;
}

const SERVER_OPTIONS = [
  '--innodb-buffer-pool-size=16M',
  '--innodb-log-file-size=4M',
  '--innodb-log-buffer-size=1M',
  '--innodb-temp-data-file-path=ibtmp1:1M:autoextend',
  '--innodb-flush-log-at-trx-commit=0',
  '--innodb-doublewrite=0',
  '--skip-innodb-adaptive-hash-index',
  '--performance-schema=OFF',
  '--skip-log-bin',
  '--skip-name-resolve',
  '--loose-feedback=OFF',
  '--key-buffer-size=1M',
  '--max-connections=40',
  '--character-set-server=utf8mb4',
  '--collation-server=utf8mb4_unicode_ci',
];

/** Servers still running in this process: killed if the test process exits without stop(). */
const running = new Set<number>();
let exitHookInstalled = false;

export interface StartMariaDbOptions {
  /** Extra server options, after the defaults (so they win), e.g. `--max-allowed-packet=64M`. */
  serverOptions?: readonly string[];
  /** Run inside a shop world's namespace (bound to its 127.0.0.1 on a fixed port) instead of this machine's loopback. */
  network?: ServerNetwork;
}

/** Kept for the tests written against the earlier name. */
export type MariaDbOptions = StartMariaDbOptions;

export async function startMariaDb(opts: StartMariaDbOptions = {}): Promise<MariaDbServer> {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const pid of running) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    });
  }
  const dir = await tempDir('kura-mariadb-');
  const datadir = join(dir.path, 'data');
  const socket = join(dir.path, 'mysqld.sock');
  const errorLog = join(dir.path, 'error.log');
  // A private tmpdir: bootstraps running side by side in the shared /tmp can trip over each other's
  // temporary tables ("Could not remove temporary table '/tmp/#sql-temptable-…'").
  const tmp = join(dir.path, 'tmp');
  await mkdir(tmp, { recursive: true });

  const install = await runProcess({
    file: 'mariadb-install-db',
    args: [
      '--no-defaults',
      `--datadir=${datadir}`,
      '--user=root',
      '--auth-root-authentication-method=socket',
      '--skip-test-db',
      '--skip-name-resolve',
      `--tmpdir=${tmp}`,
      ...SERVER_OPTIONS,
    ],
  });
  if (install.exitCode !== 0) {
    await dir.cleanup();
    throw new Error(`mariadb-install-db failed (exit ${install.exitCode}):\n${install.stderr}\n${install.stdout}`);
  }

  const sql = async (statement: string, db?: string): Promise<string> => {
    const r = await runProcess(
      {
        file: 'mariadb',
        args: [
          '--no-defaults',
          '--user=root',
          `--socket=${socket}`,
          '--default-character-set=utf8mb4',
          '--batch',
          '--skip-column-names',
          ...(db === undefined ? [] : [`--database=${db}`]),
        ],
      },
      { input: statement },
    );
    if (r.exitCode !== 0) throw new Error(`SQL failed (exit ${r.exitCode}): ${r.stderr}\n${statement}`);
    return r.stdout;
  };

  let lastError = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = opts.network?.port ?? (await freePort());
    const argv = [
      '--no-defaults',
      '--user=root',
      `--datadir=${datadir}`,
      '--bind-address=127.0.0.1',
      `--port=${port}`,
      `--socket=${socket}`,
      `--pid-file=${join(dir.path, 'mysqld.pid')}`,
      `--log-error=${errorLog}`,
      `--tmpdir=${tmp}`,
      ...SERVER_OPTIONS,
      ...(opts.serverOptions ?? []),
    ];
    const cmd = opts.network ? opts.network.wrap('mariadbd', argv) : { file: 'mariadbd', args: argv };
    const proc = startProcess(cmd, { stdout: 'ignore' });
    const pid = proc.pid;
    if (pid === undefined) throw new Error('mariadbd did not start');
    running.add(pid);
    const ready = await waitReady(proc, socket, sql, 30_000);
    if (ready.ok) {
      return {
        port,
        socket,
        pid,
        datadir,
        sql,
        async stop() {
          await stopPid(pid, 15_000);
          await proc.result.catch(() => {});
          running.delete(pid);
          await dir.cleanup();
        },
      };
    }
    lastError = ready.reason;
    await stopPid(pid, 2000);
    await proc.result.catch(() => {});
    running.delete(pid);
    // Another test may have taken the port between freePort() and bind(): try a new one.
    if (!/address already in use|bind on TCP\/IP port/i.test(lastError)) break;
  }
  await dir.cleanup();
  throw new Error(`mariadbd did not become ready: ${lastError}`);
}

async function waitReady(
  proc: RunningProcess,
  socket: string,
  sql: (s: string) => Promise<string>,
  timeoutMs: number,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  let exited = false;
  let exitInfo = '';
  void proc.result.then(
    (r) => {
      exited = true;
      exitInfo = `exit ${r.exitCode ?? r.signal}: ${r.stderr}`;
    },
    (e: unknown) => {
      exited = true;
      exitInfo = String(e);
    },
  );
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) return { ok: false, reason: `mariadbd exited (${exitInfo})` };
    if (await exists(socket)) {
      try {
        await sql('SELECT 1');
        return { ok: true };
      } catch {
        /* not accepting yet */
      }
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return { ok: false, reason: `not ready after ${timeoutMs} ms` };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

export interface BackupUserOptions {
  user: string;
  password: string;
  database: string;
  /** Defaults to what a Kura backup needs: SELECT, SHOW VIEW, TRIGGER, EVENT, LOCK TABLES. */
  privileges?: readonly string[];
  /** Account host pattern; '%' matches the tests' 127.0.0.1 connections (skip-name-resolve). */
  host?: string;
}

export const BACKUP_PRIVILEGES = ['SELECT', 'SHOW VIEW', 'TRIGGER', 'EVENT', 'LOCK TABLES'] as const;

/** Creates (or re-creates) a user with exactly the given privileges on one database. */
export async function createBackupUser(server: MariaDbServer, options: BackupUserOptions): Promise<void> {
  const account = `${sqlString(options.user)}@${sqlString(options.host ?? '%')}`;
  const privileges = options.privileges ?? BACKUP_PRIVILEGES;
  const statements = [`DROP USER IF EXISTS ${account};`, `CREATE USER ${account} IDENTIFIED BY ${sqlString(options.password)};`];
  if (privileges.length > 0) {
    statements.push(`GRANT ${privileges.join(', ')} ON \`${options.database.replace(/`/g, '``')}\`.* TO ${account};`);
  }
  await server.sql(statements.join('\n'));
}

/** A SQL string literal for the test server (default sql_mode: backslash escapes apply). */
export function sqlString(value: string): string {
  return "'" + value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t') + "'";
}
