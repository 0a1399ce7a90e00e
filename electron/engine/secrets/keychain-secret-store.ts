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

export function createKeychainSecretStore(service = KEYCHAIN_SERVICE): SecretStore {
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
      throw unavailable(`${what}: the keychain module could not be loaded (${(err as Error).message})`, err);
    }
    try {
      return await fn(k);
    } catch (err) {
      throw unavailable(`${what}: ${(err as Error).message}`, err);
    }
  };
  return {
    get: (ref) => guard(`Reading "${ref}" from the keychain failed`, (k) => k.getPassword(service, ref)),
    set: (ref, value) => guard(`Saving "${ref}" in the keychain failed`, (k) => k.setPassword(service, ref, value)),
    delete: (ref) => guard(`Deleting "${ref}" from the keychain failed`, (k) => k.deletePassword(service, ref)),
  };
}

function unavailable(message: string, cause: unknown): KuraError {
  return new KuraError({
    code: 'keychain-unavailable',
    category: 'config',
    message,
    hint:
      'Kura stores passwords only in the OS keychain and never in plain text. On Linux, install and unlock a Secret Service ' +
      '(gnome-keyring or KeePassXC) in your desktop session; on a headless server run Kura inside `dbus-run-session` with ' +
      '`gnome-keyring-daemon --unlock`.',
    cause,
  });
}
