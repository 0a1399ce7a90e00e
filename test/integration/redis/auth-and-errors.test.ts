/**
 * Logging in (password, ACL user), and the errors an admin meets: wrong password, missing
 * password, a user not allowed to replicate, a "managed" Redis with SYNC/CONFIG disabled, a
 * server that is not there. Throughout, the password must never appear in any process's argv.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KuraError } from '../../../electron/engine/errors.js';
import { fetchRdb } from '../../../electron/engine/tools/redis/fetch-rdb.js';
import { redisInfo } from '../../../electron/engine/tools/redis/info.js';
import { connectRedis } from '../../../electron/engine/tools/redis/resp-client.js';
import { freePort } from '../../harness/ports.js';
import { startRedis, type RedisServer } from '../../harness/redis.js';
import { tempDir } from '../../harness/tmp.js';

const DEFAULT_PW = 'default-秘密-pw-4711';
const BACKUP_PW = 'backup-user-pw-0815';
const NOSYNC_PW = 'nosync-user-pw-2222';
const SECRETS = [DEFAULT_PW, BACKUP_PW, NOSYNC_PW];

/** Every process's argv on this machine that contains one of the secrets. */
async function argvLeaks(): Promise<string[]> {
  const leaks: string[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (SECRETS.some((s) => cmdline.includes(s))) leaks.push(`${pid}: ${cmdline.replace(/\0/g, ' ')}`);
  }
  return leaks;
}

describe('Redis login and error reporting', () => {
  let srv: RedisServer;
  let work: Awaited<ReturnType<typeof tempDir>>;
  const leaks: string[] = [];
  let watching = true;
  let watcher: Promise<void>;

  beforeAll(async () => {
    work = await tempDir('kura-redis-auth-');
    // Sample every process's argv for the whole test file.
    watcher = (async () => {
      while (watching) {
        leaks.push(...(await argvLeaks()));
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    srv = await startRedis({
      password: DEFAULT_PW,
      aclUsers: [
        { name: 'backup', password: BACKUP_PW, rules: '~* &* +@all' },
        { name: 'nosync', password: NOSYNC_PW, rules: '~* &* +@all -sync -psync' },
      ],
    });
    const c = await srv.client();
    await c.call('MSET', 'a', '1', '商品', '🍣');
    await c.close();
  });

  afterAll(async () => {
    watching = false;
    await watcher;
    await srv?.stop();
    await work?.cleanup();
  });

  const target = (username: string | null, password: string | null) => ({ host: '127.0.0.1', port: srv.port, username, password });

  it('fetches with the default user password and with an ACL user', async () => {
    const a = await fetchRdb({ target: target(null, DEFAULT_PW), method: 'sync', outFile: join(work.path, 'a.rdb') });
    expect(a.keysPerDb).toEqual({ '0': 2 });
    const b = await fetchRdb({ target: target('backup', BACKUP_PW), method: 'sync', outFile: join(work.path, 'b.rdb') });
    expect(b.keysPerDb).toEqual({ '0': 2 });
    const f = await fetchRdb({ target: target('backup', BACKUP_PW), method: 'file', outFile: join(work.path, 'f.rdb') });
    expect(f.keysPerDb).toEqual({ '0': 2 });
  });

  it('a wrong password is an auth error, a missing one too, and no file is left', async () => {
    const outFile = join(work.path, 'wrong.rdb');
    const wrong = await fetchRdb({ target: target(null, 'not-the-password'), method: 'sync', outFile }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(KuraError);
    expect(wrong).toMatchObject({ code: 'redis-auth-failed', category: 'auth' });
    expect((wrong as KuraError).message).not.toContain('not-the-password');
    await expect(stat(outFile)).rejects.toMatchObject({ code: 'ENOENT' });

    const wrongUser = await connectRedis(target('backup', DEFAULT_PW)).catch((e: unknown) => e);
    expect(wrongUser).toMatchObject({ code: 'redis-auth-failed', category: 'auth' });

    const none = await fetchRdb({ target: target(null, null), method: 'file', outFile }).catch((e: unknown) => e);
    expect(none).toMatchObject({ code: 'redis-auth-required', category: 'auth' });
  });

  it('a user whose ACL forbids SYNC gets a config error suggesting the file method', async () => {
    const outFile = join(work.path, 'nosync.rdb');
    const err = await fetchRdb({ target: target('nosync', NOSYNC_PW), method: 'sync', outFile }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'redis-permission-denied', category: 'config' });
    expect((err as KuraError).message).toMatch(/not allowed to run SYNC/);
    expect((err as KuraError).hint).toMatch(/"file" method/);
    await expect(stat(outFile)).rejects.toMatchObject({ code: 'ENOENT' });
    // …and the file method works for that user.
    const ok = await fetchRdb({ target: target('nosync', NOSYNC_PW), method: 'file', outFile });
    expect(ok.keysPerDb).toEqual({ '0': 2 });
  });

  it('redisInfo reports version, keys, role and whether sync is allowed', async () => {
    const info = await redisInfo(target(null, DEFAULT_PW));
    expect(info).toEqual({ version: '7.0.15', keysPerDb: { '0': 2 }, role: 'master', syncAllowed: true });
    expect((await redisInfo(target('nosync', NOSYNC_PW))).syncAllowed).toBe(false);
  });

  it('a managed-style Redis with SYNC, PSYNC and CONFIG disabled: clear config errors, rdbPath works', async () => {
    const managed = await startRedis({ extraConfig: { 'rename-command': ['SYNC ""', 'PSYNC ""', 'CONFIG ""'] } });
    try {
      const t = managed.target;
      const sync = await fetchRdb({ target: t, method: 'sync', outFile: join(work.path, 'm.rdb') }).catch((e: unknown) => e);
      expect(sync).toMatchObject({ code: 'redis-command-unavailable', category: 'config' });
      expect((sync as KuraError).hint).toMatch(/"file" method/);

      const file = await fetchRdb({ target: t, method: 'file', outFile: join(work.path, 'm.rdb') }).catch((e: unknown) => e);
      expect(file).toMatchObject({ code: 'redis-command-unavailable', category: 'config' });
      expect((file as KuraError).hint).toMatch(/rdbPath/);

      const withPath = await fetchRdb({ target: t, method: 'file', rdbPath: join(managed.dir, 'dump.rdb'), outFile: join(work.path, 'm.rdb') });
      expect(withPath.keysPerDb).toEqual({});
      expect((await redisInfo(t)).syncAllowed).toBe(false);
    } finally {
      await managed.stop();
    }
  });

  it('an rdbPath that is not the server file is refused', async () => {
    const err = await fetchRdb({ target: target(null, DEFAULT_PW), method: 'file', rdbPath: join(work.path, 'nope.rdb'), outFile: join(work.path, 'x.rdb') }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'redis-rdb-not-found', category: 'config' });
  });

  it('network failures are network errors', async () => {
    const closedPort = await freePort();
    const refused = await redisInfo({ host: '127.0.0.1', port: closedPort, username: null, password: null }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'redis-connection-refused', category: 'network' });
    const unknownHost = await redisInfo({ host: 'no-such-host.invalid', port: 6379, username: null, password: null }).catch((e: unknown) => e);
    expect(unknownHost).toMatchObject({ code: 'redis-host-not-found', category: 'network' });

    // Something accepts the connection but never answers: said as such, not a hang.
    const sockets: Socket[] = [];
    const silent = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as { port: number }).port;
    try {
      const started = Date.now();
      const timeout = await connectRedis({ host: '127.0.0.1', port, username: null, password: DEFAULT_PW }, { replyTimeoutMs: 300 }).catch((e: unknown) => e);
      expect(timeout).toMatchObject({ code: 'server-no-answer', params: { what: 'Redis', where: `127.0.0.1:${port}` }, category: 'network' });
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });

  it('no password ever appeared in any process argv', async () => {
    leaks.push(...(await argvLeaks()));
    expect(leaks).toEqual([]);
  });
});
