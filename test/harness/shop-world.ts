/**
 * The shop world: a shop's server the way small shops really have one, for integration, fault and
 * end-to-end tests and the benchmark.
 *
 * A network namespace (netns.ts) joined to this machine by a veth pair holds:
 *   - Debian's OpenSSH server, started by the harness as `sshd -D -f <own config>` on the
 *     namespace's address, ports 22 and 10022, with host keys generated for this world;
 *   - MariaDB and Redis bound to the namespace's 127.0.0.1 on 3306 and 6379 only;
 *   - the site's files (a folder on the shared filesystem, owned by the SSH key user).
 * From this side only the SSH ports are reachable (the harness's own test asserts it).
 *
 * Accounts, as the shop would have them: an SSH user logging in with a key, one with a password
 * (both real Unix accounts, removed afterwards), the least-privilege MySQL backup account and the
 * Redis ACL user exactly as Kura's own server-setup prints them, plus admin accounts for restores.
 *
 * Faults: `killSshd()` (the listener and every session it forked, mid-transfer), `setLink(false)`
 * (the cable pulled), `restartSshd({ allowTcpForwarding: false })`, `regenerateHostKey()`.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { newEd25519KeyPair } from '../../electron/engine/tools/ssh/key-pair.js';
import { startProcess, runProcess, type RunningProcess } from '../../electron/engine/process/run-process.js';
import { accountsFor, backupUserSql, restoreGrantSql } from '../../electron/engine/server-setup/mysql-snippets.js';
import { redisAclRule } from '../../electron/engine/server-setup/redis-snippets.js';
import { startMariaDb, type MariaDbServer } from './mariadb.js';
import { canMakeNamespaces, createNetns, sweepLeftovers, type LinkShape, type Netns, type ShapeResult } from './netns.js';
import { startNsRelay, type NsRelay } from './ns-relay.js';
import type { ServerNetwork } from './ports.js';
import { startRedis, type RedisServer } from './redis.js';
import { tempDir } from './tmp.js';

export { canMakeNamespaces, type LinkShape } from './netns.js';

export const SSH_PORTS = [22, 10022] as const;
export const MYSQL_PORT = 3306;
export const REDIS_PORT = 6379;

/** The usual link and a bad day, as the issue gives them. */
export const LINKS = {
  internet: { delayMs: 10, rateMbit: 100 },
  badDay: { delayMs: 40, rateMbit: 10, lossPercent: 0.5 },
} satisfies Record<string, LinkShape>;

export interface ShopWorldOptions {
  /** Fill MariaDB (`shop`), Redis and the site with a small shop (default true). */
  seed?: boolean;
  /** sshd's AllowTcpForwarding at start (default true). */
  allowTcpForwarding?: boolean;
  /** Don't start MariaDB / Redis (tests about SSH alone). */
  databases?: boolean;
}

export interface ShopWorld {
  ns: Netns;
  /** The server's address as Kura sees it. */
  address: string;
  dir: string;
  /** The website on the server (owned by the key user). */
  siteDir: string;
  keyUser: { name: string; keyPath: string; publicKey: string; home: string };
  /** The same user's second key, protected by `passphrase`. */
  passphraseKey: { keyPath: string; passphrase: string; publicKey: string };
  passwordUser: { name: string; password: string; home: string };
  /** Kura's backup accounts, from server-setup's own SQL and ACL rule. */
  mysql: { server: MariaDbServer; user: string; password: string; restoreUser: string; restorePassword: string };
  redis: { server: RedisServer; user: string; password: string; adminPassword: string };
  /** "SHA256:…" of the current host key, as `ssh-keygen -lf` prints it. */
  fingerprint(): Promise<string>;
  /** The host key line (`ssh-ed25519 AAAA…`). */
  hostKey(): Promise<string>;
  sshdLog(): Promise<string>;
  /** Replaces a user's authorized_keys (e.g. a restricted line from server-setup). */
  setAuthorizedKeys(user: string, lines: string[]): Promise<void>;
  restartSshd(opts?: { allowTcpForwarding?: boolean }): Promise<void>;
  /** SIGKILL for sshd and every session process it forked: every connection drops at once. */
  killSshd(): Promise<void>;
  regenerateHostKey(): Promise<void>;
  shape(link: LinkShape | null): Promise<ShapeResult>;
  setLink(up: boolean): Promise<void>;
  /** Sessions sshd is serving right now (children of the listener). */
  sshSessions(): number[];
  stop(): Promise<void>;
}

let swept = false;

export async function startShopWorld(opts: ShopWorldOptions = {}): Promise<ShopWorld> {
  const can = canMakeNamespaces();
  if (!can.ok) throw new Error(`shop world unavailable: ${can.reason}`);
  if (!swept) {
    swept = true;
    sweepLeftovers();
  }
  const ns = await createNetns();
  const tmp = await tempDir('kura-shop-world-');
  const cleanups: Array<() => Promise<void>> = [];
  let sshd: RunningProcess | null = null;
  const users: string[] = [];
  try {
    const dir = tmp.path;
    await chmod(dir, 0o755);
    const tag = ns.name.slice('kshop-'.length);
    const keyUserName = `kshk-${tag}`;
    const pwUserName = `kshp-${tag}`;
    const password = `pw ${randomToken()} パス`;

    // --- accounts
    for (const [name, home] of [[keyUserName, join(dir, 'home', 'web')], [pwUserName, join(dir, 'home', 'pw')]] as const) {
      await mkdir(home, { recursive: true });
      await retryLocked(() => run('useradd', ['-M', '-d', home, '-s', '/bin/sh', name]));
      users.push(name);
      const id = await run('id', ['-u', name]);
      await chown(home, Number(id.trim()), Number((await run('id', ['-g', name])).trim()));
      await chmod(home, 0o755);
    }
    await run('usermod', ['-p', '*', keyUserName]);
    await retryLocked(() => run('chpasswd', [], `${pwUserName}:${password}\n`));

    // --- client keys (made like Kura makes one: tools/ssh/key-pair.ts, OpenSSH format)
    const clientDir = join(dir, 'client');
    await mkdir(clientDir, { recursive: true, mode: 0o700 });
    const plain = newEd25519KeyPair({ comment: 'kura-test-key' });
    const passphrase = `pp ${randomToken()}`;
    const locked = newEd25519KeyPair({ comment: 'kura-test-passphrase', passphrase, cipher: 'aes256-ctr', rounds: 16 });
    const keyPath = join(clientDir, 'id_ed25519');
    const lockedPath = join(clientDir, 'id_ed25519_pp');
    await writeFile(keyPath, plain.private, { mode: 0o600 });
    await writeFile(lockedPath, locked.private, { mode: 0o600 });
    await writeFile(`${keyPath}.pub`, plain.public.trim() + '\n');
    await writeFile(`${lockedPath}.pub`, locked.public.trim() + '\n');

    const akDir = join(dir, 'authorized_keys');
    await mkdir(akDir, { recursive: true, mode: 0o755 });
    const setAuthorizedKeys = async (user: string, lines: string[]) => {
      await writeFile(join(akDir, user), lines.join('\n') + '\n', { mode: 0o644 });
    };
    await setAuthorizedKeys(keyUserName, [plain.public.trim(), locked.public.trim()]);
    await setAuthorizedKeys(pwUserName, []);

    // --- site
    const siteDir = join(dir, 'www');
    await mkdir(siteDir, { recursive: true });
    if (opts.seed !== false) await seedSite(siteDir);
    const webUid = Number((await run('id', ['-u', keyUserName])).trim());
    const webGid = Number((await run('id', ['-g', keyUserName])).trim());
    await chownTree(siteDir, webUid, webGid);

    // --- sshd
    const sshDir = join(dir, 'sshd');
    await mkdir(sshDir, { recursive: true, mode: 0o755 });
    await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
    const hostKeyPath = join(sshDir, 'ssh_host_ed25519_key');
    const logPath = join(sshDir, 'sshd.log');
    const makeHostKey = async () => {
      await runProcess({ file: 'rm', args: ['-f', hostKeyPath, `${hostKeyPath}.pub`] });
      await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'shop-world', '-f', hostKeyPath]);
    };
    await makeHostKey();
    let forwarding = opts.allowTcpForwarding !== false;
    const writeConfig = async () => {
      const lines = [
        ...SSH_PORTS.map((p) => `ListenAddress ${ns.nsAddress}:${p}`),
        `HostKey ${hostKeyPath}`,
        `PidFile ${join(sshDir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${akDir}/%u`,
        'PubkeyAuthentication yes',
        'PasswordAuthentication yes',
        'KbdInteractiveAuthentication no',
        'UsePAM no',
        'PermitRootLogin no',
        `AllowUsers ${keyUserName} ${pwUserName}`,
        'StrictModes no',
        `AllowTcpForwarding ${forwarding ? 'yes' : 'no'}`,
        'LogLevel VERBOSE',
        'MaxStartups 50:30:100',
        'MaxSessions 20',
        'Subsystem sftp internal-sftp',
      ];
      await writeFile(join(sshDir, 'sshd_config'), lines.join('\n') + '\n');
    };
    const startSshd = async () => {
      await writeConfig();
      const w = ns.wrap('/usr/sbin/sshd', ['-D', '-E', logPath, '-f', join(sshDir, 'sshd_config')]);
      sshd = startProcess(w, { stdout: 'ignore' });
      await waitForSshd(ns, sshd);
    };
    const stopSshd = async (signal: NodeJS.Signals) => {
      const proc = sshd;
      if (!proc) return;
      sshd = null;
      const pids = proc.pid === undefined ? [] : [proc.pid, ...descendants(proc.pid)];
      for (const p of pids) {
        try {
          process.kill(p, signal);
        } catch {
          /* gone */
        }
      }
      await proc.result.catch(() => {});
    };
    cleanups.push(() => stopSshd('SIGKILL'));
    await startSshd();

    // --- databases, in the namespace
    const relay: NsRelay = await startNsRelay(ns, dir);
    cleanups.push(() => relay.stop());
    const network = (port: number): ServerNetwork => ({ wrap: ns.wrap, port, reach: relay.reach });
    const mysqlPassword = `my ${randomToken()}`;
    const restorePassword = `re ${randomToken()}`;
    const redisPassword = randomToken();
    const redisAdminPassword = randomToken();
    let mariadb: MariaDbServer | null = null;
    let redis: RedisServer | null = null;
    if (opts.databases !== false) {
      [mariadb, redis] = await Promise.all([
        startMariaDb({ network: network(MYSQL_PORT) }),
        startRedis({
          network: network(REDIS_PORT),
          password: redisAdminPassword,
          aclUsers: [{ name: 'kura-backup', password: redisPassword, rules: aclRules(redisAclRule('kura-backup', redisPassword)) }],
        }),
      ]);
      cleanups.push(() => redis!.stop(), () => mariadb!.stop());
      if (opts.seed !== false) await seedDatabases(mariadb, redis);
      // Kura's own server-setup output, as the admin would paste it (sshd connects from 127.0.0.1).
      const accounts = accountsFor('kura_backup', '127.0.0.1', null);
      await mariadb.sql(backupUserSql(accounts, mysqlPassword, ['shop']));
      const restoreAccounts = accountsFor('kura_restore', '127.0.0.1', null);
      await mariadb.sql(backupUserSql(restoreAccounts, restorePassword, ['shop']) + restoreGrantSql(restoreAccounts, ['shop']).grant);
    }

    const hostKey = async () => (await readFile(`${hostKeyPath}.pub`, 'utf8')).trim().split(/\s+/).slice(0, 2).join(' ');
    const world: ShopWorld = {
      ns,
      address: ns.nsAddress,
      dir,
      siteDir,
      keyUser: { name: keyUserName, keyPath, publicKey: plain.public.trim(), home: join(dir, 'home', 'web') },
      passphraseKey: { keyPath: lockedPath, passphrase, publicKey: locked.public.trim() },
      passwordUser: { name: pwUserName, password, home: join(dir, 'home', 'pw') },
      mysql: { server: mariadb!, user: 'kura_backup', password: mysqlPassword, restoreUser: 'kura_restore', restorePassword },
      redis: { server: redis!, user: 'kura-backup', password: redisPassword, adminPassword: redisAdminPassword },
      hostKey,
      async fingerprint() {
        const blob = Buffer.from((await hostKey()).split(' ')[1]!, 'base64');
        return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
      },
      sshdLog: () => readFile(logPath, 'utf8').catch(() => ''),
      setAuthorizedKeys,
      async restartSshd(o = {}) {
        await stopSshd('SIGTERM');
        if (o.allowTcpForwarding !== undefined) forwarding = o.allowTcpForwarding;
        await startSshd();
      },
      killSshd: () => stopSshd('SIGKILL'),
      async regenerateHostKey() {
        await stopSshd('SIGTERM');
        await makeHostKey();
        await startSshd();
      },
      shape: (link) => ns.shape(link),
      setLink: (up) => ns.setLink(up),
      sshSessions: () => (sshd?.pid === undefined ? [] : descendants(sshd.pid)),
      async stop() {
        for (const c of cleanups.reverse()) await c().catch(() => {});
        cleanups.length = 0;
        await ns.remove();
        for (const u of users) await retryLocked(() => run('userdel', ['-f', u])).catch(() => {});
        await tmp.cleanup();
      },
    };
    return world;
  } catch (e) {
    for (const c of cleanups.reverse()) await c().catch(() => {});
    await ns.remove();
    for (const u of users) spawnSync('userdel', ['-f', u]);
    await tmp.cleanup();
    throw e;
  }
}

/** The rules of a server-setup ACL line (`user NAME on >PASSWORD rules…`) after the password. */
function aclRules(line: string): string {
  const m = /^user \S+ on >\S+ (.*)$/.exec(line);
  if (!m) throw new Error(`unexpected ACL line shape: ${line.replace(/>\S+/, '>***')}`);
  return m[1]!;
}

function randomToken(): string {
  return createHash('sha256').update(`${process.pid}-${Date.now()}-${Math.random()}`).digest('base64url').slice(0, 20);
}

async function run(file: string, args: string[], input?: string): Promise<string> {
  const r = await runProcess({ file, args }, input === undefined ? {} : { input });
  if (r.exitCode !== 0) throw new Error(`${file} ${args.join(' ')}: exit ${r.exitCode}: ${r.stderr}`);
  return r.stdout;
}

/** useradd/userdel/chpasswd refuse while another test file holds /etc/passwd's lock: try again. */
async function retryLocked<T>(fn: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= 40 || !/lock|try again/i.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
}

async function chownTree(root: string, uid: number, gid: number): Promise<void> {
  await chown(root, uid, gid);
  for (const e of readdirSync(root, { withFileTypes: true })) {
    const p = join(root, e.name);
    if (e.isDirectory()) await chownTree(p, uid, gid);
    else await chown(p, uid, gid);
  }
}

/** Every process below `pid` (sshd's per-connection children and their privilege-separated halves). */
export function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(name), ppid);
    } catch {
      /* exited meanwhile */
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of parentOf) {
      if (parent === p) {
        out.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return out;
}

async function waitForSshd(ns: Netns, proc: RunningProcess): Promise<void> {
  let exited = false;
  void proc.result.then(() => (exited = true), () => (exited = true));
  const { connect } = await import('node:net');
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`sshd exited at start: ${(await proc.result).stderr}`);
    const banner = await new Promise<string>((resolve) => {
      const s = connect({ host: ns.nsAddress, port: SSH_PORTS[1] });
      let got = '';
      s.setTimeout(2000, () => s.destroy());
      s.on('data', (d) => {
        got += d.toString();
        if (got.includes('\n')) s.destroy();
      });
      s.on('error', () => {});
      s.on('close', () => resolve(got));
    });
    if (banner.startsWith('SSH-2.0-')) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('sshd did not answer on its port');
}

/** A small shop website: PHP, images, uploads with Japanese names, a name with a quote and brackets. */
async function seedSite(siteDir: string): Promise<void> {
  const files: Record<string, string | Buffer> = {
    'index.php': '<?php echo "いらっしゃいませ";\n',
    'images/logo.png': Buffer.alloc(4096, 7),
    'wp-content/uploads/2024/商品写真.jpg': Buffer.alloc(20_000, 3),
    "wp-content/uploads/O'Neil [2024]/receipt.pdf": Buffer.from('%PDF-1.4 receipt\n'),
    'wp-content/cache/page.html': '<html>cached</html>\n',
  };
  for (const [rel, content] of Object.entries(files)) {
    const p = join(siteDir, rel);
    await mkdir(join(p, '..'), { recursive: true });
    await writeFile(p, content);
  }
}

async function seedDatabases(mariadb: MariaDbServer, redis: RedisServer): Promise<void> {
  const rows = Array.from({ length: 200 }, (_, i) => `(${i + 1}, '抹茶ラテ ${i + 1}', ${100 + i * 10})`).join(',\n');
  await mariadb.sql(`
    CREATE DATABASE shop CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    USE shop;
    CREATE TABLE products (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, price INT NOT NULL) ENGINE=InnoDB;
    INSERT INTO products VALUES ${rows};
    CREATE TABLE orders (id INT AUTO_INCREMENT PRIMARY KEY, product_id INT NOT NULL, qty INT NOT NULL, note TEXT) ENGINE=InnoDB;
    INSERT INTO orders (product_id, qty, note) VALUES (1, 2, 'ギフト包装'), (5, 1, NULL), (7, 3, 'express 🚚');
    CREATE VIEW cheap_products AS SELECT id, name FROM products WHERE price < 200;
    CREATE TRIGGER orders_qty BEFORE INSERT ON orders FOR EACH ROW SET NEW.qty = GREATEST(NEW.qty, 1);
  `);
  const c = await redis.client();
  try {
    for (let i = 0; i < 50; i++) await c.command('SET', `session:${i}`, `user-${i}`);
    await c.command('HSET', 'cart:42', 'item', '抹茶ラテ', 'qty', '2');
  } finally {
    await c.close();
  }
}
