/**
 * The setup wizard's SSH pieces against the shop world, through the service functions the UI calls:
 * the server key shown before anything is sent, pinned only as shown, the login test, "Test
 * connection" of each source through SSH, and a key Kura generates (its passphrase only in the
 * keychain) that works once its line is in authorized_keys.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemorySecretStore } from '../../../electron/engine/secrets/secret-store.js';
import { createToolResolver } from '../../../electron/engine/tools/resolve-tool.js';
import { testFiles, testMysql, testRedis } from '../../../electron/service/source-tests.js';
import { generateSshKey, sshHostKey, sshTest, sshTrust } from '../../../electron/service/ssh-setup.js';
import { parseConfig } from '../../../electron/engine/config/config-store.js';
import { runJob } from '../../../electron/engine/jobs/run-job.js';
import { ServerLink } from '../../../electron/engine/jobs/server-link.js';
import { restoreFilesItem } from '../../../electron/engine/restore/files-restore.js';
import { buildServerSetup } from '../../../electron/engine/server-setup/server-setup.js';
import { detectRsync } from '../../../electron/engine/tools/rsync/index.js';
import { pinHostKey, probeHostKey } from '../../../electron/engine/tools/ssh/index.js';
import { canMakeNamespaces, startShopWorld, type ShopWorld } from '../../harness/shop-world.js';
import { tempDir } from '../../harness/tmp.js';

const can = canMakeNamespaces();
if (!can.ok && process.env['CI']) throw new Error(`CI must be able to build the shop world: ${can.reason}`);

describe.skipIf(!can.ok)('the wizard’s SSH step and Test connection through SSH', () => {
  let world: ShopWorld;
  let work: Awaited<ReturnType<typeof tempDir>>;
  let home: string;
  const secrets = createMemorySecretStore();
  const tools = createToolResolver();

  beforeAll(async () => {
    world = await startShopWorld();
    work = await tempDir('kura-wizard-ssh-');
    home = join(work.path, 'home');
    await mkdir(home);
    await secrets.set('pw', world.passwordUser.password);
    await secrets.set('my', world.mysql.password);
    await secrets.set('rd', world.redis.password);
  });
  afterAll(async () => {
    await world?.stop();
    await work?.cleanup();
  });

  const ssh = () => ({ host: world.address, port: 22, user: world.passwordUser.name, passwordRef: 'pw' });

  it('shows the server key first, and pins only the fingerprint the server really shows', async () => {
    const shown = await sshHostKey({ home, secrets }, { host: world.address, port: 22 });
    expect(shown).toMatchObject({ status: 'unknown', fingerprint: await world.fingerprint(), type: 'ssh-ed25519', pinned: [] });
    await expect(sshTest({ home, secrets }, ssh())).rejects.toMatchObject({ code: 'ssh-host-key-unknown' });
    await expect(sshTrust({ home, secrets }, { host: world.address, port: 22, fingerprint: 'SHA256:' + 'B'.repeat(43) })).rejects.toMatchObject({ code: 'ssh-fingerprint-mismatch' });
    expect(await sshTrust({ home, secrets }, { host: world.address, port: 22, fingerprint: shown.fingerprint })).toMatchObject({ status: 'trusted' });
    expect(await sshTest({ home, secrets }, ssh())).toEqual({ user: world.passwordUser.name, fingerprint: shown.fingerprint });
  });

  it('tests each source through SSH: the site folder, MySQL with its privileges, Redis', async () => {
    const deps = { tools: async () => tools, secrets, home };
    const f = await testFiles(deps, { from: `${world.siteDir}/`, via: 'ssh', ssh: ssh() });
    expect(f.entries).toEqual(['images/', 'wp-content/', 'index.php']);
    const m = await testMysql(deps, { host: '127.0.0.1', port: 3306, user: world.mysql.user, passwordRef: 'my', databases: ['shop'], via: 'ssh', ssh: ssh() });
    expect(m.databases).toContain('shop');
    expect(m.missingPrivileges).toEqual([]);
    const r = await testRedis(deps, { host: '127.0.0.1', port: 6379, username: world.redis.user, passwordRef: 'rd', via: 'ssh', ssh: ssh() });
    expect(r.keysPerDb).toEqual({ '0': 51 });
    await expect(testMysql(deps, { host: '127.0.0.1', port: 3307, user: 'x', databases: [], via: 'ssh', ssh: ssh() })).rejects.toMatchObject({ code: 'ssh-forward-target-unreachable' });
  });

  it('generates a key whose private half is encrypted on disk, its passphrase only in the keychain; it logs in once registered', async () => {
    const key = await generateSshKey({ home, secrets }, 'shop');
    expect(key.publicKey).toMatch(/^ssh-ed25519 AAAA\S+ kura-shop$/);
    expect((await stat(key.keyPath)).mode & 0o777).toBe(0o600);
    const passphrase = (await secrets.get(key.passphraseRef))!;
    expect(passphrase.length).toBeGreaterThan(20);
    const onDisk = await readFile(key.keyPath, 'utf8');
    expect(onDisk).not.toContain(passphrase);
    expect(onDisk).toMatch(/BEGIN OPENSSH PRIVATE KEY/);
    const keyLogin = { host: world.address, port: 22, user: world.keyUser.name, keyPath: key.keyPath, passphraseRef: key.passphraseRef };
    await expect(sshTest({ home, secrets }, keyLogin)).rejects.toMatchObject({ code: 'ssh-key-refused' });
    await world.setAuthorizedKeys(world.keyUser.name, [world.keyUser.publicKey, key.publicKey]);
    expect(await sshTest({ home, secrets }, keyLogin)).toMatchObject({ user: world.keyUser.name });
  });
});

describe.skipIf(!can.ok)('server-setup’s authorized_keys line for the job’s key', () => {
  const tools = createToolResolver();
  let world: ShopWorld;
  let work: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    world = await startShopWorld();
    work = await tempDir('kura-ak-');
    await mkdir(join(work.path, 'dest')); // the backup disk exists before a job uses it
  });
  afterAll(async () => {
    await world?.stop();
    await work?.cleanup();
  });

  it('lets the backup through and nothing else: rsync read-only in the site, forwards only to the job’s databases, no shell', async () => {
    const home = join(work.path, 'home');
    await mkdir(home);
    const job = parseConfig({
      version: 1,
      jobs: [
        {
          id: 'shop',
          name: 'Shop',
          destination: { path: join(work.path, 'dest') },
          ssh: { host: world.address, port: 22, user: world.keyUser.name, keyPath: world.keyUser.keyPath },
          sources: [
            { id: 'www', type: 'files', via: 'ssh', from: `${world.siteDir}/` },
            { id: 'db', type: 'mysql', via: 'ssh', host: '127.0.0.1', port: 3306, user: world.mysql.user, passwordRef: 'my', databases: ['shop'] },
            { id: 'cache', type: 'redis', via: 'ssh', host: '127.0.0.1', port: 6379, username: world.redis.user, passwordRef: 'rd' },
          ],
        },
      ],
    }).jobs[0]!;
    const report = buildServerSetup(job, {}, () => ({ ref: 'x', password: 'unused-password-1' }));
    const snippet = report.snippets.find((s) => s.id === 'ssh-key:shop')!;
    expect(snippet.content).toBe(
      `restrict,port-forwarding,permitopen="127.0.0.1:3306",permitopen="127.0.0.1:6379",command="sh .ssh/kura-gate.sh ${world.siteDir} 127.0.0.1:6379" ${world.keyUser.publicKey}\n`,
    );
    // The gate first, as the admin saves it from Server setup (owned by the SSH user, like the rest of its home).
    const gate = report.snippets.find((s) => s.id === 'ssh-gate:shop')!;
    expect(report.snippets.indexOf(gate)).toBeLessThan(report.snippets.indexOf(snippet));
    await mkdir(join(world.keyUser.home, '.ssh'), { recursive: true });
    await writeFile(join(world.keyUser.home, '.ssh', 'kura-gate.sh'), gate.content, { mode: 0o700 });
    await world.ns.exec('chown', ['-R', world.keyUser.name, join(world.keyUser.home, '.ssh')]);
    await world.setAuthorizedKeys(world.keyUser.name, [snippet.content.trim()]);
    await pinHostKey(home, world.address, 22, await probeHostKey(world.address, 22));

    const secrets2 = createMemorySecretStore({ my: world.mysql.password, rd: world.redis.password });
    const r = await runJob({ home, secrets: secrets2, tools, now: () => new Date(), kuraVersion: 'test' }, job, { trigger: 'manual' });
    expect(r.error, await readFile(r.logFile, 'utf8')).toBeNull();
    expect(r.items.map((i) => i.status)).toEqual(['ok', 'ok', 'ok']);
    // The next night the gate lets the server write Redis's snapshot: only the changes cross the link.
    await new Promise((res) => setTimeout(res, 1100));
    const r2 = await runJob({ home, secrets: secrets2, tools, now: () => new Date(), kuraVersion: 'test' }, job, { trigger: 'manual' });
    const log2 = await readFile(r2.logFile, 'utf8');
    expect(r2.error, log2).toBeNull();
    expect(r2.items.map((i) => i.status)).toEqual(['ok', 'ok', 'ok']);
    expect(log2).toContain('wrote the snapshot itself');
    expect(log2).toMatch(/crossed the link/);

    // The same key cannot open a shell, reach another port, or write.
    const link = new ServerLink({ home, jobId: 'shop', ssh: job.ssh, secret: async () => null });
    try {
      const conn = await link.connection();
      const shell = await conn.exec('cat /etc/passwd');
      expect(shell.stdout).not.toContain('root:');
      // Nor slip a command into the gate's own words.
      for (const cmd of ['kura-redis-rdb x;cat${IFS}/etc/passwd 127.0.0.1 6379 - no', 'kura-redis-rdb x $(cat${IFS}/etc/passwd) 6379 - no', "sh -c 'cat /etc/passwd'"]) {
        const r = await conn.exec(cmd);
        expect(r.code, cmd).not.toBe(0);
        expect(r.stdout + r.stderr, cmd).not.toContain('root:');
      }
      await expect(conn.forward('127.0.0.1', 22, 'SSH')).rejects.toMatchObject({ code: 'ssh-forwarding-forbidden' });
    } finally {
      await link.close();
    }
    const restore = await restoreFilesItem({
      client: await detectRsync(tools),
      item: { source: 'www', type: 'files', path: 'files/www', from: '', files: 0, bytes: 0, durationMs: 0, warnings: [], torn: [] },
      snapshotPath: r.snapshot!.path,
      target: { kind: 'source', location: { kind: 'ssh', user: world.keyUser.name, host: world.address, path: `${world.siteDir}/` }, password: null, shell: () => new ServerLink({ home, jobId: 'shop', ssh: job.ssh, secret: async () => null }).rsyncShell() },
      subPath: '',
      mirror: false,
      exclude: [],
    });
    expect(restore.status).toBe('failed');
  });
});
