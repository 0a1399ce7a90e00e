/**
 * `kura serve` in a child process (its own KURA_HOME, the OS language from LANG) and a headless
 * Chromium signed in through the printed one-time link: the browser setup an admin without a
 * desktop session uses, as the e2e journey needs it.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startProcess, type RunningProcess } from '../../electron/engine/process/run-process.js';
import { KURA_BIN } from '../harness/kura-cli.js';
import type { Lang } from './ui-text.js';

export interface KuraBrowser {
  page: Page;
  url: string;
  home: string;
  /** What `kura serve` wrote to stderr so far (for failure messages and secret-leak checks). */
  stderr: string[];
  close(): Promise<void>;
}

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function openKura(dir: string, lang: Lang): Promise<KuraBrowser> {
  const home = join(dir, 'kura-home');
  const chromeHome = join(dir, 'chrome');
  for (const d of ['home', 'config', 'cache', 'data']) await mkdir(join(chromeHome, d), { recursive: true });
  const locale = lang === 'ja' ? 'ja_JP.UTF-8' : 'en_US.UTF-8';
  const stderr: string[] = [];
  let proc!: RunningProcess;
  const url = await new Promise<string>((resolve, reject) => {
    proc = startProcess(
      { file: process.execPath, args: [KURA_BIN, 'serve'], env: { KURA_HOME: home, LANG: locale, LC_ALL: locale, TZ: 'Asia/Tokyo' } },
      {
        stdout: 'lines',
        onStdoutLine: (line) => {
          const m = /Kura is running at: (\S+)/.exec(line);
          if (m?.[1]) resolve(m[1]);
        },
        onStderrLine: (line) => stderr.push(line),
      },
    );
    void proc.result.then((r) => reject(new Error(`kura serve exited early (${r.exitCode}): ${r.stderr}`)));
  });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      env: {
        ...process.env,
        HOME: join(chromeHome, 'home'),
        XDG_CONFIG_HOME: join(chromeHome, 'config'),
        XDG_CACHE_HOME: join(chromeHome, 'cache'),
        XDG_DATA_HOME: join(chromeHome, 'data'),
      },
    });
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: lang === 'ja' ? 'ja-JP' : 'en-US',
      timezoneId: 'Asia/Tokyo',
    });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await page.goto(url);
    const b = browser;
    return {
      page,
      url,
      home,
      stderr,
      async close() {
        await b.close();
        proc.kill('SIGTERM');
        await proc.result.catch(() => undefined);
      },
    };
  } catch (err) {
    await browser?.close();
    proc.kill('SIGTERM');
    await proc.result.catch(() => undefined);
    throw err;
  }
}
