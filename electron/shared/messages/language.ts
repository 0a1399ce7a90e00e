/**
 * Which language to speak when Settings say "auto": Japanese for a Japanese system, else English.
 * The Electron shell asks `app.getLocale()`; the CLI, the daemon and the run log read the POSIX
 * locale variables (Windows' own locale through Intl).
 */
import type { Lang } from './define.js';

export function languageFromLocale(locale: string | undefined): Lang {
  return locale !== undefined && /^ja(?:[-_.]|$)/i.test(locale) ? 'ja' : 'en';
}

export function systemLanguageFromEnv(env: NodeJS.ProcessEnv = process.env): Lang {
  const locale = env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'] || Intl.DateTimeFormat().resolvedOptions().locale;
  return languageFromLocale(locale);
}

/** Settings' `language` resolved: 'auto' becomes the system's. */
export function resolveLanguage(setting: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  return setting === 'en' || setting === 'ja' ? setting : systemLanguageFromEnv(env);
}
