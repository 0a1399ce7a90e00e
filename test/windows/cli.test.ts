/**
 * The built `kura` under the Windows build of Node.js (Wine), against real servers on this machine:
 * a Redis backup → verify → restore cycle into C:\KuraBackups with its password in Windows'
 * Credential Manager (Wine's), config errors with Windows paths, `kura doctor` finding the bundled
 * cwRsync (the fake rsync.exe), and `kura serve`'s page loaded from Linux Chromium.
 */
import { existsSync } from 'node:fs';
import { copyFile, cp, link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../electron/engine/config/schema.js';
import { launchChromium } from '../harness/headless-browser.js';
import { freePort } from '../harness/ports.js';
import { startRedis, type RedisServer } from '../harness/redis.js';
import { tempDir } from '../harness/tmp.js';
import { againOnWineFailure, driveC, runWindowsKura, runWindowsNode, startWindowsNode, windowsJob, winPath } from './wine.js';

const job = windowsJob();
const HOME = 'C:\\KuraHome';
const PW = "red'is pass 日本";
const SHOTS = resolve(import.meta.dirname, '..', 'e2e', 'screenshots');
/** Runs a .cmd through cmd.exe the way a user's shell does and passes its exit code on. */
const CMD_RUNNER = `const r = require('child_process').spawnSync(process.env.ComSpec || 'cmd.exe', ['/d', '/s', '/c', '"' + process.argv.slice(1).map((a) => /[ "]/.test(a) ? '"' + a + '"' : a).join(' ') + '"'], { stdio: 'inherit', windowsVerbatimArguments: true }); process.exitCode = r.status;`;

function config(overrides: { destination?: string; from?: string; port: number }): string {
  const sources: unknown[] = [{ id: 'cache', type: 'redis', host: '127.0.0.1', port: overrides.port, passwordRef: 'win-redis' }];
  if (overrides.from !== undefined) sources.push({ id: 'www', type: 'files', from: overrides.from });
  return JSON.stringify(
    { version: 1, jobs: [{ id: 'shop', name: 'Windows shop', destination: { path: overrides.destination ?? 'C:\\KuraBackups' }, sources, schedule: { cron: '0 3 * * *', timezone: 'Asia/Tokyo' } }] },
    null,
    2,
  );
}

describe.skipIf(!job)('kura under Windows Node (Wine)', () => {
  let redis: RedisServer;
  const env = { KURA_HOME: HOME, NO_COLOR: '1' };
  const configFile = () => join(driveC(HOME), 'config.json');

  /** The shop's cache, as the first test backs it up (again when that test runs again after a Wine crash). */
  const seed = async () => {
    const c = await redis.client();
    try {
      for (let i = 0; i < 200; i++) await c.call('SET', `product:${i}`, `商品 ${i}`);
      await c.call('SET', 'ttl-key', 'x', 'EX', '9000');
    } finally {
      await c.close();
    }
  };
  /** A test that runs again from its start on a fresh wineserver if Wine's server fails under it (wine.ts). */
  const wineIt = (name: string, body: () => Promise<void>) => it(name, () => againOnWineFailure(name, body));

  beforeAll(async () => {
    redis = await startRedis({ password: PW });
    await mkdir(driveC(HOME), { recursive: true });
    await mkdir(driveC('C:\\KuraBackups'), { recursive: true }); // the backup disk exists before a job uses it
    await writeFile(configFile(), config({ port: redis.port }));
  });
  afterAll(async () => {
    await redis?.stop();
  });

  wineIt('stores the Redis password in Credential Manager, backs up into C:\\KuraBackups, verifies and restores', async () => {
    await seed();
    const set = await runWindowsKura(job!, ['secret', 'set', 'win-redis'], env, { input: PW });
    expect(set.code, set.stderr).toBe(0);

    const run = await runWindowsKura(job!, ['run', 'shop', '--json'], env);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const out = run.json as { status: string; snapshot: { id: string; path: string } };
    expect(out.status).toBe('success');
    expect(out.snapshot.path).toBe(`C:\\KuraBackups\\shop\\${out.snapshot.id}`);
    expect(existsSync(join(driveC(out.snapshot.path), 'redis', 'cache', 'dump.rdb'))).toBe(true);
    expect(existsSync(join(driveC(out.snapshot.path), 'manifest.json'))).toBe(true);

    const verify = await runWindowsKura(job!, ['verify', 'shop', 'latest', '--json'], env);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect((verify.json as { ok: boolean }).ok).toBe(true);

    const c = await redis.client();
    try {
      await c.call('FLUSHALL');
      const restore = await runWindowsKura(job!, ['restore', 'shop', 'latest', '--source', 'cache', '--flush', '--yes', '--json'], env);
      expect(restore.code, restore.stdout + restore.stderr).toBe(0);
      const value = await c.call('GET', 'product:199');
      expect(value.kind === 'bulk' && value.value.toString('utf8')).toBe('商品 199');
      const ttl = await c.call('TTL', 'ttl-key');
      expect(ttl.kind === 'integer' && ttl.value).toBeGreaterThan(8000);
    } finally {
      await c.close();
    }

    const status = await runWindowsKura(job!, ['status', '--json'], env);
    expect(status.stdout).toContain('"shop"');
  });

  wineIt('names config errors with Windows paths, with the fix', async () => {
    const cases: { text: string; expected: RegExp }[] = [
      // A single backslash, in a file Notepad saved with a byte-order mark.
      { text: '\uFEFF' + config({ port: redis.port }).replace('C:\\\\KuraBackups', 'C:\\KuraBackups'), expected: /single backslash[\s\S]*C:\\\\KuraBackups/ },
      // "D:www" is a drive-relative path, not the SSH host D.
      { text: config({ port: redis.port, from: 'D:www' }), expected: /relative to the current folder of drive D:/ },
    ];
    // Relative destinations are refused by the config schema (issue 14's rule): D:backups, backups\shop.
    const refusesRelative = !configSchema.safeParse(JSON.parse(config({ port: 1, destination: 'D:backups' }))).success;
    if (refusesRelative) {
      cases.push({ text: config({ port: redis.port, destination: 'D:backups' }), expected: /destination\.path[\s\S]*full path/ });
      cases.push({ text: config({ port: redis.port, destination: 'backups\\shop' }), expected: /destination\.path[\s\S]*full path/ });
    }
    try {
      for (const c of cases) {
        await writeFile(configFile(), c.text);
        const r = await runWindowsKura(job!, ['run', 'shop'], env);
        expect(r.code, r.stdout + r.stderr).toBe(2);
        expect(r.stderr).toMatch(c.expected);
        expect(r.stderr).not.toMatch(/ at \S+:\d+:\d+/); // no stack trace
      }
    } finally {
      await writeFile(configFile(), config({ port: redis.port }));
    }
    expect(refusesRelative, 'the schema refuses a relative destination').toBe(true);
  });

  wineIt('doctor finds the cwRsync shipped with Kura (resources\\bin\\win\\bin) and the keychain', async () => {
    const r = await runWindowsKura(job!, ['doctor', '--json'], env);
    const report = r.json as { platform: string; checks: { name: string; ok: boolean; path: string | null; flavour: string | null; detail: string }[] };
    expect(report.platform).toBe('win32-x64');
    const rsync = report.checks.find((c) => c.name === 'rsync')!;
    expect(rsync, r.stdout).toMatchObject({ ok: true, flavour: 'cwrsync' });
    expect(rsync.path).toMatch(/\\resources\\bin\\win\\bin\\rsync\.exe$/);
    expect(report.checks.find((c) => c.name === 'keychain')).toMatchObject({ ok: true });
    // No MySQL client here: said plainly, with what to do.
    expect(report.checks.find((c) => c.name === 'mysql-client')).toMatchObject({ ok: false });
    expect(r.code).toBe(1);
  });

  it("serves the UI: Linux Chromium loads kura serve's page from Windows Node", async () => {
    const port = await freePort();
    const serve = await startWindowsNode(job!, ['out\\cli\\kura.js', 'serve', '--port', String(port)], env);
    const chrome = await tempDir('kura-win-chrome-');
    let browser: Browser | undefined;
    try {
      const [, url] = await serve.waitFor(/Kura is running at: (\S+)/, 90_000);
      browser = await launchChromium(chrome.path);
      const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
      await page.goto(url!);
      await page.getByText('Windows shop').first().waitFor({ timeout: 60_000 });
      await mkdir(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, 'windows-serve-dashboard.png'), fullPage: true });
      expect(await page.content()).toContain('Windows shop');
      // Settings with the doctor's long Windows path of the bundled cwRsync: nothing wider than its column.
      await page.getByRole('link', { name: 'Settings' }).or(page.getByRole('button', { name: 'Settings' })).first().click();
      await page.getByText(/resources\\bin\\win\\bin\\rsync\.exe/).first().waitFor({ timeout: 60_000 });
      await page.screenshot({ path: join(SHOTS, 'windows-serve-settings.png'), fullPage: true });
      const overflow = (await page.evaluate(`(() => {
        const box = document.querySelector('.settings');
        const table = document.querySelector('table.tools');
        return { box: box ? box.clientWidth : 0, table: table ? table.scrollWidth : 0, page: document.documentElement.scrollWidth - document.documentElement.clientWidth };
      })()`)) as { box: number; table: number; page: number };
      expect(overflow.table).toBeGreaterThan(0);
      expect(overflow.table).toBeLessThanOrEqual(overflow.box);
      expect(overflow.page).toBe(0);
    } finally {
      await browser?.close();
      await serve.stop();
      await chrome.cleanup();
    }
  });

  wineIt("the installed app's kura.cmd runs Kura's own executable as Node on the CLI inside the app", async () => {
    // The installed layout, with Windows Node standing in for Kura.exe (ELECTRON_RUN_AS_NODE is
    // what makes Kura.exe behave as Node; Node itself ignores it) and app.asar as a plain folder.
    const root = await tempDir('kura-installed-');
    try {
      await mkdir(join(root.path, 'bin'));
      await mkdir(join(root.path, 'resources', 'app.asar', 'out'), { recursive: true });
      await link(job!.node, join(root.path, 'Kura.exe')).catch(() => copyFile(job!.node, join(root.path, 'Kura.exe')));
      await cp(join(job!.app, 'out', 'cli'), join(root.path, 'resources', 'app.asar', 'out', 'cli'), { recursive: true });
      await copyFile(resolve(import.meta.dirname, '..', '..', 'resources', 'launcher', 'win', 'kura.cmd'), join(root.path, 'bin', 'kura.cmd'));
      const cmd = (...args: string[]) => runWindowsNode(job!, ['-e', CMD_RUNNER, winPath(join(root.path, 'bin', 'kura.cmd')), ...args], env);
      const version = await cmd('--version');
      expect(version.stdout.trim(), version.stderr).toBe(JSON.parse(await readFile(join(job!.app, 'package.json'), 'utf8')).version);
      const status = await cmd('status', '--json');
      expect(status.stdout, status.stderr).toContain('"jobs"');
      expect((await cmd('frobnicate')).code).toBe(2);
    } finally {
      await root.cleanup();
    }
  });

  it('cleans up', async () => {
    await rm(driveC(HOME), { recursive: true, force: true });
    await rm(driveC('C:\\KuraBackups'), { recursive: true, force: true });
  });
});
