/**
 * A Redis dataset with every value type and encoding Redis 7 writes, for fetch/restore tests:
 * strings (plain, int-encoded, binary, large, LZF-compressible), lists (listpack and multi-node
 * quicklist), sets (intset and hashtable), sorted sets (listpack and skiplist), hashes (listpack
 * and hashtable), a stream with consumer groups, pending entries and a deleted entry, keys with
 * TTLs, keys in several databases, Japanese/emoji keys, a long compressible key name (LZF-encoded
 * key) and a function library.
 */
import { randomBytes } from 'node:crypto';
import type { RespClient } from '../../../electron/engine/tools/redis/resp-client.js';
import type { RespArg, RespValue } from '../../../electron/engine/tools/redis/resp-parser.js';

async function run(c: RespClient, cmds: RespArg[][]): Promise<RespValue[]> {
  const out: RespValue[] = [];
  for (let i = 0; i < cmds.length; i += 500) {
    const replies = await c.pipeline(cmds.slice(i, i + 500));
    for (const [j, r] of replies.entries()) {
      if (r.kind === 'error') throw new Error(`${String(cmds[i + j]![0])} failed: ${r.message}`);
    }
    out.push(...replies);
  }
  return out;
}

export const FUNCTION_LIBRARY = "#!lua name=kuralib\nredis.register_function('kura_echo', function(keys, args) return args[1] end)";

export async function loadDataset(c: RespClient): Promise<void> {
  const inHour = Date.now() + 3_600_000;
  const cmds: RespArg[][] = [
    ['SELECT', 0],
    ['SET', 'str:plain', 'hello'],
    ['SET', 'str:int', '12345'],
    ['SET', 'str:neg', '-42'],
    ['SET', 'str:int16', '30000'],
    ['SET', 'str:int32', '2000000000'],
    ['SET', 'str:bigint', '9007199254740993'],
    ['SET', 'str:binary', Buffer.from(Array.from({ length: 256 }, (_, i) => i))],
    ['SET', 'str:large', randomBytes(1024 * 1024)],
    ['SET', 'str:lzf', 'abc'.repeat(50_000)],
    ['SET', `user:session:${'x'.repeat(60)}`, 'long compressible key name'],
    ['SET', Buffer.from([0x00, 0xff, 0x0d, 0x0a]), 'binary key'],
    ['SET', '商品:在庫', '残り3個 🍣'],
    ['SET', '🍣🍺', '寿司とビール'],
    ['RPUSH', 'list:small', 'a', 'b', '1', '2', '-3'],
    ['SADD', 'set:ints', '1', '2', '3', '-5', '100000'],
    ['SADD', 'set:small', 'a', 'b', 'c'],
    ['ZADD', 'zset:small', '1', 'a', '2.5', 'b', '-inf', 'c', '+inf', 'd'],
    ['HSET', 'hash:small', 'f1', 'v1', 'f2', '2', '名前', '山田 🎌'],
    ['SET', 'ttl:str', 'expires', 'PXAT', inHour],
    ['HSET', 'ttl:hash', 'a', '1'],
    ['PEXPIREAT', 'ttl:hash', inHour + 1234],
  ];
  const bigList: RespArg[] = ['RPUSH', 'list:large'];
  for (let i = 0; i < 5000; i++) bigList.push(i % 3 === 0 ? String(i) : `item-${i}-${'z'.repeat(i % 120)}`);
  cmds.push(bigList);
  const bigSet: RespArg[] = ['SADD', 'set:large'];
  for (let i = 0; i < 1000; i++) bigSet.push(`member-${i}`);
  cmds.push(bigSet);
  const bigZset: RespArg[] = ['ZADD', 'zset:large'];
  for (let i = 0; i < 500; i++) bigZset.push(String(i * 1.25 - 100), `m${i}`);
  cmds.push(bigZset);
  const bigHash: RespArg[] = ['HSET', 'hash:large'];
  for (let i = 0; i < 1000; i++) bigHash.push(`field-${i}`, i % 2 ? String(i) : `value-${i}-${'q'.repeat(i % 70)}`);
  cmds.push(bigHash);
  for (let i = 1; i <= 60; i++) cmds.push(['XADD', 'stream:orders', `1700000000000-${i}`, 'item', `sku-${i}`, 'qty', String(i % 5)]);
  cmds.push(
    ['XGROUP', 'CREATE', 'stream:orders', 'shipping', '0'],
    ['XGROUP', 'CREATE', 'stream:orders', 'billing', '$'],
    ['XREADGROUP', 'GROUP', 'shipping', 'alice', 'COUNT', '10', 'STREAMS', 'stream:orders', '>'],
    ['XREADGROUP', 'GROUP', 'shipping', 'bob', 'COUNT', '5', 'STREAMS', 'stream:orders', '>'],
    ['XACK', 'stream:orders', 'shipping', '1700000000000-1', '1700000000000-2'],
    ['XDEL', 'stream:orders', '1700000000000-30'],
    ['XADD', 'stream:empty-ish', '1-1', 'a', 'b'],
    ['XDEL', 'stream:empty-ish', '1-1'],
    ['SELECT', 1],
    ['SET', 'db1:key', 'in db 1'],
    ['LPUSH', 'db1:list', 'x', 'y'],
    ['SET', 'db1:ttl', 'v', 'PXAT', inHour + 5000],
    ['SELECT', 5],
    ['SET', '寿司', '🍣'],
    ['SELECT', 0],
    ['FUNCTION', 'LOAD', 'REPLACE', FUNCTION_LIBRARY],
  );
  await run(c, cmds);
}

/** `INFO keyspace` as { db: keys }. */
export async function keyspace(c: RespClient): Promise<Record<string, number>> {
  const r = await c.call('INFO', 'keyspace');
  const out: Record<string, number> = {};
  const text = r.kind === 'bulk' ? r.value.toString('utf8') : '';
  for (const m of text.matchAll(/^db(\d+):keys=(\d+)/gm)) out[m[1]!] = Number(m[2]);
  return out;
}

export async function digest(c: RespClient): Promise<string> {
  const r = await c.call('DEBUG', 'DIGEST');
  if (r.kind !== 'simple' && r.kind !== 'bulk') throw new Error(`DEBUG DIGEST returned ${r.kind}`);
  return r.kind === 'simple' ? r.value : r.value.toString('utf8');
}
