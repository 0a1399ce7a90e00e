import { serverSetup } from '../../engine/server-setup/server-setup.js';
import { EXIT_OK, line, parseCommandArgs, usageError, writeJson, type Command } from '../cli-io.js';
import { cliLanguage, messageJson, say } from '../cli-language.js';
import { msg, nestedMessage } from '../../shared/messages/index.js';

const usage = [
  'kura server-setup <jobId> [--allow <shop IP>] [--web-root <folder>] [--backup-root <folder>]',
  '                  [--secrets-file <file>] [--files-owner <user>] [--backup-owner <user>] [--reuse-passwords] [--json]',
  '  Prints what to paste on the servers (rsyncd.conf modules, rsyncd.secrets lines, MySQL accounts, Redis ACL users).',
  '  New passwords are generated and saved in the keychain at once: paste them before the next backup,',
  '  or use --reuse-passwords to print the ones Kura already has.',
].join('\n');

export const serverSetupCommand: Command = {
  summary: 'cli-summary-server-setup',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        json: { type: 'boolean' },
        allow: { type: 'string' },
        'web-root': { type: 'string' },
        'backup-root': { type: 'string' },
        'secrets-file': { type: 'string' },
        'files-owner': { type: 'string' },
        'backup-owner': { type: 'string' },
        'reuse-passwords': { type: 'boolean' },
      },
      usage,
    );
    if (positionals.length !== 1) throw usageError(msg('cli-expected-job-id', {}), usage);
    const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
    const engine = io.engine();
    const lang = await cliLanguage(io);
    const report = await serverSetup({ home: engine.home, secrets: engine.secrets }, positionals[0]!, {
      allowFrom: str('allow'),
      webRoot: str('web-root'),
      backupRoot: str('backup-root'),
      secretsFile: str('secrets-file'),
      filesOwner: str('files-owner'),
      backupOwner: str('backup-owner'),
      reusePasswords: Boolean(values['reuse-passwords']),
      language: lang,
    });
    if (values.json) {
      writeJson(io, {
        ...report,
        snippets: report.snippets.map((s) => ({ ...s, title: messageJson(s.title, lang), where: messageJson(s.where, lang), notes: s.notes.map((n) => messageJson(n, lang)) })),
        passwordsStored: report.passwordsStored.map((p) => ({ ...p, for: messageJson(p.for, lang) })),
        configChanges: report.configChanges.map((c) => messageJson(c, lang)),
      });
      return EXIT_OK;
    }
    if (report.snippets.length === 0) line(io, say(msg('cli-setup-nothing', { job: report.jobId }), lang));
    for (const s of report.snippets) {
      line(io, `=== ${say(s.title, lang)}`);
      line(io, say(msg('cli-setup-where', { where: nestedMessage(s.where) }), lang));
      line(io, '');
      io.stdout.write(s.content.endsWith('\n') ? s.content : s.content + '\n');
      if (s.then.length) {
        line(io, '');
        line(io, say(msg('cli-setup-then', {}), lang));
        for (const c of s.then) line(io, `  ${c}`);
      }
      for (const n of s.notes) line(io, say(msg('cli-setup-note', { note: nestedMessage(n) }), lang));
      line(io, '');
    }
    for (const p of report.passwordsStored) line(io, say(msg('cli-setup-password-saved', { ref: p.ref, what: nestedMessage(p.for) }), lang));
    for (const c of report.configChanges) line(io, `config.json: ${say(c, lang)}`);
    if (report.passwordsStored.length) line(io, say(msg('cli-setup-passwords-next-run', {}), lang));
    return EXIT_OK;
  },
};
