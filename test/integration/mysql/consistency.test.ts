/**
 * MyISAM (and every engine without transactions) under writes during the dump (issue 14):
 * `--single-transaction` freezes InnoDB only, so a MyISAM order table dumped first and its lines
 * dumped a moment later disagree — lines whose order is not in the backup. With the LOCK TABLES
 * privilege Kura read-locks the whole database for the dump (0 orphans in the restored copy); without
 * it the run publishes with a warning that names the tables, why, and the GRANT or ALTER that fixes it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeychainSecretStore } from '../../../electron/engine/secrets/keychain-secret-store.js';
import { createToolResolver } from '../../../electron/engine/tools/resolve-tool.js';
import { detectMysqlClient, dumpDatabase, importDump, type MysqlClient, type MysqlTarget } from '../../../electron/engine/tools/mysql/index.js';
import { runKura, writeMysqlJobConfig } from '../../harness/kura-cli.js';
import { createBackupUser, type MariaDbServer, sqlString, startMariaDb } from '../../harness/mariadb.js';
import { tempDir } from '../../harness/tmp.js';
import { en } from '../../harness/messages.js';

const PW = 'cons-' + Math.random().toString(36).slice(2);
const REF = 'cons-mysql-' + Math.random().toString(36).slice(2);

describe('tables without transactions under concurrent writes', () => {
  let server: MariaDbServer;
  let client: MysqlClient;
  let work: Awaited<ReturnType<typeof tempDir>>;
  const target = (user: string): MysqlTarget => ({ host: '127.0.0.1', port: server.port, user, password: PW });

  beforeAll(async () => {
    [server, client, work] = await Promise.all([startMariaDb(), detectMysqlClient(createToolResolver()), tempDir('kura-cons-')]);
    // a_orders is dumped before b_lines (mysqldump goes by name) and is big enough to take a moment.
    await server.sql(`
      CREATE DATABASE shop;
      USE shop;
      CREATE TABLE a_orders (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(255)) ENGINE=MyISAM;
      CREATE TABLE b_lines (id INT AUTO_INCREMENT PRIMARY KEY, order_id INT NOT NULL, KEY (order_id)) ENGINE=Aria;
      CREATE TABLE c_payments (id INT PRIMARY KEY) ENGINE=InnoDB;
      INSERT INTO a_orders (note) SELECT CONCAT(REPEAT(MD5(seq), 6), ' 注文') FROM seq_1_to_150000;
      INSERT INTO b_lines (order_id) SELECT id FROM a_orders;
      CREATE TABLE ctl (stop_at DATETIME(6)) ENGINE=InnoDB;
      DELIMITER ;;
      CREATE PROCEDURE writer()
      BEGIN
        WHILE NOW(6) < (SELECT stop_at FROM ctl) DO
          INSERT INTO a_orders (note) VALUES ('new order');
          INSERT INTO b_lines (order_id) VALUES (LAST_INSERT_ID());
        END WHILE;
      END;;
      DELIMITER ;
    `);
    await createBackupUser(server, { user: 'locker', password: PW, database: 'shop' });
    await createBackupUser(server, { user: 'nolock', password: PW, database: 'shop', privileges: ['SELECT', 'SHOW VIEW', 'TRIGGER', 'EVENT'] });
    await server.sql(`GRANT SELECT ON mysql.proc TO 'locker'@'%'; GRANT SELECT ON mysql.proc TO 'nolock'@'%';`);
    await server.sql(`CREATE USER 'kadmin'@'%' IDENTIFIED BY ${sqlString(PW)}; GRANT ALL PRIVILEGES ON *.* TO 'kadmin'@'%';`);
  });
  afterAll(async () => {
    await server?.stop();
    await work?.cleanup();
  });

  /** Runs `dump` while a connection keeps inserting order + line pairs; returns what `dump` returned. */
  async function underWrites<T>(dump: () => Promise<T>): Promise<T> {
    await server.sql('DELETE FROM ctl; INSERT INTO ctl VALUES (NOW(6) + INTERVAL 30 SECOND);', 'shop');
    const writing = server.sql('CALL writer();', 'shop');
    const start = Number(await server.sql('SELECT COUNT(*) FROM a_orders', 'shop'));
    // Wait until the writer is really going before the dump starts.
    while (Number(await server.sql('SELECT COUNT(*) FROM a_orders', 'shop')) < start + 200) await new Promise((r) => setTimeout(r, 20));
    try {
      return await dump();
    } finally {
      await server.sql('UPDATE ctl SET stop_at = NOW(6);', 'shop');
      await writing;
    }
  }

  async function orphansAfterRestore(file: string, into: string): Promise<number> {
    await server.sql(`DROP DATABASE IF EXISTS ${into}; CREATE DATABASE ${into};`);
    await importDump({ client, target: target('kadmin'), database: into, file, stripDefiners: true, renameFrom: 'shop' });
    return Number(await server.sql(`SELECT COUNT(*) FROM ${into}.b_lines l LEFT JOIN ${into}.a_orders o ON o.id = l.order_id WHERE o.id IS NULL`));
  }

  it('with LOCK TABLES: the whole database is read-locked for the dump, and the restored copy has 0 orphan lines', async () => {
    const file = join(work.path, 'locked.sql.gz');
    const logs: string[] = [];
    const dump = await underWrites(() =>
      dumpDatabase({ client, target: target('locker'), database: 'shop', outFile: file, level: 1, logger: { log: (_l, m) => logs.push(m) } }),
    );
    expect(dump.consistency).toBe('lock-tables');
    expect(dump.nonTransactionalTables).toEqual(['a_orders (MyISAM)', 'b_lines (Aria)']);
    expect(dump.warnings).toEqual([]);
    expect(logs.join('\n')).toMatch(/tables without transactions \(`a_orders` \(MyISAM\), `b_lines` \(Aria\)\): it was dumped with all its tables read-locked .* writes to this database waited for the \d+ (?:ms|s|min \d+ s) the dump took/);
    expect(await orphansAfterRestore(file, 'copy_locked')).toBe(0);
    // The rows counted from the stream are the restored rows (one moment for every table).
    expect(Number(await server.sql('SELECT COUNT(*) FROM copy_locked.a_orders'))).toBe(dump.rowCounts['a_orders']);
    expect(Number(await server.sql('SELECT COUNT(*) FROM copy_locked.b_lines'))).toBe(dump.rowCounts['b_lines']);
  });

  it('without LOCK TABLES: `kura run` publishes with a warning naming the tables, why, and the fix', async () => {
    const home = join(work.path, 'home');
    await createKeychainSecretStore().set(REF, PW);
    try {
      await writeMysqlJobConfig(home, { id: 'shop', backups: join(work.path, 'backups'), port: server.port, user: 'nolock', passwordRef: REF, databases: ['shop'] });
      const r = await runKura(['run', 'shop', '--json'], { KURA_HOME: home });
      const out = r.json as { status: string; warnings: string[]; items: Array<{ status: string }>; snapshot: { path: string } };
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(out.status).toBe('warning');
      expect(out.items[0]!.status).toBe('warning');
      expect(out.warnings).toHaveLength(1);
      expect(out.warnings[0]).toMatch(/^db: The tables `a_orders` \(MyISAM\), `b_lines` \(Aria\) of `shop` have no transactions/);
      expect(out.warnings[0]).toMatch(/lacks the LOCK TABLES privilege/);
      expect(out.warnings[0]).toContain("GRANT LOCK TABLES ON `shop`.* TO 'nolock'@'%';");
      expect(out.warnings[0]).toContain('ALTER TABLE `a_orders` ENGINE=InnoDB;');
      const manifest = JSON.parse(await readFile(join(out.snapshot.path, 'manifest.json'), 'utf8')) as { items: Array<Record<string, unknown>> };
      expect(manifest.items[0]!['consistency']).toBe('single-transaction-unlocked');
      expect(manifest.items[0]!['nonTransactionalTables']).toEqual(['a_orders (MyISAM)', 'b_lines (Aria)']);
      expect(manifest.items[0]!['warnings']).toEqual([out.warnings[0]!.replace(/^db: /, '')]);
      // `kura verify` accepts the manifest with its new fields.
      expect((await runKura(['verify', 'shop', 'latest'], { KURA_HOME: home })).code).toBe(0);
    } finally {
      await createKeychainSecretStore()
        .delete(REF)
        .catch(() => {});
    }
  });

  it('LOCK TABLES held through a role (invisible to the privilege check) is used; a lock the server refuses falls back with its words', async () => {
    await server.sql(`
      CREATE ROLE locking; GRANT LOCK TABLES ON shop.* TO locking;
      GRANT locking TO 'nolock'@'%'; SET DEFAULT ROLE locking FOR 'nolock'@'%';
    `);
    try {
      const viaRole = await dumpDatabase({ client, target: target('nolock'), database: 'shop', outFile: join(work.path, 'role.sql.gz'), level: 1 });
      expect(viaRole.consistency).toBe('lock-tables');
      expect(viaRole.warnings).toEqual([]);
    } finally {
      await server.sql(`SET DEFAULT ROLE NONE FOR 'nolock'@'%'; DROP ROLE locking;`);
    }
    // A grant that looks right to Kura (names match case-insensitively) but is for another database on this server.
    await createBackupUser(server, { user: 'wrongcase', password: PW, database: 'shop', privileges: ['SELECT', 'SHOW VIEW', 'TRIGGER', 'EVENT'] });
    await server.sql("GRANT LOCK TABLES ON `SHOP`.* TO 'wrongcase'@'%'; GRANT SELECT ON mysql.proc TO 'wrongcase'@'%';");
    const logs: string[] = [];
    const refused = await dumpDatabase({
      client,
      target: target('wrongcase'),
      database: 'shop',
      outFile: join(work.path, 'refused.sql.gz'),
      level: 1,
      logger: { log: (_l, m) => logs.push(m) },
    });
    expect(refused.consistency).toBe('single-transaction-unlocked');
    expect(refused.warnings.map(en)).toEqual([expect.stringMatching(/but the server refused the lock: .*Access denied for user 'wrongcase'.* when using LOCK TABLES/)]);
    expect(refused.warnings[0]).toMatchObject({ code: 'mysql-dump-unlocked-refused', params: { database: '`shop`', refusal: expect.stringMatching(/when using LOCK TABLES/) } });
    expect(refused.rowCounts['a_orders']).toBeGreaterThan(0);
    expect(logs.join('\n')).toMatch(/The server refused to lock the tables of `shop`/);
  });

  it('a database of InnoDB tables only is dumped in one transaction, without locks or warnings', async () => {
    await server.sql('CREATE DATABASE inno; CREATE TABLE inno.t (id INT PRIMARY KEY) ENGINE=InnoDB; INSERT INTO inno.t VALUES (1);');
    await server.sql(`GRANT SELECT, SHOW VIEW, TRIGGER, EVENT, LOCK TABLES ON inno.* TO 'locker'@'%';`);
    const dump = await dumpDatabase({ client, target: target('locker'), database: 'inno', outFile: join(work.path, 'inno.sql.gz'), level: 1 });
    expect(dump.consistency).toBe('single-transaction');
    expect(dump.nonTransactionalTables).toEqual([]);
    expect(dump.warnings).toEqual([]);
  });
});
