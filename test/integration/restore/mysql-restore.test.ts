/**
 * restoreMysqlItem / planMysqlRestore / testRestoreMysqlItem against a real MariaDB server, with real
 * dumps made by dumpDatabase and the real `mariadb` client doing the import.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../../electron/engine/progress.js';
import { planMysqlRestore, restoreMysqlItem, testRestoreMysqlItem } from '../../../electron/engine/restore/mysql-restore.js';
import type { MysqlManifestItem } from '../../../electron/engine/snapshot/manifest.js';
import { createToolResolver } from '../../../electron/engine/tools/resolve-tool.js';
import { detectMysqlClient, dumpDatabase, gzipCompressor, type MysqlClient, type MysqlTarget, verifyDumpFile } from '../../../electron/engine/tools/mysql/index.js';
import { type MariaDbServer, sqlString, startMariaDb } from '../../harness/mariadb.js';
import { awkwardShopSql } from '../../harness/mysql-shop.js';
import { tempDir } from '../../harness/tmp.js';
import { en, enChecks, enLines, messagesOf, notJapanese } from '../../harness/messages.js';

const PASSWORD = `Restore-pw 🍣 "dq" 'sq' back\\slash #hash ;semi `;
const SHOP_PW = 'shop-pw-寿司';
const DB = 'shop-jp';
const TABLES = ['log_myisam', 'order', '商品'];

let server: MariaDbServer;
let client: MysqlClient;
let work: { path: string; cleanup: () => Promise<void> };
/** The snapshot of DB as dumpDatabase made it (by the administrator account). */
let dumpFile: string;
let item: MysqlManifestItem;
/** ~9 MB of SQL: long enough to watch argv, see progress and cancel. */
let bulkFile: string;
let bulkItem: MysqlManifestItem;

const admin = (): MysqlTarget => ({ host: '127.0.0.1', port: server.port, user: 'kadmin', password: PASSWORD });
/** Owns some databases, has no SUPER / SET USER: cannot recreate objects owned by root. */
const shopUser = (): MysqlTarget => ({ host: '127.0.0.1', port: server.port, user: 'shopuser', password: SHOP_PW });

const q = (name: string) => '`' + name.replace(/`/g, '``') + '`';

beforeAll(async () => {
  [server, client, work] = await Promise.all([startMariaDb(), detectMysqlClient(createToolResolver()), tempDir('kura-restore-it-')]);
  await server.sql(`
    ${awkwardShopSql(DB, 'ご注文ありがとうございます 🍣🍺 DEFINER=`root`@`localhost`')}
    CREATE USER 'kadmin'@'%' IDENTIFIED BY ${sqlString(PASSWORD)};
    GRANT ALL PRIVILEGES ON *.* TO 'kadmin'@'%' WITH GRANT OPTION;
    CREATE USER 'shopuser'@'%' IDENTIFIED BY ${sqlString(SHOP_PW)};
    GRANT ALL PRIVILEGES ON \`shop\\_owned%\`.* TO 'shopuser'@'%';
  `);
  dumpFile = join(work.path, 'shop-jp.sql.gz');
  // Single-threaded zlib for the snapshot itself: the test is about restore, not about the compressor.
  const res = await dumpDatabase({ client, target: admin(), database: DB, outFile: dumpFile, level: 6, compressor: gzipCompressor });
  item = {
    source: 'db',
    type: 'mysql',
    path: 'mysql/db/shop-jp.sql.gz',
    database: DB,
    bytes: res.bytes,
    sha256: res.sha256,
    uncompressedBytes: res.uncompressedBytes,
    compression: 'gzip',
    serverVersion: res.serverVersion,
    serverFlavour: res.serverFlavour,
    tables: res.tables,
    views: res.views,
    routines: res.routines,
    triggers: res.triggers,
    events: res.events,
    rowCounts: res.rowCounts,
    durationMs: res.durationMs,
  };
  expect(item.triggers).toEqual(['order_bi']);

  await server.sql(`
    CREATE DATABASE bulk;
    USE bulk;
    CREATE TABLE bulk.big (id INT PRIMARY KEY, payload VARCHAR(255)) ENGINE=InnoDB;
    INSERT INTO bulk.big SELECT seq, CONCAT(REPEAT(MD5(seq), 4), ' 寿司') FROM seq_1_to_60000;
  `);
  bulkFile = join(work.path, 'bulk.sql.gz');
  const b = await dumpDatabase({ client, target: admin(), database: 'bulk', outFile: bulkFile, level: 1, compressor: gzipCompressor });
  bulkItem = { ...item, database: 'bulk', path: 'mysql/db/bulk.sql.gz', bytes: b.bytes, sha256: b.sha256, uncompressedBytes: b.uncompressedBytes, tables: b.tables, views: [], routines: [], triggers: [], events: [], rowCounts: b.rowCounts };
});

afterAll(async () => {
  await server?.stop();
  await work?.cleanup();
});

/** CHECKSUM TABLE of every table, keyed by table name (so two databases can be compared). */
async function checksums(db: string): Promise<Record<string, string>> {
  const out = await server.sql(`CHECKSUM TABLE ${TABLES.map((t) => `${q(db)}.${q(t)}`).join(', ')} EXTENDED;`);
  const result: Record<string, string> = {};
  for (const line of out.trim().split('\n')) {
    const [name, sum] = line.split('\t');
    result[name!.slice(db.length + 1)] = sum!;
  }
  return result;
}

/** Every object of a database, as information_schema lists them. */
async function objects(db: string): Promise<string> {
  const s = sqlString(db);
  return server.sql(`
    SELECT 'table', TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE TABLE_SCHEMA = ${s} ORDER BY TABLE_NAME;
    SELECT 'routine', ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ${s} ORDER BY ROUTINE_NAME;
    SELECT 'trigger', TRIGGER_NAME, ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ${s} ORDER BY TRIGGER_NAME;
    SELECT 'event', EVENT_NAME, STATUS FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ${s} ORDER BY EVENT_NAME;
  `);
}

async function databases(): Promise<string[]> {
  return (await server.sql('SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY 1;')).trim().split('\n');
}

/** A copy of the snapshot dump with `edit` applied to its SQL (still ending with the trailer). */
async function editedDump(name: string, edit: (sql: string) => string): Promise<string> {
  const sql = gunzipSync(await readFile(dumpFile)).toString('utf8');
  const edited = edit(sql);
  expect(edited).not.toBe(sql);
  const path = join(work.path, name);
  await writeFile(path, gzipSync(edited));
  await verifyDumpFile(path);
  return path;
}

/** A database made from the snapshot and then damaged: some rows gone, a price changed, the trigger dropped. */
async function damagedCopy(db: string): Promise<void> {
  const r = await restoreMysqlItem({ client, target: admin(), item, file: dumpFile, toDatabase: db, safetyBackup: null, stripDefiners: false });
  expect(r.status).toBe('success');
  await server.sql(`
    USE ${q(db)};
    DELETE FROM \`order\` WHERE id = 2;
    UPDATE \`商品\` SET price = 999 WHERE sku = 'SKU-1';
    DROP TRIGGER order_bi;
    CREATE TABLE extra_local (id INT PRIMARY KEY);
    INSERT INTO extra_local VALUES (7);
  `);
}

/** Reads every process's argv from /proc while `until` is pending. */
async function watchArgv(until: Promise<unknown>, onProc: (cmdline: string) => void): Promise<void> {
  let done = false;
  until.then(
    () => (done = true),
    () => (done = true),
  );
  while (!done) {
    for (const pid of await readdir('/proc')) {
      if (!/^\d+$/.test(pid) || pid === String(process.pid)) continue;
      const cmdline = await readFile(`/proc/${pid}/cmdline`).catch(() => null);
      if (cmdline && cmdline.length > 0) onProc(cmdline.toString('utf8'));
    }
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('restoreMysqlItem', () => {
  it('restores into a new (hyphenated) name: identical tables, every object back, verified, no password in argv', async () => {
    const events: ProgressEvent[] = [];
    const r = await restoreMysqlItem({
      client,
      target: admin(),
      item,
      file: dumpFile,
      toDatabase: 'restored-copy',
      safetyBackup: { dir: join(work.path, 'safety-new') },
      stripDefiners: false,
      onProgress: (e) => events.push(e),
    });

    expect(r.error).toBeNull();
    expect(r.status).toBe('success');
    expect(r.safetyBackup).toBeNull();
    expect(en(r.steps[0]!)).toContain('Creating the database `restored-copy`');
    expect(r.verification.filter((c) => !c.ok)).toEqual([]);
    expect(enChecks(r.verification).map((c) => c.check)).toEqual(['tables', 'views', 'routines', 'triggers', 'events', 'rows in `log_myisam`', 'rows in `order`', 'rows in `商品`']);
    // Every step and check of a MySQL restore reads in Japanese too (facts aside).
    expect(notJapanese(messagesOf(r))).toEqual([]);
    // The progress line speaks as data too.
    expect(events.filter((e) => e.kind === 'step').every((e) => e.kind === 'step' && e.message.code !== 'text')).toBe(true);
    expect(await checksums('restored-copy')).toEqual(await checksums(DB));
    expect((await objects('restored-copy')).replaceAll('restored-copy', DB)).toBe(await objects(DB));
    const bytes = events.filter((e) => e.kind === 'bytes');
    expect(bytes.at(-1)).toEqual({ kind: 'bytes', sourceId: 'db', bytes: item.bytes, totalBytes: item.bytes });
  });

  it('streams a bigger dump with progress, never putting the password in any argv', async () => {
    const argvs = new Set<string>();
    const events: ProgressEvent[] = [];
    const restore = restoreMysqlItem({
      client,
      target: admin(),
      item: bulkItem,
      file: bulkFile,
      toDatabase: 'bulk-copy',
      safetyBackup: null,
      stripDefiners: true,
      onProgress: (e) => events.push(e),
    });
    await watchArgv(restore, (cmd) => argvs.add(cmd));
    const r = await restore;
    expect(r.status).toBe('success');
    expect(r.verification.filter((c) => !c.ok)).toEqual([]);
    const bytes = events.filter((e) => e.kind === 'bytes').map((e) => (e.kind === 'bytes' ? e.bytes : 0));
    expect(bytes.length).toBeGreaterThan(1);
    expect(bytes.at(-1)).toBe(bulkItem.bytes);
    expect([...bytes].sort((a, b) => a - b)).toEqual(bytes);

    const imports = [...argvs].filter((a) => a.split('\0').includes('bulk-copy'));
    expect(imports.length).toBeGreaterThan(0);
    // /proc/<pid>/cmdline: NUL-separated, NUL-terminated.
    for (const a of imports) expect(a.split('\0').slice(1, -1)).toEqual([expect.stringMatching(/^--defaults-extra-file=/), '--default-character-set=utf8mb4', '--binary-mode', '--max-allowed-packet=1073741824', '--connect-timeout=15', '--', 'bulk-copy']);
    expect([...argvs].filter((a) => a.includes('Restore-pw') || a.includes('🍣'))).toEqual([]);
    expect(await server.sql('CHECKSUM TABLE `bulk-copy`.big EXTENDED;')).toBe((await server.sql('CHECKSUM TABLE bulk.big EXTENDED;')).replace('bulk.big', 'bulk-copy.big'));
  });

  it('reports a server that goes away mid-import, and the state it left', async () => {
    const other = await startMariaDb();
    try {
      await other.sql(`CREATE USER 'kadmin'@'%' IDENTIFIED BY ${sqlString(PASSWORD)}; GRANT ALL PRIVILEGES ON *.* TO 'kadmin'@'%';`);
      // Kill the server once the import has begun (its first table exists): read-ahead makes file progress a poor clock here.
      let killed = false;
      const restore = restoreMysqlItem({
        client,
        target: { ...admin(), port: other.port },
        item: bulkItem,
        file: bulkFile,
        toDatabase: 'bulk',
        safetyBackup: null,
        stripDefiners: false,
      });
      let settled = false;
      void restore.finally(() => (settled = true)).catch(() => {});
      while (!settled && !killed) {
        const n = await other.sql("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'bulk';").catch(() => '0');
        if (Number(n) > 0) {
          killed = true;
          process.kill(other.pid, 'SIGKILL');
        }
      }
      const r = await restore;
      expect(killed).toBe(true);
      expect(r.status).toBe('failed');
      expect(r.error?.code).toBe('mysql-import-connection-lost');
      expect(r.error?.category).toBe('network');
      expect(r.error?.message).toContain(`127.0.0.1:${other.port}`);
      expect(en(r.steps.at(-1)!)).toContain('`bulk` was created by this restore and now holds only part of the snapshot');
    } finally {
      await other.stop();
    }
  });

  it('rolls back when cancelled mid-import', async () => {
    await server.sql('CREATE DATABASE `bulk-cancel`; CREATE TABLE `bulk-cancel`.big (id INT PRIMARY KEY, payload VARCHAR(255)); INSERT INTO `bulk-cancel`.big VALUES (1, \'before\');');
    const ac = new AbortController();
    const r = await restoreMysqlItem({
      client,
      target: admin(),
      item: bulkItem,
      file: bulkFile,
      toDatabase: 'bulk-cancel',
      safetyBackup: { dir: join(work.path, 'safety-cancel') },
      stripDefiners: false,
      signal: ac.signal,
      // The first progress event comes with the first chunk read, before the client can have finished:
      // a later one can arrive after the (fast) import already completed.
      onProgress: (e) => {
        if (e.kind === 'bytes' && !ac.signal.aborted) ac.abort();
      },
    });
    expect(ac.signal.aborted).toBe(true);
    expect(r.status).toBe('cancelled');
    expect(r.error?.code).toBe('cancelled');
    expect(enLines(r.steps)).toContain('Rolled back: `bulk-cancel` is as it was before the restore (tables: 1, views: 0');
    expect(await server.sql('SELECT * FROM `bulk-cancel`.big;')).toBe('1\tbefore\n');
  });

  it('restores a damaged database over itself after taking a verified safety dump of it', async () => {
    await damagedCopy('shop-fix');
    const damaged = await checksums('shop-fix');
    expect(damaged).not.toEqual(await checksums(DB));
    const dir = join(work.path, 'safety-fix');

    const r = await restoreMysqlItem({ client, target: admin(), item, file: dumpFile, toDatabase: 'shop-fix', safetyBackup: { dir }, stripDefiners: false });

    expect(r.status).toBe('success');
    expect(r.safetyBackup).toEqual({ path: join(dir, 'shop-fix.sql.gz') });
    await verifyDumpFile(r.safetyBackup!.path);
    // The safety dump holds the damaged state (price 999, the extra table, no trigger).
    const safetySql = gunzipSync(await readFile(r.safetyBackup!.path)).toString('utf8');
    expect(safetySql).toContain("'SKU-1','抹茶 🍵',999");
    expect(safetySql).toContain('CREATE TABLE `extra_local`');
    expect(safetySql).not.toContain('order_bi');
    // Repaired: identical to the snapshot, trigger back; the table the snapshot does not know is reported, kept.
    expect(await checksums('shop-fix')).toEqual(await checksums(DB));
    expect(await server.sql("SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = 'shop-fix';")).toBe('order_bi\n');
    expect(r.verification.every((c) => c.ok)).toBe(true);
    expect(enChecks(r.verification).find((c) => c.check === 'tables')!.detail).toContain('`extra_local`');
    expect(enLines(r.steps)).toMatch(/holds data \(tables: 4, views: 1\): taking a safety backup/);
  });

  it('rolls a failing import back to exactly the state before the restore', async () => {
    await damagedCopy('shop-rollback');
    const before = await checksums('shop-rollback');
    const beforeObjects = await objects('shop-rollback');
    // Invalid SQL after the last table's data: the tables are already replaced when it fails.
    const broken = await editedDump('broken-tail.sql.gz', (sql) => sql.replace(/\n-- Dumping routines/, '\nTHIS IS NOT SQL;\n-- Dumping routines'));

    const r = await restoreMysqlItem({
      client,
      target: admin(),
      item,
      file: broken,
      toDatabase: 'shop-rollback',
      safetyBackup: { dir: join(work.path, 'safety-rb') },
      stripDefiners: false,
    });

    expect(r.status).toBe('rolled-back');
    expect(r.error?.code).toBe('mysql-dump-syntax');
    expect(r.error?.message).toMatch(/cannot read: ERROR 1064 \(42000\) at line \d+: .*THIS IS NOT SQL/);
    const steps = enLines(r.steps);
    expect(steps).toContain('The import failed');
    expect(steps).toContain('Rolled back: `shop-rollback` is as it was before the restore (tables: 4, views: 1');
    expect(notJapanese(messagesOf(r))).toEqual([]);
    expect(await checksums('shop-rollback')).toEqual(before);
    expect(await objects('shop-rollback')).toBe(beforeObjects);
    expect(await server.sql('SELECT id FROM `shop-rollback`.extra_local;')).toBe('7\n');
  });

  it('says plainly what state a database is in when an import fails without a safety dump', async () => {
    const broken = await editedDump('broken-tail2.sql.gz', (sql) => sql.replace(/\n-- Dumping routines/, '\nTHIS IS NOT SQL;\n-- Dumping routines'));
    const r = await restoreMysqlItem({ client, target: admin(), item, file: broken, toDatabase: 'half-new', safetyBackup: { dir: work.path }, stripDefiners: false });
    expect(r.status).toBe('failed');
    expect(r.safetyBackup).toBeNull();
    // The restore created it, so it removes the half-imported copy again: the server is as it was.
    expect(en(r.steps.at(-1)!)).toBe('Removed the half-imported `half-new` that this restore had created: the server is as it was before.');
    expect(await server.sql("SHOW DATABASES LIKE 'half-new'")).toBe('');

    await damagedCopy('half-old');
    const r2 = await restoreMysqlItem({ client, target: admin(), item, file: broken, toDatabase: 'half-old', safetyBackup: null, stripDefiners: false });
    expect(r2.status).toBe('failed');
    expect(enLines(r2.steps)).toContain('No safety backup of `half-old` was taken (--no-safety-backup)');
    expect(en(r2.steps.at(-1)!)).toContain('is now partly restored');
    expect(en(r2.steps.at(-1)!)).toContain('Kura cannot put it back');
  });

  it('rolls back when a non-SUPER user meets a DEFINER, and --strip-definers makes the same dump import', async () => {
    // The shop user's own database, holding tables only (so its own safety dump restores without SUPER).
    await server.sql(`
      CREATE DATABASE shop_owned_1;
      CREATE TABLE shop_owned_1.\`order\` (id INT PRIMARY KEY, note TEXT);
      INSERT INTO shop_owned_1.\`order\` VALUES (1, 'mine');
    `);
    const before = await server.sql('CHECKSUM TABLE shop_owned_1.`order` EXTENDED;');
    const beforeObjects = await objects('shop_owned_1');
    const r = await restoreMysqlItem({
      client,
      target: shopUser(),
      item,
      file: dumpFile,
      toDatabase: 'shop_owned_1',
      safetyBackup: { dir: join(work.path, 'safety-definer') },
      stripDefiners: false,
    });
    expect(r.status).toBe('rolled-back');
    expect(r.error?.code).toBe('mysql-definer-denied');
    expect(r.error?.message).toContain('DEFINER');
    expect(r.error?.hint).toContain('--strip-definers');
    expect(await server.sql('CHECKSUM TABLE shop_owned_1.`order` EXTENDED;')).toBe(before);
    expect(await objects('shop_owned_1')).toBe(beforeObjects);

    const stripped = await restoreMysqlItem({
      client,
      target: shopUser(),
      item,
      file: dumpFile,
      toDatabase: 'shop_owned_2',
      safetyBackup: null,
      stripDefiners: true,
    });
    expect(stripped.error).toBeNull();
    expect(stripped.status).toBe('success');
    expect(enLines(stripped.steps)).toMatch(/\d+ DEFINER clauses? removed/);
    expect(stripped.verification.filter((c) => !c.ok)).toEqual([]);
    expect(await checksums('shop_owned_2')).toEqual(await checksums(DB));
    // The text "DEFINER=`root`@`localhost`" inside a customer's note is data and survived.
    expect(await server.sql('SELECT note FROM shop_owned_2.`order` WHERE id = 1;')).toContain('DEFINER=`root`@`localhost`');
    expect(await server.sql("SELECT DISTINCT DEFINER FROM information_schema.VIEWS WHERE TABLE_SCHEMA = 'shop_owned_2';")).toBe('shopuser@%\n');
    expect(await server.sql("SELECT DISTINCT DEFINER FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = 'shop_owned_2';")).toBe('shopuser@%\n');
  });

  it('explains a MySQL 8 dump using utf8mb4_0900_ai_ci', async () => {
    const sql = [
      '-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)',
      '/*!40101 SET NAMES utf8mb4 */;',
      'DROP TABLE IF EXISTS `customers`;',
      'CREATE TABLE `customers` (',
      '  `id` int NOT NULL AUTO_INCREMENT,',
      '  `name` varchar(100) COLLATE utf8mb4_0900_ai_ci DEFAULT NULL,',
      '  PRIMARY KEY (`id`)',
      ') ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;',
      "INSERT INTO `customers` VALUES (1,'佐藤');",
      '-- Dump completed on 2024-05-01 10:00:00',
      '',
    ].join('\n');
    const file = join(work.path, 'mysql8.sql.gz');
    await writeFile(file, gzipSync(sql));
    const mysql8Item: MysqlManifestItem = { ...item, database: 'legacy', tables: ['customers'], views: [], routines: [], triggers: [], events: [], rowCounts: { customers: 1 }, serverVersion: '8.0.36', serverFlavour: 'mysql' };
    const r = await restoreMysqlItem({ client, target: admin(), item: mysql8Item, file, toDatabase: 'from-mysql8', safetyBackup: null, stripDefiners: false });
    expect(r.status).toBe('failed');
    expect(r.error?.code).toBe('mysql-mysql8-collation');
    expect(r.error?.message).toContain('MySQL 8');
    expect(r.error?.message).toContain('"utf8mb4_0900_ai_ci"');
    expect(r.error?.message).toContain('line 4 of the dump');
    expect(r.error?.hint).toContain('utf8mb4_unicode_520_ci');
    expect(en(r.steps.at(-1)!)).toContain('Removed the half-imported `from-mysql8`');
  });

  it('reports an unknown target host and wrong credentials without touching anything', async () => {
    const bad = await restoreMysqlItem({ client, target: { ...admin(), password: 'wrong' }, item, file: dumpFile, toDatabase: 'x-nope', safetyBackup: null, stripDefiners: false });
    expect(bad.status).toBe('failed');
    expect(bad.error?.code).toBe('mysql-auth-failed');
    expect(en(bad.steps.at(-1)!)).toContain('was not changed');
    const host = await restoreMysqlItem({ client, target: { ...admin(), host: 'no-such-host.invalid' }, item, file: dumpFile, toDatabase: 'x-nope', safetyBackup: null, stripDefiners: false });
    expect(host.error?.code).toBe('mysql-unknown-host');
    const denied = await restoreMysqlItem({ client, target: shopUser(), item, file: dumpFile, toDatabase: 'not-his', safetyBackup: null, stripDefiners: false });
    expect(denied.status).toBe('failed');
    expect(denied.error?.code).toBe('mysql-database-denied');
    expect(await databases()).not.toContain('x-nope');
    expect(await databases()).not.toContain('not-his');
  });
});

describe('planMysqlRestore', () => {
  it('describes a new target and an existing one', async () => {
    const fresh = await planMysqlRestore({ client, target: admin(), item, toDatabase: 'plan-new', safetyBackup: true });
    expect(fresh).toMatchObject({ exists: false, tables: 0, overwrites: null, safetyBackup: null, destructive: false });
    expect(en(fresh.steps[0]!)).toContain('Create the database `plan-new`');

    const existing = await planMysqlRestore({ client, target: admin(), item, toDatabase: DB, safetyBackup: true });
    expect(existing).toMatchObject({ exists: true, tables: 3, destructive: true });
    expect(en(existing.overwrites!)).toContain('`shop-jp`');
    expect(existing.safetyBackup?.willTake).toBe(true);
    // The plan the admin confirms reads in Japanese, whole.
    expect(notJapanese(messagesOf(existing))).toEqual([]);
    expect(notJapanese(messagesOf(fresh))).toEqual([]);
    const noSafety = await planMysqlRestore({ client, target: admin(), item, toDatabase: DB, safetyBackup: false });
    expect(noSafety.safetyBackup?.willTake).toBe(false);
    expect(await databases()).not.toContain('plan-new');
  });
});

describe('testRestoreMysqlItem', () => {
  it('restores into a scratch database, verifies, and leaves no scratch database', async () => {
    const checks = await testRestoreMysqlItem({ client, target: admin(), item, file: dumpFile });
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(en(checks[0]!.check)).toBe('import');
    expect(notJapanese(messagesOf({ steps: [], verification: checks }))).toEqual([]);
    expect(checks.length).toBe(9);
    expect((await databases()).filter((d) => d.includes('__kura_verify'))).toEqual([]);
  });

  it('reports a broken dump as a failed check and still drops the scratch database', async () => {
    const broken = await editedDump('broken-tail3.sql.gz', (sql) => sql.replace(/\n-- Dumping routines/, '\nTHIS IS NOT SQL;\n-- Dumping routines'));
    const checks = await testRestoreMysqlItem({ client, target: admin(), item, file: broken });
    expect(enChecks(checks)).toEqual([{ check: 'import', ok: false, detail: expect.stringContaining('THIS IS NOT SQL') }]);
    expect((await databases()).filter((d) => d.includes('__kura_verify'))).toEqual([]);
  });

  it('creates events disabled in the scratch database', async () => {
    // Watch the scratch database while the test runs: its event must never be ENABLED.
    const statuses = new Set<string>();
    const run = testRestoreMysqlItem({ client, target: admin(), item, file: dumpFile });
    let done = false;
    void run.finally(() => (done = true)).catch(() => {});
    while (!done) {
      const s = await server.sql("SELECT STATUS FROM information_schema.EVENTS WHERE EVENT_SCHEMA = 'shop-jp__kura_verify';");
      for (const line of s.split('\n')) if (line) statuses.add(line);
    }
    expect((await run).every((c) => c.ok)).toBe(true);
    expect(statuses.has('ENABLED')).toBe(false);
  });
});

describe('file checks', () => {
  it('the dump used above really carries DEFINER clauses and an enabled event', async () => {
    const sql = gunzipSync(await readFile(dumpFile)).toString('utf8');
    expect(sql).toMatch(/DEFINER=`root`@`localhost`/);
    expect(sql).toMatch(/ON COMPLETION NOT PRESERVE ENABLE DO/);
    expect((await stat(dumpFile)).size).toBe(item.bytes);
  });
});
