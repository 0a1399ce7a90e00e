/**
 * `kura restore` and `kura verify --restore-test` wired end to end through the CLI, against real
 * MariaDB and Redis: a database into a new name, a damaged database over itself with a safety dump,
 * Redis after FLUSHALL, and a snapshot proven restorable and marked verified.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeychainSecretStore } from '../../../electron/engine/secrets/keychain-secret-store.js';
import { runKura } from '../../harness/kura-cli.js';
import { startMariaDb, type MariaDbServer } from '../../harness/mariadb.js';
import { startRedis, type RedisServer } from '../../harness/redis.js';
import { tempDir } from '../../harness/tmp.js';

const MY = 'cr-my-' + Math.random().toString(36).slice(2);
const RD = 'cr-rd-' + Math.random().toString(36).slice(2);

/** A message in `--json`: code, facts and the sentence in the CLI's language. */
type MessageJson = { code: string; params: Record<string, string | number>; text: string };

interface RestoreJson {
  status: string;
  steps: MessageJson[];
  verification: Array<{ check: MessageJson; ok: boolean; detail: MessageJson }>;
  safetyBackup: { path: string } | null;
  error: { code: string; message: string } | null;
}

describe('kura restore (MySQL, Redis) and verify --restore-test', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let db: MariaDbServer;
  let redis: RedisServer;
  let env: Record<string, string>;
  const checksum = async (database: string) => (await db.sql('CHECKSUM TABLE `order`, items EXTENDED', database)).replace(/^\S+\./gm, '');

  beforeAll(async () => {
    work = await tempDir('kura-crestore-');
    await mkdir(join(work.path, 'backups')); // the backup disk exists before a job uses it
    [db, redis] = await Promise.all([startMariaDb(), startRedis({ password: RD, extraConfig: { 'enable-debug-command': 'yes' } })]);
    await db.sql('CREATE DATABASE `shop-jp` CHARACTER SET utf8mb4');
    await db.sql(
      "CREATE TABLE `order` (id INT PRIMARY KEY, note VARCHAR(50)); INSERT INTO `order` VALUES (1,'注文 🍣'),(2,'b');" +
        'CREATE TABLE items (id INT PRIMARY KEY, qty INT); INSERT INTO items SELECT seq, seq % 7 FROM seq_1_to_5000;' +
        'CREATE VIEW v_big AS SELECT id FROM items WHERE qty > 3;',
      'shop-jp',
    );
    // The restore user can create databases (restore into a new name) and take safety dumps.
    await db.sql(`CREATE USER 'kura'@'%' IDENTIFIED BY '${MY}'; GRANT ALL PRIVILEGES ON *.* TO 'kura'@'%';`);
    const c = await redis.client();
    await c.pipeline([
      ['SET', 'k1', 'v1'],
      ['HSET', 'cart:1', 'sku', '42', '名前', '抹茶'],
      ['ZADD', 'rank', '1', 'a', '2', 'b'],
      ['SET', 'ttl-key', 'x', 'EX', '3600'],
      ['SELECT', '3'],
      ['RPUSH', 'queue', 'a', 'b', 'c'],
    ]);
    await c.close();
    env = { KURA_HOME: join(work.path, 'home') };
    await mkdir(env['KURA_HOME']!);
    const secrets = createKeychainSecretStore();
    await secrets.set('cr-mysql', MY);
    await secrets.set('cr-redis', RD);
    await writeFile(
      join(env['KURA_HOME']!, 'config.json'),
      JSON.stringify({
        version: 1,
        jobs: [
          {
            id: 'shop',
            name: 'Shop',
            destination: { path: join(work.path, 'backups') },
            sources: [
              { id: 'db', type: 'mysql', host: '127.0.0.1', port: db.port, user: 'kura', passwordRef: 'cr-mysql', databases: ['shop-jp'] },
              { id: 'cache', type: 'redis', host: '127.0.0.1', port: redis.port, passwordRef: 'cr-redis' },
            ],
          },
        ],
      }),
    );
    const r = await runKura(['run', 'shop', '--json'], env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
  afterAll(async () => {
    await Promise.all([db?.stop(), redis?.stop()]);
    await work?.cleanup();
  });

  it('restores a database into a new name, identical by CHECKSUM TABLE', async () => {
    const r = await runKura(['restore', 'shop', 'latest', '--source', 'db', '--to-database', 'shop-copy', '--yes', '--json'], env);
    const out = r.json as RestoreJson;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(out.status).toBe('success');
    expect(out.safetyBackup).toBeNull(); // a new database: nothing to protect
    expect(out.steps.map((s) => s.code)).toContain('mysql-restore-importing-parallel');
    expect(out.verification.length).toBeGreaterThan(0);
    expect(out.verification.every((c) => c.ok)).toBe(true);
    expect(await checksum('shop-copy')).toBe(await checksum('shop-jp'));
    expect(await db.sql('SELECT COUNT(*) FROM v_big', 'shop-copy')).toBe(await db.sql('SELECT COUNT(*) FROM v_big', 'shop-jp'));
  });

  it('restores a damaged database over itself, taking a safety dump first', async () => {
    const good = await checksum('shop-jp');
    await db.sql("DELETE FROM items WHERE id > 100; UPDATE `order` SET note = 'hacked';", 'shop-jp');
    const r = await runKura(['restore', 'shop', 'latest', '--source', 'db', '--yes', '--json'], env);
    const out = r.json as RestoreJson;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(out.safetyBackup?.path).toMatch(/_safety/);
    expect(await checksum('shop-jp')).toBe(good);
    const safety = (await runKura(['snapshots', 'shop', '--safety', '--json'], env)).json as Array<{ files: Array<{ name: string }> }>;
    expect(safety).toHaveLength(1);
    expect(safety[0]!.files.map((f) => f.name)).toEqual(['shop-jp.sql.gz']);
  });

  it('restores one table with --table into another database; the plan says what, and about how long', async () => {
    const args = ['restore', 'shop', 'latest', '--source', 'db', '--table', 'items', '--to-database', 'items only'];
    const plan = await runKura([...args, '--json'], env);
    expect(plan.stderr).toContain('Import only the table `items`');
    expect(plan.stderr).toMatch(/This takes about .+ at a cautious .+ of SQL per second/);
    const r = await runKura([...args, '--yes', '--json'], env);
    const out = r.json as RestoreJson;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(out.steps.map((s) => s.code)).toContain('mysql-restore-importing-table');
    expect(await db.sql("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'items only'")).toBe('items\n');
    expect(await db.sql('CHECKSUM TABLE items EXTENDED', 'items only')).toBe(await db.sql('CHECKSUM TABLE items EXTENDED', 'shop-jp').then((x) => x.replace('shop-jp.', 'items only.')));
    const unknown = await runKura(['restore', 'shop', 'latest', '--source', 'db', '--table', 'nope', '--yes', '--json'], env);
    expect(unknown.code).toBe(2);
    expect((unknown.json as RestoreJson).error?.code).toBe('mysql-restore-table-unknown');
    const badCount = await runKura(['restore', 'shop', 'latest', '--source', 'db', '--connections', 'many', '--yes', '--json'], env);
    expect(badCount.code).toBe(2);
    expect(badCount.stderr).toContain('connections');
    // One connection: the dump goes in as one stream, as before parts existed.
    const one = await runKura(['restore', 'shop', 'latest', '--source', 'db', '--connections', '1', '--to-database', 'one stream', '--yes', '--json'], env);
    expect(one.code, one.stdout + one.stderr).toBe(0);
    expect((one.json as RestoreJson).steps.map((s) => s.code)).toContain('mysql-restore-importing');
  });

  it('restores Redis after FLUSHALL, keys and TTLs back in every database', async () => {
    const c = await redis.client();
    try {
      const digest = async () => JSON.stringify(await c.command('DEBUG', 'DIGEST'));
      const before = await digest();
      await c.command('FLUSHALL');
      expect(await digest()).not.toBe(before);
      const r = await runKura(['restore', 'shop', 'latest', '--source', 'cache', '--flush', '--yes', '--json'], env);
      const out = r.json as RestoreJson;
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(out.verification.every((v) => v.ok)).toBe(true);
      expect(await digest()).toBe(before);
      const ttl = await c.command('TTL', 'ttl-key');
      expect((ttl as { value: number }).value).toBeGreaterThan(3000);
    } finally {
      await c.close();
    }
  });

  it('proves the snapshot restorable and records it as verified', async () => {
    const r = await runKura(['verify', 'shop', 'latest', '--restore-test', '--json'], env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect((r.json as { ok: boolean }).ok).toBe(true);
    expect(await db.sql("SHOW DATABASES LIKE '%kura_verify%'")).toBe('');
    const snaps = (await runKura(['snapshots', 'shop', '--json'], env)).json as Array<{ verified: { kind: string } | null }>;
    expect(snaps.at(-1)!.verified?.kind).toBe('restore-test');
    // Re-verifying still passes: recording the result did not break the snapshot's checks.
    expect((await runKura(['verify', 'shop', 'latest'], env)).code).toBe(0);
    // In Japanese: the verdict and every item's checks.
    const ja = await runKura(['verify', 'shop', 'latest', '--restore-test'], { ...env, LANG: 'ja_JP.UTF-8' });
    expect(ja.code, ja.stdout + ja.stderr).toBe(0);
    expect(ja.stdout).toMatch(/^スナップショット \S+：復元テストに合格しました（.+ に検証済みとして記録しました）/);
    expect(ja.stdout).not.toMatch(/restore test passed|FAILED/);
  });
});
