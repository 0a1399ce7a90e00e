/**
 * The catalogue as a whole: every code renders in both languages with sample parameters, nothing is
 * left as a `{{placeholder}}`, both languages use the same parameters, no Japanese sentence holds
 * a run of three or more English words outside its verbatim parameters (the tell-tale of a sentence
 * left untranslated), and every code is used somewhere (a key nobody says is a sentence that was
 * replaced by an English one, or a translation left behind).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../../../electron/shared/messages/index.js';
import { renderLoose } from '../../../electron/shared/messages/render.js';
import type { EnText } from '../../../electron/shared/messages/define.js';
import { STEPS } from '../../../electron/engine/restore/restore-journal.js';

const texts = (t: EnText): string[] => (typeof t === 'string' ? [t] : [t.one, t.other]);
const placeholders = (s: string): string[] => [...s.matchAll(/\{\{\s*([^,}\s]+)/g)].map((m) => m[1]!);

function sentences(def: { en: EnText; ja: string; hint?: { en: EnText; ja: string } }) {
  return {
    en: [...texts(def.en), ...(def.hint ? texts(def.hint.en) : [])],
    ja: [def.ja, ...(def.hint ? [def.hint.ja] : [])],
  };
}

/** A sample for each parameter: numbers where they count or measure, else a marked string. */
function samples(names: readonly string[]): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const n of names) out[n] = /^(count|bytes|files|n|size|total|seconds|ms|[a-z]+Count|[a-z]+Bytes)$/.test(n) ? 3 : `«${n}»`;
  return out;
}

const entries = Object.entries(catalogue) as Array<[string, { en: EnText; ja: string; hint?: { en: EnText; ja: string } }]>;

describe('the message catalogue', () => {
  it('has entries', () => {
    expect(entries.length).toBeGreaterThan(0);
  });

  it.each(entries)('%s: renders in English and Japanese with no leftover placeholder', (code, def) => {
    const s = sentences(def);
    const names = [...new Set([...s.en, ...s.ja].flatMap(placeholders))];
    for (const lang of ['en', 'ja'] as const) {
      const r = renderLoose(lang, code, samples(names));
      expect(r.message).not.toMatch(/\{\{|\}\}/);
      expect(r.message.trim()).not.toBe('');
      if (def.hint) expect(r.hint).not.toMatch(/\{\{|\}\}/);
      else expect(r.hint).toBeNull();
    }
  });

  it.each(entries)('%s: both languages use the same parameters', (_code, def) => {
    const s = sentences(def);
    const en = new Set(s.en.flatMap(placeholders));
    const ja = new Set(s.ja.flatMap(placeholders));
    // English may need `count` only to choose a plural form.
    en.delete('count');
    ja.delete('count');
    expect([...ja].sort()).toEqual([...en].sort());
  });

  it.each(entries)('%s: the Japanese has no run of three English words outside its parameters', (_code, def) => {
    for (const ja of sentences(def).ja) {
      const outside = ja.replace(/\{\{[^}]*\}\}/g, ' ');
      expect(outside, ja).not.toMatch(/[A-Za-z][A-Za-z'-]*(?:\s+[A-Za-z][A-Za-z'-]*){2,}/);
    }
  });

  it.each(entries.filter(([, def]) => typeof def.en !== 'string'))('%s: an English plural is chosen by a `count` its sentences use', (_code, def) => {
    // i18next picks `one`/`other` by the `count` parameter only: without it the code renders as itself.
    const all = [...sentences(def).en, ...sentences(def).ja];
    expect(all.some((t) => placeholders(t).includes('count'))).toBe(true);
  });

  it('no code is defined in two catalogue files (a later one would silently replace the earlier)', async () => {
    const dir = join(import.meta.dirname, '../../../electron/shared/messages/catalogue');
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const file of (await readdir(dir)).filter((f) => f.endsWith('.ts'))) {
      const text = await readFile(join(dir, file), 'utf8');
      for (const m of text.matchAll(/^ {2}'?([a-z0-9][a-zA-Z0-9~-]*)'?: \{/gm)) {
        const prior = seen.get(m[1]!);
        if (prior) twice.push(`${m[1]} (${prior}, ${file})`);
        seen.set(m[1]!, file);
      }
    }
    expect(twice).toEqual([]);
    expect(seen.size).toBe(entries.length);
  });

  it('every code is said somewhere in electron/ or renderer/ (no unused key)', async () => {
    const roots = [join(import.meta.dirname, '../../../electron'), join(import.meta.dirname, '../../../renderer/src')];
    const literals = new Set<string>();
    const prefixes = new Set<string>();
    const suffixes = new Set<string>();
    const walk = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, e.name);
        if (e.isDirectory()) {
          if (e.name !== 'catalogue') await walk(path);
        } else if (/\.tsx?$/.test(e.name)) {
          const text = await readFile(path, 'utf8');
          for (const m of text.matchAll(/['"`]([a-z0-9][a-zA-Z0-9~-]*)['"`]/g)) literals.add(m[1]!);
          // A code chosen at run time (`cli-item-${status}`, `${feature}-advice`): only where it is said
          // (msg, a words function, a code or a parameter), not a keychain ref or a DOM id.
          for (const m of text.matchAll(/(?:msg\(|\bw\(|say\(|code: |: )`([a-z0-9][a-z0-9-]*-)\$\{/g)) prefixes.add(m[1]!);
          for (const m of text.matchAll(/(?:msg\(|: )`\$\{[^}`]*\}(-[a-z0-9-]+)`/g)) suffixes.add(m[1]!);
        }
      }
    };
    for (const r of roots) await walk(r);
    // Words said inside other sentences: `$t(restore-step-{{step}})`.
    for (const m of JSON.stringify(catalogue).matchAll(/\$t\(([a-z0-9-]+-)\{\{/g)) prefixes.add(m[1]!);
    const unused = entries
      .map(([code]) => code)
      .filter((code) => {
        const [base, variant] = code.split('~') as [string, string | undefined];
        if (literals.has(code)) return false;
        // A variant is chosen by its stable code and a `variant` parameter naming it.
        if (variant !== undefined && literals.has(base) && literals.has(variant)) return false;
        return ![...prefixes].some((p) => code.startsWith(p)) && ![...suffixes].some((x) => code.endsWith(x));
      });
    expect(unused).toEqual([]);
  });

  it('a nested word ($t(prefix-{{param}})) exists for every value the engine passes', () => {
    // restore-step-*: one per journal step (engine/restore/restore-journal.ts STEPS).
    const steps = new Set(Object.values(STEPS).flat());
    for (const step of steps) expect(Object.hasOwn(catalogue, `restore-step-${step}`), step).toBe(true);
    for (const lang of ['en', 'ja'] as const) {
      const r = renderLoose(lang, 'restore-summary-interrupted', { target: 'T', snapshot: 'S', started: '2026-01-01T00:00:00Z', step: 'import' }).message;
      expect(r).not.toMatch(/\$t\(|restore-step-/);
    }
  });
});
