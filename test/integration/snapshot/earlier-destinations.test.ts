/**
 * A job whose backup folder was moved with "keep showing the snapshots in the old folder"
 * (`destination.earlier`): the old folder's snapshots are listed and restorable, while runs,
 * `--link-dest` and retention use the new folder alone — nothing is written to or deleted from the
 * old disk, and a missing old disk only hides its snapshots.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../electron/engine/engine.js';
import { createMemorySecretStore } from '../../../electron/engine/secrets/secret-store.js';
import { tempDir } from '../../harness/tmp.js';

let tmp: { path: string; cleanup: () => Promise<void> };
let engine: Engine;
let clock: number;
const at = (...p: string[]) => join(tmp.path, ...p);

async function config(destination: Record<string, unknown>, keepLast = 1): Promise<void> {
  await writeFile(
    at('home', 'config.json'),
    JSON.stringify({ version: 1, jobs: [{ id: 'shop', name: 'Shop', destination, sources: [{ id: 'www', type: 'files', from: at('site') + '/' }], retention: { keepLast, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 } }] }),
  );
}

async function run() {
  clock += 3_600_000;
  const r = await engine.runJob('shop', { trigger: 'cli' });
  expect(r.error, JSON.stringify(r.error)).toBeNull();
  return r;
}

beforeEach(async () => {
  tmp = await tempDir('kura-earlier-');
  await mkdir(at('site'));
  await mkdir(at('home'));
  await mkdir(at('old-disk'));
  await mkdir(at('new-disk'));
  await writeFile(at('site', 'index.php'), 'version 1');
  clock = Date.parse('2026-12-01T00:00:00Z');
  engine = createEngine({ home: at('home'), secrets: createMemorySecretStore(), now: () => new Date(clock) });
});
afterEach(() => tmp.cleanup());

describe('snapshots left in an earlier backup folder', () => {
  it('are listed and restorable; runs and retention never touch the old folder', async () => {
    await config({ path: at('old-disk') });
    const old = await run();
    const oldFolder = await readdir(at('old-disk', 'shop'));

    // Moved, keeping the old folder listed.
    await config({ path: at('new-disk'), earlier: [at('old-disk')] });
    await writeFile(at('site', 'index.php'), 'version 2');
    await run();
    const newest = await run();
    const listed = await engine.snapshots('shop');
    // The old folder's snapshot and the new folder's newest (retention keepLast 1 pruned the new folder only).
    expect(listed.map((s) => s.path)).toEqual([old.snapshot!.path, newest.snapshot!.path]);
    expect(await readdir(at('old-disk', 'shop'))).toEqual(oldFolder);

    // The old snapshot restores as any other; the latest is the new folder's.
    const plan = await engine.planRestore({ jobId: 'shop', snapshotId: old.snapshot!.id, sourceId: 'www', files: { toPath: at('restored'), mirror: false } });
    expect(plan.snapshotId).toBe(old.snapshot!.id);
    const r = await engine.restore({ jobId: 'shop', snapshotId: old.snapshot!.id, sourceId: 'www', files: { toPath: at('restored'), mirror: false } });
    expect(r.status, JSON.stringify(r)).toBe('success');
    expect(await readFile(at('restored', 'index.php'), 'utf8')).toBe('version 1');
    expect((await engine.planRestore({ jobId: 'shop', snapshotId: 'latest', sourceId: 'www', files: { toPath: at('restored2'), mirror: false } })).snapshotId).toBe(newest.snapshot!.id);
    // Nothing was written into the old folder by the restore either (no safety copy, no journal).
    expect(await readdir(at('old-disk', 'shop'))).toEqual(oldFolder);

    // The old disk unplugged: its snapshots are simply not listed; runs go on.
    await rm(at('old-disk'), { recursive: true });
    expect((await engine.snapshots('shop')).map((s) => s.path)).toEqual([newest.snapshot!.path]);
    await run();
  });

  it('a folder given as both current and earlier is listed once', async () => {
    await config({ path: at('new-disk'), earlier: [at('new-disk')] }, 5);
    await run();
    expect(await engine.snapshots('shop')).toHaveLength(1);
  });
});
