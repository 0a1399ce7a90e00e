import { passwordRefsOf } from '../../engine/config/password-refs.js';
import { runDoctor } from '../../engine/doctor.js';
import { EXIT_FAILED, EXIT_OK, line, parseCommandArgs, writeJson, type Command } from '../cli-io.js';

const usage = 'kura doctor [--json]';

export const doctorCommand: Command = {
  summary: 'Check the tools Kura needs (rsync/cwRsync, mysqldump/mariadb-dump, mysql), the keychain, and where each password comes from',
  usage,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { json: { type: 'boolean' } }, usage);
    const engine = io.engine();
    const refs = passwordRefsOf(await engine.loadConfig());
    const report = await runDoctor(engine.home, await engine.tools(), engine.secrets, refs);
    if (values.json) writeJson(io, report);
    else {
      line(io, `Kura ${report.kuraVersion} on ${report.platform}, Node ${report.node}`);
      line(io, `State folder: ${report.home}`);
      for (const c of report.checks) line(io, `  ${c.ok ? 'ok     ' : 'MISSING'} ${c.name.padEnd(13)} ${c.detail}`);
      if (report.secrets.length > 0) line(io, 'Passwords (config.json refs):');
      for (const s of report.secrets) {
        line(io, `  ${s.source ? 'ok     ' : 'MISSING'} ${s.ref.padEnd(13)} ${s.source ?? s.problem ?? `not stored: kura secret set ${s.ref}, or a LoadCredential= line for it (kura daemon --print-unit)`}`);
      }
    }
    return report.checks.every((c) => c.ok) && report.secrets.every((s) => s.source !== null) ? EXIT_OK : EXIT_FAILED;
  },
};
