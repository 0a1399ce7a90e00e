import { toKuraError } from '../../engine/errors.js';
import { createAlertHub } from '../../engine/alerts/alert-hub.js';
import type { Lang } from '../../shared/messages/define.js';
import { cliLanguage, errorInfoSentences, errorJson, errorSentences, messageJson, render, say } from '../cli-language.js';
import type { ProgressEvent } from '../../engine/progress.js';
import { EXIT_CANCELLED, EXIT_FAILED, EXIT_OK, formatBytes, formatDuration, line, parseCommandArgs, usageError, writeJson, type CliIo, type Command } from '../cli-io.js';
import { msg, nestedMessage, type MessageData } from '../../shared/messages/index.js';

const usage = 'kura run <jobId> [--json]';

export const runCommand: Command = {
  summary: 'cli-summary-run',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } }, usage);
    if (positionals.length !== 1) throw usageError(msg('cli-expected-job-id', {}), usage);
    const jobId = positionals[0]!;
    const json = Boolean(values.json);
    const lang = await cliLanguage(io);
    const progress = !json && io.stderr.isTTY ? progressLine(io, lang) : null;
    const engine = io.engine();
    // A run from a terminal or the system's own scheduler (cron, Task Scheduler) alerts like any other:
    // the heartbeat's pings, and mail or webhooks when it fails. Only problems are written (to stderr).
    const alerts = createAlertHub({
      home: engine.home,
      secrets: engine.secrets,
      loadConfig: () => engine.loadConfig(),
      language: () => lang,
      now: () => new Date(),
      logger: { log: (level, message) => (level === 'warn' || level === 'error' ? io.stderr.write(`${message}\n`) : undefined) },
      tools: () => engine.tools(),
      retryDelaysMs: [],
    });
    let result;
    try {
      result = await engine.runJob(jobId, {
        trigger: 'cli',
        signal: io.signal,
        onProgress: (e) => {
          if (e.kind === 'started') alerts.runStarted(jobId, e.runId);
          progress?.onEvent(e);
        },
      });
    } catch (err) {
      const e = toKuraError(err);
      if (e.code !== 'job-locked') throw e;
      // Another run holds the lock: refused, not started twice.
      if (json) writeJson(io, { status: 'failed', runId: null, snapshot: null, items: [], warnings: [], error: errorJson(e.toJSON(), lang) });
      else {
        const said = errorSentences(e, lang);
        io.stderr.write(`${said.message}\n${said.hint ?? ''}\n`);
      }
      return EXIT_FAILED;
    } finally {
      progress?.clear();
    }
    alerts.runFinished(jobId, { status: result.status, runId: result.runId, startedAt: result.startedAt, finishedAt: result.finishedAt, error: result.error }, result);
    await alerts.idle();
    if (json) {
      writeJson(io, {
        status: result.status,
        runId: result.runId,
        snapshot: result.snapshot,
        items: result.items.map((i) => ({ ...i, detail: i.detail ? messageJson(i.detail, lang) : null, error: i.error ? errorJson(i.error, lang) : null })),
        warnings: result.warnings.map((w) => messageJson(w, lang)),
        error: result.error ? errorJson(result.error, lang) : null,
        startedAt: result.startedAt,
        finishedAt: result.finishedAt,
        logFile: result.logFile,
        pruned: result.pruned,
        offsite: result.offsite.map((o) => ({ ...o, error: o.error ? errorJson(o.error, lang) : null })),
      });
    } else {
      const ms = Date.parse(result.finishedAt) - Date.parse(result.startedAt);
      const say1 = (m: MessageData) => say(m, lang);
      line(io, say1(msg('cli-run-headline', { status: statusWord(result.status), job: jobId, run: result.runId, duration: formatDuration(ms, lang) })));
      for (const item of result.items) {
        line(io, `  ${say1(msg(`cli-item-${item.status}`, {})).padEnd(7)} ${item.type.padEnd(5)} ${item.source}${item.name ? '/' + item.name : ''}  ${formatBytes(item.bytes, lang)}  ${item.detail ? say1(item.detail) : ''}`);
      }
      for (const w of result.warnings) line(io, `  ${say1(msg('cli-run-warning-line', { warning: nestedMessage(w) }))}`);
      if (result.snapshot) line(io, say1(msg('cli-run-snapshot', { snapshot: result.snapshot.id, path: result.snapshot.path })));
      if (result.pruned.length) line(io, say1(msg('cli-run-pruned', { snapshots: result.pruned.join(', ') })));
      for (const o of result.offsite) {
        const status: MessageData = msg(`cli-offsite-${o.status}`, {});
        line(io, say1(o.error ? msg('cli-run-offsite-error', { target: o.target, to: o.to, status: nestedMessage(status), error: errorInfoSentences(o.error, lang).message }) : msg('cli-run-offsite', { target: o.target, to: o.to, status: nestedMessage(status) })));
      }
      if (result.error) {
        const said = errorInfoSentences(result.error, lang);
        line(io, render(lang, 'cli-error', { message: said.message }).message);
        if (said.hint) line(io, render(lang, 'cli-what-to-do', { hint: said.hint }).message);
      }
      line(io, say1(msg('cli-run-log', { path: result.logFile })));
    }
    return exitCodeOf(result.status);
  },
};

/** 0 when the snapshot holds every item, 1 when something failed, 130 when the run was cancelled. */
function exitCodeOf(status: 'success' | 'warning' | 'partial' | 'failed' | 'cancelled'): number {
  switch (status) {
    case 'success':
    case 'warning':
      return EXIT_OK;
    case 'partial':
    case 'failed':
      return EXIT_FAILED;
    case 'cancelled':
      return EXIT_CANCELLED;
  }
}

/** The headline's word for a run's outcome (a catalogue code, said in the CLI's language). */
function statusWord(s: string): string {
  switch (s) {
    case 'success':
    case 'warning':
    case 'partial':
    case 'cancelled':
      return nestedMessage(msg(`cli-run-${s}`, {}));
    default:
      return nestedMessage(msg('cli-run-failed', {}));
  }
}

/** A single redrawn status line on a terminal. */
function progressLine(io: CliIo, lang: Lang) {
  let step = '';
  let last = 0;
  const draw = (text: string) => {
    const now = Date.now();
    if (now - last < 100) return;
    last = now;
    const width = (io.stderr as { columns?: number }).columns ?? 80;
    io.stderr.write('\r\x1b[K' + text.slice(0, width - 1));
  };
  return {
    onEvent(e: ProgressEvent) {
      switch (e.kind) {
        case 'step':
          step = say(e.message, lang);
          last = 0;
          draw(step);
          break;
        case 'bytes':
          draw(`${step} — ${formatBytes(e.bytes, lang)}${e.totalBytes ? ' / ' + formatBytes(e.totalBytes, lang) : ''}`);
          break;
        case 'files':
          draw(`${step} — ${say({ code: 'item-files', params: { count: e.files } }, lang)}, ${formatBytes(e.bytes, lang)}`);
          break;
        case 'started':
        case 'log':
          break;
      }
    },
    clear() {
      io.stderr.write('\r\x1b[K');
    },
  };
}
