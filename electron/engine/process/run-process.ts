/**
 * The one place Kura starts external processes (rsync, mysqldump, mysql, redis-server in tests…).
 *
 * Why one file: exit codes, cancellation, redaction and "the binary is not installed" are handled the
 * same way for every tool, and a reviewer can check in one place that no secret is ever put in argv.
 * A non-zero exit is NOT an exception here: each tool module maps exit codes and stderr to its own
 * typed errors. Only "could not start at all" throws.
 */
import { execa, type ResultPromise } from 'execa';
import { Readable, Writable } from 'node:stream';
import { KuraError, kuraError } from '../errors.js';
import type { Logger } from '../progress.js';
import { formatCommand, redact } from './redact.js';
import { cygwinCommandLine, findWindowsProgram, quoteProgramName, type WindowsArgvStyle } from './windows-command-line.js';

export interface ProcessSpec {
  /** Absolute path or a name looked up on PATH. */
  file: string;
  args: readonly string[];
  /** Extra environment, merged over the parent's. This is where secrets go (RSYNC_PASSWORD…). */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Values masked wherever the command or its output is logged. */
  secrets?: readonly (string | undefined)[];
  /**
   * On Windows: how the program splits its command line. 'cygwin' for cwRsync's rsync.exe and
   * ssh.exe (windows-command-line.ts); the default is Microsoft's C runtime rules, which Node follows.
   */
  windowsArgv?: WindowsArgvStyle;
}

export interface StartOptions {
  signal?: AbortSignal;
  /** 'pipe' gives a writable `stdin`; a Readable is piped in. */
  stdin?: 'ignore' | 'pipe' | Readable;
  /** 'stream': the caller consumes `stdout`. 'lines': `onStdoutLine` is called. 'capture': kept in `result.stdout`. */
  stdout?: 'stream' | 'lines' | 'capture' | 'ignore';
  onStdoutLine?: (line: string) => void;
  onStderrLine?: (line: string) => void;
  /** After a cancel, SIGTERM is followed by SIGKILL after this long. */
  killGraceMs?: number;
  logger?: Logger;
  /** Bytes of stdout kept with 'capture' (and of stderr always): the tail is what explains a failure. */
  maxCaptureBytes?: number;
}

export interface ProcessResult {
  /** null when killed by a signal. */
  exitCode: number | null;
  signal: string | null;
  cancelled: boolean;
  stdout: string;
  /** The last `maxCaptureBytes` of stderr, redacted. */
  stderr: string;
  durationMs: number;
  /** The redacted command line, for logs and error details. */
  command: string;
}

export interface RunningProcess {
  pid: number | undefined;
  stdout: Readable | null;
  stdin: Writable | null;
  result: Promise<ProcessResult>;
  /** Asks the process to stop (SIGTERM, then SIGKILL after the grace period). */
  kill(signal?: NodeJS.Signals): void;
}

const DEFAULT_CAPTURE = 256 * 1024;

export function startProcess(spec: ProcessSpec, options: StartOptions = {}): RunningProcess {
  const secrets = spec.secrets ?? [];
  const command = formatCommand(spec.file, spec.args, secrets);
  const cap = options.maxCaptureBytes ?? DEFAULT_CAPTURE;
  const stdoutMode = options.stdout ?? 'capture';
  options.logger?.log('debug', `$ ${command}`);
  const started = Date.now();

  // Windows: find the program first and start it directly (never through cmd.exe), and quote the
  // arguments for the way it splits them (windows-command-line.ts).
  let file = spec.file;
  let args: string[] = [...spec.args];
  const windowsOptions: { windowsVerbatimArguments?: boolean; argv0?: string } = {};
  if (process.platform === 'win32') {
    const found = findWindowsProgram(spec.file, { ...process.env, ...spec.env });
    if (found === null) {
      const failed = Promise.reject(missingProgram(spec.file, /\.(?:cmd|bat)$/i.test(spec.file) ? 'batch' : 'missing'));
      failed.catch(() => {});
      // The same shape as a program that could not start elsewhere: empty streams, a rejected result.
      return {
        pid: undefined,
        stdout: stdoutMode === 'stream' ? Readable.from([]) : null,
        stdin: options.stdin === 'pipe' ? new Writable({ write: (_c, _e, cb) => cb() }) : null,
        result: failed,
        kill() {},
      };
    }
    file = found;
    if (spec.windowsArgv === 'cygwin') {
      args = cygwinCommandLine(spec.args);
      windowsOptions.windowsVerbatimArguments = true;
      windowsOptions.argv0 = quoteProgramName(found);
    }
  }

  const stdinOption = options.stdin === undefined || options.stdin === 'ignore' ? 'ignore' : options.stdin === 'pipe' ? 'pipe' : options.stdin;
  const child: ResultPromise = execa(file, args, {
    ...windowsOptions,
    env: spec.env,
    extendEnv: true,
    cwd: spec.cwd,
    stdin: stdinOption,
    stdout: stdoutMode === 'ignore' ? 'ignore' : 'pipe',
    stderr: 'pipe',
    buffer: false,
    reject: false,
    windowsHide: true,
    cancelSignal: options.signal,
    forceKillAfterDelay: options.killGraceMs ?? 5000,
    stripFinalNewline: false,
  });

  const stderrTail = new Tail(cap);
  const stdoutTail = new Tail(cap);
  const stderrDone = consumeLines(child.stderr, (line) => {
    stderrTail.push(line + '\n');
    options.onStderrLine?.(redact(line, secrets));
  });
  let stdoutDone: Promise<void> = Promise.resolve();
  if (stdoutMode === 'lines') {
    stdoutDone = consumeLines(child.stdout, (line) => options.onStdoutLine?.(line));
  } else if (stdoutMode === 'capture') {
    stdoutDone = consumeLines(child.stdout, (line) => stdoutTail.push(line + '\n'));
  }

  const result = (async (): Promise<ProcessResult> => {
    const r = await child;
    await Promise.allSettled([stderrDone, stdoutDone]);
    const startError = r.failed && r.exitCode === undefined && !r.isCanceled && !r.signal ? r.cause : undefined;
    if (startError) {
      const code = (startError as NodeJS.ErrnoException).code;
      throw code === 'ENOENT' ? missingProgram(spec.file, 'missing', startError) : missingProgram(spec.file, 'failed', startError);
    }
    const res: ProcessResult = {
      exitCode: r.exitCode ?? null,
      signal: r.signal ?? null,
      cancelled: Boolean(r.isCanceled) || Boolean(options.signal?.aborted),
      stdout: stdoutMode === 'capture' ? stdoutTail.toString() : '',
      stderr: redact(stderrTail.toString(), secrets),
      durationMs: Date.now() - started,
      command,
    };
    options.logger?.log('debug', `exit ${res.exitCode ?? res.signal} after ${res.durationMs} ms: ${spec.file}`);
    return res;
  })();
  // Callers may only look at `result` after consuming stdout; never leave it unhandled meanwhile.
  result.catch(() => {});

  return {
    pid: child.pid,
    stdout: stdoutMode === 'stream' ? child.stdout : null,
    stdin: stdinOption === 'pipe' ? child.stdin : null,
    result,
    kill(signal: NodeJS.Signals = 'SIGTERM') {
      child.kill(signal);
    },
  };
}

function missingProgram(file: string, why: 'missing' | 'batch' | 'failed', cause?: unknown): KuraError {
  if (why === 'failed') return new KuraError({ code: 'tool-missing~failed', params: { file, reason: (cause as Error).message }, category: 'config', cause });
  return kuraError(why === 'batch' ? 'tool-missing~batch' : 'tool-missing', { file }, 'config', { cause });
}

/** Runs a process to completion, capturing stdout (for short outputs like `--version` or a query). */
export async function runProcess(
  spec: ProcessSpec,
  options: Omit<StartOptions, 'stdout' | 'stdin'> & { input?: string } = {},
): Promise<ProcessResult> {
  const { input, ...rest } = options;
  const proc = startProcess(spec, { ...rest, stdout: 'capture', stdin: input === undefined ? 'ignore' : 'pipe' });
  if (input !== undefined && proc.stdin) {
    proc.stdin.on('error', () => {});
    proc.stdin.end(input);
  }
  return proc.result;
}

/** Splits a stream into lines on \n or \r (rsync redraws its progress line with \r). */
async function consumeLines(stream: Readable | null | undefined, onLine: (line: string) => void): Promise<void> {
  if (!stream) return;
  stream.setEncoding('utf8');
  let buffered = '';
  for await (const chunk of stream as AsyncIterable<string>) {
    buffered += chunk;
    let idx: number;
    while ((idx = buffered.search(/[\r\n]/)) >= 0) {
      const line = buffered.slice(0, idx);
      buffered = buffered.slice(idx + 1);
      if (line.length > 0) onLine(line);
    }
    if (buffered.length > 1024 * 1024) {
      onLine(buffered);
      buffered = '';
    }
  }
  if (buffered.length > 0) onLine(buffered);
}

/** Keeps the last `cap` characters of a text stream. */
class Tail {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly cap: number) {}
  push(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    while (this.size > this.cap && this.parts.length > 1) {
      this.size -= this.parts.shift()!.length;
    }
  }
  toString(): string {
    const s = this.parts.join('');
    return s.length > this.cap ? s.slice(s.length - this.cap) : s;
  }
}
