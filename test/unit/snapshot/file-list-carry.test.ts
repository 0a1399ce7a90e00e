/**
 * The pieces that make the second night cheap without trusting anything they should not, on real
 * files: files hashed while rsync copies (only once rsync has put them in place), the previous list
 * read ahead (hashes carried over only for the very inode that was hashed, also past the read-ahead,
 * from lists of both formats), and the list reader that refuses a doctored line instead of guessing.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readlinkSync } from 'node:fs';
import { copyFile, link, mkdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildFileList, type BuiltList } from '../../../electron/engine/snapshot/file-list-build.js';
import { FileListFormatError, FileListReader, FileListWriter } from '../../../electron/engine/snapshot/file-list.js';
import { Prehasher } from '../../../electron/engine/snapshot/prehash.js';
import { Precarrier } from '../../../electron/engine/snapshot/precarry.js';
import { PreviousHashes } from '../../../electron/engine/snapshot/previous-hashes.js';
import { sha256File } from '../../../electron/engine/util/sha256.js';
import { comparePaths } from '../../../electron/engine/util/tree-walk.js';
import type { MessageData } from '../../../electron/shared/messages/index.js';
import { tempDir } from '../../harness/tmp.js';
import { countLoopTurns } from '../../harness/loop-turns.js';

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

describe('a reported file that is not in place yet (rsync 3.5 renames it later than it names the next one)', () => {
  const tick = () => new Promise((r) => setImmediate(r));

  it('is tried again a few reports later, while rsync still copies', async () => {
    await mkdir(at('tree'));
    const p = new Prehasher(at('tree'));
    p.add(Buffer.from('a.txt'));
    p.add(Buffer.from('b.txt'));
    await tick();
    await tick();
    // a.txt was looked for and not found; rsync renames it into place now.
    await writeFile(at('tree', 'a.txt'), 'alpha');
    for (let i = 0; i < 12; i++) {
      p.add(Buffer.from(`later-${i}`));
      await tick();
    }
    const done = await p.finish();
    expect(done.get('a.txt')?.sha256).toBe(await sha256File(at('tree', 'a.txt')));
    expect(p.hashedBytes).toBe(5);
  });

  it('is hashed once rsync has ended when it came too late for that (not left to the list after the copy)', async () => {
    await mkdir(at('tree'));
    const p = new Prehasher(at('tree'));
    for (const name of ['a.txt', 'b.txt', 'c.txt']) {
      p.add(Buffer.from(name));
      await tick();
      await tick();
    }
    for (const name of ['a.txt', 'b.txt', 'c.txt']) await writeFile(at('tree', name), name);
    const done = await p.complete();
    expect([...done.keys()].sort()).toEqual(['a.txt', 'b.txt', 'c.txt']);
    expect(p.hashedDuringCopy).toBe(0);
  });

  it('a file that never comes (gone from the server) is given up, and the rest are hashed', async () => {
    await mkdir(at('tree'));
    const p = new Prehasher(at('tree'));
    p.add(Buffer.from('never.txt'));
    for (let i = 0; i < 100; i++) {
      await writeFile(at('tree', `f${i}`), `${i}`);
      p.add(Buffer.from(`f${i}`));
      await tick();
    }
    const done = await p.complete();
    expect(done.has('never.txt')).toBe(false);
    expect(done.size).toBe(100);
  });
});

describe('hashing the rest once rsync has ended (Prehasher.complete)', () => {
  it('hashes every reported file, the last one too, each with its own bytes', async () => {
    await mkdir(at('tree'));
    const p = new Prehasher(at('tree'));
    const names = Array.from({ length: 40 }, (_, i) => `f${i}.bin`);
    for (const [i, name] of names.entries()) {
      await writeFile(at('tree', name), Buffer.alloc(1000 + i * 5000, i + 1));
      p.add(Buffer.from(name));
    }
    const done = await p.complete();
    expect([...done.keys()].sort()).toEqual([...names].sort());
    for (const name of names) expect(done.get(name)!.sha256).toBe(await sha256File(at('tree', name)));
    expect(p.hashedBytes).toBe(names.reduce((a, _, i) => a + 1000 + i * 5000, 0));
  });

  it('gives the event loop its turns while it hashes a long queue, so rsync\'s lines and a cancel get through', async () => {
    await mkdir(at('tree'));
    // 24 MiB in 600 files, small enough to be read in one go each: the turns come from the bytes of many files.
    const names = Array.from({ length: 600 }, (_, i) => `f${String(i).padStart(3, '0')}.bin`);
    for (const [i, name] of names.entries()) await writeFile(at('tree', name), Buffer.alloc(40 * 1024, i % 251));
    const p = new Prehasher(at('tree'));
    for (const name of names) p.add(Buffer.from(name));
    const loop = countLoopTurns();
    const done = await p.complete();
    const turns = loop.stop();
    expect(done.size).toBe(600);
    // One turn after every 4 MiB hashed: about six (none if the queue were hashed in one go).
    expect(turns).toBeGreaterThanOrEqual(4);

    // A cancel made at the first turn stops the hashing there, not at the end of the queue.
    const ac = new AbortController();
    const cancelled = new Prehasher(at('tree'), ac.signal);
    for (const name of names) cancelled.add(Buffer.from(name));
    setImmediate(() => ac.abort(new Error('cancelled by the test')));
    const some = await cancelled.complete();
    expect(some.size).toBeGreaterThan(0);
    expect(some.size).toBeLessThan(300);
  });

  it('hashes nothing more once cancelled, and a failed copy (finish) leaves the last reported file to the list', async () => {
    await mkdir(at('tree'));
    for (const name of ['a', 'b', 'c']) await writeFile(at('tree', name), name);
    const failed = new Prehasher(at('tree'));
    for (const name of ['a', 'b', 'c']) failed.add(Buffer.from(name));
    expect([...(await failed.finish()).keys()].sort()).not.toContain('c');
    const ac = new AbortController();
    const cancelled = new Prehasher(at('tree'), ac.signal);
    ac.abort();
    for (const name of ['a', 'b', 'c']) cancelled.add(Buffer.from(name));
    expect((await cancelled.complete()).size).toBe(0);
  });
});

/** A tree of `n` files, its list, and a second snapshot of it made of hard links (what --link-dest makes). */
async function twoNights(n: number): Promise<{ first: BuiltList; listSha256: string }> {
  await mkdir(at('night1', 'd'), { recursive: true });
  const folderTime = new Date('2026-12-01T00:00:00Z');
  // Whole-second times: a file given "the same mtime" again (utimes with a Date) keeps it exactly.
  for (let i = 0; i < n; i++) {
    await writeFile(at('night1', 'd', `f${String(i).padStart(3, '0')}.txt`), `file ${i}`);
    await utimes(at('night1', 'd', `f${String(i).padStart(3, '0')}.txt`), folderTime, folderTime);
  }
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

/** Rewrites a list as format 1 wrote it (no inode column); returns its new sha256. */
async function asFormat1(file: string): Promise<string> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  expect(lines[0]).toBe('# kura-files/2 kind sha256 size mtime-ms inode path');
  const rest = lines.slice(1).map((l) => l.replace(/^(\S+ \S+ \S+ \S+) \S+ /, '$1 '));
  await writeFile(file, ['# kura-files/1 kind sha256 size mtime-ms path', ...rest].join('\n'));
  return sha256File(file);
}

/** Sets the inode column of `rel`'s line in a list of format 2; returns the list's new sha256. */
async function setInode(file: string, rel: string, ino: number | bigint): Promise<string> {
  const text = await readFile(file, 'utf8');
  const doctored = text.split('\n').map((l) => (l.endsWith(` ${rel}`) ? l.replace(/^(f \S+ \S+ \S+) \S+ /, `$1 ${ino} `) : l));
  expect(doctored.join('\n')).not.toBe(text);
  await writeFile(file, doctored.join('\n'));
  return sha256File(file);
}

const lineOf = async (list: string, rel: string) => (await readFile(list, 'utf8')).split('\n').find((l) => l.endsWith(` ${rel}`))!;

describe("carrying hashes over from the previous night's list (PreviousHashes)", () => {
  it('writes lists of format 2: every file with the inode it had when it was hashed', async () => {
    await twoNights(3);
    const lines = (await readFile(at('night1.files'), 'utf8')).split('\n');
    expect(lines[0]).toBe('# kura-files/2 kind sha256 size mtime-ms inode path');
    expect(lines[1]).toMatch(/^d - 0 \d+ - d$/);
    const ino = lstatSync(at('night1', 'd', 'f001.txt'), { bigint: true }).ino;
    expect(lines[3]).toMatch(new RegExp(`^f [0-9a-f]{64} 6 \\d+ ${ino} d/f001\\.txt$`));
  });

  for (const format of [1, 2] as const) {
    it(`hashes again a file that is another inode with the same size and mtime, or whose recorded mtime differs (previous list of format ${format})`, async () => {
      let { listSha256 } = await twoNights(10);
      if (format === 1) listSha256 = await asFormat1(at('night1.files'));
      const s = await stat(at('night2', 'd', 'f002.txt'));
      await rm(at('night2', 'd', 'f002.txt'));
      await writeFile(at('night2', 'd', 'f002.txt'), 'FILE 2');
      await utimes(at('night2', 'd', 'f002.txt'), s.atime, s.mtime);
      await utimes(at('night2', 'd', 'f007.txt'), s.atime, new Date(s.mtimeMs + 5000));
      const previous = new PreviousHashes({ itemDir: at('night1'), listFile: at('night1.files'), listSha256 }, undefined, undefined, 3);
      const second = await buildFileList({ itemDir: at('night2'), listFile: at('night2.files'), previous });
      expect([second.carriedFiles, second.hashedFiles]).toEqual([8, 2]);
      expect((await lineOf(at('night2.files'), 'd/f002.txt')).split(' ')[1]).toBe(await sha256File(at('night2', 'd', 'f002.txt')));
    });
  }

  it('hashes again a file whose previous copy was replaced after its list was written by other bytes of the same size and mtime (format 1 carried it)', async () => {
    const { listSha256 } = await twoNights(10);
    // The previous snapshot's f005 is replaced (another inode, same size and mtime) before the new
    // night links to it: the list's hash is not of these bytes. An older snapshot still holds the
    // hashed inode, so the disk cannot hand its number to the replacement (when nothing holds it, the
    // number may come back — ext4 does that at once — and only verify can tell, as with format 1).
    await link(at('night1', 'd', 'f005.txt'), at('older-f005.txt'));
    const s = await stat(at('night1', 'd', 'f005.txt'));
    await rm(at('night2', 'd', 'f005.txt'));
    await rm(at('night1', 'd', 'f005.txt'));
    await writeFile(at('night1', 'd', 'f005.txt'), 'FILE 5');
    await utimes(at('night1', 'd', 'f005.txt'), s.atime, s.mtime);
    await link(at('night1', 'd', 'f005.txt'), at('night2', 'd', 'f005.txt'));
    const previous = new PreviousHashes({ itemDir: at('night1'), listFile: at('night1.files'), listSha256 });
    const second = await buildFileList({ itemDir: at('night2'), listFile: at('night2.files'), previous });
    expect([second.carriedFiles, second.hashedFiles]).toEqual([9, 1]);
    expect((await lineOf(at('night2.files'), 'd/f005.txt')).split(' ')[1]).toBe(await sha256File(at('night2', 'd', 'f005.txt')));
  });

  it("carries nothing for a file whose inode column names another inode (a list that lies about it)", async () => {
    await twoNights(10);
    const listSha256 = await setInode(at('night1.files'), 'd/f003.txt', lstatSync(at('night1', 'd', 'f004.txt'), { bigint: true }).ino);
    const previous = new PreviousHashes({ itemDir: at('night1'), listFile: at('night1.files'), listSha256 });
    const second = await buildFileList({ itemDir: at('night2'), listFile: at('night2.files'), previous });
    expect([second.carriedFiles, second.hashedFiles]).toEqual([9, 1]);
  });

  it('hashes again a fresh copy (one name) that has the inode number the list recorded — a number the disk handed on after the hashed file was deleted', async () => {
    await twoNights(10);
    // f006 in the new snapshot is a copy, not a link: other bytes, same size and mtime…
    const s = await stat(at('night1', 'd', 'f006.txt'));
    await rm(at('night2', 'd', 'f006.txt'));
    await writeFile(at('night2', 'd', 'f006.txt'), 'FILE 6');
    await utimes(at('night2', 'd', 'f006.txt'), s.atime, s.mtime);
    // …and the list's number for f006 is the copy's (as when the hashed inode's number is reused).
    const listSha256 = await setInode(at('night1.files'), 'd/f006.txt', lstatSync(at('night2', 'd', 'f006.txt'), { bigint: true }).ino);
    const previous = new PreviousHashes({ itemDir: at('night1'), listFile: at('night1.files'), listSha256 });
    const second = await buildFileList({ itemDir: at('night2'), listFile: at('night2.files'), previous });
    expect([second.carriedFiles, second.hashedFiles]).toEqual([9, 1]);
    expect((await lineOf(at('night2.files'), 'd/f006.txt')).split(' ')[1]).toBe(await sha256File(at('night2', 'd', 'f006.txt')));
  });

  it('carries from a list of format 1, writes format 2, and the night after carries from that (an upgrade between two nights)', async () => {
    const { first } = await twoNights(10);
    const v1Sha = await asFormat1(at('night1.files'));
    const previous = new PreviousHashes({ itemDir: at('night1'), listFile: at('night1.files'), listSha256: v1Sha });
    const second = await buildFileList({ itemDir: at('night2'), listFile: at('night2.files'), previous });
    expect([second.carriedFiles, second.hashedFiles]).toEqual([10, 0]);
    // The same inodes as the first night: the list is the first night's, byte for byte.
    expect(second.sha256).toBe(first.sha256);
    // Night 3 links to night 2; f001 is a copy with the same bytes (rsync copied it): hashed again.
    await mkdir(at('night3', 'd'), { recursive: true });
    for (const name of readdirSync(at('night2', 'd'))) {
      if (name === 'f001.txt') {
        await copyFile(at('night2', 'd', name), at('night3', 'd', name));
        const t = await stat(at('night2', 'd', name));
        await utimes(at('night3', 'd', name), t.atime, t.mtime);
      } else await link(at('night2', 'd', name), at('night3', 'd', name));
    }
    const third = await buildFileList({
      itemDir: at('night3'),
      listFile: at('night3.files'),
      previous: new PreviousHashes({ itemDir: at('night2'), listFile: at('night2.files'), listSha256: second.sha256 }),
    });
    expect([third.carriedFiles, third.hashedFiles]).toEqual([9, 1]);
  });

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

describe('copying lines over (FileListWriter.tryAddFileLines / addFileLine / addLine)', () => {
  it('writes the same bytes as formatting each entry, across many 256 KiB chunks', async () => {
    const entries = Array.from({ length: 6000 }, (_, i) => ({
      kind: 'f' as const,
      sha256: createHash('sha256').update(String(i)).digest('hex'),
      size: i * 7,
      mtimeMs: 1_790_000_000_000 + i,
      ino: 1000 + i,
      rel: Buffer.from(`商品画像/dir${String(Math.floor(i / 100)).padStart(3, '0')}/${'x'.repeat(i % 90)}-${String(i).padStart(5, '0')}.jpg`),
    })).sort((a, b) => comparePaths(a.rel, b.rel));
    const formatted = new FileListWriter(at('a.files'));
    for (const e of entries) await formatted.add(e);
    const sha = await formatted.close();
    const reader = new FileListReader(at('a.files'));
    const copied = new FileListWriter(at('b.files'));
    let fast = 0;
    for (let e = await reader.next(), n = 0; e; e = await reader.next(), n++) {
      // A line from the middle of a larger buffer, as the read-ahead copies them (ahead-entries.ts).
      const around = Buffer.concat([Buffer.from('x\n'), e.line, Buffer.from('\ny')]);
      if (n % 3 === 2) await copied.addLine(e, e.line);
      else if (copied.tryAddFileLines(1, e.size, around, 2, 2 + e.line.length)) fast++;
      else await copied.addFileLine(e.size, around, 2, 2 + e.line.length);
    }
    await reader.close();
    expect(await copied.close()).toBe(sha);
    expect(await readFile(at('b.files'))).toEqual(await readFile(at('a.files')));
    expect([copied.entries, copied.files, copied.bytes]).toEqual([formatted.entries, formatted.files, formatted.bytes]);
    // Most lines went the quick way; the ones at a chunk's end the other (the list is several chunks).
    expect(fast).toBeGreaterThan(3900);
    expect(fast).toBeLessThan(4000);
  });
});

describe('reading a list', () => {
  const header = '# kura-files/1 kind sha256 size mtime-ms path\n';
  const sha = 'a'.repeat(64);
  async function readAll(text: string | Buffer): Promise<string> {
    await writeFile(at('x.files'), text);
    const r = new FileListReader(at('x.files'));
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

  const header2 = '# kura-files/2 kind sha256 size mtime-ms inode path\n';

  it('reads the inode column of format 2 exactly, also past 2^53', async () => {
    await writeFile(at('y.files'), `${header2}d - 0 5 - a\nf ${sha} 12 7 9007199254740993 a/b\nf ${sha} 1 7 - a/c\nl ${sha} 3 9 - b\n`);
    const r = new FileListReader(at('y.files'));
    const inos: unknown[] = [];
    for (let e = await r.next(); e; e = await r.next()) inos.push(e.ino);
    expect(r.version).toBe(2);
    expect(inos).toEqual([null, 9007199254740993n, null, null]);
  });

  it.each([
    ['a line without the inode column', `f ${sha} 12 7 a`],
    ['an inode with a leading zero', `f ${sha} 12 7 0123 a`],
    ['inode 0', `f ${sha} 12 7 0 a`],
    ['an inode past 2^64', `f ${sha} 12 7 18446744073709551616 a`],
    ['a folder with an inode', `d - 0 7 12 a`],
    ['a symlink with an inode', `l ${sha} 1 7 12 a`],
  ])('refuses in format 2 %s', async (_what, line) => {
    expect(await readAll(`${header2}${line}\n`)).toBe('refused file-list-line-damaged');
  });

  it('refuses a line cut anywhere before its path, never reading its fields on into the next line', async () => {
    // Lines are checked where they lie in the bytes read (scan): a field that ran on past its line's
    // end would take the next line's digits or path for its own.
    const whole = `f ${sha} 12 7 4242 `;
    for (let cut = 1; cut <= whole.length; cut++) {
      expect(await readAll(`${header2}${whole.slice(0, cut)}\nf ${sha} 12 7 4243 z/x\n`), `cut after ${cut} characters`).toBe('refused file-list-line-damaged');
    }
    const folder = 'd - 0 5 - ';
    for (let cut = 1; cut <= folder.length; cut++) expect(await readAll(`${header2}${folder.slice(0, cut)}\nd - 0 5 - z\n`)).toBe('refused file-list-line-damaged');
  });

  it('refuses lines out of walk order and a file that is not a list', async () => {
    expect(await readAll(`${header}f ${sha} 1 7 b\nf ${sha} 1 7 a\n`)).toBe('refused file-list-line-order');
    expect(await readAll('# something else\n')).toBe('refused file-list-not-a-list');
  });
});

describe('carrying hashes over while rsync links (Precarrier)', () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  /** Night 1's files: top-level files, two folders, a folder inside one of them. */
  const files = ['a.txt', ...['d1', 'd2'].flatMap((d) => Array.from({ length: 12 }, (_, i) => `${d}/f${String(i).padStart(2, '0')}.txt`)), 'd2/sub/g0.txt', 'd2/sub/g1.txt', 'z.txt'];
  const folders = ['d1', 'd2', 'd2/sub'];
  const when = new Date('2026-12-01T00:00:00Z');

  async function firstNight(): Promise<{ list: BuiltList; previous: () => PreviousHashes }> {
    for (const f of folders) await mkdir(at('night1', f), { recursive: true });
    for (const [i, f] of files.entries()) {
      await writeFile(at('night1', f), `content of ${f} `.repeat(i + 1));
      await utimes(at('night1', f), when, when);
    }
    for (const f of [...folders].reverse()) await utimes(at('night1', f), when, when);
    const list = await buildFileList({ itemDir: at('night1'), listFile: at('night1.files'), previous: null });
    return { list, previous: () => new PreviousHashes({ itemDir: at('night1'), listFile: at('night1.files'), listSha256: list.sha256 }) };
  }

  /** What rsync --link-dest does, in its order: the top level's files and folders first, then each folder's files in name order. */
  async function linkLikeRsync(skip: (f: string) => boolean = () => false): Promise<void> {
    await mkdir(at('night2'));
    const top = files.filter((f) => !f.includes('/'));
    const inFolders = folders.flatMap((d) => files.filter((f) => f.slice(0, f.lastIndexOf('/')) === d));
    for (const f of ['d1', 'd2']) await mkdir(at('night2', f));
    for (const [i, f] of [...top, ...inFolders].entries()) {
      if (f === 'd2/sub/g0.txt') await mkdir(at('night2', 'd2', 'sub'));
      if (!skip(f)) await link(at('night1', f), at('night2', f));
      if (i % 3 === 2) await sleep(3);
    }
    for (const f of [...folders].reverse()) await utimes(at('night2', f), when, when);
  }

  /** Waits (up to 10 s: Wine is slow) until the precarrier has caught up with "rsync", then a little more. */
  async function caughtUp(pc: Precarrier, files: number): Promise<void> {
    for (const end = Date.now() + 10_000; pc.files < files && Date.now() < end; ) await sleep(5);
    await sleep(30);
  }

  /** Night 1, and night 2 made by "rsync" while a Precarrier follows it (`expected`: the files it should carry). */
  async function followedNight(expected: number, skip?: (f: string) => boolean) {
    const { list, previous } = await firstNight();
    const prev = previous();
    const pc = new Precarrier(at('night2'), prev);
    await linkLikeRsync(skip);
    await caughtUp(pc, expected);
    return { list, previous, prev, pc, carried: await pc.complete() };
  }

  it('follows rsync folder by folder and carries every linked file while it runs; the list is the same bytes as the walk makes', async () => {
    const { list, previous, prev, pc, carried } = await followedNight(files.length);
    expect(pc.files).toBe(files.length);
    const second = await buildFileList({ itemDir: at('night2'), listFile: at('night2.files'), previous: prev, precarried: carried });
    expect([second.carriedFiles, second.hashedFiles]).toEqual([files.length, 0]);
    expect(second.sha256).toBe(list.sha256);
    // The walk alone writes the very same list.
    const walked = await buildFileList({ itemDir: at('night2'), listFile: at('walked.files'), previous: previous() });
    expect(walked.sha256).toBe(second.sha256);
  });

  it('carries nothing the walk would not: a fresh copy with the same size and mtime, and a file whose inode the list misnames, are hashed by the list', async () => {
    await firstNight();
    // The list names d1/f04's inode for d1/f03 (a list that lies); its recorded sha256 is updated to match.
    const listSha256 = await setInode(at('night1.files'), 'd1/f03.txt', lstatSync(at('night1', 'd1', 'f04.txt'), { bigint: true }).ino);
    const prev = new PreviousHashes({ itemDir: at('night1'), listFile: at('night1.files'), listSha256 });
    const pc = new Precarrier(at('night2'), prev);
    // rsync copied d1/f02 instead of linking it: another inode with other bytes, the same size and mtime.
    await linkLikeRsync((f) => f === 'd1/f02.txt');
    const size = (await stat(at('night1', 'd1', 'f02.txt'))).size;
    await writeFile(at('night2', 'd1', 'f02.txt'), 'X'.repeat(size));
    await utimes(at('night2', 'd1', 'f02.txt'), when, when);
    await caughtUp(pc, files.length - 2);
    const carried = await pc.complete();
    expect(pc.files).toBe(files.length - 2);
    expect(carried.has('d1', 'f02.txt')).toBe(false);
    expect(carried.has('d1', 'f03.txt')).toBe(false);
    const second = await buildFileList({ itemDir: at('night2'), listFile: at('night2.files'), previous: prev, precarried: carried });
    expect([second.carriedFiles, second.hashedFiles]).toEqual([files.length - 2, 2]);
    expect((await lineOf(at('night2.files'), 'd1/f02.txt')).split(' ')[1]).toBe(await sha256File(at('night2', 'd1', 'f02.txt')));
  });

  it('does not let a file gone from the server hold up its folder, nor a folder whose last file is gone hold up the others', async () => {
    // d1/f05 is gone from the server; so is the last file of d2/sub (its folder then waits for nothing).
    const { previous, prev, carried } = await followedNight(files.length - 3, (f) => f === 'd1/f05.txt' || f === 'd2/sub/g1.txt');
    expect(carried.count('d1')).toBe(11);
    expect(carried.count('d2')).toBe(12);
    expect(carried.count('')).toBe(2);
    // d2/sub's missing last file cannot be told from one still to come: that folder waits (its g0 is the
    // walk's), the others do not.
    expect(carried.count('d2/sub')).toBe(0);
    const second = await buildFileList({ itemDir: at('night2'), listFile: at('night2.files'), previous: prev, precarried: carried });
    expect([second.carriedFiles, second.hashedFiles]).toEqual([files.length - 2, 0]);
    // d1/f04 and d1/f06 are copied from lines that do not follow one another: f05's line is not taken with them.
    expect(await readFile(at('night2.files'), 'utf8')).not.toContain(' d1/f05.txt');
    const walked = await buildFileList({ itemDir: at('night2'), listFile: at('walked.files'), previous: previous() });
    expect(walked.sha256).toBe(second.sha256);
  });

  it('carries nothing once discarded: a link replaced after rsync (a damaged file copied afresh) is looked at by the list', async () => {
    const { prev, pc, carried } = await followedNight(files.length);
    expect(pc.files).toBe(files.length);
    // What damaged-links.ts does: the link is removed and the file fetched again (same bytes, a new inode).
    await rm(at('night2', 'd1', 'f07.txt'));
    await copyFile(at('night1', 'd1', 'f07.txt'), at('night2', 'd1', 'f07.txt'));
    await utimes(at('night2', 'd1', 'f07.txt'), when, when);
    await pc.discard();
    expect([carried.folders, pc.files]).toEqual([0, 0]);
    const second = await buildFileList({ itemDir: at('night2'), listFile: at('night2.files'), previous: prev, precarried: carried });
    expect([second.carriedFiles, second.hashedFiles]).toEqual([files.length - 1, 1]);
    const ino = lstatSync(at('night2', 'd1', 'f07.txt'), { bigint: true }).ino;
    expect((await lineOf(at('night2.files'), 'd1/f07.txt')).split(' ')[4]).toBe(String(ino));
  });

  it("copies large folders' carried lines as they lie in the previous list, across its 256 KiB chunks and the new list's: the same bytes as the walk", async () => {
    // 2 × 1,200 files with 200-byte names (Japanese and ASCII): the lists are ≈ 0.7 MB, so a folder's
    // lines cross the chunks the previous list is read in, and the chunk the new one is gathered in fills.
    const names = (d: string) => Array.from({ length: 1200 }, (_, i) => `${d}/${'商品'.repeat(30)}${'x'.repeat(20)}-${String(i).padStart(5, '0')}.jpg`);
    const all = [...names('a'), ...names('b')];
    for (const d of ['a', 'b']) await mkdir(at('night1', d), { recursive: true });
    for (const [i, f] of all.entries()) await writeFile(at('night1', f), `file ${i}`);
    for (const d of ['a', 'b']) await utimes(at('night1', d), when, when);
    const list = await buildFileList({ itemDir: at('night1'), listFile: at('night1.files'), previous: null });
    expect((await stat(at('night1.files'))).size).toBeGreaterThan(600_000);
    const prev = new PreviousHashes({ itemDir: at('night1'), listFile: at('night1.files'), listSha256: list.sha256 });
    const pc = new Precarrier(at('night2'), prev);
    for (const d of ['a', 'b']) await mkdir(at('night2', d), { recursive: true });
    for (const f of all) await link(at('night1', f), at('night2', f));
    for (const d of ['a', 'b']) await utimes(at('night2', d), when, when);
    await caughtUp(pc, all.length);
    const carried = await pc.complete();
    expect([carried.count('a'), carried.count('b')]).toEqual([1200, 1200]);
    const second = await buildFileList({ itemDir: at('night2'), listFile: at('night2.files'), previous: prev, precarried: carried });
    expect([second.carriedFiles, second.hashedFiles, second.files, second.bytes]).toEqual([all.length, 0, list.files, list.bytes]);
    expect(second.sha256).toBe(list.sha256);
    const walked = await buildFileList({ itemDir: at('night2'), listFile: at('walked.files'), previous: new PreviousHashes({ itemDir: at('night1'), listFile: at('night1.files'), listSha256: list.sha256 }) });
    expect(walked.sha256).toBe(second.sha256);
  }, 60_000);

  it('stops following at once when the run is cancelled, and carries nothing from a list that is not the recorded one', async () => {
    await firstNight();
    const ac = new AbortController();
    const other = new PreviousHashes({ itemDir: at('night1'), listFile: at('night1.files'), listSha256: '0'.repeat(64) });
    const pc = new Precarrier(at('night2'), other, ac.signal);
    await linkLikeRsync();
    await sleep(30);
    expect((await pc.complete()).folders).toBe(0);
    const cancelled = new Precarrier(at('night2'), new PreviousHashes({ itemDir: at('night1'), listFile: at('night1.files'), listSha256: (await sha256File(at('night1.files'))) }, undefined, ac.signal), ac.signal);
    ac.abort();
    const t = performance.now();
    await cancelled.complete();
    expect(performance.now() - t).toBeLessThan(1000);
  });
});
