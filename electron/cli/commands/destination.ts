/**
 * `kura destination <jobId> [--trust]`: is the job's backup folder the backup disk Kura remembers?
 * A run refuses a folder whose identity file is missing (the disk is not connected) or that moved to
 * another disk; `--trust` accepts the folder as it is now, after the admin moved the backups on purpose.
 */
import { destinationError } from '../../engine/snapshot/destination.js';
import { render } from '../../shared/messages/render.js';
import { EXIT_FAILED, EXIT_OK, line, parseCommandArgs, usageError, writeJson, type Command } from '../cli-io.js';
import { cliLanguage, errorSentences } from '../cli-language.js';
import { msg } from '../../shared/messages/index.js';

const usage = 'kura destination <jobId> [--trust] [--json]';

export const destinationCommand: Command = {
  summary: 'cli-summary-destination',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' }, trust: { type: 'boolean' } }, usage);
    if (positionals.length !== 1) throw usageError(msg('cli-expected-job-id', {}), usage);
    const jobId = positionals[0]!;
    const engine = io.engine();
    const lang = await cliLanguage(io);
    if (values.trust) {
      const state = await engine.trustDestination(jobId);
      if (values.json) writeJson(io, { status: 'ok', ...state });
      else line(io, render(lang, 'destination-trusted', { path: state.path, job: jobId, id: state.id, volume: state.volume }).message);
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
        line(io, render(lang, 'destination-status-ok', { path: a.path, volume: a.volume }).message);
        break;
      case 'first-use':
        line(io, render(lang, 'destination-status-first-use', { path: a.path }).message);
        break;
      case 'adopt':
        line(io, render(lang, 'destination-status-adopt', { path: a.path }).message);
        break;
      default: {
        const said = errorSentences(destinationError(a, jobId), lang);
        line(io, render(lang, 'cli-error', { message: said.message }).message);
        if (said.hint) line(io, render(lang, 'cli-what-to-do', { hint: said.hint }).message);
      }
    }
    return usable ? EXIT_OK : EXIT_FAILED;
  },
};
