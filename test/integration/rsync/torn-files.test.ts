/**
 * Files that change while rsync copies them, against real rsync: from a local folder and from an
 * rsync daemon. The check after the pull compares each file copied in this run with the server again;
 * a file whose size or time moved since rsync read it is named as possibly torn.
 */
import { english } from '../../../electron/shared/messages/render.js';
import { appendFile, cp, lstat, mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFilesLocation, type FilesLocation } from '../../../electron/engine/config/files-location.js';
import { findTornFiles } from '../../../electron/engine/jobs/sources/torn-files.js';
import { createToolResolver } from '../../../electron/engine/tools/resolve-tool.js';
import { detectRsync, pullFiles, type PullFilesOptions, type RsyncClient } from '../../../electron/engine/tools/rsync/index.js';
import { startRsyncDaemon, type RsyncDaemon } from '../../harness/rsyncd.js';
import { tempDir } from '../../harness/tmp.js';

let tmp: { path: string; cleanup: () => Promise<void> };
let daemon: RsyncDaemon;
let client: RsyncClient;
let site: string;

function loc(from: string): FilesLocation {
  const r = parseFilesLocation(from);
  if (!r.ok) throw new Error(english(r.problem));
  return r.location;
}

beforeAll(async () => {
  tmp = await tempDir('kura-torn-');
  site = join(tmp.path, 'site');
  await mkdir(join(site, 'images [2024]'), { recursive: true });
  await writeFile(join(site, 'index.php'), '<?php echo "shop";');
  await writeFile(join(site, 'images [2024]', "O'Neil 写真.jpg"), Buffer.alloc(100_000, 1));
  await writeFile(join(site, 'sitemap.xml'), '<urlset/>');
  daemon = await startRsyncDaemon([{ name: 'www', path: site }]);
  client = await detectRsync(createToolResolver());
});
afterAll(async () => {
  await daemon?.stop();
  await tmp?.cleanup();
});

async function pullThenChange(location: FilesLocation, dest: string, change: () => Promise<void>, knownStored = false) {
  const pull: PullFilesOptions = { client, location, password: null, destDir: dest, linkDestDir: null, exclude: [] };
  const r = await pullFiles({ ...pull, reportTransferred: true });
  expect(r.transferred.map((b) => b.toString()).sort()).toEqual(['images [2024]/O\'Neil 写真.jpg', 'index.php', 'sitemap.xml']);
  // What the prehasher saw of each stored copy (files-source.ts passes its lstats) — taken before the change.
  const stored = new Map<string, { size: number; mtimeMs: number }>();
  if (knownStored) {
    for (const rel of r.transferred) {
      const s = await lstat(join(dest, rel.toString()));
      stored.set(rel.toString('latin1'), { size: s.size, mtimeMs: Math.floor(s.mtimeMs) });
    }
  }
  await change();
  return findTornFiles({ pull, transferred: r.transferred, destDir: dest, ...(knownStored ? { stored: (rel: Buffer) => stored.get(rel.toString('latin1')) } : {}) });
}

describe('files changed while being copied', () => {
  it('names a file from a local folder whose size changed after rsync read it', async () => {
    const src = join(tmp.path, 'local-src');
    await cp(site, src, { recursive: true });
    const torn = await pullThenChange(loc(src + '/'), join(tmp.path, 'd1'), () => appendFile(join(src, 'images [2024]', "O'Neil 写真.jpg"), 'more'));
    expect(torn.paths).toEqual(["images [2024]/O'Neil 写真.jpg"]);
    expect(english(torn.warning!)).toMatch(/^1 file changed on .* while it was being copied, so its copy may be torn/);
  });

  it('names it just the same when the stored copies are known from the prehasher (no second lstat of the copy)', async () => {
    const src = join(tmp.path, 'local-src3');
    await cp(site, src, { recursive: true });
    const grow = () => appendFile(join(src, 'images [2024]', "O'Neil 写真.jpg"), 'more');
    expect((await pullThenChange(loc(src + '/'), join(tmp.path, 'd5'), grow, true)).paths).toEqual(["images [2024]/O'Neil 写真.jpg"]);
    const src2 = join(tmp.path, 'local-src4');
    await cp(site, src2, { recursive: true });
    expect(await pullThenChange(loc(src2 + '/'), join(tmp.path, 'd6'), async () => {}, true)).toEqual({ paths: [], warning: null });
  });

  it('names a file from an rsync daemon whose time changed after rsync read it (same size)', async () => {
    const torn = await pullThenChange(loc(`rsync://127.0.0.1:${daemon.port}/www/`), join(tmp.path, 'd2'), async () => {
      const later = new Date(Date.now() + 5000);
      await utimes(join(site, 'sitemap.xml'), later, later);
    });
    expect(torn.paths).toEqual(['sitemap.xml']);
  });

  it('says nothing when nothing changed', async () => {
    const torn = await pullThenChange(loc(`rsync://127.0.0.1:${daemon.port}/www/`), join(tmp.path, 'd3'), async () => {});
    expect(torn).toEqual({ paths: [], warning: null });
  });

  it('does not call a file that vanished after being read torn', async () => {
    const src = join(tmp.path, 'local-src2');
    await cp(site, src, { recursive: true });
    const { rm } = await import('node:fs/promises');
    const torn = await pullThenChange(loc(src + '/'), join(tmp.path, 'd4'), () => rm(join(src, 'index.php')));
    expect(torn).toEqual({ paths: [], warning: null });
  });
});
