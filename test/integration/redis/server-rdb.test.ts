/**
 * The script Kura runs on an SSH server to have it write a Redis snapshot itself (server-rdb.ts),
 * run here by a real `sh` against a real Redis with server-setup's least-privilege ACL user — the
 * way sshd would run it (`$SHELL -c <command>` in the user's home, the channel as stdin).
 *
 * What would make it lie or leak: a file left by a killed run taken for tonight's, a failed
 * redis-cli that still leaves a file, a save that hangs forever, the password on a command line or
 * in an environment, a cancel that is not one.
 */
import { spawn } from 'node:child_process';
import { mkdir, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisAclRule } from '../../../electron/engine/server-setup/redis-snippets.js';
import { makeServerRdb, removeServerRdb, serverRdbFolder, type RemoteExec } from '../../../electron/engine/tools/redis/server-rdb.js';
import { validateRdbFile } from '../../../electron/engine/tools/redis/validate-rdb.js';
import { startRedis, type RedisServer } from '../../harness/redis.js';
import { watchSecrets } from '../../harness/secret-watch.js';
import { silentServer } from '../../harness/silent-server.js';
import { tempDir } from '../../harness/tmp.js';

const PASSWORD = 'sv-rdb パス word 1';

/** An exec channel, played by a local shell in `home` (stdin written and closed, stdout streamed). */
function localExec(home: string, env: Record<string, string> = {}): RemoteExec {
  return (command, options) =>
    new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', command], { cwd: home, env: { PATH: process.env['PATH']!, HOME: home, ...env }, detached: true });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (t: string) => (options.onStdout ? options.onStdout(t) : (stdout += t)));
      child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
      const onAbort = () => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          /* gone */
        }
        reject(new Error('channel closed'));
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      child.on('close', (code) => {
        options.signal?.removeEventListener('abort', onAbort);
        resolve({ code, stdout, stderr });
      });
      child.stdin.end(options.stdin ?? '');
    });
}

describe('a Redis snapshot written by the server itself (redis-cli --rdb through the script)', () => {
  let redis: RedisServer;
  let work: Awaited<ReturnType<typeof tempDir>>;
  const folder = serverRdbFolder('shop', 'cache');
  const target = () => ({ host: '127.0.0.1', port: redis.port, username: 'kura-backup', password: PASSWORD });

  beforeAll(async () => {
    const rule = redisAclRule('kura-backup', 'x').replace(/^user \S+ on >\S+ /, '');
    redis = await startRedis({ password: 'admin-pw', aclUsers: [{ name: 'kura-backup', password: PASSWORD, rules: rule }] });
    const c = await redis.client();
    for (let i = 0; i < 300; i++) await c.command('SET', `k${i}`, `value ${i} ${'x'.repeat(200)}`);
    await c.close();
    work = await tempDir('kura-server-rdb-');
  });
  afterAll(async () => {
    await redis?.stop();
    await work?.cleanup();
  });

  it('writes a complete snapshot into its private folder and says where and how big; the password is on no command line and in no environment', async () => {
    const watch = watchSecrets([PASSWORD]);
    const sizes: number[] = [];
    const made = await makeServerRdb(localExec(work.path), folder, target(), { onBytes: (b) => sizes.push(b) });
    expect(await watch.stop()).toEqual([]);
    expect(made.kind).toBe('made');
    if (made.kind !== 'made') return;
    expect(made.folder).toBe(join(work.path, folder));
    expect(made.bytes).toBe((await stat(join(made.folder, 'dump.rdb'))).size);
    expect((await validateRdbFile(join(made.folder, 'dump.rdb'))).keysPerDb).toEqual({ '0': 300 });
    // Only the snapshot is left, readable by the SSH user alone.
    expect(await readdir(made.folder)).toEqual(['dump.rdb']);
    expect((await stat(join(made.folder, 'dump.rdb'))).mode & 0o077).toBe(0);
    await removeServerRdb(localExec(work.path), folder);
    await expect(stat(made.folder)).rejects.toThrow();
  });

  it('a file left by a killed run is never taken for tonight\'s: a failing redis-cli leaves no snapshot and reports the server\'s words', async () => {
    await mkdir(join(work.path, folder), { recursive: true });
    await writeFile(join(work.path, folder, 'dump.rdb'), 'REDIS0011 left from last night');
    await writeFile(join(work.path, folder, 'dump.rdb.part'), 'REDIS0011 half');
    const made = await makeServerRdb(localExec(work.path), folder, { ...target(), password: 'wrong password' });
    expect(made).toMatchObject({ kind: 'refused', why: 'failed' });
    expect(made.kind === 'refused' && made.reason).toMatch(/WRONGPASS|AUTH failed/);
    expect(await readdir(join(work.path, folder))).toEqual([]);
  });

  it('a server without redis-cli is told apart (exit 127), so Kura can say so', async () => {
    // A server with the usual tools but no redis-cli.
    const bin = join(work.path, 'bin-without-redis');
    await mkdir(bin, { recursive: true });
    for (const tool of ['sh', 'mkdir', 'rm', 'mv', 'cat', 'wc', 'sleep', 'rmdir']) await symlink(`/usr/bin/${tool}`, join(bin, tool)).catch(async () => symlink(`/bin/${tool}`, join(bin, tool)));
    const made = await makeServerRdb(localExec(work.path, { PATH: bin }), folder, target());
    expect(made).toEqual({ kind: 'refused', why: 'no-redis-cli', reason: 'redis-cli: command not found' });
  });

  it('a Redis that never answers is given up once the file stops growing (nothing waits forever)', async () => {
    const silent = await silentServer();
    try {
      const started = Date.now();
      const made = await makeServerRdb(localExec(work.path), folder, { ...target(), port: silent.port }, { idleMs: 1500 });
      expect(made).toEqual({ kind: 'refused', why: 'no-answer', reason: null });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(silent.accepted()).toBeGreaterThan(0);
    } finally {
      await silent.close();
    }
  });

  it('a cancel is a cancel, not a refusal to fall back from', async () => {
    const silent = await silentServer();
    try {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 300);
      await expect(makeServerRdb(localExec(work.path), folder, { ...target(), port: silent.port }, { signal: ac.signal })).rejects.toMatchObject({ code: 'cancelled' });
    } finally {
      await silent.close();
    }
  });
});
