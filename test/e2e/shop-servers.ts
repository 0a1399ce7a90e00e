/**
 * The shop an e2e journey backs up: a website tree behind a password-protected rsync module, a
 * MariaDB with a `shop` database (Japanese product names, a view and a trigger, so a dump needs
 * more than SELECT) and a password-protected Redis with a few keys. Real servers, from the test
 * harness, on random loopback ports.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startMariaDb, sqlString, type MariaDbServer } from '../harness/mariadb.js';
import { startRedis, type RedisServer } from '../harness/redis.js';
import { startRsyncDaemon, type RsyncDaemon } from '../harness/rsyncd.js';
import { tempDir } from '../harness/tmp.js';

export const RSYNC_USER = 'backup';
export const RSYNC_PASSWORD = 'Rsync pass 1';
export const REDIS_PASSWORD = 'Redis pass 1';
/** The top-level entries the module shows, as the wizard lists them. */
export const SITE_TOP = ['images/', 'index.php', 'wp-content/'];

export interface ShopServers {
  mariadb: MariaDbServer;
  redis: RedisServer;
  rsyncd: RsyncDaemon;
  stop(): Promise<void>;
}

export async function startShopServers(): Promise<ShopServers> {
  const site = await tempDir('kura-e2e-site-');
  await mkdir(join(site.path, 'images'), { recursive: true });
  await mkdir(join(site.path, 'wp-content', 'uploads', '2024'), { recursive: true });
  await writeFile(join(site.path, 'index.php'), '<?php echo "いらっしゃいませ";\n');
  await writeFile(join(site.path, 'images', 'logo.png'), Buffer.alloc(4096, 7));
  await writeFile(join(site.path, 'wp-content', 'uploads', '2024', '商品写真.jpg'), Buffer.alloc(20_000, 3));

  const [mariadb, redis, rsyncd] = await Promise.all([
    startMariaDb(),
    startRedis({ password: REDIS_PASSWORD }),
    startRsyncDaemon([{ name: 'www', path: site.path, authUsers: { [RSYNC_USER]: RSYNC_PASSWORD } }]),
  ]);

  const rows = Array.from({ length: 60 }, (_, i) => `(${i + 1}, ${sqlString(`抹茶ラテ ${i + 1}`)}, ${100 + i * 10})`).join(',\n');
  await mariadb.sql(`
    CREATE DATABASE shop;
    USE shop;
    CREATE TABLE products (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, price INT NOT NULL) ENGINE=InnoDB;
    INSERT INTO products VALUES ${rows};
    CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, product_id INT NOT NULL, qty INT NOT NULL, note TEXT) ENGINE=InnoDB;
    INSERT INTO orders (product_id, qty, note) VALUES (1, 2, 'ギフト包装'), (5, 1, NULL), (7, 3, 'express 🚚');
    CREATE VIEW cheap_products AS SELECT id, name FROM products WHERE price < 200;
    CREATE TRIGGER orders_qty BEFORE INSERT ON orders FOR EACH ROW SET NEW.qty = GREATEST(NEW.qty, 1);
    CREATE DATABASE blog;
    CREATE TABLE blog.posts (id INT PRIMARY KEY, title VARCHAR(100));
    INSERT INTO blog.posts VALUES (1, 'こんにちは');
  `);

  const client = await redis.client();
  try {
    for (let i = 0; i < 25; i++) await client.command('SET', `session:${i}`, `user-${i}`);
    await client.command('HSET', 'cart:42', 'item', '抹茶ラテ', 'qty', '2');
  } finally {
    await client.close();
  }

  return {
    mariadb,
    redis,
    rsyncd,
    async stop() {
      await Promise.allSettled([mariadb.stop(), redis.stop(), rsyncd.stop()]);
      await site.cleanup();
    },
  };
}
