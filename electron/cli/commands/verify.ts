import { EXIT_FAILED, EXIT_OK, line, parseCommandArgs, usageError, writeJson, type Command } from '../cli-io.js';

const usage = 'kura verify <jobId> <snapshotId|latest> [--restore-test] [--json]';

export const verifyCommand: Command = {
  summary: 'Re-check a snapshot (sha256, gzip and dump trailer, RDB checksum, file counts); --restore-test restores into scratch',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' }, 'restore-test': { type: 'boolean' } }, usage);
    if (positionals.length !== 2) throw usageError('Expected a job id and a snapshot id (or "latest").', usage);
    const [jobId, snapshotId] = positionals as [string, string];
    if (values['restore-test']) {
      const report = await io.engine().restoreTest(jobId, snapshotId, io.signal);
      if (values.json) writeJson(io, { status: report.ok ? 'ok' : 'failed', ...report });
      else {
        line(io, `Snapshot ${report.snapshotId}: ${report.ok ? `restore test passed (recorded as verified at ${report.verifiedAt})` : 'RESTORE TEST FAILED'}`);
        for (const i of report.items) {
          line(io, `  ${i.ok ? 'ok    ' : 'FAILED'} ${i.path}`);
          for (const c of i.checks) if (!c.ok || !i.ok) line(io, `      ${c.ok ? 'ok' : 'FAILED'} ${c.check}: ${c.detail}`);
        }
      }
      return report.ok ? EXIT_OK : EXIT_FAILED;
    }
    const check = await io.engine().verify(jobId, snapshotId, io.signal);
    if (values.json) writeJson(io, { status: check.ok ? 'ok' : 'failed', ...check });
    else {
      line(io, `Snapshot ${check.snapshotId}: ${check.ok ? 'all items verified' : 'PROBLEMS FOUND'}`);
      for (const i of check.items) line(io, `  ${i.ok ? 'ok    ' : 'FAILED'} ${i.path}: ${i.detail}`);
    }
    return check.ok ? EXIT_OK : EXIT_FAILED;
  },
};
