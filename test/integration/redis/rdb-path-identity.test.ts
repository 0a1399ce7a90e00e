/**
 * Method `file` with a configured `rdbPath`: the file Kura reads after its BGSAVE must be the one that
 * save wrote. A stale copy used to pass whenever its mtime was recent (an admin copied dump.rdb aside,
 * a script touched it, rdbPath names the copy in a backup folder). The RDB's own AUX fields (ctime,
 * redis-ver) against the server's clock around the save and LASTSAVE decide now.
 */
import { copyFile, readdir, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KuraError } from '../../../electron/engine/errors.js';
import { fetchRdb } from '../../../electron/engine/tools/redis/fetch-rdb.js';
import { validateRdbFile } from '../../../electron/engine/tools/redis/validate-rdb.js';
import { startRedis, type RedisServer } from '../../harness/redis.js';
import { tempDir } from '../../harness/tmp.js';

describe('file method: rdbPath must be the file of the save Kura asked for', () => {
  let server: RedisServer;
  let work: Awaited<ReturnType<typeof tempDir>>;
  let old: string;

  beforeAll(async () => {
    work = await tempDir('kura-rdb-identity-');
    server = await startRedis();
    const c = await server.client();
    try {
      await c.call('MSET', 'a', '1', 'b', '2');
      await c.call('SAVE');
      // An old copy beside the real file, as an admin makes one before an upgrade.
      old = join(work.path, 'dump-copy.rdb');
      await copyFile(join(server.dir, 'dump.rdb'), old);
      await c.call('MSET', 'c', '3', 'd', '4', 'e', '5');
    } finally {
      await c.close();
    }
  });

  afterAll(async () => {
    await server?.stop();
    await work?.cleanup();
  });

  const refused = async (rdbPath: string, outName: string): Promise<KuraError> => {
    const outFile = join(work.path, outName);
    const err = await fetchRdb({ target: server.target, method: 'file', rdbPath, outFile }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(KuraError);
    // All or nothing: the refused file is not left as if it were a backup.
    expect((await readdir(work.path)).includes(outName)).toBe(false);
    return err as KuraError;
  };

  it('an old copy touched to a fresh mtime is refused, naming the file, what it holds and the real path', async () => {
    const now = new Date();
    await utimes(old, now, now);
    const e = await refused(old, 'stale-touched.rdb');
    expect(e.code).toBe('redis-rdb-not-this-save');
    expect(e.message).toContain(old);
    expect(e.message).toMatch(/holds keys \(2\) saved at \d{4}-\d\d-\d\dT/);
    expect(e.message).toMatch(/by Redis 7\.0\.15/);
    expect(e.hint).toContain(join(server.dir, 'dump.rdb'));
  });

  it('a copy of this server’s own snapshot taken a second earlier is refused too', async () => {
    const c = await server.client();
    const recent = join(work.path, 'dump-recent.rdb');
    try {
      await c.call('SAVE');
      await copyFile(join(server.dir, 'dump.rdb'), recent);
    } finally {
      await c.close();
    }
    // Same keys, same version, same mtime second as the save Kura is about to ask for: only ctime tells.
    expect((await validateRdbFile(recent)).keysPerDb).toEqual({ '0': 5 });
    const e = await refused(recent, 'stale-recent.rdb');
    expect(e.code).toBe('redis-rdb-not-this-save');
  });

  it('the real path is accepted, and so is a save that ends in the same second as the previous one', async () => {
    const real = join(server.dir, 'dump.rdb');
    const first = await fetchRdb({ target: server.target, method: 'file', rdbPath: real, outFile: join(work.path, 'ok-1.rdb') });
    expect(first.keysPerDb).toEqual({ '0': 5 });
    // Straight after: LASTSAVE is this second, so Kura waits for the server's clock to move on.
    const second = await fetchRdb({ target: server.target, method: 'file', rdbPath: real, outFile: join(work.path, 'ok-2.rdb') });
    expect(second.keysPerDb).toEqual({ '0': 5 });
    expect((await stat(join(work.path, 'ok-2.rdb'))).size).toBe(second.bytes);
  });
});
