/**
 * Redis restore against real redis-server 7 processes: live restore (with and without flush), file
 * restore with AOF on (stop/start by PID through the harness's service commands), refusal of a
 * damaged file before anything is flushed, a module the target lacks, cancellation, the in-memory
 * restore test — and, with KURA_BENCH=1, the throughput of the live restore on ~100 MB.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../../electron/engine/progress.js';
import { runProcess } from '../../../electron/engine/process/run-process.js';
import { planRedisRestore, restoreRedisItem, testRestoreRdb } from '../../../electron/engine/restore/redis-restore.js';
import type { RedisManifestItem } from '../../../electron/engine/snapshot/manifest.js';
import { crc64Bytes, crc64Init, crc64Update } from '../../../electron/engine/tools/redis/crc64.js';
import { fetchRdb } from '../../../electron/engine/tools/redis/fetch-rdb.js';
import { restoreLive } from '../../../electron/engine/tools/redis/live-restore.js';
import type { RedisTarget } from '../../../electron/engine/tools/redis/redis-target.js';
import { connectRedis, type RespClient } from '../../../electron/engine/tools/redis/resp-client.js';
import type { RespArg } from '../../../electron/engine/tools/redis/resp-parser.js';
import { validateRdbFile } from '../../../electron/engine/tools/redis/validate-rdb.js';
import { startRedis, type RedisServer } from '../../harness/redis.js';
import { tempDir } from '../../harness/tmp.js';
import { en, enChecks, enLines, messagesOf, notJapanese } from '../../harness/messages.js';
import type { MessageData } from '../../../electron/shared/messages/index.js';
import { digest, keyspace, loadDataset } from '../redis/dataset.js';

const SRC_PASSWORD = 'src-Pässwort-🔑';
const DST_PASSWORD = 'dst-合言葉-secret';

async function snapshotOf(server: RedisServer, outFile: string, source = 'cache'): Promise<RedisManifestItem> {
  const r = await fetchRdb({ target: server.target, method: 'sync', outFile });
  return {
    source,
    type: 'redis',
    path: `redis/${source}.rdb`,
    bytes: r.bytes,
    sha256: r.sha256,
    method: 'sync',
    redisVersion: r.redisVersion,
    rdbVersion: r.rdbVersion,
    keysPerDb: r.keysPerDb,
    durationMs: 0,
  };
}

async function withClient<T>(server: RedisServer, fn: (c: RespClient) => Promise<T>): Promise<T> {
  const c = await server.client();
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

function collect(): { logs: string[]; events: ProgressEvent[]; logger: { log: (l: string, m: string) => void }; onProgress: (e: ProgressEvent) => void } {
  const logs: string[] = [];
  const events: ProgressEvent[] = [];
  return { logs, events, logger: { log: (_l, m) => logs.push(m) }, onProgress: (e) => events.push(e) };
}

describe('Redis restore (redis-server 7)', () => {
  let src: RedisServer;
  let work: Awaited<ReturnType<typeof tempDir>>;
  let file: string;
  let item: RedisManifestItem;
  let srcDigest: string;
  let srcKeys: Record<string, number>;

  beforeAll(async () => {
    work = await tempDir('kura-redis-restore-');
    src = await startRedis({ password: SRC_PASSWORD });
    await withClient(src, async (c) => {
      await loadDataset(c);
      // In the backup, but expired by the time it is restored: must be skipped, not resurrected.
      await c.call('SET', 'short:ttl', 'gone soon', 'PX', 1500);
    });
    file = join(work.path, 'cache.rdb');
    item = await snapshotOf(src, file);
    await new Promise((r) => setTimeout(r, 1700));
    await withClient(src, async (c) => {
      expect(await c.call('EXISTS', 'short:ttl')).toEqual({ kind: 'integer', value: 0 });
      srcDigest = await digest(c);
      srcKeys = await keyspace(c);
    });
    expect(item.keysPerDb['0']).toBe(srcKeys['0']! + 1);
  });

  afterAll(async () => {
    await src?.stop();
    await work?.cleanup();
  });

  it('live restore with flush: the target equals the backup (DEBUG DIGEST), extra databases are emptied', async () => {
    const dst = await startRedis({ password: DST_PASSWORD });
    try {
      await withClient(dst, async (c) => {
        await c.pipeline([['SET', 'junk:1', 'x'], ['SET', 'str:plain', 'old value'], ['SELECT', 3], ['SET', 'junk:db3', 'y'], ['SELECT', 0]]);
        await c.call('FUNCTION', 'LOAD', "#!lua name=otherlib\nredis.register_function('other', function() return 1 end)");
      });
      const plan = await planRedisRestore({ target: dst.target, item, method: 'live', flush: true });
      expect(plan.destructive).toBe(true);
      expect(plan.keysNow).toEqual({ '0': 2, '3': 1 });
      expect(en(plan.overwrites!)).toMatch(/All 3 keys .* will be deleted/);
      expect(enLines(plan.steps)).toMatch(/FLUSHALL/);
      expect(notJapanese(messagesOf(plan))).toEqual([]);

      const io = collect();
      const out = await restoreRedisItem({ target: dst.target, item, file, method: 'live', flush: true, logger: io.logger, onProgress: io.onProgress });
      expect(out.error).toBeNull();
      expect(out.status).toBe('success');
      expect(enLines(out.steps)).toMatch(/Emptied the server first .* it held 3 keys/);
      expect(enLines(out.steps)).toMatch(/Skipped 1 key whose expiry time has passed/);
      expect(enLines(out.steps)).toMatch(/Restored 1 function library/);
      // db 3 was emptied by the flush, so INFO keyspace no longer lists it (keyspace() below proves it).
      expect(enChecks(out.verification).map((c) => c.check)).toEqual(['keys in db 0', 'keys in db 1', 'keys in db 5', 'function libraries']);
      expect(out.verification.every((c) => c.ok)).toBe(true);
      expect(en(out.verification[0]!.detail)).toMatch(/1 had expired before the restore/);
      // A live Redis restore reads in Japanese, whole (facts aside), and so does its log.
      expect(notJapanese(messagesOf(out))).toEqual([]);

      await withClient(dst, async (c) => {
        expect(await keyspace(c)).toEqual(srcKeys);
        expect(await digest(c)).toBe(srcDigest);
        const fn = await c.call('FCALL', 'kura_echo', '0', 'こんにちは');
        expect(fn.kind === 'bulk' && fn.value.toString('utf8')).toBe('こんにちは');
        expect((await c.command('FCALL', 'other', '0')).kind).toBe('error'); // FUNCTION FLUSH removed it
        // ABSTTL keeps the absolute expiry: within a second of the source's.
        const pttl = await c.call('PEXPIRETIME', 'ttl:str');
        const srcPttl = await withClient(src, (s) => s.call('PEXPIRETIME', 'ttl:str'));
        expect(pttl).toEqual(srcPttl);
      });

      const files = io.events.filter((e) => e.kind === 'files');
      const total = Object.values(item.keysPerDb).reduce((a, b) => a + b, 0);
      expect(files.at(-1)).toMatchObject({ files: total - 1, totalFiles: total });
      expect(io.events.some((e) => e.kind === 'bytes')).toBe(true);
      expect(io.logs.join('\n')).not.toContain(DST_PASSWORD);
    } finally {
      await dst.stop();
    }
  });

  it('live restore without flush: same-named keys are replaced, other keys stay, and the plan says so', async () => {
    const dst = await startRedis();
    try {
      await withClient(dst, (c) => c.pipeline([['SET', 'extra:1', 'keep me'], ['SET', 'str:plain', 'old value'], ['SELECT', 3], ['SET', 'extra:db3', 'keep'], ['SELECT', 0]]));
      const plan = await planRedisRestore({ target: dst.target, item, method: 'live', flush: false });
      expect(plan.destructive).toBe(true);
      expect(en(plan.overwrites!)).toMatch(/same names .* overwritten; the server's other keys stay/);
      expect(enLines(plan.steps)).toMatch(/not in the backup stay as they are/);
      expect(enLines(plan.steps)).not.toMatch(/FLUSHALL/);
      expect(notJapanese(messagesOf(plan))).toEqual([]);

      const out = await restoreRedisItem({ target: dst.target, item, file, method: 'live', flush: false });
      expect(out.status).toBe('success');
      expect(enLines(out.steps)).toMatch(/Kept the keys that were already on the server/);
      const db0 = enChecks(out.verification).find((c) => c.check === 'keys in db 0')!;
      expect(db0).toMatchObject({ ok: true, detail: expect.stringMatching(/other keys that were already there and were kept: 1/) });
      expect(notJapanese(messagesOf(out))).toEqual([]);
      await withClient(dst, async (c) => {
        expect(await c.call('GET', 'extra:1')).toEqual({ kind: 'bulk', value: Buffer.from('keep me') });
        expect(await c.call('GET', 'str:plain')).toEqual({ kind: 'bulk', value: Buffer.from('hello') });
        expect(await keyspace(c)).toEqual({ ...srcKeys, '0': srcKeys['0']! + 1, '3': 1 });
      });
    } finally {
      await dst.stop();
    }
  });

  it('live restore in tiny batches with several in flight rebuilds the same dataset', async () => {
    const dst = await startRedis();
    try {
      const v = await validateRdbFile(file);
      const steps: MessageData[] = [];
      const r = await restoreLive(
        {
          target: dst.target,
          file,
          needs: { rdbVersion: v.rdbVersion, modules: v.modules, functions: v.functions, keysPerDb: v.keysPerDb },
          expectedKeysPerDb: item.keysPerDb,
          flush: true,
          sourceId: 'cache',
          batchKeys: 3,
          batchBytes: 64 * 1024,
          maxInFlight: 2,
        },
        steps,
      );
      expect(r.keys).toBe(Object.values(srcKeys).reduce((a, b) => a + b, 0));
      expect(r.skippedExpired).toBe(1);
      expect(r.verification.every((c) => c.ok)).toBe(true);
      await withClient(dst, async (c) => expect(await digest(c)).toBe(srcDigest));
    } finally {
      await dst.stop();
    }
  });

  it('file restore with AOF on: the snapshot becomes the base of a new AOF, redis.conf is never rewritten, and the data survives another restart', async () => {
    // The password is in redis.conf, as on a real server: a restart from the config keeps it.
    const dst = await startRedis({ appendonly: true, password: DST_PASSWORD, saveConfig: true });
    try {
      await withClient(dst, (c) => c.pipeline([['SET', 'old:key', 'from before the restore'], ['SELECT', 7], ['SET', 'old:db7', 'x'], ['SAVE']]));
      const confBefore = await readFile(dst.confPath, 'utf8');
      const manifest = join(dst.dir, 'appendonlydir', 'appendonly.aof.manifest');
      const manifestBefore = await readFile(manifest, 'utf8');
      const service = dst.serviceCommands();
      const plan = await planRedisRestore({ target: dst.target, item, method: 'file', flush: false, service });
      expect(plan.destructive).toBe(true);
      expect(enLines(plan.steps)).toMatch(/base of a new AOF in appendonlydir/);
      expect(enLines(plan.steps)).toMatch(/redis\.conf is not changed/);
      expect(enLines(plan.steps)).toContain('appendonly.aof.manifest.kura-before-restore');
      expect(notJapanese(messagesOf(plan))).toEqual([]);

      const io = collect();
      const out = await restoreRedisItem({ target: dst.target, item, file, method: 'file', flush: false, service, logger: io.logger, onProgress: io.onProgress });
      expect(out.error).toBeNull();
      expect(out.status).toBe('success');
      // The way back is the previous AOF manifest, whose files are untouched.
      expect(out.safetyBackup).toEqual({ path: manifest + '.kura-before-restore' });
      expect(enChecks(out.verification).find((c) => c.check === 'append-only file (AOF)')).toMatchObject({ ok: true });
      expect(out.verification.filter((c) => !c.ok)).toEqual([]);
      // A file (cold) restore reads in Japanese, whole (facts aside).
      expect(notJapanese(messagesOf(out))).toEqual([]);
      for (const line of manifestBefore.trim().split('\n')) await stat(join(dst.dir, 'appendonlydir', line.split(' ')[1]!));
      expect(io.logs.join('\n')).not.toContain(DST_PASSWORD);
      expect(io.logs.join('\n')).toMatch(/\$ sh -c .*kill/); // the stop command went through run-process
      // redis.conf untouched (no CONFIG REWRITE at any point); the old manifest kept beside the new one.
      expect(await readFile(dst.confPath, 'utf8')).toBe(confBefore);
      expect(await readFile(manifest + '.kura-before-restore', 'utf8')).toBe(manifestBefore);
      expect(await readFile(manifest, 'utf8')).toMatch(/^file appendonly\.aof\.\d+\.base\.rdb seq \d+ type b\nfile appendonly\.aof\.\d+\.incr\.aof seq \d+ type i\n$/);

      const check = async (): Promise<void> => {
        await withClient(dst, async (c) => {
          expect(await c.call('CONFIG', 'GET', 'appendonly')).toMatchObject({ items: [{ value: Buffer.from('appendonly') }, { value: Buffer.from('yes') }] });
          expect(await keyspace(c)).toEqual(srcKeys);
          expect(await digest(c)).toBe(srcDigest);
          expect(await c.call('EXISTS', 'old:key')).toEqual({ kind: 'integer', value: 0 });
          const fn = await c.call('FCALL', 'kura_echo', '0', 'x');
          expect(fn.kind).toBe('bulk');
        });
      };
      await check();
      // A write after the restore lands in the new incr file, not in an old one.
      await withClient(dst, (c) => c.call('SET', 'written:after', 'yes'));

      // Restart with the same commands: the data comes from the AOF (base = the snapshot, + the incr).
      expect((await runProcess({ file: service.stop[0]!, args: service.stop.slice(1) })).exitCode).toBe(0);
      // Make sure the AOF, not the RDB, is what gets loaded: empty dump.rdb.
      await writeFile(join(dst.dir, 'dump.rdb'), '');
      expect((await runProcess({ file: service.start[0]!, args: service.start.slice(1) })).exitCode).toBe(0);
      await waitUp(dst.target);
      await withClient(dst, async (c) => {
        const info = await c.call('INFO', 'persistence');
        expect(info.kind === 'bulk' && info.value.toString()).toMatch(/aof_enabled:1/);
        expect(await c.call('GET', 'written:after')).toMatchObject({ kind: 'bulk' });
        await c.call('DEL', 'written:after');
      });
      await check();

      // A second file restore: the AOF files from before the FIRST one (listed only by the manifest that
      // restore kept) are removed; the first restore's base becomes the kept way back.
      const keptBefore = (await readFile(manifest, 'utf8')).trim().split('\n').map((l) => l.split(' ')[1]!);
      const again = await restoreRedisItem({ target: dst.target, item, file, method: 'file', flush: false, service });
      expect(again.status).toBe('success');
      for (const line of manifestBefore.trim().split('\n')) await expect(stat(join(dst.dir, 'appendonlydir', line.split(' ')[1]!))).rejects.toThrow();
      for (const name of keptBefore) await stat(join(dst.dir, 'appendonlydir', name));
      expect((await readFile(manifest + '.kura-before-restore', 'utf8')).trim().split('\n').map((l) => l.split(' ')[1])).toEqual(keptBefore);
      await check();
    } finally {
      await dst.stop();
    }
  });

  it('a damaged snapshot is refused before anything is flushed', async () => {
    const dst = await startRedis();
    try {
      await withClient(dst, (c) => c.call('SET', 'precious', 'still here'));
      const before = await withClient(dst, digest);
      const bytes = await readFile(file);
      const at = bytes.indexOf('str:large') + 5000;
      bytes[at] = bytes[at]! ^ 0x40;
      const damaged = join(work.path, 'damaged.rdb');
      await writeFile(damaged, bytes);
      const out = await restoreRedisItem({ target: dst.target, item, file: damaged, method: 'live', flush: true });
      expect(out.status).toBe('failed');
      expect(out.error).toMatchObject({ code: 'rdb-invalid-checksum', category: 'data' });
      expect(out.error!.message).toMatch(/checksum does not match its content/);
      expect(out.steps).toEqual([]);
      expect(await withClient(dst, digest)).toBe(before);

      const truncated = join(work.path, 'truncated.rdb');
      await writeFile(truncated, (await readFile(file)).subarray(0, 4000));
      const t = await restoreRedisItem({ target: dst.target, item, file: truncated, method: 'file', flush: true, service: dst.serviceCommands() });
      expect(t).toMatchObject({ status: 'failed', error: { code: 'rdb-invalid-truncated' } });
      expect(await withClient(dst, digest)).toBe(before);

      const tests = await testRestoreRdb({ item, file: damaged });
      expect(enChecks(tests)).toEqual([{ check: 'RDB file', ok: false, detail: expect.stringMatching(/checksum does not match its content/) }]);
    } finally {
      await dst.stop();
    }
  });

  it('a backup with module data the target lacks fails with the module named, target untouched', async () => {
    const moduleFile = join(work.path, 'module.rdb');
    await writeFile(moduleFile, moduleRdb('ReJSON-RL', 3));
    const modItem: RedisManifestItem = { ...item, keysPerDb: { '0': 1 }, rdbVersion: 10 };
    const dst = await startRedis();
    try {
      await withClient(dst, (c) => c.call('SET', 'precious', 'x'));
      const out = await restoreRedisItem({ target: dst.target, item: modItem, file: moduleFile, method: 'live', flush: true });
      expect(out.status).toBe('failed');
      expect(out.error).toMatchObject({ code: 'redis-module-missing', category: 'config' });
      expect(out.error!.message).toMatch(/"ReJSON-RL" \(RedisJSON\)/);
      await withClient(dst, async (c) => expect(await keyspace(c)).toEqual({ '0': 1 }));
    } finally {
      await dst.stop();
    }
  });

  it('cancelling reports how far it got and a partial dataset', async () => {
    const dst = await startRedis();
    try {
      const ac = new AbortController();
      const out = await restoreRedisItem({
        target: dst.target,
        item,
        file,
        method: 'live',
        flush: true,
        signal: ac.signal,
        onProgress: (e) => {
          if (e.kind === 'step' && e.step === 'restore') ac.abort();
        },
      });
      expect(out.status).toBe('cancelled');
      expect(out.error).toMatchObject({ code: 'cancelled' });
      const total = Object.values(item.keysPerDb).reduce((a, b) => a + b, 0);
      expect(en(out.steps.at(-1)!)).toContain(`stopped after 0 of ${total} keys`);
    } finally {
      await dst.stop();
    }
  });

  it('testRestoreRdb compares keys per database and the RDB version with the manifest', async () => {
    const good = await testRestoreRdb({ item, file });
    expect(good.every((c) => c.ok)).toBe(true);
    expect(enChecks(good).map((c) => c.check)).toEqual(['RDB file', 'RDB version', 'keys in db 0', 'keys in db 1', 'keys in db 5']);
    expect(notJapanese(messagesOf({ steps: [], verification: good }))).toEqual([]);
    const wrong = await testRestoreRdb({ item: { ...item, keysPerDb: { ...item.keysPerDb, '1': 99, '9': 1 } }, file });
    expect(enChecks(wrong.filter((c) => !c.ok)).map((c) => c.check)).toEqual(['keys in db 1', 'keys in db 9']);
    // And restoreRedisItem refuses a file that does not match its manifest, before touching the server.
    const out = await restoreRedisItem({ target: src.target, item: { ...item, keysPerDb: { '0': 1 } }, file, method: 'live', flush: true });
    expect(out.error).toMatchObject({ code: 'redis-snapshot-mismatch' });
    expect(await withClient(src, digest)).toBe(srcDigest);
  });

  it('a file restore without service commands on a machine without systemd asks for them', async () => {
    const plan = planRedisRestore({ target: src.target, item, method: 'file', flush: false });
    await expect(plan).rejects.toMatchObject({ code: 'redis-service-systemd-not-found', hint: expect.stringMatching(/"service"/) });
  });
});

describe.runIf(process.env.KURA_BENCH)('live restore throughput (~100 MB)', () => {
  it('restores a ~100 MB dataset and reports keys/s and MB/s', async () => {
    const work = await tempDir('kura-redis-bench-');
    const src = await startRedis();
    const dst = await startRedis();
    try {
      await withClient(src, async (c) => {
        const { randomBytes } = await import('node:crypto');
        let cmds: RespArg[][] = [];
        const flush = async (): Promise<void> => {
          await c.pipeline(cmds);
          cmds = [];
        };
        for (let i = 0; i < 140_000; i++) {
          cmds.push(['SET', `product:${i}`, randomBytes(300).toString('base64')]);
          if (cmds.length >= 1000) await flush();
        }
        for (let i = 0; i < 2000; i++) {
          const h: RespArg[] = ['HSET', `cart:${i}`];
          for (let f = 0; f < 100; f++) h.push(`item-${f}`, randomBytes(60).toString('hex'));
          cmds.push(h);
          if (cmds.length >= 50) await flush();
        }
        for (let i = 0; i < 500; i++) {
          const z: RespArg[] = ['ZADD', `rank:${i}`];
          for (let m = 0; m < 200; m++) z.push(String(m), `member-${m}-${randomBytes(8).toString('hex')}`);
          cmds.push(z);
          if (cmds.length >= 50) await flush();
        }
        await flush();
      });
      const rdb = join(work.path, 'bench.rdb');
      const item = await snapshotOf(src, rdb, 'bench');
      const size = (await stat(rdb)).size;
      const started = Date.now();
      const out = await restoreRedisItem({ target: dst.target, item, file: rdb, method: 'live', flush: true });
      const secs = (Date.now() - started) / 1000;
      expect(out.status).toBe('success');
      const keys = Object.values(item.keysPerDb).reduce((a, b) => a + b, 0);
      const line = out.steps.map(en).find((s) => s.startsWith('Restored'))!;
      console.log(
        `BENCH live restore: ${keys} keys, RDB ${(size / 1e6).toFixed(1)} MB in ${secs.toFixed(1)} s overall (validation + restore + verify): ` +
          `${Math.round(keys / secs)} keys/s, ${(size / 1e6 / secs).toFixed(1)} MB/s of RDB\n  ${line}`,
      );
      expect(await withClient(dst, digest)).toBe(await withClient(src, digest));
    } finally {
      await src.stop();
      await dst.stop();
      await work.cleanup();
    }
  }, 600_000);
});

/** Waits until the server answers PING after a restart (LOADING and refused connections are retried). */
async function waitUp(target: RedisTarget): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const c = await connectRedis(target);
      await c.close();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * A minimal RDB 10 file with one module-typed key "doc" in db 0: what a RedisJSON user's backup
 * looks like to a server without the module.
 */
function moduleRdb(typeName: string, encver: number): Buffer {
  const charset = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let id = 0n;
  for (const ch of typeName) id = (id << 6n) | BigInt(charset.indexOf(ch));
  id = (id << 10n) | BigInt(encver);
  const idBytes = Buffer.alloc(8);
  idBytes.writeBigUInt64BE(id);
  const body = Buffer.concat([
    Buffer.from('REDIS0010'),
    Buffer.from([0xfe, 0x00]), // SELECTDB 0
    Buffer.from([7, 3]), // MODULE_2, key length 3
    Buffer.from('doc'),
    Buffer.from([0x81]), // 64-bit length: the module type id
    idBytes,
    Buffer.from([5, 2, 0x68, 0x69]), // module STRING "hi"
    Buffer.from([0]), // module EOF
    Buffer.from([0xff]), // EOF
  ]);
  return Buffer.concat([body, crc64Bytes(crc64Update(crc64Init(), body))]);
}
