/**
 * The setup wizard for a shop reached the way shops really are (the shop world: only SSH open,
 * MariaDB and Redis on the server's own 127.0.0.1), through `kura serve` in headless Chromium, in
 * English and in Japanese: the server step shows the host key's fingerprint and logs in only after
 * the admin confirms it; "Test connection" of the files, the database and Redis goes through SSH;
 * the job is saved and its first backup succeeds. Screenshots: test/e2e/screenshots/<lang>/ssh-*.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { TFunction } from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canMakeNamespaces, startShopWorld, type ShopWorld } from '../harness/shop-world.js';
import { watchSecrets } from '../harness/secret-watch.js';
import { tempDir } from '../harness/tmp.js';
import { openKura, type KuraBrowser } from './kura-browser.js';
import { clearShots, SHOTS, shotTaker } from './journey.js';
import { see } from './see.js';
import { pattern, uiText, type Lang } from './ui-text.js';
import { render } from '../../electron/shared/messages/render.js';

const can = canMakeNamespaces();
if (!can.ok && process.env['CI']) throw new Error(`CI must be able to build the shop world: ${can.reason}`);

describe.skipIf(!can.ok).each<{ lang: Lang; jobName: string }>([
  { lang: 'en', jobName: 'Shop on a VPS' },
  { lang: 'ja', jobName: 'VPSのショップ' },
])('the setup wizard through SSH in $lang', ({ lang, jobName }) => {
  let world: ShopWorld;
  let t: TFunction;
  let dir: { path: string; cleanup: () => Promise<void> };
  let kura: KuraBrowser;
  let page: Page;
  const shot = shotTaker({ lang, prefix: 'ssh-', page: () => page, sizes: null });
  const button = (name: string | RegExp) => page.getByRole('button', { name, exact: typeof name === 'string' });
  const field = (label: string) => page.getByLabel(label, { exact: true });
  const next = () => button(t('common.next')).click();
  const stepHeading = (step: string) => see(page.getByRole('heading', { level: 2, name: pattern(t(`wizard.steps.${step}`)) })).toBeVisible();

  beforeAll(async () => {
    t = await uiText(lang);
    world = await startShopWorld();
    // Its numbered shots of an earlier run (the old loop named files without their ".png" and removed none).
    await clearShots(lang, /^ssh-\d\d-/);
    dir = await tempDir(`kura-e2e-ssh-${lang}-`);
    kura = await openKura(dir.path, lang);
    page = kura.page;
  });
  afterAll(async () => {
    if (page) await page.screenshot({ path: join(SHOTS, lang, 'ssh-last.png'), fullPage: true }).catch(() => undefined);
    await kura?.close();
    await dir?.cleanup();
    await world?.stop();
  });

  it('confirms the server key, tests every source through SSH, saves and backs up', async () => {
    const watch = watchSecrets([world.passwordUser.password, world.mysql.password, world.redis.password]);
    await button(t('dashboard.setUp')).click();
    await field(t('wizard.basics.name')).fill(jobName);
    await field(t('wizard.basics.destination')).fill(join(dir.path, 'backups'));
    await page.getByRole('checkbox', { name: t('wizard.basics.create') }).check();
    await next();

    // The server: SSH with a password on the non-standard port.
    await stepHeading('server');
    await see(page.getByRole('radio', { name: pattern(t('wizard.server.reach.ssh')) })).toBeChecked();
    await field(t('wizard.common.host')).fill(world.address);
    await field(t('wizard.server.port')).fill('10022');
    await field(t('wizard.common.user')).fill(world.passwordUser.name);
    await page.getByRole('radio', { name: pattern(t('wizard.server.auth.password')) }).check();
    await field(t('wizard.common.password')).fill(world.passwordUser.password);
    await button(t('wizard.server.check')).click();
    const fingerprint = await world.fingerprint();
    await see(page.getByText(fingerprint, { exact: true })).toBeVisible();
    await see(page.getByText(pattern(t('wizard.server.keyUnknown')))).toBeVisible();
    await shot('server-fingerprint');
    // Nothing was sent to the server before the key was confirmed.
    expect(await world.sshdLog()).not.toMatch(/Accepted|Failed password/);
    await button(t('wizard.server.trust')).click();
    await see(page.getByRole('status').filter({ hasText: t('wizard.server.loggedIn', { user: world.passwordUser.name, host: world.address }) })).toBeVisible();
    await shot('server-logged-in');
    await next();

    // Files: the folder on the server, listed through SSH.
    await stepHeading('files');
    await field(t('wizard.files.serverFolder', { host: world.address })).fill(`${world.siteDir}/`);
    await button(t('wizard.testConnection')).click();
    await see(page.getByRole('status').filter({ hasText: t('wizard.files.testOk', { count: 3 }) })).toBeVisible();
    await shot('files-through-ssh');
    await next();

    // MySQL on the server's own 127.0.0.1, through the forward.
    await stepHeading('databases');
    await see(field(t('wizard.common.hostFromServer'))).toHaveValue('127.0.0.1');
    await field(t('wizard.common.user')).fill(world.mysql.user);
    await field(t('wizard.common.password')).fill(world.mysql.password);
    await button(t('wizard.testConnection')).click();
    await see(page.getByRole('status').filter({ hasText: pattern(t('wizard.mysql.testOk', { count: 1 })) })).toBeVisible();
    await page.getByRole('checkbox', { name: 'shop', exact: true }).check();
    await shot('databases-through-ssh');
    await next();

    // Redis the same way.
    await stepHeading('redis');
    await field(t('wizard.redis.username')).fill(world.redis.user);
    await field(t('wizard.common.password')).fill(world.redis.password);
    await button(t('wizard.testConnection')).click();
    await see(page.getByRole('status').filter({ hasText: t('wizard.redis.testOk', { version: '7.0.15' }) })).toBeVisible();
    await shot('redis-through-ssh');
    await next();
    await stepHeading('schedule');
    await next();
    await stepHeading('retention');
    await next();
    // No off-site copy for this shop: the step is left as it is.
    await see(page.getByRole('heading', { level: 2, name: pattern(render(lang, 'offsite-ui-step-title', {}).message) })).toBeVisible();
    await next();
    await stepHeading('summary');
    await shot('summary');
    await button(t('wizard.save')).click();
    await see(page.getByText(t('wizard.summary.saved', { name: jobName }))).toBeVisible();
    await button(t('wizard.summary.runFirst')).click();
    await page.locator('form').getByRole('button', { name: t('wizard.done'), exact: true }).click();
    const card = page.getByRole('article', { name: jobName });
    await see(card.getByText(t('health.ok'), { exact: true })).toBeVisible({ timeout: 90_000 });
    await shot('dashboard-ok');
    // Typed into the browser, kept in the keychain: never in any process's argv or environment.
    expect(await watch.stop()).toEqual([]);
    for (const secret of [world.passwordUser.password, world.mysql.password, world.redis.password]) expect(kura.stderr.join('\n')).not.toContain(secret);
  });
});
