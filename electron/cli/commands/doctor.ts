import { passwordRefsOf } from '../../engine/config/password-refs.js';
import { runDoctor } from '../../engine/doctor.js';
import { EXIT_FAILED, EXIT_OK, line, parseCommandArgs, writeJson, type Command } from '../cli-io.js';
import { cliLanguage, messageJson, say } from '../cli-language.js';
import { msg } from '../../shared/messages/index.js';

const usage = 'kura doctor [--json]';

export const doctorCommand: Command = {
  summary: 'cli-summary-doctor',
  usage,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { json: { type: 'boolean' } }, usage);
    const engine = io.engine();
    const refs = passwordRefsOf(await engine.loadConfig());
    const report = await runDoctor(engine.home, await engine.tools(), engine.secrets, refs);
    const lang = await cliLanguage(io);
    if (values.json) {
      writeJson(io, {
        ...report,
        checks: report.checks.map((c) => ({ ...c, detail: messageJson(c.detail, lang) })),
        secrets: report.secrets.map((x) => ({ ...x, ...(x.problem ? { problem: messageJson(x.problem, lang) } : {}) })),
      });
    }
    else {
      line(io, say(msg('cli-doctor-headline', { version: report.kuraVersion, platform: report.platform, node: report.node }), lang));
      line(io, say(msg('cli-doctor-home', { path: report.home }), lang));
      const mark = (ok: boolean) => say(msg(ok ? 'cli-mark-ok' : 'cli-mark-missing', {}), lang).padEnd(7);
      for (const c of report.checks) line(io, `  ${mark(c.ok)} ${c.name.padEnd(13)} ${say(c.detail, lang)}`);
      if (report.secrets.length > 0) line(io, say(msg('cli-doctor-passwords', {}), lang));
      for (const s of report.secrets) {
        line(io, `  ${mark(s.source !== null)} ${s.ref.padEnd(13)} ${s.source ?? (s.problem ? say(s.problem, lang) : undefined) ?? say(msg('cli-doctor-not-stored', { command: `kura secret set ${s.ref}` }), lang)}`);
      }
    }
    return report.checks.every((c) => c.ok) && report.secrets.every((s) => s.source !== null) ? EXIT_OK : EXIT_FAILED;
  },
};
