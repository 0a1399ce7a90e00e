/**
 * Runs under Windows Node in the Windows job: Kura starts "cwRsync" (the fake rsync.exe, which
 * records the command line Windows hands it) for every path shape that Cygwin reads something
 * into, and the recorded command line, split the way cygwin1.dll splits it, must be exactly the
 * argv Kura built. Also: a missing program is `tool-missing`, never cmd.exe's exit 9009.
 */
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FilesLocation } from '../../../electron/engine/config/files-location.js';
import { runProcess } from '../../../electron/engine/process/run-process.js';
import { detectRsync } from '../../../electron/engine/tools/rsync/detect-rsync.js';
import { buildPullArgs, buildPushArgs } from '../../../electron/engine/tools/rsync/rsync-args.js';
import { runRsync } from '../../../electron/engine/tools/rsync/run-rsync.js';
import { buildSshCommand } from '../../../electron/engine/tools/rsync/ssh-command.js';
import { createToolResolver } from '../../../electron/engine/tools/resolve-tool.js';
import { cygwinSplit } from '../../harness/cygwin-argv-model.js';

const fake = process.env['KURA_WIN_FAKE_RSYNC'];
const onWindowsJob = process.platform === 'win32' && Boolean(fake);
const log = join(tmpdir(), `kura-fake-rsync-${process.pid}.log`);

async function lastCommandLine(): Promise<string> {
  const lines = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
  return lines[lines.length - 1]!;
}

const client = { path: fake ?? '', version: '3.4.1', protocol: 32, flavour: 'cwrsync' as const, platform: 'win32' as const, supports: { infoProgress2: true }, sshPath: null, knownHostsFile: null };

/** Local folders (as an admin types them) whose names Cygwin would misread. */
const LOCAL_SOURCES = [
  "C:\\shop\\O'Neil\\www",
  'C:\\shop\\[2024]\\www',
  'C:\\shop\\{a,b}\\www',
  'C:\\shop\\セール 2024\\商品画像',
  'C:\\shop\\100% & a^b (copy)',
  '\\\\nas\\share\\shop site',
  'C:\\shop\\~root',
  'C:\\shop\\@list',
];
const EXCLUDES = ['*.log', 'cache?/', '{tmp,old}/', '[Tt]humbs.db', "O'Neil's/", 'a b/'];

describe.skipIf(!onWindowsJob)('cwRsync command lines, as Windows hands them over (Wine)', () => {
  beforeAll(() => {
    process.env['KURA_FAKE_RSYNC_LOG'] = log;
  });
  afterEach(async () => {
    delete process.env['KURA_FAKE_RSYNC_EXIT'];
    delete process.env['KURA_FAKE_RSYNC_STDERR'];
  });

  it('detects the fake as cwRsync 3.4.1 through the same quoting', async () => {
    const found = await detectRsync(createToolResolver({ overrides: { rsync: fake! } }));
    expect(found).toMatchObject({ flavour: 'cwrsync', version: '3.4.1' });
  });

  it.each(LOCAL_SOURCES)('pulls %s with every argument intact', async (from) => {
    const location: FilesLocation = { kind: 'local', path: from };
    const args = buildPullArgs({
      client,
      location,
      destDir: "D:\\Kura Backups\\shop\\2026-01-01T00-00-00Z.partial\\files\\www",
      linkDestDir: "D:\\Kura Backups\\shop\\[old] O'Neil\\files\\www",
      exclude: EXCLUDES,
    });
    await runRsync({ client, args, operation: 'pull', location, password: null });
    expect(cygwinSplit(await lastCommandLine(), { existing: ['/cygdrive/c/shop/2/www/', 'root', 'list'] })).toEqual([fake, ...args]);
  });

  it('keeps the ssh command (-e) one argument, with a key and a known-hosts file under awkward folders', async () => {
    const location: FilesLocation = { kind: 'ssh', user: 'web', host: 'shop.example.jp', path: "/var/www/O'Neil [2024]/" };
    const sshCommand =
      buildSshCommand({ sshPath: 'C:\\Program Files\\Kura\\resources\\bin\\win\\bin\\ssh.exe', flavour: 'cwrsync', keyPath: "C:\\Users\\山田 太郎\\.ssh\\O'Neil key", port: 2222 }) +
      ` -o ${'"UserKnownHostsFile=/cygdrive/c/Users/山田 太郎/AppData/Roaming/Kura/known_hosts\'s"'}`;
    const args = buildPullArgs({ client, location, destDir: 'D:\\Backups\\x', linkDestDir: null, exclude: [], sshCommand });
    await runRsync({ client, args, operation: 'pull', location, password: null });
    const argv = cygwinSplit(await lastCommandLine());
    expect(argv).toEqual([fake, ...args]);
    expect(argv[argv.indexOf('-e') + 1]).toBe(sshCommand);
  });

  it('pushes a restore to a daemon module with a relative path and patterns intact', async () => {
    const location: FilesLocation = { kind: 'daemon', user: 'kura', host: '127.0.0.1', port: 8730, module: 'www', path: "images/O'Neil {sale}" };
    const args = buildPushArgs({ client, fromDir: 'C:\\Kura\\shop\\snap\\files\\www', location, mode: 'merge', exclude: EXCLUDES, relativePath: 'images/[2024]' });
    await runRsync({ client, args, operation: 'push', location, password: 'pw' });
    expect(cygwinSplit(await lastCommandLine())).toEqual([fake, ...args]);
  });

  it("reports cwRsync's own failure from its exit code and stderr", async () => {
    process.env['KURA_FAKE_RSYNC_EXIT'] = '5';
    process.env['KURA_FAKE_RSYNC_STDERR'] = '@ERROR: auth failed on module www';
    const location: FilesLocation = { kind: 'daemon', user: 'kura', host: '127.0.0.1', port: 8730, module: 'www', path: '' };
    const args = buildPullArgs({ client, location, destDir: 'D:\\x', linkDestDir: null, exclude: [] });
    await expect(runRsync({ client, args, operation: 'pull', location, password: 'pw' })).rejects.toMatchObject({ code: 'rsync-auth-failed' });
  });

  it('a missing program is tool-missing (no cmd.exe, no exit 9009), and a batch file is refused', async () => {
    await expect(runProcess({ file: 'kura-no-such-program', args: ['x'] })).rejects.toMatchObject({ code: 'tool-missing' });
    await expect(runProcess({ file: 'C:\\nowhere\\rsync.exe', args: [] })).rejects.toMatchObject({ code: 'tool-missing' });
    await expect(runProcess({ file: 'C:\\windows\\something.cmd', args: [] })).rejects.toMatchObject({ code: 'tool-missing', message: expect.stringMatching(/batch file/) });
    // A program on PATH is found and started directly.
    const r = await runProcess({ file: 'cmd', args: ['/c', 'exit 3'] });
    expect(r.exitCode).toBe(3);
  });

  it('cleans up', async () => {
    await rm(log, { force: true });
  });
});
