/**
 * The pieces that make the second night cheap without trusting anything they should not, on real
 * files: files hashed while rsync copies (only once rsync has put them in place), the previous list
 * read ahead (hashes carried over only for the very same inode, also past the read-ahead), and the
 * list reader that refuses a doctored line instead of guessing.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { link, mkdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildFileList, type BuiltList } from '../../../electron/engine/snapshot/file-list-build.js';
import { FileListFormatError, FileListReader } from '../../../electron/engine/snapshot/file-list.js';
import { Prehasher } from '../../../electron/engine/snapshot/prehash.js';
import { PreviousHashes } from '../../../electron/engine/snapshot/previous-hashes.js';
import { sha256File } from '../../../electron/engine/util/sha256.js';
import { comparePaths } from '../../../electron/engine/util/tree-walk.js';
import type { MessageData } from '../../../electron/shared/messages/index.js';
import { tempDir } from '../../harness/tmp.js';

let tmp: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  tmp = await tempDir('kura-carry-');
});
// Under Wine, removing hard-linked files can leave a folder briefly "not empty": retried as Node's rm allows.
afterEach(() => rm(tmp.path, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }));

const at = (...p: string[]) => join(tmp.path, ...p);

describe('hashing while rsync copies (Prehasher)', () => {
  it('hashes a reported file only once rsync has reported the next one (rsync names a file before renaming it into place)', async () => {
    await mkdir(at('tree'));
    const p = new Prehasher(at('tree'));
    // rsync names a.txt while its data is still in a temporary file…
    p.add(Buffer.from('a.txt'));
    await writeFile(at('tree', '.a.txt.XXXXXX'), 'alpha');
    await rename(at('tree', '.a.txt.XXXXXX'), at('tree', 'a.txt'));
    // …and a.txt is in place once rsync names the next file.
    p.add(Buffer.from('b.txt'));
    const done = await p.finish();
    expect([...done.keys()]).toEqual(['a.txt']);
    expect(done.get('a.txt')!.sha256).toBe(await sha256File(at('tree', 'a.txt')));
    expect(p.hashedBytes).toBe(5);
  });

  it('leaves a file that is not the one in place (or not there at all) to the list', async () => {
    await mkdir(at('tree'));
    await writeFile(at('tree', 'old.txt'), 'older version');
    const p = new Prehasher(at('tree'));
    // (rsync's lines arrive in separate events: the event loop turns between them.)
    for (const name of ['gone.txt', 'old.txt', 'last.txt']) {
      p.add(Buffer.from(name));
      await new Promise((r) => setImmediate(r));
    }
    const done = await p.finish();
    expect(done.has('gone.txt')).toBe(false);
    // old.txt was hashed as found; the list takes it only if it is still the same inode, size and mtime.
    const early = done.get('old.txt')!;
    await writeFile(at('tree', 'new.txt'), 'newer version');
    await rename(at('tree', 'new.txt'), at('tree', 'old.txt'));
    const built = await buildFileList({ itemDir: at('tree'), listFile: at('tree.files'), previous: null, prehashed: done });
    const line = (await readFile(at('tree.files'), 'utf8')).split('\n').find((l) => l.endsWith(' old.txt'))!;
    expect(line.split(' ')[1]).toBe(await sha256File(at('tree', 'old.txt')));
    expect(line.split(' ')[1]).not.toBe(early.sha256);
    expect(built.hashedFiles).toBe(1);
  });
});

/** A tree of `n` files, its list, and a second snapshot of it made of hard links (what --link-dest makes). */
async function twoNights(n: number): Promise<{ first: BuiltList; listSha256: string }> {
  await mkdir(at('night1', 'd'), { recursive: true });
  for (let i = 0; i < n; i++) await writeFile(at('night1', 'd', `f${String(i).padStart(3, '0')}.txt`), `file ${i}`);
  const folderTime = new Date('2026-12-01T00:00:00Z');
  await utimes(at('night1', 'd'), folderTime, folderTime);
  const first = await buildFileList({ itemDir: at('night1'), listFile: at('night1.files'), previous: null });
  await mkdir(at('night2', 'd'), { recursive: true });
  for (let i = 0; i < n; i++) {
    const name = `f${String(i).padStart(3, '0')}.txt`;
    await link(at('night1', 'd', name), at('night2', 'd', name));
  }
  await utimes(at('night2', 'd'), folderTime, folderTime);
  return { first, listSha256: first.sha256 };
}

describe("carrying hashes over from the previous night's list (PreviousHashes)", () => {
  for (const readAhead of [100_000, 3]) {
    it(`carries every hard-linked file's hash over, and the list is the same bytes (read-ahead ${readAhead})`, async () => {
      const { listSha256 } = await twoNights(10);
      const warnings: MessageData[] = [];
      const previous = new PreviousHashes({ itemDir: at('night1'), listFile: at('night1.files'), listSha256 }, (m) => warnings.push(m), undefined, readAhead);
      const second = await buildFileList({ itemDir: at('night2'), listFile: at('night2.files'), previous });
      expect(second.carriedFiles).toBe(10);
      expect(second.hashedFiles).toBe(0);
      expect(second.sha256).toBe(listSha256);
      expect(warnings).toEqual([]);
    });

    it(`hashes again a file that is another inode with the same size and mtime, or whose recorded mtime differs (read-ahead ${readAhead})`, async () => {
      const { listSha256 } = await twoNights(10);
      // f002: replaced by a copy with other bytes but the same size and mtime (rsync would not notice).
      const s = await stat(at('night2', 'd', 'f002.txt'));
      await rm(at('night2', 'd', 'f002.txt'));
      await writeFile(at('night2', 'd', 'f002.txt'), 'FILE 2');
      await utimes(at('night2', 'd', 'f002.txt'), s.atime, s.mtime);
      // f007: the same inode, but its mtime is not the one the list recorded.
      await utimes(at('night2', 'd', 'f007.txt'), s.atime, new Date(s.mtimeMs + 5000));
      const previous = new PreviousHashes({ itemDir: at('night1'), listFile: at('night1.files'), listSha256 }, undefined, undefined, readAhead);
      const second = await buildFileList({ itemDir: at('night2'), listFile: at('night2.files'), previous });
      expect(second.carriedFiles).toBe(8);
      expect(second.hashedFiles).toBe(2);
      const line = (await readFile(at('night2.files'), 'utf8')).split('\n').find((l) => l.endsWith(' d/f002.txt'))!;
      expect(line.split(' ')[1]).toBe(await sha256File(at('night2', 'd', 'f002.txt')));
    });
  }

  it.runIf(process.platform === 'linux')('closes the previous list when the new one is written, also when it stopped reading early (Windows cannot delete a snapshot whose list is open)', async () => {
    const { listSha256 } = await twoNights(10);
    // The new tree ends before the previous list does: the merge never reads the previous list to its end.
    for (const n of ['f007.txt', 'f008.txt', 'f009.txt']) await rm(at('night2', 'd', n));
    const openLists = () => readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === at('night1.files');
      } catch {
        return false;
      }
    });
    const previous = new PreviousHashes({ itemDir: at('night1'), listFile: at('night1.files'), listSha256 }, undefined, undefined, 3);
    const second = await buildFileList({ itemDir: at('night2'), listFile: at('night2.files'), previous });
    expect(second.carriedFiles).toBe(7);
    expect(openLists()).toEqual([]);
  });

  it('carries nothing over from a list that is not the one the manifest recorded, and says so', async () => {
    await twoNights(4);
    const warnings: MessageData[] = [];
    const previous = new PreviousHashes({ itemDir: at('night1'), listFile: at('night1.files'), listSha256: '0'.repeat(64) }, (m) => warnings.push(m));
    const second = await buildFileList({ itemDir: at('night2'), listFile: at('night2.files'), previous });
    expect(second.carriedFiles).toBe(0);
    expect(second.hashedFiles).toBe(4);
    expect(warnings.map((w) => w.code)).toEqual(['file-list-previous-other']);
  });
});

describe('reading a list', () => {
  const header = '# kura-files/1 kind sha256 size mtime-ms path\n';
  const sha = 'a'.repeat(64);
  async function readAll(text: string | Buffer): Promise<string> {
    await writeFile(at('x.files'), text);
    const r = new FileListReader(at('x.files'), comparePaths);
    try {
      const out: string[] = [];
      for (let e = await r.next(); e; e = await r.next()) out.push(`${e.kind}:${e.rel.toString('latin1')}:${e.size}:${e.mtimeMs}`);
      return out.join(',');
    } catch (err) {
      if (err instanceof FileListFormatError) return `refused ${err.said.code}`;
      throw err;
    }
  }

  it('reads lines exactly, with escapes, and a last line without a newline', async () => {
    expect(await readAll(`${header}d - 0 5 a\nf ${sha} 12 7 a/%25 x%0A\nl ${sha} 3 9 b`)).toBe('d:a:0:5,f:a/% x\n:12:7,l:b:3:9');
  });

  it.each([
    ['a number with a leading zero', `f ${sha} 012 7 a`, 'file-list-line-damaged'],
    ['a raw carriage return (a list edited on Windows)', `f ${sha} 12 7 a\r`, 'file-list-line-damaged'],
    ['a folder with a hash', `d ${sha} 0 7 a`, 'file-list-line-damaged'],
    ['a file without one', `f - 0 7 a`, 'file-list-line-damaged'],
    ['an upper-case hash', `f ${'A'.repeat(64)} 1 7 a`, 'file-list-line-damaged'],
    ['a path leaving the folder', `f ${sha} 1 7 a/../../etc/passwd`, 'file-list-line-outside'],
    ['an escaped "/.." path', `f ${sha} 1 7 a/%2E%2E`, 'file-list-line-outside'],
    ['an empty line', ``, 'file-list-line-damaged'],
  ])('refuses %s', async (_what, line, code) => {
    expect(await readAll(`${header}${line}\n`)).toBe(`refused ${code}`);
  });

  it('refuses lines out of walk order and a file that is not a list', async () => {
    expect(await readAll(`${header}f ${sha} 1 7 b\nf ${sha} 1 7 a\n`)).toBe('refused file-list-line-order');
    expect(await readAll('# something else\n')).toBe('refused file-list-not-a-list');
  });
});
