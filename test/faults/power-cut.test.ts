/**
 * A power cut (or the USB disk pulled out) right after a backup said "complete and verified". The
 * backup disk here is a real ext4 on a loop device; the moment the run returns, a copy of the loop
 * device's image is taken: that copy is exactly what the disk holds — what a machine that lost power at
 * that moment finds when it starts again (mounting it replays ext4's journal, as a restart does).
 * ext4 is mounted with `commit=60` so that its own 5-second commit cannot make a run durable by luck.
 *
 * Before Kura wrote its snapshots out (snapshot/durable-files.ts, snapshot-store.ts), the copy held the
 * snapshot's folder still named `.partial` — removed by the next run as a leftover — with every file
 * rsync had copied empty, while the run history said success. Needs root (losetup, mount).
 */
import { mkdir, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runProcess } from '../../electron/engine/process/run-process.js';
import { runKura } from '../harness/kura-cli.js';
import { tempDir } from '../harness/tmp.js';
import { createShop, randomish, type Shop } from './fixture.js';

let shop: Shop | undefined;
const mounted: string[] = [];
const loops: string[] = [];
let work: { path: string; cleanup(): Promise<void> } | undefined;

async function run(file: string, args: string[]): Promise<string> {
  const r = await runProcess({ file, args });
  expect(r.exitCode, `${file} ${args.join(' ')}: ${r.stderr}${r.stdout}`).toBe(0);
  return r.stdout.trim();
}

/** The image as a disk mounted at `mnt` (ext4's journal replayed if it needs to be). */
async function mountImage(image: string, mnt: string): Promise<void> {
  const dev = await run('losetup', ['-f', '--show', image]);
  loops.push(dev);
  await run('mount', ['-o', 'commit=60', dev, mnt]);
  mounted.push(mnt);
}

async function unmountAll(): Promise<void> {
  while (mounted.length > 0) await runProcess({ file: 'umount', args: [mounted.pop()!] });
  while (loops.length > 0) await runProcess({ file: 'losetup', args: ['-d', loops.pop()!] });
}

afterEach(async () => {
  await shop?.cleanup();
  shop = undefined;
  await unmountAll();
  await work?.cleanup();
  work = undefined;
});

describe('faults: the power goes off right after a backup', () => {
  it('a snapshot called complete and verified is on the disk: its files, dump and RDB survive a power cut the moment the run returns', async () => {
    work = await tempDir('kura-power-');
    const image = join(work.path, 'usb-disk.img');
    const cut = join(work.path, 'after-the-power-cut.img');
    const mnt = join(work.path, 'usb');
    await mkdir(mnt);
    await writeFile(image, '');
    await truncate(image, 384 * 1024 * 1024);
    await run('mkfs.ext4', ['-q', '-F', image]);
    await mountImage(image, mnt);

    shop = await createShop({ dest: mnt, siteMiB: 6 });
    // Files in folders with Japanese names, a quote and brackets, as shops have them.
    const odd = join(shop.site, "商品画像 [2026] o'clock");
    await mkdir(odd);
    for (let i = 0; i < 40; i++) await writeFile(join(odd, `写真-${i}.jpg`), randomish(20_000 + i, 100 + i));

    const first = await shop.engine.runJob('shop', { trigger: 'cli' });
    expect(first.status, JSON.stringify(first.error)).toBe('success');
    // A second night: unchanged files are hard links, two are new.
    await writeFile(join(odd, '新商品.jpg'), randomish(300_000, 7));
    await writeFile(join(shop.site, 'uploads', 'late.jpg'), randomish(200_000, 8));
    const second = await shop.engine.runJob('shop', { trigger: 'cli' });
    expect(second.status, JSON.stringify(second.error)).toBe('success');
    const id = second.snapshot!.id;
    const log = await readFile(second.logFile, 'utf8');
    expect(log).toMatch(/Files "www": written out to the disk in \d+ ms/);

    // The power goes off now: what is on the disk is the image's bytes.
    await run('cp', ['--sparse=always', image, cut]);
    await unmountAll();
    await mountImage(cut, mnt);

    // The snapshot is there under its own name, not as a leftover `.partial`.
    const names = await readdir(join(mnt, 'shop'));
    expect(names).toContain(id);
    expect(names.filter((n) => n.endsWith('.partial'))).toEqual([]);
    // Every byte checked against the hashes the run recorded: files (both nights' copies), the dump, the RDB.
    const v = await runKura(['verify', 'shop', id, '--json'], shop.env);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    const items = (v.json as { items: Array<{ ok: boolean; path: string }> }).items;
    expect(items.length).toBe(3);
    expect(items.every((i) => i.ok)).toBe(true);
    const copied = join(mnt, 'shop', id, 'files', 'www', "商品画像 [2026] o'clock", '新商品.jpg');
    expect((await stat(copied)).size).toBe(300_000);
    expect((await readFile(copied)).equals(randomish(300_000, 7))).toBe(true);
    // The machine starts again: the next run publishes its own snapshot and keeps this one.
    const after = await shop.engine.runJob('shop', { trigger: 'cli' });
    expect(after.status, JSON.stringify(after.error)).toBe('success');
    expect(await readdir(join(mnt, 'shop'))).toContain(id);
    await rm(cut);
  });
});
