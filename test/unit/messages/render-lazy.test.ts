/**
 * The renderer gives i18next each catalogue entry the first time it is said (render.ts), not all of
 * them when a process first says something. What that must never change: a sentence is the same
 * whatever was said before it in the process — also one that nests other entries (`$t(…)`).
 */
import { describe, expect, it, vi } from 'vitest';
import { catalogue } from '../../../electron/shared/messages/index.js';
import type * as RenderModule from '../../../electron/shared/messages/render.js';

async function freshRenderer(): Promise<typeof RenderModule> {
  vi.resetModules();
  return import('../../../electron/shared/messages/render.js');
}

const codes = Object.keys(catalogue);
/** Every parameter a sentence may name, with a value (numbers where they count). */
const params = new Proxy({} as Record<string, string | number>, {
  get: (_t, k) => (typeof k === 'string' && /^(count|bytes|files|n|size|total|seconds|ms|[a-z]+Count|[a-z]+Bytes)$/.test(k) ? 3 : `«${String(k)}»`),
  has: () => true,
});

function sample(code: string): Record<string, string | number> {
  const def = (catalogue as Record<string, { en: unknown; ja: unknown; hint?: unknown }>)[code]!;
  const names = [...new Set([...JSON.stringify(def).matchAll(/\{\{\s*([^,}\s]+)/g)].map((m) => m[1]!))];
  const out: Record<string, string | number> = Object.fromEntries(names.map((n) => [n, params[n]!]));
  if (names.includes('step')) out['step'] = 'import';
  return out;
}

describe('entries given to i18next as they are first said', () => {
  it('a sentence that nests other entries, said first in a process, has their words', async () => {
    for (const lang of ['en', 'ja'] as const) {
      const { renderLoose } = await freshRenderer();
      const r = renderLoose(lang, 'restore-summary-interrupted', { target: 'T', snapshot: 'S', started: '2026-01-01T00:00:00Z', step: 'import' }).message;
      expect(r).not.toMatch(/\$t\(|restore-step-/);
    }
  });

  it('every entry says the same in a process that said nothing before and in one that said everything else first', async () => {
    for (const lang of ['en', 'ja'] as const) {
      const first = new Map<string, unknown>();
      for (const code of codes) {
        const { renderLoose } = await freshRenderer();
        first.set(code, renderLoose(lang, code, sample(code)));
      }
      const { renderLoose } = await freshRenderer();
      // Backwards, so every entry is said after all the others' entries were given.
      for (const code of [...codes].reverse()) expect(renderLoose(lang, code, sample(code)), code).toEqual(first.get(code));
    }
  }, 120_000);
});
