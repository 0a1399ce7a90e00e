/**
 * Synthetic but shop-like data for the benchmark: a MySQL shop schema (customers, products, orders,
 * order items) with Japanese names and product texts, Redis sessions/carts, and a website file tree.
 *
 * Deterministic (seeded xorshift) so every bench run measures the same bytes. Texts are drawn from
 * word lists, so dumps compress about like real shop dumps (roughly 4–5×) rather than like zeros or
 * random bytes, which would make gzip look either absurdly fast or pointlessly slow.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  next(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  int(n: number): number {
    return this.next() % n;
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)]!;
  }
}

const FAMILY = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤', '吉田', '山田', '佐々木', '山口', '松本', '井上', '木村', '林', '清水', '斎藤'];
const GIVEN = ['太郎', '花子', '翔', '陽菜', '蓮', '結衣', '大輝', '美咲', '悠真', '葵', '健太', 'さくら', '拓海', '凛', '颯太', '優奈'];
const PREF = ['東京都', '大阪府', '北海道', '福岡県', '愛知県', '神奈川県', '京都府', '兵庫県', '沖縄県', '宮城県', '広島県', '静岡県'];
const TOWN = ['中央', '港', '北', '南', '栄', '本町', '駅前', '緑ヶ丘', '桜台', '若葉', '旭町', '青葉'];
const WORDS_JA = ['国産', '無添加', '手作り', 'オーガニック', '限定', '送料無料', '人気', 'ギフト', '贈答用', '訳あり', '大容量', 'お試し', '新鮮', '産地直送', '職人', '伝統', '季節', '特選', 'セット', '詰め合わせ'];
const ITEMS = ['緑茶', '抹茶', '煎茶', '和菓子', '羊羹', '醤油', '味噌', '日本酒', '梅干し', '昆布', '海苔', '米', 'せんべい', '手ぬぐい', '湯呑み', '急須', '箸', '風呂敷'];
const WORDS_EN = ['premium', 'handmade', 'organic', 'gift', 'limited', 'seasonal', 'traditional', 'fresh', 'set', 'assorted', 'Kyoto', 'Uji', 'Shizuoka', 'Hokkaido', 'craft', 'ceramic'];
const STATUS = ['new', 'paid', 'shipped', 'delivered', 'cancelled', 'returned'];
const PAY = ['credit', 'konbini', 'bank', 'cod', 'paypay'];

function sentence(r: Rng, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(r.int(3) === 0 ? r.pick(WORDS_EN) : r.int(2) ? r.pick(WORDS_JA) : r.pick(ITEMS));
  return out.join(r.int(4) === 0 ? '、' : ' ') + '。';
}

function date(r: Rng): string {
  const t = 1_577_836_800 + r.int(5 * 365 * 86_400);
  return new Date(t * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

export const SHOP_SCHEMA = `
CREATE TABLE customers (id INT UNSIGNED PRIMARY KEY, name VARCHAR(64) NOT NULL, email VARCHAR(128) NOT NULL, zip CHAR(8), pref VARCHAR(16),
  address VARCHAR(255), phone VARCHAR(20), points INT NOT NULL DEFAULT 0, created_at DATETIME NOT NULL, KEY (email)) ENGINE=InnoDB;
CREATE TABLE products (id INT UNSIGNED PRIMARY KEY, sku VARCHAR(32) NOT NULL UNIQUE, name VARCHAR(255) NOT NULL, description TEXT,
  price INT NOT NULL, stock INT NOT NULL, created_at DATETIME NOT NULL) ENGINE=InnoDB;
CREATE TABLE orders (id INT UNSIGNED PRIMARY KEY, customer_id INT UNSIGNED NOT NULL, status VARCHAR(16) NOT NULL, total INT NOT NULL,
  tax INT NOT NULL, shipping INT NOT NULL, payment VARCHAR(16) NOT NULL, note VARCHAR(255), created_at DATETIME NOT NULL,
  updated_at DATETIME NOT NULL, KEY (customer_id)) ENGINE=InnoDB;
CREATE TABLE order_items (id INT UNSIGNED PRIMARY KEY, order_id INT UNSIGNED NOT NULL, product_id INT UNSIGNED NOT NULL, qty INT NOT NULL,
  unit_price INT NOT NULL, options VARCHAR(255), KEY (order_id)) ENGINE=InnoDB;
CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW SET NEW.updated_at = NOW();
CREATE VIEW order_totals AS SELECT customer_id, COUNT(*) AS orders, SUM(total) AS spent FROM orders GROUP BY customer_id;
`;

/** Rows per MB of dump, calibrated so `sizeMb` is close to the uncompressed dump size. */
export function shopRowCounts(sizeMb: number): Record<'customers' | 'products' | 'orders' | 'order_items', number> {
  const k = Math.max(0.01, sizeMb);
  return {
    products: Math.ceil(170 * k),
    customers: Math.ceil(1700 * k),
    orders: Math.ceil(2700 * k),
    order_items: Math.ceil(5400 * k),
  };
}

async function writeLines(path: string, rows: number, line: (i: number) => string): Promise<void> {
  const out = createWriteStream(path, { highWaterMark: 1024 * 1024 });
  let buf = '';
  for (let i = 1; i <= rows; i++) {
    buf += line(i) + '\n';
    if (buf.length > 512 * 1024) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

/** Writes one TSV per table (LOAD DATA format) into `dir`; returns their paths by table. */
export async function writeShopTsv(dir: string, sizeMb: number, seed = 7): Promise<Record<string, string>> {
  await mkdir(dir, { recursive: true });
  const r = new Rng(seed);
  const n = shopRowCounts(sizeMb);
  const files: Record<string, string> = {};
  files['products'] = join(dir, 'products.tsv');
  await writeLines(files['products'], n.products, (i) => {
    const desc = Array.from({ length: 6 + r.int(10) }, () => sentence(r, 8 + r.int(10))).join(' ');
    return [i, `SKU-${String(i).padStart(7, '0')}`, `${r.pick(WORDS_JA)} ${r.pick(ITEMS)} ${r.pick(WORDS_EN)} ${r.int(1000)}g`, desc, 100 + r.int(20_000), r.int(500), date(r)].join('\t');
  });
  files['customers'] = join(dir, 'customers.tsv');
  await writeLines(files['customers'], n.customers, (i) => {
    const zip = `${String(r.int(1000)).padStart(3, '0')}-${String(r.int(10_000)).padStart(4, '0')}`;
    const addr = `${r.pick(TOWN)}${1 + r.int(9)}丁目${1 + r.int(30)}-${1 + r.int(20)} ${r.int(3) === 0 ? `${r.pick(TOWN)}マンション${100 + r.int(900)}号室` : ''}`;
    return [i, `${r.pick(FAMILY)} ${r.pick(GIVEN)}`, `user${i}.${r.next().toString(36)}@example.jp`, zip, r.pick(PREF), addr, `0${r.int(99)}-${r.int(10_000)}-${r.int(10_000)}`, r.int(5000), date(r)].join('\t');
  });
  files['orders'] = join(dir, 'orders.tsv');
  await writeLines(files['orders'], n.orders, (i) => {
    const total = 500 + r.int(50_000);
    const note = r.int(4) === 0 ? sentence(r, 4 + r.int(6)) : '\\N';
    const d = date(r);
    return [i, 1 + r.int(n.customers), r.pick(STATUS), total, Math.floor(total / 11), r.pick([0, 550, 880, 1100]), r.pick(PAY), note, d, d].join('\t');
  });
  files['order_items'] = join(dir, 'order_items.tsv');
  await writeLines(files['order_items'], n.order_items, (i) => {
    const opts = r.int(3) === 0 ? `{"gift_wrap":${r.int(2) === 1},"noshi":"${r.pick(['御中元', '御歳暮', '御祝', '内祝'])}"}` : '\\N';
    return [i, 1 + r.int(n.orders), 1 + r.int(n.products), 1 + r.int(5), 100 + r.int(20_000), opts].join('\t');
  });
  return files;
}

/**
 * Redis data as a RESP command stream for `redis-cli --pipe`: session hashes, cart lists, cached
 * page fragments (strings) and a ranking sorted set, about `sizeMb` of values.
 */
export async function writeRedisCommands(out: Writable, sizeMb: number, seed = 11): Promise<void> {
  const r = new Rng(seed);
  const resp = (...args: string[]): string => `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('');
  const target = sizeMb * 1024 * 1024;
  let written = 0;
  let i = 0;
  let buf = '';
  while (written < target) {
    i++;
    let cmd: string;
    switch (i % 4) {
      case 0:
        cmd = resp('HSET', `session:${i}`, 'user', String(r.int(1e6)), 'name', `${r.pick(FAMILY)} ${r.pick(GIVEN)}`, 'token', r.next().toString(36) + r.next().toString(36), 'data', sentence(r, 20));
        break;
      case 1:
        cmd = resp('RPUSH', `cart:${i}`, ...Array.from({ length: 1 + r.int(5) }, () => `${1 + r.int(100_000)}:${1 + r.int(5)}`));
        break;
      case 2:
        cmd = resp('SET', `page:${i}`, `<div class="item">${Array.from({ length: 8 }, () => sentence(r, 12)).join('<br>')}</div>`);
        break;
      default:
        cmd = resp('ZADD', `rank:${i % 1000}`, String(r.int(1e6)), `p${r.int(100_000)}`);
    }
    buf += cmd;
    written += cmd.length;
    if (buf.length > 256 * 1024) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  await new Promise<void>((resolve, reject) => out.end(buf, () => resolve()).once('error', reject));
}

/**
 * A website tree: `files` files in folders of 200 (images-like incompressible blobs and PHP/HTML
 * texts), about `totalMb` in all.
 */
export async function writeFileTree(root: string, files: number, totalMb: number, seed = 13): Promise<void> {
  const r = new Rng(seed);
  const avg = Math.max(1, Math.floor((totalMb * 1024 * 1024) / files));
  const blob = Buffer.alloc(4 * avg);
  for (let i = 0; i < blob.length; i += 4) blob.writeUInt32LE(r.next(), i);
  for (let i = 0; i < files; i++) {
    const dir = join(root, `dir${String(Math.floor(i / 200)).padStart(4, '0')}`);
    if (i % 200 === 0) await mkdir(dir, { recursive: true });
    const size = Math.floor(avg / 2) + r.int(avg);
    const start = r.int(blob.length - size);
    const name = i % 5 === 0 ? `page-${i}.php` : `商品画像-${i}.jpg`;
    await writeFile(join(dir, name), i % 5 === 0 ? `<?php /* ${sentence(r, 30)} */ ?>\n` + blob.subarray(start, start + size).toString('base64').slice(0, size) : blob.subarray(start, start + size));
  }
}
