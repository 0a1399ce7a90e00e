/**
 * A shop reached the way shops really are: only SSH is open, MariaDB and Redis listen on the
 * server's own 127.0.0.1. The real `kura` CLI, the real keychain, the shop world's sshd.
 *
 *   key login on port 10022 (least-privilege backup accounts from server-setup):
 *     unpinned key → exit 1, ssh-host-key-unknown, nothing published → ssh-trust → backup →
 *     verify --restore-test through the forward → the host key changes → exit 1,
 *     ssh-host-key-changed, nothing published;
 *   password login on port 22 (a restore-capable account): backup, then restore of each source
 *     through SSH only (files into the site, a dropped table, a flushed Redis), each verified.
 * Every run is watched: no secret in any process's argv or environment.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeychainSecretStore } from '../../../electron/engine/secrets/keychain-secret-store.js';
import { runKura } from '../../harness/kura-cli.js';
import { watchSecrets } from '../../harness/secret-watch.js';
import { canMakeNamespaces, startShopWorld, type ShopWorld } from '../../harness/shop-world.js';
import { tempDir } from '../../harness/tmp.js';

const can = canMakeNamespaces();
if (!can.ok && process.env['CI']) throw new Error(`CI must be able to build the shop world: ${can.reason}`);

interface RunJson {
  status: string;
  snapshot: { id: string; path: string } | null;
  items: Array<{ source: string; type: string; status: string }>;
  error: { code: string; message: string; hint: string | null } | null;
}
interface RestoreJson {
  status: string;
  verification: Array<{ check: string; ok: boolean; detail: string }>;
  error: { code: string; message: string } | null;
}

describe.skipIf(!can.ok)('a shop reached only through SSH', () => {
  let world: ShopWorld;
  let work: Awaited<ReturnType<typeof tempDir>>;
  let env: Record<string, string>;
  let secrets: string[];
  const dest = () => join(work.path, 'backups');

  const writeJob = async (job: Record<string, unknown>) => {
    await writeFile(join(env['KURA_HOME']!, 'config.json'), JSON.stringify({ version: 1, jobs: [job] }, null, 2));
  };
  const keyJob = () => ({
    id: 'shop',
    name: 'Shop over SSH',
    destination: { path: dest() },
    ssh: { host: world.address, port: 10022, user: world.keyUser.name, keyPath: world.passphraseKey.keyPath, passphraseRef: 'sshj-ssh-passphrase' },
    sources: [
      { id: 'www', type: 'files', via: 'ssh', from: `${world.siteDir}/`, exclude: ['cache/'] },
      { id: 'db', type: 'mysql', via: 'ssh', host: '127.0.0.1', port: 3306, user: world.mysql.user, passwordRef: 'sshj-mysql', databases: ['shop'] },
      { id: 'cache', type: 'redis', via: 'ssh', host: '127.0.0.1', port: 6379, username: world.redis.user, passwordRef: 'sshj-redis' },
    ],
    retention: { keepLast: 5, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 },
  });
  const snapshotIds = async (jobId = 'shop') => (await readdir(join(dest(), jobId)).catch(() => [] as string[])).sort();

  beforeAll(async () => {
    world = await startShopWorld();
    work = await tempDir('kura-ssh-journey-');
    await mkdir(join(work.path, 'backups')); // the backup disk exists before a job uses it
    env = { KURA_HOME: join(work.path, 'home') };
    await mkdir(env['KURA_HOME']!);
    const store = createKeychainSecretStore();
    await store.set('sshj-ssh-passphrase', world.passphraseKey.passphrase);
    await store.set('sshj-ssh-password', world.passwordUser.password);
    await store.set('sshj-mysql', world.mysql.password);
    await store.set('sshj-mysql-restore', world.mysql.restorePassword);
    await store.set('sshj-redis', world.redis.password);
    await store.set('sshj-redis-admin', world.redis.adminPassword);
    secrets = [world.passphraseKey.passphrase, world.passwordUser.password, world.mysql.password, world.mysql.restorePassword, world.redis.password, world.redis.adminPassword];
  });

  afterAll(async () => {
    await world?.stop();
    await work?.cleanup();
  });

  it('refuses a server whose key nobody confirmed: exit 1, ssh-host-key-unknown with the fingerprint, nothing published', async () => {
    await writeJob(keyJob());
    const r = await runKura(['run', 'shop', '--json'], env);
    const out = r.json as RunJson;
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(out.error?.code).toBe('ssh-host-key-unknown');
    expect(out.error?.message).toContain(await world.fingerprint());
    expect(out.error?.hint).toContain(`kura ssh-trust shop --fingerprint ${await world.fingerprint()}`);
    expect(out.snapshot).toBeNull();
    expect((await snapshotIds()).filter((n) => !n.startsWith('.') && n !== '.kura-lock')).toEqual([]);
    // No credential was offered to an unconfirmed server: sshd saw no authentication attempt at all.
    expect(await world.sshdLog()).not.toMatch(/Accepted|Failed publickey|Postponed/);
  });

  it('ssh-trust pins only the key the server really shows, and never without a person', async () => {
    const wrong = await runKura(['ssh-trust', 'shop', '--fingerprint', 'SHA256:' + 'A'.repeat(43), '--json'], env);
    expect(wrong.code).toBe(2);
    expect((wrong.json as RunJson).error?.code).toBe('ssh-fingerprint-mismatch');
    const piped = await runKura(['ssh-trust', 'shop'], env, 'yes\n');
    expect(piped.code).toBe(2);
    expect(piped.stderr).toContain(await world.fingerprint());
    expect(piped.stderr).toContain('--fingerprint');
    const ok = await runKura(['ssh-trust', 'shop', '--fingerprint', await world.fingerprint(), '--json'], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.json).toMatchObject({ status: 'trusted', fingerprint: await world.fingerprint() });
    const known = await readFile(join(env['KURA_HOME']!, 'ssh', 'known_hosts'), 'utf8');
    expect(known).toContain(`[${world.address}]:10022 ssh-ed25519 `);
  });

  it('backs up files, MySQL and Redis through one SSH connection (key with passphrase, port 10022), secrets never in argv or environment', async () => {
    const watch = watchSecrets(secrets);
    const r = await runKura(['run', 'shop', '--json'], env);
    const hits = await watch.stop();
    const out = r.json as RunJson;
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(out.items.map((i) => `${i.type}:${i.source}:${i.status}`)).toEqual(['files:www:ok', 'mysql:db:ok', 'redis:cache:ok']);
    expect(hits).toEqual([]);
    // The watch really saw Kura's processes: rsync and its SSH proxy (the dump is too quick to catch reliably).
    expect(watch.commands().join('\n')).toMatch(/kura-ssh-proxy\.cjs .*rsync --server/);

    const snap = out.snapshot!.path;
    expect(await readFile(join(snap, 'files/www/wp-content/uploads/2024/商品写真.jpg'))).toHaveLength(20_000);
    expect(await readFile(join(snap, "files/www/wp-content/uploads/O'Neil [2024]/receipt.pdf"), 'utf8')).toContain('receipt');
    const manifest = JSON.parse(await readFile(join(snap, 'manifest.json'), 'utf8'));
    const byType = Object.fromEntries(manifest.items.map((i: { type: string }) => [i.type, i]));
    expect(byType.mysql).toMatchObject({ database: 'shop', tables: ['orders', 'products'], rowCounts: { orders: 3, products: 200 } });
    expect(byType.redis.keysPerDb).toEqual({ '0': 51 });
    // One login for the whole run.
    expect((await world.sshdLog()).match(/Accepted publickey/g)).toHaveLength(1);
    // The forwards were only for the run: nothing of Kura's listens any more.
    const log = await readFile(join(env['KURA_HOME']!, 'logs', 'shop', (await readdir(join(env['KURA_HOME']!, 'logs', 'shop'))).sort().at(-1)!), 'utf8');
    for (const s of secrets) expect(log).not.toContain(s);
  });

  it('proves the snapshot restorable through the forward (verify --restore-test)', async () => {
    // The least-privilege backup account cannot create the scratch database: use the restore account.
    const job = keyJob();
    (job.sources[1] as Record<string, unknown>)['user'] = world.mysql.restoreUser;
    (job.sources[1] as Record<string, unknown>)['passwordRef'] = 'sshj-mysql-restore';
    await writeJob(job);
    await world.mysql.server.sql("GRANT CREATE, DROP, ALTER, INDEX, INSERT, CREATE VIEW, CREATE ROUTINE, ALTER ROUTINE, TRIGGER, EVENT, LOCK TABLES, SELECT, SHOW VIEW, REFERENCES ON `shop__kura_verify`.* TO 'kura_restore'@'127.0.0.1'");
    const watch = watchSecrets(secrets);
    const r = await runKura(['verify', 'shop', 'latest', '--restore-test', '--json'], env);
    expect(await watch.stop()).toEqual([]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.json).toMatchObject({ ok: true });
    expect(await world.mysql.server.sql("SHOW DATABASES LIKE 'shop__kura_verify'")).toBe('');
    await writeJob(keyJob());
  });

  it('stops at a changed host key: exit 1, ssh-host-key-changed, nothing published, the good snapshots kept', async () => {
    const before = await snapshotIds();
    const logins = ((await world.sshdLog()).match(/Accepted /g) ?? []).length;
    const old = await world.fingerprint();
    await world.regenerateHostKey();
    await new Promise((r) => setTimeout(r, 1100));
    const r = await runKura(['run', 'shop', '--json'], env);
    const out = r.json as RunJson;
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(out.error?.code).toBe('ssh-host-key-changed');
    expect(out.error?.message).toContain(await world.fingerprint());
    expect(out.error?.message).toContain(old);
    expect(out.snapshot).toBeNull();
    expect(await snapshotIds()).toEqual(before);
    // The key was refused before any credential was sent.
    expect(((await world.sshdLog()).match(/Accepted /g) ?? []).length).toBe(logins);
    // Confirming the new key lets the next run through.
    expect((await runKura(['ssh-trust', 'shop', '--fingerprint', await world.fingerprint()], env)).code).toBe(0);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await runKura(['run', 'shop', '--json'], env)).code).toBe(0);
  });

  describe('password login on port 22, and restores through SSH', () => {
    const passwordJob = () => ({
      id: 'shop-pw',
      name: 'Shop (password login)',
      destination: { path: dest() },
      ssh: { host: world.address, port: 22, user: world.passwordUser.name, passwordRef: 'sshj-ssh-password' },
      sources: [
        { id: 'www', type: 'files', via: 'ssh', from: `${world.siteDir}/` },
        { id: 'db', type: 'mysql', via: 'ssh', host: '127.0.0.1', port: 3306, user: world.mysql.restoreUser, passwordRef: 'sshj-mysql-restore', databases: ['shop'] },
        { id: 'cache', type: 'redis', via: 'ssh', host: '127.0.0.1', port: 6379, passwordRef: 'sshj-redis-admin' },
      ],
    });

    it('backs up with the password, which never leaves Kura', async () => {
      await writeJob(passwordJob());
      expect((await runKura(['ssh-trust', 'shop-pw', '--fingerprint', await world.fingerprint()], env)).code).toBe(0);
      const watch = watchSecrets(secrets);
      const r = await runKura(['run', 'shop-pw', '--json'], env);
      expect(await watch.stop()).toEqual([]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect((r.json as RunJson).items.map((i) => i.status)).toEqual(['ok', 'ok', 'ok']);
      expect(await world.sshdLog()).toMatch(new RegExp(`Accepted password for ${world.passwordUser.name}`));
    });

    it('restores the files into the site through SSH and proves them', async () => {
      // The password user may write the site for this test (a real shop's site belongs to its SSH user).
      await world.ns.exec('chown', ['-R', world.passwordUser.name, world.siteDir]);
      await rm(join(world.siteDir, 'images'), { recursive: true });
      await writeFile(join(world.siteDir, 'index.php'), 'defaced');
      const watch = watchSecrets(secrets);
      const r = await runKura(['restore', 'shop-pw', 'latest', '--source', 'www', '--yes', '--json'], env);
      expect(await watch.stop()).toEqual([]);
      const out = r.json as RestoreJson;
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(out.status).toBe('success');
      expect(out.verification.every((c) => c.ok)).toBe(true);
      expect(await readFile(join(world.siteDir, 'images', 'logo.png'))).toHaveLength(4096);
      expect(await readFile(join(world.siteDir, 'index.php'), 'utf8')).toContain('いらっしゃいませ');
    });

    it('restores a damaged database through the forward, with a safety dump first', async () => {
      await world.mysql.server.sql('DROP TABLE orders; UPDATE products SET price = 0;', 'shop');
      // Views and triggers were made by root: the least-privilege restore account takes them over.
      const r = await runKura(['restore', 'shop-pw', 'latest', '--source', 'db', '--strip-definers', '--yes', '--json'], env);
      const out = r.json as RestoreJson & { safetyBackup: { path: string } | null };
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(out.status).toBe('success');
      expect(out.safetyBackup).not.toBeNull();
      expect(await world.mysql.server.sql('SELECT COUNT(*) FROM orders; SELECT MIN(price) FROM products;', 'shop')).toBe('3\n100\n');
    });

    it('restores Redis after FLUSHALL through the forward', async () => {
      const c = await world.redis.server.client();
      try {
        await c.command('FLUSHALL');
      } finally {
        await c.close();
      }
      const r = await runKura(['restore', 'shop-pw', 'latest', '--source', 'cache', '--yes', '--json'], env);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect((r.json as RestoreJson).status).toBe('success');
      const c2 = await world.redis.server.client();
      try {
        expect(await c2.command('DBSIZE')).toMatchObject({ value: 51 });
      } finally {
        await c2.close();
      }
    });
  });
});
