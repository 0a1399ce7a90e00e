/**
 * `setup.serverSnippets` through the service's dispatch (validation, defaults, error mapping), on the
 * real engine with a private KURA_HOME and an in-memory keychain: the snippets carry the password
 * that is in the keychain, the default keeps stored passwords, `reusePasswords: false` replaces
 * them (and says so), missing keychain entries are named in config.json, and bad input is refused.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemorySecretStore, type SecretStore } from '../../../electron/engine/secrets/secret-store.js';
import { createKuraService, type KuraService } from '../../../electron/service/kura-service.js';
import type { Result, ServerSetupDto } from '../../../electron/shared/ipc-contract.js';
import { tempDir } from '../../harness/tmp.js';

describe('setup.serverSnippets', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  let service: KuraService;
  let secrets: SecretStore;
  let home: string;

  beforeEach(async () => {
    dir = await tempDir('kura-snippets-');
    home = join(dir.path, 'home');
    // The MySQL source already has a keychain entry with a password; the others have none yet.
    secrets = createMemorySecretStore({ 'shop-db-pw': 'stored-db-password-1234' });
    service = createKuraService({ home, secrets, notifier: { notify() {} }, mode: 'browser', systemLanguage: 'en' });
    const saved = await service.dispatch('jobs.save', [
      {
        id: 'shop',
        name: 'Shop',
        destination: { path: join(dir.path, 'backups') },
        sources: [
          { id: 'site', type: 'files', from: 'kura@web.example.jp::www' },
          { id: 'db', type: 'mysql', host: 'db.example.jp', port: 3306, user: 'kura_backup', passwordRef: 'shop-db-pw', databases: ['shop'] },
          { id: 'cache', type: 'redis', host: 'web.example.jp', port: 6379, method: 'sync' },
        ],
        offsite: [{ id: 'far', to: 'kura@backup.example.jp::offsite' }],
      },
      { createDestination: true },
    ]);
    expect(saved.ok).toBe(true);
  });
  afterEach(async () => {
    await service.stop();
    await dir.cleanup();
  });

  const snippets = async (args: unknown[]): Promise<ServerSetupDto> => {
    const r = (await service.dispatch('setup.serverSnippets', args)) as Result<ServerSetupDto>;
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value;
  };
  const snippet = (dto: ServerSetupDto, id: string) => {
    const s = dto.snippets.find((x) => x.id === id);
    if (!s) throw new Error(`no snippet ${id} in ${dto.snippets.map((x) => x.id).join(', ')}`);
    return s;
  };

  it('keeps stored passwords by default, stores new ones where there were none, and names them in config.json', async () => {
    const dto = await snippets(['shop', {}]);
    expect(dto.jobId).toBe('shop');
    expect(dto.snippets.map((s) => s.id)).toEqual([
      'rsyncd-module:site',
      'rsyncd-secrets:site',
      'rsyncd-restore-module:site',
      'rsyncd-restore-secrets:site',
      'mysql-backup-user:db',
      'mysql-restore-user:db',
      'redis-acl:cache',
      'rsyncd-module:offsite:far',
      'rsyncd-secrets:offsite:far',
    ]);

    // The stored MySQL password was reused: the SQL creates the account with it.
    expect(snippet(dto, 'mysql-backup-user:db').content).toContain('stored-db-password-1234');
    expect(dto.passwords).toContainEqual({ ref: 'shop-db-pw', for: { code: 'setup-for-source', params: { source: 'db', job: 'shop' } }, change: 'kept' });

    // The others are new, in the keychain, and exactly what the snippets print.
    const sitePw = await secrets.get('shop-site');
    const cachePw = await secrets.get('shop-cache');
    const farPw = await secrets.get('shop-offsite-far');
    expect(sitePw).toMatch(/^\S{20,}$/);
    expect(snippet(dto, 'rsyncd-secrets:site').content).toBe(`kura:${sitePw}\n`);
    expect(snippet(dto, 'redis-acl:cache').content).toContain(`>${cachePw}`);
    expect(snippet(dto, 'rsyncd-secrets:offsite:far').content).toBe(`kura:${farPw}\n`);
    expect(snippet(dto, 'rsyncd-secrets:site').then.join('\n')).toContain('chmod 600');
    expect(snippet(dto, 'rsyncd-module:offsite:far').content).toMatch(/read only\s*=\s*no/);
    expect(dto.passwords.filter((p) => p.change === 'new').map((p) => p.ref).sort()).toEqual(['shop-cache', 'shop-offsite-far', 'shop-site']);

    const config = JSON.parse(await readFile(join(home, 'config.json'), 'utf8')) as { jobs: Array<{ sources: Array<{ id: string; passwordRef?: string }> }> };
    expect(config.jobs[0]!.sources.find((s) => s.id === 'site')!.passwordRef).toBe('shop-site');
    expect(dto.configChanges.length).toBe(3);

    // Asking again keeps every password: the same lines, nothing to change on the servers.
    const again = await snippets(['shop', {}]);
    expect(again.passwords.every((p) => p.change === 'kept')).toBe(true);
    expect(snippet(again, 'rsyncd-secrets:site').content).toBe(`kura:${sitePw}\n`);
    expect(again.configChanges).toEqual([]);
  });

  it('keeps a stored Redis password with a space, written as its SHA-256 (an ACL line ends `>pass word` at the space)', async () => {
    await secrets.set('shop-cache', 'Redis pass 1');
    const dto = await snippets(['shop', {}]);
    expect(await secrets.get('shop-cache')).toBe('Redis pass 1');
    const rule = snippet(dto, 'redis-acl:cache').content;
    expect(rule).toContain(` #${createHash('sha256').update('Redis pass 1').digest('hex')} `);
    expect(rule).not.toContain('Redis pass');
    expect(dto.passwords).toContainEqual(expect.objectContaining({ ref: 'shop-cache', change: 'kept' }));
  });

  it('replaces the stored passwords with new ones when asked, and reports them as replaced', async () => {
    await snippets(['shop', {}]);
    const before = await secrets.get('shop-site');
    const dto = await snippets(['shop', { reusePasswords: false, allow: '203.0.113.7' }]);
    const after = await secrets.get('shop-site');
    expect(after).not.toBe(before);
    expect(await secrets.get('shop-db-pw')).not.toBe('stored-db-password-1234');
    expect(snippet(dto, 'rsyncd-secrets:site').content).toBe(`kura:${after}\n`);
    expect(dto.passwords.map((p) => p.change)).toEqual(['replaced', 'replaced', 'replaced', 'replaced']);
    expect(snippet(dto, 'rsyncd-module:site').content).toContain('hosts allow = 203.0.113.7');
    expect(snippet(dto, 'mysql-backup-user:db').content).toContain("'kura_backup'@'203.0.113.7'");
  });

  it('refuses a bad address list, an unknown job and a malformed call with the engine\'s words', async () => {
    const bad = await service.dispatch('setup.serverSnippets', ['shop', { allow: 'x; rm -rf /' }]);
    expect(bad).toMatchObject({ ok: false, error: { code: 'usage' } });
    expect(await secrets.get('shop-site')).toBeNull();

    const unknown = await service.dispatch('setup.serverSnippets', ['nope', {}]);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'job-not-found' } });

    const malformed = await service.dispatch('setup.serverSnippets', ['shop', { reusePasswords: 'yes' }]);
    expect(malformed).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
  });
});
