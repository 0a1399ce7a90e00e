/**
 * The UI's own words, from the renderer's catalogues through i18next (plurals and interpolation
 * exactly as the app does them), so one journey drives the English and the Japanese UI by the
 * labels an admin reads rather than by CSS internals.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import i18next, { type TFunction } from 'i18next';

export type Lang = 'en' | 'ja';

const catalogue = (lang: Lang): Record<string, unknown> =>
  JSON.parse(readFileSync(resolve(import.meta.dirname, `../../renderer/src/i18n/${lang}.json`), 'utf8')) as Record<string, unknown>;

export async function uiText(lang: Lang): Promise<TFunction> {
  const i18n = i18next.createInstance();
  await i18n.init({
    lng: lang,
    fallbackLng: 'en',
    resources: { en: { translation: catalogue('en') }, ja: { translation: catalogue('ja') } },
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });
  return i18n.t;
}

/** A RegExp matching a UI sentence literally, with `{{placeholders}}` as wildcards. */
export function pattern(text: string): RegExp {
  return new RegExp(text.split(/\{\{[^}]+\}\}/).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*'));
}
