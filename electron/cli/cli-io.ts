/**
 * What a CLI command gets: its arguments already split, output streams, and the engine. Commands
 * return their exit code: 0 success (or warning), 1 failed, 2 usage or config error, 130 cancelled.
 */
import type { Readable, Writable } from 'node:stream';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Engine } from '../engine/engine.js';
import { KuraError } from '../engine/errors.js';
import type { Lang } from '../shared/messages/define.js';
import * as fmt from '../shared/messages/format.js';
import { nestedMessage, verbatim, type MessageCode, type MessageData } from '../shared/messages/index.js';

export interface CliIo {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  env: NodeJS.ProcessEnv;
  engine: () => Engine;
  /** Aborted on SIGINT/SIGTERM. */
  signal: AbortSignal;
  /**
   * The folder holding out/ (the built UI, out/renderer) and, outside the installed app, resources/:
   * the project folder, the npm package, or the installed app's app.asar.
   */
  appRoot: string;
}

export interface Command {
  /** What the command does, as a catalogue code (said in the CLI's language by `kura --help`). */
  summary: Extract<MessageCode, `cli-summary-${string}`>;
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
/** A run stopped by Ctrl+C or SIGTERM: nothing failed, someone decided (128 + SIGINT, as shells report it). */
export const EXIT_CANCELLED = 130;
export const EXIT_USAGE = 2;

/** A command line that cannot be run as given: what is wrong (a catalogued problem) and the command's usage line. */
export function usageError(problem: MessageData, usage: string): KuraError {
  return new KuraError({ code: 'usage~cli', params: { problem: nestedMessage(problem), usage }, category: 'config' });
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
    // node:util's own words (an unknown option, a missing value) are shown as they are.
    throw usageError(verbatim((err as Error).message), usage);
  }
}

export function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function line(io: CliIo, text = ''): void {
  io.stdout.write(text + '\n');
}

/** Sizes and durations by the catalogue's one set of rules (shared/messages/format.ts), in the CLI's language. */
export function formatBytes(bytes: number, lang: Lang = 'en'): string {
  return fmt.formatBytes(bytes, lang);
}

export function formatDuration(ms: number, lang: Lang = 'en'): string {
  return fmt.formatDuration(ms, lang);
}
