/**
 * DurableWrite (snapshot/durable-files.ts): a files item's tree written out to the disk before the
 * snapshot is published. On Linux one syncfs of the disk; on Windows (this file also runs in the
 * Windows job, under Wine) each file the run wrote is flushed. Either way: it resolves once done, a
 * file gone or made read-only in the meantime does not fail the run, and a disk that cannot take the
 * writes fails it with destination-write-failed — never a silent success.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DurableWrite } from '../../../electron/engine/snapshot/durable-files.js';
import { KuraError } from '../../../electron/engine/errors.js';
import { tempDir } from '../../harness/tmp.js';

let tmp: { path: string; cleanup(): Promise<void> };
beforeEach(async () => {
  tmp = await tempDir('kura-durable-');
});
afterEach(() => tmp.cleanup());

describe('DurableWrite', () => {
  it('writes out a tree whose names have Japanese, quotes and brackets; gone and read-only files do not fail it', async () => {
    const dir = join(tmp.path, "商品 [2026] o'clock");
    await mkdir(dir);
    const files = [];
    for (let i = 0; i < 12; i++) {
      const f = join(dir, `写真-${i}.jpg`);
      await writeFile(f, Buffer.alloc(100_000 + i, i));
      files.push(Buffer.from(f));
    }
    await chmod(join(dir, '写真-3.jpg'), 0o444);
    files.push(Buffer.from(join(dir, 'gone since the list.jpg')));
    const w = new DurableWrite();
    w.start(dir);
    const ms = await w.finish(files);
    expect(ms).toBeGreaterThanOrEqual(0);
    expect(w.written).toBe(true);
  });

  it.runIf(process.platform !== 'win32')('a folder that cannot be written out fails with destination-write-failed', async () => {
    const w = new DurableWrite();
    const gone = join(tmp.path, 'unplugged');
    w.start(gone);
    const err = await w.finish([]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(KuraError);
    expect((err as KuraError).code).toBe('destination-write-failed');
    expect(w.written).toBe(false);
  });

  it('dropped before it starts (the copy failed), it leaves nothing running and can be dropped twice', async () => {
    const w = new DurableWrite();
    w.drop();
    w.drop();
    expect(w.written).toBe(false);
  });
});
