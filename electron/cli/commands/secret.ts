import { EXIT_FAILED, EXIT_OK, line, parseCommandArgs, usageError, type CliIo, type Command } from '../cli-io.js';
import { msg } from '../../shared/messages/index.js';
import { cliLanguage, say } from '../cli-language.js';

const usage = 'kura secret set <ref>   (reads the secret from stdin)\n       kura secret delete <ref>';

export const secretCommand: Command = {
  summary: 'cli-summary-secret',
  usage,
  async run(args, io) {
    const { positionals } = parseCommandArgs(args, {}, usage);
    const [action, ref] = positionals;
    if (!ref || positionals.length !== 2 || !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(ref)) {
      throw usageError(msg('cli-secret-action', {}), usage);
    }
    const secrets = io.engine().secrets;
    const lang = await cliLanguage(io);
    switch (action) {
      case 'set': {
        const value = await readSecret(io, say(msg('cli-secret-prompt', { ref }), lang));
        if (value === '') throw usageError(msg('cli-secret-empty', {}), usage);
        await secrets.set(ref, value);
        io.stderr.write(`${say(msg('cli-secret-stored', { ref }), lang)}\n`);
        return EXIT_OK;
      }
      case 'delete': {
        const deleted = await secrets.delete(ref);
        line(io, say(msg(deleted ? 'cli-secret-deleted' : 'cli-secret-none', { ref }), lang));
        return deleted ? EXIT_OK : EXIT_FAILED;
      }
      default:
        throw usageError(msg('cli-unknown-action', { action: String(action) }), usage);
    }
  },
};

/** Reads one secret: from a pipe as-is (minus the final newline), from a terminal without echo. */
export async function readSecret(io: CliIo, prompt: string): Promise<string> {
  const stdin = io.stdin;
  if (stdin.isTTY && stdin.setRawMode) {
    io.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    try {
      return await new Promise<string>((resolve, reject) => {
        let value = '';
        const onData = (chunk: string) => {
          for (const ch of chunk) {
            if (ch === '\r' || ch === '\n') {
              stdin.off('data', onData);
              io.stderr.write('\n');
              return resolve(value);
            }
            if (ch === '\u0003') {
              stdin.off('data', onData);
              return reject(new Error('Cancelled.'));
            }
            if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
            else value += ch;
          }
        };
        stdin.on('data', onData);
        stdin.resume();
      });
    } finally {
      stdin.setRawMode(false);
      stdin.pause();
    }
  }
  let text = '';
  for await (const chunk of stdin) text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
  return text.replace(/\r?\n$/, '');
}
