/** systemd credentials in front of the keychain: read-only, one trailing newline dropped, refs outside fall through. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCredentialsSecretStore, credentialsSourceFromEnv } from '../../../electron/engine/secrets/credentials-secret-store.js';
import { createMemorySecretStore, secretSource } from '../../../electron/engine/secrets/secret-store.js';
import { tempDir } from '../../harness/tmp.js';

describe('systemd credentials secret store', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    dir = await tempDir('kura-creds-');
    await mkdir(join(dir.path, 'creds'));
    await writeFile(join(dir.path, 'creds', 'shop-mysql'), 'pa ss\n');
    await writeFile(join(dir.path, 'creds', 'two-lines'), 'a\nb\r\n');
  });
  afterEach(() => dir.cleanup());

  it('is used only when $CREDENTIALS_DIRECTORY is an absolute folder', () => {
    expect(credentialsSourceFromEnv({})).toBeNull();
    expect(credentialsSourceFromEnv({ CREDENTIALS_DIRECTORY: 'relative' })).toBeNull();
    expect(credentialsSourceFromEnv({ CREDENTIALS_DIRECTORY: '/run/credentials/kura.service' })).toEqual({ label: 'systemd credentials', dir: '/run/credentials/kura.service' });
  });

  it('reads a credential (one trailing newline is not part of it), falls through to the keychain, never writes the credentials', async () => {
    const keychain = createMemorySecretStore({ 'shop-redis': 'from-keychain' });
    const store = createCredentialsSecretStore({ label: 'systemd credentials', dir: join(dir.path, 'creds') }, keychain);
    expect(await store.get('shop-mysql')).toBe('pa ss');
    expect(await store.get('two-lines')).toBe('a\nb');
    expect(await store.get('shop-redis')).toBe('from-keychain');
    expect(await store.get('../etc/passwd')).toBe(null);
    await expect(store.set('shop-mysql', 'x')).rejects.toMatchObject({ code: 'credential-read-only' });
    await expect(store.delete('shop-mysql')).rejects.toMatchObject({ code: 'credential-read-only' });
    await store.set('new-ref', 'v');
    expect(await keychain.get('new-ref')).toBe('v');
    expect(await secretSource(store, 'shop-mysql')).toBe(`systemd credentials (${join(dir.path, 'creds', 'shop-mysql')})`);
    expect(await secretSource(store, 'shop-redis')).toBe('keychain');
    expect(await secretSource(store, 'nowhere')).toBeNull();
  });
});
