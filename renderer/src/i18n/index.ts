/**
 * i18next set up once, synchronously, with both catalogues bundled: the app is small and offline,
 * so there is nothing to lazy-load and the first paint is already in the right language.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../lib/contract.js';
import en from './en.json';
import ja from './ja.json';

export const catalogues = { en, ja } as const;
export const languages: readonly Language[] = ['en', 'ja'];

/** The browser's language when the engine has not told us the OS one yet. */
export function navigatorLanguage(): Language {
  const lang = typeof navigator !== 'undefined' ? navigator.language : 'en';
  return lang.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ja: { translation: ja } },
  lng: navigatorLanguage(),
  fallbackLng: 'en',
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
});
// index.html says lang="en"; a Japanese first paint must not be read out (or line-broken) as English.
if (typeof document !== 'undefined') document.documentElement.lang = i18n.language;

/** Switches the UI language and keeps `<html lang>` in step (screen readers and font choice use it). */
export async function setLanguage(lang: Language): Promise<void> {
  await i18n.changeLanguage(lang);
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

export default i18n;
