/**
 * Catalogued messages (electron/shared/messages) in the UI language: the way new screens say things,
 * one sentence per code with its facts as parameters, English and Japanese side by side.
 */
import { useTranslation } from 'react-i18next';
import type { MessageCode, ParamsOf } from '../../../electron/shared/messages/index.js';
import { renderLoose, type RenderZones } from '../../../electron/shared/messages/render.js';
import { uiLanguage } from './ui-language.js';

export type Say = <C extends MessageCode>(code: C, params: ParamsOf<C>) => string;

/** `say(code, params)`: the message in the current UI language; times in `zones` when given (lib/job-time.ts). */
export function useSay(zones?: RenderZones): { say: Say; hint: Say; lang: 'en' | 'ja' } {
  const { i18n } = useTranslation();
  const lang = uiLanguage(i18n.language);
  return {
    lang,
    say: (code, params) => renderLoose(lang, code, params as Record<string, string | number>, zones).message,
    hint: (code, params) => renderLoose(lang, code, params as Record<string, string | number>, zones).hint ?? '',
  };
}

/** A message read back as data (an error's code and params), rendered when the catalogue knows it. */
export function renderData(lang: 'en' | 'ja', code: string, params: Record<string, string | number>): { message: string; hint: string | null } | null {
  const r = renderLoose(lang, code, params);
  return r.message === code ? null : r;
}
