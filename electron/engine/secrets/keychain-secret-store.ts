/**
 * The OS keychain through keytar. keytar is a native module loaded lazily, so commands that need
 * no secret (help, doctor, snapshots) work even where it cannot load.
 */
import { KuraError } from '../errors.js';
import type { SecretStore } from './secret-store.js';

export const KEYCHAIN_SERVICE = 'Kura';

interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export function createKeychainSecretStore(service = KEYCHAIN_SERVICE, platform: NodeJS.Platform = process.platform): SecretStore {
  let keytar: Promise<Keytar> | undefined;
  const load = () => {
    keytar ??= import('keytar').then((m) => (m.default ?? m) as Keytar);
    return keytar;
  };
  const guard = async <T>(what: string, fn: (k: Keytar) => Promise<T>): Promise<T> => {
    let k: Keytar;
    try {
      k = await load();
    } catch (err) {
      throw unavailable(`${what}: the keychain module could not be loaded (${(err as Error).message})`, err, platform);
    }
    try {
      return await fn(k);
    } catch (err) {
      throw unavailable(`${what}: ${(err as Error).message}`, err, platform);
    }
  };
  return {
    get: (ref) => guard(`Reading "${ref}" from the keychain failed`, (k) => k.getPassword(service, ref)),
    set: (ref, value) => guard(`Saving "${ref}" in the keychain failed`, (k) => k.setPassword(service, ref, value)),
    delete: (ref) => guard(`Deleting "${ref}" from the keychain failed`, (k) => k.deletePassword(service, ref)),
    sourceOf: async (ref) => ((await guard(`Reading "${ref}" from the keychain failed`, (k) => k.getPassword(service, ref))) === null ? null : 'keychain'),
  };
}

/** What to do depends on the system's keychain: the hint names this computer's, not Linux's on every OS. */
export function keychainHint(platform: NodeJS.Platform): string {
  switch (platform) {
    case 'win32':
      return (
        'Kura stores passwords only in Windows Credential Manager, never in plain text. Run Kura as the Windows user who saved ' +
        'the passwords (a task in Task Scheduler must run as that user, with "Run whether user is logged on or not"), and ' +
        'check that Credential Manager opens for that user.'
      );
    case 'darwin':
      return 'Kura stores passwords only in the macOS Keychain, never in plain text. Unlock your login keychain in Keychain Access and allow Kura when macOS asks.';
    default:
      return (
        'Kura stores passwords only in the OS keychain, never in plain text. In a desktop session, install and unlock a Secret ' +
        'Service (gnome-keyring or KeePassXC). On a server without a desktop, give `kura daemon` and `kura serve` the passwords ' +
        'as systemd credentials instead: see `kura daemon --print-unit`.'
      );
  }
}

function unavailable(message: string, cause: unknown, platform: NodeJS.Platform): KuraError {
  return new KuraError({ code: 'keychain-unavailable', category: 'config', message, hint: keychainHint(platform), cause });
}
