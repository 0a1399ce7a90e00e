/**
 * The entry point of the built `kura` command (out/cli/kura.js, started by bin/kura.js, by the
 * installed app's kura.cmd / kura launcher, or by `npm install -g`): wires process signals and
 * streams to main(). Kept apart from main.ts so that tests can import main() without running it.
 */
import { main } from './main.js';

/**
 * `kura run shop | head -1`: once the reader is gone, further writes fail with EPIPE. That must not
 * crash Kura with a stack trace — and must not stop a backup half-way either: the run finishes, its
 * remaining output is dropped, and the exit code still says how it went.
 */
function ignoreClosedOutput(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    stream.write = (() => true) as typeof stream.write;
  });
}

const controller = new AbortController();
let interrupts = 0;
const onSignal = (sig: NodeJS.Signals) => {
  interrupts++;
  if (interrupts > 1) process.exit(130);
  controller.abort(new DOMException(`Interrupted by ${sig}`, 'AbortError'));
  // Said in the admin's language; the catalogue is loaded only now (a signal handler cannot wait for it).
  void sayStopping(sig);
};
async function sayStopping(sig: NodeJS.Signals): Promise<void> {
  try {
    const [{ languageAtHome, say }, { msg }, { kuraHome }] = await Promise.all([import('./cli-language.js'), import('../shared/messages/index.js'), import('../engine/paths.js')]);
    process.stderr.write(`\n${say(msg('cli-stopping', { signal: sig }), await languageAtHome(kuraHome(process.env), process.env))}\n`);
  } catch {
    process.stderr.write(`\n${sig}\n`);
  }
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
ignoreClosedOutput(process.stdout);
ignoreClosedOutput(process.stderr);
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  signal: controller.signal,
});
