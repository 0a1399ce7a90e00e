/**
 * Progress and log events the engine emits while it works. The CLI draws a progress line from them,
 * the shell forwards them over IPC, and the run log records the `log` ones.
 */
import type { MessageData } from '../shared/messages/index.js';
import { renderLoose } from '../shared/messages/render.js';

export type ProgressEvent =
  /** First event of a run, once it holds the job lock: lets "Back up now" answer with the run id. */
  | { kind: 'started'; runId: string }
  /** `message`: what is being done, as data (rendered by whoever shows it, in their language). */
  | { kind: 'step'; sourceId: string | null; step: string; message: MessageData }
  | { kind: 'bytes'; sourceId: string; bytes: number; totalBytes: number | null }
  | { kind: 'files'; sourceId: string; files: number; bytes: number; totalFiles: number | null }
  /** `message`: the line as written to the run log; `said`: the same as data, when it is catalogued. */
  | { kind: 'log'; level: LogLevel; message: string; at: string; said?: MessageData };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type ProgressListener = (event: ProgressEvent) => void;

/** Where tools write human-readable log lines. Everything written here must already be redacted. */
export interface Logger {
  log(level: LogLevel, message: string): void;
  /** A catalogued line, written in the logger's language (the run log's is the admin's). */
  say?(level: LogLevel, message: MessageData): void;
}

export const nullLogger: Logger = { log() {} };

/**
 * Says a catalogued line to any logger: in its own language when it can (a run log), else in English
 * (a test's logger, a tool's debug sink). Sentences the admin reads go through here, not through log().
 */
export function sayTo(logger: Logger | undefined, level: LogLevel, message: MessageData): void {
  if (!logger) return;
  if (logger.say) logger.say(level, message);
  else logger.log(level, renderLoose('en', message.code, message.params).message);
}
