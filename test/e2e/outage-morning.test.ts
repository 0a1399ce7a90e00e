/**
 * The outage morning (issue 15, Done-when b), in the real UI — `kura serve` in headless Chromium —
 * first in Japanese, then in English. The servers are set up exactly as Kura's server setup prints
 * (the same way test/integration/restore/restore-access.test.ts builds its world): a read-only
 * MySQL backup account and a read-only rsync module for the nightly backup, and next to them the
 * separate `<user>_restore` account and `<module>-restore` module, created on the server but not
 * known to Kura. One backup runs from the dashboard. Then the shop's database is dropped and the
 * site folder emptied, and the admin:
 *   dashboard → "Restore latest…" → the review shows "Restore access needed" for the database and
 *   for the files (the backup access may only read) and Start is disabled → the restore account and
 *   module from server setup are typed in and "Test and use" → Start → the result shows every
 *   item's verification, all passed.
 * The rows are back (CHECKSUM TABLE and counts as before the outage) and so are the site's files
 * (same names, same SHA-256). Every step is saved at 1280×800 and 1024×640 as
 * test/e2e/screenshots/<lang>/outage-<nn>-<step>-<w>x<h>.png; in Japanese no step may show an
 * English sentence beyond the admin's own facts (names, paths, accounts).
 */
import { createHash } from 'node:crypto';
import { chmod, chown, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { TFunction } from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProcess, type RunningProcess } from '../../electron/engine/process/run-process.js';
import type { ServerSetupReport, SetupSnippet } from '../../electron/engine/server-setup/setup-snippet.js';
import { render } from '../../electron/shared/messages/render.js';
import type { MessageCode } from '../../electron/shared/messages/index.js';
import { startMariaDb, sqlString, type MariaDbServer } from '../harness/mariadb.js';
import { freePort, waitForPort } from '../harness/ports.js';
import { runKura } from '../harness/kura-cli.js';
import { descendants } from '../harness/rsyncd.js';
import { stopPid, tempDir } from '../harness/tmp.js';
import { openKura, type KuraBrowser } from './kura-browser.js';
import { oneJourney, SHOTS, shotTaker } from './journey.js';
import { pattern, uiText, type Lang } from './ui-text.js';
import { see } from './see.js';


let db: MariaDbServer;

beforeAll(async () => {
  db = await startMariaDb();
});

afterAll(async () => {
  await db?.stop();
});

describe.each([
  { lang: 'ja' as Lang, jobName: 'オンラインショップ' },
  { lang: 'en' as Lang, jobName: 'Online shop' },
])('the outage morning in $lang', ({ lang, jobName }) => {
  const database = `shop_${lang}`;
  const backupUser = `kura_${lang}`;
  let t: TFunction;
  let work: Awaited<ReturnType<typeof tempDir>>;
  let kura: KuraBrowser;
  let page: Page;
  let daemon: RunningProcess | null = null;
  let site: string;
  let port: number;
  let snippets: Map<string, SetupSnippet>;
  let before: { checksums: string[]; counts: string; files: Record<string, string> };
  const say = (code: MessageCode, params: Record<string, string> = {}) => render(lang, code as 'restore-access-title', params as never).message;

  /** The admin's own facts, which may stay as they are in a Japanese screen. */
  const facts = () => [jobName, site, work.path, database, backupUser, `${backupUser}_restore`, 'web-restore', 'www-restore', `rsync://web@127.0.0.1:${port}/www/`, `127.0.0.1:${db.port}`, 'rsync', 'MySQL', 'MariaDB'];

  const shot = shotTaker({ lang, prefix: 'outage-', page: () => page, facts });
  const button = (name: string | RegExp, scope: { getByRole: Page['getByRole'] } = page) => scope.getByRole('button', { name, exact: typeof name === 'string' });
  const card = () => page.getByRole('article', { name: jobName });

  const siteState = async (): Promise<Record<string, string>> => {
    const out: Record<string, string> = {};
    for (const e of (await readdir(site, { recursive: true, withFileTypes: true })).filter((x) => x.isFile())) {
      const rel = join(e.parentPath, e.name).slice(site.length + 1);
      out[rel] = createHash('sha256').update(await readFile(join(site, rel))).digest('hex');
    }
    return out;
  };
  const dbState = async () => ({
    checksums: (await db.sql(`CHECKSUM TABLE \`${database}\`.products, \`${database}\`.orders;`)).split('\n').filter(Boolean).map((l) => l.split('\t')[1]!),
    counts: (await db.sql(`SELECT (SELECT COUNT(*) FROM \`${database}\`.products), (SELECT COUNT(*) FROM \`${database}\`.orders);`)).trim(),
  });

  beforeAll(async () => {
    t = await uiText(lang);
    await mkdir(join(SHOTS, lang), { recursive: true });
    work = await tempDir(`kura-e2e-outage-${lang}-`);
    const home = join(work.path, 'kura-home');
    await mkdir(home);
    await mkdir(join(work.path, 'backups')); // the backup disk exists before a job uses it: Kura never creates it

    // The shop: a website owned by the web server's account (the restore module writes as it) and a database.
    site = join(work.path, 'site');
    await mkdir(join(site, 'wp-content', 'uploads', '2024'), { recursive: true });
    await writeFile(join(site, 'index.php'), '<?php echo "いらっしゃいませ";\n');
    await writeFile(join(site, 'wp-content', 'uploads', '2024', '商品写真.jpg'), Buffer.alloc(200_000, 3));
    await writeFile(join(site, 'wp-content', 'style.css'), 'body { color: #333; }\n');
    for (const rel of ['', 'index.php', 'wp-content', 'wp-content/style.css', 'wp-content/uploads', 'wp-content/uploads/2024', 'wp-content/uploads/2024/商品写真.jpg']) await chown(join(site, rel), 33, 33);
    const rows = Array.from({ length: 60 }, (_, i) => `(${i + 1}, ${sqlString(`抹茶ラテ ${i + 1}`)}, ${100 + i * 10})`).join(',\n');
    await db.sql(`
      CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4;
      USE \`${database}\`;
      CREATE TABLE products (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, price INT NOT NULL) ENGINE=InnoDB;
      INSERT INTO products VALUES ${rows};
      CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, product_id INT NOT NULL, qty INT NOT NULL, note TEXT) ENGINE=InnoDB;
      INSERT INTO orders (product_id, qty, note) VALUES (1, 2, 'ギフト包装'), (5, 1, NULL), (7, 3, 'express 🚚');
    `);

    port = await freePort();
    const secretsFile = join(work.path, 'rsyncd.secrets');
    const env = { KURA_HOME: home };
    const job = {
      id: 'shop',
      name: jobName,
      destination: { path: join(work.path, 'backups') },
      sources: [
        { id: 'www', type: 'files', from: `rsync://web@127.0.0.1:${port}/www/` },
        { id: 'db', type: 'mysql', host: '127.0.0.1', port: db.port, user: backupUser, databases: [database] },
      ],
    };
    await writeFile(join(home, 'config.json'), JSON.stringify({ version: 1, settings: { language: lang }, jobs: [job] }, null, 2));

    // Server setup, done as printed: the read-only module and backup account, and the restore access next to them.
    const r = await runKura(['server-setup', 'shop', '--json', '--allow', '127.0.0.1', '--web-root', site, '--secrets-file', secretsFile], env);
    expect(r.code, r.stderr).toBe(0);
    snippets = new Map((r.json as ServerSetupReport).snippets.map((s) => [s.id, s]));
    const conf = [`pid file = ${join(work.path, 'rsyncd.pid')}`, `log file = ${join(work.path, 'rsyncd.log')}`, 'reverse lookup = no', '', snippets.get('rsyncd-module:www')!.content, snippets.get('rsyncd-restore-module:www')!.content].join('\n');
    await writeFile(join(work.path, 'rsyncd.conf'), conf);
    await writeFile(secretsFile, snippets.get('rsyncd-secrets:www')!.content + snippets.get('rsyncd-restore-secrets:www')!.content);
    await chmod(secretsFile, 0o600);
    daemon = startProcess({ file: 'rsync', args: ['--daemon', '--no-detach', `--config=${join(work.path, 'rsyncd.conf')}`, `--port=${port}`, '--address=127.0.0.1'] }, { stdout: 'ignore' });
    await waitForPort(port, 15_000);
    await db.sql(snippets.get('mysql-backup-user:db')!.content);
    // The restore account is created now (the lines after "After the restore", printed in the job's language, would take it away again).
    const [createRestoreUser] = snippets.get('mysql-restore-user:db')!.content.split(`-- ${render(lang, 'setup-sql-remove-access', {}).message}\n`);
    expect(createRestoreUser).not.toMatch(/DROP USER/);
    await db.sql(createRestoreUser!);

    before = { ...(await dbState()), files: await siteState() };
    kura = await openKura(work.path, lang);
    page = kura.page;
  }, 120_000);

  oneJourney(lang, 'outage-', () => kura);

  afterAll(async () => {
    await kura?.close();
    if (daemon?.pid) {
      const kids = descendants(daemon.pid);
      await stopPid(daemon.pid);
      for (const k of kids) await stopPid(k, 1000);
    }
    await db?.sql(`DROP DATABASE IF EXISTS \`${database}\`;`).catch(() => undefined);
    await work?.cleanup();
  });

  it('the night before: one backup through the read-only access', async () => {
    await see(card()).toBeVisible();
    await shot('dashboard-before');
    await button(t('dashboard.backupNow'), card()).click();
    await see(card().getByText(t('health.ok'), { exact: true })).toBeVisible({ timeout: 60_000 });
    await shot('dashboard-backed-up');
  }, 120_000);

  it('the database is dropped and the site emptied: "Restore latest…" asks for the restore access, restores both and proves them', async () => {
    await db.sql(`DROP DATABASE \`${database}\`;`);
    for (const e of await readdir(site)) await rm(join(site, e), { recursive: true });
    expect(await readdir(site)).toEqual([]);

    await button(t('dashboard.restoreLatest'), card()).click();
    await see(page.getByRole('heading', { level: 2, name: t('restore.steps.review') })).toBeVisible();
    const dbPlan = page.getByRole('article', { name: pattern(t('restore.item.mysql', { name: database })) });
    const filesPlan = page.getByRole('article', { name: t('restore.item.files') });
    const accessNeeded = say('restore-access-title');
    await see(dbPlan.getByRole('heading', { level: 4, name: accessNeeded })).toBeVisible({ timeout: 30_000 });
    await see(filesPlan.getByRole('heading', { level: 4, name: accessNeeded })).toBeVisible();
    // The backup access may only read: the panels say what is missing, and Start waits for the access.
    await see(dbPlan.locator('.missing-rights li').first()).toBeVisible();
    await see(filesPlan.locator('.missing-rights li').first()).toBeVisible();
    // The module field says which module server setup printed for restores.
    await see(filesPlan.getByText(say('restore-access-module-help', { module: 'www-restore' }))).toBeVisible();
    await see(page.getByText(say('restore-access-blocked'))).toBeVisible();
    expect(await button(t('restore.start')).isDisabled()).toBe(true);
    await shot('restore-access-needed');

    // The restore access, as server setup printed it.
    const mysqlPassword = /IDENTIFIED BY '([^']+)'/.exec(snippets.get('mysql-restore-user:db')!.content)![1]!;
    const rsyncPassword = /^web-restore:(.+)$/m.exec(snippets.get('rsyncd-restore-secrets:www')!.content)![1]!;
    const fill = async (scope: typeof dbPlan, code: MessageCode, value: string) => scope.getByLabel(say(code), { exact: true }).fill(value);
    await fill(dbPlan, 'restore-access-user', `${backupUser}_restore`);
    await fill(dbPlan, 'restore-access-password', mysqlPassword);
    await fill(filesPlan, 'restore-access-user', 'web-restore');
    await fill(filesPlan, 'restore-access-module', 'www-restore');
    await fill(filesPlan, 'restore-access-password', rsyncPassword);
    await shot('restore-access-filled');
    await button(say('restore-access-test'), dbPlan).click();
    await see(dbPlan.getByRole('status').filter({ hasText: say('restore-access-using', { user: `${backupUser}_restore` }) })).toBeVisible({ timeout: 30_000 });
    await button(say('restore-access-test'), filesPlan).click();
    await see(filesPlan.getByRole('status').filter({ hasText: say('restore-access-using', { user: 'web-restore' }) })).toBeVisible({ timeout: 30_000 });
    await see(page.getByText(say('restore-access-blocked'))).toHaveCount(0);
    const confirm = page.getByLabel(t('restore.confirmLabel', { word: t('restore.confirmWord') }), { exact: true });
    if ((await confirm.count()) > 0) await confirm.fill(t('restore.confirmWord'));
    await shot('restore-access-in-use');

    await button(t('restore.start')).click();
    await see(page.getByRole('status').filter({ hasText: t('restore.allDone') })).toBeVisible({ timeout: 90_000 });
    const checks = page.getByRole('table', { name: t('restore.verification') });
    await see(checks).toHaveCount(2);
    // The files: one check (rsync --checksum finds nothing left to copy); the database: objects and rows per table.
    for (const table of await checks.all()) expect(await table.getByRole('row').count()).toBeGreaterThan(0);
    const dbChecks = page.getByRole('article').filter({ has: page.getByRole('heading', { level: 3, name: pattern(t('restore.item.mysql', { name: database })) }) });
    await see(dbChecks.getByRole('row')).toHaveCount(7); // tables, views, routines, triggers, events, rows in each of the 2 tables
    await see(page.getByText(t('restore.checkFailed'), { exact: true })).toHaveCount(0);
    await shot('restore-verified');

    // What the shop lost is back: the same rows and the same files.
    expect(await dbState()).toEqual({ checksums: before.checksums, counts: before.counts });
    expect((await db.sql(`SELECT name FROM \`${database}\`.products WHERE id = 3;`)).trim()).toBe('抹茶ラテ 3');
    expect(await siteState()).toEqual(before.files);
    expect(Object.keys(before.files).sort()).toEqual(['index.php', 'wp-content/style.css', 'wp-content/uploads/2024/商品写真.jpg']);
    // The restore passwords were typed, never printed.
    expect(kura.stderr.join('\n')).not.toContain(mysqlPassword);
    expect(kura.stderr.join('\n')).not.toContain(rsyncPassword);
  }, 180_000);
});
