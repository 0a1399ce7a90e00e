/**
 * The shop world harness itself: only SSH is reachable from Kura's side, both logins work, the
 * databases answer through an SSH forward, shaping really slows the link, and nothing is left
 * behind — not after stop(), and not after a test process that died without cleaning up.
 */
import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'ssh2';
import { readFileSync } from 'node:fs';
import { canMakeNamespaces, startShopWorld, type ShopWorld } from '../../harness/shop-world.js';
import { createNetns, sweepLeftovers } from '../../harness/netns.js';

const can = canMakeNamespaces();
if (!can.ok && process.env['CI']) throw new Error(`CI must be able to build the shop world: ${can.reason}`);

function tcpOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.setTimeout(3000, () => {
      s.destroy();
      resolve(false);
    });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

function sshExec(world: ShopWorld, login: { username: string; privateKey?: Buffer; password?: string }, command: string, port = 22): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    c.on('ready', () => {
      c.exec(command, (err, stream) => {
        if (err) return reject(err);
        let out = '';
        stream.on('data', (d: Buffer) => (out += d.toString()));
        stream.stderr.on('data', () => {});
        stream.on('close', () => {
          c.end();
          resolve(out);
        });
      });
    });
    c.on('error', reject);
    c.connect({ host: world.address, port, ...login, readyTimeout: 15_000 });
  });
}

function sshForwardOut(world: ShopWorld, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    c.on('ready', () => {
      c.forwardOut('127.0.0.1', 0, '127.0.0.1', port, (err, stream) => {
        if (err) {
          c.end();
          return resolve(`refused: reason ${(err as Error & { reason?: unknown }).reason}: ${err.message}`);
        }
        let got = Buffer.alloc(0);
        stream.on('data', (d: Buffer) => {
          got = Buffer.concat([got, d]);
          if (got.length >= 5) {
            stream.close();
            c.end();
            resolve(got.toString('latin1'));
          }
        });
        if (port === 6379) stream.write('PING\r\n');
      });
    });
    c.on('error', reject);
    c.connect({ host: world.address, port: 10022, username: world.keyUser.name, privateKey: readFileSync(world.keyUser.keyPath), readyTimeout: 15_000 });
  });
}

describe.skipIf(!can.ok)('shop world harness', () => {
  let world: ShopWorld;
  beforeAll(async () => {
    world = await startShopWorld();
  });
  afterAll(async () => {
    await world?.stop();
  });

  it('lets Kura reach only the SSH ports: MariaDB and Redis listen on the server’s own 127.0.0.1', async () => {
    expect(await tcpOpen(world.address, 22)).toBe(true);
    expect(await tcpOpen(world.address, 10022)).toBe(true);
    expect(await tcpOpen(world.address, 3306)).toBe(false);
    expect(await tcpOpen(world.address, 6379)).toBe(false);
    // Inside, they are there (the harness's own relay proves the servers run).
    expect(await world.mysql.server.sql('SELECT 1')).toBe('1\n');
  });

  it('logs in with the key and with the password, on the standard and the non-standard port', async () => {
    const key = readFileSync(world.keyUser.keyPath);
    expect(await sshExec(world, { username: world.keyUser.name, privateKey: key }, 'id -un', 10022)).toBe(`${world.keyUser.name}\n`);
    expect(await sshExec(world, { username: world.passwordUser.name, password: world.passwordUser.password }, 'id -un', 22)).toBe(`${world.passwordUser.name}\n`);
    await expect(sshExec(world, { username: world.passwordUser.name, password: 'wrong' }, 'id -un')).rejects.toThrow(/authentication/i);
    // The passphrase key is the key user's second key.
    expect(await sshExec(world, { username: world.keyUser.name, privateKey: readFileSync(world.passphraseKey.keyPath), passphrase: world.passphraseKey.passphrase } as never, 'echo ok')).toBe('ok\n');
  });

  it('reaches MariaDB and Redis through an SSH forward, and refuses forwards when AllowTcpForwarding is no', async () => {
    expect(await sshForwardOut(world, 6379)).toMatch(/^-NOAUTH|^\+PONG|^-ERR/);
    const greeting = await sshForwardOut(world, 3306);
    expect(greeting).toMatch(/MariaDB|\d+\.\d+/);
    await world.restartSshd({ allowTcpForwarding: false });
    try {
      expect(await sshForwardOut(world, 3306)).toMatch(/^refused: reason 1: /);
    } finally {
      await world.restartSshd({ allowTcpForwarding: true });
    }
  });

  it('creates Kura’s least-privilege accounts from server-setup', async () => {
    const grants = await world.mysql.server.sql("SHOW GRANTS FOR 'kura_backup'@'127.0.0.1'");
    expect(grants).toContain('GRANT SELECT, LOCK TABLES, SHOW VIEW, EVENT, TRIGGER ON `shop`.*');
    const c = await world.redis.server.client();
    try {
      const r = await c.command('ACL', 'GETUSER', 'kura-backup');
      const text = (v: unknown): string[] =>
        typeof v !== 'object' || v === null ? [] : 'items' in v ? (v as { items: unknown[] }).items.flatMap(text) : 'value' in v ? [String((v as { value: unknown }).value)] : [];
      expect(text(r).join(' ')).toContain('-@all');
    } finally {
      await c.close();
    }
  });

  it('shapes the link: 2 MB at 10 Mbit/s take at least 1.4 s', async () => {
    const applied = await world.shape({ delayMs: 20, rateMbit: 10 });
    try {
      const key = readFileSync(world.keyUser.keyPath);
      const t0 = Date.now();
      const out = await sshExec(world, { username: world.keyUser.name, privateKey: key }, 'head -c 2000000 /dev/zero', 22);
      const ms = Date.now() - t0;
      expect(out.length).toBe(2_000_000);
      expect(ms).toBeGreaterThan(1400);
      console.log(`shaping: ${applied.method} (delay ${applied.delayApplied ? 'applied' : 'NOT available in this kernel'}), 2 MB in ${ms} ms`);
    } finally {
      await world.shape(null);
    }
  });

  it('regenerates the host key between runs', async () => {
    const before = await world.fingerprint();
    await world.regenerateHostKey();
    expect(await world.fingerprint()).not.toBe(before);
    expect(await world.fingerprint()).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    const seen = await new Promise<string>((resolve, reject) => {
      const c = new Client();
      c.on('error', (e) => (e.message.includes('verification') ? undefined : reject(e)));
      c.connect({
        host: world.address,
        port: 22,
        username: 'x',
        hostVerifier: (key: Buffer) => {
          resolve(key.toString('base64'));
          return false;
        },
      });
    });
    expect(await world.hostKey()).toContain(seen);
  });
});

describe.skipIf(!can.ok)('shop world cleanup', () => {
  it('leaves no namespace, veth or user behind after stop()', async () => {
    const world = await startShopWorld({ databases: false, seed: false });
    const { name, hostIf } = world.ns;
    const users = [world.keyUser.name, world.passwordUser.name];
    await world.stop();
    expect(spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout).not.toContain(name);
    expect(spawnSync('ip', ['link', 'show', hostIf]).status).not.toBe(0);
    for (const u of users) expect(spawnSync('id', [u]).status).not.toBe(0);
  });

  it('sweeps what a crashed test process left (its PID is gone), and only that', async () => {
    const dead = spawnSync('true').pid!;
    const name = `kshop-${dead.toString(36)}-1`;
    const veth = `kh${dead.toString(36)}-1a`;
    spawnSync('ip', ['netns', 'add', name]);
    spawnSync('ip', ['link', 'add', veth, 'type', 'veth', 'peer', 'name', `kh${dead.toString(36)}-1b`]);
    spawnSync('useradd', ['-M', `kshk-${dead.toString(36)}-1`]);
    const mine = await createNetns();
    try {
      sweepLeftovers();
      expect(spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout).not.toContain(name);
      expect(spawnSync('ip', ['link', 'show', veth]).status).not.toBe(0);
      expect(spawnSync('id', [`kshk-${dead.toString(36)}-1`]).status).not.toBe(0);
      // This process's own namespace is alive and stays.
      expect(spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout).toContain(mine.name);
    } finally {
      await mine.remove();
    }
  });
});
