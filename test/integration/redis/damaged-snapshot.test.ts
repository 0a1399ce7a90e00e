/**
 * Green means verified, now that the snapshot is validated while it is received: a damaged,
 * truncated or unparsable RDB makes fetchRdb fail with a typed error and leaves no file, by both
 * methods. Real redis-server for the `file` method (its BGSAVE, then an rdbPath pointing at a
 * damaged copy); for `sync`, Redis never sends a damaged payload on purpose, so a minimal master on
 * a loopback port answers the replication handshake with the bytes each case needs.
 */
import { stat, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KuraError } from '../../../electron/engine/errors.js';
import { fetchRdb } from '../../../electron/engine/tools/redis/fetch-rdb.js';
import { RDB_TYPE } from '../../../electron/engine/tools/redis/rdb-format.js';
import { startRedis, type RedisServer } from '../../harness/redis.js';
import { tempDir } from '../../harness/tmp.js';
import { aux, key, len, rdbFile, str } from '../../unit/tools/redis/rdb-builder.js';

function goodRdb(): Buffer {
  const records = [aux('redis-ver', '7.0.15')];
  for (let i = 0; i < 2000; i++) records.push(key(RDB_TYPE.STRING, `k${i}`, str(Buffer.alloc(1000, i & 0xff))));
  records.push(key(RDB_TYPE.SET, 's', Buffer.concat([len(1), str('m')])));
  return rdbFile(10, records);
}

/** Answers every command with +OK; after PSYNC sends "+FULLRESYNC", then `payload(socket)`. */
async function fakeMaster(payload: (s: Socket) => void): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets: Socket[] = [];
  const server: Server = createServer((s) => {
    sockets.push(s);
    s.on('error', () => {});
    s.on('data', (d) => {
      for (const line of d.toString('latin1').split('\r\n')) {
        if (/^\*\d+$/.test(line)) continue;
        if (line === 'PSYNC') {
          s.write('+FULLRESYNC 0123456789abcdef0123456789abcdef01234567 0\r\n\n\n');
          payload(s);
        }
      }
      const commands = d.toString('latin1').split('\r\n').filter((l) => /^\*\d+$/.test(l)).length;
      if (!d.toString('latin1').includes('PSYNC')) s.write('+OK\r\n'.repeat(commands));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as { port: number }).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

describe('fetchRdb refuses damaged snapshots and leaves no file', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let good: Buffer;
  beforeAll(async () => {
    work = await tempDir('kura-redis-damaged-');
    good = goodRdb();
  });
  afterAll(() => work?.cleanup());

  const target = (port: number) => ({ host: '127.0.0.1', port, username: null, password: null });

  it('sync: the intact payload from the same fake master is accepted (the harness itself is sound)', async () => {
    const m = await fakeMaster((s) => s.end(Buffer.concat([Buffer.from(`$${good.length}\r\n`), good])));
    try {
      const out = join(work.path, 'ok.rdb');
      const r = await fetchRdb({ target: target(m.port), method: 'sync', outFile: out });
      expect(r).toMatchObject({ bytes: good.length, checksum: 'ok', keysPerDb: { '0': 2001 } });
      expect((await stat(out)).size).toBe(good.length);
    } finally {
      await m.close();
    }
  });

  it.each([
    { name: 'one flipped byte (bad checksum)', damage: (b: Buffer) => Object.assign(Buffer.from(b), { [1_000_000]: b[1_000_000]! ^ 0x20 }), code: 'rdb-invalid-checksum', expected: /checksum does not match its content/ },
    { name: 'an unknown record type', damage: (b: Buffer) => Buffer.concat([b.subarray(0, 9), key(99, 'future', str('x')), b.subarray(9)]), code: 'rdb-invalid-unknown-type', expected: /unknown value type 99/ },
    { name: 'a payload that ends early although its length header says it is complete', damage: (b: Buffer) => b.subarray(0, 1_500_000), code: 'rdb-invalid-truncated', expected: /cut short/ },
  ])('sync: $name → rdb-invalid, no file', async ({ damage, code, expected }) => {
    const bytes = damage(good);
    const m = await fakeMaster((s) => s.end(Buffer.concat([Buffer.from(`$${bytes.length}\r\n`), bytes])));
    try {
      const out = join(work.path, 'bad.rdb');
      const err = await fetchRdb({ target: target(m.port), method: 'sync', outFile: out }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KuraError);
      expect(err).toMatchObject({ code, category: 'data', message: expect.stringMatching(expected) });
      await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      await m.close();
    }
  });

  it('sync: the connection drops mid-transfer → a network error, no file', async () => {
    const m = await fakeMaster((s) => {
      s.write(Buffer.concat([Buffer.from(`$${good.length}\r\n`), good.subarray(0, 1_000_000)]), () => s.destroy());
    });
    try {
      const out = join(work.path, 'dropped.rdb');
      const err = await fetchRdb({ target: target(m.port), method: 'sync', outFile: out }).catch((e: unknown) => e);
      expect(err).toMatchObject({ category: 'network' });
      await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      await m.close();
    }
  });

  describe('file method (real redis-server)', () => {
    let redis: RedisServer;
    beforeAll(async () => {
      redis = await startRedis();
    });
    afterAll(() => redis?.stop());

    it.each([
      { name: 'truncated copy', damage: (b: Buffer) => b.subarray(0, b.length - 100), code: 'rdb-invalid-truncated', expected: /cut short/ },
      { name: 'flipped byte', damage: (b: Buffer) => Object.assign(Buffer.from(b), { [500_000]: b[500_000]! ^ 1 }), code: 'rdb-invalid-checksum', expected: /checksum does not match its content/ },
    ])('$name → rdb-invalid, no file', async ({ damage, code, expected }) => {
      const rdbPath = join(work.path, `server-copy-${Math.random().toString(36).slice(2)}.rdb`);
      await writeFile(rdbPath, damage(good));
      const out = join(work.path, 'file-bad.rdb');
      const err = await fetchRdb({ target: redis.target, method: 'file', rdbPath, outFile: out }).catch((e: unknown) => e);
      expect(err).toMatchObject({ code, category: 'data', message: expect.stringMatching(expected) });
      await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
    });
  });
});
