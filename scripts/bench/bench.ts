/**
 * `npm run bench` (full size) and `npm run bench:small` (tiny data, a minute or so): Kura against the
 * seed article's commands on the same data, alternately, and a table of medians and ratios.
 *
 *   MySQL backup   Kura balanced / fast   vs  mysqldump … | gzip > db.sql.gz
 *   MySQL restore  Kura (check + import), one stream and in parallel  vs  gunzip -c db.sql.gz | mysql db;
 *                  in parallel vs myloader (Debian mydumper, when installed); one table alone vs the whole
 *   Files          Kura 2nd snapshot      vs  rsync -a --link-dest=<previous> (unchanged tree)
 *   Redis          Kura sync / file       vs  redis-cli --rdb  /  BGSAVE + cp dump.rdb
 *   Off-site S3    Kura, encrypted        vs  rclone copy of the backup folder, to a Ceph RADOS Gateway
 *                  (1st and 2nd night; bench-offsite.ts; needs ceph-mon ceph-osd radosgw ceph-common rclone)
 *   SSH (--only=ssh) the whole shop through SSH over a shaped link, vs the seed's cron script + rsync -e ssh
 *                  (bench-ssh.ts; needs root for the shop world; --ssh-rate-mbit, --ssh-delay-ms, --ssh-loss-pct)
 * plus Kura's peak memory (VmHWM of the child process that ran it, worker threads included).
 *
 * Sizes: --mysql-mb, --redis-mb, --files, --files-mb, --pairs, --warmup, --restore-pairs, --redis-pairs (or env
 * KURA_BENCH_MYSQL_MB, …); --only=mysql,restore,files,redis,offsite; --json=<file> writes the results;
 * --small picks tiny sizes. Everything runs in a temp folder (KURA_BENCH_DIR to choose where)
 * that is removed at the end (--keep leaves it, with Kura's run logs under kura-home/logs, to see where the
 * time went); the servers are the test harness's, on random loopback ports.
 */
import { randomBytes } from 'node:crypto';
import { cpus, freemem, loadavg, totalmem, tmpdir } from 'node:os';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { runProcess, startProcess } from '../../electron/engine/process/run-process.js';
import type { ChildResult, RestoreMysqlRequest } from './kura-child.js';
import { settle } from './settle.js';
import { bundleForNode } from '../build-cli.mjs';
import { SHOP_SCHEMA, writeFileTree, writeRedisCommands, writeShopTsv } from './shop-data.js';
import { createBackupUser, startMariaDb, type MariaDbServer } from '../../test/harness/mariadb.js';
import { benchSsh } from './bench-ssh.js';
import { startRedis, type RedisServer } from '../../test/harness/redis.js';
import { benchOffsite } from './bench-offsite.js';
import { procCpu } from './proc-cpu.js';
import { rsyncMs } from './run-log.js';
import { defaultRestoreConnections } from '../../electron/engine/tools/mysql/parallel-import.js';

interface BenchOptions {
  mysqlMb: number;
  redisMb: number;
  files: number;
  filesMb: number;
  pairs: number;
  /** Pairs run first and not counted (mysql, files, redis; restore has none: 5 min a pair). */
  warmup: number;
  restorePairs: number;
  /**
   * The Redis part runs more pairs than the rest by default (5): a BGSAVE of the same 1 GB varies by
   * ± 5 % from one save to the next on this machine — the whole margin of the `file` goal — and a pair
   * takes about a minute.
   */
  redisPairs: number;
  redisSyncDelay: number;
  only: Set<string>;
  json: string | null;
  small: boolean;
  sshRateMbit: number;
  /** Leave the scratch folder (--keep). */
  keep: boolean;
  sshDelayMs: number;
  sshLossPct: number;
}

export interface Row {
  name: string;
  seedLabel: string;
  seedMs: number[];
  kuraMs: number[];
  ratio: number;
  goal: string;
  pass: boolean | null;
  note: string;
  peakRssMb: number | null;
}

function parseOptions(argv: string[]): BenchOptions {
  const flags = new Map<string, string>();
  for (const a of argv) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (m) flags.set(m[1]!, m[2] ?? 'true');
  }
  const small = flags.has('small') || process.env['KURA_BENCH_SMALL'] === '1';
  const num = (flag: string, env: string, full: number, tiny: number): number => {
    const v = flags.get(flag) ?? process.env[env];
    const n = v === undefined ? (small ? tiny : full) : Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${flag} must be a positive number`);
    return n;
  };
  const pairs = num('pairs', 'KURA_BENCH_PAIRS', 3, 2);
  return {
    small,
    mysqlMb: num('mysql-mb', 'KURA_BENCH_MYSQL_MB', 1100, 12),
    redisMb: num('redis-mb', 'KURA_BENCH_REDIS_MB', 1000, 8),
    files: num('files', 'KURA_BENCH_FILES', 20_000, 400),
    filesMb: num('files-mb', 'KURA_BENCH_FILES_MB', 2000, 10),
    pairs,
    warmup: warmupPairs(flags.get('warmup') ?? process.env['KURA_BENCH_WARMUP'], small),
    restorePairs: num('restore-pairs', 'KURA_BENCH_RESTORE_PAIRS', pairs, pairs),
    redisPairs: num('redis-pairs', 'KURA_BENCH_REDIS_PAIRS', Math.max(pairs, 5), pairs),
    redisSyncDelay: Number(flags.get('redis-sync-delay') ?? process.env['KURA_BENCH_REDIS_SYNC_DELAY'] ?? 5),
    keep: flags.has('keep'),
    only: new Set((flags.get('only') ?? process.env['KURA_BENCH_ONLY'] ?? 'mysql,restore,files,redis,offsite').split(',')),
    json: flags.get('json') ?? process.env['KURA_BENCH_JSON'] ?? null,
    sshRateMbit: num('ssh-rate-mbit', 'KURA_BENCH_SSH_RATE_MBIT', 100, 100),
    sshDelayMs: num('ssh-delay-ms', 'KURA_BENCH_SSH_DELAY_MS', 10, 10),
    sshLossPct: Number(flags.get('ssh-loss-pct') ?? process.env['KURA_BENCH_SSH_LOSS_PCT'] ?? 0),
  };
}

/**
 * The first pair of a part ran 1–3 s slower than the rest on either side in most runs on this
 * machine (the first BGSAVE after the data was loaded, cold caches): one uncounted pair first.
 */
function warmupPairs(v: string | undefined, small: boolean): number {
  if (v === undefined) return small ? 0 : 1;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error('--warmup must be a whole number ≥ 0');
  return n;
}

/** A pair's name in the log: warm-up pairs are not counted. */
const pairName = (o: BenchOptions, i: number): string => (i < o.warmup ? `warm-up ${i + 1}` : `pair ${i - o.warmup + 1}`);
/**
 * Whether the seed (or anchor) goes first in pair i of a part whose two sides take turns: the warm-ups
 * and the 1st, 3rd, 5th… counted pairs. With an odd number of pairs the seed has the first place once
 * more than Kura, never the other way round: where going first helps, it helps the side Kura is
 * measured against.
 */
const baselineFirst = (o: BenchOptions, i: number): boolean => i < o.warmup || (i - o.warmup) % 2 === 0;
/** The counted runs of a series (the warm-ups dropped). */
const counted = (o: BenchOptions, xs: number[]): number[] => xs.slice(o.warmup);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const log = (msg: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
};

/** Runs a shell pipeline (the seed's way) and returns its wall-clock time; fails loudly. */
async function sh(script: string, env: Record<string, string> = {}): Promise<number> {
  await settle();
  const t = performance.now();
  const r = await runProcess({ file: 'bash', args: ['-o', 'pipefail', '-c', script], env }, { maxCaptureBytes: 8192 });
  const ms = performance.now() - t;
  if (r.exitCode !== 0) throw new Error(`bench command failed (exit ${r.exitCode}): ${script}\n${r.stderr}`);
  return ms;
}

async function shOut(script: string): Promise<string> {
  const r = await runProcess({ file: 'bash', args: ['-c', script] });
  return r.stdout.trim();
}

// The child runs bundled, as the installed `kura` and the app's main process run (scripts/build-cli.mjs):
// under tsx the same code takes ≈ 60 MB more memory, which is tsx's, not Kura's. KURA_BENCH_TSX=1 runs
// the sources under tsx instead (to compare).
const CHILD_SOURCE = resolve(import.meta.dirname, 'kura-child.ts');
const CHILD_BUNDLE_DIR = resolve(import.meta.dirname, '../../out/bench');
const underTsx = process.env['KURA_BENCH_TSX'] === '1';
async function buildChild(): Promise<void> {
  if (!underTsx) await bundleForNode({ 'kura-child': 'scripts/bench/kura-child.ts' }, CHILD_BUNDLE_DIR);
}

/** Runs Kura's code in a child process; returns its own timing and peak RSS. */
async function kura(args: string[], secrets: Record<string, string>): Promise<ChildResult> {
  await settle();
  const r = await runProcess(
    {
      file: process.execPath,
      // KURA_BENCH_CPU_PROF=<folder>: a V8 CPU profile of each Kura child, for finding where the time goes.
      // KURA_BENCH_NODE_FLAGS: more Node flags for each child (e.g. "--max-old-space-size=64 --heapsnapshot-near-heap-limit=1").
      args: [...(process.env['KURA_BENCH_CPU_PROF'] ? ['--cpu-prof', `--cpu-prof-dir=${process.env['KURA_BENCH_CPU_PROF']}`] : []), ...(process.env['KURA_BENCH_NODE_FLAGS']?.split(' ').filter(Boolean) ?? []), ...(underTsx ? ['--import', 'tsx', CHILD_SOURCE] : [join(CHILD_BUNDLE_DIR, 'kura-child.js')]), ...args],
      env: { KURA_BENCH_SECRETS: JSON.stringify(secrets) },
      secrets: Object.values(secrets),
    },
    { maxCaptureBytes: 1024 * 1024 },
  );
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  let out: ChildResult;
  try {
    out = JSON.parse(line) as ChildResult;
  } catch {
    throw new Error(`Kura child failed (exit ${r.exitCode}):\n${r.stderr.slice(-4000)}\n${r.stdout.slice(-2000)}`);
  }
  if (!out.ok) throw new Error(`Kura ${args[0]} did not succeed: ${JSON.stringify(out.detail).slice(0, 2000)}`);
  return out;
}

async function fileSize(p: string): Promise<number> {
  return (await stat(p)).size;
}

async function machine(): Promise<Record<string, string>> {
  const v = async (cmd: string) => (await shOut(`${cmd} 2>&1 | head -1`)) || 'n/a';
  const where = process.env['KURA_BENCH_DIR'] ?? tmpdir();
  const disk = await shOut(
    `src=$(findmnt -no SOURCE --target "${where}"); echo "$src $(df -h --output=size,avail "${where}" | tail -1) free, rotational=$(lsblk -dno ROTA "$src" 2>/dev/null || echo ?)"`,
  );
  return {
    cpu: `${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}`,
    ram: `${(totalmem() / 2 ** 30).toFixed(1)} GiB (free ${(freemem() / 2 ** 30).toFixed(1)} GiB at start)`,
    disk: disk.replace(/\s+/g, ' '),
    kernel: await v('uname -sr'),
    node: process.version,
    mariadb: await v('mariadbd --version'),
    redis: await v('redis-server --version'),
    rsync: await v('rsync --version'),
    gzip: await v('gzip --version'),
    load: loadavg().map((x) => x.toFixed(2)).join(' '),
  };
}

function jobConfig(id: string, dest: string, source: Record<string, unknown>, compression: 'balanced' | 'fast' = 'balanced'): string {
  return JSON.stringify({
    version: 1,
    jobs: [{ id, name: id, destination: { path: dest }, sources: [source], compression, retention: { keepLast: 100, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 } }],
  });
}

interface KuraRun {
  result: ChildResult;
  snapshotPath: string;
  itemBytes: number;
}

async function kuraJob(work: string, name: string, config: string, secrets: Record<string, string>): Promise<KuraRun> {
  const cfg = join(work, `${name}.config.json`);
  const home = join(work, 'kura-home');
  await mkdir(home, { recursive: true });
  // The backup folder exists before a job uses it (Kura never creates it during a run).
  await mkdir((JSON.parse(config) as { jobs: Array<{ destination: { path: string } }> }).jobs[0]!.destination.path, { recursive: true });
  await writeFile(cfg, config);
  const result = await kura(['job', cfg, home], secrets);
  const d = result.detail as { snapshot: { path: string }; items: Array<{ bytes: number }> };
  return { result, snapshotPath: d.snapshot.path, itemBytes: d.items[0]?.bytes ?? 0 };
}

function row(name: string, seedLabel: string, seedMs: number[], kuraMs: number[], goalRatio: number, note: string, peakRssMb: number | null): Row {
  const ratio = median(kuraMs) / median(seedMs);
  return { name, seedLabel, seedMs, kuraMs, ratio, goal: `≤ ${goalRatio}`, pass: ratio <= goalRatio, note, peakRssMb };
}

// ---------------------------------------------------------------------------------------------

async function buildMysql(db: MariaDbServer, work: string, mb: number): Promise<void> {
  // A shop's server keeps its data in memory; the harness's defaults are tuned for tiny tests.
  await db.sql('SET GLOBAL innodb_buffer_pool_size = 2147483648').catch((e: unknown) => log(`buffer pool: ${String(e)}`));
  await db.sql('SET GLOBAL innodb_log_file_size = 536870912').catch((e: unknown) => log(`log file size: ${String(e)}`));
  const tsv = await writeShopTsv(join(work, 'tsv'), mb);
  await db.sql('CREATE DATABASE shop CHARACTER SET utf8mb4');
  await db.sql(SHOP_SCHEMA, 'shop');
  for (const [table, path] of Object.entries(tsv)) {
    await db.sql(`LOAD DATA INFILE '${path}' INTO TABLE ${table} CHARACTER SET utf8mb4`, 'shop');
    await rm(path);
  }
}

async function benchMysql(o: BenchOptions, db: MariaDbServer, work: string, rows: Row[]): Promise<string> {
  const pw = randomBytes(12).toString('hex');
  await createBackupUser(db, { user: 'backup', password: pw, database: 'shop' });
  const cnf = join(work, 'seed.cnf');
  await writeFile(cnf, `[client]\nhost=127.0.0.1\nport=${db.port}\nuser=backup\npassword=${pw}\n`, { mode: 0o600 });
  const secrets = { 'bench-mysql': pw };
  const source = { id: 'db', type: 'mysql', host: '127.0.0.1', port: db.port, user: 'backup', passwordRef: 'bench-mysql', databases: ['shop'] };
  const seedOut = join(work, 'seed-shop.sql.gz');
  // The seed's command, with the same mysqldump options Kura uses, so only the compression differs.
  const seedCmd = `mysqldump --defaults-extra-file=${cnf} --single-transaction --quick --routines --events --triggers --hex-blob --default-character-set=utf8mb4 shop | gzip > ${seedOut}`;
  const seed: number[] = [];
  const bal: number[] = [];
  const fast: number[] = [];
  let seedBytes = 0;
  let balBytes = 0;
  let fastBytes = 0;
  let rss = 0;
  let keep = '';
  for (let i = 0; i < o.warmup + o.pairs; i++) {
    seed.push(await sh(seedCmd));
    seedBytes = await fileSize(seedOut);
    log(`mysql ${pairName(o, i)}: seed ${(seed.at(-1)! / 1000).toFixed(1)} s, ${seedBytes} bytes`);
    const b = await kuraJob(work, 'mysql-balanced', jobConfig('mysql-balanced', join(work, 'dest'), source, 'balanced'), secrets);
    bal.push(b.result.ms);
    balBytes = b.itemBytes;
    rss = Math.max(rss, b.result.maxRssKb);
    if (keep) await rm(keep, { recursive: true, force: true });
    keep = b.snapshotPath;
    log(`mysql ${pairName(o, i)}: kura balanced ${(b.result.ms / 1000).toFixed(1)} s, ${balBytes} bytes, peak ${(b.result.maxRssKb / 1024).toFixed(0)} MB`);
    const f = await kuraJob(work, 'mysql-fast', jobConfig('mysql-fast', join(work, 'dest'), source, 'fast'), secrets);
    fast.push(f.result.ms);
    fastBytes = f.itemBytes;
    rss = Math.max(rss, f.result.maxRssKb);
    await rm(f.snapshotPath, { recursive: true, force: true });
    log(`mysql ${pairName(o, i)}: kura fast ${(f.result.ms / 1000).toFixed(1)} s, ${fastBytes} bytes`);
  }
  const uncompressed = Number(await shOut(`gunzip -c ${seedOut} | wc -c`));
  const balRow = row('MySQL backup, balanced (gzip 6)', 'mysqldump | gzip', counted(o, seed), counted(o, bal), 0.5, `size ${pct(balBytes, seedBytes)} of seed (goal ≤ 102%); dump ${mb(uncompressed)} → seed ${mb(seedBytes)}, Kura ${mb(balBytes)}`, rss / 1024);
  if (balBytes > seedBytes * 1.02) balRow.pass = false;
  rows.push(balRow);
  rows.push(row('MySQL backup, fast (gzip 1)', 'mysqldump | gzip', counted(o, seed), counted(o, fast), 0.3, `size ${pct(fastBytes, seedBytes)} of seed (${mb(fastBytes)})`, rss / 1024));
  await rm(seedOut, { force: true });
  return keep;
}

async function benchRestore(o: BenchOptions, db: MariaDbServer, work: string, snapshotPath: string, rows: Row[]): Promise<void> {
  const manifest = JSON.parse(await readFile(join(snapshotPath, 'manifest.json'), 'utf8')) as { items: RestoreMysqlRequest['item'][] };
  const item = manifest.items.find((i) => i.type === 'mysql')!;
  const file = join(snapshotPath, item.path);
  const pw = randomBytes(12).toString('hex');
  await db.sql(`CREATE USER 'restorer'@'%' IDENTIFIED BY '${pw}'; GRANT ALL ON *.* TO 'restorer'@'%';`);
  const cnf = join(work, 'restore.cnf');
  await writeFile(cnf, `[client]\nhost=127.0.0.1\nport=${db.port}\nuser=restorer\npassword=${pw}\n`, { mode: 0o600 });
  // The same snapshot restored three ways: one stream (as before issue 20), in parallel (the default),
  // and its largest table alone.
  const request = async (name: string, extra: Partial<RestoreMysqlRequest>, toDatabase: string) => {
    const path = join(work, `restore-${name}.json`);
    const r: RestoreMysqlRequest = { snapshotPath, item, host: '127.0.0.1', port: db.port, user: 'restorer', passwordRef: 'bench-restore', toDatabase, ...extra };
    await writeFile(path, JSON.stringify(r));
    return path;
  };
  const serialReq = await request('serial', { connections: 1 }, 'r_kura');
  const parallelReq = await request('parallel', {}, 'r_kura');
  // The same, with every table created with all its keys (before deferred-keys.ts), to measure what building them after the rows gains.
  const keysFirstReq = await request('parallel-keys-first', { deferKeys: false }, 'r_kura');
  const largest = (item.parts ?? []).filter((p) => p.kind === 'data').sort((a, b) => b.sqlBytes - a.sqlBytes)[0];
  const tableReq = largest ? await request('table', { table: largest.name! }, 'r_table') : null;
  const myloader = await shOut('command -v myloader || true');
  const dumpDir = join(work, 'mydumper');
  if (myloader) {
    // mydumper's own dump of the same data, made once beforehand (not timed): what myloader reads.
    await sh(`mydumper --defaults-file=${cnf} -h 127.0.0.1 -P ${db.port} -B shop -o ${dumpDir}`);
  } else {
    log('restore: myloader not installed (Debian package mydumper): its row is left out');
  }
  const seed: number[] = [];
  const serial: number[] = [];
  const parallel: number[] = [];
  const keysFirst: number[] = [];
  const single: number[] = [];
  const loader: number[] = [];
  let rss = 0;
  // Where the time goes: the server's CPU and the client side's (Kura's own process and its mysql
  // clients; for the seed and myloader, everything bash ran) during each restore.
  const cpu = new Map<string, Array<{ server: number; own: number; clients: number }>>();
  const account = async <T>(name: string, run: () => Promise<T>, own?: (r: T) => { own: number; children: number } | undefined): Promise<T> => {
    const [server0, kids0] = [await procCpu(db.pid, 'own'), await procCpu('self', 'children')];
    const r = await run();
    const server = (await procCpu(db.pid, 'own')) - server0;
    const all = (await procCpu('self', 'children')) - kids0;
    const split = own?.(r);
    const e = { server, own: split ? split.own : 0, clients: split ? split.children : all };
    cpu.set(name, [...(cpu.get(name) ?? []), e]);
    log(`restore cpu ${name}: server ${e.server.toFixed(1)} s, client side ${all.toFixed(1)} s${split ? ` (Kura's process ${e.own.toFixed(1)} s, its mysql clients ${e.clients.toFixed(1)} s)` : ''}`);
    return r;
  };
  const kuraRestore = async (path: string, db2: string, name: string) => {
    await db.sql(`DROP DATABASE IF EXISTS ${db2}`);
    const r = await account(name, () => kura(['restore-mysql', path], { 'bench-restore': pw }), (x) => x.cpu);
    rss = Math.max(rss, r.maxRssKb);
    await db.sql(`DROP DATABASE ${db2}`);
    return r.ms;
  };
  // Decompression alone, once: what inflating the whole dump costs (gunzip; Kura's zlib is the same library).
  {
    const kids0 = await procCpu('self', 'children');
    const ms = await sh(`gunzip -c ${file} > /dev/null`);
    log(`restore: inflating the dump alone (gunzip -c > /dev/null) ${(ms / 1000).toFixed(1)} s, CPU ${((await procCpu('self', 'children')) - kids0).toFixed(1)} s`);
  }
  for (let i = 0; i < o.restorePairs; i++) {
    await db.sql('DROP DATABASE IF EXISTS r_seed; CREATE DATABASE r_seed CHARACTER SET utf8mb4;');
    seed.push(await account('seed', () => sh(`gunzip -c ${file} | mysql --defaults-extra-file=${cnf} r_seed`)));
    await db.sql('DROP DATABASE r_seed');
    log(`restore pair ${i + 1}: seed ${(seed.at(-1)! / 1000).toFixed(1)} s`);
    serial.push(await kuraRestore(serialReq, 'r_kura', 'one stream'));
    log(`restore pair ${i + 1}: kura, one stream ${(serial.at(-1)! / 1000).toFixed(1)} s (check, import, row-count verification)`);
    // Alternate which of the two parallel variants goes first, so neither always follows the same run.
    const variants = [
      async () => {
        parallel.push(await kuraRestore(parallelReq, 'r_kura', 'parallel'));
        log(`restore pair ${i + 1}: kura, parallel ${(parallel.at(-1)! / 1000).toFixed(1)} s`);
      },
      async () => {
        if (!item.parts) return;
        keysFirst.push(await kuraRestore(keysFirstReq, 'r_kura', 'keys during the load'));
        log(`restore pair ${i + 1}: kura, parallel with keys built during the load ${(keysFirst.at(-1)! / 1000).toFixed(1)} s`);
      },
    ];
    for (const v of i % 2 === 0 ? variants : variants.reverse()) await v();
    if (tableReq) {
      single.push(await kuraRestore(tableReq, 'r_table', 'largest table'));
      log(`restore pair ${i + 1}: kura, table ${largest!.name} alone ${(single.at(-1)! / 1000).toFixed(1)} s`);
    }
    if (myloader) {
      await db.sql('DROP DATABASE IF EXISTS r_myloader');
      loader.push(await account('myloader', () => sh(`myloader --defaults-file=${cnf} -h 127.0.0.1 -P ${db.port} -d ${dumpDir} -B r_myloader`)));
      await db.sql('DROP DATABASE r_myloader');
      log(`restore pair ${i + 1}: myloader ${(loader.at(-1)! / 1000).toFixed(1)} s`);
    }
  }
  for (const [name, runs] of cpu) {
    const m = (f: (e: { server: number; own: number; clients: number }) => number) => median(runs.map(f)).toFixed(1);
    log(`restore cpu, median of ${runs.length}, ${name}: server ${m((e) => e.server)} s, Kura's process ${m((e) => e.own)} s, clients ${m((e) => e.clients)} s`);
  }
  const connections = defaultRestoreConnections();
  rows.push(row('MySQL restore, one stream', 'gunzip -c | mysql', seed, serial, 1.05, 'Kura also checks the dump first (sha256 against the manifest) and counts rows after', rss / 1024));
  if (item.parts) {
    rows.push(row('MySQL restore, parallel', 'gunzip -c | mysql', seed, parallel, 0.6, `${connections} connections: schemas, then tables' rows at once, then triggers/routines/views; same checks`, rss / 1024));
    if (myloader) rows.push(row('MySQL restore, parallel vs myloader', 'myloader (its own dump)', loader, parallel, 1.0, `Kura ${connections} connections; myloader with its default threads, from a mydumper directory made beforehand`, rss / 1024));
    rows.push(row('MySQL restore, parallel: keys after the rows', 'the same, keys built during the load', keysFirst, parallel, 1.0, 'secondary keys and foreign keys added by ALTER TABLE after each table\'s rows (deferred-keys.ts)', rss / 1024));
    if (largest) rows.push(row('MySQL restore, largest table alone', 'Kura, whole database (parallel)', parallel, single, 1.0, `${largest.name}: ${mb(largest.sqlBytes)} of SQL of ${mb(item.uncompressedBytes)}`, rss / 1024));
  } else {
    log('restore: the snapshot has no parts (dumped without cuts): parallel rows left out');
  }
}

async function benchFiles(o: BenchOptions, work: string, rows: Row[]): Promise<void> {
  const src = join(work, 'site');
  await writeFileTree(src, o.files, o.filesMb);
  const seedDir = join(work, 'seed-files');
  await mkdir(seedDir);
  const full = await sh(`rsync -a ${src}/ ${seedDir}/base/`);
  log(`files: full copy ${(full / 1000).toFixed(1)} s`);
  const dest = join(work, 'files-dest');
  const config = jobConfig('files', dest, { id: 'www', type: 'files', from: src + '/' });

  // First snapshot: everything is copied and every file hashed (the per-file list). Its goal is the
  // issue's: at most 1.1 × the same run without hashes — measured as Kura's files item without them
  // (kura-child.ts files-nohash: the same rsync and output reading, the torn-file check, a walk counting
  // files and bytes; not the run around it, which the Kura side includes). The seed's plain `rsync -a`
  // is shown beside it (no goal): what the whole item costs against the bare copy.
  const seedFirst: number[] = [];
  const noHash: number[] = [];
  const kuraFirst: number[] = [];
  let listMs = 0;
  let first: KuraRun | null = null;
  const home = join(work, 'kura-home');
  for (let i = 0; i < o.warmup + o.pairs; i++) {
    const copy = join(seedDir, `full${i}`);
    seedFirst.push(await sh(`rsync -a ${src}/ ${copy}/`));
    await rm(copy, { recursive: true, force: true });
    // The anchor and Kura take turns going first after the seed, as the parallel restore variants do:
    // with a fixed order one side always ran right after the seed's 2 GB copy and its removal, the
    // other after the first side's own, and whatever those two places differ by went to the same side
    // in every pair. The anchor takes the first place in the odd pairs (baselineFirst).
    const runPlain = async () => {
      const plain = await kura(['files-nohash', JSON.stringify({ src: src + '/', dest: copy + '/', home })], {});
      await rm(copy, { recursive: true, force: true });
      return plain;
    };
    const runKura = async () => {
      await rm(join(dest, 'files'), { recursive: true, force: true });
      return kuraJob(work, 'files', config, {});
    };
    let plain: ChildResult;
    if (baselineFirst(o, i)) {
      plain = await runPlain();
      first = await runKura();
    } else {
      first = await runKura();
      plain = await runPlain();
    }
    noHash.push(plain.ms);
    kuraFirst.push(first.result.ms);
    listMs = listWrittenMs(await readFile((first.result.detail as { logFile: string }).logFile, 'utf8'));
    log(`files first ${pairName(o, i)}: seed rsync ${(seedFirst.at(-1)! / 1000).toFixed(2)} s, Kura without hashes ${(plain.ms / 1000).toFixed(2)} s, kura ${(first.result.ms / 1000).toFixed(2)} s (list after the copy ${listMs} ms; ${baselineFirst(o, i) ? 'without hashes first' : 'kura first'})`);
  }
  rows.push(
    row(`Files: 1st snapshot, ${o.files} files (hashing every file)`, 'Kura without hashes (same rsync, torn check, walk)', counted(o, noHash), counted(o, kuraFirst), 1.1, `per-file list written after the copy in ${listMs} ms (last run); files are hashed while rsync copies`, first!.result.maxRssKb / 1024),
    { ...row(`Files: 1st snapshot against the bare copy`, 'rsync -a (full copy)', counted(o, seedFirst), counted(o, kuraFirst), 1.1, 'no goal: the whole item (hashes, torn check, manifest) against rsync alone; the same Kura runs as the row above', first!.result.maxRssKb / 1024), goal: '—', pass: null },
  );
  log(`files: Kura first snapshot ${(first!.result.ms / 1000).toFixed(1)} s`);
  const seed: number[] = [];
  const k: number[] = [];
  let seedDisk = 0;
  let kuraDisk = 0;
  let rss = first!.result.maxRssKb;
  const newDiskKb = async (base: string, next: string) => Number((await shOut(`du -sk ${base} ${next} | tail -1`)).split(/\s+/)[0]);
  // The seed links to the very folder Kura links to. Debian's rsync 3.5 re-walks the --link-dest
  // path from / for every file (a few syscalls per path component), so a seed linking to a
  // shallower folder would measure the folder depth, not Kura (docs/benchmarks.md, "Files").
  const prev = join(first!.snapshotPath, 'files', 'www');
  // The seed and Kura take turns going first, as the first snapshot's pairs do: each side's run is
  // followed by the removal of what it made (20,000 links), and with a fixed order that removal always
  // came right before the same side. The seed takes the first place in the odd pairs (baselineFirst).
  for (let i = 0; i < o.warmup + o.pairs; i++) {
    const runSeed = async () => {
      const next = join(seedDir, `s${i}`);
      seed.push(await sh(`rsync -a --link-dest=${prev} ${src}/ ${next}/`));
      seedDisk = await newDiskKb(prev, next);
      await rm(next, { recursive: true, force: true });
    };
    let inRsync = '';
    const runKura = async () => {
      const r = await kuraJob(work, 'files', config, {});
      k.push(r.result.ms);
      inRsync = rsyncMs(await readFile((r.result.detail as { logFile: string }).logFile, 'utf8'));
      rss = Math.max(rss, r.result.maxRssKb);
      kuraDisk = await newDiskKb(first!.snapshotPath, r.snapshotPath);
      await rm(r.snapshotPath, { recursive: true, force: true });
    };
    if (baselineFirst(o, i)) {
      await runSeed();
      await runKura();
    } else {
      await runKura();
      await runSeed();
    }
    log(`files ${pairName(o, i)}: seed ${(seed.at(-1)! / 1000).toFixed(2)} s (${seedDisk} KiB new), kura ${(k.at(-1)! / 1000).toFixed(2)} s (rsync ${inRsync} ms of it; ${kuraDisk} KiB new; ${baselineFirst(o, i) ? 'seed first' : 'kura first'})`);
  }
  rows.push(row(`Files: 2nd snapshot, ${o.files} unchanged files`, 'rsync -a --link-dest', counted(o, seed), counted(o, k), 1.2, `new disk: Kura ${(kuraDisk / 1024).toFixed(1)} MiB, rsync ${(seedDisk / 1024).toFixed(1)} MiB (tree ${o.filesMb} MB); full copy ${(full / 1000).toFixed(1)} s`, rss / 1024));
}

/** "list written in N ms" from a files run's log (files-source.ts). */
function listWrittenMs(log: string): number {
  return Number(/list written in (\d+) ms/.exec(log)?.[1] ?? NaN);
}

async function fillRedis(redis: RedisServer, mbs: number): Promise<void> {
  const proc = startProcess({ file: 'redis-cli', args: ['-h', '127.0.0.1', '-p', String(redis.port), '--pipe'] }, { stdin: 'pipe', stdout: 'capture' });
  await writeRedisCommands(proc.stdin!, mbs);
  const r = await proc.result;
  if (r.exitCode !== 0) throw new Error(`redis-cli --pipe failed: ${r.stderr}${r.stdout}`);
}

async function benchRedis(o: BenchOptions, redis: RedisServer, work: string, rows: Row[]): Promise<void> {
  const cli = `redis-cli -h 127.0.0.1 -p ${redis.port}`;
  const sync: number[] = [];
  const ksync: number[] = [];
  const file: number[] = [];
  const kfile: number[] = [];
  let rss = 0;
  let rdbBytes = 0;
  const out = join(work, 'seed.rdb');
  const syncCfg = jobConfig('redis-sync', join(work, 'dest'), { id: 'cache', type: 'redis', host: '127.0.0.1', port: redis.port, method: 'sync' });
  const fileCfg = jobConfig('redis-file', join(work, 'dest'), { id: 'cache', type: 'redis', host: '127.0.0.1', port: redis.port, method: 'file', rdbPath: join(redis.dir, 'dump.rdb') });
  // BGSAVE, wait for LASTSAVE to move, copy: what a cron'd seed script does for a fresh snapshot.
  const seedFile = `t=$(${cli} LASTSAVE); ${cli} BGSAVE >/dev/null; while [ "$(${cli} LASTSAVE)" = "$t" ]; do sleep 0.05; done; cp ${join(redis.dir, 'dump.rdb')} ${out}`;
  for (let i = 0; i < o.warmup + o.redisPairs; i++) {
    sync.push(await sh(`${cli} --rdb ${out} >/dev/null`));
    rdbBytes = await fileSize(out);
    await rm(out);
    const s = await kuraJob(work, 'redis-sync', syncCfg, {});
    ksync.push(s.result.ms);
    rss = Math.max(rss, s.result.maxRssKb);
    await rm(s.snapshotPath, { recursive: true, force: true });
    // LASTSAVE has one-second resolution: never start a BGSAVE in the second the last one ended.
    await new Promise((r) => setTimeout(r, 1100));
    file.push(await sh(seedFile));
    await rm(out);
    await new Promise((r) => setTimeout(r, 1100));
    const f = await kuraJob(work, 'redis-file', fileCfg, {});
    kfile.push(f.result.ms);
    rss = Math.max(rss, f.result.maxRssKb);
    await rm(f.snapshotPath, { recursive: true, force: true });
    log(`redis ${pairName(o, i)}: --rdb ${(sync.at(-1)! / 1000).toFixed(1)} s, kura sync ${(s.result.ms / 1000).toFixed(1)} s, bgsave+cp ${(file.at(-1)! / 1000).toFixed(1)} s, kura file ${(f.result.ms / 1000).toFixed(1)} s`);
  }
  const delay = `repl-diskless-sync-delay ${o.redisSyncDelay} s`;
  rows.push(row('Redis fetch, sync', 'redis-cli --rdb', counted(o, sync), counted(o, ksync), 1.05, `RDB ${mb(rdbBytes)}; ${delay} in both; Kura also walks the RDB and checks its CRC64`, rss / 1024));
  rows.push(row('Redis fetch, file', 'BGSAVE + cp', counted(o, file), counted(o, kfile), 1.05, 'Kura also walks the RDB and checks its CRC64', rss / 1024));
}

// ---------------------------------------------------------------------------------------------

const mb = (b: number) => `${(b / 1e6).toFixed(b < 1e7 ? 2 : 0)} MB`;
const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(1)}%`;
const sec = (ms: number) => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);

export function renderTable(rows: Row[]): string {
  const lines = [
    '| Operation | Seed command | Seed median (s) | Kura median (s) | Kura / seed | Goal | Met | Kura peak RSS | Notes |',
    '|---|---|---:|---:|---:|---|---|---:|---|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.name} | \`${r.seedLabel.replace(/\|/g, '\\|')}\` | ${sec(median(r.seedMs))} | ${sec(median(r.kuraMs))} | ${r.ratio.toFixed(2)} | ${r.goal} | ${r.pass === null ? '—' : r.pass ? 'yes' : '**no**'} | ${r.peakRssMb === null ? '—' : `${r.peakRssMb.toFixed(0)} MB`} | ${r.note} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const base = process.env['KURA_BENCH_DIR'] ?? tmpdir();
  const work = join(base, `kura-bench-${process.pid}`);
  await mkdir(work, { recursive: true });
  const info = await machine();
  log(`machine: ${JSON.stringify(info)}`);
  await buildChild();
  log(underTsx ? 'Kura runs under tsx (KURA_BENCH_TSX=1)' : 'Kura runs bundled (out/bench, as the installed kura)');
  log(`sizes: MySQL ${o.mysqlMb} MB, Redis ${o.redisMb} MB, ${o.files} files / ${o.filesMb} MB, ${o.pairs} pairs after ${o.warmup} warm-up (${o.redisPairs} for Redis; ${o.restorePairs} for restore, no warm-up)`);
  const rows: Row[] = [];
  let db: MariaDbServer | null = null;
  let redis: RedisServer | null = null;
  const started = Date.now();
  try {
    const wantMysql = o.only.has('mysql') || o.only.has('restore');
    const wantRedis = o.only.has('redis');
    log('building data…');
    [db, redis] = await Promise.all([
      wantMysql ? startMariaDb() : Promise.resolve(null),
      wantRedis ? startRedis({ extraConfig: { 'repl-diskless-sync-delay': o.redisSyncDelay } }) : Promise.resolve(null),
    ]);
    await Promise.all([db ? buildMysql(db, work, o.mysqlMb) : null, redis ? fillRedis(redis, o.redisMb) : null]);
    log(`data built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    if (db) {
      const snapshot = await benchMysql(o, db, work, rows);
      if (o.only.has('restore')) await benchRestore(o, db, work, snapshot, rows);
      await db.stop();
      db = null;
    }
    if (o.only.has('files')) await benchFiles(o, work, rows);
    if (redis) await benchRedis(o, redis, work, rows);
    if (redis) {
      await redis.stop();
      redis = null;
    }
    if (o.only.has('offsite')) {
      await benchOffsite(
        { files: o.files, filesMb: o.filesMb, mysqlMb: o.mysqlMb, redisMb: o.redisMb, pairs: o.pairs, writeFileTree, kuraJob, kura, sh, jobConfig, row, log },
        work,
        rows,
      );
    }
    if (o.only.has('ssh')) {
      rows.push(
        ...(await benchSsh(
          { mysqlMb: o.mysqlMb, redisMb: o.redisMb, files: o.files, filesMb: o.filesMb, rateMbit: o.sshRateMbit, delayMs: o.sshDelayMs, lossPct: o.sshLossPct },
          work,
          { log, kuraJob, settle },
        )),
      );
    }

    const peak = Math.max(...rows.map((r) => r.peakRssMb ?? 0));
    const table = renderTable(rows);
    const endLoad = loadavg().map((x) => x.toFixed(2)).join(' ');
    const summary = `\nKura's peak memory over all runs: ${peak.toFixed(0)} MB (goal < 200 MB: ${peak < 200 ? 'met' : 'NOT met'}; the off-site rows' goal is < 250 MB).\nLoad average at start ${info.load}, at end ${endLoad}. Total ${((Date.now() - started) / 1000).toFixed(0)} s.\n`;
    process.stdout.write(table + '\n' + summary);
    if (o.json) await writeFile(o.json, JSON.stringify({ machine: { ...info, loadEnd: endLoad }, options: { ...o, only: [...o.only] }, rows, peakRssMb: peak }, null, 2));
  } finally {
    await db?.stop().catch(() => {});
    await redis?.stop().catch(() => {});
    if (o.keep) log(`kept ${work}`);
    else await rm(work, { recursive: true, force: true });
  }
}

await main();

