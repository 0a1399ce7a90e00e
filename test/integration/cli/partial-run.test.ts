/**
 * One broken source must not cost the others their backup (issue 15 §1), proven with real servers:
 * the rsync daemon down and a database dropped while MariaDB and Redis are fine. The run publishes a
 * `partial` snapshot holding only the verified items, names every failure in the same run, exits 1;
 * "latest" is per item (restore picks the newest snapshot that really holds the item); retention never
 * deletes the newest verified copy of any item; --link-dest uses the newest verified copy of the files.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMariaDb } from '../../harness/mariadb.js';
import { startRedis } from '../../harness/redis.js';
import { startRsyncDaemon } from '../../harness/rsyncd.js';
import { runKura } from '../../harness/kura-cli.js';
import { tempDir } from '../../harness/tmp.js';

const RSYNC_PW = 'rs-Pa55-' + Math.random().toString(36).slice(2);
const MYSQL_PW = 'my-Pa55-' + Math.random().toString(36).slice(2);

interface RunJson {
  status: string;
  snapshot: { id: string; path: string } | null;
  items: Array<{ source: string; type: string; name: string | null; status: string; detail: string | null }>;
  error: { code: string; message: string; params?: Record<string, unknown> } | null;
  pruned: string[];
}

interface SnapJson {
  id: string;
  status: string;
  items: Array<{ source: string; type: string; database?: string | null; status: string; code?: string; message?: string }>;
}

describe('kura run: items are backed up on their own (partial snapshots)', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let db: Awaited<ReturnType<typeof startMariaDb>>;
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let rsyncd: Awaited<ReturnType<typeof startRsyncDaemon>> | null = null;
  let env: Record<string, string>;
  let site: string;
  let dest: string;
  let rsyncPort = 0;

  const writeConfig = async (keepLast: number) => {
    const job = {
      id: 'shop',
      name: 'Shop',
      destination: { path: dest },
      sources: [
        { id: 'www', type: 'files', from: `rsync://web@127.0.0.1:${rsyncPort}/www/`, passwordRef: 'p-rsync' },
        { id: 'db', type: 'mysql', host: '127.0.0.1', port: db.port, user: 'backup', passwordRef: 'p-mysql', databases: ['shop', 'blog'] },
        { id: 'cache', type: 'redis', host: '127.0.0.1', port: redis.port },
      ],
      retention: { keepLast, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 },
    };
    await writeFile(join(env['KURA_HOME']!, 'config.json'), JSON.stringify({ version: 1, jobs: [job] }, null, 2));
  };
  const startRsync = async () => {
    rsyncd = await startRsyncDaemon([{ name: 'www', path: site, authUsers: { web: RSYNC_PW } }]);
    rsyncPort = rsyncd.port;
  };
  const run = async () => {
    const r = await runKura(['run', 'shop', '--json'], env);
    return { code: r.code, out: r.json as RunJson, text: r.stdout + r.stderr };
  };
  const snapshots = async () => (await runKura(['snapshots', 'shop', '--json'], env)).json as SnapJson[];

  beforeAll(async () => {
    work = await tempDir('kura-partial-');
    site = join(work.path, 'site');
    dest = join(work.path, 'backups');
    await mkdir(dest); // the backup disk exists before a job uses it
    await mkdir(join(site, '画像'), { recursive: true });
    await writeFile(join(site, 'index.php'), '<?php echo "いらっしゃいませ";');
    await writeFile(join(site, '画像', '商品.jpg'), Buffer.alloc(200_000, 7));
    [db, redis] = await Promise.all([startMariaDb(), startRedis()]);
    await startRsync();
    for (const name of ['shop', 'blog']) {
      await db.sql(`CREATE DATABASE ${name}; CREATE TABLE ${name}.t (id INT PRIMARY KEY, v VARCHAR(20)); INSERT INTO ${name}.t VALUES (1, '${name}');`);
    }
    await db.sql(`CREATE USER 'backup'@'%' IDENTIFIED BY '${MYSQL_PW}'; GRANT SELECT, SHOW VIEW, TRIGGER, LOCK TABLES, EVENT ON *.* TO 'backup'@'%';`);
    const home = join(work.path, 'home');
    await mkdir(home);
    env = { KURA_HOME: home };
    for (const [ref, pw] of [['p-rsync', RSYNC_PW], ['p-mysql', MYSQL_PW]] as const) {
      const r = await runKura(['secret', 'set', ref], env, pw + '\n');
      expect(r.code, r.stderr).toBe(0);
    }
    await writeConfig(1);
  });

  afterAll(async () => {
    await Promise.all([db?.stop(), redis?.stop(), rsyncd?.stop()]);
    await work?.cleanup();
  });

  let first = '';
  let second = '';

  it('a good night: every item, status success', async () => {
    const r = await run();
    expect(r.code, r.text).toBe(0);
    expect(r.out.status).toBe('success');
    first = r.out.snapshot!.id;
  });

  it('the rsync daemon down and a database dropped: the others are backed up, verified, and the snapshot is partial (exit 1)', async () => {
    await rsyncd!.stop();
    rsyncd = null;
    await db.sql('DROP DATABASE blog');
    await new Promise((r) => setTimeout(r, 1100)); // a new snapshot id (one per second)
    const r = await run();
    expect(r.code, r.text).toBe(1);
    expect(r.out.status).toBe('partial');
    expect(r.out.snapshot).not.toBeNull();
    second = r.out.snapshot!.id;
    // Every failure is explained in this one run, each item with its own status.
    const byItem = Object.fromEntries(r.out.items.map((i) => [`${i.type}:${i.source}${i.name ? '/' + i.name : ''}`, i]));
    expect(Object.fromEntries(Object.entries(byItem).map(([k, v]) => [k, v.status]))).toEqual({
      'files:www': 'failed',
      'mysql:db/shop': 'ok',
      'mysql:db/blog': 'failed',
      'redis:cache': 'ok',
    });
    expect(byItem['files:www']!.detail).toBeTruthy();
    expect(byItem['mysql:db/blog']!.detail).toMatch(/blog/);
    expect(r.out.error?.code).toBe('run-items-failed');
    expect(r.out.error?.message).toMatch(/2 items could not be backed up: www, db\/blog/);

    // The snapshot on disk holds only verified data; the failed items are recorded, never as data.
    const snap = r.out.snapshot!.path;
    const manifest = JSON.parse(await readFile(join(snap, 'manifest.json'), 'utf8'));
    expect(manifest.format).toBe('kura-snapshot/3');
    expect(manifest.status).toBe('partial');
    expect(manifest.items.map((i: { type: string; source: string }) => `${i.type}:${i.source}`)).toEqual(['mysql:db', 'redis:cache']);
    expect(manifest.failed.map((f: { source: string; database: string | null }) => `${f.source}/${f.database ?? ''}`)).toEqual(['www/', 'db/blog']);
    expect(existsSync(join(snap, 'files', 'www'))).toBe(false);
    expect(existsSync(join(snap, 'mysql', 'db', 'blog.sql.gz'))).toBe(false);
    expect(existsSync(join(snap, 'mysql', 'db', 'shop.sql.gz'))).toBe(true);

    // kura verify: every item in it checks out.
    const v = await runKura(['verify', 'shop', second], env);
    expect(v.code, v.stdout + v.stderr).toBe(0);
  });

  it('kura snapshots --json: the partial snapshot and the status of each item', async () => {
    const list = await snapshots();
    const s = list.find((x) => x.id === second)!;
    expect(s.status).toBe('partial');
    expect(s.items.map((i) => `${i.source}${i.database ? '/' + i.database : ''}:${i.status}`).sort()).toEqual(['cache:ok', 'db/blog:failed', 'db/shop:ok', 'www:failed']);
    expect(list.find((x) => x.id === first)!.status).toBe('complete');
    const text = await runKura(['snapshots', 'shop'], env);
    expect(text.stdout).toMatch(new RegExp(`${second}\\s+shop\\s+partial`));
  });

  it('retention (keep 1) keeps the older snapshot: it holds the newest verified copy of www and db/blog', async () => {
    const list = await snapshots();
    expect(list.map((s) => s.id)).toEqual([first, second]);
    // Another broken night: the first partial snapshot holds nothing that is not newer elsewhere, so it goes.
    await new Promise((r) => setTimeout(r, 1100));
    const r = await run();
    expect(r.out.status).toBe('partial');
    expect(r.out.pruned).toEqual([second]);
    expect((await snapshots()).map((s) => s.id)).toEqual([first, r.out.snapshot!.id]);
  });

  it('"latest" is per item: a restore of www or db/blog takes the newest snapshot that holds it', async () => {
    const to = join(work.path, 'restored-www');
    const r = await runKura(['restore', 'shop', 'latest', '--source', 'www', '--to-path', to, '--yes', '--json'], env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(await readFile(join(to, 'index.php'), 'utf8')).toContain('いらっしゃいませ');
    const plan = await runKura(['restore', 'shop', 'latest', '--source', 'db', '--database', 'blog', '--to-database', 'blog_back', '--json'], env);
    expect(plan.stdout + plan.stderr).toContain(first);
  });

  it('the daemon back: the files are linked against their newest verified copy (the first snapshot), not copied afresh', async () => {
    await startRsync();
    await writeConfig(1);
    await new Promise((r) => setTimeout(r, 1100));
    const r = await run();
    expect(r.code, r.text).toBe(1); // db/blog is still gone
    expect(r.out.status).toBe('partial');
    const a = await stat(join(dest, 'shop', first, 'files', 'www', '画像', '商品.jpg'));
    const b = await stat(join(r.out.snapshot!.path, 'files', 'www', '画像', '商品.jpg'));
    expect(b.ino).toBe(a.ino);
  });
});
