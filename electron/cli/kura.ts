/**
 * The entry point of the built `kura` command (out/cli/kura.js, started by bin/kura.js, by the
 * installed app's kura.cmd / kura launcher, or by `npm install -g`): wires process signals and
 * streams to main(). Kept apart from main.ts so that tests can import main() without running it.
 */
import { main } from './main.js';

const controller = new AbortController();
let interrupts = 0;
const onSignal = (sig: NodeJS.Signals) => {
  interrupts++;
  if (interrupts > 1) process.exit(130);
  process.stderr.write(`\n${sig}: stopping…\n`);
  controller.abort(new DOMException(`Interrupted by ${sig}`, 'AbortError'));
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  signal: controller.signal,
});
