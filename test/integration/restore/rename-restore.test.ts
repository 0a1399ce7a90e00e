/**
 * A restore under another name touches nothing but that name (issue 14): `kura verify --restore-test`
 * (into `<db>__kura_verify`) and `kura restore --to-database shop_copy`, from a real dump whose objects
 * name their database explicitly — a trigger created as `shop.t … ON shop.orders` writing `shop.log`,
 * views calling `shop.f_count()` and joining `shop`.`orders` with another database, a procedure, a
 * function and an event using `shop.` — and whose routines carry another collation than the database,
 * so mysqldump wraps them in `ALTER DATABASE \`shop\` …`.
 *
 * The live database is compared before and after by CHECKSUM TABLE, by the full definitions of its
 * triggers, views, routines and events, and by its default charset/collation; the copy must refer only
 * to itself, and behave so (its trigger writes its own log).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreMysqlItem, testRestoreMysqlItem } from '../../../electron/engine/restore/mysql-restore.js';
import { createKeychainSecretStore } from '../../../electron/engine/secrets/keychain-secret-store.js';
import { mysqlManifestItem } from '../../../electron/engine/jobs/sources/mysql-source.js';
import type { MysqlManifestItem } from '../../../electron/engine/snapshot/manifest.js';
import { createToolResolver } from '../../../electron/engine/tools/resolve-tool.js';
import { detectMysqlClient, dumpDatabase, gzipCompressor, importDump, type MysqlClient, type MysqlTarget } from '../../../electron/engine/tools/mysql/index.js';
import { runKura, writeMysqlJobConfig } from '../../harness/kura-cli.js';
import { startMariaDb, sqlString, type MariaDbServer } from '../../harness/mariadb.js';
import { tempDir } from '../../harness/tmp.js';
import { en, enChecks, enLines } from '../../harness/messages.js';

const PW = 'rn-' + Math.random().toString(36).slice(2);
const REF = 'rename-mysql-' + Math.random().toString(36).slice(2);

const q = (name: string) => '`' + name.replace(/`/g, '``') + '`';

/** A shop whose objects all name their own database, as an admin typing in phpMyAdmin would write them. */
function qualifiedShopSql(db: string): string {
  const d = q(db);
  return `
    CREATE DATABASE ${d} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    CREATE TABLE ${d}.orders (id INT PRIMARY KEY, total INT, shop_id INT) ENGINE=InnoDB;
    CREATE TABLE ${d}.log (id INT AUTO_INCREMENT PRIMARY KEY, msg VARCHAR(200)) ENGINE=InnoDB;
    INSERT INTO ${d}.orders VALUES (1, 100, 1), (2, 250, 1), (3, 999, 2);
    INSERT INTO ${d}.log (msg) VALUES ('shop.orders created'), ('see https://shop.example.com/');
    CREATE TRIGGER ${d}.orders_ai AFTER INSERT ON ${d}.orders FOR EACH ROW INSERT INTO ${d}.log (msg) VALUES (CONCAT('order ', NEW.id));
    CREATE FUNCTION ${d}.f_count() RETURNS INT READS SQL DATA RETURN (SELECT COUNT(*) FROM ${d} . orders);
    CREATE PROCEDURE ${d}.p_log(m VARCHAR(100)) INSERT INTO ${d}.log (msg) VALUES (m);
    CREATE VIEW ${d}.v_count AS SELECT ${d}.f_count() AS n, (SELECT MAX(id) FROM ${d}.orders) AS m;
    CREATE VIEW ${d}.v_other AS SELECT o.id, x.total FROM other.t o JOIN ${d}.orders x ON x.id = o.id;
    CREATE EVENT ${d}.ev_trim ON SCHEDULE EVERY 1 DAY DO DELETE FROM ${d}.log WHERE id < 0;
    -- The routines above keep utf8mb4 as their database collation: mysqldump now wraps each in ALTER DATABASE.
    ALTER DATABASE ${d} CHARACTER SET latin1 COLLATE latin1_swedish_ci;
  `;
}

describe('restore under another name leaves the original database alone', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let server: MariaDbServer;
  let client: MysqlClient;
  let env: Record<string, string>;
  const target = (): MysqlTarget => ({ host: '127.0.0.1', port: server.port, user: 'kura', password: PW });

  /** Everything about a database that a restore elsewhere must not change. */
  async function state(db: string): Promise<string> {
    const s = sqlString(db);
    const tables = (await server.sql(`SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ${s} AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1`))
      .trim()
      .split('\n')
      .filter(Boolean);
    const sums = tables.length ? await server.sql(`CHECKSUM TABLE ${tables.map((t) => `${q(db)}.${q(t)}`).join(', ')} EXTENDED`) : '';
    return [
      sums,
      await server.sql(`
        SELECT 'schema', DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ${s};
        SELECT 'trigger', TRIGGER_NAME, EVENT_OBJECT_SCHEMA, EVENT_OBJECT_TABLE, ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ${s} ORDER BY 2;
        SELECT 'view', TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ${s} ORDER BY 2;
        SELECT 'routine', ROUTINE_TYPE, ROUTINE_NAME, ROUTINE_DEFINITION FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ${s} ORDER BY 3;
        SELECT 'event', EVENT_NAME, EVENT_DEFINITION, STATUS FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ${s} ORDER BY 2;
      `),
    ].join('\n');
  }

  /** The definitions of a database's objects, for "refers only to itself". */
  async function definitions(db: string): Promise<string> {
    const s = sqlString(db);
    return server.sql(`
      SELECT ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ${s};
      SELECT VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ${s};
      SELECT ROUTINE_DEFINITION FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ${s};
      SELECT EVENT_DEFINITION FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ${s};
    `);
  }

  beforeAll(async () => {
    [work, server, client] = await Promise.all([tempDir('kura-rename-'), startMariaDb(), detectMysqlClient(createToolResolver())]);
    await server.sql(`
      CREATE DATABASE other; CREATE TABLE other.t (id INT PRIMARY KEY); INSERT INTO other.t VALUES (1), (2);
      ${qualifiedShopSql('shop')}
      CREATE USER 'kura'@'%' IDENTIFIED BY ${sqlString(PW)};
      GRANT ALL PRIVILEGES ON *.* TO 'kura'@'%';
    `);
    env = { KURA_HOME: join(work.path, 'home') };
    await createKeychainSecretStore().set(REF, PW);
    await writeMysqlJobConfig(env['KURA_HOME']!, { id: 'shop', backups: join(work.path, 'backups'), port: server.port, user: 'kura', passwordRef: REF, databases: ['shop'] });
    const r = await runKura(['run', 'shop', '--json'], env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
  afterAll(async () => {
    await createKeychainSecretStore()
      .delete(REF)
      .catch(() => {});
    await server?.stop();
    await work?.cleanup();
  });

  it('kura verify --restore-test: proves the snapshot and leaves the live database exactly as it was', async () => {
    const before = await state('shop');
    const r = await runKura(['verify', 'shop', 'latest', '--restore-test', '--json'], env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect((r.json as { ok: boolean }).ok).toBe(true);
    expect(await state('shop')).toBe(before);
    expect(await server.sql("SHOW DATABASES LIKE '%kura_verify%'")).toBe('');
  });

  it('kura restore --to-database shop_copy: the live database is untouched and the copy refers only to itself', async () => {
    const before = await state('shop');
    const r = await runKura(['restore', 'shop', 'latest', '--source', 'db', '--to-database', 'shop_copy', '--yes', '--json'], env);
    const out = r.json as { status: string; steps: Array<{ code: string; text: string }>; verification: Array<{ ok: boolean }> };
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(out.status).toBe('success');
    expect(out.verification.filter((c) => !c.ok)).toEqual([]);
    expect(out.steps.map((s) => s.text).join('\n')).toMatch(/references to `shop` inside the dump's triggers, views, routines and events now name `shop_copy`/);
    expect(out.steps.map((s) => s.code)).toContain('mysql-rename-rewrites');
    expect(await state('shop')).toBe(before);

    // The copy: same objects, all pointing at shop_copy.
    const defs = await definitions('shop_copy');
    expect(defs).toMatch(/shop_copy/);
    expect(defs.replace(/shop_copy/g, '')).not.toMatch(/`?shop`?\s*\./);
    const triggerTable = await server.sql("SELECT EVENT_OBJECT_SCHEMA FROM information_schema.TRIGGERS WHERE TRIGGER_NAME = 'orders_ai' ORDER BY 1");
    expect(triggerTable.trim().split('\n')).toEqual(['shop', 'shop_copy']);
    // And behaves so: its trigger and procedure write its own log, its view counts its own orders.
    const liveLog = await server.sql('SELECT COUNT(*) FROM shop.log');
    await server.sql("INSERT INTO shop_copy.orders VALUES (10, 1, 1); CALL shop_copy.p_log('copy');");
    expect(await server.sql('SELECT COUNT(*) FROM shop.log')).toBe(liveLog);
    expect(await server.sql("SELECT msg FROM shop_copy.log WHERE msg IN ('order 10', 'copy') ORDER BY msg")).toBe('copy\norder 10\n');
    expect(await server.sql('SELECT n FROM shop_copy.v_count')).toBe('4\n');
    expect(await server.sql('SELECT n FROM shop.v_count')).toBe('3\n');
    expect(await state('shop')).toBe(before);
  });

  it('a database name with an apostrophe, brackets, a backtick and Japanese: backed up (events aside, with a warning) and moved', async () => {
    const name = "ショップ's [本店]`x";
    await server.sql(qualifiedShopSql(name));
    const file = join(work.path, 'hostile.sql.gz');
    const dump = await dumpDatabase({ client, target: target(), database: name, outFile: file, level: 1, compressor: gzipCompressor });
    // mysqldump cannot dump the events of a database whose name holds an apostrophe ("Unknown
    // database"): the rest is backed up, and the warning says which events are missing and why.
    expect(dump.events).toEqual([]);
    expect(dump.warnings.map(en)).toEqual([expect.stringMatching(/^The event `ev_trim` of `ショップ's \[本店\]``x` is not in this backup: mysqldump cannot save the events of a database whose name contains an apostrophe/)]);
    expect(dump.warnings[0]).toMatchObject({ code: 'mysql-dump-events-skipped', params: { count: 1, events: '`ev_trim`' } });
    const item = manifestItem(name, dump);
    const before = await state(name);
    const checks = await testRestoreMysqlItem({ client, target: target(), item, file });
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(await state(name)).toBe(before);

    const copy = "コピー's [2]`y";
    const out = await restoreMysqlItem({ client, target: target(), item, file, toDatabase: copy, safetyBackup: null, stripDefiners: false });
    expect(out.error).toBeNull();
    expect(out.verification.filter((c) => !c.ok)).toEqual([]);
    expect(await state(name)).toBe(before);
    const defs = await definitions(copy);
    expect(defs).toContain(copy.replace(/`/g, '``'));
    expect(defs).not.toContain(name.replace(/`/g, '``'));
  });

  it('refuses, naming the object, when a qualifier cannot be told from a table or alias — before anything changes', async () => {
    await server.sql(`
      CREATE DATABASE amb CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
      CREATE TABLE amb.orders (id INT PRIMARY KEY);
      CREATE TABLE amb.log (id INT AUTO_INCREMENT PRIMARY KEY, n INT);
      -- "amb.id" here is the alias's column, while "amb.log" would be the database's table.
      CREATE TRIGGER amb.t AFTER INSERT ON amb.orders FOR EACH ROW INSERT INTO amb.log (n) SELECT amb.id FROM amb.orders AS amb WHERE amb.id = NEW.id;
    `);
    const file = join(work.path, 'amb.sql.gz');
    const dump = await dumpDatabase({ client, target: target(), database: 'amb', outFile: file, level: 1, compressor: gzipCompressor });
    const item = manifestItem('amb', dump);
    const before = await state('amb');
    const out = await restoreMysqlItem({ client, target: target(), item, file, toDatabase: 'amb_copy', safetyBackup: null, stripDefiners: false });
    expect(out.status).toBe('failed');
    expect(out.error?.code).toBe('mysql-rename-unsafe');
    expect(out.error?.message).toMatch(/TRIGGER `t` refers to amb\.\w+, and also uses "amb" as the name of a table or an alias/);
    expect(out.error?.params).toMatchObject({ object: 'TRIGGER `t`', name: 'amb' });
    expect(enLines(out.steps)).toMatch(/Nothing was changed/);
    expect(await server.sql("SHOW DATABASES LIKE 'amb_copy'")).toBe('');
    const checks = await testRestoreMysqlItem({ client, target: target(), item, file });
    expect(enChecks(checks)).toEqual([expect.objectContaining({ check: 'import', ok: false, detail: expect.stringMatching(/cannot be restored as `amb__kura_verify`/) })]);
    expect(await server.sql("SHOW DATABASES LIKE 'amb%kura%'")).toBe('');
    expect(await state('amb')).toBe(before);
    // Should a caller skip the scan, the import itself stops at that object instead of writing past it.
    await server.sql('CREATE DATABASE amb_direct');
    await expect(importDump({ client, target: target(), database: 'amb_direct', file, stripDefiners: false, renameFrom: 'amb' })).rejects.toMatchObject({
      code: 'mysql-rename-unsafe',
      message: expect.stringMatching(/TRIGGER `t` refers to amb\.\w+/),
    });
    expect(await server.sql("SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = 'amb'")).toBe('1\n');
    await server.sql('DROP DATABASE amb_direct');
    // Under its own name it restores fine: the refusal is about moving it, not about the dump.
    await server.sql('DROP DATABASE amb');
    const own = await restoreMysqlItem({ client, target: target(), item, file, toDatabase: 'amb', safetyBackup: null, stripDefiners: false });
    expect(own.status).toBe('success');
    expect(await state('amb')).toBe(before);
  });
});

function manifestItem(database: string, dump: Awaited<ReturnType<typeof dumpDatabase>>): MysqlManifestItem {
  return mysqlManifestItem('db', 'mysql/db/x.sql.gz', database, dump);
}
