import { EXIT_OK, formatBytes, line, parseCommandArgs, usageError, writeJson, type Command } from '../cli-io.js';

const usage = 'kura history <jobId> [--json]';

export const historyCommand: Command = {
  summary: 'Show past runs of a job',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } }, usage);
    if (positionals.length !== 1) throw usageError('Expected one job id.', usage);
    const runs = await io.engine().history(positionals[0]!);
    if (values.json) {
      writeJson(io, runs);
      return EXIT_OK;
    }
    if (runs.length === 0) line(io, 'No runs yet.');
    for (const r of runs) {
      const bytes = r.items.reduce((a, i) => a + i.bytes, 0);
      line(io, `${r.startedAt}  ${r.status.padEnd(11)} ${r.trigger.padEnd(8)} ${formatBytes(bytes).padStart(10)}  ${r.snapshotId ?? ''}${r.error ? '  ' + r.error.message : ''}`);
    }
    return EXIT_OK;
  },
};
