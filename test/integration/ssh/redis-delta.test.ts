/**
 * Redis through SSH on the second night: the server writes the snapshot itself and only what
 * changed crosses the link (redis-via-server.ts). The real `kura` CLI, the shop world's sshd,
 * server-setup's Redis ACL user, the bytes counted on the link itself (the veth's counters).
 *
 * What would make it lie: a delta built on a damaged earlier copy, a refusal that loses the night,
 * the shop's data left lying on the server, the password in a process's argv or environment.
 */
import { mkdir, open, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeychainSecretStore } from '../../../electron/engine/secrets/keychain-secret-store.js';
import { validateRdbFile } from '../../../electron/engine/tools/redis/validate-rdb.js';
import { runKura } from '../../harness/kura-cli.js';
import { watchSecrets } from '../../harness/secret-watch.js';
import { canMakeNamespaces, startShopWorld, type ShopWorld } from '../../harness/shop-world.js';
import { tempDir } from '../../harness/tmp.js';

const can = canMakeNamespaces();
if (!can.ok && process.env['CI']) throw new Error(`CI must be able to build the shop world: ${can.reason}`);

interface RunJson {
  status: string;
  snapshot: { id: string; path: string } | null;
  items: Array<{ source: string; type: string; status: string }>;
}

describe.skipIf(!can.ok)('Redis through SSH: the second night brings only what changed', () => {
  let world: ShopWorld;
  let work: Awaited<ReturnType<typeof tempDir>>;
  let env: Record<string, string>;
  const job = () => ({
    id: 'delta',
    name: 'Redis over SSH',
    destination: { path: join(work.path, 'backups') },
    ssh: { host: world.address, port: 10022, user: world.keyUser.name, keyPath: world.keyUser.keyPath },
    sources: [{ id: 'cache', type: 'redis', via: 'ssh', host: '127.0.0.1', port: 6379, username: world.redis.user, passwordRef: 'rdelta-redis' }],
    retention: { keepLast: 10, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 },
  });
  const serverFolder = () => join(world.keyUser.home, '.cache', 'kura', 'redis-delta-cache');
  /** Bytes that came from the server over the link (the veth end on this side). */
  const received = async () => Number(await readFile(`/sys/class/net/${world.ns.hostIf}/statistics/rx_bytes`, 'utf8'));
  const lastLog = async () => {
    const dir = join(env['KURA_HOME']!, 'logs', 'delta');
    return readFile(join(dir, (await readdir(dir)).sort().at(-1)!), 'utf8');
  };
  const run = async () => {
    await new Promise((r) => setTimeout(r, 1100)); // one snapshot id per second
    const before = await received();
    const r = await runKura(['run', 'delta', '--json'], env);
    const out = r.json as RunJson;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(out.items.map((i) => i.status)).toEqual(['ok']);
    const rdb = join(out.snapshot!.path, 'redis', 'cache', 'dump.rdb');
    return { rdb, crossed: (await received()) - before, log: await lastLog() };
  };
  const dbsize = async () => {
    const c = await world.redis.server.client();
    try {
      const r = await c.command('DBSIZE');
      if (r.kind !== 'integer') throw new Error(`DBSIZE answered ${r.kind}`);
      return r.value;
    } finally {
      await c.close();
    }
  };

  beforeAll(async () => {
    world = await startShopWorld();
    work = await tempDir('kura-redis-delta-');
    await mkdir(join(work.path, 'backups'));
    env = { KURA_HOME: join(work.path, 'home') };
    await mkdir(env['KURA_HOME']!);
    await createKeychainSecretStore().set('rdelta-redis', world.redis.password);
    // ~6 MB that neither Redis's LZF nor SSH's zlib can shrink much.
    const c = await world.redis.server.client();
    for (let i = 0; i < 1500; i++) await c.command('SET', `blob:${i}`, randomBytes(3000).toString('base64'));
    await c.close();
    await writeFile(join(env['KURA_HOME']!, 'config.json'), JSON.stringify({ version: 1, jobs: [job()] }, null, 2));
    expect((await runKura(['ssh-trust', 'delta', '--fingerprint', await world.fingerprint()], env)).code).toBe(0);
  });

  afterAll(async () => {
    await world?.stop();
    await work?.cleanup();
  });

  let first: Awaited<ReturnType<typeof run>>;

  it('the first night has nothing to compare against: the whole snapshot through the forward', async () => {
    first = await run();
    expect(first.log).not.toContain('wrote the snapshot itself');
    expect((await validateRdbFile(first.rdb)).keysPerDb['0']).toBe(await dbsize());
    expect(first.crossed).toBeGreaterThan(4_000_000);
  });

  it('the second night: the server writes it, a few changed keys cross the link, the file is whole and checked here; nothing left on the server; no secret in any process', async () => {
    const c = await world.redis.server.client();
    for (let i = 0; i < 5; i++) await c.command('SET', `blob:${i}`, randomBytes(3000).toString('base64'));
    await c.command('SET', 'new-key', 'tonight');
    await c.close();
    const watch = watchSecrets([world.redis.password, world.redis.adminPassword]);
    const second = await run();
    expect(await watch.stop()).toEqual([]);
    expect(second.log).toContain('wrote the snapshot itself');
    expect(second.log).toMatch(/crossed the link/);
    // A fifth of the first night's bytes at most (in practice a few per cent: the changed keys and rsync's checksums).
    expect(second.crossed).toBeLessThan(first.crossed / 5);
    const v = await validateRdbFile(second.rdb);
    expect(v.checksum).toBe('ok');
    expect(v.keysPerDb['0']).toBe(await dbsize());
    // A new file of its own (not a link to last night's), and the shop's data is not left on the server.
    expect((await stat(second.rdb)).nlink).toBe(1);
    await expect(stat(serverFolder())).rejects.toThrow();
  });

  it('a damaged earlier copy as the basis still gives a correct snapshot (rsync rejects the reconstruction, Kura checks the CRC64)', async () => {
    const snaps = (await readdir(join(work.path, 'backups', 'delta'))).filter((n) => !n.startsWith('.')).sort();
    const basis = join(work.path, 'backups', 'delta', snaps.at(-1)!, 'redis', 'cache', 'dump.rdb');
    const size = (await stat(basis)).size;
    const fh = await open(basis, 'r+');
    const b = Buffer.alloc(1);
    await fh.read(b, 0, 1, Math.floor(size / 2));
    b[0] = b[0]! ^ 0xff;
    await fh.write(b, 0, 1, Math.floor(size / 2));
    await fh.close();
    const third = await run();
    expect(third.log).toContain('wrote the snapshot itself');
    const v = await validateRdbFile(third.rdb);
    expect(v.checksum).toBe('ok');
    expect(v.keysPerDb['0']).toBe(await dbsize());
  });

  it('a file a killed run left on the server is removed, never taken for tonight\'s', async () => {
    await world.ns.exec('su', ['-s', '/bin/sh', world.keyUser.name, '-c', `mkdir -p ${serverFolder()} && printf 'REDIS0011 old' > ${serverFolder()}/dump.rdb.part`]);
    const r = await run();
    expect(r.log).toContain('wrote the snapshot itself');
    expect((await validateRdbFile(r.rdb)).keysPerDb['0']).toBe(await dbsize());
    await expect(stat(serverFolder())).rejects.toThrow();
  });

  it('a key that may only run rsync (an older Server setup\'s line, without the gate) falls back to the forward and says why; the night is still backed up', async () => {
    const publicKey = (await readFile(`${world.keyUser.keyPath}.pub`, 'utf8')).trim();
    const restricted = `restrict,port-forwarding,permitopen="127.0.0.1:6379",command="rrsync -ro -absolute ${world.siteDir}" ${publicKey}`;
    await world.setAuthorizedKeys(world.keyUser.name, [restricted]);
    try {
      const r = await run();
      expect(r.log).toMatch(/could not be made on the SSH server \(this SSH key may run rsync only/);
      expect((await validateRdbFile(r.rdb)).keysPerDb['0']).toBe(await dbsize());
    } finally {
      await world.setAuthorizedKeys(world.keyUser.name, [world.keyUser.publicKey]);
    }
  });
});
