/**
 * What every e2e journey does the same way: where screenshots go and at which sizes, a shot that in
 * Japanese first shows the page and then asserts no English sentence is on it, and "one journey"
 * — once a step fails the later ones skip (they would only time out on its missing results), and
 * the failing screen and `kura serve`'s last words are kept for whoever reads the failure.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, beforeEach, expect } from 'vitest';
import { englishOnScreen } from './english-on-page.js';
import type { KuraBrowser } from './kura-browser.js';
import type { Lang } from './ui-text.js';

export const SHOTS = resolve(import.meta.dirname, 'screenshots');

/** The sizes the issues ask screenshots at: a laptop and a small window. */
export const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 640 },
] as const;

/** Makes the language's shot folder and removes this journey's old shots (names matching `own`), never the others'. */
export async function clearShots(lang: Lang, own: RegExp): Promise<void> {
  await mkdir(join(SHOTS, lang), { recursive: true });
  for (const f of await readdir(join(SHOTS, lang))) if (own.test(f)) await rm(join(SHOTS, lang, f), { force: true });
}

/** Registers the skip-after-failure hooks of one journey (call inside its describe). */
export function oneJourney(lang: Lang, prefix: string, session: () => KuraBrowser | undefined): void {
  let broken = false;
  beforeEach((ctx) => {
    if (broken) ctx.skip();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    broken = true;
    const kura = session();
    console.error(`kura serve said:\n${kura?.stderr.slice(-40).join('\n')}`);
    await kura?.page.screenshot({ path: join(SHOTS, lang, `${prefix}FAILED.png`), fullPage: true }).catch(() => undefined);
  });
}

/**
 * A shot taker: `<prefix><nn>-<name>-<w>x<h>.png` at each of `sizes` (or `<prefix><nn>-<name>.png` at
 * the page's size when `sizes` is null); in Japanese it then asserts the page shows no English
 * sentence outside `facts` (the admin's own names, paths, accounts).
 */
export function shotTaker(opts: { lang: Lang; prefix: string; page: () => Page; facts?: () => readonly string[]; sizes?: typeof SIZES | null }): (name: string) => Promise<void> {
  let n = 0;
  return async (name) => {
    n += 1;
    const page = opts.page();
    const base = `${opts.prefix}${String(n).padStart(2, '0')}-${name}`;
    await page.waitForTimeout(150); // let focus rings and aria-live text settle
    if (opts.sizes === null) {
      await page.screenshot({ path: join(SHOTS, opts.lang, `${base}.png`), fullPage: true });
    } else {
      const sizes = opts.sizes ?? SIZES;
      for (const size of sizes) {
        await page.setViewportSize(size);
        await page.waitForTimeout(100);
        await page.screenshot({ path: join(SHOTS, opts.lang, `${base}-${size.width}x${size.height}.png`), fullPage: true });
      }
      await page.setViewportSize(sizes[0]);
    }
    if (opts.lang === 'ja') expect(await englishOnScreen(page, opts.facts?.() ?? []), `English on the Japanese screen "${name}"`).toEqual([]);
  };
}
