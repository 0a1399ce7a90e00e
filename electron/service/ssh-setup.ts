/**
 * The wizard's SSH step: show the server's key for confirmation, pin it, test the login, and make a
 * key pair for Kura on request. The same engine pieces a backup uses (tools/ssh), so a green test
 * means the night's run connects with exactly these settings.
 *
 * A generated private key is written encrypted (OpenSSH format, aes256-ctr + bcrypt) to
 * `$KURA_HOME/ssh/<jobId>_ed25519`; its random passphrase goes only to the keychain, so no readable
 * secret lands on disk. The file is an ordinary OpenSSH key (`ssh -i` works with the passphrase).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KuraError } from '../engine/errors.js';
import { ServerLink } from '../engine/jobs/server-link.js';
import type { SecretStore } from '../engine/secrets/secret-store.js';
import { TEST_CONNECT_SECONDS } from '../engine/tools/answer-timeouts.js';
import { fingerprintOf, newEd25519KeyPair, normalizeFingerprint, pinHostKey, pinnedKeys, probeHostKey } from '../engine/tools/ssh/index.js';
import type { SshConnectionDto, SshHostKeyDto, SshKeyDto } from '../shared/ipc-contract.js';
import { homeLayout } from '../engine/home-layout.js';

export interface SshSetupDeps {
  home: string;
  secrets: SecretStore;
  signal?: AbortSignal;
}

export async function sshHostKey(deps: SshSetupDeps, input: { host: string; port: number }): Promise<SshHostKeyDto> {
  const shown = await probeHostKey(input.host, input.port, { connectTimeoutMs: TEST_CONNECT_SECONDS * 1000, ...(deps.signal ? { signal: deps.signal } : {}) });
  const pinned = (await pinnedKeys(deps.home, input.host, input.port)).map((k) => fingerprintOf(k.blob));
  const status = pinned.includes(shown.fingerprint) ? 'trusted' : pinned.length > 0 ? 'changed' : 'unknown';
  return { host: input.host, port: input.port, fingerprint: shown.fingerprint, type: shown.type, status, pinned };
}

export async function sshTrust(deps: SshSetupDeps, input: { host: string; port: number; fingerprint: string }): Promise<SshHostKeyDto> {
  const wanted = normalizeFingerprint(input.fingerprint);
  const shown = await probeHostKey(input.host, input.port, { connectTimeoutMs: TEST_CONNECT_SECONDS * 1000, ...(deps.signal ? { signal: deps.signal } : {}) });
  if (wanted !== shown.fingerprint) {
    throw new KuraError({ code: 'ssh-fingerprint-mismatch', params: { host: input.host, port: input.port, shown: shown.fingerprint, wanted: input.fingerprint }, category: 'config' });
  }
  await pinHostKey(deps.home, input.host, input.port, shown);
  return sshHostKey(deps, input);
}

/** Logs in with the settings (key or password from the keychain) and logs out: the wizard's test. */
export async function sshTest(deps: SshSetupDeps, ssh: SshConnectionDto): Promise<{ user: string; fingerprint: string }> {
  const link = new ServerLink({
    home: deps.home,
    jobId: 'new',
    ssh: { ...ssh },
    secret: async (ref) => (ref === undefined ? null : await secretOrMissing(deps.secrets, ref)),
    signal: deps.signal,
    connectTimeoutMs: TEST_CONNECT_SECONDS * 1000,
  });
  try {
    const conn = await link.connection();
    return { user: conn.login.user, fingerprint: fingerprintOf(conn.hostKey.blob) };
  } finally {
    await link.close();
  }
}

export async function generateSshKey(deps: SshSetupDeps, jobId: string): Promise<SshKeyDto> {
  const passphrase = randomBytes(24).toString('base64url');
  const pair = newEd25519KeyPair({ comment: `kura-${jobId}`, passphrase, cipher: 'aes256-ctr', rounds: 16 });
  const dir = homeLayout.sshDir(deps.home);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const keyPath = join(dir, `${jobId}_ed25519`);
  const passphraseRef = `${jobId}-ssh-key-passphrase`;
  // The keychain first: a key on disk whose passphrase was never stored would be useless.
  await deps.secrets.set(passphraseRef, passphrase);
  const fh = await open(keyPath, 'w', 0o600);
  try {
    await fh.writeFile(pair.private);
  } finally {
    await fh.close();
  }
  await writeFile(`${keyPath}.pub`, pair.public.trim() + '\n', { mode: 0o644 });
  return { keyPath, passphraseRef, publicKey: pair.public.trim() };
}

async function secretOrMissing(secrets: SecretStore, ref: string): Promise<string> {
  const v = await secrets.get(ref);
  if (v === null) {
    throw new KuraError({ code: 'secret-missing~test', params: { ref }, category: 'auth' });
  }
  return v;
}
