/**
 * `kura run` itself dying (SIGKILL: a crash, a power cut) and two runs of one job at once.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { descendants, startRsyncDaemon, type RsyncDaemon } from '../harness/rsyncd.js';
import { runKura, startKura } from '../harness/kura-cli.js';
import { createShop, PW, type Shop } from './fixture.js';
import { readLock } from '../../electron/engine/jobs/job-lock.js';

async function waitFor(what: string, cond: () => Promise<boolean>, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('faults: the kura process', () => {
  let shop: Shop;
  let slow: RsyncDaemon;
  beforeAll(async () => {
    shop = await createShop({ dbMiB: 1, redisMiB: 1, siteMiB: 2 });
    // The same website behind a server that answers slowly, so a run can be caught in the middle.
    slow = await startRsyncDaemon([{ name: 'www', path: shop.site, authUsers: { web: PW.rsync }, preXferExec: 'sleep 3' }]);
    const first = await runKura(['run', 'shop', '--json'], shop.env);
    expect(first.code, first.stdout + first.stderr).toBe(0);
  }, 180_000);
  afterAll(async () => {
    await slow?.stop();
    await shop?.cleanup();
  });

  it('SIGKILL mid-run: the run is recorded as interrupted, its .partial removed, the next run succeeds', async () => {
    await new Promise((r) => setTimeout(r, 1000));
    const before = await shop.snapshotState();
    await shop.writeConfig((job) => {
      (job['sources'] as Array<Record<string, unknown>>)[0]!['from'] = `rsync://web@127.0.0.1:${slow.port}/www/`;
    });
    const run = startKura(['run', 'shop', '--json'], shop.env);
    const jobDir = join(shop.dest, 'shop');
    await waitFor('the .partial folder', async () => (await readdir(jobDir)).some((n) => n.endsWith('.partial')));
    // Like a power cut: the CLI and every process it started die at once.
    for (const pid of [...descendants(run.pid!), run.pid!]) process.kill(pid, 'SIGKILL');
    const r = await run.result;
    expect(r.signal).toBe('SIGKILL');
    expect((await readdir(jobDir)).some((n) => n.endsWith('.partial'))).toBe(true);

    // Even before the next run, history shows it as interrupted, not running forever.
    const h1 = (await runKura(['history', 'shop', '--json'], shop.env)).json as Array<{ status: string }>;
    expect(h1.at(-1)!.status).toBe('interrupted');

    await shop.writeConfig();
    const next = await runKura(['run', 'shop', '--json'], shop.env);
    expect(next.code, next.stdout + next.stderr).toBe(0);
    expect((await readdir(jobDir)).filter((n) => n.endsWith('.partial'))).toEqual([]);
    const after = await shop.snapshotState();
    for (const [id, manifest] of Object.entries(before)) expect(after[id]).toBe(manifest);
    const lines = (await readFile(join(shop.home, 'history', 'shop.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    const interrupted = lines.filter((l) => l.status === 'interrupted');
    expect(interrupted).toHaveLength(1);
    expect(interrupted[0].error.code).toBe('interrupted');
    const log = await readFile((next.json as { logFile: string }).logFile, 'utf8');
    expect(log).toMatch(/was interrupted/);
  });

  it('two runs of one job at once: one runs, the other is refused with a clear message', async () => {
    await new Promise((r) => setTimeout(r, 1000));
    await shop.writeConfig((job) => {
      (job['sources'] as Array<Record<string, unknown>>)[0]!['from'] = `rsync://web@127.0.0.1:${slow.port}/www/`;
    });
    try {
      const first = startKura(['run', 'shop', '--json'], shop.env);
      await waitFor('the job lock', async () => (await readLock(shop.home, 'shop')) !== null);
      const second = await runKura(['run', 'shop'], shop.env);
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/Job "shop" is already running \(process \d+/);
      const r1 = await first.result;
      expect(r1.exitCode, r1.stdout + r1.stderr).toBe(0);
      expect(JSON.parse(r1.stdout).status).toBe('success');
    } finally {
      await shop.writeConfig();
    }
  });
});
