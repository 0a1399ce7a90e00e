/**
 * SaveTail against a simulated save: the test plays Redis' save child (temp-<pid>.rdb written front
 * to back in pieces, then renamed over dump.rdb), so every way the tail can go wrong is produced on
 * purpose. The tail must return the finished file's exact bytes when everything checks out, and
 * decline — never accept, never throw — on any doubt: no temp file, several, another file renamed
 * over dump.rdb, bytes that changed after they were read, no checksum, a damaged snapshot.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RDB_OPCODE, RDB_TYPE } from '../../../../electron/engine/tools/redis/rdb-format.js';
import { SaveTail, type SaveTailOutcome } from '../../../../electron/engine/tools/redis/save-tail.js';
import { validateRdbFile } from '../../../../electron/engine/tools/redis/validate-rdb.js';
import { openUnder } from '../../../harness/open-files.js';
import { tempDir } from '../../../harness/tmp.js';
import { aux, key, len, rdbFile, str } from './rdb-builder.js';
import { skipOnWindows } from '../../../harness/platform.js';

const op = (code: number, ...rest: Buffer[]) => Buffer.concat([Buffer.from([code]), ...rest]);

/** ~14 MB: many reads and writev batches, and more 4 MiB slabs than are needed at once (reused). */
function snapshot(checksum: 'ok' | 'zero' = 'ok'): Buffer {
  const records: Buffer[] = [aux('redis-ver', '7.0.15'), op(RDB_OPCODE.SELECTDB, len(0))];
  for (let i = 0; i < 14_000; i++) records.push(key(RDB_TYPE.STRING, `key:${i}`, str(Buffer.alloc(1000, i & 0xff))));
  return rdbFile(10, records, { checksum });
}


describe('SaveTail', () => {
  beforeEach((ctx) => skipOnWindows(ctx, 'SaveTail is not used on Windows (save-tail.ts declines there by design)'));
  let root: Awaited<ReturnType<typeof tempDir>>;
  let dir: string;
  let outFile: string;
  let data: Buffer;
  let n = 0;
  beforeAll(async () => {
    root = await tempDir('kura-save-tail-');
    data = snapshot();
  });
  afterAll(() => root.cleanup());
  beforeEach(async () => {
    dir = join(root.path, `redis-${++n}`);
    await mkdir(dir);
    outFile = join(root.path, `out-${n}.rdb`);
  });
  afterEach(async () => {
    expect(await openUnder(root.path)).toEqual([]);
  });

  const dump = () => join(dir, 'dump.rdb');

  /** What Redis' child does: create temp-<pid>.rdb, append in pieces, close, rename over dump.rdb. */
  async function save(bytes: Buffer, opts: { name?: string; piece?: number; pauseMs?: number; afterPiece?: (i: number, fh: Awaited<ReturnType<typeof open>>) => Promise<void> } = {}): Promise<void> {
    const temp = join(dir, opts.name ?? 'temp-4242.rdb');
    const fh = await open(temp, 'w');
    try {
      const piece = opts.piece ?? 256 * 1024;
      for (let off = 0, i = 0; off < bytes.length; off += piece, i++) {
        await fh.write(bytes.subarray(off, Math.min(bytes.length, off + piece)));
        await opts.afterPiece?.(i, fh);
        await sleep(opts.pauseMs ?? 5);
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(temp, dump());
  }

  async function followed(bytes: Buffer, opts: Parameters<typeof save>[1] & { onProgress?: (p: { bytes: number; totalBytes: number | null }) => void } = {}): Promise<{ outcome: SaveTailOutcome; logs: string[] }> {
    const logs: string[] = [];
    const tail = new SaveTail({ dir, outFile, logger: { log: (_l, m) => logs.push(m) }, ...(opts.onProgress ? { onProgress: opts.onProgress } : {}) });
    await tail.arm();
    const saving = save(bytes, opts);
    tail.follow();
    await saving;
    return { outcome: await tail.complete(dump()), logs };
  }

  it('follows the growing file and returns exactly the bytes of the finished dump.rdb', async () => {
    const progress: { bytes: number; totalBytes: number | null }[] = [];
    const { outcome, logs } = await followed(data, { onProgress: (p) => progress.push(p) });
    expect(outcome.kind).toBe('tailed');
    if (outcome.kind !== 'tailed') return;
    expect(outcome.tempName).toBe('temp-4242.rdb');
    expect(logs.join('\n')).toMatch(/following temp-4242\.rdb/);
    const written = await readFile(outFile);
    expect(written.equals(data)).toBe(true);
    expect(written.equals(await readFile(dump()))).toBe(true);
    expect(outcome.download.bytes).toBe(data.length);
    expect(outcome.download.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    expect(outcome.download.validation).toEqual(await validateRdbFile(dump()));
    expect(progress.some((p) => p.totalBytes === null && p.bytes > 0 && p.bytes < data.length)).toBe(true);
    expect(progress.at(-1)).toEqual({ bytes: data.length, totalBytes: data.length });
  });

  it('a file already complete when first read (caught up at full speed) gives exactly the same bytes', async () => {
    const { outcome } = await followed(data, { piece: data.length, pauseMs: 50 });
    expect(outcome.kind).toBe('tailed');
    expect((await readFile(outFile)).equals(data)).toBe(true);
  });

  it('ignores a temp file that was there before BGSAVE (a leftover) and follows the new one', async () => {
    await writeFile(join(dir, 'temp-17.rdb'), 'left over by a crashed save');
    const { outcome } = await followed(data);
    expect(outcome).toMatchObject({ kind: 'tailed', tempName: 'temp-4242.rdb' });
    expect((await readFile(outFile)).equals(data)).toBe(true);
  });

  it('declines when another file was renamed over dump.rdb, even with the same bytes', async () => {
    const tail = new SaveTail({ dir, outFile });
    await tail.arm();
    const saving = save(data);
    tail.follow();
    await saving;
    // A later save replaced it: same content, but not the file that was read.
    await writeFile(join(dir, 'temp-5000.rdb'), data);
    await rename(join(dir, 'temp-5000.rdb'), dump());
    expect(await tail.complete(dump())).toEqual({ kind: 'declined', reason: expect.stringMatching(/dump\.rdb is not the file that was followed/) });
  });

  it('declines when dump.rdb is gone', async () => {
    const tail = new SaveTail({ dir, outFile });
    await tail.arm();
    const saving = save(data);
    tail.follow();
    await saving;
    expect(await tail.complete(join(dir, 'elsewhere.rdb'))).toEqual({ kind: 'declined', reason: expect.stringMatching(/could not compare with .*elsewhere\.rdb \(ENOENT/) });
  });

  it('declines bytes that changed after they were read (the finished file itself is fine)', async () => {
    const flipped = Buffer.from(data);
    flipped[100] = flipped[100]! ^ 0x01;
    let firstRead!: () => void;
    const read = new Promise<void>((r) => (firstRead = r));
    const { outcome } = await followed(flipped, {
      piece: 1024 * 1024,
      onProgress: (p) => {
        if (p.bytes > 100) firstRead();
      },
      afterPiece: async (i, fh) => {
        if (i !== 0) return;
        await read; // the tail has read byte 100 as flipped…
        await fh.write(data.subarray(100, 101), 0, 1, 100); // …then it is put right
      },
    });
    expect((await validateRdbFile(dump())).checksum).toBe('ok');
    expect(outcome).toEqual({ kind: 'declined', reason: expect.stringMatching(/did not check out .*checksum does not match its content/) });
  });

  it('declines a snapshot without a checksum (rdbchecksum no): the bytes cannot be proven', async () => {
    const { outcome } = await followed(snapshot('zero'));
    expect(outcome).toEqual({ kind: 'declined', reason: expect.stringMatching(/no checksum/) });
  });

  it('declines a damaged snapshot (the copy then reports it)', async () => {
    const damaged = Buffer.concat([data.subarray(0, 9), key(99, 'future', str('x')), data.subarray(9)]);
    const { outcome } = await followed(damaged);
    expect(outcome).toEqual({ kind: 'declined', reason: expect.stringMatching(/reading temp-4242\.rdb failed .*unknown value type 99/) });
  });

  it('declines when several temp files appear, and when none does', async () => {
    const tail = new SaveTail({ dir, outFile });
    await tail.arm();
    await writeFile(join(dir, 'temp-1.rdb'), 'x');
    await writeFile(join(dir, 'temp-2.rdb'), 'y');
    tail.follow();
    await sleep(50);
    expect(await tail.complete(dump())).toEqual({ kind: 'declined', reason: 'several new temporary files (temp-1.rdb, temp-2.rdb)' });

    const none = new SaveTail({ dir, outFile });
    await none.arm();
    none.follow();
    await sleep(50);
    expect(await none.complete(dump())).toEqual({ kind: 'declined', reason: 'the temporary file of the save was not seen in the folder' });
  });

  it('declines when the folder cannot be listed', async () => {
    const tail = new SaveTail({ dir: join(dir, 'missing'), outFile });
    await tail.arm();
    tail.follow();
    expect(await tail.complete(dump())).toEqual({ kind: 'declined', reason: expect.stringMatching(/could not list .*missing/) });
  });

  it('cancel() while following closes everything; a cancelled run makes complete() throw', async () => {
    const tail = new SaveTail({ dir, outFile });
    await tail.arm();
    const saving = save(data, { pauseMs: 20 });
    tail.follow();
    await sleep(60);
    await tail.cancel();
    expect(await openUnder(root.path)).toEqual([join(dir, 'temp-4242.rdb')]); // only the writer's own handle
    await saving;

    const ac = new AbortController();
    const cancelled = new SaveTail({ dir, outFile, signal: ac.signal });
    await cancelled.arm();
    const again = save(data, { name: 'temp-4243.rdb', pauseMs: 20 });
    cancelled.follow();
    await sleep(60);
    ac.abort();
    await again;
    await expect(cancelled.complete(dump())).rejects.toMatchObject({ code: 'cancelled', category: 'cancelled' });
  });
});
