/**
 * The UI's path to a bucket, through the service behind the contract (what the Electron shell and
 * `kura serve` run), against a real Ceph gateway: the wizard's connection test and recovery kit (the
 * bucket holds the job's key file from then on), a saved job whose first backup is copied there and
 * shows on the status, and a new PC's "Open a backup location…" listing the bucket and restoring a
 * folder from it with the typed keys — the real restore engine, nothing faked.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySecretStore } from '../../../electron/engine/secrets/secret-store.js';
import { createKuraService, type KuraService } from '../../../electron/service/kura-service.js';
import type { EventName, EventPayload, RecoveryKitDto, SnapshotDto } from '../../../electron/shared/ipc-contract.js';
import { startCephS3, type CephS3 } from '../../harness/ceph-s3.js';
import { tempDir } from '../../harness/tmp.js';
import { readTree } from '../offsite/tree.js';
import { rawObjects } from './s3-fixture.js';

const PASSPHRASE = 'service passphrase 蔵 ' + randomBytes(3).toString('hex');

function open(home: string, secrets = createMemorySecretStore()) {
  const events: Array<{ event: EventName; payload: unknown }> = [];
  const service = createKuraService({ home, secrets, notifier: { notify() {} }, mode: 'browser', systemLanguage: 'en', restore: 'engine', progressIntervalMs: 0 });
  service.onAny((event, payload) => events.push({ event, payload }));
  const waitFor = async <E extends EventName>(event: E, pred: (p: EventPayload<E>) => boolean = () => true, ms = 60_000) => {
    const t0 = Date.now();
    for (;;) {
      const hit = events.find((e) => e.event === event && pred(e.payload as EventPayload<E>));
      if (hit) return hit.payload as EventPayload<E>;
      if (Date.now() - t0 > ms) throw new Error(`no ${event} event`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const call = async (method: string, ...args: unknown[]) => {
    const r = await service.dispatch(method, args);
    if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
    return r.value;
  };
  return { service, waitFor, call };
}

describe('S3 through the service (the wizard and the restore wizard)', () => {
  let ceph: CephS3;
  let work: Awaited<ReturnType<typeof tempDir>>;
  let site: string;
  let shop: ReturnType<typeof open> & { service: KuraService };

  beforeAll(async () => {
    work = await tempDir('kura-s3svc-');
    site = join(work.path, 'site');
    await mkdir(join(site, 'img'), { recursive: true });
    await mkdir(join(work.path, 'backups'));
    await mkdir(join(work.path, 'home'));
    await writeFile(join(site, 'index.html'), '<h1>shop</h1>');
    await writeFile(join(site, 'img', 'a.bin'), randomBytes(70_000));
    ceph = await startCephS3();
    await ceph.createBucket('wizard');
    shop = open(join(work.path, 'home'));
  }, 120_000);

  afterAll(async () => {
    await shop?.service.stop();
    await ceph?.stop();
    await work?.cleanup();
  });

  const target = () => ({
    id: 'cloud',
    type: 's3',
    provider: 'other',
    endpoint: ceph.endpoint,
    region: 'us-east-1',
    bucket: 'wizard',
    prefix: 'kura/',
    pathStyle: true,
    accessKeyId: ceph.accessKeyId,
    secretRef: 'shop-cloud-s3',
    encryption: { passphraseRef: 'shop-cloud-passphrase', identityRef: 'shop-cloud-age' },
  });

  let kit: RecoveryKitDto;

  it('tests the bucket, makes the recovery kit (the key file is in the bucket from then on), and copies the first backup', async () => {
    await shop.call('secrets.set', 'shop-cloud-s3', ceph.secretAccessKey);
    await shop.call('secrets.set', 'shop-cloud-passphrase', PASSPHRASE);
    expect(await shop.call('offsite.testS3', 'shop', { ...target(), encryption: undefined })).toEqual({ objectLock: false, versioning: false, existing: null });
    kit = (await shop.call('offsite.recoveryKit', 'shop', 'Shop', target())) as RecoveryKitDto;
    expect(kit).toMatchObject({ address: 's3://wizard/kura/', bucket: 'wizard', passphrase: PASSPHRASE });
    expect(kit.identity).toMatch(/^AGE-SECRET-KEY-1/);
    expect([...(await rawObjects(ceph, 'wizard')).keys()].sort()).toEqual(['kura/shop/kura-key.age', 'kura/shop/kura-location.json']);
    // Asked again (the wizard's "Show the recovery kit again"): the same key.
    expect(((await shop.call('offsite.recoveryKit', 'shop', 'Shop', target())) as RecoveryKitDto).identity).toBe(kit.identity);

    await shop.call('jobs.save', { id: 'shop', name: 'Shop', destination: { path: join(work.path, 'backups') }, sources: [{ id: 'www', type: 'files', from: site + '/' }], offsite: [target()] });
    await shop.call('runs.start', 'shop');
    const done = await shop.waitFor('run.finished', (p) => p.jobId === 'shop');
    expect(done.run?.status, JSON.stringify(done.run)).toBe('success');
    const status = (await shop.call('status.get')) as { jobs: Array<{ offsite: unknown[] }> };
    expect(status.jobs[0]!.offsite).toMatchObject([{ target: 'cloud', to: 's3://wizard/kura/', kind: 's3', encrypted: true, status: 'pushed', pending: 0, error: null }]);
  });

  it('a new PC opens the bucket with the kit’s keys and restores the folder', async () => {
    await mkdir(join(work.path, 'new-home'));
    const fresh = open(join(work.path, 'new-home'));
    try {
      await fresh.call('secrets.set', 'kura-open-location-s3', ceph.secretAccessKey);
      await fresh.call('secrets.set', 'kura-open-location-passphrase', PASSPHRASE);
      const access = { s3: { endpoint: kit.endpoint, region: kit.region, pathStyle: true, accessKeyId: kit.accessKeyId, secretRef: 'kura-open-location-s3', passphraseRef: 'kura-open-location-passphrase' } };
      const snaps = (await fresh.call('snapshots.list', { location: kit.address, access })) as SnapshotDto[];
      expect(snaps).toHaveLength(1);
      expect(snaps[0]!.path).toMatch(/^s3:\/\/wizard\/kura\/shop\/snapshots\//);

      // A wrong passphrase is said as such.
      await fresh.call('secrets.set', 'kura-open-location-passphrase', 'not the passphrase');
      const wrong = await fresh.service.dispatch('snapshots.list', [{ location: kit.address, access }]);
      expect(wrong).toMatchObject({ ok: false, error: { code: 's3-wrong-passphrase', params: { address: 's3://wizard/kura/shop/' } } });
      await fresh.call('secrets.set', 'kura-open-location-passphrase', PASSPHRASE);

      const target = join(work.path, 'restored');
      await mkdir(target);
      const { restoreId } = (await fresh.call('restore.start', { fromFolder: kit.address, fromAccess: access, snapshotId: 'latest', sourceId: 'www', files: { toPath: target } })) as { restoreId: string };
      const finished = await fresh.waitFor('restore.finished', (p) => p.restoreId === restoreId, 120_000);
      expect(finished.result.status, JSON.stringify(finished.result)).toBe('success');
      expect(await readTree(target)).toEqual(await readTree(site));
    } finally {
      await fresh.service.stop();
    }
  }, 180_000);
});
