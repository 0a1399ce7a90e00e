import { describe, expect, it } from 'vitest';
import { runProcess, startProcess } from '../../../electron/engine/process/run-process.js';
import { formatCommand, redact } from '../../../electron/engine/process/redact.js';

// The child programs are Node itself (process.execPath -e …): these run on Linux and, in the
// Windows job, under Windows Node, where `sh` and `sleep` do not exist.
const node = process.execPath;

describe('runProcess', () => {
  it('returns exit codes instead of throwing, with stderr captured', async () => {
    const r = await runProcess({ file: node, args: ['-e', 'process.stdout.write("out\\n"); process.stderr.write("err\\n"); process.exitCode = 3'] });
    expect(r).toMatchObject({ exitCode: 3, stdout: 'out\n', stderr: 'err\n', cancelled: false });
  });

  it('throws tool-missing when the program does not exist', async () => {
    await expect(runProcess({ file: 'kura-no-such-tool', args: [] })).rejects.toMatchObject({ code: 'tool-missing' });
  });

  it('cancels through an AbortSignal', async () => {
    const ac = new AbortController();
    const p = startProcess({ file: node, args: ['-e', 'setTimeout(() => {}, 30000)'] }, { signal: ac.signal });
    setTimeout(() => ac.abort(), 100);
    const r = await p.result;
    expect(r.cancelled).toBe(true);
    expect(r.exitCode).toBeNull();
    expect(r.durationMs).toBeLessThan(10_000);
  });

  it('passes secrets by environment and masks them in output', async () => {
    const r = await runProcess({
      file: node,
      args: ['-e', 'process.stderr.write(`pw=${process.env.KURA_T}\\n`)'],
      env: { KURA_T: 'hunter2' },
      secrets: ['hunter2'],
    });
    expect(r.stderr).toBe('pw=***\n');
  });
});

describe('redact', () => {
  it('masks known secrets, URL passwords and secret variables', () => {
    expect(redact('x hunter2 y', ['hunter2'])).toBe('x *** y');
    expect(redact('rsync://web:pa55@host/www')).toBe('rsync://web:***@host/www');
    expect(redact('RSYNC_PASSWORD=abc rsync')).toBe('RSYNC_PASSWORD=*** rsync');
    expect(formatCommand('mysqldump', ['--defaults-extra-file=/tmp/x', 'my db'])).toBe("mysqldump --defaults-extra-file=/tmp/x 'my db'");
  });
});
