/**
 * `kura run` end to end against real servers: an rsync daemon, MariaDB and Redis on loopback, the real
 * OS keychain (under test/run-with-keyring.sh), and the CLI as a child process.
 */
import { readdir, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from '../../../electron/engine/process/run-process.js';
import { startMariaDb } from '../../harness/mariadb.js';
import { startRedis } from '../../harness/redis.js';
import { startRsyncDaemon } from '../../harness/rsyncd.js';
import { runKura, startKura } from '../../harness/kura-cli.js';
import { tempDir } from '../../harness/tmp.js';
import { englishRuns } from '../../harness/english-runs.js';
import { readLock } from '../../../electron/engine/jobs/job-lock.js';

const RSYNC_PW = 'rs-Pa55-' + Math.random().toString(36).slice(2);
const MYSQL_PW = 'my-Pa55-' + Math.random().toString(36).slice(2);
const REDIS_PW = 'rd-Pa55-' + Math.random().toString(36).slice(2);
const SECRETS = [RSYNC_PW, MYSQL_PW, REDIS_PW];

interface RunJson {
  status: string;
  runId: string;
  snapshot: { id: string; path: string } | null;
  items: Array<{ source: string; type: string; status: string; bytes: number; error?: { code: string; params?: Record<string, unknown>; message: string; hint: string | null } | null }>;
  warnings: string[];
  error: { code: string; params?: Record<string, unknown>; message: string; hint: string | null } | null;
}

describe('kura run (files + MariaDB + Redis)', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let db: Awaited<ReturnType<typeof startMariaDb>>;
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let rsyncd: Awaited<ReturnType<typeof startRsyncDaemon>>;
  let env: Record<string, string>;
  let site: string;
  let dest: string;

  const writeConfig = async (patch: (job: Record<string, unknown>) => void = () => {}) => {
    const job: Record<string, unknown> = {
      id: 'shop',
      name: 'My shop',
      destination: { path: dest },
      sources: [
        { id: 'www', type: 'files', from: `rsync://web@127.0.0.1:${rsyncd.port}/www/`, passwordRef: 'shop-rsync', exclude: ['cache/'] },
        { id: 'db', type: 'mysql', host: '127.0.0.1', port: db.port, user: 'backup', passwordRef: 'shop-mysql', databases: ['shop-jp'] },
        { id: 'cache', type: 'redis', host: '127.0.0.1', port: redis.port, passwordRef: 'shop-redis' },
      ],
      retention: { keepLast: 2, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 },
    };
    patch(job);
    await writeFile(join(env['KURA_HOME']!, 'config.json'), JSON.stringify({ version: 1, jobs: [job] }, null, 2));
  };

  beforeAll(async () => {
    work = await tempDir('kura-run-');
    await mkdir(join(work.path, 'backups')); // the backup disk exists before a job uses it
    site = join(work.path, 'site');
    dest = join(work.path, 'backups');
    await mkdir(join(site, '画像 files'), { recursive: true });
    await mkdir(join(site, 'cache'), { recursive: true });
    await writeFile(join(site, 'index.php'), '<?php echo "いらっしゃいませ";');
    await writeFile(join(site, '画像 files', '商品 1.jpg'), Buffer.alloc(300_000, 7));
    await writeFile(join(site, 'cache', 'tmp.bin'), 'cache');
    [db, redis, rsyncd] = await Promise.all([
      startMariaDb(),
      startRedis({ password: REDIS_PW }),
      startRsyncDaemon([
        { name: 'www', path: site, authUsers: { web: RSYNC_PW } },
        // The same tree behind a slow server: holds a run open long enough to race a second one.
        { name: 'slow', path: site, authUsers: { web: RSYNC_PW }, preXferExec: 'sleep 4' },
      ]),
    ]);
    await db.sql('CREATE DATABASE `shop-jp` CHARACTER SET utf8mb4');
    await db.sql(
      "CREATE TABLE `order` (id INT PRIMARY KEY, note VARCHAR(100)) CHARACTER SET utf8mb4; INSERT INTO `order` VALUES (1, '注文 🍣'), (2, 'x');",
      'shop-jp',
    );
    // Enough rows that the dump runs long enough to be seen in /proc.
    await db.sql("CREATE TABLE bulk (id INT PRIMARY KEY, pad VARCHAR(200)); INSERT INTO bulk SELECT seq, REPEAT('x', 200) FROM seq_1_to_150000;", 'shop-jp');
    await db.sql(`CREATE USER 'backup'@'%' IDENTIFIED BY '${MYSQL_PW}'; GRANT SELECT, SHOW VIEW, TRIGGER, LOCK TABLES, EVENT ON \`shop-jp\`.* TO 'backup'@'%';`);
    await runProcess({ file: 'redis-cli', args: ['-p', String(redis.port), 'MSET', 'k1', 'v1', '商品', '🍣'], env: { REDISCLI_AUTH: REDIS_PW } });

    const home = join(work.path, 'home');
    await mkdir(home);
    env = { KURA_HOME: home };
    for (const [ref, pw] of [['shop-rsync', RSYNC_PW], ['shop-mysql', MYSQL_PW], ['shop-redis', REDIS_PW]] as const) {
      const r = await runKura(['secret', 'set', ref], env, pw + '\n');
      expect(r.code, r.stderr).toBe(0);
    }
    await writeConfig();
  });

  afterAll(async () => {
    await Promise.all([db?.stop(), redis?.stop(), rsyncd?.stop()]);
    await work?.cleanup();
  });

  it('backs up every source into a verified snapshot, with no secret in any argv', async () => {
    const seen = new Set<string>();
    let polling = true;
    const poll = (async () => {
      while (polling) {
        for (const pid of await readdir('/proc').catch(() => [] as string[])) {
          if (!/^\d+$/.test(pid)) continue;
          const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
          if (cmd) seen.add(cmd.replace(/\0/g, ' '));
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const r = await runKura(['run', 'shop', '--json'], env);
    polling = false;
    await poll;
    const out = r.json as RunJson;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(out.status).toBe('success');
    expect(out.error).toBeNull();
    expect(out.items.map((i) => `${i.type}:${i.source}:${i.status}`)).toEqual(['files:www:ok', 'mysql:db:ok', 'redis:cache:ok']);
    expect(out.snapshot!.id).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/);
    expect(out.snapshot!.path).toBe(join(dest, 'shop', out.snapshot!.id));

    // The tools really ran while we watched, and none of them saw a password.
    const all = [...seen].join('\n');
    expect(all).toMatch(/rsync/);
    expect(all).toMatch(/(mysqldump|mariadb-dump)/);
    for (const s of SECRETS) expect(all).not.toContain(s);

    const snap = out.snapshot!.path;
    const manifest = JSON.parse(await readFile(join(snap, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'kura-snapshot/3', job: 'shop', id: out.snapshot!.id, status: 'complete' });
    const byType = Object.fromEntries(manifest.items.map((i: { type: string }) => [i.type, i]));
    expect(byType.files).toMatchObject({ path: 'files/www', files: 2 });
    expect(byType.mysql).toMatchObject({ path: 'mysql/db/shop-jp.sql.gz', database: 'shop-jp', tables: ['bulk', 'order'], rowCounts: { bulk: 150000, order: 2 } });
    expect(byType.mysql.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(byType.redis).toMatchObject({ path: 'redis/cache/dump.rdb', keysPerDb: { '0': 2 } });
    expect(await readFile(join(snap, 'files/www/画像 files/商品 1.jpg'))).toHaveLength(300_000);
    await expect(stat(join(snap, 'files/www/cache'))).rejects.toThrow();
    await expect(stat(join(dest, 'shop', out.snapshot!.id + '.partial'))).rejects.toThrow();

    // The dump restores by hand, under another name.
    await db.sql('CREATE DATABASE restored');
    const restore = await runProcess({
      file: 'sh',
      args: ['-c', `gunzip -c "$1" | mariadb --no-defaults -uroot --socket="$2" restored`, 'sh', join(snap, byType.mysql.path), db.socket],
    });
    expect(restore.exitCode, restore.stderr).toBe(0);
    expect(await db.sql('SELECT note FROM `order` WHERE id = 1', 'restored')).toContain('注文 🍣');

    // No secret in config, history, logs or the snapshot.
    const grep = await runProcess({ file: 'grep', args: ['-rlF', '-e', RSYNC_PW, '-e', MYSQL_PW, '-e', REDIS_PW, env['KURA_HOME']!, dest] });
    expect(grep.stdout).toBe('');
    expect(grep.exitCode).toBe(1);

    const verify = await runKura(['verify', 'shop', 'latest', '--json'], env);
    expect(verify.code, verify.stdout).toBe(0);
    expect((verify.json as { ok: boolean }).ok).toBe(true);
  });

  it('hard-links unchanged files to the previous snapshot and keeps deleted files in the old one', async () => {
    const before = (await runKura(['snapshots', 'shop', '--json'], env)).json as Array<{ id: string; path: string }>;
    const prev = before.at(-1)!;
    await rm(join(site, 'index.php'));
    await writeFile(join(site, 'new.txt'), 'new');
    await new Promise((r) => setTimeout(r, 1100)); // a new snapshot id (one-second resolution)
    const r = await runKura(['run', 'shop', '--json'], env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const snap = (r.json as RunJson).snapshot!.path;
    const a = await stat(join(prev.path, 'files/www/画像 files/商品 1.jpg'));
    const b = await stat(join(snap, 'files/www/画像 files/商品 1.jpg'));
    expect(b.ino).toBe(a.ino);
    expect(b.nlink).toBeGreaterThanOrEqual(2);
    await expect(stat(join(snap, 'files/www/index.php'))).rejects.toThrow();
    expect(await readFile(join(prev.path, 'files/www/index.php'), 'utf8')).toContain('いらっしゃいませ');
  });

  it('a wrong rsync password: the files item fails clearly, the database and Redis are still backed up, the files keep their last good copy', async () => {
    const before = ((await runKura(['snapshots', 'shop', '--json'], env)).json as Array<{ id: string }>).map((s) => s.id);
    expect((await runKura(['secret', 'set', 'shop-rsync'], env, 'wrong-password\n')).code).toBe(0);
    try {
      await new Promise((r) => setTimeout(r, 1100));
      const r = await runKura(['run', 'shop', '--json'], env);
      const out = r.json as RunJson;
      expect(r.code).toBe(1);
      expect(out.status).toBe('partial');
      expect(out.items.map((i) => `${i.type}:${i.source}:${i.status}`)).toEqual(['files:www:failed', 'mysql:db:ok', 'redis:cache:ok']);
      const www = out.items[0]!;
      expect(www.error!.message).toMatch(/auth/i);
      expect(www.error!.hint).toBeTruthy();
      expect(out.error!.code).toBe('run-items-failed');
      // The snapshot holds only what was verified; the newest copy of the files is still the one before.
      expect(out.snapshot).not.toBeNull();
      expect(await stat(join(out.snapshot!.path, 'files', 'www')).catch(() => null)).toBeNull();
      const after = ((await runKura(['snapshots', 'shop', '--json'], env)).json as Array<{ id: string }>).map((s) => s.id);
      expect(after).toContain(before.at(-1));
      expect(after.at(-1)).toBe(out.snapshot!.id);
      expect((await readdir(join(dest, 'shop'))).filter((n) => n.endsWith('.partial'))).toEqual([]);
      const history = (await runKura(['history', 'shop', '--json'], env)).json as Array<{ status: string }>;
      expect(history.at(-1)!.status).toBe('partial');

      // The same night in Japanese (LANG): every word of `kura run` is Japanese but the facts, and
      // --json carries each error's code and facts beside its sentence in that language.
      const ja = { ...env, LANG: 'ja_JP.UTF-8' };
      const text = await runKura(['run', 'shop'], ja);
      expect(text.code).toBe(1);
      expect(text.stdout).toMatch(/^一部失敗（/m);
      expect(text.stdout).toContain('で認証に失敗しました。ユーザー名またはパスワードが受け付けられませんでした。');
      expect(text.stdout).toMatch(/^エラー：1 件の項目をバックアップできませんでした/m);
      expect(text.stdout).toMatch(/^ログ：/m);
      expect(englishRuns(text.stdout + text.stderr, ['shop', 'www', 'files', 'mysql', 'redis', 'cache', 'shop-jp'])).toEqual([]);
      const json = (await runKura(['run', 'shop', '--json'], ja)).json as RunJson;
      expect(json.items[0]!.error).toMatchObject({
        code: 'rsync-auth-failed',
        params: { where: expect.stringContaining(`127.0.0.1:${rsyncd.port}`), user: 'web' },
        message: expect.stringContaining('で認証に失敗しました'),
        hint: expect.stringContaining('rsyncd.secrets'),
      });
      expect(json.error).toMatchObject({ code: 'run-items-failed', params: expect.objectContaining({ count: 1 }), message: expect.stringMatching(/^1 件の項目を/) });
    } finally {
      expect((await runKura(['secret', 'set', 'shop-rsync'], env, RSYNC_PW + '\n')).code).toBe(0);
    }
  });

  it('a dump the backup user may not make (no SHOW VIEW): that database fails naming the GRANT, the rest is backed up', async () => {
    await db.sql('CREATE VIEW v_orders AS SELECT id FROM `order`', 'shop-jp');
    await db.sql("REVOKE SHOW VIEW ON `shop-jp`.* FROM 'backup'@'%'");
    try {
      await new Promise((r) => setTimeout(r, 1100));
      const r = await runKura(['run', 'shop', '--json'], env);
      const out = r.json as RunJson;
      expect(r.code).toBe(1);
      expect(out.status).toBe('partial');
      const dbItem = out.items.find((i) => i.type === 'mysql')!;
      expect(dbItem.status).toBe('failed');
      expect(`${dbItem.error!.message} ${dbItem.error!.hint}`).toMatch(/SHOW VIEW/);
      expect(`${dbItem.error!.message} ${dbItem.error!.hint}`).toMatch(/GRANT SHOW VIEW ON/);
      expect(out.items.filter((i) => i.status === 'ok').map((i) => i.type)).toEqual(['files', 'redis']);
    } finally {
      await db.sql("GRANT SHOW VIEW ON `shop-jp`.* TO 'backup'@'%'");
    }
  });

  it('refuses a second run of the same job while one is running', async () => {
    await new Promise((r) => setTimeout(r, 1100));
    await writeConfig((job) => {
      const sources = job['sources'] as Array<Record<string, unknown>>;
      sources.splice(1); // files only, from the slow module: the lock is what is under test
      sources[0]!['from'] = `rsync://web@127.0.0.1:${rsyncd.port}/slow/`;
    });
    try {
      const first = startKura(['run', 'shop', '--json'], env);
      // Wait until the first run holds the lock.
      for (let i = 0; i < 200; i++) {
        if ((await readLock(env['KURA_HOME']!, 'shop')) !== null) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      const second = await runKura(['run', 'shop', '--json'], env);
      expect(second.code).toBe(1);
      expect((second.json as RunJson).error!.code).toBe('job-locked');
      expect((second.json as RunJson).error!.message).toMatch(/already running/);
      const r1 = await first.result;
      expect(r1.exitCode, r1.stdout + r1.stderr).toBe(0);
    } finally {
      await writeConfig();
    }
  });

  it('retention keeps the newest verified copy of every item however many runs fail', async () => {
    const good = ((await runKura(['snapshots', 'shop', '--json'], env)).json as Array<{ id: string; items: Array<{ type: string; status: string }> }>)
      .filter((s) => s.items.some((i) => i.type === 'mysql' && i.status !== 'failed'))
      .map((s) => s.id);
    const newestDb = good.at(-1)!;
    await writeConfig((job) => {
      (job['sources'] as Array<Record<string, unknown>>)[1]!['port'] = 1; // nothing listens there
    });
    try {
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 1100));
        const r = await runKura(['run', 'shop', '--json'], env);
        expect((r.json as RunJson).status).toBe('partial');
        expect((r.json as RunJson).items.find((x) => x.type === 'mysql')!.error!.code).toMatch(/connect/);
      }
      const after = ((await runKura(['snapshots', 'shop', '--json'], env)).json as Array<{ id: string }>).map((s) => s.id);
      // keepLast: 2 pruned the older partial ones, never the last one holding the database.
      expect(after).toContain(newestDb);
      expect(after.length).toBe(3);
    } finally {
      await writeConfig();
    }
  });

  it('exits 2 with the field named for a broken config, and for an unknown job', async () => {
    await writeFile(join(env['KURA_HOME']!, 'config.json'), JSON.stringify({ version: 1, jobs: [{ id: 'shop' }] }));
    try {
      const r = await runKura(['run', 'shop', '--json'], env);
      expect(r.code).toBe(2);
      expect((r.json as RunJson).error!.message).toMatch(/jobs\[0\]\.name/);
    } finally {
      await writeConfig();
    }
    const unknown = await runKura(['run', 'nope'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no job "nope"/);
  });
});
