/**
 * A MariaDB primary with a real replica, watched by Kura and broken the real ways. Each state is read
 * by the real `kura status --json` (the monitoring account's password in the real keychain) — state,
 * seconds behind, the replica's own error, exit 1 while it is broken — and the alert hub tells a
 * person when the standby breaks, falls behind, cannot be reached, and when it is in sync again.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertHub, type AlertHub } from '../../../electron/engine/alerts/alert-hub.js';
import { loadConfig } from '../../../electron/engine/config/config-store.js';
import { createMemorySecretStore } from '../../../electron/engine/secrets/secret-store.js';
import { createToolResolver } from '../../../electron/engine/tools/resolve-tool.js';
import { startMariaDbPair, type MariaDbPair } from '../../harness/replication.js';
import { startHttpRecorder, type HttpRecorder } from '../../harness/http-recorder.js';
import { runKura } from '../../harness/kura-cli.js';
import { tempDir } from '../../harness/tmp.js';

interface StandbyJson {
  standby: string;
  state: string;
  secondsBehind: number | null;
  error: string | null;
  since: string;
  reason: { code: string; message: string; hint: string | null } | null;
  position: { file: string; pos: number; gtid: string } | null;
}

let work: Awaited<ReturnType<typeof tempDir>>;
let pair: MariaDbPair;
let http: HttpRecorder;
let env: Record<string, string>;
let home: string;
let hub: AlertHub;
const secrets = createMemorySecretStore();

async function status(): Promise<{ code: number | null; standby: StandbyJson; stdout: string }> {
  const r = await runKura(['status', '--json'], env);
  const standbys = (r.json as { standbys?: StandbyJson[] } | undefined)?.standbys;
  expect(standbys, r.stderr + r.stdout).toHaveLength(1);
  return { code: r.code, standby: standbys![0]!, stdout: r.stdout };
}

const events = () => http.requests.map((r) => JSON.parse(r.body) as { event: string; data: { state: string; error: string | null; secondsBehind: number | null } });

beforeAll(async () => {
  work = await tempDir('kura-mysql-standby-');
  home = join(work.path, 'home');
  await mkdir(home);
  await mkdir(join(work.path, 'backups'));
  [pair, http] = await Promise.all([startMariaDbPair(), startHttpRecorder()]);
  await pair.primary.sql('CREATE DATABASE shop; CREATE TABLE shop.orders (id INT PRIMARY KEY, item VARCHAR(100)) ENGINE=InnoDB; INSERT INTO shop.orders VALUES (1, "お茶");');
  await pair.waitInSync();
  env = { KURA_HOME: home };
  const set = await runKura(['secret', 'set', 'shop-standby'], env, `${pair.monitor.password}\n`);
  expect(set.code, set.stderr).toBe(0);
  await secrets.set('shop-standby', pair.monitor.password);
  await secrets.set('hook', `${http.base}/hook/standby-token`);
  await writeFile(
    join(home, 'config.json'),
    JSON.stringify({
      version: 1,
      settings: { language: 'en', alerts: { webhooks: [{ urlRef: 'hook', format: 'json' }] } },
      jobs: [
        {
          id: 'shop',
          name: 'Shop',
          destination: { path: join(work.path, 'backups') },
          sources: [
            {
              id: 'db',
              type: 'mysql',
              host: '127.0.0.1',
              port: pair.primary.port,
              user: 'root',
              databases: ['shop'],
              standbys: [{ host: '127.0.0.1', port: pair.replica.port, user: pair.monitor.user, passwordRef: 'shop-standby', maxLagSeconds: 2 }],
            },
          ],
        },
      ],
    }),
  );
  hub = createAlertHub({
    home,
    secrets,
    loadConfig: () => loadConfig(home),
    language: () => 'en',
    now: () => new Date(),
    logger: { log: () => {} },
    tools: async () => createToolResolver(),
    standbyIntervalMs: 0,
    tickMs: 0,
    standbyConfirmations: 2,
    standbyTimeoutMs: 3000,
    retryDelaysMs: [],
  });
});

afterAll(async () => {
  await hub?.stop();
  await Promise.all([pair?.stop(), http?.stop()]);
  await work?.cleanup();
});

/** Two checks in a row (a bad state is alerted when it is seen twice), then the deliveries. */
async function watch(): Promise<void> {
  await hub.checkStandbysNow();
  await hub.checkStandbysNow();
  await hub.idle();
}

describe('a MariaDB standby, watched', () => {
  it('in sync: state in-sync, 0 seconds behind, the primary position it has applied; exit 0; no alert', async () => {
    const s = await status();
    expect(s.code).toBe(0);
    expect(s.standby).toMatchObject({ standby: `127.0.0.1:${pair.replica.port}`, state: 'in-sync', secondsBehind: 0, error: null });
    expect(s.standby.position).toEqual({ file: (await pair.primaryPosition()).file, pos: (await pair.primaryPosition()).pos, gtid: expect.stringMatching(/^0-1-\d+$/) });
    await watch();
    expect(http.requests).toHaveLength(0);
  });

  it('lagging: a read lock on the replica holds its SQL thread while the primary writes', async () => {
    const lock = await pair.holdReadLock();
    try {
      await pair.primary.sql("INSERT INTO shop.orders VALUES (2, 'せんべい');");
      await new Promise((r) => setTimeout(r, 3500));
      const s = await status();
      expect(s.code).toBe(0);
      expect(s.standby.state).toBe('lagging');
      expect(s.standby.secondsBehind).toBeGreaterThanOrEqual(3);
      expect(s.standby.reason?.message).toMatch(/seconds behind the primary; the limit is 2 seconds\./);
      await watch();
      expect(events().map((e) => e.event)).toEqual(['standby-lagging']);
    } finally {
      await lock.release();
    }
    await pair.waitInSync();
    await watch();
    expect(events().map((e) => e.event)).toEqual(['standby-lagging', 'standby-recovered']);
    expect((await status()).standby.state).toBe('in-sync');
  });

  it('broken: the SQL thread stopped — exit 1, the way to start it again; alerted once, recovered once', async () => {
    await pair.replica.sql('STOP SLAVE SQL_THREAD;');
    const s = await status();
    expect(s.code).toBe(1);
    expect(s.standby).toMatchObject({ state: 'broken', reason: { code: 'standby-sql-stopped', hint: 'If nobody stopped it on purpose, start it on the replica: START REPLICA SQL_THREAD;' } });
    const text = await runKura(['status'], env);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(new RegExp(`!! Standby 127\\.0\\.0\\.1:${pair.replica.port} of Shop / db: broken since `));
    await watch();
    await watch();
    expect(events().map((e) => e.event).slice(2)).toEqual(['standby-broken']);
    await pair.replica.sql('START SLAVE SQL_THREAD;');
    await pair.waitInSync();
    await watch();
    expect(events().map((e) => e.event).slice(2)).toEqual(['standby-broken', 'standby-recovered']);
  });

  it('broken: a duplicate key — the replica\'s own error, in the status and in the alert', async () => {
    await pair.replica.sql("INSERT INTO shop.orders VALUES (100, 'replica only');");
    await pair.primary.sql("INSERT INTO shop.orders VALUES (100, 'from the primary');");
    await expect.poll(async () => (await status()).standby.state, { timeout: 10_000 }).toBe('broken');
    const s = await status();
    expect(s.code).toBe(1);
    expect(s.standby.error).toMatch(/Duplicate entry '100' for key 'PRIMARY'/);
    expect(s.standby.reason).toMatchObject({ code: 'standby-sql-error' });
    expect(s.standby.reason!.message).toMatch(/^Replication stopped on an error \(1062\): /);
    await watch();
    const alert = events().at(-1)!;
    expect(alert).toMatchObject({ event: 'standby-broken', data: { state: 'broken' } });
    expect(alert.data.error).toMatch(/Duplicate entry '100'/);
    const mailText = (JSON.parse(http.requests.at(-1)!.body) as { text: string }).text;
    expect(mailText).toMatch(/Why: Replication stopped on an error \(1062\)/);
    expect(mailText).toMatch(/point the shop's application at the standby/);
    await pair.replica.sql('DELETE FROM shop.orders WHERE id = 100; START SLAVE;');
    await pair.waitInSync();
    await watch();
    expect(events().at(-1)!.event).toBe('standby-recovered');
  });

  it('unreachable: the replica paused (SIGSTOP) answers nothing — a timeout, not a hang; exit 1', async () => {
    pair.pauseReplica();
    try {
      const t0 = Date.now();
      const s = await status();
      expect(Date.now() - t0).toBeLessThan(30_000);
      expect(s.code).toBe(1);
      expect(s.standby).toMatchObject({ state: 'unreachable', reason: { code: 'standby-timeout' } });
      await watch();
      expect(events().at(-1)!.event).toBe('standby-unreachable');
    } finally {
      pair.resumeReplica();
    }
    await pair.waitInSync();
    await watch();
    expect(events().at(-1)!.event).toBe('standby-recovered');
  });

  it('broken: the primary killed — the replica cannot reconnect, with its own I/O error', async () => {
    await pair.killPrimary();
    await expect.poll(async () => (await status()).standby.reason?.code, { timeout: 15_000 }).toBe('standby-io-error');
    const s = await status();
    expect(s.code).toBe(1);
    expect(s.standby.state).toBe('broken');
    // Refused, or reset when the port was still closing: either way the replica's own reconnect error.
    expect(s.standby.error).toMatch(/error reconnecting to master .*(Connection refused|Connection reset)/);
    await watch();
    expect(events().at(-1)).toMatchObject({ event: 'standby-broken' });
  });

  it('"since" survives: the watcher remembers when it broke, and kura status shows that time', async () => {
    const a = (await status()).standby.since;
    await new Promise((r) => setTimeout(r, 1100));
    const b = (await status()).standby.since;
    expect(b).toBe(a);
    expect(Date.parse(a)).toBeLessThan(Date.now() - 1000);
  });
});
