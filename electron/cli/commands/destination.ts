/**
 * `kura destination <jobId> [--trust]`: is the job's backup folder the backup disk Kura remembers?
 * A run refuses a folder whose identity file is missing (the disk is not connected) or that moved to
 * another disk; `--trust` accepts the folder as it is now, after the admin moved the backups on purpose.
 */
import { describeDestination, destinationError } from '../../engine/snapshot/destination.js';
import { EXIT_FAILED, EXIT_OK, line, parseCommandArgs, usageError, writeJson, type Command } from '../cli-io.js';

const usage = 'kura destination <jobId> [--trust] [--json]';

export const destinationCommand: Command = {
  summary: 'Check that a job\'s backup folder is really its backup disk; --trust accepts it after a deliberate move',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' }, trust: { type: 'boolean' } }, usage);
    if (positionals.length !== 1) throw usageError('Expected one job id.', usage);
    const jobId = positionals[0]!;
    const engine = io.engine();
    if (values.trust) {
      const state = await engine.trustDestination(jobId);
      if (values.json) writeJson(io, { status: 'ok', ...state });
      else line(io, `Trusted ${describeDestination(state.path)} as the backup folder of job ${jobId} (identity ${state.id}, volume ${state.volume}).`);
      return EXIT_OK;
    }
    const a = await engine.destination(jobId);
    const usable = a.kind === 'ok' || a.kind === 'first-use' || a.kind === 'adopt';
    if (values.json) {
      writeJson(io, { status: usable ? 'ok' : 'failed', ...a, error: usable ? null : destinationError(a, jobId).toJSON() });
      return usable ? EXIT_OK : EXIT_FAILED;
    }
    switch (a.kind) {
      case 'ok':
        line(io, `${describeDestination(a.path)}: connected, the same backup disk as before (volume ${a.volume}).`);
        break;
      case 'first-use':
        line(io, `${describeDestination(a.path)}: not used by Kura yet; the first backup will set it up.`);
        break;
      case 'adopt':
        line(io, `${describeDestination(a.path)}: a Kura backup folder this computer has not used yet; the next backup will use it.`);
        break;
      default: {
        const e = destinationError(a, jobId);
        line(io, `Problem: ${e.message}`);
        if (e.hint) line(io, `What to do: ${e.hint}`);
      }
    }
    return usable ? EXIT_OK : EXIT_FAILED;
  },
};
