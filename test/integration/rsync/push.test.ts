/**
 * pushFiles (restores, off-site copies) against a real rsync daemon, a local folder and SSH:
 * sub-paths, mirror vs merge, excludes protecting target files, and a read-only module.
 */
import { english } from '../../../electron/shared/messages/render.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmod, mkdir, readFile, writeFile, access } from 'node:fs/promises';
import { join } from 'node:path';
import { parseFilesLocation, type FilesLocation } from '../../../electron/engine/config/files-location.js';
import { createToolResolver } from '../../../electron/engine/tools/resolve-tool.js';
import { detectRsync, pushFiles, type RsyncClient } from '../../../electron/engine/tools/rsync/index.js';
import { startRsyncDaemon, type RsyncDaemon } from '../../harness/rsyncd.js';
import { tempDir } from '../../harness/tmp.js';
import { makeSiteTree, readTree } from './fixtures.js';
import { makeSshShim } from './ssh-shim.js';

const PASSWORD = 'restore-pw';

let tmp: { path: string; cleanup: () => Promise<void> };
let snapshot: string;
let writable: string;
let daemon: RsyncDaemon;
let client: RsyncClient;

function loc(from: string): FilesLocation {
  const r = parseFilesLocation(from);
  if (!r.ok) throw new Error(english(r.problem));
  return r.location;
}

const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

beforeAll(async () => {
  tmp = await tempDir('kura-rsync-push-');
  snapshot = join(tmp.path, 'snapshot', 'files', 'www');
  await makeSiteTree(snapshot);
  writable = join(tmp.path, 'server-www');
  await mkdir(writable);
  await chmod(tmp.path, 0o755);
  daemon = await startRsyncDaemon([
    // Without chroot a daemon "munges" uploaded symlinks (prefix /rsyncd-munged/) unless told not to:
    // a restore module needs this line for links to come back as they were.
    { name: 'restore', path: writable, readOnly: false, authUsers: { web: PASSWORD }, extra: ['munge symlinks = no'] },
    { name: 'www', path: writable, authUsers: { web: PASSWORD } },
  ]);
  client = await detectRsync(createToolResolver());
});

afterAll(async () => {
  await daemon?.stop();
  await tmp?.cleanup();
});

describe('pushFiles', () => {
  it('restores a snapshot into a daemon module sub-folder, then mirrors (deleting extras except excluded ones)', async () => {
    const location = loc(`rsync://web@127.0.0.1:${daemon.port}/restore/`);
    const r1 = await pushFiles({ client, fromDir: snapshot, location, subPath: '復元 2024', mode: 'merge', password: PASSWORD });
    expect(r1.warnings).toEqual([]);
    expect(r1.stats.filesTransferred).toBeGreaterThan(5);
    const target = join(writable, '復元 2024');
    expect(await readTree(target)).toEqual(await readTree(snapshot));

    await writeFile(join(target, 'added-after-backup.txt'), 'extra\n');
    await writeFile(join(target, 'cache', 'new-cache.html'), 'cache\n');

    await pushFiles({ client, fromDir: snapshot, location, subPath: '復元 2024', mode: 'merge', password: PASSWORD });
    expect(await exists(join(target, 'added-after-backup.txt'))).toBe(true);

    await pushFiles({ client, fromDir: snapshot, location, subPath: '復元 2024', mode: 'mirror', password: PASSWORD, exclude: ['cache/'] });
    expect(await exists(join(target, 'added-after-backup.txt'))).toBe(false);
    expect(await readFile(join(target, 'cache', 'new-cache.html'), 'utf8')).toBe('cache\n');
    expect(await readFile(join(target, 'public_html', 'index.html'), 'utf8')).toBe('<h1>いらっしゃいませ</h1>\n');
  });

  it('reports a read-only module as rsync-module-read-only (restores need "read only = no")', async () => {
    // No port in the "::" spelling: the default 873 has no daemon, so use the test daemon's port.
    const err2 = await pushFiles({
      client,
      fromDir: snapshot,
      location: { ...(loc('web@127.0.0.1::www') as Extract<FilesLocation, { kind: 'daemon' }>), port: daemon.port },
      daemonSpelling: 'double-colon',
      mode: 'merge',
      password: PASSWORD,
    }).catch((e: unknown) => e);
    expect(err2).toMatchObject({ code: 'rsync-module-read-only', category: 'config' });
    expect((err2 as Error).message).toContain('read-only');
  });

  it('reports a wrong password on push as rsync-auth-failed', async () => {
    await expect(
      pushFiles({ client, fromDir: snapshot, location: loc(`rsync://web@127.0.0.1:${daemon.port}/restore/`), mode: 'merge', password: 'nope' }),
    ).rejects.toMatchObject({ code: 'rsync-auth-failed', category: 'auth' });
  });

  it('copies to a local folder and over SSH', async () => {
    const localTarget = join(tmp.path, 'offsite');
    await pushFiles({ client, fromDir: snapshot, location: loc(localTarget), mode: 'mirror', password: null });
    expect(await readTree(localTarget)).toEqual(await readTree(snapshot));

    const shim = await makeSshShim(tmp.path);
    const sshClient = await detectRsync(createToolResolver({ overrides: { ssh: shim.path } }));
    const sshTarget = join(tmp.path, 'ssh target');
    await mkdir(sshTarget);
    await pushFiles({ client: sshClient, fromDir: snapshot, location: loc(`deploy@127.0.0.1:${sshTarget}`), subPath: 'www', mode: 'merge', password: null, sshPort: 22 });
    expect(await readTree(join(sshTarget, 'www'))).toEqual(await readTree(snapshot));
  });

  it('reports a missing snapshot folder as rsync-source-missing', async () => {
    await expect(
      pushFiles({ client, fromDir: join(tmp.path, 'no-snapshot'), location: loc(join(tmp.path, 'offsite2')), mode: 'merge', password: null }),
    ).rejects.toMatchObject({ code: 'rsync-source-missing' });
  });
});
