import { runDoctor } from '../../engine/doctor.js';
import { EXIT_FAILED, EXIT_OK, line, parseCommandArgs, writeJson, type Command } from '../cli-io.js';

const usage = 'kura doctor [--json]';

export const doctorCommand: Command = {
  summary: 'Check the tools Kura needs (rsync/cwRsync, mysqldump/mariadb-dump, mysql) and the keychain',
  usage,
  async run(args, io) {
    const { values } = parseCommandArgs(args, { json: { type: 'boolean' } }, usage);
    const engine = io.engine();
    const report = await runDoctor(engine.home, await engine.tools(), engine.secrets);
    if (values.json) writeJson(io, report);
    else {
      line(io, `Kura ${report.kuraVersion} on ${report.platform}, Node ${report.node}`);
      line(io, `State folder: ${report.home}`);
      for (const c of report.checks) line(io, `  ${c.ok ? 'ok     ' : 'MISSING'} ${c.name.padEnd(13)} ${c.detail}`);
    }
    return report.checks.every((c) => c.ok) ? EXIT_OK : EXIT_FAILED;
  },
};
