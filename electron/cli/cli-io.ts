/**
 * What a CLI command gets: its arguments already split, output streams, and the engine. Commands
 * return their exit code: 0 success (or warning), 1 failed, 2 usage or config error.
 */
import type { Readable, Writable } from 'node:stream';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Engine } from '../engine/engine.js';
import { KuraError } from '../engine/errors.js';
import type { Lang } from '../shared/messages/define.js';
import { renderable, renderLoose } from '../shared/messages/render.js';
import { resolveLanguage } from '../shared/messages/language.js';
export { formatBytes } from '../engine/util/format-bytes.js';

export interface CliIo {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  env: NodeJS.ProcessEnv;
  engine: () => Engine;
  /** Aborted on SIGINT/SIGTERM. */
  signal: AbortSignal;
}

export interface Command {
  summary: string;
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export function usageError(message: string, usage: string): KuraError {
  return new KuraError({ code: 'usage', category: 'config', message, hint: `Usage: ${usage}` });
}

/** node:util parseArgs with errors turned into usage errors. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  usage: string,
): { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] } {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw usageError((err as Error).message, usage);
  }
}

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

export function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function line(io: CliIo, text = ''): void {
  io.stdout.write(text + '\n');
}


export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}
