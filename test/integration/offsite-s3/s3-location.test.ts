/**
 * The S3 location on its own, against a real Ceph gateway: a snapshot written encrypted (nothing
 * readable in the raw objects), a second night with nothing changed uploads only the index and the
 * manifest, a snapshot read back equals the local one, and verify finds a damaged object.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobSchema, type Job } from '../../../electron/engine/config/schema.js';
import { runJob } from '../../../electron/engine/jobs/run-job.js';
import { createMemorySecretStore } from '../../../electron/engine/secrets/secret-store.js';
import { listSnapshots } from '../../../electron/engine/snapshot/snapshot-store.js';
import { S3Location, type KeySource } from '../../../electron/engine/storage/s3/s3-location.js';
import { createToolResolver } from '../../../electron/engine/tools/resolve-tool.js';
import { startCephS3, type CephS3 } from '../../harness/ceph-s3.js';
import { tempDir } from '../../harness/tmp.js';
import { readTree } from '../offsite/tree.js';
import { countingClient, createBucket, connectionOf, rawObjects } from './s3-fixture.js';
import { renderLoose } from '../../../electron/shared/messages/render.js';

describe('S3 location', () => {
  let ceph: CephS3;
  let work: Awaited<ReturnType<typeof tempDir>>;
  let site: string;
  let dest: string;
  let home: string;
  const secrets = createMemorySecretStore();
  const tools = createToolResolver();
  const kept = new Map<string, string>();
  const keys = (passphrase: string | null): KeySource => ({
    identity: async (jobId) => kept.get(jobId) ?? null,
    passphrase: async () => passphrase,
    remember: async (jobId, id) => void kept.set(jobId, id),
  });
  const job = (): Job => jobSchema.parse({ id: 'shop', name: 'Shop', destination: { path: dest }, sources: [{ id: 'www', type: 'files', from: site }] });
  const location = (client: ReturnType<typeof countingClient>['client'], passphrase: string | null = 'cabbage kura 蔵') =>
    new S3Location({ connection: connectionOf(ceph), bucket: 'plain', prefix: 'shop-a/', encrypt: true, keys: keys(passphrase), minStorageDays: 0, cacheRoot: join(home, 'cache'), client });

  beforeAll(async () => {
    work = await tempDir('kura-s3loc-');
    site = join(work.path, 'site');
    dest = join(work.path, 'backups');
    home = join(work.path, 'home');
    await Promise.all([mkdir(join(site, '商品 画像'), { recursive: true }), mkdir(dest), mkdir(home)]);
    await writeFile(join(site, 'secret-recipe.txt'), 'SECRET-RECIPE-TEXT the shop keeps to itself');
    await writeFile(join(site, '商品 画像', 'big.bin'), randomBytes(20 * 1024 * 1024));
    await symlink('secret-recipe.txt', join(site, 'current'));
    ceph = await startCephS3();
    await createBucket(ceph, 'plain');
  }, 120_000);

  afterAll(async () => {
    await ceph?.stop();
    await work?.cleanup();
  });

  it('writes a snapshot encrypted; a quiet second night uploads only the index and the manifest; reads back the same tree', async () => {
    const r1 = await runJob({ home, secrets, tools, now: () => new Date(), kuraVersion: 'test' }, job(), { trigger: 'cli' });
    expect(r1.status, JSON.stringify(r1.error)).toBe('success');
    const [s1] = await listSnapshots(dest, 'shop');
    const counter = countingClient(ceph);
    const loc = location(counter.client);
    const w1 = await loc.writeSnapshot(s1!, null);
    expect(w1.sent).toBeGreaterThan(3);
    const raw = await rawObjects(ceph, 'plain');
    for (const [key, body] of raw) {
      expect(key).not.toMatch(/secret-recipe|商品|big\.bin|www/);
      if (!key.endsWith('kura-location.json')) expect(body.subarray(0, 21).toString()).toBe('age-encryption.org/v1');
      expect(body.includes(Buffer.from('SECRET-RECIPE'))).toBe(false);
      expect(body.includes(Buffer.from('secret-recipe'))).toBe(false);
    }

    await new Promise((r) => setTimeout(r, 1100));
    const r2 = await runJob({ home, secrets, tools, now: () => new Date(), kuraVersion: 'test' }, job(), { trigger: 'cli' });
    expect(r2.status).toBe('success');
    const snaps = await listSnapshots(dest, 'shop');
    const listed = await loc.listSnapshots('shop');
    expect(listed.map((s) => s.id)).toEqual([s1!.id]);
    counter.reset();
    const w2 = await loc.writeSnapshot(snaps[1]!, listed[0]!);
    expect(w2.sent).toBe(0);
    expect(counter.uploads.map((u) => u.key.split('/').at(-1)).sort()).toEqual(['index.age', 'manifest.json.age']);

    const back = await loc.listSnapshots();
    expect(back.map((s) => s.id)).toEqual(snaps.map((s) => s.id));
    const fresh = location(countingClient(ceph).client);
    const opened = await fresh.openSnapshot(back[1]!, undefined);
    expect(await readTree(opened.path)).toEqual(await readTree(snaps[1]!.path));
    const v = await fresh.verifySnapshot(back[1]!, true);
    expect(v.ok, JSON.stringify(v)).toBe(true);
    expect(v.decrypted).toBe(v.objects);
    await loc.close();
  });

  it('a wrong passphrase on a PC without the key says so', async () => {
    kept.clear();
    const loc = location(countingClient(ceph).client, 'wrong');
    await expect(loc.listSnapshots()).rejects.toMatchObject({ code: 's3-wrong-passphrase' });
    const right = location(countingClient(ceph).client);
    expect((await right.listSnapshots()).length).toBe(2);
  });

  it('verify finds a replaced object', async () => {
    const loc = location(countingClient(ceph).client);
    const [snap] = await loc.listSnapshots();
    const raw = await rawObjects(ceph, 'plain');
    // Every small content object loses its last byte (whichever of them this snapshot holds).
    const c = countingClient(ceph).client;
    for (const [key, body] of raw) if (key.includes('/data/') && body.length < 10_000) await c.send(new PutObjectCommand({ Bucket: 'plain', Key: key, Body: body.subarray(0, body.length - 1) }));
    const v = await loc.verifySnapshot(snap!, false);
    expect(v.ok).toBe(false);
    // What was found is data (a damaged object, a wrong size): said in the reader's language, the facts verbatim.
    const found = v.items.filter((i) => !i.ok).map((i) => i.detail);
    expect(found.length).toBeGreaterThan(0);
    for (const d of found) {
      expect(d.code, JSON.stringify(d)).not.toBe('text');
      // Why it is damaged is said too (the decryption's own words stay in the error's detail); object keys are facts.
      const ja = renderLoose('ja', d.code, d.params).message;
      expect(ja.replace(/\S*[/.]\S*/g, ''), ja).not.toMatch(/[A-Za-z]+ [A-Za-z]+ [A-Za-z]+/);
    }
    // The next copy sends the cut objects again: an object of the wrong size is not taken for the content
    // (before, every later snapshot there referred to the cut object and could never be restored).
    await new Promise((r) => setTimeout(r, 1100));
    const r3 = await runJob({ home, secrets, tools, now: () => new Date(), kuraVersion: 'test' }, job(), { trigger: 'cli' });
    expect(r3.status).toBe('success');
    const newest = (await listSnapshots(dest, 'shop')).at(-1)!;
    const listed = await loc.listSnapshots('shop');
    const w = await loc.writeSnapshot(newest, listed.at(-1)!);
    expect(w.sent).toBeGreaterThan(0);
    const copy = (await loc.listSnapshots('shop')).find((x) => x.id === newest.id)!;
    const healed = await location(countingClient(ceph).client).verifySnapshot(copy, true);
    expect(healed.ok, JSON.stringify(healed)).toBe(true);
  });
});
