/**
 * The full log of one run, `$KURA_HOME/logs/<jobId>/<runId>.log`: every step and every tool command
 * (redacted) with timestamps, so "what happened last night" has an answer. Lines are also forwarded
 * to the progress listener for the live log in the UI.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { redact } from '../process/redact.js';
import type { LogLevel, Logger, ProgressListener } from '../progress.js';
import type { Lang } from '../../shared/messages/define.js';
import type { MessageData } from '../../shared/messages/index.js';
import { renderLoose } from '../../shared/messages/render.js';
import { homeLayout } from '../home-layout.js';

export function runLogPath(home: string, jobId: string, runId: string): string {
  return homeLayout.runLogFile(home, jobId, runId);
}

export interface RunLogger extends Logger {
  readonly path: string;
  /** A catalogued line, written in the run log's language (the admin's). */
  say(level: LogLevel, message: MessageData): void;
  /** Secrets learnt during the run (passwords read from the keychain) are masked from then on. */
  addSecret(secret: string | null | undefined): void;
  close(): Promise<void>;
}

export function createRunLogger(path: string, now: () => Date, onEvent?: ProgressListener, language: Lang = 'en'): RunLogger {
  mkdirSync(dirname(path), { recursive: true });
  const stream: WriteStream = createWriteStream(path, { flags: 'a', encoding: 'utf8' });
  stream.on('error', () => {});
  const secrets: string[] = [];
  const logger: RunLogger = {
    path,
    addSecret(secret) {
      if (secret) secrets.push(secret);
    },
    log(level: LogLevel, message: string) {
      const at = now().toISOString();
      const clean = redact(message, secrets);
      stream.write(`${at} ${level.toUpperCase().padEnd(5)} ${clean}\n`);
      onEvent?.({ kind: 'log', level, message: clean, at });
    },
    say(level: LogLevel, message: MessageData) {
      const at = now().toISOString();
      const clean = redact(renderLoose(language, message.code, message.params).message, secrets);
      stream.write(`${at} ${level.toUpperCase().padEnd(5)} ${clean}\n`);
      // The UI renders `said` in its own language; the line is the run log's. Facts are redacted too.
      const params = Object.fromEntries(Object.entries(message.params).map(([k, v]) => [k, typeof v === 'string' ? redact(v, secrets) : v]));
      onEvent?.({ kind: 'log', level, message: clean, at, said: { code: message.code, params } });
    },
    close() {
      return new Promise((resolve) => stream.end(() => resolve()));
    },
  };
  return logger;
}
