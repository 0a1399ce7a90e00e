import { toKuraError } from '../../engine/errors.js';
import { createAlertHub } from '../../engine/alerts/alert-hub.js';
import type { Lang } from '../../shared/messages/define.js';
import { renderLoose } from '../../shared/messages/render.js';
import { cliLanguage } from '../cli-language.js';
import type { ProgressEvent } from '../../engine/progress.js';
import { EXIT_FAILED, EXIT_OK, formatBytes, formatDuration, line, parseCommandArgs, usageError, writeJson, type CliIo, type Command } from '../cli-io.js';

const usage = 'kura run <jobId> [--json]';

export const runCommand: Command = {
  summary: 'Back up a job now (exit 0 success/warning, 1 failed, 2 usage/config error)',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } }, usage);
    if (positionals.length !== 1) throw usageError('Expected one job id.', usage);
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
      if (json) writeJson(io, { status: 'failed', runId: null, snapshot: null, items: [], warnings: [], error: e.toJSON() });
      else io.stderr.write(`${e.message}\n${e.hint ?? ''}\n`);
      return EXIT_FAILED;
    } finally {
      progress?.clear();
    }
    alerts.runFinished(jobId, { status: result.status, runId: result.runId, startedAt: result.startedAt, finishedAt: result.finishedAt, error: result.error }, result);
    await alerts.idle();
    if (json) {
      writeJson(io, {
        status: result.status === 'cancelled' ? 'failed' : result.status,
        runId: result.runId,
        snapshot: result.snapshot,
        items: result.items,
        warnings: result.warnings,
        error: result.error,
        startedAt: result.startedAt,
        finishedAt: result.finishedAt,
        logFile: result.logFile,
        pruned: result.pruned,
        offsite: result.offsite,
      });
    } else {
      const ms = Date.parse(result.finishedAt) - Date.parse(result.startedAt);
      line(io, `${statusWord(result.status)}: job ${jobId}, run ${result.runId} (${formatDuration(ms)})`);
      for (const item of result.items) {
        line(io, `  ${item.status.padEnd(7)} ${item.type.padEnd(5)} ${item.source}${item.name ? '/' + item.name : ''}  ${formatBytes(item.bytes)}  ${item.detail ?? ''}`);
      }
      for (const w of result.warnings) line(io, `  warning: ${w}`);
      if (result.snapshot) line(io, `Snapshot ${result.snapshot.id}: ${result.snapshot.path}`);
      if (result.pruned.length) line(io, `Retention removed: ${result.pruned.join(', ')}`);
      for (const o of result.offsite) line(io, `Off-site copy "${o.target}" (${o.to}): ${o.status}${o.error ? ' — ' + o.error.message : ''}`);
      if (result.error) {
        line(io, `Error: ${result.error.message}`);
        if (result.error.hint) line(io, `What to do: ${result.error.hint}`);
      }
      line(io, `Log: ${result.logFile}`);
    }
    return result.status === 'success' || result.status === 'warning' ? EXIT_OK : EXIT_FAILED;
  },
};

function statusWord(s: string): string {
  switch (s) {
    case 'success':
      return 'OK';
    case 'warning':
      return 'OK with warnings';
    case 'partial':
      return 'PARTIAL (some items failed; the others are in the snapshot)';
    case 'cancelled':
      return 'CANCELLED';
    default:
      return 'FAILED';
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
          step = renderLoose(lang, e.message.code, e.message.params).message;
          last = 0;
          draw(step);
          break;
        case 'bytes':
          draw(`${step} — ${formatBytes(e.bytes)}${e.totalBytes ? ' / ' + formatBytes(e.totalBytes) : ''}`);
          break;
        case 'files':
          draw(`${step} — ${e.files} files, ${formatBytes(e.bytes)}`);
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
