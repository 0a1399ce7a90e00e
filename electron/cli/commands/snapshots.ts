import { formatBytes, line, parseCommandArgs, usageError, writeJson, EXIT_OK, type Command } from '../cli-io.js';

const usage = 'kura snapshots <jobId> [--json]';

export const snapshotsCommand: Command = {
  summary: 'List the complete snapshots of a job, oldest first',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } }, usage);
    if (positionals.length !== 1) throw usageError('Expected one job id.', usage);
    const snaps = await io.engine().snapshots(positionals[0]!);
    if (values.json) {
      writeJson(
        io,
        snaps.map((s) => ({
          id: s.id,
          status: s.manifest.status,
          path: s.path,
          startedAt: s.manifest.startedAt,
          finishedAt: s.manifest.finishedAt,
          verified: s.manifest.verified ?? null,
          items: s.manifest.items,
        })),
      );
      return EXIT_OK;
    }
    if (snaps.length === 0) line(io, `No complete snapshots of job ${positionals[0]} yet.`);
    for (const s of snaps) {
      const bytes = s.manifest.items.reduce((a, i) => a + i.bytes, 0);
      const what = s.manifest.items.map((i) => (i.type === 'mysql' ? `mysql:${i.database}` : `${i.type}:${i.source}`)).join(', ');
      line(io, `${s.id}  complete  ${formatBytes(bytes).padStart(10)}  ${what}`);
    }
    return EXIT_OK;
  },
};
