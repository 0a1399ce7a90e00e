/**
 * The CLI's words in the admin's language: which language (Settings, else the system's) and an
 * error's sentences in it. Loaded only when something is said, so `kura --version` never loads the
 * message catalogue.
 */
import type { KuraError } from '../engine/errors.js';
import type { Lang } from '../shared/messages/define.js';
import { resolveLanguage } from '../shared/messages/language.js';
import { renderable, renderLoose } from '../shared/messages/render.js';
import type { CliIo } from './cli-io.js';

export { render } from '../shared/messages/render.js';

/**
 * The language the CLI speaks: Settings' language, else the system's (LANG, LC_ALL…) — also when the
 * config cannot be read (the error about it must still be in the admin's language).
 */
export async function cliLanguage(io: Pick<CliIo, 'engine' | 'env'>): Promise<Lang> {
  let setting: string = 'auto';
  try {
    setting = (await io.engine().loadConfig()).settings.language;
  } catch {
    /* an unreadable config: fall back to the system's language */
  }
  return resolveLanguage(setting, io.env);
}

/** An error's sentences in a language: catalogued codes re-rendered from their facts, others as they are. */
export function errorSentences(e: Pick<KuraError, 'code' | 'params' | 'message' | 'hint' | 'catalogued'>, lang: Lang): { message: string; hint: string | null } {
  return e.catalogued && renderable(e.code, e.params) ? renderLoose(lang, e.code, e.params) : { message: e.message, hint: e.hint ?? null };
}

