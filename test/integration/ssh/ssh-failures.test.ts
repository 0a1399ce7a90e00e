/**
 * Every SSH failure the admin can meet, against the shop world's real sshd: each stops the run
 * with its own code, a message naming the facts (host, port, user, key file, forwarded address), a
 * hint, the right category (only network failures are retried), and nothing published.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../electron/engine/config/config-store.js';
import { runJob, type RunResult } from '../../../electron/engine/jobs/run-job.js';
import { createMemorySecretStore } from '../../../electron/engine/secrets/secret-store.js';
import { createToolResolver } from '../../../electron/engine/tools/resolve-tool.js';
import { newEd25519KeyPair, pinHostKey, probeHostKey } from '../../../electron/engine/tools/ssh/index.js';
import { canMakeNamespaces, startShopWorld, type ShopWorld } from '../../harness/shop-world.js';
import { tempDir } from '../../harness/tmp.js';
import { FLAWED_PAIR, flawedEncryptedPair } from '../../fixtures/flawed-ssh-key.js';
import { renderLoose } from '../../../electron/shared/messages/render.js';

const can = canMakeNamespaces();
if (!can.ok && process.env['CI']) throw new Error(`CI must be able to build the shop world: ${can.reason}`);

describe.skipIf(!can.ok)('SSH failures, each in the admin’s words', () => {
  let world: ShopWorld;
  let work: Awaited<ReturnType<typeof tempDir>>;
  let home: string;
  let strangerKey: string;
  const tools = createToolResolver();

  beforeAll(async () => {
    world = await startShopWorld();
    work = await tempDir('kura-ssh-fail-');
    home = join(work.path, 'home');
    await mkdir(home);
    for (const port of [22, 10022]) await pinHostKey(home, world.address, port, await probeHostKey(world.address, port));
    strangerKey = join(work.path, 'stranger');
    await writeFile(strangerKey, newEd25519KeyPair({}).private, { mode: 0o600 });
  });
  afterAll(async () => {
    await world?.stop();
    await work?.cleanup();
  });

  const run = async (ssh: Record<string, unknown>, sources: Array<Record<string, unknown>>, secrets: Record<string, string> = {}, published = false): Promise<RunResult> => {
    const dest = join(work.path, `dest-${Math.random().toString(36).slice(2)}`);
    await mkdir(dest); // the backup disk exists before a job uses it
    const config = parseConfig({
      version: 1,
      jobs: [{ id: 'shop', name: 'Shop', destination: { path: dest }, ssh: { host: world.address, port: 10022, user: world.keyUser.name, ...ssh }, sources }],
    });
    const r = await runJob({ home, secrets: createMemorySecretStore(secrets), tools, now: () => new Date(), kuraVersion: 'test' }, config.jobs[0]!, { trigger: 'manual' });
    // Nothing is published unless some item worked (then only that item, in a partial snapshot).
    if (!published) {
      expect(r.snapshot).toBeNull();
      expect((await readdir(join(dest, 'shop')).catch(() => [])).filter((n) => /^\d{4}-/.test(n))).toEqual([]);
    }
    return r;
  };
  const files = [{ id: 'www', type: 'files', via: 'ssh', from: '/tmp/' }];
  const mysqlAt = (host: string, port: number) => [
    { id: 'db', type: 'mysql', via: 'ssh', host, port, user: 'kura_backup', passwordRef: 'my', databases: ['shop'] },
  ];

  it('nothing listening on the port: ssh-connect-refused, a network failure (retried)', async () => {
    const r = await run({ port: 2222, keyPath: world.keyUser.keyPath }, files);
    expect(r.error).toMatchObject({ code: 'ssh-connect-refused', category: 'network' });
    expect(r.error!.message).toContain(`${world.address} port 2222`);
    expect(r.error!.hint).toMatch(/10022/);
  });

  it('a key the server does not know: ssh-key-refused, naming the key and the user', async () => {
    const r = await run({ keyPath: strangerKey }, files);
    expect(r.error).toMatchObject({ code: 'ssh-key-refused', category: 'auth' });
    expect(r.error!.message).toContain(strangerKey);
    expect(r.error!.message).toContain(world.keyUser.name);
    expect(r.error!.hint).toContain('authorized_keys');
  });

  it('a missing key file: ssh-key-unreadable', async () => {
    const r = await run({ keyPath: join(work.path, 'nope') }, files);
    expect(r.error).toMatchObject({ code: 'ssh-key-unreadable', category: 'config' });
  });

  it('a key an earlier Kura made with the generator\'s flaw (1 in 256): ssh-key-flawed, with the way on, in Japanese too', async () => {
    const key = join(work.path, 'flawed_ed25519');
    await writeFile(key, FLAWED_PAIR.private, { mode: 0o600 });
    const r = await run({ keyPath: key }, files);
    expect(r.error).toMatchObject({ code: 'ssh-key-flawed', category: 'config' });
    expect(r.error!.message).toContain(key);
    expect(r.error!.hint).toContain('Make a key for Kura');
    const ja = renderLoose('ja', r.error!.code, r.error!.params ?? {});
    expect(ja.message).toContain('以前の Kura');
    expect(ja.hint).toContain('Kura 用の鍵を作る');
    // As the wizard made them: encrypted, its passphrase in the keychain — or not stored, or wrong:
    // no passphrase helps such a key, so none is asked for.
    const locked = join(work.path, 'flawed_locked_ed25519');
    await writeFile(locked, flawedEncryptedPair('wizard pp').private, { mode: 0o600 });
    for (const secrets of [{ pp: 'wizard pp' }, {}, { pp: 'not it' }] as Array<Record<string, string>>) {
      const e = await run({ keyPath: locked, ...(Object.keys(secrets).length ? { passphraseRef: 'pp' } : {}) }, files, secrets);
      expect(e.error).toMatchObject({ code: 'ssh-key-flawed', category: 'config' });
    }
  });

  it('a damaged key file: ssh-key-unreadable, and no English of ssh2\'s in the Japanese sentence', async () => {
    const whole = newEd25519KeyPair({}).private.split('\n');
    const key = join(work.path, 'damaged_ed25519');
    // Cut short (a copy that stopped early): the armour is whole, the key inside is not.
    await writeFile(key, [...whole.slice(0, 3), ...whole.slice(-2)].join('\n'), { mode: 0o600 });
    const r = await run({ keyPath: key }, files);
    expect(r.error).toMatchObject({ code: 'ssh-key-unreadable', category: 'config', params: { reason: 'ssh-key-file-damaged' } });
    const ja = renderLoose('ja', r.error!.code, r.error!.params ?? {});
    expect(ja.message).toContain('壊れている');
    // Without the file's own path, no English word is left (ssh2's "Malformed OpenSSH private key" was).
    expect(ja.message.replace(key, '')).not.toMatch(/[A-Za-z]{5,}/);
  });

  it('a wrong passphrase: ssh-passphrase-wrong; none stored: ssh-passphrase-missing', async () => {
    const wrong = await run({ keyPath: world.passphraseKey.keyPath, passphraseRef: 'pp' }, files, { pp: 'not the passphrase' });
    expect(wrong.error).toMatchObject({ code: 'ssh-passphrase-wrong', category: 'auth' });
    expect(wrong.error!.message).toContain(world.passphraseKey.keyPath);
    const none = await run({ keyPath: world.passphraseKey.keyPath }, files);
    expect(none.error).toMatchObject({ code: 'ssh-passphrase-missing', category: 'config' });
  });

  it('a refused password: ssh-password-refused, and only one attempt', async () => {
    const logBefore = ((await world.sshdLog()).match(/Failed password/g) ?? []).length;
    const r = await run({ port: 22, user: world.passwordUser.name, passwordRef: 'pw' }, files, { pw: 'wrong password' });
    expect(r.error).toMatchObject({ code: 'ssh-password-refused', category: 'auth' });
    expect(r.error!.message).toContain(world.passwordUser.name);
    expect(((await world.sshdLog()).match(/Failed password/g) ?? []).length - logBefore).toBe(1);
  });

  it('the database host unreachable from the SSH server: ssh-forward-target-unreachable, naming what and where', async () => {
    const port = await run({ keyPath: world.keyUser.keyPath }, mysqlAt('127.0.0.1', 3307), { my: world.mysql.password });
    expect(port.error).toMatchObject({ code: 'ssh-forward-target-unreachable', category: 'network' });
    expect(port.error!.message).toContain('MySQL at 127.0.0.1:3307');
    const name = await run({ keyPath: world.keyUser.keyPath }, mysqlAt('mysql-internal.invalid', 3306), { my: world.mysql.password });
    expect(name.error).toMatchObject({ code: 'ssh-forward-target-unreachable' });
    expect(name.error!.message).toContain('mysql-internal.invalid:3306');
  });

  it('forwarding forbidden by the server (AllowTcpForwarding no): the database fails with ssh-forwarding-forbidden, the files are still backed up (partial)', async () => {
    await world.restartSshd({ allowTcpForwarding: false });
    try {
      const r = await run({ keyPath: world.keyUser.keyPath }, [...files.map((f) => ({ ...f, from: world.siteDir + '/' })), ...mysqlAt('127.0.0.1', 3306)], { my: world.mysql.password }, true);
      // The files come; the database fails on its own with the reason: a partial snapshot.
      expect(r.status).toBe('partial');
      const db = r.items.find((i) => i.type === 'mysql')!;
      expect(db.status).toBe('failed');
      expect(db.error).toMatchObject({ code: 'ssh-forwarding-forbidden', category: 'config' });
      expect(db.error!.message).toContain('127.0.0.1:3306');
      expect(db.error!.hint).toMatch(/AllowTcpForwarding/);
      expect(r.items.find((i) => i.source === 'www')?.status).toBe('ok');
    } finally {
      await world.restartSshd({ allowTcpForwarding: true });
    }
  });

  it('a wrong MySQL password through the tunnel is MySQL’s own error, naming the server as the SSH server sees it', async () => {
    const r = await run({ keyPath: world.keyUser.keyPath }, mysqlAt('127.0.0.1', 3306), { my: 'wrong' });
    expect(r.error!.code).toMatch(/^mysql-/);
    expect(r.error!.message).toContain(`127.0.0.1:3306 (ssh://${world.address})`);
  });
});
