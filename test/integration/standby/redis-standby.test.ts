/**
 * A Redis primary with a real replica, watched by Kura: in sync; behind while the replica is paused
 * (the primary counts the seconds since its last acknowledgement); broken when the primary dies
 * (the link is down) or the replica is promoted (it is no replica any more); unreachable when the
 * replica is gone. Read by the real `kura status --json`, passwords in the real keychain.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisPair, type RedisPair } from '../../harness/replication.js';
import { runKura } from '../../harness/kura-cli.js';
import { tempDir } from '../../harness/tmp.js';

interface StandbyJson {
  state: string;
  secondsBehind: number | null;
  error: string | null;
  reason: { code: string; message: string } | null;
}

const PASSWORD = 'redis pw 秘密';
let work: Awaited<ReturnType<typeof tempDir>>;
let pair: RedisPair;
let env: Record<string, string>;

async function status(): Promise<{ code: number | null; standby: StandbyJson }> {
  const r = await runKura(['status', '--json'], env);
  const standbys = (r.json as { standbys?: StandbyJson[] } | undefined)?.standbys;
  expect(standbys, r.stderr + r.stdout).toHaveLength(1);
  return { code: r.code, standby: standbys![0]! };
}

beforeAll(async () => {
  work = await tempDir('kura-redis-standby-');
  const home = join(work.path, 'home');
  await mkdir(home);
  await mkdir(join(work.path, 'backups'));
  pair = await startRedisPair(PASSWORD);
  env = { KURA_HOME: home };
  expect((await runKura(['secret', 'set', 'shop-redis'], env, `${PASSWORD}\n`)).code).toBe(0);
  await writeFile(
    join(home, 'config.json'),
    JSON.stringify({
      version: 1,
      settings: { language: 'ja' },
      jobs: [
        {
          id: 'shop',
          name: 'Shop',
          destination: { path: join(work.path, 'backups') },
          sources: [
            {
              id: 'cache',
              type: 'redis',
              host: '127.0.0.1',
              port: pair.primary.port,
              passwordRef: 'shop-redis',
              standbys: [{ host: '127.0.0.1', port: pair.replica.port, passwordRef: 'shop-redis', maxLagSeconds: 2 }],
            },
          ],
        },
      ],
    }),
  );
});

afterAll(async () => {
  await pair?.stop();
  await work?.cleanup();
});

describe('a Redis standby, watched', () => {
  it('in sync', async () => {
    const s = await status();
    expect(s.code).toBe(0);
    expect(s.standby).toMatchObject({ state: 'in-sync', secondsBehind: 0, error: null });
  });

  it('lagging: the replica paused while the primary writes', async () => {
    pair.pauseReplica();
    try {
      const c = await pair.primary.client();
      for (let i = 0; i < 50; i++) await c.call('SET', `order:${i}`, 'お茶');
      await c.close();
      await new Promise((r) => setTimeout(r, 4000));
      const s = await status();
      expect(s.code).toBe(0);
      expect(s.standby.state).toBe('lagging');
      expect(s.standby.secondsBehind).toBeGreaterThanOrEqual(3);
      expect(s.standby.reason?.message).toMatch(/^プライマリより \d+ 秒遅れています（上限は 2 秒です）。$/);
    } finally {
      pair.resumeReplica();
    }
    await pair.waitInSync();
    await expect.poll(async () => (await status()).standby.state, { timeout: 10_000 }).toBe('in-sync');
  });

  it('broken: promoted (REPLICAOF NO ONE) — no replica any more, with the command that makes it one again; exit 1', async () => {
    const c = await pair.replica.client();
    await c.call('REPLICAOF', 'NO', 'ONE');
    await c.close();
    const s = await status();
    expect(s.code).toBe(1);
    expect(s.standby).toMatchObject({ state: 'broken', reason: { code: 'standby-redis-not-replica' } });
    expect(s.standby.error).toMatch(/レプリカではありません（役割：master）/);
    const back = await pair.replica.client();
    await back.call('REPLICAOF', '127.0.0.1', String(pair.primary.port));
    await back.close();
    await pair.waitInSync();
    expect((await status()).standby.state).toBe('in-sync');
  });

  it('broken: the primary killed — the link is down', async () => {
    await pair.primary.kill();
    await expect.poll(async () => (await status()).standby.reason?.code, { timeout: 10_000 }).toBe('standby-redis-link-down');
    const s = await status();
    expect(s.code).toBe(1);
    expect(s.standby.state).toBe('broken');
  });

  it('unreachable: the replica gone', async () => {
    await pair.replica.kill();
    const s = await status();
    expect(s.code).toBe(1);
    expect(s.standby).toMatchObject({ state: 'unreachable', reason: { code: 'standby-unreachable' } });
  });
});
