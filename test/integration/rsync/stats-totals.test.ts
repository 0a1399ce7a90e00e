/**
 * rsync's --stats totals against a real walk of the pulled folder (treeStats, what `kura verify`
 * re-counts): where totalsFromStats trusts rsync, the numbers are exactly the walk's; where they
 * would differ (a symlink, a copied file, a folder that was not empty), it declines.
 */
import { appendFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToolResolver } from '../../../electron/engine/tools/resolve-tool.js';
import { detectRsync, pullFiles, totalsFromStats, type RsyncClient } from '../../../electron/engine/tools/rsync/index.js';
import { treeStats } from '../../../electron/engine/util/tree-stats.js';
import { tempDir } from '../../harness/tmp.js';
import { makeSiteTree } from './fixtures.js';

const EXCLUDE = ['cache/', '*.log'];

describe('totalsFromStats equals a walk of the pulled tree, or declines', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let client: RsyncClient;
  let n = 0;
  const pull = async (src: string, linkDestDir: string | null, dest = join(work.path, `snap-${++n}`)) => {
    const result = await pullFiles({ client, location: { kind: 'local', path: `${src}/` }, password: null, destDir: dest, linkDestDir, exclude: EXCLUDE });
    return { dest, result, walk: await treeStats(dest) };
  };

  beforeAll(async () => {
    work = await tempDir('kura-rsync-totals-');
    client = await detectRsync(createToolResolver());
  });
  afterAll(() => work?.cleanup());

  it('a tree without symlinks (empty and nested folders, excludes): the unchanged 2nd snapshot takes rsync’s totals, equal to the walk', async () => {
    const src = join(work.path, 'plain');
    await makeSiteTree(src);
    await rm(join(src, 'home-link'));
    await mkdir(join(src, 'empty folder', 'deeper', 'still empty'), { recursive: true });
    await writeFile(join(src, 'zero-bytes.txt'), '');
    for (let i = 0; i < 300; i++) await writeFile(join(src, 'public_html', `page-${i}.html`), 'x'.repeat(i * 37));

    const first = await pull(src, null);
    expect(totalsFromStats(first.result, true), 'files were copied: the walk decides').toBeNull();
    // Even then rsync's regular count and total size are the walk's (no symlinks in this tree).
    expect({ files: first.result.stats.kinds?.regular, bytes: first.result.stats.totalBytes }).toEqual(first.walk);

    const second = await pull(src, first.dest);
    expect(second.result.stats.filesTransferred).toBe(0);
    const totals = totalsFromStats(second.result, true);
    expect(totals).toEqual(second.walk);
    expect(totals?.files).toBe(6 + 1 + 300); // the fixture's 8 files minus cache/ and *.log, zero-bytes.txt, the pages
  });

  it('a symlink makes rsync’s total larger than the walk’s: declined', async () => {
    const src = join(work.path, 'with-link');
    await makeSiteTree(src); // has home-link → public_html/index.html
    const first = await pull(src, null);
    const second = await pull(src, first.dest);
    expect(second.result.stats.kinds?.links).toBe(1);
    expect(second.result.stats.totalBytes).toBe(second.walk.bytes + 'public_html/index.html'.length);
    expect(totalsFromStats(second.result, true)).toBeNull();
  });

  it('a changed file (data sent) or a destination that already had files: declined', async () => {
    const src = join(work.path, 'changing');
    await makeSiteTree(src);
    await rm(join(src, 'home-link'));
    const first = await pull(src, null);
    await appendFile(join(src, 'public_html', 'index.html'), 'more\n');
    const changed = await pull(src, first.dest);
    expect(changed.result.stats.filesTransferred).toBe(1);
    expect(totalsFromStats(changed.result, true)).toBeNull();

    const dest = join(work.path, 'not-empty');
    await mkdir(dest, { recursive: true });
    await writeFile(join(dest, 'left-over.txt'), 'from an earlier attempt');
    const again = await pull(src, changed.dest, dest);
    expect(again.walk.files).toBe(again.result.stats.kinds!.regular + 1);
    expect(totalsFromStats(again.result, false)).toBeNull();
  });

  it('the conditions, one by one', () => {
    const clean = {
      outcome: 'clean' as const,
      stats: { files: 5, kinds: { regular: 3, dirs: 2, links: 0, devices: 0, specials: 0 }, totalBytes: 100, transferredBytes: 0, filesTransferred: 0 },
    };
    expect(totalsFromStats(clean, true)).toEqual({ files: 3, bytes: 100 });
    expect(totalsFromStats(clean, false)).toBeNull();
    expect(totalsFromStats({ ...clean, outcome: 'partial' }, true)).toBeNull();
    expect(totalsFromStats({ ...clean, stats: { ...clean.stats, kinds: null } }, true)).toBeNull();
    for (const k of ['links', 'devices', 'specials'] as const) {
      expect(totalsFromStats({ ...clean, stats: { ...clean.stats, kinds: { ...clean.stats.kinds, [k]: 1 } } }, true), k).toBeNull();
    }
    expect(totalsFromStats({ ...clean, stats: { ...clean.stats, filesTransferred: 1, transferredBytes: 10 } }, true)).toBeNull();
  });
});
