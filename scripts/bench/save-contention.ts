/**
 * `npm run bench:save-contention`: how much slower does Redis' BGSAVE get when Kura reads and
 * checks the file beside the save child (the `file` method's fast path, save-tail.ts)?
 *
 * The `file` row of `npm run bench` mixes that slowdown with everything else that varies between
 * runs; this isolates it. Each round runs every variant once, in a shuffled order, on the same
 * server: `alone` (BGSAVE only), then the pieces of Kura's work one at a time — `read` (follow the
 * growing temp file), `sha` (+ sha256), `walk` (+ the RDB walk with CRC64), `write` / `write4` /
 * `write64` (only the copy: no sync until the end, or an fdatasync every 4 / 64 MiB) — and the whole sink
 * (write + walk + sha256 + fsync) with a background fdatasync every 16/32/64/128/256 MiB or none.
 * It prints each save's duration (BGSAVE until INFO says it ended, polled every 20 ms) and the
 * mean and median per variant as a ratio to `alone`. Dirty pages are synced before each save.
 *
 *   --rdb=<file>        start the server from this RDB (else it is filled with --redis-mb of data)
 *   --redis-mb=<n>      data to generate when no --rdb is given (default 1000)
 *   --variants=a,b,…    default: all
 *   --rounds=<n>        default 5
 */
import { createHash } from 'node:crypto';
import { open, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startProcess } from '../../electron/engine/process/run-process.js';
import { BackgroundSync } from '../../electron/engine/util/background-sync.js';
import { fetchInfo } from '../../electron/engine/tools/redis/info.js';
import { RdbChunkFeed } from '../../electron/engine/tools/redis/rdb-chunk-feed.js';
import { RdbFileSink } from '../../electron/engine/tools/redis/rdb-file-sink.js';
import { RdbReader } from '../../electron/engine/tools/redis/rdb-reader.js';
import { connectRedis } from '../../electron/engine/tools/redis/resp-client.js';
import { validateRdbReader } from '../../electron/engine/tools/redis/validate-rdb.js';
import { tempDir } from '../../test/harness/tmp.js';
import { startRedis } from '../../test/harness/redis.js';
import { settle } from './settle.js';
import { writeRedisCommands } from './shop-data.js';

/** What is done with each chunk read from the growing file. */
interface Work {
  write(chunk: Buffer): Promise<void> | void;
  finish(): Promise<void>;
}

const flags = new Map(process.argv.slice(2).map((a) => /^--([a-z-]+)=(.*)$/.exec(a)).filter((m) => m !== null).map((m) => [m[1]!, m[2]!]));
const scratch = await tempDir('kura-save-contention-');
const out = join(scratch.path, 'out.rdb');

const sink = (syncEveryBytes: number | undefined) => async (): Promise<Work> => {
  const s = await RdbFileSink.create(out, syncEveryBytes === undefined ? {} : { syncEveryBytes });
  return { write: (c) => s.write(c), finish: async () => void (await s.finish()) };
};
/** Only Kura's copy: plain writes with the sink's own BackgroundSync every `everyBytes` (none if undefined). */
const write = (everyBytes: number | undefined) => async (): Promise<Work> => {
  const file = await open(out, 'w', 0o600);
  const sync = new BackgroundSync(file, everyBytes);
  let written = 0;
  return {
    async write(c) {
      await file.write(c, 0, c.length, written);
      written += c.length;
      sync.written(written);
    },
    finish: async () => {
      await sync.idle();
      if (sync.failure) throw sync.failure.error;
      await file.sync();
      await file.close();
    },
  };
};
const VARIANTS: Record<string, () => Promise<Work | null>> = {
  alone: async () => null,
  read: async () => ({ write: () => {}, finish: async () => {} }),
  sha: async () => {
    const h = createHash('sha256');
    return { write: (c) => void h.update(c), finish: async () => void h.digest() };
  },
  walk: async () => {
    const feed = new RdbChunkFeed();
    const validation = validateRdbReader(RdbReader.fromSource(feed, { captureRaw: false }));
    return {
      async write(c) {
        feed.push(c);
        if (feed.queuedBytes > 32 << 20) await feed.waitForRoom(16 << 20);
      },
      finish: async () => {
        feed.end();
        await validation;
      },
    };
  },
  write: write(undefined),
  write4: write(4 << 20),
  write64: write(64 << 20),
  sinkNoSync: sink(undefined),
  sink16: sink(16 << 20),
  sink32: sink(32 << 20),
  sink64: sink(64 << 20),
  sink128: sink(128 << 20),
  sink256: sink(256 << 20),
};
const chosen = (flags.get('variants') ?? Object.keys(VARIANTS).join(',')).split(',');
for (const v of chosen) if (!VARIANTS[v]) throw new Error(`unknown variant ${v} (known: ${Object.keys(VARIANTS).join(', ')})`);
const rounds = Number(flags.get('rounds') ?? 5);

const rdb = flags.get('rdb');
const redis = await startRedis(rdb ? { rdbFile: rdb } : {});
if (!rdb) {
  const fill = startProcess({ file: 'redis-cli', args: ['-h', '127.0.0.1', '-p', String(redis.port), '--pipe'] }, { stdin: 'pipe', stdout: 'capture' });
  await writeRedisCommands(fill.stdin!, Number(flags.get('redis-mb') ?? 1000));
  if ((await fill.result).exitCode !== 0) throw new Error('redis-cli --pipe failed');
}
const client = await connectRedis(redis.target);
const saves: Record<string, number[]> = {};

/** One BGSAVE with `name`'s work done on the file as the child writes it; returns the save's ms. */
async function oneSave(name: string): Promise<number> {
  await rm(out, { force: true });
  await settle();
  const work = await VARIANTS[name]!();
  const before = new Set(await readdir(redis.dir));
  const t0 = performance.now();
  await client.call('BGSAVE');
  let saveMs: number | null = null;
  const poll = (async () => {
    while (saveMs === null) {
      await sleep(20);
      if ((await fetchInfo(client, 'persistence')).get('rdb_bgsave_in_progress') === '0') saveMs = performance.now() - t0;
    }
  })();
  if (work) {
    let temp: string | undefined;
    while (!temp) {
      temp = (await readdir(redis.dir)).find((n) => /^temp-\d+\.rdb$/.test(n) && !before.has(n));
      if (!temp) await sleep(20);
    }
    const fh = await open(join(redis.dir, temp), 'r');
    let pos = 0;
    for (;;) {
      const finishing = saveMs !== null;
      const buf = Buffer.allocUnsafe(1 << 20);
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (bytesRead > 0) {
        pos += bytesRead;
        await work.write(buf.subarray(0, bytesRead));
      } else if (finishing) {
        break;
      } else {
        await sleep(15);
      }
    }
    await work.finish();
    await fh.close();
  }
  await poll;
  // LASTSAVE-style tools have one-second resolution; keep saves apart like the bench does.
  await sleep(1100);
  return saveMs!;
}

try {
  for (let r = 0; r < rounds; r++) {
    for (const name of [...chosen].sort(() => Math.random() - 0.5)) {
      const ms = await oneSave(name);
      (saves[name] ??= []).push(ms);
      console.log(`round ${r + 1} ${name.padEnd(10)} save ${(ms / 1000).toFixed(2)} s`);
    }
  }
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const base = saves['alone'];
  console.log('\n| Variant | Saves (s) | Mean | Median | Mean / alone |\n|---|---|---:|---:|---:|');
  for (const name of chosen) {
    const xs = saves[name]!;
    const ratio = base ? (mean(xs) / mean(base)).toFixed(3) : '–';
    console.log(`| ${name} | ${xs.map((x) => (x / 1000).toFixed(2)).join(', ')} | ${(mean(xs) / 1000).toFixed(2)} | ${(median(xs) / 1000).toFixed(2)} | ${ratio} |`);
  }
} finally {
  await client.close();
  await redis.stop();
  await scratch.cleanup();
}
