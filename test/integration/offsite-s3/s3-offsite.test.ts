/**
 * Off-site copies to a real S3 server (Ceph's RADOS Gateway), end to end: a shop with a MariaDB
 * database, a Redis and a folder of files; nightly runs copy each snapshot encrypted into a bucket.
 *
 * Proves (issue 19's "Done when"):
 *   - no object in the bucket holds a table name, a file name, a Redis key or a file's bytes in clear;
 *   - a second night sends no file of the tree again (only the index, the manifest and the content
 *     that changed: the night's dump and RDB);
 *   - a gateway killed in the middle of an upload: the next night continues it, without sending again
 *     the parts already there;
 *   - a wrong secret key and a wrong passphrase are said plainly;
 *   - a new PC with an empty KURA_HOME and only the recovery kit restores the database, Redis and the
 *     folder from the bucket with `kura`, and the by-hand restore (rclone + Debian's age, the kit's and
 *     README's commands) rebuilds the snapshot byte for byte;
 *   - `kura verify --offsite` checks the copy, and finds a damaged object, which the next night sends again.
 * Object Lock has its own file (s3-object-lock.test.ts).
 */
import { english } from '../../../electron/shared/messages/render.js';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ListObjectsV2Command, ListPartsCommand, ListMultipartUploadsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobSchema, type Job } from '../../../electron/engine/config/schema.js';
import { runJob, type RunResult } from '../../../electron/engine/jobs/run-job.js';
import { recoveryKit } from '../../../electron/engine/offsite/recovery-kit.js';
import { runProcess } from '../../../electron/engine/process/run-process.js';
import { createKeychainSecretStore } from '../../../electron/engine/secrets/keychain-secret-store.js';
import { createMemorySecretStore } from '../../../electron/engine/secrets/secret-store.js';
import { listSnapshots } from '../../../electron/engine/snapshot/snapshot-store.js';
import { rememberedIdentityRef } from '../../../electron/engine/storage/open-location.js';
import { createS3Client } from '../../../electron/engine/storage/s3/s3-client.js';
import { createToolResolver } from '../../../electron/engine/tools/resolve-tool.js';
import { startCephS3, type CephS3 } from '../../harness/ceph-s3.js';
import { runKura } from '../../harness/kura-cli.js';
import { startMariaDb, type MariaDbServer } from '../../harness/mariadb.js';
import { startRedis, type RedisServer } from '../../harness/redis.js';
import { tempDir } from '../../harness/tmp.js';
import { readTree } from '../offsite/tree.js';
import { connectionOf, createBucket, rawObjects } from './s3-fixture.js';

const PASSPHRASE = 'kura 蔵 correct-horse ' + randomBytes(4).toString('hex');
const DB_PW = 'db-' + randomBytes(6).toString('hex');
const RESTORE_REF = `s3e2e-db-${randomBytes(3).toString('hex')}`;

describe('off-site copies to an S3 bucket (Ceph RADOS Gateway)', () => {
  let ceph: CephS3;
  let db: MariaDbServer;
  let redis: RedisServer;
  let work: Awaited<ReturnType<typeof tempDir>>;
  let site: string;
  let dest: string;
  let home: string;
  const secrets = createMemorySecretStore({ 's3-secret': '', 's3-pass': PASSPHRASE, 'shop-db': DB_PW });
  const tools = createToolResolver();
  const keychain = createKeychainSecretStore();

  const makeJob = (target: Record<string, unknown> = {}): Job =>
    jobSchema.parse({
      id: 'shop',
      name: 'Shop',
      destination: { path: dest },
      sources: [
        { id: 'www', type: 'files', from: site },
        { id: 'db', type: 'mysql', host: '127.0.0.1', port: db.port, user: 'kura', passwordRef: 'shop-db', databases: ['shop'] },
        { id: 'cache', type: 'redis', host: '127.0.0.1', port: redis.port },
      ],
      retention: { keepLast: 10, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 },
      offsite: [
        {
          id: 'cloud',
          type: 's3',
          endpoint: ceph.endpoint,
          region: 'us-east-1',
          bucket: 'kura',
          prefix: 'shop/',
          pathStyle: true,
          accessKeyId: ceph.accessKeyId,
          secretRef: 's3-secret',
          encryption: { passphraseRef: 's3-pass' },
          ...target,
        },
      ],
    });
  const run = (job: Job): Promise<RunResult> => runJob({ home, secrets, tools, now: () => new Date(), kuraVersion: 'test', offsiteRetryDelaysMs: [50, 100] }, job, { trigger: 'cli' });
  const s3 = () => createS3Client(connectionOf(ceph));
  const dataObjects = async () => {
    const c = s3();
    const out = new Map<string, number>();
    let token: string | undefined;
    do {
      const r = await c.send(new ListObjectsV2Command({ Bucket: 'kura', Prefix: 'shop/shop/data/', ContinuationToken: token }));
      for (const o of r.Contents ?? []) out.set(o.Key!, o.LastModified!.getTime());
      token = r.IsTruncated ? r.NextContinuationToken : undefined;
    } while (token);
    c.destroy();
    return out;
  };

  beforeAll(async () => {
    work = await tempDir('kura-s3e2e-');
    site = join(work.path, 'site');
    dest = join(work.path, 'backups');
    home = join(work.path, 'home');
    await Promise.all([mkdir(join(site, '商品 画像', "it's [special]"), { recursive: true }), mkdir(dest), mkdir(home)]);
    await writeFile(join(site, 'index.php'), '<?php echo "TOP-SECRET-PAGE-CONTENT いらっしゃいませ";');
    await writeFile(join(site, '商品 画像', "it's [special]", 'お茶.jpg'), randomBytes(300_000));
    await writeFile(join(site, 'back\\slash%41.txt'), 'a name with a backslash and a percent sign');
    [ceph, db, redis] = await Promise.all([startCephS3(), startMariaDb(), startRedis()]);
    await secrets.set('s3-secret', ceph.secretAccessKey);
    await db.sql('CREATE DATABASE shop CHARACTER SET utf8mb4');
    await db.sql("CREATE TABLE confidential_orders (id INT PRIMARY KEY, note VARCHAR(80)); INSERT INTO confidential_orders VALUES (1, 'ROW-SECRET-VALUE 抹茶'), (2, 'b');", 'shop');
    await db.sql(`CREATE USER 'kura'@'%' IDENTIFIED BY '${DB_PW}'; GRANT ALL PRIVILEGES ON *.* TO 'kura'@'%';`);
    const c = await redis.client();
    await c.pipeline([
      ['SET', 'redis-secret-key', 'REDIS-SECRET-VALUE'],
      ['HSET', 'cart:1', 'sku', '42'],
    ]);
    await c.close();
    await createBucket(ceph, 'kura');
    await keychain.set(RESTORE_REF, DB_PW);
  }, 180_000);

  afterAll(async () => {
    await keychain.delete(RESTORE_REF).catch(() => false);
    await Promise.all([ceph?.stop(), db?.stop(), redis?.stop()]);
    await work?.cleanup();
  });

  let first: RunResult;

  it('copies a night encrypted: no name and no byte of the shop is readable in the bucket', async () => {
    first = await run(makeJob());
    expect(first.status, JSON.stringify([first.error, first.warnings])).toBe('success');
    expect(first.offsite).toMatchObject([{ target: 'cloud', to: 's3://kura/shop/', status: 'pushed', pushed: [first.snapshot!.id], error: null }]);
    const raw = await rawObjects(ceph, 'kura');
    expect(raw.size).toBeGreaterThan(6);
    const needles = ['confidential_orders', 'ROW-SECRET-VALUE', 'redis-secret-key', 'REDIS-SECRET-VALUE', 'TOP-SECRET-PAGE-CONTENT', 'index.php', 'お茶', '商品', 'www', 'CREATE TABLE'];
    for (const [key, body] of raw) {
      for (const n of needles) {
        expect(key.includes(n), `${key} names ${n}`).toBe(false);
        expect(body.includes(Buffer.from(n)), `${key} holds ${n}`).toBe(false);
      }
      if (!key.endsWith('kura-location.json')) expect(body.subarray(0, 22).toString(), key).toBe('age-encryption.org/v1\n');
    }
    // The key file opens only with the passphrase; the keychain now holds the identity for the next nights.
    expect(await secrets.get(rememberedIdentityRef('shop', 'cloud'))).toMatch(/^AGE-SECRET-KEY-1/);
  });

  it('a second night sends no file of the tree again: only the index, the manifest, and the new dump and RDB', async () => {
    const before = await dataObjects();
    await new Promise((r) => setTimeout(r, 1100));
    const second = await run(makeJob());
    expect(second.status, JSON.stringify(second.warnings)).toBe('success');
    const after = await dataObjects();
    // Every object already there is untouched (not sent again, not rewritten).
    for (const [key, at] of before) expect(after.get(key), key).toBe(at);
    const added = [...after.keys()].filter((k) => !before.has(k));
    // mysqldump writes the time into the dump and Redis into the RDB: those two are new content, nothing else.
    expect(added.length).toBeLessThanOrEqual(2);
    const log = await readFile(second.logFile, 'utf8');
    expect(log).toMatch(/already there/);
  });

  it('a gateway killed in the middle of an upload: the next night continues it without sending again what arrived', async () => {
    const big = randomBytes(48 * 1024 * 1024);
    await writeFile(join(site, 'video.bin'), big);
    const job = makeJob({ bwlimit: 6 * 1024 });
    const running = run(job);
    // Wait until two parts of the big object are on the server, then kill the gateway.
    const c = s3();
    const deadline = Date.now() + 90_000;
    let killed = false;
    while (Date.now() < deadline && !killed) {
      const ups = await c.send(new ListMultipartUploadsCommand({ Bucket: 'kura', Prefix: 'shop/shop/data/' })).catch(() => null);
      for (const u of ups?.Uploads ?? []) {
        const parts = await c.send(new ListPartsCommand({ Bucket: 'kura', Key: u.Key!, UploadId: u.UploadId! })).catch(() => null);
        if ((parts?.Parts?.length ?? 0) >= 2) {
          await ceph.killGateway();
          killed = true;
          break;
        }
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    c.destroy();
    expect(killed).toBe(true);
    const cut = await running;
    expect(cut.status).toBe('warning');
    expect(cut.offsite[0]).toMatchObject({ status: 'failed', error: { code: 's3-unreachable', category: 'network' } });
    expect(cut.warnings.map(english).join('\n')).toMatch(/The local backup is fine/);

    await ceph.startGateway();
    const resumed = await run(makeJob());
    expect(resumed.status, JSON.stringify(resumed.warnings)).toBe('success');
    expect(resumed.offsite[0]!.pushed).toEqual([cut.snapshot!.id, resumed.snapshot!.id]);
    const log = await readFile(resumed.logFile, 'utf8');
    const m = /Continued the upload of \S+ cut off earlier: (\d+) of (\d+) parts were already there/.exec(log);
    expect(m, log).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(2);
    // Less than the big file went over the wire again, though two snapshots holding it were completed.
    expect(resumed.offsite[0]!.bytesTransferred).toBeLessThan(big.length);
  }, 240_000);

  it('a wrong secret key is said plainly, and the local backup is fine', async () => {
    await secrets.set('s3-secret', 'not-the-secret-key-at-all');
    try {
      const r = await run(makeJob());
      expect(r.status).toBe('warning');
      expect(r.error).toBeNull();
      expect(r.offsite[0]).toMatchObject({ status: 'failed', error: { code: 's3-wrong-secret-key', category: 'auth' } });
      expect(r.warnings.map(english).join('\n')).toMatch(/refused the secret access key/);
    } finally {
      await secrets.set('s3-secret', ceph.secretAccessKey);
    }
  });

  it('a new PC with only the recovery kit lists the bucket and restores the database, Redis and the folder', async () => {
    const local = await listSnapshots(dest, 'shop');
    const fresh = join(work.path, 'new-pc');
    await mkdir(fresh);
    const kit = recoveryKit({
      jobId: 'shop',
      jobName: 'Shop',
      target: makeJob().offsite[0] as never,
      identity: (await secrets.get(rememberedIdentityRef('shop', 'cloud')))!,
      passphrase: PASSPHRASE,
      now: new Date(),
    });
    const env = { KURA_HOME: fresh, AWS_ENDPOINT_URL: kit.endpoint, AWS_REGION: kit.region, AWS_ACCESS_KEY_ID: kit.accessKeyId, AWS_SECRET_ACCESS_KEY: ceph.secretAccessKey, KURA_PASSPHRASE: kit.passphrase! };

    const wrong = await runKura(['snapshots', '--from', kit.address, '--json'], { ...env, KURA_PASSPHRASE: 'not it' });
    expect(wrong.code).not.toBe(0);
    expect((wrong.json as { error: { code: string } }).error.code).toBe('s3-wrong-passphrase');

    const list = await runKura(['snapshots', '--from', kit.address, '--json'], env);
    expect(list.code, list.stderr).toBe(0);
    const snaps = list.json as Array<{ id: string; job: string; path: string }>;
    // All but the night whose copy the wrong secret key stopped (it is copied on the next good night).
    expect(snaps.map((s) => s.id)).toEqual(local.slice(0, -1).map((s) => s.id));

    // The database, into a new name.
    const dbr = await runKura(
      ['restore', '--from', kit.address, 'latest', '--source', 'db', '--to-host', '127.0.0.1', '--to-port', String(db.port), '--to-user', 'kura', '--to-password-ref', RESTORE_REF, '--to-database', 'shop_back', '--yes', '--json'],
      env,
    );
    expect(dbr.code, dbr.stdout + dbr.stderr).toBe(0);
    expect(await db.sql('SELECT note FROM confidential_orders ORDER BY id', 'shop_back')).toBe('ROW-SECRET-VALUE 抹茶\nb\n');

    // Redis, into an empty server.
    const empty = await startRedis();
    try {
      const rr = await runKura(['restore', '--from', kit.address, 'latest', '--source', 'cache', '--to-host', '127.0.0.1', '--to-port', String(empty.port), '--yes', '--json'], env);
      expect(rr.code, rr.stdout + rr.stderr).toBe(0);
      const c = await empty.client();
      expect(await c.call('GET', 'redis-secret-key')).toEqual({ kind: 'bulk', value: Buffer.from('REDIS-SECRET-VALUE') });
      await c.close();
    } finally {
      await empty.stop();
    }

    // The folder; only it was downloaded (the dump and RDB of this restore's snapshot were not needed).
    const target = join(work.path, 'restored-www');
    await mkdir(target);
    const fr = await runKura(['restore', '--from', kit.address, 'latest', '--source', 'www', '--to-path', target, '--yes', '--json'], env);
    expect(fr.code, fr.stdout + fr.stderr).toBe(0);
    expect(await readTree(target)).toEqual(await readTree(join(local.at(-2)!.path, 'files/www')));
    expect(fr.stdout + fr.stderr).not.toContain(ceph.secretAccessKey);
    expect(fr.stdout + fr.stderr).not.toContain(PASSPHRASE);
  }, 180_000);

  it('the by-hand restore (rclone, then Debian’s age) rebuilds the newest snapshot byte for byte', async () => {
    const local = await listSnapshots(dest, 'shop');
    const kit = recoveryKit({ jobId: 'shop', jobName: 'Shop', target: makeJob().offsite[0] as never, identity: null, passphrase: PASSPHRASE, now: new Date() });
    const encryptedKit = { ...kit, commands: recoveryKit({ jobId: 'shop', jobName: 'Shop', target: makeJob().offsite[0] as never, identity: 'x', passphrase: PASSPHRASE, now: new Date() }).commands };
    const dir = join(work.path, 'by-hand');
    await mkdir(dir);
    // rclone 1.60 refuses to start when AWS_CA_BUNDLE names a bundle it cannot use; the kit's commands do not need it.
    const env = { ...process.env, AWS_CA_BUNDLE: undefined, SECRET_ACCESS_KEY: ceph.secretAccessKey, HOME: dir };
    const sh = (script: string, input?: string) =>
      runProcess({ file: 'bash', args: ['-c', script], cwd: dir, env: env as Record<string, string | undefined> }, input === undefined ? {} : { input });
    const dl = await sh(encryptedKit.commands.download);
    expect(dl.exitCode, dl.stderr).toBe(0);
    // age asks for the passphrase on a terminal: `script` gives it one.
    const key = await sh(`script -qec ${JSON.stringify(encryptedKit.commands.key)} /dev/null`, `${PASSPHRASE}\n`);
    expect(key.exitCode, key.stderr + key.stdout).toBe(0);
    expect(await readFile(join(dir, 'kura-key.txt'), 'utf8')).toContain(await secrets.get(rememberedIdentityRef('shop', 'cloud')));
    const restore = await sh(encryptedKit.commands.restore);
    expect(restore.exitCode, restore.stderr).toBe(0);
    // The newest snapshot in the bucket (the last night's copy was stopped by the wrong secret key).
    const newest = local.at(-2)!;
    expect(await readTree(join(dir, 'kura-restore', newest.id))).toEqual(await readTree(newest.path));
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(sha(await readFile(join(dir, 'kura-restore', newest.id, 'manifest.json')))).toBe(sha(await readFile(join(newest.path, 'manifest.json'))));
    // The README shows exactly these commands (with placeholders).
    const readme = await readFile(join(import.meta.dirname, '../../../README.md'), 'utf8');
    for (const line of encryptedKit.commands.restore.split('\n')) expect(readme).toContain(line);
    expect(readme).toContain(encryptedKit.commands.key);
  }, 120_000);

  it('kura verify --offsite checks the copy in the bucket and finds a damaged object', async () => {
    const env = { KURA_HOME: home };
    await writeFile(
      join(home, 'config.json'),
      JSON.stringify({ version: 1, jobs: [{ ...makeJob(), offsite: [{ ...makeJob().offsite[0], secretRef: `s3e2e-secret` }] }] }),
    );
    await keychain.set('s3e2e-secret', ceph.secretAccessKey);
    await keychain.set(rememberedIdentityRef('shop', 'cloud'), (await secrets.get(rememberedIdentityRef('shop', 'cloud')))!);
    try {
      const ok = await runKura(['verify', 'shop', 'latest', '--offsite', '--json'], env);
      expect(ok.code, ok.stdout + ok.stderr).toBe(0);
      const full = await runKura(['verify', 'shop', 'latest', '--offsite', '--full', '--json'], env);
      expect(full.code, full.stdout + full.stderr).toBe(0);
      const report = full.json as { targets: Array<{ snapshots: Array<{ objects: number; decrypted: number }> }> };
      expect(report.targets[0]!.snapshots[0]!.decrypted).toBe(report.targets[0]!.snapshots[0]!.objects);

      // Replace one content object with something else of the same size: the sample may miss it, --full may not.
      const c = s3();
      const raw = await rawObjects(ceph, 'kura');
      const victim = [...raw.entries()].filter(([k]) => k.includes('/data/')).sort((a, b) => b[1].length - a[1].length)[0]![0];
      await c.send(new PutObjectCommand({ Bucket: 'kura', Key: victim, Body: randomBytes(raw.get(victim)!.length) }));
      c.destroy();
      const bad = await runKura(['verify', 'shop', 'latest', '--offsite', '--full', '--json'], env);
      expect(bad.code).toBe(1);
      expect(JSON.stringify(bad.json)).toMatch(/damaged or was altered/);

      // The next night sends that content again (it is stored once, by its hash, and every later snapshot
      // would refer to the damaged object): its copy verifies in full.
      const before = (await rawObjects(ceph, 'kura')).get(victim)!;
      const next = await run(makeJob());
      expect(next.offsite[0]).toMatchObject({ status: 'pushed' });
      expect((await rawObjects(ceph, 'kura')).get(victim)!.equals(before)).toBe(false);
      const healed = await runKura(['verify', 'shop', 'latest', '--offsite', '--full', '--json'], env);
      expect(healed.code, healed.stdout + healed.stderr).toBe(0);
    } finally {
      await keychain.delete('s3e2e-secret').catch(() => false);
      await keychain.delete(rememberedIdentityRef('shop', 'cloud')).catch(() => false);
    }
  }, 120_000);
});
