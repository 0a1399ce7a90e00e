/**
 * Web-first assertions on Playwright locators for vitest (playwright-core has no `expect` of its
 * own): each waits until the page agrees or the timeout passes, the way an admin would wait for
 * the screen to update, and fails with what was there instead.
 */
import type { Locator } from 'playwright-core';
import { expect } from 'vitest';

const DEFAULT_MS = 20_000;

export function see(locator: Locator) {
  const poll = <T>(fn: () => Promise<T>, timeout = DEFAULT_MS) => expect.poll(fn, { timeout, interval: 100 });
  return {
    async toBeVisible(opts: { timeout?: number } = {}): Promise<void> {
      await locator.first().waitFor({ state: 'visible', timeout: opts.timeout ?? DEFAULT_MS });
    },
    async toHaveCount(n: number, opts: { timeout?: number } = {}): Promise<void> {
      await poll(() => locator.count(), opts.timeout).toBe(n);
    },
    async toBeChecked(): Promise<void> {
      await poll(() => locator.isChecked()).toBe(true);
    },
    async toContainText(text: string | RegExp, opts: { timeout?: number } = {}): Promise<void> {
      const re = typeof text === 'string' ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : text;
      await poll(async () => ((await locator.count()) > 0 ? await locator.first().innerText() : '(not on the page)'), opts.timeout).toMatch(re);
    },
    async toHaveValue(value: string): Promise<void> {
      await poll(() => locator.inputValue()).toBe(value);
    },
    /** `value` null: the attribute is absent. */
    async toHaveAttribute(name: string, value: string | null): Promise<void> {
      await poll(() => locator.getAttribute(name)).toBe(value);
    },
  };
}
