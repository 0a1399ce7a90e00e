/**
 * Local and SSH pulls, and the promise that nothing an admin types is executed or parsed as an
 * option: source paths holding `$(…)`, backticks, quotes, ";" and "--options" are copied as plain
 * names over every transport, while a control run (rsync's pre-3.2.4 argument handling through the
 * same shell) shows the "remote shell" really would have run them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { access, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseFilesLocation, type FilesLocation } from '../../../electron/engine/config/files-location.js';
import { KuraError } from '../../../electron/engine/errors.js';
import { runProcess } from '../../../electron/engine/process/run-process.js';
import type { LogLevel } from '../../../electron/engine/progress.js';
import { createToolResolver } from '../../../electron/engine/tools/resolve-tool.js';
import { detectRsync, listTopLevel, pullFiles, type RsyncClient } from '../../../electron/engine/tools/rsync/index.js';
import { startRsyncDaemon, type RsyncDaemon } from '../../harness/rsyncd.js';
import { tempDir } from '../../harness/tmp.js';
import { makeSiteTree, readTree } from './fixtures.js';
import { makeSshShim, type SshShim } from './ssh-shim.js';

const EVIL_NAMES = [
  'x $(touch "$KURA_PWNED") y',
  'a; touch "$KURA_PWNED"; b',
  'q`touch "$KURA_PWNED"`q',
  `'; touch "$KURA_PWNED"; echo '`,
  '--rsh=touch "$KURA_PWNED"',
  '-e touch "$KURA_PWNED" | & > <',
];

let tmp: { path: string; cleanup: () => Promise<void> };
let site: string;
let evilRoot: string;
let pwned: string;
let shim: SshShim;
let client: RsyncClient;
let sshClient: RsyncClient;
let daemon: RsyncDaemon;

function loc(from: string): FilesLocation {
  const r = parseFilesLocation(from);
  if (!r.ok) throw new Error(`${from}: ${r.reason}`);
  return r.location;
}

async function exists(p: string): Promise<boolean> {
  return access(p).then(
    () => true,
    () => false,
  );
}

beforeAll(async () => {
  tmp = await tempDir('kura-rsync-safety-');
  site = join(tmp.path, 'site');
  await makeSiteTree(site);
  evilRoot = join(tmp.path, 'evil');
  for (const name of EVIL_NAMES) {
    await mkdir(join(evilRoot, name), { recursive: true });
    await writeFile(join(evilRoot, name, 'ok.txt'), `${name}\n`);
  }
  pwned = join(tmp.path, 'PWNED');
  // Any shell that runs one of the names above creates this file.
  process.env['KURA_PWNED'] = pwned;
  shim = await makeSshShim(tmp.path);
  client = await detectRsync(createToolResolver());
  sshClient = await detectRsync(createToolResolver({ overrides: { ssh: shim.path } }));
  daemon = await startRsyncDaemon([{ name: 'evil', path: evilRoot }]);
});

afterAll(async () => {
  delete process.env['KURA_PWNED'];
  await daemon?.stop();
  await tmp?.cleanup();
});

describe('pullFiles from a local folder', () => {
  it('copies the tree, and hard-links unchanged files on the next pull', async () => {
    const a = join(tmp.path, 'local-a', 'site');
    const b = join(tmp.path, 'local-b', 'site');
    const r1 = await pullFiles({ client, location: loc(site), password: null, destDir: a, linkDestDir: null, exclude: [] });
    expect(await readTree(a)).toEqual(await readTree(site));
    expect(r1.warnings).toEqual([]);
    const r2 = await pullFiles({ client, location: loc(`${site}/`), password: 'ignored-for-local', destDir: b, linkDestDir: a, exclude: ['cache/'] });
    expect(r2.stats.filesTransferred).toBe(0);
    expect((await stat(join(b, 'big.bin'))).ino).toBe((await stat(join(a, 'big.bin'))).ino);
    expect(await exists(join(b, 'cache'))).toBe(false);
  });

  it('reports a missing local folder as rsync-source-missing', async () => {
    await expect(
      pullFiles({ client, location: loc(join(tmp.path, 'no-such-site')), password: null, destDir: join(tmp.path, 'x'), linkDestDir: null, exclude: [] }),
    ).rejects.toMatchObject({ code: 'rsync-source-missing', category: 'config' });
  });
});

describe('pullFiles over SSH (rsync -e, with a shell standing in for sshd)', () => {
  it('copies the tree with the ssh options Kura promises, the key path kept as one argument', async () => {
    const dest = join(tmp.path, 'ssh-a', 'site');
    const keyPath = join(tmp.path, 'my keys', 'id_ed25519 (shop)');
    const r = await pullFiles({
      client: sshClient,
      location: loc(`kura@127.0.0.1:${site}/`),
      password: 'never-used-for-ssh',
      sshKeyPath: keyPath,
      sshPort: 2222,
      destDir: dest,
      linkDestDir: null,
      exclude: [],
    });
    expect(r.warnings).toEqual([]);
    expect(await readTree(dest)).toEqual(await readTree(site));

    const calls = await shim.invocations();
    const argv = calls.at(-1)!;
    const pairs = (flag: string) => argv.flatMap((a, i) => (a === flag ? [argv[i + 1]] : []));
    expect(pairs('-o')).toEqual(expect.arrayContaining(['BatchMode=yes', 'StrictHostKeyChecking=accept-new', 'IdentitiesOnly=yes']));
    expect(pairs('-p')).toEqual(['2222']);
    expect(pairs('-i')).toEqual([keyPath]);
    expect(pairs('-l')).toEqual(['kura']);
    expect(argv).toContain('127.0.0.1');
    // No -s over SSH (rrsync, the usual restriction of a backup key, refuses it): rsync 3.2.4+
    // escapes the path for the remote shell itself (the next test proves no shell runs it).
    expect(sshClient.supports.escapesArgs).toBe(true);
    expect(argv.join(' ')).toContain(`. ${site}/`);
    expect(argv.join(' ')).toMatch(/--server --sender -[^s ]*\./);
  });

  it('never lets the remote shell run a source path, while the same shell runs it with old argument handling', async () => {
    // Control: rsync's pre-3.2.4 behaviour (--old-args) hands the path to the remote shell as text.
    const control = EVIL_NAMES[0]!;
    const old = client.version.localeCompare('3.2.4', undefined, { numeric: true }) >= 0 ? ['--old-args'] : [];
    await runProcess({ file: client.path, args: ['-r', ...old, '-e', shim.path, '--', `127.0.0.1:${join(evilRoot, control)}/`, join(tmp.path, 'control')] });
    expect(await exists(pwned), 'the stand-in ssh must really execute what reaches it').toBe(true);
    await runProcess({ file: 'rm', args: ['-f', '--', pwned] });

    for (const name of EVIL_NAMES) {
      const dest = join(tmp.path, 'ssh-evil', String(EVIL_NAMES.indexOf(name)));
      await pullFiles({ client: sshClient, location: loc(`127.0.0.1:${join(evilRoot, name)}/`), password: null, destDir: dest, linkDestDir: null, exclude: [] });
      expect(await readTree(dest)).toEqual(await readTree(join(evilRoot, name)));
    }
    expect(await exists(pwned)).toBe(false);
  });
});

describe('nothing an admin types is executed or read as an option', () => {
  it('copies folders named like commands and options from local and daemon sources', async () => {
    for (const [i, name] of EVIL_NAMES.entries()) {
      const fromLocal = join(tmp.path, 'local-evil', String(i));
      await pullFiles({ client, location: loc(join(evilRoot, name)), password: null, destDir: fromLocal, linkDestDir: null, exclude: [] });
      expect(await readTree(fromLocal)).toEqual(await readTree(join(evilRoot, name)));

      const fromDaemon = join(tmp.path, 'daemon-evil', String(i));
      await pullFiles({ client, location: loc(`rsync://127.0.0.1:${daemon.port}/evil/${name}/`), password: null, destDir: fromDaemon, linkDestDir: null, exclude: [`--rsh=touch "${pwned}"`] });
      expect(await readTree(fromDaemon)).toEqual(await readTree(join(evilRoot, name)));
    }
    const listed = await listTopLevel(loc(`rsync://127.0.0.1:${daemon.port}/evil/`), null, { client });
    expect(listed.map((e) => e.name).sort()).toEqual([...EVIL_NAMES].sort());
    expect(await exists(pwned)).toBe(false);
  });

  it.each<[string, FilesLocation]>([
    ['a module that is an option', { kind: 'daemon', user: null, host: '127.0.0.1', port: null, module: '--rsh=touch /tmp/x', path: '' }],
    ['a module with a command substitution', { kind: 'daemon', user: null, host: '127.0.0.1', port: null, module: '$(touch /tmp/x)', path: '' }],
    ['a host that is an ssh option', { kind: 'ssh', user: null, host: '-oProxyCommand=touch /tmp/x', path: '/srv/' }],
    ['a user that is an option', { kind: 'ssh', user: '-e', host: 'example.com', path: '/srv/' }],
    ['a daemon path that climbs out', { kind: 'daemon', user: null, host: '127.0.0.1', port: null, module: 'www', path: '../../etc/' }],
    ['a path with a newline', { kind: 'local', path: '/srv/www\n--rsh=x' }],
    ['a relative local path ("host:path" to rsync)', { kind: 'local', path: 'evil:host' }],
  ])('refuses %s before starting rsync', async (_what, location) => {
    const commands: string[] = [];
    const logger = { log: (_l: LogLevel, m: string) => void (m.startsWith('$ ') && commands.push(m)) };
    const err = await pullFiles({ client, location, password: null, destDir: join(tmp.path, 'refused'), linkDestDir: null, exclude: [], logger }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KuraError);
    expect(err).toMatchObject({ code: 'rsync-unsafe-argument', category: 'config' });
    expect(commands).toEqual([]);
  });
});
