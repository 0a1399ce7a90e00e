import { EXIT_OK, formatBytes, line, parseCommandArgs, usageError, writeJson, type Command } from '../cli-io.js';
import { cliLanguage, errorInfoSentences, errorJson, messageJson, say } from '../cli-language.js';
import { msg } from '../../shared/messages/index.js';

const usage = 'kura history <jobId> [--json]';

export const historyCommand: Command = {
  summary: 'cli-summary-history',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } }, usage);
    if (positionals.length !== 1) throw usageError(msg('cli-expected-job-id', {}), usage);
    const runs = await io.engine().history(positionals[0]!);
    const lang = await cliLanguage(io);
    if (values.json) {
      writeJson(
        io,
        runs.map((r) => ({
          ...r,
          items: r.items.map((i) => ({ ...i, detail: i.detail ? messageJson(i.detail, lang) : null })),
          warnings: r.warnings.map((w) => messageJson(w, lang)),
          error: r.error ? errorJson(r.error, lang) : null,
        })),
      );
      return EXIT_OK;
    }
    if (runs.length === 0) line(io, say(msg('cli-no-runs', {}), lang));
    for (const r of runs) {
      const bytes = r.items.reduce((a, i) => a + i.bytes, 0);
      line(io, `${r.startedAt}  ${say(msg(`status-${r.status}`, {}), lang).padEnd(11)} ${r.trigger.padEnd(8)} ${formatBytes(bytes, lang).padStart(10)}  ${r.snapshotId ?? ''}${r.error ? '  ' + errorInfoSentences(r.error, lang).message : ''}`);
    }
    return EXIT_OK;
  },
};
