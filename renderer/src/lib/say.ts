/**
 * A sentence from the engine (code + facts) in the UI's language: the one way the UI turns engine
 * messages into text, through the same catalogue the CLI, the tray and the run log use.
 */
import i18n from '../i18n/index.js';
import { renderable, renderLoose, type RenderZones } from '../../../electron/shared/messages/render.js';
import type { ErrorDto, Language, MessageDto } from './contract.js';
import { uiLanguage } from './ui-language.js';

/** `zones`: say its times in a job's zone (lib/job-time.ts), labelled when the viewer's differs. */
export function say(m: MessageDto, zones?: RenderZones): string {
  return renderLoose(uiLanguage(i18n.language), m.code, m.params, zones).message;
}

/** The advice a message carries, when it has one (a check whose detail is an error: what to do about it). */
export function sayHint(m: MessageDto): string | null {
  return renderLoose(uiLanguage(i18n.language), m.code, m.params).hint;
}

/**
 * An error from the engine in the UI's language: rendered from its code and facts when it is
 * catalogued (every error Kura raises today); a record written by an older Kura, which carries only
 * its English sentences, is shown as it is.
 */
export function sayError(error: ErrorDto, lang: Language = uiLanguage(i18n.language), zones?: RenderZones): { message: string; hint: string | null } {
  if (renderable(error.code, error.params)) return renderLoose(lang, error.code, error.params, zones);
  return { message: error.message, hint: error.hint };
}
