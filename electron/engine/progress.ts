/**
 * Progress and log events the engine emits while it works. The CLI draws a progress line from them,
 * the shell forwards them over IPC, and the run log records the `log` ones.
 */
import type { MessageData } from '../shared/messages/index.js';

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
}

export const nullLogger: Logger = { log() {} };
