/**
 * The `file` method's fast path against a real redis-server 7: while BGSAVE runs, Kura reads the
 * child's temp-<pid>.rdb as it grows and keeps those bytes only if the finished dump.rdb is that very
 * file. `rdb-key-save-delay` (µs per key) makes the save last about a second, so the tail is really
 * taken without big data. Also: every doubt falls back to copying dump.rdb (a temp file that cannot
 * be found, two candidates), and a failed or cancelled save leaves no file and no open handle.
 */
import { writeFileSync } from 'node:fs';
import { readFile, rm, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchRdb, type RedisFetchResult } from '../../../electron/engine/tools/redis/fetch-rdb.js';
import type { RespClient } from '../../../electron/engine/tools/redis/resp-client.js';
import { validateRdbFile } from '../../../electron/engine/tools/redis/validate-rdb.js';
import { sha256File } from '../../../electron/engine/util/sha256.js';
import { openUnder } from '../../harness/open-files.js';
import { startRedis, type RedisServer } from '../../harness/redis.js';
import { tempDir } from '../../harness/tmp.js';
import { digest, keyspace, loadDataset } from './dataset.js';

/** ~1 ms per key and ~1,100 keys: a save of about a second. */
const SAVE_DELAY_US = 1000;

async function addKeys(c: RespClient, n: number): Promise<void> {
  for (let i = 0; i < n; i += 200) {
    const batch = [];
    for (let j = i; j < Math.min(n, i + 200); j++) batch.push(['SET', `item:${j}`, `${j}:`.padEnd(1000, String.fromCharCode(97 + (j % 26)))]);
    await c.pipeline(batch);
  }
}


async function waitForSaveToEnd(c: RespClient): Promise<void> {
  for (;;) {
    const info = await c.call('INFO', 'persistence');
    if (info.kind === 'bulk' && info.value.toString().includes('rdb_bgsave_in_progress:0')) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('file method: reading the snapshot while Redis writes it', () => {
  let redis: RedisServer;
  let admin: RespClient;
  let work: Awaited<ReturnType<typeof tempDir>>;
  let srcKeys: Record<string, number>;
  let srcDigest: string;

  beforeAll(async () => {
    work = await tempDir('kura-redis-tail-');
    redis = await startRedis();
    admin = await redis.client();
    await loadDataset(admin);
    await addKeys(admin, 1000);
    srcKeys = await keyspace(admin);
    srcDigest = await digest(admin);
    await admin.call('CONFIG', 'SET', 'rdb-key-save-delay', SAVE_DELAY_US);
  });

  afterAll(async () => {
    await admin?.close();
    await redis?.stop();
    await work?.cleanup();
  });

  const run = async (outName: string, extra: { rdbPath?: string; signal?: AbortSignal; onLog?: (m: string) => void; onProgress?: (p: { bytes: number; totalBytes: number | null }) => void } = {}) => {
    const logs: string[] = [];
    const progress: { bytes: number; totalBytes: number | null }[] = [];
    const outFile = join(work.path, outName);
    const result = await fetchRdb({
      target: redis.target,
      method: 'file',
      outFile,
      ...(extra.rdbPath === undefined ? {} : { rdbPath: extra.rdbPath }),
      ...(extra.signal === undefined ? {} : { signal: extra.signal }),
      logger: {
        log: (_l, m) => {
          logs.push(m);
          extra.onLog?.(m);
        },
      },
      onProgress: (p) => {
        progress.push(p);
        extra.onProgress?.(p);
      },
    }).catch((e: unknown) => e);
    return { result, logs: logs.join('\n'), progress, outFile };
  };

  it('follows temp-<pid>.rdb during the save; the result is byte for byte the finished dump.rdb', async () => {
    const { result, logs, progress, outFile } = await run('tailed.rdb');
    expect(logs).toMatch(/redis: following temp-\d+\.rdb while the server writes it/);
    expect(logs).toMatch(/Read .*dump\.rdb while Redis wrote it \(temp-\d+\.rdb, [\d.]+ (?:B|KB|MB)\)/);
    expect(logs).not.toMatch(/Copying/);
    const r = result as RedisFetchResult;
    expect(r).toMatchObject({ method: 'file', checksum: 'ok', keysPerDb: srcKeys });

    const mine = await readFile(outFile);
    const server = await readFile(join(redis.dir, 'dump.rdb'));
    expect(mine.length).toBe(server.length);
    expect(mine.equals(server)).toBe(true);
    expect(r.bytes).toBe(mine.length);
    expect(r.sha256).toBe(await sha256File(outFile));
    expect(await validateRdbFile(outFile)).toMatchObject({ checksum: 'ok', keysPerDb: srcKeys });
    // Bytes were taken in while the size was still unknown (the save running), then the total.
    expect(progress.some((p) => p.totalBytes === null && p.bytes > 0)).toBe(true);
    expect(progress.at(-1)).toEqual({ bytes: r.bytes, totalBytes: r.bytes });
    expect(await openUnder(redis.dir)).toEqual([]);

    // …and a server started on it holds the same data.
    const copy = await startRedis({ rdbFile: outFile });
    try {
      const c = await copy.client();
      expect(await keyspace(c)).toEqual(srcKeys);
      expect(await digest(c)).toBe(srcDigest);
      await c.close();
    } finally {
      await copy.stop();
    }
  });

  it('falls back to copying dump.rdb when the temp file cannot be found (rdbPath in another folder)', async () => {
    // A link elsewhere to the server's dump.rdb: the save's temp file never shows up in that folder.
    const link = join(work.path, 'link-to-dump.rdb');
    await symlink(join(redis.dir, 'dump.rdb'), link);
    const { result, logs, outFile } = await run('fallback.rdb', { rdbPath: link });
    expect(logs).toMatch(/Copying .*link-to-dump\.rdb \(it could not be read during the save\)/);
    expect(logs).toMatch(/link-to-dump\.rdb was not read during the save: the temporary file of the save was not seen in the folder/);
    expect(logs).not.toMatch(/following temp-/);
    const r = result as RedisFetchResult;
    expect(r).toMatchObject({ checksum: 'ok', keysPerDb: srcKeys });
    expect((await readFile(outFile)).equals(await readFile(join(redis.dir, 'dump.rdb')))).toBe(true);
  });

  it('rdbchecksum no: the followed bytes cannot be proven, so dump.rdb is copied (checksum "absent")', async () => {
    const nock = await startRedis({ extraConfig: { rdbchecksum: 'no', 'rdb-key-save-delay': SAVE_DELAY_US } });
    try {
      const c = await nock.client();
      await addKeys(c, 1000);
      await c.close();
      const logs: string[] = [];
      const outFile = join(work.path, 'no-checksum.rdb');
      const r = await fetchRdb({ target: nock.target, method: 'file', outFile, logger: { log: (_l, m) => logs.push(m) } });
      expect(logs.join('\n')).toMatch(/following temp-\d+\.rdb/);
      expect(logs.join('\n')).toMatch(/dump\.rdb was not read during the save: the snapshot carries no checksum/);
      expect(logs.join('\n')).toMatch(/Copying .*dump\.rdb \(it could not be read during the save\)/);
      expect(r).toMatchObject({ checksum: 'absent', keysPerDb: { '0': 1000 } });
      expect((await readFile(outFile)).equals(await readFile(join(nock.dir, 'dump.rdb')))).toBe(true);
    } finally {
      await nock.stop();
    }
  });

  it('an AOF rewrite first (BGSAVE SCHEDULE): the scheduled save is followed once it starts', async () => {
    await admin.call('BGREWRITEAOF');
    const { result, logs, outFile } = await run('scheduled.rdb');
    expect(logs).toMatch(/rewriting its append-only file; the snapshot is scheduled/);
    expect(logs).toMatch(/Read .*dump\.rdb while Redis wrote it \(temp-\d+\.rdb/);
    expect(result).toMatchObject({ checksum: 'ok', keysPerDb: srcKeys });
    expect((await readFile(outFile)).equals(await readFile(join(redis.dir, 'dump.rdb')))).toBe(true);
  });

  it('does not guess when several temp files appear: copies dump.rdb instead', async () => {
    // Strays written the moment BGSAVE is accepted, before the tail first lists the folder.
    const strays = [join(redis.dir, 'temp-999998.rdb'), join(redis.dir, 'temp-999999.rdb')];
    try {
      const { result, logs, outFile } = await run('several.rdb', {
        onLog: (m) => {
          if (/^Redis: Background saving started/.test(m)) for (const s of strays) writeFileSync(s, 'REDIS0010 not a snapshot');
        },
      });
      expect(logs).toMatch(/dump\.rdb was not read during the save: several new temporary files \((temp-\d+\.rdb, )*temp-999998\.rdb, temp-999999\.rdb\)/);
      expect(logs).toMatch(/Copying .*dump\.rdb \(it could not be read during the save\)/);
      expect(logs).not.toMatch(/following temp-/);
      expect(result).toMatchObject({ checksum: 'ok', keysPerDb: srcKeys });
      expect((await readFile(outFile)).equals(await readFile(join(redis.dir, 'dump.rdb')))).toBe(true);
    } finally {
      for (const s of strays) await rm(s, { force: true });
    }
  });

  it('a save that dies while it is followed fails the fetch: no file, nothing left open', async () => {
    const { result, logs, outFile } = await run('killed.rdb', {
      onLog: (m) => {
        const pid = /following temp-(\d+)\.rdb/.exec(m)?.[1];
        if (pid === undefined) return;
        // The save child of OUR test server (its parent is the server we started), nothing else.
        void readFile(`/proc/${pid}/status`, 'utf8').then((s) => {
          if (new RegExp(`^PPid:\\s+${redis.pid}$`, 'm').test(s)) process.kill(Number(pid), 'SIGKILL');
        });
      },
    });
    expect(logs).toMatch(/following temp-\d+\.rdb/);
    expect(result).toMatchObject({ code: 'redis-bgsave-failed', category: 'resource' });
    await expect(stat(outFile)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await openUnder(redis.dir)).toEqual([]);
    expect(await openUnder(work.path)).toEqual([]);
  });

  it('cancelling while the save is followed: cancelled, no file, nothing left open', async () => {
    const ac = new AbortController();
    const { result, logs, outFile } = await run('cancelled.rdb', {
      signal: ac.signal,
      onProgress: (p) => {
        if (p.totalBytes === null && p.bytes > 0) ac.abort();
      },
    });
    expect(logs).toMatch(/following temp-\d+\.rdb/);
    expect(result).toMatchObject({ code: 'cancelled', category: 'cancelled' });
    await expect(stat(outFile)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await openUnder(redis.dir)).toEqual([]);
    expect(await openUnder(work.path)).toEqual([]);
    await waitForSaveToEnd(admin);
  });
});
