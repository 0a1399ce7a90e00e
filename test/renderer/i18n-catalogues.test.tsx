/// <reference types="node" />
/**
 * The catalogues must match: a key only in en would show English to a Japanese admin (i18next
 * falls back silently), a key only in ja is dead text. Plural forms differ by language (en has
 * _one/_other, ja only _other), so keys are compared with the plural suffix removed. Every
 * translation must also use the same {{placeholders}}, and every static key the code uses must exist.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../renderer/src/i18n/en.json';
import ja from '../../renderer/src/i18n/ja.json';

type Tree = { [k: string]: string | Tree };
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const base = (k: string) => k.replace(PLURAL, '');
const enKeys = flatten(en as Tree);
const jaKeys = flatten(ja as Tree);
const enBase = new Set([...enKeys.keys()].map(base));
const jaBase = new Set([...jaKeys.keys()].map(base));
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}

describe('i18n catalogues', () => {
  it('has every en key in ja', () => {
    expect([...enBase].filter((k) => !jaBase.has(k))).toEqual([]);
  });

  it('has every ja key in en', () => {
    expect([...jaBase].filter((k) => !enBase.has(k))).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    const mismatched: string[] = [];
    for (const k of enBase) {
      const e = [...enKeys].filter(([kk]) => base(kk) === k).map(([, v]) => placeholders(v).join(','));
      const j = [...jaKeys].filter(([kk]) => base(kk) === k).map(([, v]) => placeholders(v).join(','));
      if (new Set([...e, ...j]).size > 1) mismatched.push(k);
    }
    expect(mismatched).toEqual([]);
  });

  it('has no run of three English words in a Japanese text outside its placeholders', () => {
    const english = [...jaKeys]
      .map(([k, v]) => [k, v.replace(/\{\{[^}]*\}\}/g, ' ')] as const)
      .filter(([, v]) => /[A-Za-z][A-Za-z'-]*(?:\s+[A-Za-z][A-Za-z'-]*){2,}/.test(v))
      .map(([k, v]) => `${k}: ${v}`);
    expect(english).toEqual([]);
  });

  it('has no empty translations', () => {
    expect([...enKeys, ...jaKeys].filter(([, v]) => v.trim() === '').map(([k]) => k)).toEqual([]);
  });

  it('has every static key the renderer uses', () => {
    const root = join(import.meta.dirname, '../../renderer/src');
    const used = new Set<string>();
    for (const file of sourceFiles(root)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z][\w.-]*)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/'(wizard\.errors\.\w+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((k) => !enBase.has(k))).toEqual([]);
  });
});
