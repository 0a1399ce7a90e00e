import { EXIT_FAILED, EXIT_OK, line, parseCommandArgs, usageError, writeJson, type Command } from '../cli-io.js';

const usage = 'kura verify <jobId> <snapshotId|latest> [--json]';

export const verifyCommand: Command = {
  summary: 'Re-check every item of a snapshot (sha256, gzip and dump trailer, RDB checksum, file counts)',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } }, usage);
    if (positionals.length !== 2) throw usageError('Expected a job id and a snapshot id (or "latest").', usage);
    const check = await io.engine().verify(positionals[0]!, positionals[1]!, io.signal);
    if (values.json) writeJson(io, { status: check.ok ? 'ok' : 'failed', ...check });
    else {
      line(io, `Snapshot ${check.snapshotId}: ${check.ok ? 'all items verified' : 'PROBLEMS FOUND'}`);
      for (const i of check.items) line(io, `  ${i.ok ? 'ok    ' : 'FAILED'} ${i.path}: ${i.detail}`);
    }
    return check.ok ? EXIT_OK : EXIT_FAILED;
  },
};
