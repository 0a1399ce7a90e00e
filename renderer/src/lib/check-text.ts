/**
 * Restore verification checks in the UI language. The engine names each check and its outcome in
 * English ("rows in `orders`", "3 as in the snapshot"), which the CLI and logs keep; in Japanese the
 * common ones are rebuilt from the catalogue with the facts (names, counts) taken over verbatim.
 * Anything not recognised is shown as the engine wrote it.
 */
import i18n from '../i18n/index.js';
import type { Language } from './contract.js';

type Rule = { re: RegExp; key: string };

const CHECKS: Rule[] = [
  { re: /^(?<kind>tables|views|routines|triggers|events)$/, key: 'checks.name.objects' },
  { re: /^rows in (?<table>.+)$/, key: 'checks.name.rows' },
  { re: /^keys in db (?<db>\d+)$/, key: 'checks.name.keys' },
  { re: /^(?<kind>snapshot files|restored files|files|checksums|import|RDB file|RDB version|function libraries|append-only file \(AOF\))$/, key: 'checks.name.other' },
];

const DETAILS: Rule[] = [
  { re: /^all (?<n>\d+) present$/, key: 'checks.detail.allPresent' },
  { re: /^(?<n>\d+) as in the snapshot$/, key: 'checks.detail.rowsEqual' },
  { re: /^expected (?<want>\d+), found (?<have>\d+) \((?<diff>[+-]?\d+)\)$/, key: 'checks.detail.rowsDiffer' },
  { re: /^(?<files>\d+) files, (?<bytes>\d+) bytes (?:present at the target|as recorded in the manifest)$/, key: 'checks.detail.files' },
  { re: /^(?<have>\d+) keys on the server, (?<want>\d+) in the backup$/, key: 'checks.detail.keys' },
];

function rebuild(text: string, rules: Rule[], lang: Language): string {
  if (lang === 'en') return text;
  for (const r of rules) {
    const m = r.re.exec(text);
    if (!m) continue;
    const params = { ...(m.groups ?? {}) };
    if (params['kind']) params['kind'] = i18n.t(`checks.kind.${params['kind']}`, { lng: lang, defaultValue: params['kind'] });
    return i18n.t(r.key, { ...params, lng: lang, interpolation: { escapeValue: false } });
  }
  return text;
}

export function checkName(check: string, lang: Language): string {
  return rebuild(check, CHECKS, lang);
}

export function checkDetail(detail: string, lang: Language): string {
  return rebuild(detail, DETAILS, lang);
}
