/**
 * Snapshots as an attacker or a confused machine leaves them: a folder dated in the future, a manifest
 * whose times disagree with its folder, a manifest pointing outside the snapshot, a symlink inside the
 * tree, stray files Explorer and Finder drop into backup folders. Kura must keep "latest", --link-dest
 * and retention on the real time order, read nothing outside a snapshot, and delete nothing it should not.
 */
import { cp, mkdir, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../electron/engine/engine.js';
import { createMemorySecretStore } from '../../../electron/engine/secrets/secret-store.js';
import { snapshotIdFromDate } from '../../../electron/engine/snapshot/snapshot-id.js';
import { tempDir } from '../../harness/tmp.js';
import { enLines } from '../../harness/messages.js';

let tmp: { path: string; cleanup: () => Promise<void> };
let site: string;
let dest: string;
let engine: Engine;
let clock: number;

async function writeConfig(job: Record<string, unknown> = {}): Promise<void> {
  await writeFile(
    join(tmp.path, 'home', 'config.json'),
    JSON.stringify({
      version: 1,
      jobs: [
        {
          id: 'shop',
          name: 'Shop',
          destination: { path: dest },
          sources: [{ id: 'www', type: 'files', from: site + '/', exclude: ['cache/'] }],
          retention: { keepLast: 30, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 },
          ...job,
        },
      ],
    }),
  );
}

async function run() {
  clock += 3_600_000;
  const r = await engine.runJob('shop', { trigger: 'cli' });
  expect(r.error, JSON.stringify(r.error)).toBeNull();
  return r;
}

/** Copies a snapshot under another id and rewrites its manifest as a hostile or confused one would. */
async function plant(fromPath: string, id: string, edit: (m: Record<string, unknown>) => void): Promise<string> {
  const to = join(dest, 'shop', id);
  await cp(fromPath, to, { recursive: true });
  const manifest = JSON.parse(await readFile(join(to, 'manifest.json'), 'utf8'));
  manifest.id = id;
  edit(manifest);
  await writeFile(join(to, 'manifest.json'), JSON.stringify(manifest));
  return to;
}

beforeEach(async () => {
  tmp = await tempDir('kura-hostile-');
  site = join(tmp.path, 'site');
  dest = join(tmp.path, 'backups');
  await mkdir(join(site, 'images'), { recursive: true });
  await mkdir(join(tmp.path, 'home'), { recursive: true });
  await mkdir(dest);
  await writeFile(join(site, 'index.php'), '<?php echo "shop";');
  await writeFile(join(site, 'images', 'logo.png'), 'logo-v1');
  clock = Date.parse('2026-12-01T00:00:00Z');
  engine = createEngine({ home: join(tmp.path, 'home'), secrets: createMemorySecretStore(), now: () => new Date(clock) });
  await writeConfig();
});
afterEach(() => tmp.cleanup());

describe('snapshots out of the time order', () => {
  it('a snapshot dated in the future never becomes latest, and never makes retention delete the real newest', async () => {
    const a = await run();
    const b = await run();
    const futureAt = new Date(clock + 365 * 86_400_000);
    const futureId = snapshotIdFromDate(futureAt);
    await plant(b.snapshot!.path, futureId, (m) => {
      m['startedAt'] = futureAt.toISOString();
      m['finishedAt'] = futureAt.toISOString();
    });
    const listed = await engine.snapshots('shop');
    expect(listed.find((s) => s.id === futureId)!.outOfOrder).toMatch(/in the future/);
    expect((await engine.snapshot('shop', 'latest')).id).toBe(b.snapshot!.id);

    await writeConfig({ retention: { keepLast: 1, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 } });
    const c = await run();
    expect(c.pruned.sort()).toEqual([a.snapshot!.id, b.snapshot!.id].sort());
    const left = await readdir(join(dest, 'shop'));
    expect(left).toContain(c.snapshot!.id);
    expect(left).toContain(futureId); // never counted, never deleted
    expect(await readFile(c.logFile, 'utf8')).toMatch(/Retention leaves snapshot .* alone and does not count it: it is dated .* in the future/);
    expect((await engine.snapshot('shop', 'latest')).id).toBe(c.snapshot!.id);
  });

  it('a folder whose manifest says it started long before its name is out of order', async () => {
    const a = await run();
    const newerId = snapshotIdFromDate(new Date(clock + 60_000));
    await plant(a.snapshot!.path, newerId, (m) => {
      m['startedAt'] = '2020-01-01T00:00:00.000Z';
      m['finishedAt'] = '2020-01-01T00:00:01.000Z';
    });
    const listed = await engine.snapshots('shop');
    expect(listed.find((s) => s.id === newerId)!.outOfOrder).toMatch(/its folder name says .* but its manifest says it started at 2020/);
    expect((await engine.snapshot('shop', 'latest')).id).toBe(a.snapshot!.id);
    // --link-dest uses the real newest, not the planted folder.
    const b = await run();
    expect(await readFile(b.logFile, 'utf8')).toContain(`previous snapshot ${a.snapshot!.id}`);
  });
});

describe('manifests and trees that point elsewhere', () => {
  it('a manifest item path of "../../x" makes the snapshot unusable, never read', async () => {
    const a = await run();
    const secret = join(tmp.path, 'outside');
    await mkdir(secret);
    await writeFile(join(secret, 'private.txt'), 'not a backup');
    const id = snapshotIdFromDate(new Date(clock + 60_000));
    await plant(a.snapshot!.path, id, (m) => {
      (m['items'] as Array<Record<string, unknown>>)[0]!['path'] = '../../../outside';
      m['startedAt'] = new Date(clock + 60_000).toISOString();
    });
    expect((await engine.snapshots('shop')).map((s) => s.id)).toEqual([a.snapshot!.id]);
    expect(await engine.unusableSnapshots('shop')).toEqual([expect.objectContaining({ id, reason: expect.stringMatching(/names "\.\.\/\.\.\/\.\.\/outside" for source "www"/) })]);
    const r = await engine.restore({ jobId: 'shop', snapshotId: id, sourceId: 'www', files: { toPath: join(tmp.path, 'r1'), mirror: false } });
    expect(r.status).toBe('failed');
    await expect(stat(join(tmp.path, 'r1', 'private.txt'))).rejects.toThrow();
  });

  it('a symlink inside the snapshot cannot lead --path outside it', async () => {
    const a = await run();
    const outside = join(tmp.path, 'etc');
    await mkdir(outside);
    await writeFile(join(outside, 'shadow'), 'root:secret');
    await symlink(outside, join(a.snapshot!.path, 'files', 'www', 'images', 'evil'));
    const to = join(tmp.path, 'r2');
    const r = await engine.restore({ jobId: 'shop', snapshotId: 'latest', sourceId: 'www', files: { toPath: to, path: 'images/evil', mirror: false } });
    expect(r.status).toBe('failed');
    expect(r.error!.message).toMatch(/lead outside the snapshot folder|not in the backup's list|damaged/);
    await expect(stat(join(to, 'images', 'evil', 'shadow'))).rejects.toThrow();
  });

  it('a restore into the backup folder itself is refused', async () => {
    await run();
    const r = await engine.restore({ jobId: 'shop', snapshotId: 'latest', sourceId: 'www', files: { toPath: join(dest, 'shop', 'restored'), mirror: false } });
    expect(r.status).toBe('failed');
    expect(r.error!.message).toMatch(/inside the backup folder/);
  });

  it('stray desktop.ini, .DS_Store and Thumbs.db do not break listing or restoring from a folder', async () => {
    const a = await run();
    for (const f of ['desktop.ini', '.DS_Store', 'Thumbs.db']) {
      await writeFile(join(dest, f), 'x');
      await writeFile(join(dest, 'shop', f), 'x');
    }
    expect((await engine.snapshotsInFolder(dest)).map((s) => s.id)).toEqual([a.snapshot!.id]);
    expect((await engine.snapshotsInFolder(join(dest, 'shop'))).map((s) => s.id)).toEqual([a.snapshot!.id]);
    const r = await engine.restore({ fromFolder: dest, snapshotId: 'latest', sourceId: 'www', files: { toPath: join(tmp.path, 'r3'), mirror: false } });
    expect(r.status, JSON.stringify(r.error)).toBe('success');
  });
});

describe('restores that must not destroy', () => {
  it('--mirror leaves what the job excludes alone, and the plan counts what it will delete', async () => {
    await run();
    const to = join(tmp.path, 'live');
    await mkdir(join(to, 'cache'), { recursive: true });
    await writeFile(join(to, 'cache', 'session-1'), 'never backed up');
    await writeFile(join(to, 'stale.html'), 'old page');
    await writeFile(join(to, 'old.css'), 'old');
    const req = { jobId: 'shop', snapshotId: 'latest', sourceId: 'www', files: { toPath: to, mirror: true } };
    const plan = await engine.planRestore(req);
    expect(enLines(plan.steps)).toMatch(/Delete 2 files and folders at the target that the snapshot does not have: (old\.css, stale\.html|stale\.html, old\.css)\./);
    expect(enLines(plan.steps)).toMatch(/Leave alone what the job excludes from backups \(cache\/\)/);
    const r = await engine.restore(req);
    expect(r.status, JSON.stringify(r.error)).toBe('success');
    expect(await readFile(join(to, 'cache', 'session-1'), 'utf8')).toBe('never backed up');
    await expect(stat(join(to, 'stale.html'))).rejects.toThrow();
  });

  it('a damaged file in the part being restored is refused before anything is copied, naming the good snapshot', async () => {
    const a = await run();
    await writeFile(join(site, 'images', 'logo.png'), 'logo-v2 (new)'); // another size: rsync copies it even within the same second
    const b = await run();
    await writeFile(join(b.snapshot!.path, 'files', 'www', 'images', 'logo.png'), 'logo-vX (new)'); // same size, other bytes
    const to = join(tmp.path, 'r4');
    const r = await engine.restore({ jobId: 'shop', snapshotId: 'latest', sourceId: 'www', files: { toPath: to, path: 'images', mirror: false } });
    expect(r.status).toBe('failed');
    expect(r.error!.code).toMatch(/^snapshot-damaged/);
    expect(r.error!.message).toMatch(/is damaged and was not restored/);
    // Which file: the check's own finding, in the steps.
    expect(enLines(r.steps)).toMatch(/images\/logo\.png/);
    expect(enLines(r.steps)).toMatch(/Nothing was changed\./);
    expect(r.error!.hint).toContain(a.snapshot!.id);
    await expect(stat(to)).rejects.toThrow();
  });
});

describe('more hostile snapshots', () => {
  it('a clock set back a day: the new snapshot is latest, the one from the "future" is kept and not counted', async () => {
    const a = await run();
    clock -= 2 * 86_400_000;
    const b = await run();
    expect(b.snapshot!.id < a.snapshot!.id).toBe(true);
    const listed = await engine.snapshots('shop');
    expect(listed.find((s) => s.id === a.snapshot!.id)!.outOfOrder).toMatch(/in the future/);
    expect((await engine.snapshot('shop', 'latest')).id).toBe(b.snapshot!.id);
  });

  it('a manifest larger than any Kura writes is not parsed', async () => {
    const a = await run();
    const big = await plant(a.snapshot!.path, snapshotIdFromDate(new Date(clock + 60_000)), (m) => {
      m['startedAt'] = new Date(clock + 60_000).toISOString();
      m['padding'] = 'x'.repeat(17 * 1024 * 1024);
    });
    expect((await engine.snapshots('shop')).map((s) => s.id)).toEqual([a.snapshot!.id]);
    expect((await engine.unusableSnapshots('shop')).map((u) => u.reason)).toEqual([expect.stringMatching(/larger than any manifest Kura writes/)]);
    expect(big).toBeTruthy();
  });

  it('a source id of "../x" in a manifest is refused like a path', async () => {
    const a = await run();
    await plant(a.snapshot!.path, snapshotIdFromDate(new Date(clock + 60_000)), (m) => {
      m['startedAt'] = new Date(clock + 60_000).toISOString();
      const item = (m['items'] as Array<Record<string, unknown>>)[0]!;
      item['source'] = '../x';
      item['path'] = 'files/../x';
    });
    expect((await engine.snapshots('shop')).map((s) => s.id)).toEqual([a.snapshot!.id]);
    expect(await engine.unusableSnapshots('shop')).toHaveLength(1);
  });

  it("an item folder replaced by a symlink to elsewhere fails verify and is never restored from", async () => {
    const a = await run();
    const elsewhere = join(tmp.path, 'elsewhere');
    await cp(join(a.snapshot!.path, 'files', 'www'), elsewhere, { recursive: true });
    await rm(join(a.snapshot!.path, 'files', 'www'), { recursive: true });
    await symlink(elsewhere, join(a.snapshot!.path, 'files', 'www'));
    const v = await engine.verify('shop', 'latest');
    expect(v.ok).toBe(false);
    expect(v.items[0]!.detail).toMatch(/leads outside the snapshot folder/);
    const r = await engine.restore({ jobId: 'shop', snapshotId: 'latest', sourceId: 'www', files: { toPath: join(tmp.path, 'r5'), mirror: false } });
    expect(r.status).toBe('failed');
    await expect(stat(join(tmp.path, 'r5', 'index.php'))).rejects.toThrow();
  });

  it('a missing file list fails verify instead of passing on counts', async () => {
    const a = await run();
    await rm(join(a.snapshot!.path, 'files', 'www.files'));
    const v = await engine.verify('shop', 'latest');
    expect(v.ok).toBe(false);
  });

  it('a relative restore folder is refused before anything happens', async () => {
    await run();
    const r = await engine.restore({ jobId: 'shop', snapshotId: 'latest', sourceId: 'www', files: { toPath: 'restored', mirror: false } });
    expect(r.status).toBe('failed');
    expect(r.error!.message).toMatch(/is not a full path/);
  });
});

