/**
 * The outage morning with the accounts Kura itself recommends (issue 15 §2): the backup runs as the
 * read-only MySQL account and through the read-only rsync module that `kura server-setup` prints,
 * set up on a real MariaDB and a real rsync daemon exactly as printed. Then the shop's database is
 * dropped and the site folder emptied, and `kura restore`:
 *   - without a restore account, prints the plan with the rights that are missing and refuses
 *     before touching anything (no journal, no database created, no file written);
 *   - with the restore access server-setup printed next to the backup access (a separate MySQL
 *     account, a writable `<module>-restore` module), given by flags with the password in
 *     KURA_RESTORE_PASSWORD or on stdin — never argv — restores both and proves them;
 *   - after the printed lines that take the access away again, is refused again.
 * The restore passwords never reach KURA_HOME (journal, logs, config).
 */
import { chmod, chown, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess, startProcess, type RunningProcess } from '../../../electron/engine/process/run-process.js';
import type { ServerSetupReport, SetupSnippet } from '../../../electron/engine/server-setup/setup-snippet.js';
import { startMariaDb } from '../../harness/mariadb.js';
import { freePort, waitForPort } from '../../harness/ports.js';
import { runKura } from '../../harness/kura-cli.js';
import { descendants } from '../../harness/rsyncd.js';
import { stopPid, tempDir } from '../../harness/tmp.js';
import { watchSecrets } from '../../harness/secret-watch.js';

interface RestoreJson {
  status: string;
  error: { code: string; message: string; params?: Record<string, string | number> } | null;
  verification: Array<{ ok: boolean }>;
}

describe('restore after an outage with the least-privilege accounts server-setup recommends', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let db: Awaited<ReturnType<typeof startMariaDb>>;
  let daemon: RunningProcess | null = null;
  let env: Record<string, string>;
  let site: string;
  let port: number;
  let secretsFile: string;
  let byId: Map<string, SetupSnippet>;

  const siteFiles = async () => (await readdir(site, { recursive: true })).sort();
  const databases = async () => db.sql('SHOW DATABASES');

  beforeAll(async () => {
    work = await tempDir('kura-restore-access-');
    await mkdir(join(work.path, 'backups')); // the backup disk exists before a job uses it
    site = join(work.path, 'site');
    await mkdir(join(site, 'img'), { recursive: true });
    await writeFile(join(site, 'index.php'), '<?php echo "ようこそ";');
    await writeFile(join(site, 'img', 'a.jpg'), Buffer.alloc(50_000, 3));
    // The website belongs to the web server's account, as on a real server (the restore module writes as it).
    for (const p of [site, join(site, 'img'), join(site, 'index.php'), join(site, 'img', 'a.jpg')]) await chown(p, 33, 33);
    db = await startMariaDb();
    await db.sql('CREATE DATABASE `shop-jp` CHARACTER SET utf8mb4');
    await db.sql(
      "CREATE TABLE `order` (id INT PRIMARY KEY, note VARCHAR(50)); INSERT INTO `order` VALUES (1, '注文 🍣'), (2, 'b'); CREATE TABLE log (id INT); CREATE TRIGGER t_order AFTER INSERT ON `order` FOR EACH ROW INSERT INTO log VALUES (NEW.id); CREATE VIEW v AS SELECT id FROM `order`;",
      'shop-jp',
    );
    port = await freePort();
    secretsFile = join(work.path, 'rsyncd.secrets');
    env = { KURA_HOME: join(work.path, 'home') };
    await mkdir(env['KURA_HOME']!);
    const job = {
      id: 'shop',
      name: 'Shop',
      destination: { path: join(work.path, 'backups') },
      sources: [
        { id: 'www', type: 'files', from: `rsync://web@127.0.0.1:${port}/www/` },
        { id: 'db', type: 'mysql', host: '127.0.0.1', port: db.port, user: 'kura_backup', databases: ['shop-jp'] },
      ],
    };
    await writeFile(join(env['KURA_HOME']!, 'config.json'), JSON.stringify({ version: 1, jobs: [job] }, null, 2));

    // Server setup, done as printed: the read-only module and the backup account only.
    const r = await runKura(['server-setup', 'shop', '--json', '--allow', '127.0.0.1', '--web-root', site, '--secrets-file', secretsFile], env);
    expect(r.code, r.stderr).toBe(0);
    byId = new Map((r.json as ServerSetupReport).snippets.map((s) => [s.id, s]));
    const conf = [`pid file = ${join(work.path, 'rsyncd.pid')}`, `log file = ${join(work.path, 'rsyncd.log')}`, 'reverse lookup = no', '', byId.get('rsyncd-module:www')!.content, byId.get('rsyncd-restore-module:www')!.content].join('\n');
    await writeFile(join(work.path, 'rsyncd.conf'), conf);
    await writeFile(secretsFile, byId.get('rsyncd-secrets:www')!.content);
    await chmod(secretsFile, 0o600);
    daemon = startProcess({ file: 'rsync', args: ['--daemon', '--no-detach', `--config=${join(work.path, 'rsyncd.conf')}`, `--port=${port}`, '--address=127.0.0.1'] }, { stdout: 'ignore' });
    await waitForPort(port, 15_000);
    await db.sql(byId.get('mysql-backup-user:db')!.content);

    const run = await runKura(['run', 'shop', '--json'], env);
    expect(run.code, run.stdout + run.stderr).toBe(0);

    // The outage: the database is gone and the site folder is empty.
    await db.sql('DROP DATABASE `shop-jp`');
    await rm(join(site, 'img'), { recursive: true });
    await rm(join(site, 'index.php'));
  }, 120_000);

  afterAll(async () => {
    if (daemon?.pid) {
      const kids = descendants(daemon.pid);
      await stopPid(daemon.pid);
      for (const k of kids) await stopPid(k, 1000);
    }
    await db?.stop();
    await work?.cleanup();
  });

  it('without a restore account: the plan names the missing rights and nothing is touched', async () => {
    // No --yes (and no terminal): the plan and what the account may not do, then a refusal before asking.
    const plan = await runKura(['restore', 'shop', 'latest', '--source', 'db'], env);
    expect(plan.code, plan.stdout + plan.stderr).toBe(2);
    expect(plan.stdout).toMatch(/Restore plan/);
    expect(plan.stderr).toMatch(/MISSING RIGHTS — 'kura_backup'@'(127\.0\.0\.1|localhost)' @ 127\.0\.0\.1:\d+ may not:/);
    for (const p of ['CREATE — to create the database', 'DROP —', 'INSERT — to write the rows', 'ALTER —', 'CREATE VIEW — for the snapshot’s 1 view']) expect(plan.stderr).toContain(p);
    // What the backup account already holds (SELECT, LOCK TABLES, TRIGGER…) is not asked for.
    expect(plan.stderr).not.toMatch(/^ {2}- (TRIGGER|LOCK TABLES|SELECT) —/m);
    expect(plan.stderr).toMatch(/An administrator can give them with: GRANT CREATE, DROP, INSERT, ALTER, CREATE VIEW ON `shop-jp`\.\* TO 'kura_backup'@/);
    expect(plan.stderr).toMatch(/--mysql-user/);
    expect(plan.stderr).not.toMatch(/does not exist/);

    // In Japanese, the same refusal in the admin's language.
    const ja = await runKura(['restore', 'shop', 'latest', '--source', 'db'], { ...env, LC_ALL: 'ja_JP.UTF-8', LANG: 'ja_JP.UTF-8' });
    expect(ja.stderr).toMatch(/権限が足りません/);
    expect(ja.stderr).toMatch(/データベースとテーブルを作成するため/);

    // With --yes: refused by the engine itself, before the journal and before CREATE DATABASE.
    const yes = await runKura(['restore', 'shop', 'latest', '--source', 'db', '--yes', '--json'], env);
    expect(yes.code, yes.stdout + yes.stderr).toBe(2);
    const out = yes.json as RestoreJson;
    expect(out.error?.code).toBe('restore-rights-mysql');
    expect(out.error?.message).toMatch(/may not restore `shop-jp`.*nothing was changed/s);
    expect(await databases()).not.toContain('shop-jp');

    const files = await runKura(['restore', 'shop', 'latest', '--source', 'www', '--yes', '--json'], env);
    expect(files.code, files.stdout + files.stderr).toBe(2);
    const f = files.json as RestoreJson;
    expect(f.error?.code).toBe('restore-rights-files');
    expect(f.error?.message).toMatch(/read-only/);
    expect(await siteFiles()).toEqual([]);

    // A mirror restore's plan asks the target what it would delete: on the read-only module it says what access is missing instead.
    const mirror = await runKura(['restore', 'shop', 'latest', '--source', 'www', '--mirror'], env);
    expect(mirror.code, mirror.stdout + mirror.stderr).toBe(2);
    expect(mirror.stderr).toMatch(/MISSING RIGHTS — web @ rsync:\/\/web@127\.0\.0\.1:\d+\/www\/? may not:/);
    expect(mirror.stderr).toMatch(/read-only/);
    expect(mirror.stderr).toMatch(/--rsync-user/);

    const status = await runKura(['status', '--json'], env);
    expect(JSON.stringify(status.json)).not.toMatch(/unfinished|interrupted/i);
  }, 120_000);

  it('with the restore access server-setup printed: restores both (password from the environment / stdin), then the removal lines take it away', async () => {
    const sql = byId.get('mysql-restore-user:db')!.content;
    const [create, remove] = sql.split('-- After the restore (takes the access away again):\n');
    const mysqlPassword = /IDENTIFIED BY '([^']+)'/.exec(create!)![1]!;
    const line = byId.get('rsyncd-restore-secrets:www')!;
    const rsyncPassword = /^web-restore:(.+)$/m.exec(line.content)![1]!;
    // The administrator runs what was printed.
    await db.sql(create!);
    await writeFile(secretsFile, byId.get('rsyncd-secrets:www')!.content + line.content);

    // The view and the trigger belong to root, and the backup recorded that.
    const snapshots = join(work.path, 'backups');
    const manifests = (await readdir(snapshots, { recursive: true })).filter((n) => n.endsWith('manifest.json'));
    expect(manifests.length).toBeGreaterThan(0);
    const manifest = JSON.parse(await readFile(join(snapshots, manifests[0]!), 'utf8')) as { items: Array<{ type: string; definers?: string[] }> };
    expect(manifest.items.find((i) => i.type === 'mysql')?.definers).toEqual(['root@localhost']);

    // The restore account may not create objects for root: the plan says so BEFORE Start, with both ways out.
    const owned = await runKura(['restore', 'shop', 'latest', '--source', 'db', '--mysql-user', 'kura_backup_restore'], { ...env, KURA_RESTORE_PASSWORD: mysqlPassword });
    expect(owned.code, owned.stdout + owned.stderr).toBe(2);
    expect(owned.stderr).toMatch(/MISSING RIGHTS — 'kura_backup_restore'@/);
    expect(owned.stderr).toContain('SET USER — the snapshot’s views, routines, triggers or events belong to root@localhost');
    expect(owned.stderr).toContain('--strip-definers');
    expect(owned.stderr).toMatch(/GRANT SET USER ON \*\.\* TO 'kura_backup_restore'@/);
    // Nothing else is missing: the account server-setup prints may do every other step.
    expect(owned.stderr.match(/^ {2}- /gm)).toHaveLength(1);
    // The plan says which kind of right is missing: not writing (the restore account may), only the owner's.
    const ownedJson = await runKura(['restore', 'shop', 'latest', '--source', 'db', '--mysql-user', 'kura_backup_restore', '--json'], { ...env, KURA_RESTORE_PASSWORD: mysqlPassword });
    expect((ownedJson.json as { plan: { rights: { lacks?: unknown } } }).plan.rights.lacks).toEqual({ write: false, owner: 'SET USER' });
    const ownedJa = await runKura(['restore', 'shop', 'latest', '--source', 'db', '--mysql-user', 'kura_backup_restore'], { ...env, KURA_RESTORE_PASSWORD: mysqlPassword, LC_ALL: 'ja_JP.UTF-8', LANG: 'ja_JP.UTF-8' });
    expect(ownedJa.stderr).toContain('所有者は root@localhost です');
    // With --yes: refused by the engine before anything changes (no half-made database to roll back).
    const ownedYes = await runKura(['restore', 'shop', 'latest', '--source', 'db', '--mysql-user', 'kura_backup_restore', '--yes', '--json'], { ...env, KURA_RESTORE_PASSWORD: mysqlPassword });
    expect(ownedYes.code, ownedYes.stdout + ownedYes.stderr).toBe(2);
    expect((ownedYes.json as RestoreJson).error?.code).toBe('restore-rights-mysql');
    expect(await databases()).not.toContain('shop-jp');
    // "Make me the owner": the same account may then do every step.
    const stripped = await runKura(['restore', 'shop', 'latest', '--source', 'db', '--mysql-user', 'kura_backup_restore', '--strip-definers'], { ...env, KURA_RESTORE_PASSWORD: mysqlPassword });
    expect(stripped.stdout).toMatch(/Rights: 'kura_backup_restore'@.* may do every step\./);

    // Watched: the password is in kura's own environment (the admin put it there), and in no tool Kura starts.
    const watch = watchSecrets([mysqlPassword]);
    const dbRestore = await runKura(['restore', 'shop', 'latest', '--source', 'db', '--mysql-user', 'kura_backup_restore', '--strip-definers', '--yes', '--json'], {
      ...env,
      KURA_RESTORE_PASSWORD: mysqlPassword,
    });
    const seen = await watch.stop();
    expect(watch.commands().some((c) => /\bmysql|mariadb/.test(c) && !c.includes('kura.js'))).toBe(true);
    // (A process caught between fork and exec has no command line yet and the parent's environment: not attributable.)
    expect(seen.filter((h) => !h.includes('kura.js') && !h.includes(' of []'))).toEqual([]);
    const d = dbRestore.json as RestoreJson;
    expect(dbRestore.code, dbRestore.stdout + dbRestore.stderr).toBe(0);
    expect(d.status).toBe('success');
    expect(d.verification.every((c) => c.ok)).toBe(true);
    expect(await db.sql('SELECT note FROM `order` ORDER BY id', 'shop-jp')).toContain('注文 🍣');
    expect(await db.sql('SELECT COUNT(*) FROM v', 'shop-jp')).toContain('2');
    // The restore account owns them now, as the plan said.
    expect(await db.sql("SELECT DEFINER FROM information_schema.VIEWS WHERE TABLE_SCHEMA = 'shop-jp'")).toMatch(/^kura_backup_restore@/m);

    // The plan with the restore module says the rights are there; the restore reads the password from stdin.
    const plan = await runKura(['restore', 'shop', 'latest', '--source', 'www', '--rsync-user', 'web-restore', '--rsync-module', 'www-restore', '--password-stdin'], env, rsyncPassword + '\n');
    expect(plan.stdout).toMatch(/Rights: web-restore @ .*www-restore.* may do every step\./);
    const filesRestore = await runKura(
      ['restore', 'shop', 'latest', '--source', 'www', '--rsync-user', 'web-restore', '--rsync-module', 'www-restore', '--password-stdin', '--yes', '--json'],
      env,
      rsyncPassword + '\n',
    );
    const f = filesRestore.json as RestoreJson;
    expect(filesRestore.code, filesRestore.stdout + filesRestore.stderr).toBe(0);
    expect(f.verification.every((c) => c.ok)).toBe(true);
    expect(await readFile(join(site, 'index.php'), 'utf8')).toBe('<?php echo "ようこそ";');
    expect(await siteFiles()).toEqual(['img', 'img/a.jpg', 'index.php']);

    // No restore password anywhere under KURA_HOME (journal, run log, config), nor in the keychain's config refs.
    for (const name of await readdir(env['KURA_HOME']!, { recursive: true })) {
      const text = await readFile(join(env['KURA_HOME']!, name), 'utf8').catch(() => '');
      expect(text.includes(mysqlPassword) || text.includes(rsyncPassword), name).toBe(false);
    }

    // The lines that take the access away, run as printed (as root here: without sudo).
    await db.sql(remove!);
    const sed = line.then.find((t) => t.startsWith('# sudo sed'))!.replace(/^# sudo /, '');
    const r = await runProcess({ file: 'sh', args: ['-c', sed] });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(await readFile(secretsFile, 'utf8')).not.toMatch(/web-restore/);
    const again = await runKura(['restore', 'shop', 'latest', '--source', 'www', '--rsync-user', 'web-restore', '--rsync-module', 'www-restore', '--password-stdin', '--yes', '--json'], env, rsyncPassword + '\n');
    expect(again.code).not.toBe(0);
    expect((again.json as RestoreJson).error?.code).toBe('restore-rights-files');
    const dbAgain = await runKura(['restore', 'shop', 'latest', '--source', 'db', '--mysql-user', 'kura_backup_restore', '--yes', '--json'], { ...env, KURA_RESTORE_PASSWORD: mysqlPassword });
    expect(dbAgain.code).not.toBe(0);
    expect((dbAgain.json as RestoreJson).error?.code).toMatch(/auth|access|denied/);
  }, 180_000);

  it('a restore account without a password is refused before anything runs', async () => {
    const r = await runKura(['restore', 'shop', 'latest', '--source', 'db', '--mysql-user', 'kura_backup_restore', '--yes', '--json'], env);
    expect(r.code).toBe(2);
    expect(r.stderr + r.stdout).toMatch(/without a password/);
  });
});
