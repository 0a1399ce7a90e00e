/**
 * Catalogued words in the UI language, for screens whose words live in the shared catalogue
 * (alerts, standbys): `const w = useWords(); w('ui-alerts-title')`. Re-renders when the language
 * changes, like useTranslation.
 */
import { useTranslation } from 'react-i18next';
import { renderLoose, type RenderZones } from '../../../electron/shared/messages/render.js';
import type { MessageCode, ParamsOf } from '../../../electron/shared/messages/index.js';
import { uiLanguage } from './ui-language.js';

type Args<C extends MessageCode> = ParamsOf<C> extends Record<string, never> ? [] : [ParamsOf<C>];

export type Words = <C extends MessageCode>(code: C, ...params: Args<C>) => string;

/** `zones`: times said in a job's zone, labelled when the viewer's differs (lib/job-time.ts). */
export function useWords(zones?: RenderZones): Words {
  const { i18n } = useTranslation();
  const lang = uiLanguage(i18n.language);
  return (code, ...params) => renderLoose(lang, code, (params[0] ?? {}) as Record<string, string | number>, zones).message;
}
