/**
 * `kura ssh-trust <jobId> [--fingerprint SHA256:…]`: confirm the SSH server key of a job's server
 * connection, the CLI twin of the wizard's confirmation.
 *
 * With `--fingerprint` the key is pinned only if the server shows exactly that key now (the admin
 * copied it from the hosting company's panel or from `ssh-keygen -lf` on the server). Without it,
 * the server's fingerprint is printed and pinned only after an interactive "yes": never from a
 * pipe or a script, so nothing can end up trusting a key nobody looked at.
 */
import { findJob } from '../../engine/config/config-store.js';
import { KuraError } from '../../engine/errors.js';
import { fingerprintOf, normalizeFingerprint, pinHostKey, pinnedKeys, probeHostKey } from '../../engine/tools/ssh/index.js';
import { EXIT_FAILED, EXIT_OK, line, parseCommandArgs, usageError, writeJson, type CliIo, type Command } from '../cli-io.js';
import { msg } from '../../shared/messages/index.js';
import { cliLanguage, say } from '../cli-language.js';

const usage = 'kura ssh-trust <jobId> [--fingerprint SHA256:…] [--json]';

export const sshTrustCommand: Command = {
  summary: 'cli-summary-ssh-trust',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { fingerprint: { type: 'string' }, json: { type: 'boolean' } }, usage);
    const [jobId] = positionals;
    if (!jobId || positionals.length !== 1) throw usageError(msg('cli-expected-job-id', {}), usage);
    const wanted = values['fingerprint'] === undefined ? null : normalizeFingerprint(String(values['fingerprint']));
    if (values['fingerprint'] !== undefined && wanted === null) {
      throw usageError(msg('cli-fingerprint', { value: String(values['fingerprint']) }), usage);
    }
    const engine = io.engine();
    const job = findJob(await engine.loadConfig(), jobId);
    if (!job.ssh) {
      throw new KuraError({ code: 'usage~no-ssh-connection', params: { job: jobId }, category: 'config' });
    }
    const { host, port } = job.ssh;
    const shown = await probeHostKey(host, port, { signal: io.signal });
    const pinned = (await pinnedKeys(engine.home, host, port)).map((k) => fingerprintOf(k.blob));
    const json = values['json'] === true;
    const lang = await cliLanguage(io);
    const report = (status: 'trusted' | 'already-trusted' | 'declined') => {
      if (json) writeJson(io, { status, host, port, fingerprint: shown.fingerprint, type: shown.type, previously: pinned });
      else line(io, say(status === 'declined' ? msg('cli-trust-unchanged', {}) : msg('cli-trust-done', { host, port, fingerprint: shown.fingerprint, type: shown.type }), lang));
    };
    if (pinned.includes(shown.fingerprint)) {
      report('already-trusted');
      return EXIT_OK;
    }
    if (wanted !== null) {
      if (wanted !== shown.fingerprint) {
        throw new KuraError({ code: 'ssh-fingerprint-mismatch', params: { host, port, shown: shown.fingerprint, wanted }, category: 'config' });
      }
    } else {
      io.stderr.write(
        `${say(msg('cli-trust-shows', { host, port }), lang)}\n  ${shown.fingerprint} (${shown.type})\n` +
          (pinned.length > 0 ? `${say(msg('cli-trust-changed', { keys: pinned.join(', ') }), lang)}\n` : '') +
          `${say(msg('cli-trust-compare', {}), lang)}\n`,
      );
      if (!io.stdin.isTTY) {
        throw new KuraError({ code: 'usage~trust-needs-terminal', params: { job: jobId, fingerprint: shown.fingerprint }, category: 'config' });
      }
      io.stderr.write(say(msg('cli-trust-confirm', {}), lang));
      const answer = await readLine(io);
      if (answer.trim().toLowerCase() !== 'yes') {
        report('declined');
        return EXIT_FAILED;
      }
    }
    await pinHostKey(engine.home, host, port, shown);
    report('trusted');
    return EXIT_OK;
  },
};

async function readLine(io: CliIo): Promise<string> {
  io.stdin.setEncoding?.('utf8');
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: string | Buffer) => {
      text += chunk.toString();
      const nl = text.indexOf('\n');
      if (nl >= 0) {
        io.stdin.off('data', onData);
        io.stdin.pause();
        resolve(text.slice(0, nl));
      }
    };
    io.stdin.on('data', onData);
    io.stdin.resume();
  });
}
