/**
 * pullFiles / listTopLevel against a real rsync daemon on loopback: both address spellings, hard
 * links between snapshots, excludes, progress and stats, and the failures an admin will meet
 * (wrong password, unknown module, nothing listening, missing folder, unreadable files, full disk,
 * cancel). Also checks that the password travels in the environment and never in any argv.
 */
import { english } from '../../../electron/shared/messages/render.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmod, cp, mkdir, rm, stat, utimes, writeFile, lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseFilesLocation, type FilesLocation } from '../../../electron/engine/config/files-location.js';
import { KuraError } from '../../../electron/engine/errors.js';
import { runProcess } from '../../../electron/engine/process/run-process.js';
import type { LogLevel } from '../../../electron/engine/progress.js';
import { createToolResolver } from '../../../electron/engine/tools/resolve-tool.js';
import { detectRsync, listTopLevel, pullFiles, type RsyncClient, type TransferProgress } from '../../../electron/engine/tools/rsync/index.js';
import { freePort } from '../../harness/ports.js';
import { startRsyncDaemon, type RsyncDaemon } from '../../harness/rsyncd.js';
import { tempDir } from '../../harness/tmp.js';
import { allCommandLines, environOf, LARGE_FILE_BYTES, makeSiteTree, processesMatching, readTree, waitFor } from './fixtures.js';

const PASSWORD = 'pa55-wörd #1 with spaces';

let tmp: { path: string; cleanup: () => Promise<void> };
let daemon: RsyncDaemon;
let client: RsyncClient;
let site: string;
let mutable: string;
let unreadable: string;

function loc(from: string): FilesLocation {
  const r = parseFilesLocation(from);
  if (!r.ok) throw new Error(english(r.problem));
  return r.location;
}

function url(module: string, user = 'web', path = ''): FilesLocation {
  return loc(`rsync://${user}@127.0.0.1:${daemon.port}/${module}/${path}`);
}

async function failure(p: Promise<unknown>): Promise<KuraError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(KuraError);
  return err as KuraError;
}

beforeAll(async () => {
  tmp = await tempDir('kura-rsync-pull-');
  site = join(tmp.path, 'site');
  mutable = join(tmp.path, 'mutable');
  unreadable = join(tmp.path, 'unreadable');
  await makeSiteTree(site);
  await cp(site, mutable, { recursive: true, verbatimSymlinks: true });
  await mkdir(join(unreadable, 'ok'), { recursive: true });
  await writeFile(join(unreadable, 'ok', 'public.txt'), 'anyone may read this\n');
  await writeFile(join(unreadable, 'wp-config 秘密.php'), '<?php // secret\n');
  await chmod(join(unreadable, 'wp-config 秘密.php'), 0o600);
  await mkdir(join(unreadable, 'private [2024] 非公開'), { recursive: true });
  await writeFile(join(unreadable, 'private [2024] 非公開', 'orders.csv'), 'id,total\n');
  await chmod(join(unreadable, 'private [2024] 非公開'), 0o700);
  await chmod(unreadable, 0o755);
  await chmod(tmp.path, 0o755);
  daemon = await startRsyncDaemon([
    { name: 'www', path: site, authUsers: { web: PASSWORD } },
    { name: 'mut', path: mutable, authUsers: { web: PASSWORD } },
    { name: 'slow', path: site, authUsers: { web: PASSWORD }, preXferExec: 'sleep 15' },
    { name: 'nob', path: unreadable, uid: 'nobody', gid: 'nogroup' },
  ]);
  client = await detectRsync(createToolResolver());
});

afterAll(async () => {
  await daemon?.stop();
  await tmp?.cleanup();
});

describe('pullFiles from an rsync daemon', () => {
  it('copies the whole tree from rsync://user@host:port/module/ with progress and stats', async () => {
    const dest = join(tmp.path, 'snap-url', 'www');
    const progress: TransferProgress[] = [];
    const r = await pullFiles({ client, location: url('www'), password: PASSWORD, destDir: dest, linkDestDir: null, exclude: [], onProgress: (p) => progress.push(p) });

    const [src, copy] = await Promise.all([readTree(site), readTree(dest)]);
    expect(copy).toEqual(src);
    expect(copy.get('empty folder')).toEqual({ type: 'dir' });
    expect(copy.get('home-link')).toEqual({ type: 'symlink', target: 'public_html/index.html' });
    expect(copy.get('public_html/images/商品/抹茶 ラテ.jpg')).toMatchObject({ type: 'file', size: 40_000 });
    expect((await lstat(join(dest, 'public_html', '🍵 tea.txt'))).isFile()).toBe(true);

    expect(r.warnings).toEqual([]);
    // src entries + the top folder itself (".").
    expect(r.stats.files).toBe(src.size + 1);
    expect(r.stats.totalBytes).toBeGreaterThan(LARGE_FILE_BYTES);
    expect(r.stats.transferredBytes).toBeGreaterThanOrEqual(LARGE_FILE_BYTES);
    expect(r.stats.filesTransferred).toBe([...src.values()].filter((e) => e.type === 'file').length);

    expect(progress.length).toBeGreaterThan(0);
    const last = progress.at(-1)!;
    expect(last.bytes).toBe(r.stats.transferredBytes);
    expect(last.totalFiles).toBe(r.stats.files);
    expect(last.files).toBe(r.stats.files);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.bytes).toBeGreaterThanOrEqual(progress[i - 1]!.bytes);
  });

  it('copies the same tree from user@host::module, keeping the "::" spelling with --port', async () => {
    const parsed = loc('web@127.0.0.1::www');
    expect(parsed).toMatchObject({ kind: 'daemon', port: null });
    // The "::" spelling has no place for a port: the test daemon's port is passed as --port.
    const location = { ...parsed, port: daemon.port } as FilesLocation;
    const dest = join(tmp.path, 'snap-dc', 'www');
    const commands: string[] = [];
    const logger = { log: (_l: LogLevel, m: string) => void (m.startsWith('$ ') && commands.push(m)) };
    await pullFiles({ client, location, password: PASSWORD, destDir: dest, linkDestDir: null, exclude: [], daemonSpelling: 'double-colon', logger });
    expect(await readTree(dest)).toEqual(await readTree(site));
    expect(commands).toHaveLength(1);
    expect(commands[0]).toContain(`--port=${daemon.port} -- web@127.0.0.1::www/ `);
    expect(commands[0]).not.toContain('rsync://');
    expect(commands[0]).not.toContain(PASSWORD);
  });

  it('hard-links unchanged files to the previous snapshot (--link-dest), copies changed ones, drops deleted ones', async () => {
    const snapA = join(tmp.path, 'link-a', 'www');
    const snapB = join(tmp.path, 'link-b', 'www');
    await pullFiles({ client, location: url('mut'), password: PASSWORD, destDir: snapA, linkDestDir: null, exclude: [] });

    await writeFile(join(mutable, 'public_html', 'index.html'), '<h1>セール中</h1>\n');
    const future = new Date(Date.now() + 60_000);
    await utimes(join(mutable, 'public_html', 'index.html'), future, future);
    await rm(join(mutable, 'debug.log'));

    const r = await pullFiles({ client, location: url('mut'), password: PASSWORD, destDir: snapB, linkDestDir: snapA, exclude: [] });
    expect(r.warnings).toEqual([]);

    for (const unchanged of ['big.bin', 'public_html/images/商品/抹茶 ラテ.jpg', 'with space/inner dir/a file.txt', 'public_html/🍵 tea.txt']) {
      const [a, b] = await Promise.all([stat(join(snapA, unchanged)), stat(join(snapB, unchanged))]);
      expect(b.ino, unchanged).toBe(a.ino);
      expect(b.nlink, unchanged).toBeGreaterThanOrEqual(2);
    }
    const [oldIndex, newIndex] = await Promise.all([stat(join(snapA, 'public_html/index.html')), stat(join(snapB, 'public_html/index.html'))]);
    expect(newIndex.ino).not.toBe(oldIndex.ino);
    expect(newIndex.nlink).toBe(1);
    expect(await readFile(join(snapB, 'public_html/index.html'), 'utf8')).toBe('<h1>セール中</h1>\n');
    expect(await readFile(join(snapA, 'public_html/index.html'), 'utf8')).toBe('<h1>いらっしゃいませ</h1>\n');

    await expect(stat(join(snapB, 'debug.log'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readFile(join(snapA, 'debug.log'), 'utf8')).toBe('log\n');

    // Only the changed file's data crossed the wire.
    expect(r.stats.filesTransferred).toBe(1);
    expect(r.stats.transferredBytes).toBe(Buffer.byteLength('<h1>セール中</h1>\n'));
  });

  it('warns (and copies in full) when the previous snapshot folder is missing', async () => {
    const dest = join(tmp.path, 'snap-nolink', 'www');
    const r = await pullFiles({ client, location: url('www'), password: PASSWORD, destDir: dest, linkDestDir: join(tmp.path, 'no-such-snapshot'), exclude: [] });
    expect(r.warnings).toHaveLength(1);
    expect(english(r.warnings[0]!)).toContain('no-such-snapshot');
    expect(r.stats.transferredBytes).toBeGreaterThanOrEqual(LARGE_FILE_BYTES);
  });

  it('honours excludes (folders and globs)', async () => {
    const dest = join(tmp.path, 'snap-excl', 'www');
    await pullFiles({ client, location: url('www'), password: PASSWORD, destDir: dest, linkDestDir: null, exclude: ['cache/', '*.log', '--rsh=touch pwned'] });
    const copy = await readTree(dest);
    expect(copy.has('cache')).toBe(false);
    expect(copy.has('debug.log')).toBe(false);
    expect(copy.has('big.bin')).toBe(true);
    expect(copy.has('public_html/index.html')).toBe(true);
  });

  it('pulls a sub-folder of a module', async () => {
    const dest = join(tmp.path, 'snap-sub', 'www');
    await pullFiles({ client, location: url('www', 'web', 'public_html/images/'), password: PASSWORD, destDir: dest, linkDestDir: null, exclude: [] });
    expect([...(await readTree(dest)).keys()]).toEqual(['商品', '商品/抹茶 ラテ.jpg']);
  });

  it('reports a wrong password as rsync-auth-failed (category auth) with a hint about rsyncd.secrets', async () => {
    const err = await failure(pullFiles({ client, location: url('www'), password: 'not-the-password', destDir: join(tmp.path, 'x1'), linkDestDir: null, exclude: [] }));
    expect(err).toMatchObject({ code: 'rsync-auth-failed', category: 'auth' });
    expect(err.message).toContain(`127.0.0.1:${daemon.port}/www`);
    expect(err.hint).toContain('rsyncd.secrets');
    expect(err.detail).toContain('@ERROR: auth failed on module www');
    expect(err.detail).not.toContain('not-the-password');
  });

  it('fails with auth (and never waits at a Password: prompt) when no password is saved', async () => {
    const started = Date.now();
    const err = await failure(pullFiles({ client, location: url('www'), password: null, destDir: join(tmp.path, 'x2'), linkDestDir: null, exclude: [] }));
    expect(err).toMatchObject({ code: 'rsync-auth-failed', category: 'auth' });
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('reports an unknown module as its own config error', async () => {
    const err = await failure(pullFiles({ client, location: url('wwww'), password: PASSWORD, destDir: join(tmp.path, 'x3'), linkDestDir: null, exclude: [] }));
    expect(err).toMatchObject({ code: 'rsync-unknown-module', category: 'config' });
    expect(err.message).toContain('"wwww"');
  });

  it('reports a daemon that is not listening as a network error', async () => {
    const port = await freePort();
    const err = await failure(
      pullFiles({ client, location: loc(`rsync://web@127.0.0.1:${port}/www/`), password: PASSWORD, destDir: join(tmp.path, 'x4'), linkDestDir: null, exclude: [] }),
    );
    expect(err).toMatchObject({ code: 'rsync-connect-failed', category: 'network' });
  });

  it('reports a missing folder inside the module as rsync-source-missing', async () => {
    const err = await failure(pullFiles({ client, location: url('www', 'web', 'no-such-dir/'), password: PASSWORD, destDir: join(tmp.path, 'x5'), linkDestDir: null, exclude: [] }));
    expect(err).toMatchObject({ code: 'rsync-source-missing', category: 'config' });
  });

  it('turns unreadable files (exit 23) into a warning that names them, and copies the rest', async () => {
    const dest = join(tmp.path, 'snap-partial', 'nob');
    const r = await pullFiles({ client, location: loc(`rsync://127.0.0.1:${daemon.port}/nob/`), password: null, destDir: dest, linkDestDir: null, exclude: [] });
    expect(r.warnings).toHaveLength(1);
    expect(english(r.warnings[0]!)).toContain('wp-config 秘密.php');
    // A whole folder the daemon cannot open is named too (rsync says "opendir … failed", not "failed to open").
    expect(english(r.warnings[0]!)).toContain('private [2024] 非公開');
    expect(english(r.warnings[0]!)).toMatch(/^2 files/);
    expect(english(r.warnings[0]!)).toContain('Permission denied');
    expect(await readFile(join(dest, 'ok', 'public.txt'), 'utf8')).toBe('anyone may read this\n');
  });

  it('keeps the password out of every argv (it is in rsync\'s environment) and kills rsync on cancel', async () => {
    const dest = join(tmp.path, 'snap-cancel', 'www');
    const ac = new AbortController();
    const started = Date.now();
    const pull = pullFiles({ client, location: url('slow'), password: PASSWORD, destDir: dest, linkDestDir: null, exclude: [], signal: ac.signal });
    pull.catch(() => {});

    const [proc] = await waitFor(() => {
      const found = processesMatching(dest);
      return found.length > 0 ? found : null;
    }, 10_000, 'the rsync client to start');
    // The daemon is now sleeping in its pre-xfer exec: the pull is in flight. Poll every argv meanwhile.
    let polls = 0;
    const leaks: string[] = [];
    for (const until = Date.now() + 600; Date.now() < until; polls++) {
      const everyArgv = allCommandLines();
      expect(everyArgv.length).toBeGreaterThan(10);
      leaks.push(...everyArgv.filter((c) => c.includes(PASSWORD) || c.includes('pa55')));
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(polls).toBeGreaterThan(5);
    expect(leaks).toEqual([]);
    expect(processesMatching(dest).length).toBeGreaterThan(0);
    expect(environOf(proc!.pid)).toContain(`RSYNC_PASSWORD=${PASSWORD}`);

    ac.abort();
    const err = await failure(pull);
    expect(err).toMatchObject({ code: 'cancelled', category: 'cancelled' });
    expect(Date.now() - started).toBeLessThan(12_000);
    await waitFor(() => processesMatching(dest).length === 0, 5000, 'rsync to exit after cancel');
  });
});

describe('a server that dies mid-transfer', () => {
  it('is a network error (retried), and the harness kill() takes its connection children with it', async () => {
    // 'sleep 16', not the 'sleep 15' of the cancel test above: its pre-xfer exec can outlive that
    // test, and waiting for it here let the kill come before this daemon's own transfer had begun.
    const doomed = await startRsyncDaemon([{ name: 'www', path: site, preXferExec: 'sleep 16' }]);
    try {
      const dest = join(tmp.path, 'snap-crash', 'www');
      const pull = pullFiles({ client, location: loc(`rsync://127.0.0.1:${doomed.port}/www/`), password: null, destDir: dest, linkDestDir: null, exclude: [] });
      pull.catch(() => {});
      await waitFor(() => processesMatching(dest).length > 0, 10_000, 'the rsync client to start');
      await waitFor(() => processesMatching('sleep 16').length > 0, 10_000, 'the daemon to run its pre-xfer exec');
      await doomed.kill();
      const err = await failure(pull);
      expect(err.category).toBe('network');
      expect(err.code).toBe('rsync-connection-lost');
      await waitFor(() => processesMatching(doomed.configPath).length === 0, 5000, 'the daemon to be gone');
    } finally {
      await doomed.stop();
    }
  });
});

describe('listTopLevel', () => {
  it('lists the top folders and files of a module (names with spaces, Japanese, emoji, links)', async () => {
    const entries = await listTopLevel(url('www'), PASSWORD, { client });
    const byName = new Map(entries.map((e) => [e.name, e]));
    expect([...byName.keys()].sort()).toEqual(['big.bin', 'cache', 'debug.log', 'empty folder', 'home-link', 'public_html', 'with space'].sort());
    expect(byName.get('public_html')).toMatchObject({ kind: 'directory' });
    expect(byName.get('big.bin')).toMatchObject({ kind: 'file', size: LARGE_FILE_BYTES });
    expect(byName.get('home-link')).toMatchObject({ kind: 'symlink', target: 'public_html/index.html' });
    expect(entries[0]!.kind).toBe('directory');

    const sub = await listTopLevel(url('www', 'web', 'public_html'), PASSWORD, { client });
    expect(sub.map((e) => e.name).sort()).toEqual(['images', 'index.html', '🍵 tea.txt'].sort());
  });

  it('fails like a pull does for a wrong password and an unknown module', async () => {
    expect(await failure(listTopLevel(url('www'), 'wrong', { client }))).toMatchObject({ code: 'rsync-auth-failed' });
    expect(await failure(listTopLevel(url('nope'), PASSWORD, { client }))).toMatchObject({ code: 'rsync-unknown-module' });
  });
});

describe('a full backup disk', () => {
  it('is reported as disk-full (category resource)', async (ctx) => {
    const mnt = join(tmp.path, 'tiny-disk');
    await mkdir(mnt);
    const mount = await runProcess({ file: 'mount', args: ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt] });
    if (mount.exitCode !== 0) ctx.skip(`cannot mount a tmpfs here: ${mount.stderr}`);
    try {
      const err = await failure(pullFiles({ client, location: url('www'), password: PASSWORD, destDir: join(mnt, 'www'), linkDestDir: null, exclude: [] }));
      expect(err).toMatchObject({ code: 'disk-full', category: 'resource' });
    } finally {
      await runProcess({ file: 'umount', args: [mnt] });
    }
  });
});
