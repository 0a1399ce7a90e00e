/**
 * Redis `file` restore killed with SIGKILL at every step boundary (KURA_TEST_CRASH_AT: the CLI kills
 * itself right after the journal recorded the step), with and without `appendonly yes`. After each
 * crash the server is started plainly from its own redis.conf, as an admin would: it must come up
 * with the old dataset or the new one — never empty — and redis.conf must be byte for byte what it
 * was (the old design rewrote `appendonly no` into it). Then `--roll-back` must give the old data and
 * `--finish` the new, and both must survive one more restart. Plus: the server refusing to start
 * with the restored files, and a full disk while the snapshot is copied in.
 */
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from '../../electron/engine/process/run-process.js';
import { createKeychainSecretStore } from '../../electron/engine/secrets/keychain-secret-store.js';
import { connectRedis, type RespClient } from '../../electron/engine/tools/redis/resp-client.js';
import type { RedisTarget } from '../../electron/engine/tools/redis/redis-target.js';
import { runKura, startKura } from '../harness/kura-cli.js';
import { descendants } from '../harness/rsyncd.js';
import { startRedis, type RedisServer } from '../harness/redis.js';
import { tempDir } from '../harness/tmp.js';
import { digest as digestOf } from '../integration/redis/dataset.js';
import { randomish } from './fixture.js';

const PW = 'rf-' + Math.random().toString(36).slice(2);
const REF = 'rf-crash-redis';

async function withClient<T>(target: RedisTarget, fn: (c: RespClient) => Promise<T>): Promise<T> {
  const c = await connectRedis(target);
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

async function digest(target: RedisTarget): Promise<string> {
  return withClient(target, digestOf);
}

async function up(target: RedisTarget): Promise<boolean> {
  try {
    await withClient(target, (c) => c.call('PING'));
    return true;
  } catch {
    return false;
  }
}

async function waitUp(target: RedisTarget, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await up(target))) {
    if (Date.now() > deadline) throw new Error('Redis did not come up');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function run(argv: readonly string[]): Promise<number | null> {
  return (await runProcess({ file: argv[0]!, args: argv.slice(1) })).exitCode;
}

async function load(target: RedisTarget, prefix: string, keys: number): Promise<void> {
  await withClient(target, async (c) => {
    await c.call('FLUSHALL');
    for (let i = 0; i < keys; i += 50) {
      await c.pipeline(Array.from({ length: Math.min(50, keys - i) }, (_, k) => ['SET', `${prefix}:${i + k}`, randomish(8 * 1024, i + k + prefix.length)]));
    }
    await c.pipeline([['SELECT', 3], ['SET', `${prefix}:db3`, prefix], ['SELECT', 0]]);
    await c.call('SAVE');
  });
}

describe('faults: kura killed during a Redis file restore', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let home: string;
  let dest: string;
  let env: Record<string, string>;
  let newDigest: string;
  let oldDigest: string;
  const secrets = createKeychainSecretStore();

  const writeConfig = async (server: RedisServer, service = server.serviceCommands()) => {
    const job = {
      id: 'rd',
      name: 'Redis crash',
      destination: { path: dest },
      sources: [{ id: 'cache', type: 'redis', host: '127.0.0.1', port: server.port, passwordRef: REF, method: 'sync', service }],
      retention: { keepLast: 5, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 },
    };
    await writeFile(join(home, 'config.json'), JSON.stringify({ version: 1, jobs: [job] }, null, 2));
  };

  /** A server on the old dataset, saved, with its redis.conf holding the password (as on a real server). */
  const oldServer = async (appendonly: boolean): Promise<RedisServer> => {
    const s = await startRedis({ appendonly, password: PW, saveConfig: true });
    await load(s.target, 'old', 120);
    await writeConfig(s);
    return s;
  };

  beforeAll(async () => {
    work = await tempDir('kura-redis-crash-');
    home = join(work.path, 'home');
    dest = join(work.path, 'backups');
    await mkdir(dest, { recursive: true }); // the backup disk exists before a job uses it
    await mkdir(home, { recursive: true });
    env = { KURA_HOME: home };
    await secrets.set(REF, PW);
    // The snapshot: the "new" dataset, backed up once and restored into every server below.
    const src = await startRedis({ password: PW, saveConfig: true });
    try {
      await load(src.target, 'new', 200);
      newDigest = await digest(src.target);
      await writeConfig(src);
      const r = await runKura(['run', 'rd', '--json'], env);
      expect(r.code, r.stdout + r.stderr).toBe(0);
    } finally {
      await src.stop();
    }
    const probe = await oldServer(false);
    try {
      oldDigest = await digest(probe.target);
    } finally {
      await probe.stop();
    }
    expect(oldDigest).not.toBe(newDigest);
  }, 180_000);

  afterAll(async () => {
    await secrets.delete(REF).catch(() => {});
    await work?.cleanup();
  });

  const journalId = (s: RedisServer) => `redis-127.0.0.1-${s.port}`;

  /** Stops the server if it runs and starts it plainly from its redis.conf; returns which dataset it has. */
  async function plainRestart(s: RedisServer): Promise<'old' | 'new'> {
    const svc = s.serviceCommands();
    if (await up(s.target)) expect(await run(svc.stop)).toBe(0);
    expect(await run(['redis-server', s.confPath, '--daemonize', 'yes'])).toBe(0);
    await waitUp(s.target);
    const d = await digest(s.target);
    expect([oldDigest, newDigest], 'the server came up empty or with a mix').toContain(d);
    return d === newDigest ? 'new' : 'old';
  }

  const steps = ['copying', 'stopping', 'stopped', 'staging', 'swapping', 'starting', 'verify'] as const;
  const cases = [false, true].flatMap((aof) =>
    steps.filter((step) => aof || step !== 'staging').map((step, i) => ({ aof, step, action: (i + (aof ? 1 : 0)) % 2 === 0 ? ('--roll-back' as const) : ('--finish' as const) })),
  );

  it.each(cases)('appendonly $aof, killed at "$step": a plain start gives old or new data, redis.conf unchanged; $action completes it', async ({ aof, step, action }) => {
    const s = await oldServer(aof);
    try {
      const conf = await readFile(s.confPath, 'utf8');
      const r = await runKura(['restore', 'rd', 'latest', '--source', 'cache', '--method', 'file', '--yes', '--json'], { ...env, KURA_TEST_CRASH_AT: `redis-file:${step}` });
      expect(r.code, r.stdout + r.stderr).toBeNull(); // killed by its own SIGKILL at that step

      const got = await plainRestart(s);
      expect(await readFile(s.confPath, 'utf8')).toBe(conf);
      // Only a crash after the switch may give the new data.
      if (['copying', 'stopping', 'stopped', 'staging'].includes(step)) expect(got).toBe('old');
      if (['starting', 'verify'].includes(step)) expect(got).toBe('new');

      const status = await runKura(['status', '--json'], env);
      expect(status.code).toBe(1);
      expect((status.json as { restores: Array<{ id: string; state: string; step: string }> }).restores).toEqual([
        expect.objectContaining({ id: journalId(s), state: 'interrupted', step }),
      ]);

      const out = await runKura(['restore', action, journalId(s), '--yes', '--json'], env);
      expect(out.code, out.stdout + out.stderr).toBe(0);
      const want = action === '--roll-back' ? oldDigest : newDigest;
      expect(await digest(s.target)).toBe(want);
      await expect(stat(join(home, 'restores', `${journalId(s)}.json`))).rejects.toThrow();
      expect((await runKura(['status'], env)).code).toBe(0);
      // Nothing staged is left behind, and the result survives another plain restart.
      expect((await readdir(s.dir)).filter((n) => n.includes('kura-restore'))).toEqual([]);
      expect(await plainRestart(s)).toBe(action === '--roll-back' ? 'old' : 'new');
      expect(await readFile(s.confPath, 'utf8')).toBe(conf);
      await withClient(s.target, async (c) => {
        const info = await c.call('INFO', 'persistence');
        expect(info.kind === 'bulk' && info.value.toString()).toMatch(aof ? /aof_enabled:1/ : /aof_enabled:0/);
      });
    } finally {
      await s.kill();
    }
  });

  it('no hook: the CLI killed from outside the moment Redis (AOF on) has stopped — a plain start gives old or new data, appendonly still on', async () => {
    const s = await oldServer(true);
    try {
      const conf = await readFile(s.confPath, 'utf8');
      const restore = startKura(['restore', 'rd', 'latest', '--source', 'cache', '--method', 'file', '--yes', '--json'], env);
      // Watch the server's port: once it stops answering, Kura is in the middle of the file restore.
      const deadline = Date.now() + 60_000;
      while (await up(s.target)) {
        if (Date.now() > deadline) throw new Error('Redis was never stopped');
        await new Promise((r) => setTimeout(r, 10));
      }
      for (const p of [...descendants(restore.pid!), restore.pid!]) {
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      await restore.result;
      expect(await readFile(s.confPath, 'utf8')).toBe(conf);
      expect(await plainRestart(s)).toMatch(/^(old|new)$/);
      await withClient(s.target, async (c) => {
        const info = await c.call('INFO', 'persistence');
        expect(info.kind === 'bulk' && info.value.toString()).toMatch(/aof_enabled:1/);
      });
      expect((await runKura(['status'], env)).code).toBe(1);
      expect((await runKura(['restore', '--roll-back', journalId(s), '--yes'], env)).code).toBe(0);
      expect(await digest(s.target)).toBe(oldDigest);
    } finally {
      await s.kill();
    }
  });

  it('a live restore with flush killed right after the flush: reported as half restored, roll back refused with the reason, --finish completes it', async () => {
    const s = await oldServer(false);
    try {
      const r = await runKura(['restore', 'rd', 'latest', '--source', 'cache', '--flush', '--yes'], { ...env, KURA_TEST_CRASH_AT: 'redis-live:sending' });
      expect(r.code).toBeNull();
      // The flush had happened: this is exactly why the state must be reported.
      expect(await withClient(s.target, (c) => c.call('DBSIZE'))).toEqual({ kind: 'integer', value: 0 });
      const report = (await runKura(['status', '--json'], env)).json as { restores: Array<Record<string, unknown>> };
      expect(report.restores[0]).toMatchObject({ id: journalId(s), type: 'redis', touched: true, canRollBack: false });
      const refused = await runKura(['restore', '--roll-back', journalId(s), '--yes', '--json'], env);
      expect((refused.json as { error: { code: string; message: string } }).error).toMatchObject({ code: 'restore-rollback-unavailable', message: expect.stringMatching(/keeps no copy of what it overwrote/) });
      const out = await runKura(['restore', '--finish', journalId(s), '--yes', '--json'], env);
      expect(out.code, out.stdout + out.stderr).toBe(0);
      expect(await digest(s.target)).toBe(newDigest);
      expect((await runKura(['status'], env)).code).toBe(0);
    } finally {
      await s.kill();
    }
  });

  it('killed with the server stopped and the new files in place: --finish starts it and proves the data, without a manual restart', async () => {
    const s = await oldServer(true);
    try {
      const r = await runKura(['restore', 'rd', 'latest', '--source', 'cache', '--method', 'file', '--yes'], { ...env, KURA_TEST_CRASH_AT: 'redis-file:starting' });
      expect(r.code).toBeNull();
      expect(await up(s.target)).toBe(false);
      const out = await runKura(['restore', '--finish', journalId(s), '--yes', '--json'], env);
      expect(out.code, out.stdout + out.stderr).toBe(0);
      expect((out.json as { verification: Array<{ check: string; ok: boolean }> }).verification.every((c) => c.ok)).toBe(true);
      expect(await digest(s.target)).toBe(newDigest);
    } finally {
      await s.kill();
    }
  });

  it('Redis refusing to start with the restored files: the previous files are put back, the server runs on its old data, the journal is closed', async () => {
    const s = await oldServer(true);
    try {
      const marker = join(work.path, `fail-once-${s.port}`);
      await writeFile(marker, '');
      // A service whose next start fails (as a unit that cannot load the new data would), then works.
      const svc = s.serviceCommands();
      await writeConfig(s, { stop: svc.stop, start: ['sh', '-c', 'if [ -e "$1" ]; then rm "$1"; exit 1; fi; exec redis-server "$2" --daemonize yes', 'start', marker, s.confPath] });
      const conf = await readFile(s.confPath, 'utf8');
      const r = await runKura(['restore', 'rd', 'latest', '--source', 'cache', '--method', 'file', '--yes', '--json'], env);
      expect(r.code).toBe(1);
      const result = r.json as { status: string; steps: Array<{ text: string }>; error: { code: string } };
      expect(result.status).toBe('rolled-back');
      expect(result.error.code).toBe('redis-service-start-failed');
      expect(await digest(s.target)).toBe(oldDigest);
      expect(await readFile(s.confPath, 'utf8')).toBe(conf);
      await expect(stat(join(home, 'restores', `${journalId(s)}.json`))).rejects.toThrow();
      expect(await plainRestart(s)).toBe('old');
    } finally {
      await s.kill();
    }
  });

  it('a full disk while the snapshot is copied in: the server keeps running on its data, nothing half-copied stays, no journal is left', async (ctx) => {
    const mnt = join(work.path, 'small');
    await mkdir(mnt, { recursive: true });
    const m = await runProcess({ file: 'mount', args: ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt] });
    if (m.exitCode !== 0) ctx.skip();
    const s = await startRedis({ password: PW, saveConfig: true, extraConfig: { dir: `"${mnt}"` } });
    try {
      await withClient(s.target, (c) => c.pipeline([['SET', 'small', 'still here'], ['SAVE']]));
      await writeConfig(s);
      const before = await digest(s.target);
      const r = await runKura(['restore', 'rd', 'latest', '--source', 'cache', '--method', 'file', '--yes', '--json'], env);
      expect(r.code).toBe(1);
      expect((r.json as { error: { code: string; message: string } }).error).toMatchObject({ code: 'redis-data-disk-full', message: expect.stringContaining(mnt) });
      expect(await digest(s.target)).toBe(before);
      expect((await readdir(mnt)).filter((n) => n.includes('kura'))).toEqual([]);
      await expect(stat(join(home, 'restores', `${journalId(s)}.json`))).rejects.toThrow();
      expect((await runKura(['status'], env)).code).toBe(0);
    } finally {
      await s.kill().catch(() => {});
      await runProcess({ file: 'umount', args: [mnt] });
      await rm(mnt, { recursive: true, force: true });
    }
  });
});
