/**
 * A shop to break: a website tree behind an rsync daemon, a MariaDB and a Redis with data, a private
 * KURA_HOME whose passwords are in the real keychain, and a job backing up all three. Fault tests
 * kill, fill and corrupt pieces of it and check that Kura fails clearly and loses nothing.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../electron/engine/engine.js';
import { createKeychainSecretStore } from '../../electron/engine/secrets/keychain-secret-store.js';
import { startMariaDb, type MariaDbServer } from '../harness/mariadb.js';
import { startRedis, type RedisServer } from '../harness/redis.js';
import { startRsyncDaemon, type RsyncDaemon } from '../harness/rsyncd.js';
import { tempDir } from '../harness/tmp.js';

export const PW = { rsync: 'f-rs-' + Math.random().toString(36).slice(2), mysql: 'f-my-' + Math.random().toString(36).slice(2), redis: 'f-rd-' + Math.random().toString(36).slice(2) };

export interface Shop {
  root: string;
  site: string;
  home: string;
  dest: string;
  env: Record<string, string>;
  engine: Engine;
  db: MariaDbServer;
  redis: RedisServer;
  rsyncd: RsyncDaemon;
  writeConfig(patch?: (job: Record<string, unknown>) => void): Promise<void>;
  startDb(): Promise<void>;
  startRedisServer(): Promise<void>;
  startRsyncd(): Promise<void>;
  /** Snapshot ids with their manifest bytes: "untouched" means equal before and after. */
  snapshotState(): Promise<Record<string, string>>;
  cleanup(): Promise<void>;
}

export interface ShopOptions {
  /** MiB of dump data (rows of random-ish text) so a dump takes a moment. */
  dbMiB?: number;
  /** MiB of Redis values. */
  redisMiB?: number;
  /** MiB of website files. */
  siteMiB?: number;
  dest?: string;
}

export async function createShop(opts: ShopOptions = {}): Promise<Shop> {
  const tmp = await tempDir('kura-faults-');
  const site = join(tmp.path, 'site');
  const home = join(tmp.path, 'home');
  const dest = opts.dest ?? join(tmp.path, 'backups');
  await mkdir(join(site, 'uploads'), { recursive: true });
  await mkdir(home, { recursive: true });
  await mkdir(dest, { recursive: true }); // the backup disk exists before a job uses it
  await writeFile(join(site, 'index.php'), '<?php echo "shop";');
  for (let i = 0; i < (opts.siteMiB ?? 1); i++) await writeFile(join(site, 'uploads', `photo-${i}.jpg`), randomish(1024 * 1024, i));

  const shop = { root: tmp.path, site, home, dest, env: { KURA_HOME: home } } as unknown as Shop;
  shop.startDb = async () => {
    shop.db = await startMariaDb();
    await shop.db.sql('CREATE DATABASE shop CHARACTER SET utf8mb4');
    await shop.db.sql('CREATE TABLE orders (id INT PRIMARY KEY, note VARCHAR(1000))', 'shop');
    const rows = Math.max(1, Math.round(((opts.dbMiB ?? 1) * 1024 * 1024) / 1000));
    await shop.db.sql(`INSERT INTO orders SELECT seq, CONCAT(MD5(seq), REPEAT(SHA2(seq, 256), 14)) FROM seq_1_to_${rows}`, 'shop');
    await shop.db.sql(`CREATE USER 'backup'@'%' IDENTIFIED BY '${PW.mysql}'; GRANT SELECT, SHOW VIEW, TRIGGER, LOCK TABLES, EVENT ON shop.* TO 'backup'@'%';`);
  };
  shop.startRedisServer = async () => {
    shop.redis = await startRedis({ password: PW.redis });
    const c = await shop.redis.client();
    try {
      const n = Math.max(1, (opts.redisMiB ?? 1) * 16);
      for (let i = 0; i < n; i += 64) {
        await c.pipeline(Array.from({ length: Math.min(64, n - i) }, (_, k) => ['SET', `key:${i + k}`, randomish(64 * 1024, i + k)]));
      }
    } finally {
      await c.close();
    }
  };
  shop.startRsyncd = async () => {
    shop.rsyncd = await startRsyncDaemon([{ name: 'www', path: site, authUsers: { web: PW.rsync } }]);
  };
  await Promise.all([shop.startDb(), shop.startRedisServer(), shop.startRsyncd()]);

  const secrets = createKeychainSecretStore();
  await secrets.set('f-rsync', PW.rsync);
  await secrets.set('f-mysql', PW.mysql);
  await secrets.set('f-redis', PW.redis);
  shop.engine = createEngine({ home, secrets });
  shop.writeConfig = async (patch = () => {}) => {
    const job: Record<string, unknown> = {
      id: 'shop',
      name: 'Fault shop',
      destination: { path: dest },
      sources: [
        { id: 'www', type: 'files', from: `rsync://web@127.0.0.1:${shop.rsyncd.port}/www/`, passwordRef: 'f-rsync' },
        { id: 'db', type: 'mysql', host: '127.0.0.1', port: shop.db.port, user: 'backup', passwordRef: 'f-mysql', databases: ['shop'] },
        { id: 'cache', type: 'redis', host: '127.0.0.1', port: shop.redis.port, passwordRef: 'f-redis' },
      ],
      retention: { keepLast: 5, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 },
    };
    patch(job);
    await writeFile(join(home, 'config.json'), JSON.stringify({ version: 1, jobs: [job] }, null, 2));
  };
  shop.snapshotState = async () => {
    const out: Record<string, string> = {};
    const root = join(dest, 'shop');
    for (const name of (await readdir(root).catch(() => [] as string[])).sort()) {
      out[name] = await readFile(join(root, name, 'manifest.json'), 'utf8').catch(() => '(no manifest)');
    }
    return out;
  };
  shop.cleanup = async () => {
    await Promise.allSettled([shop.db?.stop(), shop.redis?.stop(), shop.rsyncd?.stop()]);
    await Promise.allSettled(['f-rsync', 'f-mysql', 'f-redis'].map((r) => secrets.delete(r)));
    await tmp.cleanup();
  };
  await shop.writeConfig();
  return shop;
}

/** Pseudo-random bytes that gzip cannot squeeze to nothing (so sizes and timings are realistic). */
export function randomish(size: number, seed: number): Buffer {
  const b = Buffer.alloc(size);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < size; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b.writeUInt32LE(x >>> 0, Math.min(i, size - 4));
  }
  return b;
}

/** PIDs of running processes whose argv contains `needle`. */
export async function pidsMatching(needle: string): Promise<number[]> {
  const out: number[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmd.includes(needle)) out.push(Number(pid));
  }
  return out;
}
