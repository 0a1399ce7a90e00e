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
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { redisAclRule } from '../../../electron/engine/server-setup/redis-snippets.js';
import { gateScript, makeServerRdb, removeServerRdb, serverRdbFolder, type RemoteExec } from '../../../electron/engine/tools/redis/server-rdb.js';
import { validateRdbFile } from '../../../electron/engine/tools/redis/validate-rdb.js';
import { startRedis, type RedisServer } from '../../harness/redis.js';
import { watchSecrets } from '../../harness/secret-watch.js';
import { silentServer } from '../../harness/silent-server.js';
import { tempDir } from '../../harness/tmp.js';

const PASSWORD = 'sv-rdb パス word 1';

/**
 * An exec channel, played by a local shell in `home` (stdin written and closed, stdout streamed) —
 * or, with `gate`, by a key whose forced command is the gate: sshd runs `sh <gate> <site>` with the
 * client's command in SSH_ORIGINAL_COMMAND.
 */
function localExec(home: string, env: Record<string, string> = {}, gate?: { path: string; site: string; redis: string[] }): RemoteExec {
  return (command, options) =>
    new Promise((resolve, reject) => {
      const argv = gate ? [gate.path, gate.site, ...gate.redis] : ['-c', command];
      const child = spawn('/bin/sh', argv, { cwd: home, env: { PATH: process.env['PATH']!, HOME: home, ...(gate ? { SSH_ORIGINAL_COMMAND: command } : {}), ...env }, detached: true });
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
      child.stdin.on('error', () => {}); // a refused command exits before reading
      child.stdin.end(options.stdin ?? '');
    });
}

describe('a Redis snapshot written by the server itself (redis-cli --rdb through the script)', () => {
  let redis: RedisServer;
  let work: Awaited<ReturnType<typeof tempDir>>;
  const name = 'shop-cache';
  const folder = serverRdbFolder(name);
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
    const made = await makeServerRdb(localExec(work.path), name, target(), { onBytes: (b) => sizes.push(b) });
    expect(await watch.stop()).toEqual([]);
    expect(made).toMatchObject({ kind: 'made', form: 'shell' });
    if (made.kind !== 'made') return;
    expect(made.folder).toBe(join(work.path, folder));
    expect(made.bytes).toBe((await stat(join(made.folder, 'dump.rdb'))).size);
    expect((await validateRdbFile(join(made.folder, 'dump.rdb'))).keysPerDb).toEqual({ '0': 300 });
    // Only the snapshot is left, readable by the SSH user alone.
    expect(await readdir(made.folder)).toEqual(['dump.rdb']);
    expect((await stat(join(made.folder, 'dump.rdb'))).mode & 0o077).toBe(0);
    await removeServerRdb(localExec(work.path), made.form, name);
    await expect(stat(made.folder)).rejects.toThrow();
  });

  it('a file left by a killed run is never taken for tonight\'s: a failing redis-cli leaves no snapshot and reports the server\'s words', async () => {
    await mkdir(join(work.path, folder), { recursive: true });
    await writeFile(join(work.path, folder, 'dump.rdb'), 'REDIS0011 left from last night');
    await writeFile(join(work.path, folder, 'dump.rdb.part'), 'REDIS0011 half');
    const made = await makeServerRdb(localExec(work.path), name, { ...target(), password: 'wrong password' });
    expect(made).toMatchObject({ kind: 'refused', why: 'failed' });
    expect(made.kind === 'refused' && made.reason).toMatch(/WRONGPASS|AUTH failed/);
    expect(await readdir(join(work.path, folder))).toEqual([]);
  });

  it('values with shell syntax never reach a shell unquoted (the gate\'s words are only sent for plain values)', async () => {
    const marker = join(work.path, 'injected');
    const made = await makeServerRdb(localExec(work.path), name, { ...target(), username: `x;touch ${marker};` });
    expect(made).toMatchObject({ kind: 'refused', form: 'shell', why: 'failed' });
    await expect(stat(marker)).rejects.toThrow();
  });

  it('a server without redis-cli is told apart (exit 127), so Kura can say so', async () => {
    // A server with the usual tools but no redis-cli.
    const bin = join(work.path, 'bin-without-redis');
    await mkdir(bin, { recursive: true });
    for (const tool of ['sh', 'mkdir', 'rm', 'mv', 'cat', 'wc', 'sleep', 'rmdir']) await symlink(`/usr/bin/${tool}`, join(bin, tool)).catch(async () => symlink(`/bin/${tool}`, join(bin, tool)));
    const made = await makeServerRdb(localExec(work.path, { PATH: bin }), name, target());
    expect(made).toEqual({ kind: 'refused', form: 'shell', why: 'no-redis-cli', reason: null });
  });

  it('a Redis that never answers is given up once the file stops growing (nothing waits forever)', async () => {
    const silent = await silentServer();
    try {
      const started = Date.now();
      const made = await makeServerRdb(localExec(work.path), name, { ...target(), port: silent.port }, { idleMs: 1500 });
      expect(made).toEqual({ kind: 'refused', form: 'shell', why: 'no-answer', reason: null });
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
      await expect(makeServerRdb(localExec(work.path), name, { ...target(), port: silent.port }, { signal: ac.signal })).rejects.toMatchObject({ code: 'cancelled' });
    } finally {
      await silent.close();
    }
  });

  describe('through Server setup\'s gate (a key that may run nothing else)', () => {
    let gate: { path: string; site: string; redis: string[] };
    beforeAll(async () => {
      const site = join(work.path, 'site');
      await mkdir(site, { recursive: true });
      await writeFile(join(site, 'index.html'), 'shop');
      const path = join(work.path, 'kura-gate.sh');
      await writeFile(path, gateScript(['Kura\'s SSH gate (test)']));
      gate = { path, site, redis: [`127.0.0.1:${redis.port}`] };
    });

    it('writes the snapshot when asked in the gate\'s words, and removes it', async () => {
      const made = await makeServerRdb(localExec(work.path, {}, gate), name, target());
      expect(made).toMatchObject({ kind: 'made', form: 'gate', folder: join(work.path, folder) });
      if (made.kind !== 'made') return;
      expect((await validateRdbFile(join(made.folder, 'dump.rdb'))).keysPerDb).toEqual({ '0': 300 });
      await removeServerRdb(localExec(work.path, {}, gate), 'gate', name);
      await expect(stat(made.folder)).rejects.toThrow();
    });

    it('refuses a shell, other commands, values that try to become commands, paths outside its folders and other servers; nothing runs', async () => {
      const exec = localExec(work.path, {}, gate);
      const other = await silentServer();
      const silentPort = other.port;
      onTestFinished(() => other.close());
      const marker = join(work.path, 'pwned');
      for (const cmd of [
        `sh -c 'touch ${marker}'`,
        `touch ${marker}`,
        `kura-redis-rdb x;touch${marker} 127.0.0.1 ${redis.port} - no`,
        `kura-redis-rdb ../../x 127.0.0.1 ${redis.port} - no`,
        `kura-redis-rdb x $(touch${marker}) ${redis.port} - no`,
        `kura-redis-rdb x 127.0.0.1 ${redis.port} - no extra`,
        `kura-redis-rdb x -h ${redis.port} - no`,
        `kura-redis-rdb x 127.0.0.1 ${redis.port} \`touch${marker}\` no`,
        `kura-redis-rdb-remove ../..`,
        'rsync --server -logDtpre.iLsfxCIvu . /tmp/',
        // A path outside the snapshot folder hidden behind one inside it: rrsync checks every path.
        `rsync --server --sender -logDtpre.iLsfxCIvu . /etc/passwd ${join(work.path, '.cache', 'kura')}/redis-x/`,
        // Only the Redis named on the key's line (another port the server can reach is refused).
        `kura-redis-rdb x 127.0.0.1 ${silentPort} - no`,
      ]) {
        const r = await exec(cmd, {});
        expect(r.code, cmd).not.toBe(0);
        expect(r.stdout, cmd).not.toContain('root:');
      }
      await expect(stat(marker)).rejects.toThrow();
      // Nothing outside ~/.cache/kura was made either.
      expect((await readdir(work.path)).sort()).not.toContain('x');
    });
  });
});
