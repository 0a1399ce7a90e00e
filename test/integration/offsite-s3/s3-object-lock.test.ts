/**
 * Ransomware-proof copies: S3 Object Lock on a real Ceph gateway (Ceph 16 supports it: buckets
 * created with Object Lock, GOVERNANCE and COMPLIANCE retention, extending a date, refusing to
 * shorten one or to delete a locked version).
 *
 * Proves: every object of a copy is locked for the snapshot's planned lifetime; Kura's own key can
 * neither delete a locked object nor overwrite it (an overwrite is a new version; the locked one
 * stays readable); retention on the bucket leaves a locked snapshot alone (and says until when)
 * instead of failing; content a later snapshot still uses has its lock moved on; a bucket without
 * Object Lock is refused with the fix.
 */
import { english } from '../../../electron/shared/messages/render.js';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectVersionsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobSchema, type Job } from '../../../electron/engine/config/schema.js';
import { runJob, type RunResult } from '../../../electron/engine/jobs/run-job.js';
import { createMemorySecretStore } from '../../../electron/engine/secrets/secret-store.js';
import { listSnapshots } from '../../../electron/engine/snapshot/snapshot-store.js';
import { createS3Client } from '../../../electron/engine/storage/s3/s3-client.js';
import { S3Location } from '../../../electron/engine/storage/s3/s3-location.js';
import { createToolResolver } from '../../../electron/engine/tools/resolve-tool.js';
import { startCephS3, type CephS3 } from '../../harness/ceph-s3.js';
import { tempDir } from '../../harness/tmp.js';
import { connectionOf, createBucket } from './s3-fixture.js';

const DAY = 86_400_000;

describe('S3 Object Lock (Ceph RADOS Gateway)', () => {
  let ceph: CephS3;
  let work: Awaited<ReturnType<typeof tempDir>>;
  let site: string;
  let dest: string;
  let home: string;
  const secrets = createMemorySecretStore({ 'lock-pass': 'locked and loaded' });
  const tools = createToolResolver();

  const makeJob = (bucket: string): Job =>
    jobSchema.parse({
      id: 'shop',
      name: 'Shop',
      destination: { path: dest },
      sources: [{ id: 'www', type: 'files', from: site }],
      // Keep one: every older snapshot is due for removal at once (lifetime: 2 days).
      retention: { keepLast: 1, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 },
      offsite: [
        {
          id: 'vault',
          type: 's3',
          endpoint: ceph.endpoint,
          bucket,
          prefix: 'p/',
          pathStyle: true,
          accessKeyId: ceph.accessKeyId,
          secretRef: 'lock-secret',
          encryption: { passphraseRef: 'lock-pass' },
          objectLock: { mode: 'COMPLIANCE' },
        },
      ],
    });
  const run = (job: Job): Promise<RunResult> => runJob({ home, secrets, tools, now: () => new Date(), kuraVersion: 'test', offsiteRetryDelaysMs: [20] }, job, { trigger: 'cli' });

  beforeAll(async () => {
    work = await tempDir('kura-s3lock-');
    site = join(work.path, 'site');
    dest = join(work.path, 'backups');
    home = join(work.path, 'home');
    await Promise.all([mkdir(site), mkdir(dest), mkdir(home)]);
    await writeFile(join(site, 'a.txt'), randomBytes(5000));
    await writeFile(join(site, 'b.txt'), 'b');
    ceph = await startCephS3();
    await secrets.set('lock-secret', ceph.secretAccessKey);
    await createBucket(ceph, 'vault', { objectLock: true });
    await createBucket(ceph, 'no-lock');
  }, 120_000);

  afterAll(async () => {
    await ceph?.stop();
    await work?.cleanup();
  });

  it('locks every object of a copy for the planned lifetime; Kura’s own key cannot delete or overwrite one', async () => {
    const t0 = Date.now();
    const r = await run(makeJob('vault'));
    expect(r.status, JSON.stringify([r.error, r.warnings])).toBe('success');
    const c = createS3Client(connectionOf(ceph));
    const versions = await c.send(new ListObjectVersionsCommand({ Bucket: 'vault' }));
    expect(versions.Versions!.length).toBeGreaterThan(4);
    for (const v of versions.Versions!) {
      const h = await c.send(new HeadObjectCommand({ Bucket: 'vault', Key: v.Key!, VersionId: v.VersionId! }));
      expect(h.ObjectLockMode, v.Key).toBe('COMPLIANCE');
      // keepLast 1 → planned lifetime 2 days.
      expect(h.ObjectLockRetainUntilDate!.getTime(), v.Key).toBeGreaterThanOrEqual(t0 + 2 * DAY - 60_000);
    }
    const data = versions.Versions!.find((v) => v.Key!.includes('/data/'))!;
    await expect(c.send(new DeleteObjectCommand({ Bucket: 'vault', Key: data.Key!, VersionId: data.VersionId! }))).rejects.toMatchObject({ name: 'AccessDenied' });
    await expect(c.send(new DeleteObjectCommand({ Bucket: 'vault', Key: data.Key!, VersionId: data.VersionId!, BypassGovernanceRetention: true }))).rejects.toMatchObject({ name: 'AccessDenied' });
    // "Overwriting" makes a new version; the locked one is still there, byte for byte.
    const before = Buffer.from(await (await c.send(new GetObjectCommand({ Bucket: 'vault', Key: data.Key!, VersionId: data.VersionId! }))).Body!.transformToByteArray());
    await c.send(new PutObjectCommand({ Bucket: 'vault', Key: data.Key!, Body: 'ransomware was here' }));
    const after = Buffer.from(await (await c.send(new GetObjectCommand({ Bucket: 'vault', Key: data.Key!, VersionId: data.VersionId! }))).Body!.transformToByteArray());
    expect(after.equals(before)).toBe(true);
    // Put the current version back as it was (the attack's version is not locked and can go).
    const attack = (await c.send(new ListObjectVersionsCommand({ Bucket: 'vault', Prefix: data.Key! }))).Versions!.find((v) => v.IsLatest)!;
    await c.send(new DeleteObjectCommand({ Bucket: 'vault', Key: data.Key!, VersionId: attack.VersionId! }));
    c.destroy();
  });

  it('retention on the bucket leaves a locked snapshot alone until its date, and the run is still good', async () => {
    await new Promise((r) => setTimeout(r, 1100));
    await writeFile(join(site, 'b.txt'), 'b2');
    const r = await run(makeJob('vault'));
    expect(r.status, JSON.stringify(r.warnings)).toBe('success');
    expect(r.offsite[0]).toMatchObject({ status: 'pushed', pruned: [] });
    const log = await readFile(r.logFile, 'utf8');
    expect(log).toMatch(/is still locked until/);
    // Locally the old snapshot went (keepLast 1); in the bucket both are still complete.
    expect((await listSnapshots(dest, 'shop')).length).toBe(1);
  });

  it('content a later snapshot still uses gets its lock moved on; nothing is ever shortened', async () => {
    const [local] = await listSnapshots(dest, 'shop');
    const clock = { now: new Date(Date.now() + 40 * DAY) };
    const loc = new S3Location({
      connection: connectionOf(ceph),
      bucket: 'vault',
      prefix: 'p/',
      encrypt: true,
      keys: { identity: async () => (await secrets.get('kura-age.shop.vault'))!, passphrase: async () => null },
      objectLock: { mode: 'COMPLIANCE' },
      lockDays: 2,
      minStorageDays: 0,
      cacheRoot: join(home, 'c'),
      now: () => clock.now,
    });
    const there = await loc.listSnapshots('shop');
    const c = createS3Client(connectionOf(ceph));
    const versions = (await c.send(new ListObjectVersionsCommand({ Bucket: 'vault', Prefix: 'p/shop/data/' }))).Versions!;
    const before = await Promise.all(versions.map(async (v) => (await c.send(new HeadObjectCommand({ Bucket: 'vault', Key: v.Key!, VersionId: v.VersionId! }))).ObjectLockRetainUntilDate!.getTime()));
    expect(Math.max(...before)).toBeLessThan(clock.now.getTime());
    // A copy made "40 days later" of a snapshot whose content is all there already: only locks move.
    await loc.deleteSnapshot('shop', local!.id).catch(() => undefined);
    await loc.writeSnapshot({ ...local!, id: local!.id }, there.at(-1)!);
    let moved = 0;
    for (const [i, v] of versions.entries()) {
      const until = (await c.send(new HeadObjectCommand({ Bucket: 'vault', Key: v.Key!, VersionId: v.VersionId! }))).ObjectLockRetainUntilDate!.getTime();
      expect(until, v.Key).toBeGreaterThanOrEqual(before[i]!);
      if (until >= clock.now.getTime() + 2 * DAY) moved++;
    }
    // What the snapshot holds (a.txt, the second b.txt, its file list) is covered again; the first
    // night's b.txt and list, which it does not hold, keep their dates.
    expect(versions.length).toBe(5);
    expect(moved).toBe(3);
    c.destroy();
    await loc.close();
  });

  it('a bucket without Object Lock is refused with the fix, before anything is uploaded', async () => {
    const r = await run(makeJob('no-lock'));
    expect(r.status).toBe('warning');
    expect(r.offsite[0]).toMatchObject({ status: 'failed', error: { code: 's3-object-lock-unavailable' } });
    expect(r.warnings.map(english).join('\n')).toMatch(/Object Lock can only be turned on when a bucket is created/);
  });
});
