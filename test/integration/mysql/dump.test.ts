/**
 * dumpDatabase / verifyDumpFile / the query helpers against a real MariaDB server and the real
 * mariadb-dump and mariadb clients.
 */
import { readdir, readFile, readlink, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KuraError } from '../../../electron/engine/errors.js';
import { runProcess } from '../../../electron/engine/process/run-process.js';
import type { LogLevel, Logger } from '../../../electron/engine/progress.js';
import { createToolResolver } from '../../../electron/engine/tools/resolve-tool.js';
import {
  checkDumpPrivileges,
  detectMysqlClient,
  dumpDatabase,
  listDatabases,
  type MysqlClient,
  type MysqlTarget,
  verifyDumpFile,
} from '../../../electron/engine/tools/mysql/index.js';
import { ALL_BYTES, awkwardShopSql } from '../../harness/mysql-shop.js';
import { BACKUP_PRIVILEGES, createBackupUser, type MariaDbServer, sqlString, startMariaDb } from '../../harness/mariadb.js';
import { freePort } from '../../harness/ports.js';
import { tempDir } from '../../harness/tmp.js';

/** Every character the option-file syntax or a shell could trip over, plus Japanese and emoji. */
const PASSWORD = `Kura-pw 🍣寿司 "dq" 'sq' back\\slash #hash ;semi =eq `;
const DB = 'shop-jp';

let server: MariaDbServer;
let client: MysqlClient;
let work: { path: string; cleanup: () => Promise<void> };

const target = (user: string, password: string | null = PASSWORD, port = server.port): MysqlTarget => ({
  host: '127.0.0.1',
  port,
  user,
  password,
});

beforeAll(async () => {
  [server, client, work] = await Promise.all([startMariaDb(), detectMysqlClient(createToolResolver()), tempDir('kura-mysql-it-')]);
  await server.sql(awkwardShopSql(DB));
  // A database big enough (~40 MB of SQL) that a dump lasts long enough to watch and to cancel.
  await server.sql(`
    CREATE DATABASE bulk;
    USE bulk;
    CREATE TABLE bulk.big (id INT PRIMARY KEY, payload VARCHAR(255)) ENGINE=InnoDB;
    INSERT INTO bulk.big SELECT seq, CONCAT(REPEAT(MD5(seq), 5), ' 寿司') FROM seq_1_to_200000;
  `);
  await createBackupUser(server, { user: 'backup', password: PASSWORD, database: DB });
  await server.sql(`GRANT SELECT, SHOW VIEW, TRIGGER, EVENT ON bulk.* TO 'backup'@'%';`);
  // Reading routines defined by root needs SELECT on mysql.proc on MariaDB 10.x.
  await server.sql(`GRANT SELECT ON mysql.proc TO 'backup'@'%';`);
});

afterAll(async () => {
  await server?.stop();
  await work?.cleanup();
});

function memoryLogger(): Logger & { lines: { level: LogLevel; message: string }[] } {
  const lines: { level: LogLevel; message: string }[] = [];
  return { lines, log: (level, message) => lines.push({ level, message }) };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function rejection(p: Promise<unknown>): Promise<KuraError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(KuraError);
    return err as KuraError;
  }
  throw new Error('expected a rejection');
}

/** Reads every process's argv (and environment) from /proc while `until` is pending. */
/**
 * Polls every process on the machine (a leak anywhere counts). `mine` tells whether the process is a
 * child of this test process: other test files run dumps at the same time, and their option files
 * rightly still exist while they run.
 */
async function watchProcesses(until: Promise<unknown>, onProc: (pid: string, cmdline: Buffer, environ: Buffer | null, mine: boolean) => void) {
  let done = false;
  const finished = until.finally(() => {
    done = true;
  });
  finished.catch(() => {});
  while (!done) {
    for (const pid of await readdir('/proc')) {
      if (!/^\d+$/.test(pid) || pid === String(process.pid)) continue;
      const cmdline = await readFile(`/proc/${pid}/cmdline`).catch(() => null);
      if (!cmdline || cmdline.length === 0) continue;
      const environ = await readFile(`/proc/${pid}/environ`).catch(() => null);
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      onProc(pid, cmdline, environ, ppid === process.pid);
    }
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** The socket inodes (`socket:[n]`) process `pid` holds, or null once it has ended. */
async function socketInodes(pid: string): Promise<Set<string> | null> {
  let fds: string[];
  try {
    fds = await readdir(`/proc/${pid}/fd`);
  } catch {
    return null;
  }
  const out = new Set<string>();
  for (const fd of fds) {
    const m = /^socket:\[(\d+)\]$/.exec(await readlink(`/proc/${pid}/fd/${fd}`).catch(() => ''));
    if (m) out.add(m[1]!);
  }
  return out;
}

/** Resolves true once process `pid` holds a TCP connection to `port` on this machine, false if it ended first. */
async function connectedTo(pid: string, port: number): Promise<boolean> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (;;) {
    const mine = await socketInodes(pid);
    if (!mine) return false;
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      // Columns: sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode …
      for (const row of (await readFile(table, 'utf8').catch(() => '')).split('\n').slice(1)) {
        const f = row.trim().split(/\s+/);
        if (f.length > 9 && f[2]!.endsWith(`:${hexPort}`) && mine.has(f[9]!)) return true;
      }
    }
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function processesMentioning(text: string): Promise<string[]> {
  const hits: string[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`).catch(() => null);
    if (cmdline?.includes(text)) hits.push(`${pid}: ${cmdline.toString().replace(/\0/g, ' ')}`);
  }
  return hits;
}

describe('detectMysqlClient', () => {
  it('finds the MariaDB client pair and only claims the flags it accepts', async () => {
    expect(client.flavour).toBe('mariadb');
    expect(client.version).toMatch(/^10\.11\.\d+$/);
    expect(client.dumpPath).toMatch(/mariadb-dump$/);
    expect(client.clientPath).toMatch(/mariadb$/);
    expect(client.supports).toEqual({ setGtidPurged: false, columnStatistics: false, noTablespaces: true });
  });

  it('reports tool-missing when no client is installed', async () => {
    const err = await rejection(detectMysqlClient(createToolResolver({ env: { PATH: work.path } })));
    expect(err.code).toBe('mysql-dump-missing');
    expect(err.category).toBe('config');
    expect(err.hint).toMatch(/Install/);
  });
});

describe('dumpDatabase', () => {
  it('dumps a database with awkward names that restores by hand under another name, identical', async () => {
    const outFile = join(work.path, 'shop.sql.gz');
    const progress: { uncompressedBytes: number; compressedBytes: number }[] = [];
    const logger = memoryLogger();
    const res = await dumpDatabase({
      client,
      target: target('backup'),
      database: DB,
      outFile,
      level: 6,
      onProgress: (p) => progress.push(p),
      logger,
    });

    expect(res.serverFlavour).toBe('mariadb');
    expect(res.serverVersion).toMatch(/^10\.11\.\d+-MariaDB/);
    expect(res.tables).toEqual(['log_myisam', 'order', '商品']);
    expect(res.views).toEqual(['v_注文']);
    expect(res.routines).toEqual(['FUNCTION f_tax', 'PROCEDURE p_count']);
    expect(res.triggers).toEqual(['order_bi']);
    expect(res.events).toEqual(['ev_cleanup']);
    expect(res.rowCounts).toEqual({ log_myisam: 1, order: 3, 商品: 2 });
    expect(res.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await stat(outFile)).size).toBe(res.bytes);
    expect((await stat(outFile)).mode & 0o777).toBe(0o600);
    expect(progress.at(-1)).toEqual({ uncompressedBytes: res.uncompressedBytes, compressedBytes: res.bytes });
    expect(logger.lines.filter((l) => l.level === 'warn' || l.level === 'error')).toEqual([]);

    // What was written is what verification reads back.
    expect(await verifyDumpFile(outFile)).toEqual({ sha256: res.sha256, bytes: res.bytes, uncompressedBytes: res.uncompressedBytes });

    const raw = gunzipSync(await readFile(outFile));
    expect(raw.length).toBe(res.uncompressedBytes);
    const sql = raw.toString('utf8');
    expect(sql).not.toMatch(/^CREATE DATABASE|^USE /m);
    expect(sql).toMatch(/-- Dump completed on .*\n$/);

    // Restore the way an admin would, into a database with a different name.
    await server.sql('CREATE DATABASE `restored-db` CHARACTER SET utf8mb4');
    const restore = await runProcess({
      file: 'sh',
      args: ['-c', 'gunzip -c "$1" | mariadb --no-defaults --user=root --socket="$2" "$3"', 'sh', outFile, server.socket, 'restored-db'],
    });
    expect(restore.exitCode, restore.stderr).toBe(0);

    for (const table of ['order', '商品', 'log_myisam']) {
      const [a, b] = await Promise.all(
        [DB, 'restored-db'].map(async (db) => (await server.sql(`CHECKSUM TABLE \`${db}\`.\`${table}\` EXTENDED`)).split('\t')[1]),
      );
      expect(a, table).toBe(b);
      expect(a, table).not.toBe('NULL');
    }
    expect(await server.sql('SELECT HEX(photo) FROM `order` WHERE id = 1', 'restored-db')).toBe(ALL_BYTES.toString('hex').toUpperCase() + '\n');
    expect(await server.sql('SELECT `顧客名`, note FROM `order` WHERE id = 1', 'restored-db')).toBe('田中 太郎\tご注文ありがとうございます 🍣🍺\n');
    const objects = await server.sql(`
      SELECT 'view', TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = 'restored-db';
      SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = 'restored-db' ORDER BY 2;
      SELECT 'trigger', TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = 'restored-db';
      SELECT 'event', EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = 'restored-db';
    `);
    expect(objects).toBe('view\tv_注文\nFUNCTION\tf_tax\nPROCEDURE\tp_count\ntrigger\torder_bi\nevent\tev_cleanup\n');
    // The restored objects work, not just exist.
    expect(await server.sql('SELECT f_tax(1000); SELECT COUNT(*) FROM `v_注文`;', 'restored-db')).toBe('1100\n3\n');
    await server.sql("INSERT INTO `order` (`顧客名`) VALUES ('trigger test')", 'restored-db');
    expect(await server.sql("SELECT note FROM `order` WHERE `顧客名` = 'trigger test'", 'restored-db')).toBe('（なし）\n');
  });

  it('never puts the password in any argv or environment, and removes the 0600 option file afterwards', async () => {
    const outFile = join(work.path, 'bulk-watch.sql.gz');
    const pw = Buffer.from(PASSWORD, 'utf8');
    const leaks: string[] = [];
    const optionFiles = new Map<string, { mode: number; dirMode: number; text: string } | null>();
    let dumpSeen = 0;
    const dump = dumpDatabase({ client, target: target('backup'), database: 'bulk', outFile, level: 6 });
    await watchProcesses(dump, (pid, cmdline, environ, mine) => {
      if (cmdline.includes(pw) || environ?.includes(pw)) leaks.push(`${pid}: ${cmdline.toString().replace(/\0/g, ' ')}`);
      const args = cmdline.toString('utf8').split('\0');
      const opt = args.find((a) => a.startsWith('--defaults-extra-file='));
      if (!opt || !mine || !args[0]!.includes('mariadb')) return;
      if (args[0]!.endsWith('mariadb-dump')) {
        dumpSeen++;
        expect(args[1]).toBe(opt);
        expect(args.slice(-3)).toEqual(['--', 'bulk', '']);
      }
      const path = opt.slice('--defaults-extra-file='.length);
      if (!optionFiles.has(path) || optionFiles.get(path) === null) {
        optionFiles.set(path, null);
        // The option file is a FIFO served once per reader: read at the same moment as the client, the two
        // would share one copy (one of them left with nothing). Read only once the client has connected
        // to the server — it has read its options then.
        void connectedTo(pid, server.port)
          .then((yes) => (yes ? Promise.all([stat(path), stat(dirname(path)), readFile(path, 'utf8')]) : Promise.reject(new Error('ended first'))))
          .then(
          // Nothing read: the client was a quick one whose option file was retired as we opened it (its
          // serving ends with the client); the next sighting or the dump's own file is read instead.
          ([f, d, text]) => optionFiles.set(path, text === '' ? null : { mode: f.mode & 0o777, dirMode: d.mode & 0o777, text }),
          () => {},
        );
      }
    });
    const res = await dump;
    expect(res.rowCounts).toEqual({ big: 200_000 });
    expect(res.uncompressedBytes).toBeGreaterThan(30_000_000);
    expect(leaks).toEqual([]);
    expect(dumpSeen).toBeGreaterThan(0);
    expect(optionFiles.size).toBeGreaterThan(0);
    const seen = [...optionFiles.values()].find((v) => v !== null);
    expect(seen).toBeDefined();
    expect(seen!.mode).toBe(0o600);
    expect(seen!.dirMode).toBe(0o700);
    expect(seen!.text).toContain('password="Kura-pw 🍣寿司 \\"dq\\" \\\'sq\\\' back\\\\slash #hash ;semi =eq "');
    for (const path of optionFiles.keys()) {
      expect(await exists(path)).toBe(false);
      expect(await exists(dirname(path))).toBe(false);
    }
  });

  it('stops mysqldump, leaves no file and removes the option file when cancelled mid-dump', async () => {
    const outFile = join(work.path, 'bulk-cancel.sql.gz');
    const ac = new AbortController();
    const optionPaths = new Set<string>();
    let abortedAt = 0;
    const dump = dumpDatabase({
      client,
      target: target('backup'),
      database: 'bulk',
      outFile,
      level: 6,
      signal: ac.signal,
      onProgress: (p) => {
        // Cancel once mariadb-dump has been seen running (the /proc watcher polls: on a busy machine it
        // can take a moment), so the test proves the option file of a process that really ran is gone.
        if (p.uncompressedBytes > 2_000_000 && optionPaths.size > 0 && !ac.signal.aborted) {
          abortedAt = p.uncompressedBytes;
          ac.abort();
        }
      },
    });
    await watchProcesses(dump, (_pid, cmdline, _environ, mine) => {
      const m = /--defaults-extra-file=([^\0]+)/.exec(cmdline.toString('utf8'));
      if (m && mine && cmdline.includes('mariadb-dump')) optionPaths.add(m[1]!);
    });
    const err = await rejection(dump);
    expect(err.code).toBe('cancelled');
    expect(err.category).toBe('cancelled');
    expect(abortedAt).toBeGreaterThan(0);
    expect(await exists(outFile)).toBe(false);
    expect(optionPaths.size).toBe(1);
    for (const path of optionPaths) {
      expect(await processesMentioning(path)).toEqual([]);
      expect(await exists(dirname(path))).toBe(false);
    }
  });

  it('fails naming SHOW VIEW and its GRANT when the user lacks it, leaving no file', async () => {
    await createBackupUser(server, { user: 'noview', password: 'pw', database: DB, privileges: ['SELECT', 'TRIGGER', 'EVENT', 'LOCK TABLES'] });
    const outFile = join(work.path, 'noview.sql.gz');
    const err = await rejection(dumpDatabase({ client, target: target('noview', 'pw'), database: DB, outFile, level: 1 }));
    expect(err.code).toBe('mysql-privilege-missing');
    expect(err.category).toBe('auth');
    expect(err.message).toBe("The backup user lacks the SHOW VIEW privilege: GRANT SHOW VIEW ON `shop-jp`.* TO 'noview'@'%';");
    expect(err.detail).toMatch(/SHOW VIEW command denied to user 'noview'/);
    expect(await exists(outFile)).toBe(false);
  });

  it('fails naming EVENT when the user lacks it', async () => {
    await createBackupUser(server, { user: 'noevent', password: 'pw', database: DB, privileges: ['SELECT', 'SHOW VIEW', 'TRIGGER'] });
    const outFile = join(work.path, 'noevent.sql.gz');
    const err = await rejection(dumpDatabase({ client, target: target('noevent', 'pw'), database: DB, outFile, level: 1 }));
    expect(err.code).toBe('mysql-privilege-missing');
    expect(err.message).toBe("The backup user lacks the EVENT privilege: GRANT EVENT ON `shop-jp`.* TO 'noevent'@'%';");
    expect(await exists(outFile)).toBe(false);
  });

  it('refuses to dump without TRIGGER, which mysqldump would silently skip', async () => {
    await createBackupUser(server, { user: 'notrigger', password: 'pw', database: DB, privileges: ['SELECT', 'SHOW VIEW', 'EVENT'] });
    // The premise: mariadb-dump really does exit 0 without the triggers.
    const direct = await runProcess({
      file: 'sh',
      args: ['-c', `printf '[client]\\nuser=notrigger\\npassword=pw\\nhost=127.0.0.1\\nport=%s\\n' "$1" > "$2/nt.cnf"; mariadb-dump --defaults-extra-file="$2/nt.cnf" --single-transaction --triggers --no-tablespaces -- "$3"; rc=$?; rm -f "$2/nt.cnf"; exit $rc`, 'sh', String(server.port), work.path, DB],
    });
    expect(direct.exitCode).toBe(0);
    expect(direct.stdout).not.toContain('order_bi');

    const outFile = join(work.path, 'notrigger.sql.gz');
    const err = await rejection(dumpDatabase({ client, target: target('notrigger', 'pw'), database: DB, outFile, level: 1 }));
    expect(err.code).toBe('mysql-privilege-missing');
    expect(err.message).toBe("The backup user lacks the TRIGGER privilege: GRANT TRIGGER ON `shop-jp`.* TO 'notrigger'@'%';");
    expect(await exists(outFile)).toBe(false);
  });

  it('warns (with the GRANT) when routines by other users cannot be read', async () => {
    await createBackupUser(server, { user: 'noproc', password: 'pw', database: DB });
    const logger = memoryLogger();
    const res = await dumpDatabase({ client, target: target('noproc', 'pw'), database: DB, outFile: join(work.path, 'noproc.sql.gz'), level: 1, logger });
    expect(res.routines).toEqual([]);
    expect(logger.lines.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([
      expect.stringContaining("GRANT SELECT ON `mysql`.`proc` TO 'noproc'@'%';"),
    ]);
  });

  it('maps a wrong password to an auth error', async () => {
    const outFile = join(work.path, 'badpw.sql.gz');
    const err = await rejection(dumpDatabase({ client, target: target('backup', 'not-the-password'), database: DB, outFile, level: 1 }));
    expect(err.code).toBe('mysql-auth-failed');
    expect(err.category).toBe('auth');
    expect(err.message).toContain('"backup"');
    expect(err.message).not.toContain('not-the-password');
    expect(await exists(outFile)).toBe(false);
  });

  it('maps an unreachable port to a network error', async () => {
    const port = await freePort();
    const err = await rejection(dumpDatabase({ client, target: target('backup', PASSWORD, port), database: DB, outFile: join(work.path, 'x.sql.gz'), level: 1 }));
    expect(err.code).toBe('mysql-connect-failed');
    expect(err.category).toBe('network');
    expect(err.message).toContain(`127.0.0.1:${port}`);
  });

  it('maps an unknown database to a config error', async () => {
    await server.sql(`CREATE USER IF NOT EXISTS 'globalro'@'%' IDENTIFIED BY 'pw'; GRANT SELECT, SHOW VIEW, TRIGGER, EVENT ON *.* TO 'globalro'@'%';`);
    const err = await rejection(dumpDatabase({ client, target: target('globalro', 'pw'), database: 'no-such-db', outFile: join(work.path, 'y.sql.gz'), level: 1 }));
    expect(err.code).toBe('mysql-unknown-database');
    expect(err.category).toBe('config');
    // A user with rights on one database only cannot tell "missing" from "forbidden": said so plainly.
    const err2 = await rejection(dumpDatabase({ client, target: target('backup'), database: 'no-such-db', outFile: join(work.path, 'z.sql.gz'), level: 1 }));
    expect(err2.code).toBe('mysql-database-denied');
    expect(err2.category).toBe('config');
    expect(err2.message).toContain('"no-such-db"');
  });
});

describe('query helpers', () => {
  it('lists the databases the user can see, without system schemas', async () => {
    const all = await listDatabases(client, target('globalro', 'pw'));
    expect(all).toEqual(expect.arrayContaining(['bulk', DB]));
    expect(all.filter((d) => ['mysql', 'sys', 'information_schema', 'performance_schema'].includes(d))).toEqual([]);
    const mine = await listDatabases(client, target('noview', 'pw'));
    expect(mine).toEqual([DB]);
  });

  it('reports missing dump privileges with their GRANT statements', async () => {
    expect(await checkDumpPrivileges(client, target('backup'), [DB, 'bulk'])).toEqual([]);
    const missing = await checkDumpPrivileges(client, target('noview', 'pw'), [DB]);
    expect(missing.map((m) => [m.privilege, m.effect, m.grant])).toEqual([
      ['SHOW VIEW', 'dump-fails', "GRANT SHOW VIEW ON `shop-jp`.* TO 'noview'@'%';"],
      ['SELECT', 'silently-incomplete', "GRANT SELECT ON `mysql`.`proc` TO 'noview'@'%';"],
    ]);
    // Wildcard database grants count.
    await createBackupUser(server, { user: 'wild', password: 'pw', database: 'shop%', privileges: [...BACKUP_PRIVILEGES] });
    expect((await checkDumpPrivileges(client, target('wild', 'pw'), [DB])).map((m) => m.privilege)).toEqual(['SELECT']);
    expect((await checkDumpPrivileges(client, target('wild', 'pw'), ['bulk'])).map((m) => m.privilege)).toEqual([
      'SELECT',
      'SHOW VIEW',
      'TRIGGER',
      'EVENT',
      'SELECT',
    ]);
  });

  it('connects with a password full of option-file special characters', async () => {
    const weird = `  lead/trail  "#;'\\\\ \t tab\nnewline 🍣  `;
    await server.sql(`CREATE USER 'weird'@'%' IDENTIFIED BY ${sqlString(weird)}; GRANT SELECT ON \`${DB}\`.* TO 'weird'@'%';`);
    expect(await listDatabases(client, target('weird', weird))).toEqual([DB]);
  });
});
