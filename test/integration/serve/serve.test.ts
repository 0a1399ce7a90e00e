/**
 * `kura serve` as an admin runs it: the real CLI in a child process with its own KURA_HOME and the
 * real keychain (run under test/run-with-keyring.sh), driven by headless Chromium. Proves the
 * access rules (no cookie → 403, foreign Origin or Host → 403 on HTTP and on the WebSocket
 * upgrade, the one-time token → HttpOnly SameSite=Strict cookie → 200, the token works once) and
 * a contract round-trip through the browser's ws-bridge.
 */
import { mkdir } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { KuraBridge } from '../../../electron/shared/ipc-contract.js';
import type { RunningProcess } from '../../../electron/engine/process/run-process.js';
import { launchChromium, startKuraServe } from '../../harness/headless-browser.js';
import { tempDir } from '../../harness/tmp.js';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Resolves with the HTTP status the upgrade got: 101 when the socket opened. */
function upgradeStatus(port: number, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

describe('kura serve', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  let proc: RunningProcess;
  let url: string;
  let port: number;
  let browser: Browser;
  let signedIn: BrowserContext;
  let stderr: string[] = [];

  beforeAll(async () => {
    dir = await tempDir('kura-serve-');
    await mkdir(join(dir.path, 'backups')); // the backup disk exists before a job uses it
    const serve = await startKuraServe({ KURA_HOME: join(dir.path, 'home'), KURA_SERVE_TEST: '1' });
    proc = serve.proc;
    url = serve.url;
    stderr = serve.stderr;
    port = Number(new URL(url).port);
    browser = await launchChromium(join(dir.path, 'chrome'));
  });

  afterAll(async () => {
    await browser?.close();
    proc?.kill('SIGTERM');
    await proc?.result.catch(() => {});
    await dir?.cleanup();
  });

  it('listens on 127.0.0.1 on a random port and prints a token URL', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('refuses requests without the cookie, with a foreign Origin or a foreign Host', async () => {
    const token = new URL(url).searchParams.get('token')!;
    expect((await get(port, '/')).status).toBe(403);
    expect((await get(port, '/index.html')).status).toBe(403);
    expect((await get(port, '/__test')).status).toBe(403);
    expect((await get(port, `/?token=${token}`, { Origin: 'http://evil.example' })).status).toBe(403);
    // DNS rebinding: evil.example resolved to 127.0.0.1 arrives with its own Host.
    expect((await get(port, `/?token=${token}`, { Host: `evil.example:${port}` })).status).toBe(403);
    expect((await get(port, '/?token=wrong-token')).status).toBe(403);
    expect(await upgradeStatus(port, { Origin: `http://127.0.0.1:${port}` })).toBe(403);
  });

  it('turns the token into an HttpOnly SameSite=Strict cookie, once, and guards HTTP and the socket with it', async () => {
    const context = await browser.newContext();
    signedIn = context;
    const page = await context.newPage();
    const response = await page.goto(url);
    expect(response?.status()).toBe(200);
    expect(page.url()).toBe(`http://127.0.0.1:${port}/`);
    const cookies = await context.cookies();
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ name: 'kura_session', httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(await page.evaluate(() => (globalThis as unknown as { document: { cookie: string } }).document.cookie)).toBe('');
    const cookie = `kura_session=${cookies[0]!.value}`;

    expect((await get(port, '/', { Cookie: cookie })).status).toBe(200);
    expect((await get(port, '/', { Cookie: cookie, Origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(port, '/', { Cookie: 'kura_session=forged' })).status).toBe(403);
    expect(await upgradeStatus(port, { Cookie: cookie, Origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(port, { Cookie: cookie })).toBe(403);
    expect(await upgradeStatus(port, { Cookie: cookie, Origin: `http://127.0.0.1:${port}` })).toBe(101);

    // The printed link is spent: another browser cannot use it.
    const other = await browser.newContext();
    const again = await (await other.newPage()).goto(url);
    expect(again?.status()).toBe(403);
    await other.close();
  });

  it('speaks the contract from the browser over the ws-bridge', async () => {
    // The browser signed in by the previous test (the token is spent).
    const page = await signedIn.newPage();
    await page.goto(`http://127.0.0.1:${port}/__test`);
    await page.waitForFunction(() => (globalThis as unknown as { document: { getElementById(id: string): { textContent: string } | null } }).document.getElementById('state')?.textContent === 'ready');
    const dest = join(dir.path, 'backups');
    const out = await page.evaluate(async (destination) => {
      const kura = (globalThis as unknown as { kura: KuraBridge }).kura;
      const statuses: unknown[] = [];
      kura.on('status.changed', (s) => statuses.push(s));
      const info = await kura.call('app.info');
      const saved = await kura.call('jobs.save', {
        id: 'shop',
        name: 'Shop',
        destination: { path: destination },
        sources: [{ id: 'site', type: 'files', from: '/var/www/shop/' }],
      });
      const list = await kura.call('jobs.list');
      const hasBefore = await kura.call('secrets.has', 'shop.db');
      const set = await kura.call('secrets.set', 'shop.db', 'S3cret pass');
      const hasAfter = await kura.call('secrets.has', 'shop.db');
      const bad = await kura.call('jobs.get', '../../etc/passwd' as string);
      for (let i = 0; i < 100 && statuses.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      return { info, saved, list, hasBefore, set, hasAfter, bad, statuses };
    }, dest);
    expect(out.info).toMatchObject({ ok: true, value: { mode: 'browser', home: join(dir.path, 'home') } });
    expect(out.saved).toMatchObject({ ok: true, value: { id: 'shop', retention: { keepLast: 7 } } });
    expect(out.list).toMatchObject({ ok: true, value: [{ id: 'shop', name: 'Shop', destination: { path: dest } }] });
    expect(out.hasBefore).toEqual({ ok: true, value: false });
    expect(out.set).toEqual({ ok: true });
    expect(out.hasAfter).toEqual({ ok: true, value: true });
    expect(out.bad).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    expect(out.statuses[0]).toMatchObject({ jobs: [{ jobId: 'shop', health: 'never' }] });
    expect(JSON.stringify(out)).not.toContain('S3cret');
  });

  it('stops cleanly on SIGTERM', async () => {
    proc.kill('SIGTERM');
    const r = await proc.result;
    expect(r.exitCode).toBe(0);
    expect(stderr.join('\n')).not.toMatch(/S3cret/);
  });
});

