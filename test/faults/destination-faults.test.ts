/**
 * The backup disk that is not there: unplugged before the run (its mount point left empty on the
 * system disk), replaced by a copy on another disk, unplugged in the middle of a run, or turned
 * read-only. Kura must refuse to write anywhere else, publish nothing, and say what to do — and never
 * report success for a backup that landed on the system disk. Needs root (mounts tmpfs).
 */
import { cp, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runProcess } from '../../electron/engine/process/run-process.js';
import { IDENTITY_FILE } from '../../electron/engine/snapshot/destination.js';
import { runKura } from '../harness/kura-cli.js';
import { createShop, type Shop } from './fixture.js';

let mnt: string;
let shop: Shop | undefined;

async function mountTmpfs(options = 'size=64m'): Promise<void> {
  const m = await runProcess({ file: 'mount', args: ['-t', 'tmpfs', '-o', options, 'tmpfs', mnt] });
  expect(m.exitCode, `mounting a tmpfs needs root: ${m.stderr}`).toBe(0);
}

async function isMounted(): Promise<boolean> {
  return (await readFile('/proc/self/mounts', 'utf8')).split('\n').some((l) => l.split(' ')[1] === mnt);
}

async function unmount(lazy = false): Promise<void> {
  const u = await runProcess({ file: 'umount', args: lazy ? ['-l', mnt] : [mnt] });
  expect(u.exitCode, u.stderr).toBe(0);
}

/** Published snapshots (folders with a manifest) and leftovers under a job folder, whatever disk it is on. */
async function contentsOf(dir: string): Promise<string[]> {
  return (await readdir(dir).catch(() => [] as string[])).sort();
}

beforeEach(async () => {
  mnt = join(tmpdir(), `kura-usb-${process.pid}-${Date.now()}`);
  await mkdir(mnt, { recursive: true });
  await mountTmpfs();
});
afterEach(async () => {
  await shop?.cleanup();
  shop = undefined;
  while (await isMounted()) await runProcess({ file: 'umount', args: ['-l', mnt] });
  await rm(mnt, { recursive: true, force: true });
});

describe('faults: the backup disk is not the backup disk', () => {
  it('an unplugged disk (an empty mount point) or an empty disk in its place is refused, and nothing lands on the system disk', async () => {
    shop = await createShop({ dest: mnt });
    const first = await shop.engine.runJob('shop', { trigger: 'cli' });
    expect(first.status, JSON.stringify(first.error)).toBe('success');
    expect(await contentsOf(mnt)).toEqual([IDENTITY_FILE, 'shop'].sort());

    await unmount();
    const r = await runKura(['run', 'shop', '--json'], shop.env);
    expect(r.code).toBe(1);
    const out = r.json as { status: string; error: { code: string; message: string; hint: string }; snapshot: unknown };
    expect(out.status).toBe('failed');
    expect(out.snapshot).toBeNull();
    expect(out.error.code).toBe('destination-identity-missing');
    expect(out.error.message).toMatch(/is not connected: the folder is there but Kura's kura-destination\.json is missing/);
    expect(out.error.hint).toMatch(/Connect the backup disk/);
    // Nothing at all was written into the empty mount point on the system disk.
    expect(await contentsOf(mnt)).toEqual([]);
    const check = await runKura(['destination', 'shop'], shop.env);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/is not connected/);
    // In Japanese when the system speaks Japanese, from the same catalogue.
    const ja = await runKura(['destination', 'shop'], { ...shop.env, LANG: 'ja_JP.UTF-8' });
    expect(ja.stdout).toMatch(/^エラー：保存先フォルダー .* がつながっていません。/m);
    expect(ja.stdout).toMatch(/^対処：バックアップ用ディスクをつなぐ/m);

    // Another, empty disk mounted there is not the backup disk either.
    await mountTmpfs();
    const again = await shop.engine.runJob('shop', { trigger: 'cli' });
    expect(again.error?.code).toBe('destination-identity-missing');
    expect(await contentsOf(mnt)).toEqual([]);
  });

  it('a copy of the backup folder on another disk is refused until the admin trusts it', async () => {
    shop = await createShop({ dest: mnt });
    const first = await shop.engine.runJob('shop', { trigger: 'cli' });
    expect(first.status, JSON.stringify(first.error)).toBe('success');
    const saved = join(shop.root, 'saved-backups');
    await cp(mnt, saved, { recursive: true });
    await unmount();
    // Another disk: a tmpfs takes a free anonymous device number, so occupy the one just freed first.
    const decoy = join(shop.root, 'decoy');
    await mkdir(decoy);
    expect((await runProcess({ file: 'mount', args: ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', decoy] })).exitCode).toBe(0);
    await mountTmpfs();
    await runProcess({ file: 'umount', args: [decoy] });
    await cp(saved, mnt, { recursive: true });

    const moved = await shop.engine.runJob('shop', { trigger: 'cli' });
    expect(moved.status).toBe('failed');
    expect(moved.error?.code).toBe('destination-moved');
    expect(moved.error?.message).toMatch(/is now on another disk than before/);
    expect(moved.error?.hint).toContain('kura destination shop --trust');
    expect((await contentsOf(join(mnt, 'shop'))).filter((n) => n.endsWith('.partial'))).toEqual([]);

    const trust = await runKura(['destination', 'shop', '--trust'], shop.env);
    expect(trust.code, trust.stderr).toBe(0);
    const after = await shop.engine.runJob('shop', { trigger: 'cli' });
    expect(after.status, JSON.stringify(after.error)).toBe('success');
  });

  it('a disk unplugged in the middle of a run fails the run and publishes nothing anywhere', async () => {
    shop = await createShop({ dest: mnt, dbMiB: 24 });
    const first = await shop.engine.runJob('shop', { trigger: 'cli' });
    expect(first.status, JSON.stringify(first.error)).toBe('success');
    // The database first, then the files: the files step runs after the disk is gone.
    await shop.writeConfig((job) => {
      const s = job['sources'] as Array<Record<string, unknown>>;
      job['sources'] = [s[1], s[0]];
    });
    await new Promise((r) => setTimeout(r, 1100));
    const run = shop.engine.runJob('shop', { trigger: 'cli' });
    // Wait until the dump is being written on the disk, then pull the disk out (lazily: busy files stay open).
    for (let i = 0; i < 400; i++) {
      const partial = (await contentsOf(join(mnt, 'shop'))).find((n) => n.endsWith('.partial'));
      if (partial && (await stat(join(mnt, 'shop', partial, 'mysql')).catch(() => null))) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await unmount(true);
    const result = await run;
    expect(result.status).toBe('failed');
    expect(result.snapshot).toBeNull();
    expect(result.error?.code).toBe('destination-lost');
    expect(result.error?.message).toMatch(/was disconnected or changed during the backup/);
    // The mount point on the system disk holds no snapshot and no leftover.
    const onSystemDisk = await contentsOf(join(mnt, 'shop'));
    expect(onSystemDisk.filter((n) => !n.endsWith('.partial'))).toEqual([]);
    expect(onSystemDisk).toEqual([]);
  });

  it('a read-only backup disk is refused with a sentence, not "EROFS"', async () => {
    shop = await createShop({ dest: mnt });
    const first = await shop.engine.runJob('shop', { trigger: 'cli' });
    expect(first.status, JSON.stringify(first.error)).toBe('success');
    const ro = await runProcess({ file: 'mount', args: ['-o', 'remount,ro', mnt] });
    expect(ro.exitCode, ro.stderr).toBe(0);
    const r = await runKura(['run', 'shop'], shop.env);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toMatch(/EROFS/);
    expect(r.stdout).toMatch(/The disk is read-only/);
    expect(r.stdout).toMatch(/write-protected/);
  });
});
