/**
 * `kura server-setup` output, fed to real servers: the generated rsyncd.conf modules and secrets
 * lines run a real rsync daemon (read-only web module, writable off-site module), the generated SQL
 * creates a MariaDB account the backup works with (and the restore grants let a restore through),
 * and the Redis ACL rule lets the snapshot through. The passwords are the ones Kura put in the
 * keychain at the same time, so a `kura run` right after proves both sides agree.
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProcess, type RunningProcess } from '../../../electron/engine/process/run-process.js';
import type { ServerSetupReport } from '../../../electron/engine/server-setup/setup-snippet.js';
import { startMariaDb } from '../../harness/mariadb.js';
import { freePort, waitForPort } from '../../harness/ports.js';
import { startRedis } from '../../harness/redis.js';
import { runKura } from '../../harness/kura-cli.js';
import { descendants } from '../../harness/rsyncd.js';
import { stopPid, tempDir } from '../../harness/tmp.js';

describe('kura server-setup, applied to real servers', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let db: Awaited<ReturnType<typeof startMariaDb>>;
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let daemon: RunningProcess | null = null;
  let env: Record<string, string>;
  let site: string;
  let remoteRoot: string;
  let port: number;

  beforeAll(async () => {
    work = await tempDir('kura-setup-');
    await mkdir(join(work.path, 'backups')); // the backup disk exists before a job uses it
    site = join(work.path, 'site');
    remoteRoot = join(work.path, 'datacentre');
    await mkdir(join(site, 'img'), { recursive: true });
    await mkdir(remoteRoot);
    await writeFile(join(site, 'index.php'), '<?php echo "ようこそ";');
    await writeFile(join(site, 'img', 'a.jpg'), Buffer.alloc(50_000, 3));
    [db, redis] = await Promise.all([startMariaDb(), startRedis({ password: 'admin-pw-only-for-the-test' })]);
    await db.sql('CREATE DATABASE `shop-jp` CHARACTER SET utf8mb4');
    await db.sql(
      "CREATE TABLE `order` (id INT PRIMARY KEY, note VARCHAR(50)); INSERT INTO `order` VALUES (1, '注文'); CREATE TABLE log (id INT); CREATE TRIGGER t_order AFTER INSERT ON `order` FOR EACH ROW INSERT INTO log VALUES (NEW.id); CREATE VIEW v AS SELECT id FROM `order`;",
      'shop-jp',
    );
    const c = await redis.client();
    await c.command('SET', 'cart:1', '🍣');
    await c.close();
    port = await freePort();
    const home = join(work.path, 'home');
    await mkdir(home);
    env = { KURA_HOME: home };
    const job = {
      id: 'shop',
      name: 'Shop',
      destination: { path: join(work.path, 'backups') },
      sources: [
        { id: 'www', type: 'files', from: `rsync://web@127.0.0.1:${port}/www/` },
        { id: 'db', type: 'mysql', host: '127.0.0.1', port: db.port, user: 'kura_backup', databases: ['shop-jp'] },
        { id: 'cache', type: 'redis', host: '127.0.0.1', port: redis.port, username: 'kura-backup' },
      ],
      offsite: [{ id: 'dc', to: `rsync://kura@127.0.0.1:${port}/kura-offsite` }],
    };
    await writeFile(join(home, 'config.json'), JSON.stringify({ version: 1, jobs: [job] }, null, 2));
  });

  afterAll(async () => {
    if (daemon?.pid) {
      const kids = descendants(daemon.pid);
      await stopPid(daemon.pid);
      for (const k of kids) await stopPid(k, 1000);
    }
    await Promise.all([db?.stop(), redis?.stop()]);
    await work?.cleanup();
  });

  it('prints snippets whose rsyncd.conf, GRANTs and ACL work, with passwords already in the keychain', async () => {
    const secretsFile = join(work.path, 'rsyncd.secrets');
    const r = await runKura(
      ['server-setup', 'shop', '--json', '--allow', '127.0.0.1', '--web-root', site, '--backup-root', remoteRoot, '--secrets-file', secretsFile, '--backup-owner', 'root'],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    const report = r.json as ServerSetupReport;
    const byId = new Map(report.snippets.map((s) => [s.id, s]));
    expect([...byId.keys()].sort()).toEqual(
      [
        'mysql-backup-user:db',
        'mysql-restore-user:db',
        'redis-acl:cache',
        'rsyncd-module:offsite:dc',
        'rsyncd-module:www',
        'rsyncd-restore-module:www',
        'rsyncd-restore-secrets:www',
        'rsyncd-secrets:offsite:dc',
        'rsyncd-secrets:www',
      ].sort(),
    );
    expect(report.passwordsStored.map((p) => p.ref).sort()).toEqual(['shop-cache', 'shop-db', 'shop-offsite-dc', 'shop-www']);
    expect(report.configChanges).toHaveLength(4);
    const www = byId.get('rsyncd-module:www')!;
    expect(www.content).toContain('read only = yes');
    expect(www.content).toContain('hosts allow = 127.0.0.1');
    expect(www.then.join('\n')).toMatch(/systemctl enable --now rsync/);
    expect(byId.get('rsyncd-module:offsite:dc')!.content).toContain('read only = no');
    expect(byId.get('rsyncd-secrets:www')!.then).toContain(`sudo chmod 600 ${secretsFile}`);
    const mysqlSql = byId.get('mysql-backup-user:db')!.content;
    expect(mysqlSql).toContain("GRANT SELECT, SHOW VIEW, TRIGGER, LOCK TABLES, EVENT ON `shop-jp`.* TO 'kura_backup'@'127.0.0.1';");
    expect(mysqlSql).not.toMatch(/GRANT[^\n]*PROCESS/);

    // Do what the snippets say: the modules into rsyncd.conf, the lines into a 0600 secrets file, start the daemon.
    const conf = [`pid file = ${join(work.path, 'rsyncd.pid')}`, `log file = ${join(work.path, 'rsyncd.log')}`, 'reverse lookup = no', '', www.content, byId.get('rsyncd-module:offsite:dc')!.content].join('\n');
    await writeFile(join(work.path, 'rsyncd.conf'), conf);
    await writeFile(secretsFile, byId.get('rsyncd-secrets:www')!.content + byId.get('rsyncd-secrets:offsite:dc')!.content);
    await chmod(secretsFile, 0o600);
    daemon = startProcess(
      { file: 'rsync', args: ['--daemon', '--no-detach', `--config=${join(work.path, 'rsyncd.conf')}`, `--port=${port}`, '--address=127.0.0.1'] },
      { stdout: 'ignore' },
    );
    await waitForPort(port, 15_000);
    // The SQL as printed, run by the administrator; the ACL rule as printed, set live.
    await db.sql(mysqlSql);
    const acl = byId.get('redis-acl:cache')!.content.trim();
    const c = await redis.client();
    const set = await c.command('ACL', 'SETUSER', ...acl.split(' ').slice(1));
    await c.close();
    expect(JSON.stringify(set)).not.toMatch(/error/i);

    const run = await runKura(['run', 'shop', '--json'], env);
    const out = run.json as { status: string; items: Array<{ source: string; status: string }>; warnings: string[]; error: unknown };
    expect(run.code, run.stdout + run.stderr + (await readFile(join(work.path, 'rsyncd.log'), 'utf8').catch(() => ''))).toBe(0);
    expect(out.status, JSON.stringify(out)).toBe('success');
    expect(out.items.map((i) => `${i.source}:${i.status}`)).toEqual(['www:ok', 'db:ok', 'cache:ok']);
    const history = await runKura(['history', 'shop', '--json'], env);
    expect((history.json as Array<{ offsite?: Array<{ status: string }> }>).at(-1)!.offsite).toMatchObject([{ status: 'pushed' }]);

    // The web module really is read-only for the backup account.
    const pw = /^web:(.+)$/m.exec(byId.get('rsyncd-secrets:www')!.content)![1]!;
    const push = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const p = startProcess({ file: 'rsync', args: ['-r', '--', join(site, 'img') + '/', `rsync://web@127.0.0.1:${port}/www/x/`], env: { RSYNC_PASSWORD: pw }, secrets: [pw] }, { stdout: 'ignore' });
      void p.result.then((res) => resolve({ code: res.exitCode, stderr: res.stderr }));
    });
    expect(push.code).not.toBe(0);
    expect(push.stderr).toMatch(/read only/);

    // Restore with the printed restore account, then take it away with the printed DROP USER.
    const restoreSql = byId.get('mysql-restore-user:db')!.content;
    const [grant, revoke] = restoreSql.split('-- After the restore (takes the access away again):\n');
    await db.sql(grant!);
    await db.sql("UPDATE `order` SET note = 'broken'", 'shop-jp');
    // The view was made by root: a least-privilege account recreates it as its own, as the snippet says.
    expect(grant).toMatch(/--strip-definers/);
    const restorePassword = /IDENTIFIED BY '([^']+)'/.exec(grant!)![1]!;
    const restore = await runKura(['restore', 'shop', 'latest', '--source', 'db', '--mysql-user', 'kura_backup_restore', '--strip-definers', '--yes', '--json'], {
      ...env,
      KURA_RESTORE_PASSWORD: restorePassword,
    });
    expect(restore.code, restore.stdout + restore.stderr).toBe(0);
    expect(await db.sql('SELECT note FROM `order`', 'shop-jp')).toContain('注文');
    await db.sql(revoke!);
    expect(await db.sql("SELECT COUNT(*) FROM mysql.user WHERE User = 'kura_backup_restore'")).toContain('0');
    const grants = await db.sql("SHOW GRANTS FOR 'kura_backup'@'127.0.0.1'");
    expect(grants).toMatch(/GRANT SELECT, LOCK TABLES, SHOW VIEW, EVENT, TRIGGER ON `shop-jp`/);
  }, 120_000);
});
