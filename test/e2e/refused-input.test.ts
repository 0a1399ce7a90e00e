/**
 * Bad input and a hung server in the real UI (issue 15, Done-when c and d) — `kura serve` in headless
 * Chromium, first in Japanese, then in English:
 *   (d) every bad input is refused at its field (the box is marked invalid and the sentence under it,
 *       tied to it by aria-describedby, says the fix) in the admin's language, and nothing is sent:
 *       a host with spaces, a pasted `rsync://user@host:port/module/path` and a typed
 *       `user@host::module` in the files host field (read and spread over the fields instead), a port
 *       of 70000, retention counts out of range (and never "NaN" in the estimate), and a Settings tool
 *       path that does not exist (not "Settings saved", and the settings file keeps no such path);
 *   (c) a hung database server — a real socket that accepts and never answers — in the MySQL step:
 *       "Test connection" shows a running test with Cancel, Cancel ends it at once without an error,
 *       and a test left to run ends with the "accepted the connection but did not answer within 15
 *       seconds" sentence and its hint within the bound, the button usable again.
 * Every step is saved at 1280×800 and 1024×640 as test/e2e/screenshots/<lang>/refuse-<nn>-<step>-<w>x<h>.png;
 * in Japanese no step may show an English sentence beyond the admin's own facts.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { TFunction } from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CONNECT_SECONDS } from '../../electron/engine/tools/answer-timeouts.js';
import { render } from '../../electron/shared/messages/render.js';
import { silentServer, type SilentServer } from '../harness/silent-server.js';
import { tempDir } from '../harness/tmp.js';
import { openKura, type KuraBrowser } from './kura-browser.js';
import { oneJourney, SHOTS, shotTaker } from './journey.js';
import { see } from './see.js';
import { pattern, uiText, type Lang } from './ui-text.js';


let hung: SilentServer;

beforeAll(async () => {
  hung = await silentServer();
});

afterAll(async () => {
  await hung?.close();
});

describe.each([
  { lang: 'ja' as Lang, jobName: 'オンラインショップ' },
  { lang: 'en' as Lang, jobName: 'Online shop' },
])('bad input and a hung server in $lang', ({ lang, jobName }) => {
  let t: TFunction;
  let work: Awaited<ReturnType<typeof tempDir>>;
  let kura: KuraBrowser;
  let page: Page;
  let backups: string;
  const missingTool = () => join(work.path, 'mariadb', 'bin', 'mysqldmup');

  /** The admin's own facts, which may stay as they are on a Japanese screen. */
  const facts = () => [jobName, backups, work.path, missingTool(), 'shop.example.com', 'files.example.jp', 'db example.com', `127.0.0.1:${hung.port}`];

  const shot = shotTaker({ lang, prefix: 'refuse-', page: () => page, facts });
  const button = (name: string | RegExp, scope: Page | Locator = page) => scope.getByRole('button', { name, exact: typeof name === 'string' });
  const field = (label: string) => page.getByLabel(label, { exact: true });
  const next = () => button(t('common.next')).click();
  const stepHeading = (step: string) => see(page.getByRole('heading', { level: 2, name: pattern(t(`wizard.steps.${step}`)) })).toBeVisible();

  /** The box is marked invalid and the sentence tied to it says `text` (the fix, in the admin's language). */
  const refusedAt = async (box: Locator, text: string) => {
    // As long as the admin would wait (a Save goes to the service and back: seconds on a busy machine).
    await see(box).toHaveAttribute('aria-invalid', 'true');
    const ids = ((await box.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
    const said = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).innerText()));
    expect(said.join(' ')).toContain(text);
  };
  const accepted = async (box: Locator) => see(box).toHaveAttribute('aria-invalid', null);

  beforeAll(async () => {
    t = await uiText(lang);
    await mkdir(join(SHOTS, lang), { recursive: true });
    work = await tempDir(`kura-e2e-refuse-${lang}-`);
    await mkdir(join(work.path, 'kura-home'));
    backups = join(work.path, 'backups');
    await mkdir(backups); // the backup disk exists before a job uses it: Kura never creates it
    kura = await openKura(work.path, lang);
    page = kura.page;
  }, 120_000);

  oneJourney(lang, 'refuse-', () => kura);

  afterAll(async () => {
    await kura?.close();
    await work?.cleanup();
  });

  it('the files step: a host with spaces is refused at its field; a pasted rsync:// address and a typed user@host::module fill the fields; port 70000 is refused', async () => {
    await see(page.getByRole('heading', { level: 1, name: t('dashboard.title') })).toBeVisible();
    await button(t('dashboard.setUp')).click();
    await see(page.getByRole('heading', { level: 1, name: t('wizard.newTitle') })).toBeVisible();
    await field(t('wizard.basics.name')).fill(jobName);
    await field(t('wizard.basics.destination')).fill(backups);
    await see(page.getByRole('status').filter({ hasText: pattern(t('wizard.basics.freeSpace')) })).toBeVisible();
    await next();
    await stepHeading('server');
    await page.getByRole('radio', { name: pattern(t('wizard.server.reach.direct')) }).check();
    await next();

    await stepHeading('files');
    const host = field(t('wizard.common.host'));
    const port = field(t('wizard.files.daemonPort'));
    await host.fill('shop example.com');
    await field(t('wizard.files.module')).fill('www');
    await button(t('wizard.testConnection')).click();
    await refusedAt(host, t('wizard.errors.hostSpaces'));
    await see(page.getByText(t('wizard.testing'))).toHaveCount(0);
    await shot('files-host-spaces');

    // Pasted whole (one input event), the address is read and spread over the fields.
    await host.fill('');
    await host.fill('rsync://backup@shop.example.com:8873/www/html');
    await see(host).toHaveValue('shop.example.com');
    await see(field(t('wizard.files.module'))).toHaveValue('www');
    await see(field(t('wizard.files.subfolder'))).toHaveValue('html');
    await see(port).toHaveValue('8873');
    await see(field(t('wizard.common.user'))).toHaveValue('backup');
    await accepted(host);
    await shot('files-rsync-url-pasted');

    // Typed key by key, the rsync "::" form is read when the field is left.
    await host.fill('');
    await host.pressSequentially('web@files.example.jp::site/public');
    await refusedAt(host, t('wizard.errors.hostAddress'));
    await shot('files-daemon-address-typed');
    await host.press('Tab');
    await see(host).toHaveValue('files.example.jp');
    await see(field(t('wizard.files.module'))).toHaveValue('site');
    await see(field(t('wizard.files.subfolder'))).toHaveValue('public');
    await see(field(t('wizard.common.user'))).toHaveValue('web');
    await accepted(host);

    await port.fill('70000');
    await button(t('wizard.testConnection')).click();
    await refusedAt(port, t('wizard.errors.portInvalid'));
    await see(page.getByText(t('wizard.testing'))).toHaveCount(0);
    await shot('files-port-70000');
    // Next does not leave a step with a refused field.
    await next();
    await stepHeading('files');
    await port.fill('873');
    await accepted(port);

    await page.getByRole('checkbox', { name: t('wizard.files.include') }).uncheck();
    await next();
  }, 120_000);

  it('the MySQL step: a host with spaces and port 70000 are refused before a test is sent; a hung server is cancelled at once, and left alone ends with its sentence within the bound', async () => {
    await stepHeading('databases');
    const host = field(t('wizard.common.host'));
    const port = field(t('wizard.common.port'));
    await host.fill('db example.com');
    await port.fill('70000');
    await field(t('wizard.common.user')).fill('backup');
    await field(t('wizard.common.password')).fill('hung pw 1');
    const before = hung.accepted();
    await button(t('wizard.testConnection')).click();
    await refusedAt(host, t('wizard.errors.hostSpaces'));
    await refusedAt(port, t('wizard.errors.portInvalid'));
    await see(page.getByText(t('wizard.testing'))).toHaveCount(0);
    await see(page.getByRole('alert').filter({ hasText: /Invalid arguments|sources\.testMysql/ })).toHaveCount(0);
    await shot('mysql-host-port-refused');

    // The hung server: it takes the connection and never says a word.
    await host.fill('127.0.0.1');
    await port.fill(String(hung.port));
    await accepted(host);
    await accepted(port);
    const test = button(t('wizard.testConnection'));
    await test.click();
    await see(page.getByText(t('wizard.testing'))).toBeVisible();
    expect(await test.isDisabled()).toBe(true);
    await expect.poll(() => hung.accepted(), { timeout: 10_000 }).toBeGreaterThan(before);
    await shot('mysql-hung-testing');
    const cancelledAt = Date.now();
    await button(t('wizard.cancelTest')).click();
    await see(page.getByText(t('wizard.testing'))).toHaveCount(0, { timeout: 3000 });
    expect(Date.now() - cancelledAt).toBeLessThan(3000);
    // Cancelled is not failed: no error box, and the button works again.
    await see(page.getByRole('alert')).toHaveCount(0);
    expect(await test.isDisabled()).toBe(false);
    await shot('mysql-hung-cancelled');

    // Left alone, the test ends on its own bound and says what happened.
    const noAnswer = render(lang, 'server-no-answer', { what: 'MySQL', where: `127.0.0.1:${hung.port}`, seconds: TEST_CONNECT_SECONDS });
    const started = Date.now();
    await test.click();
    await see(page.getByText(t('wizard.testing'))).toBeVisible();
    const alert = page.getByRole('alert').filter({ hasText: noAnswer.message });
    await see(alert).toBeVisible({ timeout: (TEST_CONNECT_SECONDS + 10) * 1000 });
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThan((TEST_CONNECT_SECONDS - 3) * 1000);
    expect(waited).toBeLessThan((TEST_CONNECT_SECONDS + 8) * 1000);
    await see(alert).toContainText(noAnswer.hint!);
    await see(page.getByText(t('wizard.testing'))).toHaveCount(0);
    expect(await test.isDisabled()).toBe(false);
    await shot('mysql-hung-no-answer');

    await page.getByRole('checkbox', { name: t('wizard.mysql.include') }).uncheck();
    await next();
    await stepHeading('redis');
    await page.getByRole('checkbox', { name: t('wizard.redis.include') }).uncheck();
    await next();
    await stepHeading('schedule');
    await next();
  }, 120_000);

  it('the retention step: counts out of range are refused as typed, the estimate never says NaN, and Next stays', async () => {
    await stepHeading('retention');
    const newest = field(t('wizard.retention.keepLast'));
    const daily = field(t('wizard.retention.keepDaily'));
    await newest.fill('');
    await refusedAt(newest, t('wizard.errors.keepLastRange'));
    await daily.fill('5000');
    await refusedAt(daily, t('wizard.errors.countRange'));
    expect(await page.locator('body').innerText()).not.toMatch(/NaN/);
    await next();
    await stepHeading('retention');
    await shot('retention-out-of-range');
    await newest.fill('5');
    await daily.fill('7');
    await accepted(newest);
    await accepted(daily);
    await see(page.getByRole('status').filter({ hasText: pattern(t('wizard.retention.estimateUnknown')) })).toBeVisible();
    expect(await page.locator('body').innerText()).not.toMatch(/NaN/);
    await shot('retention-fixed');
    // The wizard is left without saving: Cancel asks first, and nothing is kept.
    await button(t('common.cancel')).click();
    await see(page.getByRole('alertdialog').filter({ hasText: t('wizard.discardQuestion') })).toBeVisible();
    await button(t('wizard.discard')).click();
    await see(page.getByRole('heading', { level: 1, name: t('dashboard.title') })).toBeVisible();
  }, 60_000);

  it('Settings: a tool path that does not exist is refused at its box, not saved', async () => {
    await page.getByRole('navigation').getByRole('button', { name: t('nav.settings'), exact: true }).click();
    // Found by its caption alone: once refused, the box's accessible name also holds the sentence under it.
    const box = page.locator('label').filter({ has: page.getByText(t('settings.overrideLabel', { tool: 'mysqldump' }), { exact: true }) }).locator('input');
    await box.fill(missingTool());
    await button(t('settings.save')).click();
    const said = render(lang, 'tool-path-missing', { tool: 'mysqldump', path: missingTool() });
    await refusedAt(box, said.message);
    await refusedAt(box, said.hint!);
    await see(page.getByText(t('settings.saved'), { exact: true })).toHaveCount(0);
    await shot('settings-tool-path-missing');
    const config = await readFile(join(kura.home, 'config.json'), 'utf8').catch(() => '');
    expect(config).not.toContain('mysqldmup');
  }, 60_000);
});
