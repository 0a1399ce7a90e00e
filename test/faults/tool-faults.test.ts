/**
 * Tools and servers dying mid-run, and a full disk: each must end with a clear error, no snapshot that
 * is not fully verified, the earlier snapshots untouched, and the next run succeeding.
 */
import { appendFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../electron/engine/progress.js';
import type { ErrorInfo } from '../../electron/engine/errors.js';
import { runProcess } from '../../electron/engine/process/run-process.js';
import { createShop, pidsMatching, randomish, type Shop } from './fixture.js';

type Result = Awaited<ReturnType<Shop['engine']['runJob']>>;

/** Runs the job, calling `fault` once when the progress of `sourceId` first passes `atBytes`. */
async function runWithFault(shop: Shop, sourceId: string, atBytes: number, fault: () => Promise<void> | void): Promise<{ result: Result; fired: boolean }> {
  let fired = false;
  let pending: Promise<void> = Promise.resolve();
  const result = await shop.engine.runJob('shop', {
    trigger: 'cli',
    onProgress: (e: ProgressEvent) => {
      if (fired || !('sourceId' in e) || e.sourceId !== sourceId) return;
      const bytes = e.kind === 'bytes' || e.kind === 'files' ? e.bytes : 0;
      if (bytes >= atBytes) {
        fired = true;
        pending = Promise.resolve(fault());
      }
    },
  });
  await pending;
  return { result, fired };
}

async function expectNothingPublished(shop: Shop, before: Record<string, string>, result: Result) {
  if (process.env['KURA_FAULT_LOG']) {
    await appendFile(process.env['KURA_FAULT_LOG'], JSON.stringify({ case: expect.getState().currentTestName, error: result.error }) + '\n');
  }
  expect(result.status).toBe('failed');
  expect(result.snapshot).toBeNull();
  expect(result.error?.message.length).toBeGreaterThan(10);
  expect(await shop.snapshotState()).toEqual(before);
  const leftovers = (await readdir(join(shop.dest, 'shop'))).filter((n) => !/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/.test(n));
  expect(leftovers).toEqual([]);
  const check = await shop.engine.verify('shop', 'latest');
  expect(check.ok).toBe(true);
}

/**
 * One item broke: the run is partial — the other items are published, verified, the broken one is
 * recorded as failed (never as data) — and every earlier snapshot is untouched.
 */
async function expectOnlyItemMissing(shop: Shop, before: Record<string, string>, result: Result, sourceId: string): Promise<ErrorInfo> {
  if (process.env['KURA_FAULT_LOG']) {
    await appendFile(process.env['KURA_FAULT_LOG'], JSON.stringify({ case: expect.getState().currentTestName, error: result.items.find((i) => i.source === sourceId)?.error }) + '\n');
  }
  expect(result.status, JSON.stringify(result.error)).toBe('partial');
  expect(result.error?.code).toBe('run-items-failed');
  const failed = result.items.filter((i) => i.status === 'failed');
  expect(failed.map((i) => i.source), JSON.stringify(failed.map((i) => i.error))).toEqual([sourceId]);
  const error = failed[0]!.error!;
  expect(error.message.length).toBeGreaterThan(10);
  // Earlier snapshots are untouched, but for what retention removed — never one holding an item's newest copy.
  const after = await shop.snapshotState();
  for (const [name, manifest] of Object.entries(before)) if (!result.pruned.includes(name)) expect(after[name], name).toBe(manifest);
  expect(result.pruned.length).toBeLessThanOrEqual(1);
  const manifest = JSON.parse(after[result.snapshot!.id]!) as { status: string; items: Array<{ source: string }>; failed: Array<{ source: string }> };
  expect(manifest.status).toBe('partial');
  expect(manifest.items.map((i) => i.source)).not.toContain(sourceId);
  expect(manifest.failed.map((i) => i.source)).toEqual([sourceId]);
  const leftovers = (await readdir(join(shop.dest, 'shop'))).filter((n) => !/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/.test(n));
  expect(leftovers).toEqual([]);
  const check = await shop.engine.verify('shop', 'latest');
  expect(check.ok).toBe(true);
  return error;
}

async function expectNextRunSucceeds(shop: Shop) {
  await new Promise((r) => setTimeout(r, 1000));
  const next = await shop.engine.runJob('shop', { trigger: 'cli' });
  expect(next.error, JSON.stringify(next.error)).toBeNull();
  expect(next.status).toBe('success');
}

describe('faults: tools and servers dying mid-run', () => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await createShop({ dbMiB: 60, redisMiB: 48, siteMiB: 200 });
    const first = await shop.engine.runJob('shop', { trigger: 'cli' });
    expect(first.status, JSON.stringify(first.error)).toBe('success');
  }, 300_000);
  afterAll(() => shop?.cleanup());
  afterEach(async () => {
    await new Promise((r) => setTimeout(r, 1000));
  });

  it('mysqldump killed mid-dump', async () => {
    const before = await shop.snapshotState();
    const { result, fired } = await runWithFault(shop, 'db', 2 * 1024 * 1024, async () => {
      for (const pid of [...(await pidsMatching('mariadb-dump')), ...(await pidsMatching('mysqldump'))]) process.kill(pid, 'SIGKILL');
    });
    expect(fired).toBe(true);
    const error = await expectOnlyItemMissing(shop, before, result, 'db');
    expect(error.message).toMatch(/dump|killed|signal/i);
    await expectNextRunSucceeds(shop);
  });

  it('the MariaDB server killed mid-dump', async () => {
    const before = await shop.snapshotState();
    const { result, fired } = await runWithFault(shop, 'db', 2 * 1024 * 1024, () => {
      process.kill(shop.db.pid, 'SIGKILL');
    });
    expect(fired).toBe(true);
    expect((await expectOnlyItemMissing(shop, before, result, 'db')).category).toBe('network');
    await shop.db.stop().catch(() => {});
    await shop.startDb();
    await shop.writeConfig();
    await expectNextRunSucceeds(shop);
  });

  it('the rsync daemon killed mid-transfer', async () => {
    const before = await shop.snapshotState();
    await writeFile(join(shop.site, 'uploads', 'new-video.mp4'), randomish(300 * 1024 * 1024, 99));
    try {
      const { result, fired } = await runWithFault(shop, 'www', 20 * 1024 * 1024, () => shop.rsyncd.kill());
      expect(fired).toBe(true);
      expect((await expectOnlyItemMissing(shop, before, result, 'www')).category).toBe('network');
    } finally {
      await rm(join(shop.site, 'uploads', 'new-video.mp4'), { force: true });
    }
    await shop.startRsyncd();
    await shop.writeConfig();
    await expectNextRunSucceeds(shop);
  });

  it('the Redis server killed mid-SYNC', async () => {
    const before = await shop.snapshotState();
    const { result, fired } = await runWithFault(shop, 'cache', 4 * 1024 * 1024, () => shop.redis.kill());
    expect(fired).toBe(true);
    expect((await expectOnlyItemMissing(shop, before, result, 'cache')).category).toBe('network');
    await shop.startRedisServer();
    await shop.writeConfig();
    await expectNextRunSucceeds(shop);
  });
});

describe('faults: the destination filling up', () => {
  let shop: Shop;
  let mnt: string;
  beforeAll(async () => {
    mnt = join((await import('node:os')).tmpdir(), `kura-full-${process.pid}`);
    await mkdir(mnt, { recursive: true });
    const m = await runProcess({ file: 'mount', args: ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', mnt] });
    expect(m.exitCode, `mounting a small tmpfs needs root: ${m.stderr}`).toBe(0);
    shop = await createShop({ dest: mnt, dbMiB: 1, redisMiB: 1, siteMiB: 2 });
    const first = await shop.engine.runJob('shop', { trigger: 'cli' });
    expect(first.status, JSON.stringify(first.error)).toBe('success');
  }, 120_000);
  afterAll(async () => {
    await shop?.cleanup();
    await runProcess({ file: 'umount', args: [mnt] });
    await rm(mnt, { recursive: true, force: true });
  });

  it('fails with "disk full", keeps the earlier snapshot, and succeeds once there is room', async () => {
    await new Promise((r) => setTimeout(r, 1000));
    const before = await shop.snapshotState();
    await writeFile(join(shop.site, 'uploads', 'huge.bin'), randomish(30 * 1024 * 1024, 7));
    const result = await shop.engine.runJob('shop', { trigger: 'cli' });
    expect(result.error?.code).toBe('disk-full');
    expect(result.error?.hint).toMatch(/space/i);
    await expectNothingPublished(shop, before, result);
    await rm(join(shop.site, 'uploads', 'huge.bin'));
    await expectNextRunSucceeds(shop);
  });

  it('fails with "disk full" when the database dump fills the disk, and succeeds once there is room', async () => {
    await new Promise((r) => setTimeout(r, 1000));
    const before = await shop.snapshotState();
    // ~30 MB of random bytes: the dump (hex, gzipped to about half) cannot fit in what is left.
    await shop.db.sql('CREATE TABLE blobs (id INT PRIMARY KEY, b VARBINARY(1024)); INSERT INTO blobs SELECT seq, RANDOM_BYTES(1024) FROM seq_1_to_30000;', 'shop');
    const result = await shop.engine.runJob('shop', { trigger: 'cli' });
    expect(result.error?.code, JSON.stringify(result.error)).toBe('disk-full');
    expect(result.error?.message).toMatch(/space|full/i);
    await expectNothingPublished(shop, before, result);
    await shop.db.sql('DROP TABLE blobs', 'shop');
    await expectNextRunSucceeds(shop);
  });
});
