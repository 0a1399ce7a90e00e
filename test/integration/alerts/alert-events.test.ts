/**
 * Every piece of news, end to end, through the service the app and `kura serve` run (its scheduler
 * and its alert hub, real backups of a real folder, a real rsync daemon as the off-site target),
 * to a real SMTP server and a local HTTP server playing two webhooks and a healthchecks.io heartbeat:
 *
 *   partial run (off-site copy failing) → mail, json webhook, Slack webhook; repeated: nothing new
 *   off-site copy failing 3 times       → mail, webhooks; then working again → mail, webhooks
 *   failed run                          → mail (cause and fix), webhooks; repeated: nothing new
 *   recovery                            → mail, webhooks
 *   backup disk missing                 → its own mail, webhooks
 *   overdue                             → mail, webhooks
 *   an unfinished restore               → mail, webhooks
 *   the weekly report                   → mail only
 *   every run                           → heartbeat /start then success or /fail, in order
 * in Japanese, then in English; and no password, no webhook or heartbeat URL in any log, state file,
 * run history, mail or message.
 */
import { hostname } from 'node:os';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySecretStore } from '../../../electron/engine/secrets/secret-store.js';
import { createKuraService, type KuraService } from '../../../electron/service/kura-service.js';
import { startSmtpServer, type ReceivedMail, type SmtpServer } from '../../harness/smtp-server.js';
import { startHttpRecorder, type HttpRecorder } from '../../harness/http-recorder.js';
import { startRsyncDaemon, type RsyncDaemon } from '../../harness/rsyncd.js';
import { tempDir } from '../../harness/tmp.js';

const SMTP_PASSWORD = 'Smtp-秘密-Passw0rd';
const JSON_TOKEN = 'jsonhook-7f3a9c2e1d';
const SLACK_TOKEN = 'T000/B000/slackSECRETxyz';
const HB_TOKEN = '5a1e7c1c-hb-0000-secret';
const SECRETS = [SMTP_PASSWORD, JSON_TOKEN, SLACK_TOKEN, HB_TOKEN];

let work: Awaited<ReturnType<typeof tempDir>>;
let smtp: SmtpServer;
let http: HttpRecorder;
let rsyncd: RsyncDaemon;
let service: KuraService;
let home: string;
let site: string;
let backups: string;
const logLines: string[] = [];
const clock = { t: Date.parse('2026-12-07T01:00:00Z'), now: () => new Date(clock.t) };
const secrets = createMemorySecretStore();

function config(language: 'ja' | 'en', weekday: number) {
  return {
    version: 1,
    settings: {
      language,
      catchUpDelaySeconds: 86_400,
      alerts: {
        email: { host: '127.0.0.1', port: smtp.port, security: 'starttls', user: 'kura', passwordRef: 'alerts-smtp', from: 'kura@shop.example.jp', to: ['owner@shop.example.jp'], caFile: smtp.caFile },
        webhooks: [
          { urlRef: 'alerts-json', format: 'json', name: 'automation' },
          { urlRef: 'alerts-slack', format: 'slack', name: 'Slack #shop' },
        ],
        heartbeat: { urlRef: 'alerts-heartbeat' },
        weeklySummary: { weekday, hour: 9 },
      },
    },
    jobs: [
      {
        id: 'shop',
        name: 'ショップ',
        destination: { path: backups },
        sources: [{ id: 'www', type: 'files', from: site }],
        schedule: { cron: '0 3 * * *', timezone: 'UTC' },
        offsite: [{ id: 'dc', to: `rsync://kura@127.0.0.1:${rsyncd.port}/offsite`, passwordRef: 'offsite-dc' }],
      },
    ],
  };
}

async function writeConfig(language: 'ja' | 'en', weekday = (new Date(clock.t).getDay() + 3) % 7): Promise<void> {
  await writeFile(join(home, 'config.json'), JSON.stringify(config(language, weekday)));
}

/** "Back up now" through the service, waiting for the run and for the alerts it caused. */
async function backUp(): Promise<string> {
  const done = new Promise<string>((resolve) => {
    const off = service.on('run.finished', (p) => {
      off();
      resolve(p.run?.status ?? 'skipped');
    });
  });
  const r = await service.dispatch('runs.start', ['shop']);
  expect(r.ok, JSON.stringify(r)).toBe(true);
  const status = await done;
  await service.alerts!.idle();
  clock.t += 60_000;
  return status;
}

const mails = async (): Promise<ReceivedMail[]> => smtp.messages();
const hooks = (token: string) => http.requests.filter((r) => r.url.includes(token.split('/')[0]!));
const jsonEvents = () => hooks(JSON_TOKEN).map((r) => JSON.parse(r.body) as { event: string; title: string; text: string; data: Record<string, unknown> });
const slackTexts = () => hooks(SLACK_TOKEN).map((r) => (JSON.parse(r.body) as { text: string }).text);
const pings = () => http.requests.filter((r) => r.url.includes(HB_TOKEN)).map((r) => r.url.replace(`/ping/${HB_TOKEN}`, '') || '/');

beforeAll(async () => {
  work = await tempDir('kura-alert-events-');
  home = join(work.path, 'home');
  site = join(work.path, 'site');
  backups = join(work.path, 'backups');
  await Promise.all([mkdir(home), mkdir(site), mkdir(backups), mkdir(join(work.path, 'offsite'))]);
  await writeFile(join(site, 'index.html'), '<h1>ショップ</h1>');
  [smtp, http, rsyncd] = await Promise.all([
    startSmtpServer({ mode: 'starttls', user: 'kura', password: SMTP_PASSWORD }),
    startHttpRecorder(),
    startRsyncDaemon([{ name: 'offsite', path: join(work.path, 'offsite'), readOnly: false, authUsers: { kura: 'right-password' } }]),
  ]);
  await secrets.set('alerts-smtp', SMTP_PASSWORD);
  await secrets.set('alerts-json', `${http.base}/hooks/${JSON_TOKEN}`);
  await secrets.set('alerts-slack', `${http.base}/services/${SLACK_TOKEN}`);
  await secrets.set('alerts-heartbeat', `${http.base}/ping/${HB_TOKEN}`);
  await secrets.set('offsite-dc', 'wrong-password');
  await writeConfig('ja');
  service = createKuraService({
    home,
    secrets,
    notifier: { notify: () => {} },
    clock,
    mode: 'browser',
    systemLanguage: 'en',
    logger: { log: (level, m) => logLines.push(`${level} ${m}`) },
    schedulerOptions: { watchdogIntervalMs: 3_600_000 },
    alerts: { standbyIntervalMs: 0, tickMs: 0, retryDelaysMs: [], deliveryTimeoutMs: 5000, host: 'shop-pc' },
  });
  await service.start();
});

afterAll(async () => {
  await service?.stop();
  await Promise.all([smtp?.stop(), http?.stop(), rsyncd?.stop()]);
  await work?.cleanup();
});

describe('alerts that reach a person', () => {
  it('a partial run (the off-site copy failed): one mail and one message per webhook, in Japanese; the next partial run sends nothing new', async () => {
    expect(await backUp()).toBe('warning');
    const [m] = await smtp.waitForMessages(1);
    expect(m!.subject).toBe('[Kura] バックアップは完了しましたが警告があります：ショップ');
    expect(m!.text).toMatch(/shop-pc での「ショップ」のバックアップは .* に完了し、スナップショットも揃っていますが、警告が 1 件あります：/);
    expect(m!.text).toMatch(/^- .*off-site copy to rsync:\/\/kura@127\.0\.0\.1/m);
    expect(m!.text).toContain('同じ問題が続いている間、このメッセージは繰り返し送りません。');
    expect(jsonEvents().map((e) => e.event)).toEqual(['run-partial']);
    expect(slackTexts()[0]).toMatch(/^\*\[Kura\] バックアップは完了しましたが警告があります：ショップ\*/);

    expect(await backUp()).toBe('warning');
    expect(await mails()).toHaveLength(1);
    expect(jsonEvents()).toHaveLength(1);
    expect(pings()).toEqual(['/start', '/', '/start', '/']);
  });

  it('the third failed off-site copy in a row: mail and webhooks say so, once', async () => {
    expect(await backUp()).toBe('warning');
    const list = await smtp.waitForMessages(2);
    expect(list[1]!.subject).toBe('[Kura] オフサイトコピーが失敗しています：ショップ → dc');
    expect(list[1]!.text).toMatch(/へのコピーが 3 回続けて失敗しました。ローカルのバックアップは正常ですが/);
    expect(jsonEvents().map((e) => e.event)).toEqual(['run-partial', 'offsite-failing']);
    expect(jsonEvents()[1]!.data).toMatchObject({ target: 'dc', failures: 3 });
    expect(slackTexts()).toHaveLength(2);
  });

  it('a failed run: the cause and the fix, once however often it fails again; the heartbeat pings /fail each time', async () => {
    await rm(site, { recursive: true });
    expect(await backUp()).toBe('failed');
    expect(await backUp()).toBe('failed');
    const list = await mails();
    expect(list).toHaveLength(3);
    const m = list[2]!;
    expect(m.subject).toBe('[Kura] バックアップに失敗しました：ショップ');
    expect(m.text).toMatch(/shop-pc での「ショップ」のバックアップが .* に失敗しました。新しいスナップショットは作成しておらず/);
    expect(m.text).toMatch(/^失敗した内容：/m);
    expect(m.text).toMatch(/^shop-pc 上の実行ログ：.*\.log$/m);
    expect(jsonEvents().map((e) => e.event)).toEqual(['run-partial', 'offsite-failing', 'run-failed']);
    expect(jsonEvents()[2]!.data).toMatchObject({ jobId: 'shop', error: { code: expect.any(String) } });
    expect(pings().slice(-4)).toEqual(['/start', '/fail', '/start', '/fail']);
  });

  it('working again: one recovery, and the off-site copy working again, by mail and webhook', async () => {
    await mkdir(site);
    await writeFile(join(site, 'index.html'), '<h1>ショップ</h1>');
    await secrets.set('offsite-dc', 'right-password');
    expect(await backUp()).toBe('success');
    const list = await smtp.waitForMessages(5);
    expect(list.slice(3).map((m) => m.subject).sort()).toEqual(['[Kura] オフサイトコピーが復旧しました：ショップ → dc', '[Kura] バックアップが復旧しました：ショップ'].sort());
    expect(jsonEvents().slice(3).map((e) => e.event).sort()).toEqual(['offsite-recovered', 'recovered']);
    expect(await backUp()).toBe('success');
    expect(await mails()).toHaveLength(5);
    expect(pings().slice(-2)).toEqual(['/start', '/']);
  });

  it('the backup disk not connected: its own words', async () => {
    await rename(backups, `${backups}-unplugged`);
    try {
      expect(await backUp()).toBe('failed');
    } finally {
      await rename(`${backups}-unplugged`, backups);
    }
    const m = (await smtp.waitForMessages(6))[5]!;
    expect(m.subject).toBe('[Kura] バックアップ用ディスクがつながっていません：ショップ');
    expect(m.text).toContain('バックアップ用ディスクが見つからなかったため');
    expect(m.text).toMatch(/^対処方法：バックアップ用ディスクをつなぐ/m);
    expect(jsonEvents().at(-1)!.event).toBe('disk-missing');
    expect(await backUp()).toBe('success');
    expect((await smtp.waitForMessages(7))[6]!.subject).toBe('[Kura] バックアップが復旧しました：ショップ');
  });

  it('overdue: the PC was off for a day and a half', async () => {
    clock.t += 36 * 3_600_000;
    service.scheduler.checkMissed();
    await expect.poll(async () => (await mails()).length, { timeout: 10_000 }).toBe(8);
    await service.alerts!.idle();
    const m = (await mails())[7]!;
    expect(m.subject).toBe('[Kura] バックアップが滞っています：ショップ');
    expect(m.text).toMatch(/「ショップ」は .* 以降バックアップされていません。/);
    expect(m.text).toContain('予定の時刻に shop-pc の電源が入っていてスリープしていないか');
    expect(jsonEvents().at(-1)!.event).toBe('overdue');
    service.scheduler.checkMissed();
    await service.alerts!.idle();
    expect(await mails()).toHaveLength(8);
  });

  it('an unfinished restore found: mail and webhooks, once', async () => {
    const at = new Date(clock.t - 3_600_000).toISOString();
    const journal = {
      format: 'kura-restore-journal/1',
      id: 'mysql-127.0.0.1-3306-shop',
      owner: { pid: 999_999, host: hostname(), started: null },
      status: 'unresolved',
      createdAt: at,
      updatedAt: at,
      jobId: 'shop',
      jobRoot: join(backups, 'shop'),
      snapshotId: '2026-12-01T00-00-00Z',
      request: { jobId: 'shop', snapshotId: '2026-12-01T00-00-00Z', sourceId: 'db', mysql: { safetyBackup: true, stripDefiners: false } },
      step: 'import',
      touched: true,
      history: [{ step: 'import', at }],
      problem: null,
      target: { type: 'mysql', host: '127.0.0.1', port: 3306, database: 'shop', before: null, safety: null },
    };
    await mkdir(join(home, 'restores'), { recursive: true });
    await writeFile(join(home, 'restores', `${journal.id}.json`), JSON.stringify(journal));
    await service.alerts!.tick();
    await service.alerts!.tick();
    await service.alerts!.idle();
    const list = await mails();
    expect(list).toHaveLength(9);
    expect(list[8]!.subject).toMatch(/^\[Kura\] 復元が完了していません：/);
    expect(list[8]!.text).toContain('kura restore --roll-back mysql-127.0.0.1-3306-shop');
    expect(jsonEvents().at(-1)).toMatchObject({ event: 'restore-unfinished', data: { restoreId: 'mysql-127.0.0.1-3306-shop' } });
    await rm(join(home, 'restores'), { recursive: true });
  });

  it('the weekly report: by mail only, when it is due (not before), with each item, its size, the disk space and the runs', async () => {
    const hooksBefore = jsonEvents().length;
    await service.alerts!.tick();
    await service.alerts!.idle();
    expect(await mails()).toHaveLength(9);
    clock.t += 4 * 24 * 3_600_000;
    await service.alerts!.tick();
    await service.alerts!.idle();
    const list = await mails();
    expect(list).toHaveLength(10);
    const m = list[9]!;
    expect(m.subject).toBe('[Kura] 週次バックアップ報告（shop-pc）');
    expect(m.text).toMatch(/^ショップ（shop）— 現在：/m);
    expect(m.text).toMatch(/^- www：最後の正常なバックアップ .*、\d+(\.\d+)? B、書き込み時に検証済み$/m);
    expect(m.text).toMatch(/^- バックアップ用ディスク .* の空き容量：.* 中 /m);
    expect(m.text).toMatch(/^- 過去7日間の実行：正常 \d+ 回、失敗 \d+ 回$/m);
    expect(jsonEvents()).toHaveLength(hooksBefore);
    await service.alerts!.tick();
    await service.alerts!.idle();
    expect(await mails()).toHaveLength(10);
  });

  it('"Send a test" through the service, to the Slack webhook of the settings on screen', async () => {
    const n = slackTexts().length;
    const r = await service.dispatch('alerts.test', [config('ja', 1).settings.alerts, { kind: 'webhook', index: 1 }]);
    expect(r).toEqual({ ok: true, value: undefined });
    expect(slackTexts()[n]).toMatch(/^\*\[Kura\] テストメッセージ（shop-pc）\*/);
  });

  it('in English when that is the admin\'s language', async () => {
    await writeConfig('en');
    await service.dispatch('settings.get', []);
    await rm(site, { recursive: true });
    try {
      expect(await backUp()).toBe('failed');
    } finally {
      await mkdir(site);
      await writeFile(join(site, 'index.html'), 'shop');
    }
    const m = (await smtp.waitForMessages(11))[10]!;
    expect(m.subject).toBe('[Kura] Backup failed: ショップ');
    expect(m.text).toMatch(/^The backup of ショップ on shop-pc failed at .*\. Nothing was published; the earlier snapshots are untouched\.$/m);
    expect(m.text).toMatch(/^What failed: /m);
    expect(m.text).toMatch(/^-- \nSent by Kura .* on shop-pc\.$/m);
    expect(jsonEvents().at(-1)).toMatchObject({ event: 'run-failed', language: 'en' } as never);
  });

  it('no secret anywhere: not in logs, run logs, history, state files, config, mails or webhook bodies', async () => {
    await service.alerts!.idle();
    const texts: string[] = [logLines.join('\n')];
    const walk = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) await walk(p);
        else if ((await stat(p)).size < 5_000_000) texts.push(await readFile(p, 'utf8'));
      }
    };
    await walk(home);
    for (const m of await mails()) texts.push(m.raw);
    for (const r of http.requests) texts.push(r.body);
    expect(texts.length).toBeGreaterThan(20);
    for (const t of texts) for (const s of SECRETS) expect(t).not.toContain(s);
    expect(logLines.join('\n')).toMatch(/Alert mailed to owner@shop\.example\.jp|通知メールを owner@shop\.example\.jp に送りました/);
  });
});
