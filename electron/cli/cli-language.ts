/**
 * The CLI's words in the admin's language: which language (Settings, else the system's) and an
 * error's sentences in it. Loaded only when something is said, so `kura --version` never loads the
 * message catalogue.
 */
import type { ErrorInfo, KuraError } from '../engine/errors.js';
import type { MessageData } from '../shared/messages/index.js';
import type { Lang } from '../shared/messages/define.js';
import { resolveLanguage } from '../shared/messages/language.js';
import { renderable, renderLoose } from '../shared/messages/render.js';
import type { CliIo } from './cli-io.js';

export { render } from '../shared/messages/render.js';

/**
 * The language the CLI speaks: Settings' language, else the system's (LANG, LC_ALL…) — also when the
 * config cannot be read (the error about it must still be in the admin's language).
 */
export function cliLanguage(io: Pick<CliIo, 'engine' | 'env'>): Promise<Lang> {
  return languageOf(() => io.engine().loadConfig(), io.env);
}

/** The same before a command has an engine (`kura --help`, an unknown command): Settings read from the state folder. */
export async function languageAtHome(home: string, env: NodeJS.ProcessEnv): Promise<Lang> {
  const { loadConfig } = await import('../engine/config/config-store.js');
  return languageOf(() => loadConfig(home), env);
}

async function languageOf(load: () => Promise<{ settings: { language: string } }>, env: NodeJS.ProcessEnv): Promise<Lang> {
  let setting: string = 'auto';
  try {
    setting = (await load()).settings.language;
  } catch {
    /* an unreadable config: fall back to the system's language */
  }
  return resolveLanguage(setting, env);
}

/** An error's sentences in a language: catalogued codes re-rendered from their facts, others as they are. */
export function errorSentences(e: Pick<KuraError, 'code' | 'params' | 'message' | 'hint' | 'catalogued'>, lang: Lang): { message: string; hint: string | null } {
  return e.catalogued && renderable(e.code, e.params) ? renderLoose(lang, e.code, e.params) : { message: e.message, hint: e.hint ?? null };
}


/** A message in the CLI's language. */
export function say(m: MessageData, lang: Lang): string {
  return renderLoose(lang, m.code, m.params).message;
}

/** A recorded error (a run's) with its sentences in a language: catalogued ones re-rendered from their facts. */
export function errorInfoSentences(e: ErrorInfo, lang: Lang): { message: string; hint: string | null } {
  return e.params && renderable(e.code, e.params) ? renderLoose(lang, e.code, e.params) : { message: e.message, hint: e.hint };
}

/** What `--json` carries for a message: its code and facts, and the sentence in the CLI's language. */
export function messageJson(m: MessageData, lang: Lang): { code: string; params: MessageData['params']; text: string } {
  return { code: m.code, params: m.params, text: say(m, lang) };
}

/** What `--json` carries for an error: code, params, category, and message and hint in the CLI's language. */
export function errorJson(e: ErrorInfo, lang: Lang): ErrorInfo {
  return { ...e, ...errorInfoSentences(e, lang) };
}
