/**
 * The off-site part of `npm run bench` (`--only=offsite`): one night of a shop copied to an S3 server
 * — a real Ceph RADOS Gateway on loopback (test/harness/ceph-s3.ts) — by Kura, encrypted and
 * content-addressed, against `rclone copy` of the same backup folder (Debian's rclone, unencrypted,
 * same gateway, its defaults: 4 transfers, multipart above 200 MB).
 *
 *   1st night: the snapshot (the dump, the RDB, the files tree) into an empty bucket.
 *   2nd night: the next snapshot — the same tree (unchanged files), a new dump and RDB (they change
 *              every night) — Kura sending what is new, rclone copying the job's backup folder.
 *
 * The snapshot is a real Kura snapshot of the tree (a files job), with a dump and an RDB of random
 * bytes (incompressible, like gzip output) added to it and to its manifest: the off-site copy reads
 * only the manifest's records and the bytes, so where they came from does not matter here.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { startCephS3, type CephS3 } from '../../test/harness/ceph-s3.js';
import type { ChildResult, OffsiteS3Request } from './kura-child.js';
import type { Row } from './bench.js';

export interface OffsiteBenchDeps {
  files: number;
  filesMb: number;
  mysqlMb: number;
  redisMb: number;
  pairs: number;
  writeFileTree(root: string, files: number, totalMb: number): Promise<void>;
  kuraJob(work: string, name: string, config: string, secrets: Record<string, string>): Promise<{ result: ChildResult; snapshotPath: string }>;
  kura(args: string[], secrets: Record<string, string>): Promise<ChildResult>;
  sh(script: string, env?: Record<string, string>): Promise<number>;
  jobConfig(id: string, dest: string, source: Record<string, unknown>): string;
  row(name: string, seedLabel: string, seedMs: number[], kuraMs: number[], goalRatio: number, note: string, peakRssMb: number | null): Row;
  log(msg: string): void;
}

/** Random bytes streamed to a file, hashed on the way (a stand-in for a gzip'd dump or an RDB). */
async function randomFile(path: string, mb: number): Promise<{ sha256: string; bytes: number }> {
  const out = createWriteStream(path);
  const hash = createHash('sha256');
  let left = Math.round(mb * 1024 * 1024);
  const bytes = left;
  while (left > 0) {
    const b = randomBytes(Math.min(left, 4 * 1024 * 1024));
    hash.update(b);
    left -= b.length;
    if (!out.write(b)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { sha256: hash.digest('hex'), bytes };
}

/** Adds a dump and an RDB to a files-only snapshot and to its manifest. */
async function addDatabases(snapshotPath: string, mysqlMb: number, redisMb: number): Promise<void> {
  await mkdir(join(snapshotPath, 'mysql', 'db'), { recursive: true });
  await mkdir(join(snapshotPath, 'redis', 'cache'), { recursive: true });
  const dump = await randomFile(join(snapshotPath, 'mysql', 'db', 'shop.sql.gz'), mysqlMb);
  const rdb = await randomFile(join(snapshotPath, 'redis', 'cache', 'dump.rdb'), redisMb);
  const manifest = JSON.parse(await readFile(join(snapshotPath, 'manifest.json'), 'utf8')) as { items: unknown[] };
  manifest.items.push(
    { source: 'db', type: 'mysql', path: 'mysql/db/shop.sql.gz', database: 'shop', bytes: dump.bytes, sha256: dump.sha256, uncompressedBytes: dump.bytes * 4, compression: 'gzip', serverVersion: 'bench', serverFlavour: 'mariadb', tables: [], views: [], routines: [], triggers: [], events: [], rowCounts: {}, durationMs: 0 },
    { source: 'cache', type: 'redis', path: 'redis/cache/dump.rdb', bytes: rdb.bytes, sha256: rdb.sha256, method: 'sync', redisVersion: 'bench', rdbVersion: 11, keysPerDb: {}, durationMs: 0 },
  );
  await writeFile(join(snapshotPath, 'manifest.json'), JSON.stringify(manifest, null, 2));
}

/**
 * Each side of a pair gets its own throw-away gateway, stopped before the next starts: the gateway
 * keeps every object in memory (memstore), and one pair of the full size (both nights of rclone and of
 * Kura, ≈ 15 GB) did not fit beside the machine's page cache in one gateway. Each pair also gets its own
 * backup folder, so rclone's first night copies one snapshot, not the earlier pairs' too.
 */
export async function benchOffsite(d: OffsiteBenchDeps, work: string, rows: Row[]): Promise<void> {
  const src = join(work, 'offsite-site');
  await d.writeFileTree(src, d.files, d.filesMb);
  const memBytes = Math.max(4, Math.ceil(((d.filesMb + d.mysqlMb + d.redisMb) * 2.6) / 1024) + 2) * 1024 ** 3;
  const first = { seed: [] as number[], kura: [] as number[] };
  const second = { seed: [] as number[], kura: [] as number[] };
  let rss = 0;
  let notes = '';
  const withGateway = async <T>(fn: (ceph: CephS3) => Promise<T>): Promise<T> => {
    const ceph = await startCephS3({ memBytes });
    try {
      return await fn(ceph);
    } finally {
      await ceph.stop();
    }
  };
  for (let pair = 0; pair < d.pairs; pair++) {
    const dest = join(work, `offsite-dest-${pair}`);
    const config = d.jobConfig('shop', dest, { id: 'www', type: 'files', from: src + '/' });
    const snapshot = async (): Promise<string> => {
      const snap = await d.kuraJob(work, 'offsite', config, {});
      await addDatabases(snap.snapshotPath, d.mysqlMb, d.redisMb);
      return snap.snapshotPath;
    };
    // rclone: its first night sees one snapshot in the backup folder, its second night two.
    const snaps: string[] = [];
    await withGateway(async (ceph) => {
      await ceph.createBucket('rclone');
      // rclone 1.60 refuses to start when AWS_CA_BUNDLE names a bundle it cannot use; it needs none here.
      const rcloneEnv = `env -u AWS_CA_BUNDLE AWS_ACCESS_KEY_ID='${ceph.accessKeyId}' AWS_SECRET_ACCESS_KEY='${ceph.secretAccessKey}'`;
      for (const night of [first, second]) {
        snaps.push(await snapshot());
        night.seed.push(await d.sh(`${rcloneEnv} rclone copy --s3-provider Ceph --s3-env-auth --s3-endpoint '${ceph.endpoint}' --s3-region us-east-1 '${join(dest, 'shop')}' ':s3:rclone/shop'`));
        d.log(`offsite ${night === first ? '1st' : '2nd'} night pair ${pair + 1}: rclone ${(night.seed.at(-1)! / 1000).toFixed(2)} s`);
      }
    });
    // Kura: the same two snapshots, in order, into its own gateway.
    await withGateway(async (ceph) => {
      await ceph.createBucket('kura');
      const secrets: Record<string, string> = { 'bench-s3': ceph.secretAccessKey, 'bench-pass': 'bench passphrase 蔵 kura' };
      const home = join(work, `offsite-home-${pair}`);
      await mkdir(home, { recursive: true });
      const target = { id: 'cloud', type: 's3', endpoint: ceph.endpoint, region: 'us-east-1', bucket: 'kura', prefix: '', pathStyle: true, accessKeyId: ceph.accessKeyId, secretRef: 'bench-s3', encryption: { passphraseRef: 'bench-pass', identityRef: 'bench-age' } };
      // The set-up (the recovery kit: key and key file, one scrypt of 256 MiB by design) happens once, in
      // the wizard, not on a night: done first, not timed. The nights find the key in the "keychain".
      const setupFile = join(work, 'offsite-setup.json');
      await writeFile(setupFile, JSON.stringify({ home, jobId: 'shop', snapshotRoot: '', snapshotId: '', target } satisfies OffsiteS3Request));
      const setup = await d.kura(['offsite-s3-setup', setupFile], secrets);
      secrets['bench-age'] = (setup.detail as { identity: string }).identity;
      for (const [i, night] of [first, second].entries()) {
        const id = snaps[i]!.split('/').at(-1)!;
        const req: OffsiteS3Request = { home, jobId: 'shop', snapshotRoot: join(dest, 'shop'), snapshotId: id, target };
        const reqFile = join(work, 'offsite-request.json');
        await writeFile(reqFile, JSON.stringify(req));
        const r = await d.kura(['offsite-s3', reqFile], secrets);
        night.kura.push(r.ms);
        rss = Math.max(rss, r.maxRssKb);
        const w = r.detail as { bytesSent: number; sent: number; reused: number; memory?: Record<string, number> };
        notes = `2nd night Kura sent ${w.sent} objects (${(w.bytesSent / 1e6).toFixed(0)} MB), ${w.reused} already there`;
        d.log(`offsite ${i === 0 ? '1st' : '2nd'} night pair ${pair + 1}: kura ${(r.ms / 1000).toFixed(2)} s (${w.sent} sent, ${w.reused} reused, ${(w.bytesSent / 1e6).toFixed(1)} MB, peak ${Math.round(r.maxRssKb / 1024)} MB)${w.memory ? `; at the highest RSS sampled (MB): ${JSON.stringify(w.memory)}` : ''}`);
      }
    });
  }
  const what = `${d.files} files / ${d.filesMb} MB, dump ${d.mysqlMb} MB, RDB ${d.redisMb} MB`;
  rows.push(d.row(`Off-site S3: 1st night (${what}), encrypted`, 'rclone copy (unencrypted)', first.seed, first.kura, 1.2, 'Ceph RADOS Gateway on loopback (memstore), a new one per side and pair', rss / 1024));
  rows.push(d.row(`Off-site S3: 2nd night (same tree, new dump and RDB)`, 'rclone copy (unencrypted)', second.seed, second.kura, 1.0, notes, rss / 1024));
}
