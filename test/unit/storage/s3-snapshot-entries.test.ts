/**
 * snapshotEntries reads a files item's per-file list while the off-site copy uploads. What would go
 * wrong unseen: an upload that fails, is cancelled or meets a damaged local file leaves the list open.
 * On Windows an open file keeps its snapshot folder from being deleted, so retention then fails on a
 * snapshot that has nothing wrong with it. Real snapshot folders, real lists (buildFileList).
 */
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { filesItemOf } from '../../harness/files-item.js';
import { stillOpen } from '../../harness/open-files.js';
import { buildFileList } from '../../../electron/engine/snapshot/file-list-build.js';
import { fileListPath } from '../../../electron/engine/snapshot/file-list.js';
import type { FilesManifestItem } from '../../../electron/engine/snapshot/manifest.js';
import { LocalCopyDamaged } from '../../../electron/engine/storage/s3/s3-objects.js';
import { snapshotEntries } from '../../../electron/engine/storage/s3/s3-snapshot-entries.js';

const top = mkdtempSync(join(tmpdir(), 'kura-s3-entries-'));
afterAll(() => rmSync(top, { recursive: true, force: true }));

let n = 0;
let snapshot: string;
let item: FilesManifestItem;
let listFile: string;

beforeEach(async () => {
  snapshot = join(top, `snap-${++n}`);
  const root = join(snapshot, 'files', 'site');
  for (const dir of ['a', "写真 [2026] 'b'"]) {
    mkdirSync(join(root, dir), { recursive: true });
    for (let f = 0; f < 20; f++) writeFileSync(join(root, dir, `f${f}`), `file ${dir} ${f}\n`);
  }
  listFile = join(snapshot, fileListPath('files/site'));
  const built = await buildFileList({ itemDir: root, listFile, previous: null });
  item = filesItemOf('site', built);
});

describe("a snapshot's entries for the off-site copy", () => {
  it('gives every entry of the list, and the list is closed at the end', async () => {
    const paths: string[] = [];
    for await (const e of snapshotEntries(snapshot, [item])) paths.push(e.path.toString());
    // The list itself, the item's folder, then its 2 folders and 40 files.
    expect(paths).toHaveLength(1 + 1 + 2 + 40);
    expect(paths).toContain("files/site/写真 [2026] 'b'/f7");
    expect(await stillOpen(listFile)).toBe(false);
  });

  it('closes the list when the upload stops early (a failed upload, a cancel)', async () => {
    let seen = 0;
    for await (const e of snapshotEntries(snapshot, [item])) {
      if (e.kind === 'f' && ++seen === 5) break;
    }
    expect(await stillOpen(listFile)).toBe(false);
  });

  it('closes the list when a local file no longer matches it', async () => {
    truncateSync(join(snapshot, 'files', 'site', 'a', 'f3'), 1);
    const read = async () => {
      for await (const _ of snapshotEntries(snapshot, [item])) void _;
    };
    await expect(read()).rejects.toBeInstanceOf(LocalCopyDamaged);
    expect(await stillOpen(listFile)).toBe(false);
  });
});
