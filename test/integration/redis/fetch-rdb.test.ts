/**
 * fetchRdb against a real redis-server 7: every method produces an RDB that redis-check-rdb
 * accepts and that a fresh redis-server loads into the same dataset (DEBUG DIGEST and keys per
 * database), and the reader's raw values rebuild every key through RESTORE.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KuraError } from '../../../electron/engine/errors.js';
import { runProcess } from '../../../electron/engine/process/run-process.js';
import { crc64Bytes, crc64Init, crc64Update } from '../../../electron/engine/tools/redis/crc64.js';
import { fetchRdb } from '../../../electron/engine/tools/redis/fetch-rdb.js';
import { RdbReader, type RdbEntry } from '../../../electron/engine/tools/redis/rdb-reader.js';
import { RDB_TYPE } from '../../../electron/engine/tools/redis/rdb-format.js';
import type { RespArg } from '../../../electron/engine/tools/redis/resp-parser.js';
import { validateRdbFile } from '../../../electron/engine/tools/redis/validate-rdb.js';
import { sha256File } from '../../../electron/engine/util/sha256.js';
import { startRedis, type RedisServer } from '../../harness/redis.js';
import { tempDir } from '../../harness/tmp.js';
import { digest, keyspace, loadDataset } from './dataset.js';

const PASSWORD = 'src-Pässwort-🔑';

/** DUMP/RESTORE payload: type byte + value + RDB version (LE16) + CRC64 of all that (LE64). */
function restorePayload(entry: RdbEntry, rdbVersion: number): Buffer {
  const ver = Buffer.alloc(2);
  ver.writeUInt16LE(rdbVersion);
  const body = Buffer.concat([Buffer.from([entry.type]), entry.raw, ver]);
  return Buffer.concat([body, crc64Bytes(crc64Update(crc64Init(), body))]);
}

describe('fetchRdb (redis-server 7)', () => {
  let src: RedisServer;
  let work: Awaited<ReturnType<typeof tempDir>>;
  let srcDigest: string;
  let srcKeys: Record<string, number>;

  beforeAll(async () => {
    work = await tempDir('kura-redis-fetch-');
    src = await startRedis({ password: PASSWORD });
    const c = await src.client();
    try {
      await loadDataset(c);
      srcDigest = await digest(c);
      srcKeys = await keyspace(c);
    } finally {
      await c.close();
    }
    expect(Object.keys(srcKeys).sort()).toEqual(['0', '1', '5']);
  });

  afterAll(async () => {
    await src?.stop();
    await work?.cleanup();
  });

  it.each([
    { name: 'sync, disk-based ($<length>)', method: 'sync' as const, diskless: 'no', expectLog: /Receiving the snapshot \([\d.]+ (?:B|KB|MB)\)/ },
    { name: 'sync, diskless ($EOF:<marker>)', method: 'sync' as const, diskless: 'yes', expectLog: /a diskless transfer/ },
    { name: 'file (BGSAVE + copy)', method: 'file' as const, diskless: 'no', expectLog: /Copying .*dump\.rdb|Read .*dump\.rdb while Redis wrote it/ },
  ])('$name: redis-check-rdb accepts it and a fresh server loads the same dataset', async ({ method, diskless, expectLog }) => {
    const admin = await src.client();
    await admin.call('CONFIG', 'SET', 'repl-diskless-sync', diskless);
    await admin.close();

    const outFile = join(work.path, `dump-${method}-${diskless}.rdb`);
    const logs: string[] = [];
    const progress: { bytes: number; totalBytes: number | null }[] = [];
    const res = await fetchRdb({
      target: src.target,
      method,
      outFile,
      logger: { log: (_l, m) => logs.push(m) },
      onProgress: (p) => progress.push(p),
    });
    expect(logs.join('\n')).toMatch(expectLog);
    expect(logs.join('\n')).not.toContain(PASSWORD);

    expect(res).toMatchObject({ method, rdbVersion: 10, redisVersion: '7.0.15', checksum: 'ok', keysPerDb: srcKeys });
    expect(res.bytes).toBe((await stat(outFile)).size);
    expect(res.sha256).toBe(await sha256File(outFile));
    expect(progress.at(-1)!.bytes).toBe(res.bytes);
    if (method === 'sync' && diskless === 'yes') expect(progress.at(-1)!.totalBytes).toBeNull();
    else expect(progress.at(-1)!.totalBytes).toBe(res.bytes);

    const check = await runProcess({ file: 'redis-check-rdb', args: [outFile] });
    expect(check.stdout + check.stderr).toContain('RDB looks OK');
    expect(check.exitCode).toBe(0);

    const copy = await startRedis({ rdbFile: outFile });
    try {
      const c = await copy.client();
      expect(await keyspace(c)).toEqual(srcKeys);
      expect(await digest(c)).toBe(srcDigest);
      const fn = await c.call('FCALL', 'kura_echo', '0', 'こんにちは');
      expect(fn.kind === 'bulk' && fn.value.toString('utf8')).toBe('こんにちは');
      await c.close();
    } finally {
      await copy.stop();
    }
  });

  it('the reader yields every key with exact raw bytes: DUMP matches and RESTORE rebuilds the same dataset', async () => {
    const outFile = join(work.path, 'dump-reader.rdb');
    await fetchRdb({ target: src.target, method: 'sync', outFile });
    const reader = await RdbReader.open(outFile, { windowBytes: 4096 });
    const entries: RdbEntry[] = [];
    try {
      for await (const e of reader) entries.push(e);
    } finally {
      await reader.close();
    }
    expect(reader.rdbVersion).toBe(10);
    expect(reader.functions).toHaveLength(1);
    expect(entries.length).toBe(Object.values(srcKeys).reduce((a, b) => a + b, 0));
    const types = new Set(entries.map((e) => e.type));
    for (const t of [
      RDB_TYPE.STRING,
      RDB_TYPE.LIST_QUICKLIST_2,
      RDB_TYPE.SET_INTSET,
      RDB_TYPE.SET,
      RDB_TYPE.ZSET_LISTPACK,
      RDB_TYPE.ZSET_2,
      RDB_TYPE.HASH_LISTPACK,
      RDB_TYPE.HASH,
      RDB_TYPE.STREAM_LISTPACKS_2,
    ]) {
      expect(types, `type ${t} present`).toContain(t);
    }
    const byName = new Map(entries.map((e) => [`${e.db}/${e.key.toString('latin1')}`, e]));
    expect(byName.get(`0/user:session:${'x'.repeat(60)}`)).toBeDefined(); // LZF-compressed key name decoded
    expect(byName.get(`0/${Buffer.from('商品:在庫').toString('latin1')}`)).toBeDefined();
    expect(byName.get('0/ttl:str')!.expireAtMs).toBeGreaterThan(Date.now());
    expect(byName.get('0/str:plain')!.expireAtMs).toBeNull();
    expect(byName.get('5/' + Buffer.from('寿司').toString('latin1'))).toBeDefined();

    // DUMP serializes the same in-memory objects the same way: byte-identical payloads.
    const c = await src.client();
    try {
      for (const e of entries) {
        await c.call('SELECT', e.db);
        const dump = await c.call('DUMP', e.key);
        expect(dump.kind).toBe('bulk');
        if (dump.kind === 'bulk') expect(restorePayload(e, reader.rdbVersion).equals(dump.value), `DUMP of ${e.key.toString()}`).toBe(true);
      }
    } finally {
      await c.close();
    }

    // RESTORE into an empty server, pipelined in batches, rebuilds the exact dataset.
    const fresh = await startRedis();
    try {
      const f = await fresh.client();
      const cmds: RespArg[][] = [];
      let db = -1;
      for (const e of entries) {
        if (e.db !== db) cmds.push(['SELECT', (db = e.db)]);
        cmds.push(['RESTORE', e.key, e.expireAtMs ?? 0, restorePayload(e, reader.rdbVersion), ...(e.expireAtMs ? ['ABSTTL'] : [])]);
      }
      for (let i = 0; i < cmds.length; i += 50) {
        const replies = await f.pipeline(cmds.slice(i, i + 50));
        for (const r of replies) expect(r.kind === 'error' ? r.message : 'ok').toBe('ok');
      }
      await f.call('SELECT', 0);
      await f.call('FUNCTION', 'RESTORE', functionPayload(reader.functions[0]!, reader.rdbVersion));
      expect(await keyspace(f)).toEqual(srcKeys);
      expect(await digest(f)).toBe(srcDigest);
      await f.close();
    } finally {
      await fresh.stop();
    }
  });

  it('validateRdbFile rejects a truncated file and a file with one flipped byte', async () => {
    const good = join(work.path, 'dump-validate.rdb');
    await fetchRdb({ target: src.target, method: 'sync', outFile: good });
    const bytes = await readFile(good);

    const truncated = join(work.path, 'truncated.rdb');
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const t = await validateRdbFile(truncated).catch((e: unknown) => e);
    expect(t).toBeInstanceOf(KuraError);
    expect(t).toMatchObject({ code: 'rdb-invalid-truncated', category: 'data' });
    expect((t as KuraError).message).toMatch(/cut short/);

    // Flip one byte inside the 1 MiB random string: the structure stays valid, only the CRC catches it.
    const flipped = Buffer.from(bytes);
    const at = flipped.indexOf('str:large') + 100;
    flipped[at] = flipped[at]! ^ 0x01;
    const flippedFile = join(work.path, 'flipped.rdb');
    await writeFile(flippedFile, flipped);
    const f = await validateRdbFile(flippedFile).catch((e: unknown) => e);
    expect(f).toMatchObject({ code: 'rdb-invalid-checksum', category: 'data' });
    expect((f as KuraError).message).toMatch(/checksum does not match its content/);

    // A flipped type byte is caught by the walk itself.
    const badType = Buffer.from(bytes);
    const keyAt = badType.indexOf('str:plain');
    badType[keyAt - 2] = 0x63;
    const badTypeFile = join(work.path, 'bad-type.rdb');
    await writeFile(badTypeFile, badType);
    await expect(validateRdbFile(badTypeFile)).rejects.toMatchObject({ code: 'rdb-invalid-unknown-type', message: expect.stringMatching(/unknown value type 99/) });

    const check = await runProcess({ file: 'redis-check-rdb', args: [flippedFile] });
    expect(check.exitCode).not.toBe(0);
  });

  it('reports checksum "absent" when the server runs with rdbchecksum no', async () => {
    const nock = await startRedis({ extraConfig: { rdbchecksum: 'no' } });
    try {
      const c = await nock.client();
      await c.call('SET', 'k', 'v');
      await c.close();
      const out = join(work.path, 'nochecksum.rdb');
      const res = await fetchRdb({ target: nock.target, method: 'file', outFile: out });
      expect(res.checksum).toBe('absent');
      expect((await validateRdbFile(out)).checksum).toBe('absent');
    } finally {
      await nock.stop();
    }
  });

  it('file method waits out a save or an AOF rewrite already running, then takes its own snapshot', async () => {
    // rdb-key-save-delay (µs per key) makes background saves and rewrites slow enough to overlap.
    const busy = await startRedis({ appendonly: true, extraConfig: { 'rdb-key-save-delay': 100_000 } });
    try {
      const c = await busy.client();
      await c.call('MSET', 'a', '1', 'b', '2', 'c', '3');
      await c.call('BGSAVE');
      const logs: string[] = [];
      const first = fetchRdb({ target: busy.target, method: 'file', outFile: join(work.path, 'busy1.rdb'), logger: { log: (_l, m) => logs.push(m) } });
      await new Promise((r) => setTimeout(r, 50));
      await c.call('SET', 'written-after-the-backup-started', 'x'); // the running save predates this key
      const r1 = await first;
      expect(logs.join('\n')).toMatch(/already writing a snapshot/);
      expect(r1.keysPerDb).toEqual({ '0': 4 });

      // Slow enough to outlast the second Kura may wait for the server's clock to pass LASTSAVE.
      await c.call('CONFIG', 'SET', 'rdb-key-save-delay', '500000');
      await c.call('BGREWRITEAOF');
      logs.length = 0;
      const r2 = await fetchRdb({ target: busy.target, method: 'file', outFile: join(work.path, 'busy2.rdb'), logger: { log: (_l, m) => logs.push(m) } });
      expect(logs.join('\n')).toMatch(/rewriting its append-only file; the snapshot is scheduled/);
      expect(r2.keysPerDb).toEqual({ '0': 4 });
      await c.close();
    } finally {
      await busy.stop();
    }
  });

  it('honours an AbortSignal: the run is cancelled and no file is left behind', async () => {
    const outFile = join(work.path, 'cancelled.rdb');
    const ac = new AbortController();
    const err = await fetchRdb({ target: src.target, method: 'sync', outFile, signal: ac.signal, onProgress: () => ac.abort() }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'cancelled', category: 'cancelled' });
    await expect(stat(outFile)).rejects.toMatchObject({ code: 'ENOENT' });

    const ac2 = new AbortController();
    const err2 = await fetchRdb({ target: src.target, method: 'file', outFile, signal: ac2.signal, onProgress: () => ac2.abort() }).catch((e: unknown) => e);
    expect(err2).toMatchObject({ code: 'cancelled' });
    await expect(stat(outFile)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

/** FUNCTION RESTORE payload: the FUNCTION2 opcode and its string, then version and CRC (as FUNCTION DUMP writes). */
function functionPayload(raw: Buffer, rdbVersion: number): Buffer {
  const ver = Buffer.alloc(2);
  ver.writeUInt16LE(rdbVersion);
  const body = Buffer.concat([Buffer.from([245]), raw, ver]);
  return Buffer.concat([body, crc64Bytes(crc64Update(crc64Init(), body))]);
}
