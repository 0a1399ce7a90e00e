/**
 * `verifyItem` depths: `full` (kura verify) decodes the artifact again; `before-restore` proves only
 * that the bytes are the ones the backup wrote (sha256) — the restore decodes them itself.
 */
import { english } from '../../../electron/shared/messages/render.js';
import type { MessageData } from '../../../electron/shared/messages/index.js';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManifestItem } from '../../../electron/engine/snapshot/manifest.js';
import { verifyItem } from '../../../electron/engine/snapshot/verify-snapshot.js';
import { tempDir } from '../../harness/tmp.js';

/** A check with its detail said in English (what `kura verify` prints). */
const said = <T extends { detail: MessageData }>(c: T) => ({ ...c, detail: english(c.detail) });

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function mysqlItem(path: string, data: Buffer): ManifestItem {
  return {
    source: 'db', type: 'mysql', path, database: 'shop', bytes: data.length, sha256: sha(data), uncompressedBytes: 0, compression: 'gzip',
    serverVersion: '10.11', serverFlavour: 'mariadb', tables: [], views: [], routines: [], triggers: [], events: [], rowCounts: {}, durationMs: 1,
  };
}

describe('verifyItem depth', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir('kura-verify-depth-');
    await mkdir(join(dir.path, 'mysql'), { recursive: true });
  });
  afterAll(() => dir.cleanup());

  it('a whole dump passes both; a flipped byte fails both with the reason', async () => {
    const good = gzipSync(Buffer.from('CREATE TABLE t (id int);\n-- Dump completed on 2026-11-24  8:00:00\n'));
    await writeFile(join(dir.path, 'mysql/good.sql.gz'), good);
    const item = mysqlItem('mysql/good.sql.gz', good);
    expect(said(await verifyItem(dir.path, item))).toMatchObject({ ok: true, detail: 'sha256 ok, gzip ok, dump trailer ok' });
    expect(said(await verifyItem(dir.path, item, undefined, 'before-restore'))).toMatchObject({ ok: true, detail: expect.stringMatching(/^sha256 ok/) });

    const flipped = Buffer.from(good);
    flipped[flipped.length - 12]! ^= 0x01;
    await writeFile(join(dir.path, 'mysql/good.sql.gz'), flipped);
    expect((await verifyItem(dir.path, item)).ok).toBe(false);
    expect(said(await verifyItem(dir.path, item, undefined, 'before-restore'))).toMatchObject({ ok: false, detail: expect.stringMatching(/^sha256 mismatch/) });
  });

  it('before-restore does not decompress: it vouches only for the bytes the backup hashed (and proved)', async () => {
    // A manifest can only hold the hash of bytes Kura proved while writing them; this file is not
    // gzip at all, so only the full check can tell — which is what `kura verify` runs.
    const notGzip = Buffer.from('not a gzip file');
    await writeFile(join(dir.path, 'mysql/odd.sql.gz'), notGzip);
    const item = mysqlItem('mysql/odd.sql.gz', notGzip);
    expect((await verifyItem(dir.path, item)).ok).toBe(false);
    expect((await verifyItem(dir.path, item, undefined, 'before-restore')).ok).toBe(true);
  });

  it('a missing file fails at either depth', async () => {
    const item = mysqlItem('mysql/gone.sql.gz', Buffer.from('x'));
    expect(said(await verifyItem(dir.path, item, undefined, 'before-restore'))).toMatchObject({ ok: false, detail: 'the file is missing' });
    expect(said(await verifyItem(dir.path, item))).toMatchObject({ ok: false, detail: expect.stringMatching(/does not exist/) });
  });
});
