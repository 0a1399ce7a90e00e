/**
 * A table held by another connection (`LOCK TABLES … WRITE` left open in phpMyAdmin, a long ALTER):
 * mysqldump's statements wait for the server's lock_wait_timeout — a day on MariaDB, a year on MySQL —
 * with the progress frozen and every later run refused as "already running". Kura notices the wait,
 * logs what it waits for, and after its limit ends the statement (KILL QUERY on its own thread) and
 * fails with `mysql-lock-wait`. Both ways a dump can wait: the SELECT of a --single-transaction dump,
 * and the LOCK TABLES of a database with MyISAM tables.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToolResolver } from '../../../electron/engine/tools/resolve-tool.js';
import { detectMysqlClient, dumpDatabase, type MysqlClient, type MysqlTarget } from '../../../electron/engine/tools/mysql/index.js';
import { createBackupUser, type MariaDbServer, startMariaDb } from '../../harness/mariadb.js';
import { tempDir } from '../../harness/tmp.js';

const PW = 'lw-' + Math.random().toString(36).slice(2);

describe('a dump waiting for another connection’s lock', () => {
  let server: MariaDbServer;
  let client: MysqlClient;
  let work: Awaited<ReturnType<typeof tempDir>>;
  const target: () => MysqlTarget = () => ({ host: '127.0.0.1', port: server.port, user: 'backup', password: PW });

  beforeAll(async () => {
    [server, client, work] = await Promise.all([startMariaDb(), detectMysqlClient(createToolResolver()), tempDir('kura-lockwait-')]);
    await server.sql(`
      CREATE DATABASE inno; CREATE TABLE inno.orders (id INT PRIMARY KEY) ENGINE=InnoDB; INSERT INTO inno.orders VALUES (1), (2);
      CREATE DATABASE mixed; CREATE TABLE mixed.log (id INT PRIMARY KEY) ENGINE=MyISAM; INSERT INTO mixed.log VALUES (1);
    `);
    await createBackupUser(server, { user: 'backup', password: PW, database: 'inno' });
    await server.sql(`GRANT SELECT, SHOW VIEW, TRIGGER, EVENT, LOCK TABLES ON mixed.* TO 'backup'@'%'; GRANT SELECT ON mysql.proc TO 'backup'@'%';`);
  });
  afterAll(async () => {
    await server?.stop();
    await work?.cleanup();
  });

  /** Holds `LOCK TABLES <table> WRITE` in another connection until released. */
  async function holdLock(table: string): Promise<{ release: () => Promise<void> }> {
    const holding = server.sql(`SELECT CONNECTION_ID(); LOCK TABLES ${table} WRITE; SELECT SLEEP(60);`).catch(() => '');
    let id = '';
    for (let i = 0; i < 200 && !id; i++) {
      id = (await server.sql("SELECT ID FROM information_schema.PROCESSLIST WHERE INFO = 'SELECT SLEEP(60)'")).trim();
      if (!id) await new Promise((r) => setTimeout(r, 25));
    }
    expect(id).not.toBe('');
    return {
      release: async () => {
        await server.sql(`KILL ${id}`);
        await holding;
      },
    };
  }

  for (const c of [
    { db: 'inno', table: 'inno.orders', how: 'the SELECT of a --single-transaction dump', state: /Waiting for table metadata lock/, names: '`orders`' },
    { db: 'mixed', table: 'mixed.log', how: 'the LOCK TABLES of a database with MyISAM tables', state: /Waiting for table (metadata|level) lock/, names: null },
  ]) {
    it(`${c.how}: says what it waits for, gives up after its limit, and leaves the server waiting for nothing`, async () => {
      const lock = await holdLock(c.table);
      const logs: string[] = [];
      const started = Date.now();
      try {
        const failed = await dumpDatabase({
          client,
          target: target(),
          database: c.db,
          outFile: join(work.path, `${c.db}.sql.gz`),
          level: 1,
          lockWait: { checkEveryMs: 250, giveUpAfterMs: 2000 },
          logger: { log: (_l, m) => logs.push(m) },
        }).then(
          () => null,
          (e: unknown) => e as { code: string; category: string; message: string; hint: string },
        );
        expect(failed?.code).toBe('mysql-lock-wait');
        expect(failed?.category).toBe('resource');
        expect(failed?.message).toMatch(c.state);
        if (c.names) expect(failed?.message).toContain(`table ${c.names}) that another connection holds`);
        expect(failed?.message).toMatch(/was stopped after 2 s so the backup does not wait forever/);
        expect(failed?.hint).toMatch(/SHOW PROCESSLIST/);
        expect(Date.now() - started).toBeLessThan(20_000);
        expect(logs.join('\n')).toMatch(new RegExp(`The dump of \`${c.db}\` is waiting for a lock`));
        // The server does not go on waiting on Kura's behalf.
        expect(await server.sql("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = 'backup'")).toBe('0\n');
      } finally {
        await lock.release();
      }
      // Once the lock is gone, the dump works.
      const ok = await dumpDatabase({ client, target: target(), database: c.db, outFile: join(work.path, `${c.db}.sql.gz`), level: 1 });
      expect(ok.tables.length).toBe(1);
    });
  }
});
