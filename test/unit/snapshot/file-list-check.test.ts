/**
 * checkTree (`kura verify`, the checks around a restore) hashes several files at once and takes their
 * findings in walk order. What could make a check lie: a finding of one file charged to another when
 * answers come back out of order, a problem list or progress in another order than the walk (so the
 * first 200 named are not the first 200), a later file's error reported instead of an earlier one's, a
 * file still being read (or the list still open) after the check returned, or a damaged file passed.
 * Real lists written by buildFileList over real files; the hashing is the real pool, wrapped to answer
 * out of order.
 */
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { stillOpen } from '../../harness/open-files.js';
import { ON_WINDOWS } from '../../harness/platform.js';
import { buildFileList } from '../../../electron/engine/snapshot/file-list-build.js';
import { checkTree, type TreeCheckInput } from '../../../electron/engine/snapshot/file-list-check.js';
import { sha256OfFile } from '../../../electron/engine/util/hash-entry.js';
import type { FileHash } from '../../../electron/engine/util/hash-worker-pool.js';

const top = mkdtempSync(join(tmpdir(), 'kura-list-check-'));
afterAll(() => rmSync(top, { recursive: true, force: true }));

let n = 0;
let root: string;
let listFile: string;
let listSha256: string;
/** Files in walk order (the list's order), with their sizes. */
let files: { rel: string; size: number }[];

beforeEach(async () => {
  n++;
  root = join(top, `tree-${n}`);
  listFile = join(top, `tree-${n}.files`);
  files = [];
  for (let d = 0; d < 4; d++) {
    const dir = d === 2 ? "写真 [2026] 'a'" : `d${d}`;
    mkdirSync(join(root, dir), { recursive: true });
    for (let f = 0; f < 15; f++) {
      const size = ((d * 15 + f) * 7919) % 300_000;
      writeFileSync(join(root, dir, `f${String(f).padStart(2, '0')}`), Buffer.alloc(size, (d * 15 + f) & 0xff));
    }
  }
  // A symlink is hashed by its target text, in walk order with the files (Windows Node may not make one).
  if (!ON_WINDOWS) symlinkSync('d0/f01', join(root, 'link'));
  const built = await buildFileList({ itemDir: root, listFile, previous: null });
  listSha256 = built.sha256;
  // The list's own order is the walk's.
  for (const line of readFileSync(listFile, 'utf8').split('\n')) {
    const m = /^f [0-9a-f]{64} (\d+) \d+ \S+ (.*)$/.exec(line);
    if (m) files.push({ rel: m[2]!, size: Number(m[1]) });
  }
  expect(files).toHaveLength(60);
});

/** The real hash, answered after a delay that makes later files often answer first; counts how many run at once. */
function outOfOrder(fail: Map<string, { afterMs: number; err: Error }> = new Map()) {
  let atOnce = 0;
  let started = 0;
  const seen = { most: 0, open: () => atOnce };
  const hashFile: NonNullable<TreeCheckInput['hashFile']> = async (abs, signal, size): Promise<FileHash> => {
    atOnce++;
    seen.most = Math.max(seen.most, atOnce);
    const i = started++;
    try {
      const h = await sha256OfFile(abs, signal, size);
      const failing = fail.get(abs.toString().slice(root.length + 1));
      await new Promise((r) => setTimeout(r, failing?.afterMs ?? (i * 7) % 6));
      if (failing) throw failing.err;
      return h;
    } finally {
      atOnce--;
    }
  };
  return { hashFile, seen };
}

function flip(rel: string): void {
  const path = join(root, rel);
  const b = readFileSync(path);
  b[b.length >> 1] = b[b.length >> 1]! ^ 1;
  writeFileSync(path, b);
}

describe('checkTree with several files hashed at once', () => {
  it('passes a whole tree, counting every file and byte once, with progress in walk order', async () => {
    const { hashFile, seen } = outOfOrder();
    const progress: number[] = [];
    const check = await checkTree({ root, listFile, listSha256, hashFile, onHashed: (b) => progress.push(b) });
    expect(check).toMatchObject({ ok: true, listOk: true, files: 60, bytes: files.reduce((a, f) => a + f.size, 0), damaged: [] });
    let sum = 0;
    expect(progress).toEqual(files.map((f) => (sum += f.size)));
    // Several at once (one at a time before), never more than the workers can take.
    expect(seen.most).toBeGreaterThanOrEqual(2);
    expect(seen.most).toBeLessThanOrEqual(4);
  });

  it('names each damaged file (never its neighbour) and every problem in walk order, however the hashes come back', async () => {
    const damaged = [3, 4, 5, 6, 7, 17, 31, 59].map((i) => files[i]!);
    for (const f of damaged.filter((f) => f.size > 0)) flip(f.rel);
    appendFileSync(join(root, files[0]!.rel), 'x'); // longer than listed (it was empty)
    appendFileSync(join(root, files[40]!.rel), 'x');
    unlinkSync(join(root, files[22]!.rel));
    unlinkSync(join(root, files[50]!.rel));
    mkdirSync(join(root, files[50]!.rel)); // a file replaced by a folder
    writeFileSync(join(root, 'd1', 'zz-extra'), 'not listed');
    const { hashFile } = outOfOrder();
    const check = await checkTree({ root, listFile, listSha256, hashFile });
    const expected = [files[0]!, ...damaged.filter((f) => f.size > 0), files[40]!].sort((a, b) => files.indexOf(a) - files.indexOf(b));
    expect(check.damaged.map((d) => d.path)).toEqual(expected.map((f) => f.rel));
    expect(check.missing).toEqual([files[22]!.rel]);
    expect(check.wrongKind).toEqual([files[50]!.rel]);
    expect(check.extra).toEqual(['d1/zz-extra']);
    expect(check.ok).toBe(false);
    expect(check.files).toBe(58);
    expect(files[0]!.size).toBe(0);
    // The same findings as the real pool alone gives.
    const plain = await checkTree({ root, listFile, listSha256 });
    expect({ ...plain, damaged: plain.damaged.map((d) => d.path) }).toEqual({ ...check, damaged: check.damaged.map((d) => d.path) });
  });

  it("reports the first file's error in walk order even when a later file fails first, and leaves nothing reading", async () => {
    const early = new Error('EIO on the earlier file');
    const late = new Error('EIO on the later file');
    const { hashFile, seen } = outOfOrder(
      new Map([
        [files[10]!.rel, { afterMs: 40, err: early }],
        [files[11]!.rel, { afterMs: 0, err: late }],
      ]),
    );
    await expect(checkTree({ root, listFile, listSha256, hashFile })).rejects.toBe(early);
    expect(seen.open()).toBe(0);
    expect(await stillOpen(listFile)).toBe(false);
  });

  it('stops on a cancel with its reason, nothing still reading afterwards', async () => {
    const ac = new AbortController();
    const { hashFile, seen } = outOfOrder();
    const p = checkTree({ root, listFile, listSha256, hashFile, signal: ac.signal, onHashed: () => ac.abort(new Error('cancelled by the test')) });
    await expect(p).rejects.toThrow('cancelled by the test');
    expect(seen.open()).toBe(0);
    expect(await stillOpen(listFile)).toBe(false);
  });

  it('takes a malformed list as not the recorded one, after what came before it', async () => {
    const lines = readFileSync(listFile, 'utf8').split('\n');
    lines.splice(30, 0, 'f not-a-hash x y z broken');
    writeFileSync(listFile, lines.join('\n'));
    const check = await checkTree({ root, listFile, listSha256 });
    expect(check.listOk).toBe(false);
    expect(check.ok).toBe(false);
    expect(check.files).toBeGreaterThan(0);
  });
});
