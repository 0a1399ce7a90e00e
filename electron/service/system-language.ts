/**
 * The default UI language when Settings say "auto": Japanese for a Japanese system, else English.
 * The Electron shell asks `app.getLocale()`; the CLI verbs read the POSIX locale variables.
 */
import type { Language } from '../shared/ipc-contract.js';

export function languageFromLocale(locale: string | undefined): Language {
  return locale !== undefined && /^ja(?:[-_.]|$)/i.test(locale) ? 'ja' : 'en';
}

export function systemLanguageFromEnv(env: NodeJS.ProcessEnv = process.env): Language {
  const locale = env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'] || Intl.DateTimeFormat().resolvedOptions().locale;
  return languageFromLocale(locale);
}
