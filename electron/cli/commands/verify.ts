import { EXIT_FAILED, EXIT_OK, line, parseCommandArgs, usageError, writeJson, type Command } from '../cli-io.js';
import { cliLanguage, errorInfoSentences, errorJson, messageJson, render, say } from '../cli-language.js';
import { checksJson, printCheck } from '../restore-output.js';
import { msg, nestedMessage } from '../../shared/messages/index.js';

const usage = [
  'kura verify <jobId> <snapshotId|latest> [--restore-test] [--json]',
  '       kura verify <jobId> <snapshotId|latest|all> --offsite [--target <id>] [--full] [--json]',
  '         (the copies at the job’s off-site targets: every object there with the right size, a sample decrypted and hashed;',
  '          --full: every byte decrypted and hashed)',
].join('\n');

export const verifyCommand: Command = {
  summary: 'cli-summary-verify',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      { json: { type: 'boolean' }, 'restore-test': { type: 'boolean' }, offsite: { type: 'boolean' }, target: { type: 'string' }, full: { type: 'boolean' } },
      usage,
    );
    if (positionals.length !== 2) throw usageError(msg('cli-expected-job-and-snapshot', {}), usage);
    const [jobId, snapshotId] = positionals as [string, string];
    if ((values.target || values.full) && !values.offsite) throw usageError(msg('cli-target-full-offsite', {}), usage);
    if (values.offsite) {
      const report = await io.engine().verifyOffsite(jobId, snapshotId, { target: typeof values.target === 'string' ? values.target : undefined, full: Boolean(values.full), signal: io.signal });
      const lang = await cliLanguage(io);
      // Each item's finding is a message (code + facts): --json adds its text in the CLI's language.
      if (values.json) {
        writeJson(io, {
          status: report.ok ? 'ok' : 'failed',
          ...report,
          targets: report.targets.map((t) => ({
            ...t,
            error: t.error ? errorJson(t.error, lang) : null,
            snapshots: t.snapshots.map((s) => ({ ...s, items: s.items.map((i) => ({ ...i, detail: messageJson(i.detail, lang) })) })),
          })),
        });
      } else {
        for (const t of report.targets) {
          if (t.error) {
            const { message, hint } = errorInfoSentences(t.error, lang);
            line(io, say(msg('cli-offsite-unchecked', { target: t.target, to: t.to, error: message }), lang));
            if (hint) line(io, `    ${say(msg('cli-what-to-do', { hint }), lang)}`);
            continue;
          }
          for (const s of t.snapshots) {
            const depth = s.depth === 'full' ? msg('cli-offsite-depth-full', {}) : msg('cli-offsite-depth-sample', { decrypted: s.decrypted, objects: s.objects });
            const result = msg(s.ok ? 'cli-offsite-ok' : 'cli-offsite-problems', {});
            line(io, say(msg('cli-offsite-snapshot', { target: t.target, to: t.to, snapshot: s.snapshotId, result: nestedMessage(result), depth: nestedMessage(depth) }), lang));
            for (const i of s.items) {
              const where = i.path || say(msg('cli-offsite-whole-snapshot', {}), lang);
              line(io, `  ${say(msg(i.ok ? 'cli-mark-ok' : 'cli-mark-failed', {}), lang)} ${where}: ${say(i.detail, lang)}`);
            }
          }
        }
      }
      return report.ok ? EXIT_OK : EXIT_FAILED;
    }
    if (values['restore-test']) {
      const report = await io.engine().restoreTest(jobId, snapshotId, io.signal);
      const lang = await cliLanguage(io);
      // Each check is a message (code + facts): --json adds its text in the CLI's language.
      if (values.json) writeJson(io, { status: report.ok ? 'ok' : 'failed', ...report, items: report.items.map((i) => ({ ...i, checks: checksJson(lang, i.checks) })) });
      else {
        line(
          io,
          report.ok && report.verifiedAt
            ? render(lang, 'cli-restore-test-passed', { snapshot: report.snapshotId, at: report.verifiedAt }).message
            : render(lang, 'cli-restore-test-failed', { snapshot: report.snapshotId }).message,
        );
        for (const i of report.items) {
          line(io, `  ${render(lang, i.ok ? 'cli-check-ok' : 'cli-check-failed', {}).message} ${i.path}`);
          for (const c of i.checks) if (!c.ok || !i.ok) printCheck(io, lang, c, '      ');
        }
      }
      return report.ok ? EXIT_OK : EXIT_FAILED;
    }
    const check = await io.engine().verify(jobId, snapshotId, io.signal);
    const lang = await cliLanguage(io);
    // Green means every byte checked: an item that checks out with caveats (files that may be torn,
    // a tree from an older Kura checked by count only) is a warning, never "verified".
    const caveats = check.items.some((i) => i.warnings.length > 0);
    const status = !check.ok ? 'failed' : caveats ? 'warning' : 'ok';
    if (values.json) {
      writeJson(io, { status, ...check, items: check.items.map((i) => ({ ...i, detail: messageJson(i.detail, lang), warnings: i.warnings.map((w) => messageJson(w, lang)) })) });
    }
    else {
      line(io, say(msg(status === 'ok' ? 'cli-verify-ok' : status === 'warning' ? 'cli-verify-warning' : 'cli-verify-failed', { snapshot: check.snapshotId }), lang));
      for (const i of check.items) {
        line(io, `  ${say(msg(!i.ok ? 'cli-mark-failed' : i.warnings.length ? 'cli-mark-warn' : 'cli-mark-ok', {}), lang)} ${i.path}: ${say(i.detail, lang)}`);
        for (const w of i.warnings) line(io, `         ${say(w, lang)}`);
      }
    }
    return check.ok ? EXIT_OK : EXIT_FAILED;
  },
};
