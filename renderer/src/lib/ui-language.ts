/** i18next's current language as the contract's `Language` (anything not Japanese is English). */
import type { Language } from './contract.js';

export function uiLanguage(lng: string | undefined): Language {
  return lng?.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}
