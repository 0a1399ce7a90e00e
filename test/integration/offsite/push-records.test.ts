/**
 * A snapshot's records (its per-file lists, dumps and RDBs) are pushed on their own, after its data
 * and never linked by rsync's quick check (offsite-push.test.ts shows the list that was). What could
 * go wrong here unseen: a record whose name holds rsync's wildcard characters (a database named
 * `we[ir]d*`) pushed by neither step, or by both; a file that is not a record held back. Real rsync,
 * to a folder target (a NAS or USB folder), with real files.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pushSnapshotData, pushSnapshotRecords, type RemoteEndpoint, type RemoteOpsContext } from '../../../electron/engine/offsite/remote-ops.js';
import { createToolResolver } from '../../../electron/engine/tools/resolve-tool.js';
import { detectRsync } from '../../../electron/engine/tools/rsync/index.js';
import { tempDir } from '../../harness/tmp.js';
import { readTree } from './tree.js';

describe("a snapshot's records, pushed on their own", () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let snapshot: string;
  let endpoint: RemoteEndpoint;
  let ctx: RemoteOpsContext;
  const records = ['files/www.files', 'mysql/shop/we[ir]d*.sql.gz', 'mysql/shop/plain.sql.gz', 'redis/cache.rdb'];
  const others = ['files/www/index.php', 'files/www/we[ir]d*.sql.gz', 'mysql/shop/we[ir]dX.sql.gz', 'files/www/画像 [1]/a.jpg'];

  beforeAll(async () => {
    work = await tempDir('kura-records-');
    snapshot = join(work.path, 'local', '2026-12-07T22-00-00Z');
    for (const rel of [...records, ...others, 'manifest.json']) {
      await mkdir(join(snapshot, rel, '..'), { recursive: true });
      await writeFile(join(snapshot, rel), `content of ${rel}\n`);
    }
    await mkdir(join(work.path, 'nas', 'shop'), { recursive: true });
    endpoint = { location: { kind: 'local', path: join(work.path, 'nas') }, password: null };
    ctx = { client: await detectRsync(createToolResolver()), workDir: join(work.path, 'work') };
  });

  afterAll(async () => {
    await work?.cleanup();
  });

  it('leaves every record, and only the records, to their own step; the two steps give the whole snapshot but its manifest', async () => {
    const snap = { jobId: 'shop', id: '2026-12-07T22-00-00Z', path: snapshot };
    const there = join(work.path, 'nas', 'shop', snap.id);
    await pushSnapshotData(endpoint, ctx, snap, null, records);
    const filesThere = async () => Object.entries(await readTree(there)).filter(([, e]) => e.type === 'file').map(([p]) => p).sort();
    expect(await filesThere()).toEqual([...others].sort());
    const r = await pushSnapshotRecords(endpoint, ctx, snap, records);
    expect(r?.stats.filesTransferred).toBe(records.length);
    for (const rel of [...records, ...others]) expect(await readFile(join(there, rel), 'utf8')).toBe(`content of ${rel}\n`);
    const local = await readTree(snapshot);
    delete local['manifest.json'];
    expect(await readTree(there)).toEqual(local);
  });

  it('has nothing to do for a snapshot without records', async () => {
    expect(await pushSnapshotRecords(endpoint, ctx, { jobId: 'shop', id: 'x', path: snapshot }, [])).toBeNull();
  });
});
