/**
 * `npm run bench -- --only=ssh`: the whole shop backed up over a shaped link, in the shop world
 * (test/harness/shop-world.ts): MySQL, the file tree and Redis on a server reachable only by SSH,
 * 100 Mbit/s with 10 ms each way (20 ms RTT) unless --ssh-rate-mbit / --ssh-delay-ms say otherwise.
 *
 *   Kura:  one run of a job whose three sources go `"via": "ssh"` (key login).
 *   Seed:  the seed's cron script on the server (mysqldump | gzip, redis-cli --rdb into a dump
 *          folder), then `rsync -a -e ssh` of the dump folder and the site to the backup machine,
 *          hard-linking unchanged files to the previous copy (timed together).
 * Two nights each: the first (everything crosses the link) and the second (files unchanged).
 * Also Kura / the physical limit: the bytes Kura stores (dump.gz + files + RDB) ÷ the bandwidth.
 *
 * Needs root (the shop world). Where the kernel has no sch_netem, the delay cannot be applied
 * (rate and loss still are): the row's note says so.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runProcess, startProcess } from '../../electron/engine/process/run-process.js';
import { pinHostKey, probeHostKey } from '../../electron/engine/tools/ssh/index.js';
import { startDelayLine } from '../../test/harness/delay-line.js';
import { startShopWorld, type ShopWorld } from '../../test/harness/shop-world.js';
import { SHOP_SCHEMA, writeFileTree, writeRedisCommands, writeShopTsv } from './shop-data.js';

export interface SshBenchOptions {
  mysqlMb: number;
  redisMb: number;
  files: number;
  filesMb: number;
  rateMbit: number;
  delayMs: number;
  /** Packet loss each way, percent (0: none). */
  lossPct: number;
}

export interface SshBenchRow {
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

export interface SshBenchDeps {
  log(msg: string): void;
  /** Runs a Kura backup job in a child process (bench.ts's kuraJob). */
  kuraJob(work: string, name: string, config: string, secrets: Record<string, string>): Promise<{ result: { ms: number; maxRssKb: number; detail: unknown }; snapshotPath: string }>;
  settle(): Promise<void>;
}

export async function benchSsh(o: SshBenchOptions, work: string, deps: SshBenchDeps): Promise<SshBenchRow[]> {
  const world = await startShopWorld({ seed: false });
  try {
    return await run(o, work, world, deps);
  } finally {
    await world.shape(null).catch(() => {});
    await world.stop();
  }
}

async function run(o: SshBenchOptions, work: string, world: ShopWorld, deps: SshBenchDeps): Promise<SshBenchRow[]> {
  const { log } = deps;
  log(`ssh: building the shop in the shop world (MySQL ${o.mysqlMb} MB, Redis ${o.redisMb} MB, ${o.files} files / ${o.filesMb} MB)…`);
  const db = world.mysql.server;
  await db.sql('SET GLOBAL innodb_buffer_pool_size = 2147483648').catch(() => {});
  const tsv = await writeShopTsv(join(work, 'ssh-tsv'), o.mysqlMb);
  await db.sql('CREATE DATABASE shop CHARACTER SET utf8mb4');
  await db.sql(SHOP_SCHEMA, 'shop');
  for (const [table, path] of Object.entries(tsv)) {
    await db.sql(`LOAD DATA INFILE '${path}' INTO TABLE ${table} CHARACTER SET utf8mb4`, 'shop');
    await rm(path);
  }
  await db.sql(`GRANT SELECT, SHOW VIEW, TRIGGER, LOCK TABLES, EVENT ON shop.* TO '${world.mysql.user}'@'127.0.0.1'`);
  const target = world.redis.server.target;
  const fill = startProcess(
    { file: 'redis-cli', args: ['-h', target.host, '-p', String(target.port), '--pipe'], env: { REDISCLI_AUTH: world.redis.adminPassword }, secrets: [world.redis.adminPassword] },
    { stdin: 'pipe', stdout: 'capture' },
  );
  await writeRedisCommands(fill.stdin!, o.redisMb);
  if ((await fill.result).exitCode !== 0) throw new Error('filling Redis failed');
  const site = join(world.siteDir, 'shop');
  await writeFileTree(site, o.files, o.filesMb);
  await world.ns.exec('chown', ['-R', world.keyUser.name, world.siteDir]);

  // The seed's server side: a dump folder its cron script fills, owned by the SSH user.
  const dumpDir = join(world.dir, 'dump');
  await mkdir(dumpDir);
  const seedCnf = join(world.dir, 'seed.cnf');
  await writeFile(seedCnf, `[client]\nhost=127.0.0.1\nport=3306\nuser=${world.mysql.user}\npassword=${world.mysql.password}\n`, { mode: 0o600 });
  const cron =
    `mysqldump --defaults-extra-file=${seedCnf} --single-transaction --quick --routines --events --triggers --hex-blob --default-character-set=utf8mb4 --no-tablespaces shop | gzip > ${dumpDir}/shop.sql.gz` +
    ` && redis-cli -p 6379 --rdb ${dumpDir}/dump.rdb >/dev/null && chown -R ${world.keyUser.name} ${dumpDir}`;

  const applied = await world.shape({ delayMs: o.delayMs, rateMbit: o.rateMbit, ...(o.lossPct > 0 ? { lossPercent: o.lossPct } : {}) });
  // No netem here: the rate is the veth's token bucket and the round trip a delay line in front of sshd.
  const line = !applied.delayApplied && o.delayMs > 0 ? await startDelayLine({ host: world.address, port: 22 }, o.delayMs) : null;
  const delayHow = applied.delayApplied ? 'netem' : line ? 'a delay line in front of sshd: no sch_netem in this kernel' : 'no delay';
  log(`ssh: link ${o.rateMbit} Mbit/s, ${o.delayMs} ms each way, ${o.lossPct} % loss (rate: ${applied.method}; delay: ${delayHow})`);
  try {
    const sshHost = line ? '127.0.0.1' : world.address;
    const sshPort = line ? line.port : 22;

    // bench.ts's kuraJob runs with <work>/kura-home: the server key is confirmed there.
    const home = join(work, 'kura-home');
    await mkdir(home, { recursive: true });
    const hostKey = await world.hostKey();
    await pinHostKey(home, sshHost, sshPort, await probeHostKey(sshHost, sshPort));
    const knownHosts = join(work, 'ssh-seed-known-hosts');
    await writeFile(knownHosts, `${sshPort === 22 ? sshHost : `[${sshHost}]:${sshPort}`} ${hostKey}\n`);
    const sshCmd = `ssh -p ${sshPort} -i ${world.keyUser.keyPath} -o UserKnownHostsFile=${knownHosts} -o StrictHostKeyChecking=yes -o BatchMode=yes`;

    const jobConfig = (compression: boolean) => JSON.stringify({
      version: 1,
      jobs: [
        {
          id: 'ssh-shop',
          name: 'ssh-shop',
          destination: { path: join(work, 'ssh-dest') },
          ssh: { host: sshHost, port: sshPort, user: world.keyUser.name, keyPath: world.keyUser.keyPath, compression },
          sources: [
            { id: 'db', type: 'mysql', via: 'ssh', host: '127.0.0.1', port: 3306, user: world.mysql.user, passwordRef: 'ssh-my', databases: ['shop'] },
            { id: 'www', type: 'files', via: 'ssh', from: `${site}/` },
            { id: 'cache', type: 'redis', via: 'ssh', host: '127.0.0.1', port: 6379, username: world.redis.user, passwordRef: 'ssh-rd' },
          ],
          retention: { keepLast: 100, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 },
        },
      ],
    });
    const config = jobConfig(true);
    const secrets = { 'ssh-my': world.mysql.password, 'ssh-rd': world.redis.password };
    const seedDest = join(work, 'ssh-seed');
    await mkdir(seedDest);
    const seed = async (night: number, prev: string | null): Promise<number> => {
      await deps.settle();
      const t = performance.now();
      const c = await runProcess({ file: 'ip', args: ['netns', 'exec', world.ns.name, 'bash', '-o', 'pipefail', '-c', cron], env: { REDISCLI_AUTH: world.redis.adminPassword }, secrets: [world.redis.adminPassword] });
      if (c.exitCode !== 0) throw new Error(`seed cron script failed: ${c.stderr}`);
      const to = join(seedDest, `night${night}`);
      const link = prev ? [`--link-dest=${prev}`] : [];
      const r = await runProcess({ file: 'rsync', args: ['-a', ...link, '-e', sshCmd, '--', `${world.keyUser.name}@${sshHost}:${dumpDir}`, `${world.keyUser.name}@${sshHost}:${site}`, `${to}/`] });
      if (r.exitCode !== 0) throw new Error(`seed rsync failed: ${r.stderr}`);
      return performance.now() - t;
    };

    const rows: SshBenchRow[] = [];
    const seedMs: number[] = [];
    const kuraMs: number[] = [];
    let rss = 0;
    let stored = 0;
    let prevSeed: string | null = null;
    for (const night of [1, 2]) {
      seedMs.push(await seed(night, prevSeed));
      prevSeed = join(seedDest, `night${night}`);
      log(`ssh night ${night}: seed ${(seedMs.at(-1)! / 1000).toFixed(1)} s`);
      const k = await deps.kuraJob(work, 'ssh-shop', config, secrets);
      kuraMs.push(k.result.ms);
      rss = Math.max(rss, k.result.maxRssKb);
      const items = (k.result.detail as { items: Array<{ source: string; bytes: number; durationMs: number }> }).items;
      if (night === 1) stored = items.reduce((a, i) => a + i.bytes, 0);
      const parts = items.map((i) => `${i.source} ${(i.durationMs / 1000).toFixed(1)} s`).join(', ');
      log(`ssh night ${night}: Kura ${(k.result.ms / 1000).toFixed(1)} s (${parts}), peak ${(k.result.maxRssKb / 1024).toFixed(0)} MB`);
    }
    // The same first night without SSH compression (what "measure both and pick" compares).
    const plain = await deps.kuraJob(work, 'ssh-shop-plain', jobConfig(false), secrets);
    await rm(plain.snapshotPath, { recursive: true, force: true });
    const plainItems = (plain.result.detail as { items: Array<{ source: string; durationMs: number }> }).items;
    log(`ssh: Kura without SSH compression ${(plain.result.ms / 1000).toFixed(1)} s (${plainItems.map((i) => `${i.source} ${(i.durationMs / 1000).toFixed(1)} s`).join(', ')})`);
    const limitMs = ((stored * 8) / (o.rateMbit * 1e6)) * 1000;
    const link = `${o.rateMbit} Mbit/s, ${o.delayMs} ms each way${o.lossPct > 0 ? `, ${o.lossPct} % loss` : ''}${applied.delayApplied ? '' : line ? ' (delay: a delay line, no sch_netem)' : ' (no delay)'}`;
    const mk = (name: string, s: number, k: number, goal: number, note: string): SshBenchRow => ({
      name,
      seedLabel: 'cron: mysqldump | gzip, redis-cli --rdb; rsync -a -e ssh',
      seedMs: [s],
      kuraMs: [k],
      ratio: k / s,
      goal: `≤ ${goal}`,
      pass: k / s <= goal,
      note,
      peakRssMb: rss / 1024,
    });
    rows.push(mk(`SSH: whole shop, 1st night (${link})`, seedMs[0]!, kuraMs[0]!, 1.0, `Kura / physical limit ${(kuraMs[0]! / limitMs).toFixed(2)} (goal ≤ 1.3; ${(stored / 1e6).toFixed(0)} MB stored ÷ bandwidth = ${(limitMs / 1000).toFixed(1)} s)`));
    rows.push(mk(`SSH: whole shop, 2nd night, files unchanged`, seedMs[1]!, kuraMs[1]!, 1.2, 'goal: within 1.2 × the seed on the second night'));
    rows.push({ ...mk('SSH: whole shop, 2nd night, SSH compression off', seedMs[1]!, plain.result.ms, 1.2, 'the default (compression on) is the row above'), goal: '—', pass: null });
    const limitRow = rows[0]!;
    if (kuraMs[0]! / limitMs > 1.3) limitRow.pass = false;
    return rows;
  } finally {
    await line?.stop();
  }
}
