/**
 * A server without a desktop: `kura daemon --print-unit` prints a systemd unit, and `kura daemon`
 * started the way that unit starts it — its Environment=, its ExecStart=, and the passwords systemd
 * would copy from the LoadCredential= files into $CREDENTIALS_DIRECTORY — runs a scheduled backup
 * with no keychain at all (the D-Bus session is pointed nowhere). systemd is not PID 1 here, so the
 * test does by hand what systemd would do.
 */
import { chmod, copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDENTIALS_FOLDER } from '../../../electron/cli/service-unit.js';
import { startProcess } from '../../../electron/engine/process/run-process.js';
import { runKura } from '../../harness/kura-cli.js';
import { startRedis, type RedisServer } from '../../harness/redis.js';
import { tempDir } from '../../harness/tmp.js';

const PW = "unit 'redis' pw " + Math.random().toString(36).slice(2);

/** systemd's splitting of ExecStart= (double quotes with \ escapes; enough for what Kura prints). */
function words(line: string): string[] {
  return [...line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)].map((m) => (m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!));
}

describe('kura daemon under its printed systemd unit', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let redis: RedisServer;
  let home: string;
  beforeAll(async () => {
    work = await tempDir('kura-unit-');
    await mkdir(join(work.path, 'backups')); // the backup disk exists before a job uses it
    redis = await startRedis({ password: PW });
    home = join(work.path, 'home');
    await mkdir(home);
    await writeFile(
      join(home, 'config.json'),
      JSON.stringify({
        version: 1,
        jobs: [
          {
            id: 'shop',
            name: 'Server shop',
            destination: { path: join(work.path, 'backups') },
            sources: [{ id: 'cache', type: 'redis', host: '127.0.0.1', port: redis.port, passwordRef: 'shop-redis' }],
            schedule: { cron: '* * * * * *' },
            retention: { keepLast: 2, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 },
          },
        ],
      }),
    );
  });
  afterAll(async () => {
    await redis?.stop();
    await work?.cleanup();
  });

  it('runs a scheduled backup with its password from systemd credentials, none in config.json or argv', async () => {
    const printed = await runKura(['daemon', '--print-unit'], { KURA_HOME: home });
    expect(printed.code, printed.stderr).toBe(0);
    const unit = printed.stdout;
    expect(unit).toContain('[Service]');
    expect(unit).toContain(`LoadCredential=shop-redis:${CREDENTIALS_FOLDER}/shop-redis`);

    // The admin's part: the password in a root-only 0600 file where the unit says (a stand-in for /etc here).
    const etc = join(work.path, 'etc-kura-credentials');
    await mkdir(etc, { mode: 0o700 });
    await writeFile(join(etc, 'shop-redis'), PW + '\n', { mode: 0o600 });

    // systemd's part: copy each LoadCredential= file into a private folder, set the unit's environment.
    const credentials = join(work.path, 'run-credentials-kura.service');
    await mkdir(credentials, { mode: 0o700 });
    for (const [, ref, source] of unit.matchAll(/^LoadCredential=([^:]+):(.+)$/gm)) {
      const target = join(credentials, ref!);
      await copyFile(source!.replace(CREDENTIALS_FOLDER, etc), target);
      await chmod(target, 0o400);
    }
    const env: Record<string, string | undefined> = { CREDENTIALS_DIRECTORY: credentials, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/kura-no-keychain' };
    for (const [, assignment] of unit.matchAll(/^Environment=(.+)$/gm)) {
      const [kv] = words(assignment!);
      env[kv!.slice(0, kv!.indexOf('='))] = kv!.slice(kv!.indexOf('=') + 1);
    }
    expect(env['KURA_HOME']).toBe(home);
    const [file, ...args] = words(/^ExecStart=(.+)$/m.exec(unit)![1]!);

    // kura doctor in the same environment says where the password comes from.
    const doctor = await runKura(['doctor', '--json'], env as Record<string, string>);
    const report = doctor.json as { secrets: { ref: string; source: string | null }[]; checks: { name: string; ok: boolean; detail: string }[] };
    expect(report.secrets).toEqual([{ ref: 'shop-redis', source: `systemd credentials (${join(credentials, 'shop-redis')})` }]);
    expect(report.checks.find((c) => c.name === 'keychain')).toMatchObject({ ok: true, detail: expect.stringContaining('systemd credentials') });

    const daemon = startProcess({ file: file!, args, env }, { stdout: 'capture' });
    try {
      const historyFile = join(home, 'history', 'shop.jsonl');
      const deadline = Date.now() + 60_000;
      let records: { status: string }[] = [];
      while (Date.now() < deadline) {
        records = (await readFile(historyFile, 'utf8').catch(() => ''))
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { status: string });
        if (records.some((r) => r.status === 'success' || r.status === 'failed')) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(records.filter((r) => r.status === 'failed')).toEqual([]);
      expect(records.some((r) => r.status === 'success')).toBe(true);
    } finally {
      daemon.kill('SIGTERM');
    }
    const r = await daemon.result;
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.command).not.toContain(PW);
    expect(await readFile(join(home, 'config.json'), 'utf8')).not.toContain(PW);
    const snapshots = (await readdir(join(work.path, 'backups', 'shop'))).filter((n) => /^\d{4}-/.test(n) && !n.includes('.'));
    expect(snapshots.length).toBeGreaterThanOrEqual(1);
  });

  it('refuses to change a password that comes from the credentials (the file named in the unit is the place)', async () => {
    const credentials = join(work.path, 'run-credentials-kura.service');
    const r = await runKura(['secret', 'set', 'shop-redis'], { KURA_HOME: home, CREDENTIALS_DIRECTORY: credentials }, 'new-password');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('comes from systemd credentials');
    expect(r.stderr).toContain('LoadCredential=');
  });
});
