import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from '../../../../electron/engine/process/run-process.js';
import { sha256File } from '../../../../electron/engine/util/sha256.js';
import { verifyDumpFile } from '../../../../electron/engine/tools/mysql/verify-dump.js';
import { tempDir } from '../../../harness/tmp.js';
import { skipOnWindows } from '../../../harness/platform.js';

const SQL = "-- MariaDB dump\nINSERT INTO `t` VALUES (1,'寿司 🍣');\n-- Dump completed on 2026-01-01 12:00:00\n";
let dir: { path: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  dir = await tempDir('kura-verify-');
});
afterAll(async () => dir.cleanup());

async function write(name: string, data: Buffer | string): Promise<string> {
  const p = join(dir.path, name);
  await writeFile(p, data);
  return p;
}

/** The refusal's English sentence; each way a dump is unusable has its own `dump-invalid…` code. */
async function invalid(path: string, code: string): Promise<string> {
  try {
    await verifyDumpFile(path);
  } catch (err) {
    expect(err).toMatchObject({ code, category: 'data', params: expect.objectContaining({ path }) });
    return (err as Error).message;
  }
  throw new Error('expected dump-invalid');
}

describe('verifyDumpFile', () => {
  it('accepts a good dump and returns its sha256 and sizes', async () => {
    const p = await write('good.sql.gz', gzipSync(SQL));
    expect(await verifyDumpFile(p)).toEqual({
      sha256: await sha256File(p),
      bytes: (await readFile(p)).length,
      uncompressedBytes: Buffer.byteLength(SQL),
    });
  });

  it('accepts multi-member gzip written by the real gzip tool', async (ctx) => {
    skipOnWindows(ctx, 'needs sh and gzip');
    const half = Math.floor(SQL.length / 2);
    const a = await write('a.sql', SQL.slice(0, half));
    const b = await write('b.sql', SQL.slice(half));
    const out = join(dir.path, 'multi.sql.gz');
    const r = await runProcess({ file: 'sh', args: ['-c', 'gzip -c "$1" > "$3" && gzip -1 -c "$2" >> "$3"', 'sh', a, b, out] });
    expect(r.exitCode, r.stderr).toBe(0);
    const res = await verifyDumpFile(out);
    expect(res.uncompressedBytes).toBe(Buffer.byteLength(SQL));
    // And gunzip agrees it is one stream of the whole SQL.
    const g = await runProcess({ file: 'gunzip', args: ['-c', out] });
    expect(g.stdout).toBe(SQL);
  });

  it('rejects a truncated file', async () => {
    const gz = gzipSync(SQL);
    expect(await invalid(await write('trunc.sql.gz', gz.subarray(0, gz.length - 10)), 'dump-invalid-truncated')).toMatch(/cut short/);
  });

  it('rejects damaged data (CRC mismatch)', async () => {
    const gz = Buffer.from(gzipSync(SQL));
    gz[gz.length - 6]! ^= 0xff; // inside the CRC32 trailer
    expect(await invalid(await write('crc.sql.gz', gz), 'dump-invalid-damaged')).toMatch(/damaged/);
  });

  it('rejects junk after the last member, even zero padding', async () => {
    const p = await write('pad.sql.gz', gzipSync(SQL));
    await appendFile(p, Buffer.alloc(512));
    expect(await invalid(p, 'dump-invalid-trailing')).toMatch(/512 B of unexpected data/);
    const q = await write('junk.sql.gz', Buffer.concat([gzipSync(SQL), Buffer.from('junk!')]));
    // Anything but zeros after the last member is read as a member that is not gzip.
    await invalid(q, 'dump-invalid-not-gzip');
  });

  it('rejects SQL without the "-- Dump completed" trailer', async () => {
    expect(await invalid(await write('notrailer.sql.gz', gzipSync(SQL.replace(/-- Dump completed.*\n$/, ''))), 'dump-invalid-incomplete')).toMatch(/Dump completed/);
    expect(await invalid(await write('mid.sql.gz', gzipSync(SQL + 'INSERT INTO t VALUES (2);\n')), 'dump-invalid-incomplete')).toMatch(/cut short/);
  });

  it('rejects empty, non-gzip and missing files', async () => {
    expect(await invalid(await write('empty.sql.gz', ''), 'dump-invalid-empty')).toMatch(/is empty/);
    expect(await invalid(await write('plain.sql.gz', SQL), 'dump-invalid-not-gzip')).toMatch(/not a gzip file/);
    expect(await invalid(join(dir.path, 'nope.sql.gz'), 'dump-invalid-missing')).toMatch(/does not exist/);
  });

  it('honours cancellation', async () => {
    const p = await write('good2.sql.gz', gzipSync(SQL));
    await expect(verifyDumpFile(p, AbortSignal.abort())).rejects.toMatchObject({ code: 'cancelled' });
  });
});
