/**
 * The night the rsync daemon is down (issue 15, Done-when a), in the real UI — `kura serve` in
 * headless Chromium, in Japanese and in English — against the shop's real servers (test/e2e/shop-servers.ts)
 * with a read-only database account: the website files cannot be reached, and still the database
 * and Redis are backed up and verified. The dashboard card says the night was partial, which item
 * failed (the website files, "www") and why (nothing answered, check that the rsync daemon runs), and
 * `kura snapshots --json` and the snapshot folder show a published snapshot holding the verified
 * database and Redis copies (a dump that gunzips to the shop's rows) and no files at all.
 * Each step is saved at 1280×800 and 1024×640 as test/e2e/screenshots/<lang>/night-<nn>-<step>-<w>x<h>.png;
 * in Japanese no step may show an English sentence beyond the admin's own facts.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Locator, Page } from 'playwright-core';
import type { TFunction } from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { render } from '../../electron/shared/messages/render.js';
import { runKura } from '../harness/kura-cli.js';
import { tempDir } from '../harness/tmp.js';
import { openKura, type KuraBrowser } from './kura-browser.js';
import { oneJourney, SHOTS, shotTaker } from './journey.js';
import { see } from './see.js';
import { REDIS_PASSWORD, RSYNC_PASSWORD, RSYNC_USER, startShopServers, type ShopServers } from './shop-servers.js';
import { uiText, type Lang } from './ui-text.js';


let servers: ShopServers;
let rsyncPort: number;

beforeAll(async () => {
  servers = await startShopServers();
  rsyncPort = servers.rsyncd.port;
  // The night: the rsync daemon is down (nothing listens on its port any more).
  await servers.rsyncd.stop();
}, 120_000);

afterAll(async () => {
  await servers?.stop();
});

interface SnapJson {
  id: string;
  status: string;
  items: Array<{ source: string; type: string; database?: string | null; status: string }>;
}

describe.each([
  { lang: 'ja' as Lang, jobName: 'オンラインショップ' },
  { lang: 'en' as Lang, jobName: 'Online shop' },
])('the rsync daemon down at night in $lang', ({ lang, jobName }) => {
  const dbUser = `night_${lang}`;
  const dbPassword = `night pw ${lang}`;
  let t: TFunction;
  let work: Awaited<ReturnType<typeof tempDir>>;
  let kura: KuraBrowser;
  let page: Page;
  let env: Record<string, string>;
  let dest: string;

  const facts = () => [jobName, dest, work.path, 'www', 'shop', `127.0.0.1:${rsyncPort}`, `rsync://${RSYNC_USER}@127.0.0.1:${rsyncPort}/www/`];
  const shot = shotTaker({ lang, prefix: 'night-', page: () => page, facts });
  const button = (name: string, scope: Page | Locator = page) => scope.getByRole('button', { name, exact: true });
  const card = () => page.getByRole('article', { name: jobName });

  beforeAll(async () => {
    t = await uiText(lang);
    await mkdir(join(SHOTS, lang), { recursive: true });
    work = await tempDir(`kura-e2e-night-${lang}-`);
    const home = join(work.path, 'kura-home');
    await mkdir(home);
    dest = join(work.path, 'backups');
    await mkdir(dest); // the backup disk exists before a job uses it: Kura never creates it
    env = { KURA_HOME: home };
    // A read-only backup account, as server setup prints it.
    await servers.mariadb.sql(`CREATE USER '${dbUser}'@'%' IDENTIFIED BY '${dbPassword}'; GRANT SELECT, SHOW VIEW, TRIGGER, LOCK TABLES, EVENT ON shop.* TO '${dbUser}'@'%';`);
    const refs = { rsync: `night-rsync-${lang}`, mysql: `night-mysql-${lang}`, redis: `night-redis-${lang}` };
    for (const [ref, pw] of [[refs.rsync, RSYNC_PASSWORD], [refs.mysql, dbPassword], [refs.redis, REDIS_PASSWORD]] as const) {
      const r = await runKura(['secret', 'set', ref], env, pw + '\n');
      expect(r.code, r.stderr).toBe(0);
    }
    const job = {
      id: 'shop',
      name: jobName,
      destination: { path: dest },
      sources: [
        { id: 'www', type: 'files', from: `rsync://${RSYNC_USER}@127.0.0.1:${rsyncPort}/www/`, passwordRef: refs.rsync },
        { id: 'db', type: 'mysql', host: '127.0.0.1', port: servers.mariadb.port, user: dbUser, passwordRef: refs.mysql, databases: ['shop'] },
        { id: 'cache', type: 'redis', host: '127.0.0.1', port: servers.redis.port, passwordRef: refs.redis },
      ],
    };
    await writeFile(join(home, 'config.json'), JSON.stringify({ version: 1, settings: { language: lang }, jobs: [job] }, null, 2));
    kura = await openKura(work.path, lang);
    page = kura.page;
  }, 120_000);

  oneJourney(lang, 'night-', () => kura);

  afterAll(async () => {
    await kura?.close();
    await servers?.mariadb.sql(`DROP USER IF EXISTS '${dbUser}'@'%';`).catch(() => undefined);
    await work?.cleanup();
  });

  it('the backup runs with the daemon down: the card says partial, which item failed and why', async () => {
    await see(card()).toBeVisible();
    await shot('dashboard-before');
    await button(t('dashboard.backupNow'), card()).click();
    await see(card().getByText(t('health.partial'), { exact: true })).toBeVisible({ timeout: 90_000 });
    await see(card().getByRole('alert').filter({ hasText: t('dashboard.lastRunPartial') })).toBeVisible();
    // Which item, and why: the website files, because nothing answered at the daemon's port.
    const filesFailed = card().getByRole('alert').filter({ hasText: t('dashboard.itemFailed', { type: t('sourceType.files'), item: 'www' }) });
    await see(filesFailed).toHaveCount(1);
    const refused = render(lang, 'rsync-connect-failed', { where: `rsync://${RSYNC_USER}@127.0.0.1:${rsyncPort}/www/` });
    await see(filesFailed).toContainText(refused.message);
    await see(filesFailed).toContainText(refused.hint!);
    // Only that item: the database and Redis are not named as failed.
    await see(card().getByRole('alert').filter({ hasText: t('dashboard.itemFailed', { type: t('sourceType.mysql'), item: 'db/shop' }) })).toHaveCount(0);
    await see(card().getByRole('alert').filter({ hasText: t('dashboard.itemFailed', { type: t('sourceType.redis'), item: 'cache' }) })).toHaveCount(0);
    await shot('dashboard-partial');
  }, 150_000);

  it('the snapshot holds the verified database and Redis copies, and no files', async () => {
    const r = await runKura(['snapshots', 'shop', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const snaps = r.json as SnapJson[];
    expect(snaps).toHaveLength(1);
    expect(snaps[0]!.status).toBe('partial');
    const status = Object.fromEntries(snaps[0]!.items.map((i) => [`${i.type}:${i.source}${i.database ? '/' + i.database : ''}`, i.status]));
    expect(status).toMatchObject({ 'files:www': 'failed', 'mysql:db/shop': 'ok', 'redis:cache': 'ok' });

    // Plain files: the dump gunzips to the shop's rows; Redis' copy is there; the files item is not.
    const folder = (await readdir(dest, { recursive: true })).find((p) => p.endsWith('manifest.json'));
    expect(folder).toBeTruthy();
    const snap = join(dest, folder!.slice(0, -'manifest.json'.length));
    const dump = gunzipSync(await readFile(join(snap, 'mysql', 'db', 'shop.sql.gz'))).toString('utf8');
    expect(dump).toContain('抹茶ラテ 42');
    expect((await readdir(join(snap, 'redis'), { recursive: true })).length).toBeGreaterThan(0);
    expect(existsSync(join(snap, 'files', 'www'))).toBe(false);
    // The password never reached the server's log.
    expect(kura.stderr.join('\n')).not.toContain(dbPassword);
  }, 60_000);
});
