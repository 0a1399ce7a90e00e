/**
 * The line to the shop's server misbehaving in the middle of a run, in the shop world:
 *   - sshd killed mid-transfer (files, then a MySQL dump): the run fails as a *network* failure
 *     (`ssh-connection-lost`, retried by the scheduler), nothing is published, no forward or proxy
 *     is left behind;
 *   - the link down for 30 s mid-transfer: keep-alives (15 s × 4) carry the connection through and
 *     the run finishes with a verified snapshot.
 * The link is shaped to 10 Mbit/s so the transfers last long enough to be interrupted.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../electron/engine/config/config-store.js';
import { runJob, type RunResult } from '../../electron/engine/jobs/run-job.js';
import { createMemorySecretStore } from '../../electron/engine/secrets/secret-store.js';
import { verifySnapshot } from '../../electron/engine/snapshot/verify-snapshot.js';
import { readManifest } from '../../electron/engine/snapshot/manifest.js';
import { createToolResolver } from '../../electron/engine/tools/resolve-tool.js';
import { pinHostKey, probeHostKey } from '../../electron/engine/tools/ssh/index.js';
import { canMakeNamespaces, descendants, startShopWorld, type ShopWorld } from '../harness/shop-world.js';
import { tempDir } from '../harness/tmp.js';

const can = canMakeNamespaces();
if (!can.ok && process.env['CI']) throw new Error(`CI must be able to build the shop world: ${can.reason}`);

describe.skipIf(!can.ok)('faults: the SSH line to the shop', () => {
  let world: ShopWorld;
  let work: Awaited<ReturnType<typeof tempDir>>;
  let home: string;
  const tools = createToolResolver();

  beforeAll(async () => {
    world = await startShopWorld();
    work = await tempDir('kura-ssh-faults-');
    home = join(work.path, 'home');
    await mkdir(home);
    await pinHostKey(home, world.address, 10022, await probeHostKey(world.address, 10022));
    // 16 MB of incompressible files (≈ 13 s at 10 Mbit/s) and a ≈ 40 MB dump.
    const big = join(world.siteDir, 'media');
    await mkdir(big);
    for (let i = 0; i < 4; i++) {
      const { randomBytes } = await import('node:crypto');
      await writeFile(join(big, `video-${i}.mp4`), randomBytes(4 * 1024 * 1024));
    }
    await world.ns.exec('chown', ['-R', world.keyUser.name, big]);
    await world.mysql.server.sql("CREATE TABLE bulk (id INT PRIMARY KEY, pad VARCHAR(200)); INSERT INTO bulk SELECT seq, MD5(seq) FROM seq_1_to_400000;", 'shop');
  }, 300_000);
  afterAll(async () => {
    await world?.shape(null).catch(() => {});
    await world?.stop();
    await work?.cleanup();
  });

  const start = (sources: Array<Record<string, unknown>>) => {
    const dest = join(work.path, `dest-${Math.random().toString(36).slice(2)}`);
    mkdirSync(dest); // the backup disk exists before a job uses it
    const config = parseConfig({
      version: 1,
      jobs: [{ id: 'shop', name: 'Shop', destination: { path: dest }, ssh: { host: world.address, port: 10022, user: world.keyUser.name, keyPath: world.keyUser.keyPath }, sources }],
    });
    const run = runJob({ home, secrets: createMemorySecretStore({ my: world.mysql.password }), tools, now: () => new Date(), kuraVersion: 'test' }, config.jobs[0]!, { trigger: 'schedule' });
    return { dest, run };
  };
  const waitForSession = async () => {
    const deadline = Date.now() + 20_000;
    while (world.sshSessions().length === 0) {
      if (Date.now() > deadline) throw new Error('no SSH session started');
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const expectCleanFailure = async (r: RunResult, dest: string) => {
    expect(r.status).toBe('failed');
    expect(r.error).toMatchObject({ code: 'ssh-connection-lost', category: 'network' });
    expect(r.error!.message).toContain(world.address);
    expect(r.snapshot).toBeNull();
    expect(await readdir(join(dest, 'shop'))).not.toContainEqual(expect.stringMatching(/^\d{4}-|\.partial$/));
    // No rsync or SSH proxy left running from this test process.
    const leftovers = descendants(process.pid)
      .map((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '))
      .filter((cmd) => /kura-ssh-proxy|rsync|mariadb-dump|mysqldump/.test(cmd) && !/sshd/.test(cmd));
    expect(leftovers).toEqual([]);
  };

  it('sshd killed while rsync copies: ssh-connection-lost (network, retried), nothing published', async () => {
    await world.shape({ delayMs: 5, rateMbit: 10 });
    try {
      const { dest, run } = start([{ id: 'www', type: 'files', via: 'ssh', from: `${world.siteDir}/` }]);
      await waitForSession();
      await new Promise((r) => setTimeout(r, 2500));
      await world.killSshd();
      const r = await run;
      await expectCleanFailure(r, dest);
    } finally {
      await world.shape(null);
      await world.restartSshd();
    }
  });

  it('sshd killed during a MySQL dump through the forward: ssh-connection-lost, not a MySQL error', async () => {
    await world.shape({ delayMs: 5, rateMbit: 10 });
    try {
      const { dest, run } = start([{ id: 'db', type: 'mysql', via: 'ssh', host: '127.0.0.1', port: 3306, user: 'kura_backup', passwordRef: 'my', databases: ['shop'] }]);
      await waitForSession();
      await new Promise((r) => setTimeout(r, 3000));
      await world.killSshd();
      const r = await run;
      await expectCleanFailure(r, dest);
    } finally {
      await world.shape(null);
      await world.restartSshd();
    }
  });

  it('the link down for 30 s mid-transfer: the connection survives and the snapshot is complete and verified', async () => {
    await world.shape({ delayMs: 5, rateMbit: 10 });
    try {
      const { dest, run } = start([{ id: 'www', type: 'files', via: 'ssh', from: `${world.siteDir}/` }]);
      await waitForSession();
      await new Promise((r) => setTimeout(r, 2000));
      await world.setLink(false);
      await new Promise((r) => setTimeout(r, 30_000));
      await world.setLink(true);
      const r = await run;
      expect(r.error).toBeNull();
      expect(r.status).toBe('success');
      const manifest = (await readManifest(r.snapshot!.path))!;
      expect((await verifySnapshot(r.snapshot!.path, manifest)).ok).toBe(true);
      expect(manifest.items[0]).toMatchObject({ type: 'files', files: 9 });
      void dest;
    } finally {
      await world.setLink(true);
      await world.shape(null);
    }
  }, 180_000);
});
