/**
 * Each alert channel against a real server: mail through a real SMTP server (STARTTLS with a
 * throw-away certificate authority, implicit TLS, AUTH), webhooks and heartbeats to a local HTTP
 * server that records every request. And what an admin sees when the server refuses: the server's
 * own reply in a sentence saying what to change — with no password and no URL token in it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendTest, pingHeartbeat, postEvent, type AlertsConfig, type DeliveryDeps } from '../../../electron/engine/alerts/deliver.js';
import { createMemorySecretStore } from '../../../electron/engine/secrets/secret-store.js';
import { toKuraError } from '../../../electron/engine/errors.js';
import { render } from '../../../electron/shared/messages/render.js';
import { startSmtpServer, type SmtpServer } from '../../harness/smtp-server.js';
import { startHttpRecorder, type HttpRecorder } from '../../harness/http-recorder.js';

const SMTP_PASSWORD = 'smtp-Pa55 wörd/秘密';
const TOKEN = 'T0KEN-abcdef0123456789';
let starttls: SmtpServer;
let tls: SmtpServer;
let http: HttpRecorder;
const lines: string[] = [];

function deps(language: 'en' | 'ja', secrets = createMemorySecretStore({ smtp: SMTP_PASSWORD, hook: `${http.base}/hooks/${TOKEN}`, hb: `${http.base}/ping/${TOKEN}` })): DeliveryDeps {
  return { secrets, host: 'shop-pc', version: '0.1.0', language, logger: { log: (_l, m) => lines.push(m) }, timeoutMs: 5000 };
}

function email(server: SmtpServer, extra: Partial<NonNullable<AlertsConfig['email']>> = {}): AlertsConfig {
  return { email: { host: '127.0.0.1', port: server.port, security: 'starttls', user: 'kura', passwordRef: 'smtp', from: 'kura@shop.example.jp', to: ['owner@shop.example.jp', 'admin@shop.example.jp'], caFile: server.caFile, ...extra } };
}

beforeAll(async () => {
  [starttls, tls, http] = await Promise.all([
    startSmtpServer({ mode: 'starttls', user: 'kura', password: SMTP_PASSWORD, rejectRcpt: 'nobody@' }),
    startSmtpServer({ mode: 'tls', user: 'kura', password: SMTP_PASSWORD }),
    startHttpRecorder(),
  ]);
});
afterAll(async () => {
  await Promise.all([starttls?.stop(), tls?.stop(), http?.stop()]);
});

function expectNoSecret(text: string): void {
  expect(text).not.toContain(SMTP_PASSWORD);
  expect(text).not.toContain(TOKEN);
}

describe('mail', () => {
  it('"Send a test" arrives over STARTTLS, logged in, in Japanese and in English', async () => {
    const before = (await starttls.messages()).length;
    await sendTest(deps('ja'), email(starttls), { kind: 'email' }, new Date('2026-12-01T03:00:00Z'));
    await sendTest(deps('en'), email(starttls), { kind: 'email' }, new Date('2026-12-01T03:00:00Z'));
    const [ja, en] = (await starttls.waitForMessages(before + 2)).slice(before);
    expect(ja).toMatchObject({ tls: true, authenticated: true, mailFrom: 'kura@shop.example.jp', rcptTos: ['owner@shop.example.jp', 'admin@shop.example.jp'] });
    expect(ja!.subject).toBe('[Kura] テストメッセージ（shop-pc）');
    expect(ja!.text).toContain('このメッセージが届いていれば、Kura からの通知はここに届きます。');
    expect(ja!.headers['Content-Type']).toMatch(/charset="?utf-8/i);
    expect(en!.subject).toBe('[Kura] Test message from shop-pc');
    expect(en!.text).toContain("If you can read it, Kura's alerts reach you here.");
    expect(en!.headers['Auto-Submitted']).toBe('auto-generated');
    for (const m of [ja!, en!]) expectNoSecret(m.raw);
  });

  it('implicit TLS (port 465 style) works too', async () => {
    await sendTest(deps('en'), email(tls, { security: 'tls' }), { kind: 'email' }, new Date());
    const [m] = await tls.waitForMessages(1);
    expect(m).toMatchObject({ tls: true, authenticated: true });
  });

  it('a wrong password: the server refused the login, with its reply and the app-password hint; no password in the message', async () => {
    const secrets = createMemorySecretStore({ smtp: 'wrong-Pa55-42' });
    const err = await sendTest(deps('en', secrets), email(starttls), { kind: 'email' }, new Date()).catch(toKuraError);
    expect(err).toMatchObject({ code: 'alert-smtp-auth', category: 'auth' });
    expect(err!.message).toMatch(/refused the login of kura: 535 5\.7\.8/);
    expect(err!.hint).toMatch(/app password/);
    expect(err!.message + err!.hint).not.toContain('wrong-Pa55-42');
    expect(render('ja', 'alert-smtp-auth', err!.params as never).message).toMatch(/ログインを拒否しました：535/);
  });

  it('a certificate Kura cannot verify (no CA file given): a TLS error, never a silent plain-text fallback', async () => {
    const before = (await starttls.messages()).length;
    const err = await sendTest(deps('en'), email(starttls, { caFile: undefined }), { kind: 'email' }, new Date()).catch(toKuraError);
    expect(err).toMatchObject({ code: 'alert-smtp-tls' });
    expect(err!.message).toMatch(/certificate/);
    expect((await starttls.messages()).length).toBe(before);
  });

  it('STARTTLS asked of a server that only speaks TLS from the first byte: a clear timeout or TLS error, within the time limit', async () => {
    const t0 = Date.now();
    const err = await sendTest({ ...deps('en'), timeoutMs: 2000 }, email(tls), { kind: 'email' }, new Date()).catch(toKuraError);
    expect(['alert-smtp-timeout', 'alert-smtp-tls', 'alert-smtp-connect']).toContain(err!.code);
    expect(Date.now() - t0).toBeLessThan(15_000);
  });

  it('a refused recipient: the server\'s 550 in the message', async () => {
    const err = await sendTest(deps('en'), email(starttls, { to: ['nobody@shop.example.jp'] }), { kind: 'email' }, new Date()).catch(toKuraError);
    expect(err).toMatchObject({ code: 'alert-smtp-rejected' });
    expect(err!.message).toMatch(/550 5\.1\.1/);
  });

  it('nothing listening: a connection error naming host and port', async () => {
    const err = await sendTest(deps('en'), { email: { ...email(starttls).email!, port: 1 } }, { kind: 'email' }, new Date()).catch(toKuraError);
    expect(err).toMatchObject({ code: 'alert-smtp-connect', category: 'network' });
    expect(err!.message).toContain('127.0.0.1:1');
  });

  it('refuses plain-text SMTP with a password to another computer when it is typed', async () => {
    const { alertsSchema } = await import('../../../electron/engine/config/schema.js');
    const r = alertsSchema.safeParse({ email: { host: 'smtp.example.jp', security: 'none', user: 'u', passwordRef: 'p', from: 'a@b.jp', to: ['c@d.jp'] } });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toMatch(/unencrypted/);
  });
});

describe('webhooks', () => {
  const event = { kind: 'run-failed' as const, job: { id: 'shop', name: 'ショップ' }, runId: 'r1', at: '2026-12-01T03:00:00.000Z', error: { code: 'disk-full', params: {}, message: 'The backup folder ran out of disk space.', hint: 'Free some space.', category: 'resource' as const }, logFile: '/k/logs/shop/r1.log' };

  it.each(['json', 'slack', 'discord', 'teams'] as const)('%s: the body that service expects, posted to the URL from the keychain', async (format) => {
    const n = http.requests.length;
    await postEvent(deps('ja'), { urlRef: 'hook', format }, event);
    const [req] = (await http.waitFor(n + 1)).slice(n);
    expect(req).toMatchObject({ method: 'POST', url: `/hooks/${TOKEN}` });
    expect(req!.headers['content-type']).toMatch(/application\/json/);
    const body = JSON.parse(req!.body) as Record<string, unknown>;
    const subject = '[Kura] バックアップに失敗しました：ショップ';
    switch (format) {
      case 'json':
        expect(body).toMatchObject({ source: 'kura', event: 'run-failed', severity: 'error', title: subject, language: 'ja', data: { jobId: 'shop', error: { code: 'disk-full' } } });
        expect(body['text']).toContain('バックアップ先のディスクの空き容量がなくなりました。');
        break;
      case 'slack':
        expect(body['text']).toMatch(new RegExp(`^\\*\\[Kura\\] バックアップに失敗しました：ショップ\\*\\n`));
        break;
      case 'discord':
        expect(body).toMatchObject({ username: 'Kura', allowed_mentions: { parse: [] }, embeds: [{ title: subject, color: 0xd70015 }] });
        break;
      case 'teams':
        expect(body).toMatchObject({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard' } }] });
        expect(JSON.stringify(body)).toContain(subject);
        break;
    }
  });

  it('a webhook that answers 404: the status and its reply, and not the token', async () => {
    http.respond = (r) => (r.url.includes('dead') ? { status: 404, body: `no_service for /hooks/dead-${TOKEN}` } : { status: 200, body: 'ok' });
    const secrets = createMemorySecretStore({ hook: `${http.base}/hooks/dead-${TOKEN}` });
    try {
      const err = await postEvent(deps('en', secrets), { urlRef: 'hook', format: 'slack' }, event).catch(toKuraError);
      expect(err).toMatchObject({ code: 'alert-webhook-refused', params: { status: 404, server: `127.0.0.1:${http.port}` } });
      expect(err!.message).toMatch(/HTTP 404 Not Found no_service/);
      expectNoSecret(JSON.stringify(err!.toJSON()));
    } finally {
      http.respond = () => ({ status: 200, body: 'OK' });
    }
  });

  it('a webhook that never answers: a timeout after the limit, not a hang', async () => {
    http.respond = () => 'hang';
    try {
      const t0 = Date.now();
      const err = await postEvent({ ...deps('en'), timeoutMs: 1500 }, { urlRef: 'hook', format: 'json' }, event).catch(toKuraError);
      expect(err).toMatchObject({ code: 'alert-webhook-timeout' });
      expect(Date.now() - t0).toBeLessThan(5000);
    } finally {
      http.respond = () => ({ status: 200, body: 'OK' });
    }
  });

  it('text in the keychain that is not a web address is refused, naming the entry and not the text', async () => {
    const secrets = createMemorySecretStore({ hook: `not a url ${TOKEN}` });
    const err = await postEvent(deps('en', secrets), { urlRef: 'hook', format: 'json' }, event).catch(toKuraError);
    expect(err).toMatchObject({ code: 'alert-url-invalid', params: { ref: 'hook' } });
    expectNoSecret(err!.message);
  });
});

describe('heartbeat', () => {
  it('healthchecks.io form: /start, the bare URL on success, /fail on failure, each with a line of text', async () => {
    const n = http.requests.length;
    const d = deps('en');
    await pingHeartbeat(d, { urlRef: 'hb' }, 'start', 'Shop: backup started');
    await pingHeartbeat(d, { urlRef: 'hb' }, 'success', 'Shop: backed up (run r1)');
    await pingHeartbeat(d, { urlRef: 'hb' }, 'fail', 'Shop: backup failed: disk full');
    const reqs = (await http.waitFor(n + 3)).slice(n);
    expect(reqs.map((r) => `${r.method} ${r.url}`)).toEqual([`POST /ping/${TOKEN}/start`, `POST /ping/${TOKEN}`, `POST /ping/${TOKEN}/fail`]);
    expect(reqs.map((r) => r.body)).toEqual(['Shop: backup started', 'Shop: backed up (run r1)', 'Shop: backup failed: disk full']);
  });

  it('Uptime Kuma push form: no start ping; status=up / status=down with the message', async () => {
    const n = http.requests.length;
    const d = deps('ja', createMemorySecretStore({ hb: `${http.base}/api/push/${TOKEN}?status=up&msg=OK&ping=` }));
    await pingHeartbeat(d, { urlRef: 'hb' }, 'start', 'started');
    await pingHeartbeat(d, { urlRef: 'hb' }, 'success', 'ショップ：完了');
    await pingHeartbeat(d, { urlRef: 'hb' }, 'fail', 'ショップ：失敗');
    const reqs = (await http.waitFor(n + 2)).slice(n);
    expect(reqs).toHaveLength(2);
    const [up, down] = reqs.map((r) => new URL(r.url, http.base));
    expect(up!.pathname).toBe(`/api/push/${TOKEN}`);
    expect(Object.fromEntries(up!.searchParams)).toEqual({ status: 'up', msg: 'ショップ：完了', ping: '' });
    expect(Object.fromEntries(down!.searchParams)).toMatchObject({ status: 'down', msg: 'ショップ：失敗' });
    expect(reqs.every((r) => r.method === 'GET')).toBe(true);
  });

  it('a failing heartbeat is logged without its URL and never throws', async () => {
    http.respond = () => ({ status: 500, body: 'oops' });
    lines.length = 0;
    try {
      const err = await pingHeartbeat(deps('en'), { urlRef: 'hb' }, 'success', 'x');
      expect(err).toMatchObject({ code: 'alert-heartbeat-refused' });
      expect(lines.join('\n')).toMatch(/heartbeat ping \(success\) failed: .*HTTP 500/);
      expectNoSecret(lines.join('\n'));
    } finally {
      http.respond = () => ({ status: 200, body: 'OK' });
    }
  });
});
