/**
 * Alerts and standbys set up by an admin in the real UI (`kura serve` in headless Chromium, the real
 * keychain), in English and in Japanese, against a real MariaDB primary with a real replica whose
 * SQL thread was stopped, a real SMTP server (python3-aiosmtpd, STARTTLS, AUTH) and a local
 * webhook receiver:
 *   - Settings → Alerts: the mail form filled in, "Send a test" delivers a real mail that the SMTP
 *     server receives (subject in the admin's language); a Slack webhook pasted and tested; the
 *     heartbeat sentence with its links; saved, with no password in Kura's output;
 *   - the wizard: the admin adds the replica as a standby of the job's database, "Check the
 *     standby" reads the replica and says its SQL thread is stopped and how to start it; the
 *     schedule step offers the heartbeat; the job is saved with the standby by keychain reference;
 *   - the dashboard then shows the standby as broken, with the replica's state and the fix.
 * Each screen is saved as test/e2e/screenshots/<lang>/alerts-<screen>.png for review.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { render } from '../../electron/shared/messages/render.js';
import type { MessageCode, ParamsOf } from '../../electron/shared/messages/index.js';
import { startMariaDbPair, type MariaDbPair } from '../harness/replication.js';
import { startSmtpServer, type SmtpServer } from '../harness/smtp-server.js';
import { startHttpRecorder, type HttpRecorder } from '../harness/http-recorder.js';
import { tempDir } from '../harness/tmp.js';
import { openKura, type KuraBrowser } from './kura-browser.js';
import { oneJourney, SHOTS } from './journey.js';
import { uiText, type Lang } from './ui-text.js';
import { see } from './see.js';
import { englishOnScreen } from './english-on-page.js';

const SMTP_PASSWORD = 'e2e smtp pw';

let pair: MariaDbPair;
let smtp: SmtpServer;
let http: HttpRecorder;

beforeAll(async () => {
  [pair, smtp, http] = await Promise.all([startMariaDbPair(), startSmtpServer({ mode: 'starttls', user: 'kura@shop.example.jp', password: SMTP_PASSWORD }), startHttpRecorder()]);
  await pair.primary.sql('CREATE DATABASE shop; CREATE TABLE shop.orders (id INT PRIMARY KEY) ENGINE=InnoDB;');
  await pair.waitInSync();
  await pair.replica.sql('STOP SLAVE SQL_THREAD;');
});

afterAll(async () => {
  await Promise.all([pair?.stop(), smtp?.stop(), http?.stop()]);
});

describe.each(['en', 'ja'] as const)('alerts and standbys in %s', (lang: Lang) => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let kura: KuraBrowser;
  let page: Page;
  const jobName = lang === 'ja' ? 'オンラインショップ' : 'Online shop';
  const w = <C extends MessageCode>(code: C, ...params: ParamsOf<C> extends Record<string, never> ? [] : [ParamsOf<C>]) => render(lang, code, (params[0] ?? {}) as never).message;
  const shot = async (name: string) => {
    await page.waitForTimeout(150);
    await page.screenshot({ path: join(SHOTS, lang, `alerts-${name}.png`), fullPage: true });
    if (lang === 'ja') expect(await englishOnScreen(page), name).toEqual([]);
  };

  beforeAll(async () => {
    await mkdir(join(SHOTS, lang), { recursive: true });
    dir = await tempDir(`kura-e2e-alerts-${lang}-`);
    const home = join(dir.path, 'kura-home');
    await mkdir(home, { recursive: true });
    await mkdir(join(dir.path, 'backups'));
    await writeFile(
      join(home, 'config.json'),
      JSON.stringify({
        version: 1,
        settings: { language: lang },
        jobs: [
          {
            id: 'shop',
            name: jobName,
            destination: { path: join(dir.path, 'backups') },
            sources: [
              {
                id: 'db',
                type: 'mysql',
                host: '127.0.0.1',
                port: pair.primary.port,
                user: 'root',
                databases: ['shop'],
              },
            ],
          },
        ],
      }),
    );
    kura = await openKura(dir.path, lang);
    page = kura.page;
  });

  oneJourney(lang, 'alerts-', () => kura);

  afterAll(async () => {
    await kura?.close();
    await dir?.cleanup();
  });

  it('Settings → Alerts: a real mail by "Send a test", a Slack webhook tested, the heartbeat explained', async () => {
    const t = await uiText(lang);
    await page.getByRole('navigation').getByRole('button', { name: t('nav.settings'), exact: true }).click();
    await page.getByRole('checkbox', { name: w('ui-alerts-email-enable') }).check();
    await page.getByLabel(w('ui-alerts-smtp-host'), { exact: true }).fill('127.0.0.1');
    await page.getByLabel(w('ui-alerts-smtp-port'), { exact: true }).fill(String(smtp.port));
    await page.getByLabel(w('ui-alerts-smtp-user'), { exact: true }).fill('kura@shop.example.jp');
    await page.getByLabel(w('ui-alerts-smtp-password'), { exact: true }).fill(SMTP_PASSWORD);
    await page.getByLabel(w('ui-alerts-from'), { exact: true }).fill('kura@shop.example.jp');
    await page.getByLabel(w('ui-alerts-to'), { exact: true }).fill(`owner-${lang}@shop.example.jp`);
    await page.getByLabel(w('ui-alerts-ca-file'), { exact: true }).fill(smtp.caFile);
    const before = (await smtp.messages()).length;
    await page.getByRole('button', { name: w('ui-alerts-send-test'), exact: true }).first().click();
    await see(page.getByText(w('ui-alerts-test-sent'))).toBeVisible();
    const mail = (await smtp.waitForMessages(before + 1))[before]!;
    expect(mail.subject).toMatch(lang === 'ja' ? /^\[Kura\] テストメッセージ（.+）$/ : /^\[Kura\] Test message from .+$/);
    expect(mail.rcptTos).toEqual([`owner-${lang}@shop.example.jp`]);

    await page.getByRole('button', { name: w('ui-alerts-webhook-add') }).click();
    await page.getByLabel(w('ui-alerts-webhook-url'), { exact: true }).fill(`${http.base}/services/e2e-${lang}`);
    await page.getByLabel(w('ui-alerts-webhook-name'), { exact: true }).fill('#shop-ops');
    const n = http.requests.length;
    await page.getByRole('button', { name: w('ui-alerts-send-test'), exact: true }).nth(1).click();
    await http.waitFor(n + 1);
    expect(JSON.parse(http.requests[n]!.body)).toMatchObject({ text: expect.stringContaining('[Kura]') });
    await see(page.getByRole('link', { name: 'healthchecks.io' })).toBeVisible();
    await page.getByRole('button', { name: w('ui-alerts-save') }).click();
    await see(page.getByText(w('ui-alerts-saved'))).toBeVisible();
    await shot('settings');
    expect(kura.stderr.join('\n')).not.toContain(SMTP_PASSWORD);
  });

  it('the wizard adds the replica as a standby, checks it, offers the heartbeat and saves', async () => {
    const t = await uiText(lang);
    const next = () => page.getByRole('button', { name: t('common.next'), exact: true }).click();
    await page.getByRole('navigation').getByRole('button', { name: t('nav.dashboard'), exact: true }).click();
    await page.getByRole('button', { name: t('dashboard.edit') }).click();
    for (let i = 0; i < 3; i++) await next();
    await page.getByRole('button', { name: w('ui-standby-add') }).click();
    await page.getByLabel(w('ui-standby-host'), { exact: true }).fill('127.0.0.1');
    const standby = page.locator('.standby-fields');
    await standby.getByLabel(t('wizard.common.port'), { exact: true }).fill(String(pair.replica.port));
    await standby.getByLabel(w('ui-standby-user'), { exact: true }).fill(pair.monitor.user);
    await standby.getByLabel(t('wizard.common.password'), { exact: true }).fill(pair.monitor.password);
    await standby.getByLabel(w('ui-standby-max-lag'), { exact: true }).fill('60');
    await page.getByRole('button', { name: w('ui-standby-check') }).click();
    await see(page.getByText(w('standby-sql-stopped', { command: 'START REPLICA SQL_THREAD;' }))).toBeVisible({ timeout: 30_000 });
    await see(standby.getByText(t('wizard.passwordStored'))).toBeVisible();
    await see(standby.getByRole('status')).toContainText('START REPLICA SQL_THREAD;');
    await shot('wizard-standby');
    for (let i = 0; i < 2; i++) await next();
    await see(page.getByText(w('ui-alerts-job-heartbeat-title'))).toBeVisible();
    await see(page.getByRole('link', { name: 'Uptime Kuma' })).toBeVisible();
    await shot('wizard-heartbeat');
    for (let i = 0; i < 3; i++) await next(); // retention, off-site, summary
    await page.getByRole('button', { name: t('wizard.save'), exact: true }).click();
    await see(page.getByText(t('wizard.summary.saved', { name: jobName }))).toBeVisible();

    const saved = JSON.parse(await readFile(join(kura.home, 'config.json'), 'utf8')) as { jobs: Array<{ sources: Array<{ standbys?: unknown }> }> };
    expect(saved.jobs[0]!.sources[0]!.standbys).toEqual([
      { host: '127.0.0.1', port: pair.replica.port, user: pair.monitor.user, passwordRef: 'shop-db-standby1', maxLagSeconds: 60 },
    ]);
    expect(JSON.stringify(saved)).not.toContain(pair.monitor.password);
    expect(kura.stderr.join('\n')).not.toContain(pair.monitor.password);
  });

  it('the dashboard shows the broken standby with why and what to do', async () => {
    const t = await uiText(lang);
    await page.getByRole('navigation').getByRole('button', { name: t('nav.dashboard'), exact: true }).click();
    const section = page.getByRole('region', { name: w('ui-standby-dashboard-title') });
    await see(section).toBeVisible({ timeout: 30_000 });
    await see(section.getByText(lang === 'ja' ? /から停止しています/ : /broken since/)).toBeVisible({ timeout: 30_000 });
    await see(section).toContainText(w('standby-sql-stopped', { command: 'START REPLICA SQL_THREAD;' }));
    await see(section).toContainText('START REPLICA SQL_THREAD;');
    await shot('dashboard-standby-broken');
  });
});
