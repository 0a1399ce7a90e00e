/**
 * `kura serve` in a child process (its own KURA_HOME, the OS language from LANG) and a headless
 * Chromium signed in through the printed one-time link: the browser setup an admin without a
 * desktop session uses, as the e2e journey needs it.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, startKuraServe } from '../harness/headless-browser.js';
import type { Lang } from './ui-text.js';

export interface KuraBrowser {
  page: Page;
  url: string;
  home: string;
  /** What `kura serve` wrote to stderr so far (for failure messages and secret-leak checks). */
  stderr: string[];
  close(): Promise<void>;
}

export async function openKura(dir: string, lang: Lang): Promise<KuraBrowser> {
  const home = join(dir, 'kura-home');
  const locale = lang === 'ja' ? 'ja_JP.UTF-8' : 'en_US.UTF-8';
  const { proc, url, stderr } = await startKuraServe({ KURA_HOME: home, LANG: locale, LC_ALL: locale, TZ: 'Asia/Tokyo' });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium(join(dir, 'chrome'));
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
