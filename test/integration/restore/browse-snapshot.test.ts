/**
 * The restore wizard's file browser (engine/restore/browse-snapshot.ts) on a real backup: one folder
 * at a time with sizes that count everything below, Japanese names with `'` and `[ ]`, and the ways
 * it refuses — a path leaving the snapshot, a file opened as a folder, a doctored list, a snapshot on
 * the network — while a snapshot made before per-file lists is read from its tree.
 */
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../electron/engine/engine.js';
import { KuraError } from '../../../electron/engine/errors.js';
import { createMemorySecretStore } from '../../../electron/engine/secrets/secret-store.js';
import { tempDir } from '../../harness/tmp.js';

let tmp: { path: string; cleanup: () => Promise<void> };
let engine: Engine;
let snapshotPath: string;

beforeEach(async () => {
  tmp = await tempDir('kura-browse-');
  const site = join(tmp.path, 'site');
  const dest = join(tmp.path, 'backups');
  await mkdir(join(site, 'wp-content', 'uploads', "2026 [春] O'Neil"), { recursive: true });
  await mkdir(join(tmp.path, 'home'));
  await mkdir(dest);
  await writeFile(join(site, 'index.php'), '<?php echo "shop";');
  await writeFile(join(site, 'wp-content', 'uploads', "2026 [春] O'Neil", '写真 1.jpg'), Buffer.alloc(300_000, 1));
  await writeFile(join(site, 'wp-content', 'uploads', "2026 [春] O'Neil", '写真 2.jpg'), Buffer.alloc(200_000, 2));
  await writeFile(join(site, 'wp-content', 'uploads', 'logo.png'), Buffer.alloc(5_000, 3));
  await mkdir(join(site, 'wp-content', 'cache'));
  await symlink('wp-content/uploads/logo.png', join(site, 'logo-link'));
  await writeFile(
    join(tmp.path, 'home', 'config.json'),
    JSON.stringify({ version: 1, jobs: [{ id: 'shop', name: 'Shop', destination: { path: dest }, sources: [{ id: 'www', type: 'files', from: site + '/' }], retention: { keepLast: 5, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 } }] }),
  );
  engine = createEngine({ home: join(tmp.path, 'home'), secrets: createMemorySecretStore(), now: () => new Date('2026-12-01T00:00:00Z') });
  const r = await engine.runJob('shop', { trigger: 'cli' });
  expect(r.error).toBeNull();
  snapshotPath = r.snapshot!.path;
});
afterEach(() => tmp.cleanup());

const req = { jobId: 'shop', snapshotId: 'latest', sourceId: 'www' };
const codeOf = (p: Promise<unknown>) => p.then(() => 'no error', (e: unknown) => (e instanceof KuraError ? e.code : String(e)));

describe('browsing a files item in a snapshot', () => {
  it('lists a folder: folders first, a folder counting every file below it, links as links', async () => {
    const top = await engine.browseFiles(req, '');
    expect(top.folder).toBe('');
    expect(top.entries.map((e) => [e.name, e.kind, e.bytes, e.files])).toEqual([
      ['wp-content', 'folder', 505_000, 3],
      ['index.php', 'file', 18, 1],
      ['logo-link', 'link', 'wp-content/uploads/logo.png'.length, 0],
    ]);
    const uploads = await engine.browseFiles(req, 'wp-content/uploads/');
    expect(uploads.folder).toBe('wp-content/uploads');
    expect(uploads.entries.map((e) => [e.name, e.kind, e.bytes])).toEqual([
      ["2026 [春] O'Neil", 'folder', 500_000],
      ['logo.png', 'file', 5_000],
    ]);
    const deep = await engine.browseFiles(req, "wp-content/uploads/2026 [春] O'Neil");
    expect(deep.entries.map((e) => e.name)).toEqual(['写真 1.jpg', '写真 2.jpg']);
    expect((await engine.browseFiles(req, 'wp-content/cache')).entries).toEqual([]);
  });

  it('refuses a path leaving the snapshot, a file opened as a folder and a folder that is not there', async () => {
    expect(await codeOf(engine.browseFiles(req, '../../etc'))).toBe('restore-path-leaves-snapshot');
    expect(await codeOf(engine.browseFiles(req, 'index.php'))).toBe('restore-browse-not-folder');
    expect(await codeOf(engine.browseFiles(req, 'wp-content/nothing'))).toBe('path-not-in-snapshot');
  });

  it('refuses a list that is not the one the manifest recorded', async () => {
    const listFile = join(snapshotPath, 'files', 'www.files');
    const text = await readFile(listFile, 'utf8');
    await writeFile(listFile, text.replace(' index.php', ' planted.php'));
    expect(await codeOf(engine.browseFiles(req, ''))).toBe('restore-browse-damaged');
  });

  it('reads a snapshot made before per-file lists from its tree', async () => {
    const manifestFile = join(snapshotPath, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as { items: Array<Record<string, unknown>> };
    delete manifest.items[0]!['list'];
    await writeFile(manifestFile, JSON.stringify(manifest));
    const top = await engine.browseFiles(req, '');
    expect(top.entries.map((e) => [e.name, e.kind, e.bytes, e.files])).toEqual([
      ['wp-content', 'folder', 505_000, 3],
      ['index.php', 'file', 18, 1],
      ['logo-link', 'link', 'wp-content/uploads/logo.png'.length, 0],
    ]);
    expect(await codeOf(engine.browseFiles(req, 'index.php'))).toBe('restore-browse-not-folder');
  });

  it('says a snapshot on the network cannot be browsed (the path is typed there)', async () => {
    expect(await codeOf(engine.browseFiles({ fromFolder: 'rsync://backup.example/kura', snapshotId: 'latest', sourceId: 'www' }, ''))).toBe('restore-browse-remote');
  });
});
