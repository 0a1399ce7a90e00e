/**
 * The OS keychain through keytar. keytar is a native module loaded lazily, so commands that need
 * no secret (help, doctor, snapshots) work even where it cannot load.
 */
import { msg, nestedMessage, type MessageData } from '../../shared/messages/index.js';
import { render } from '../../shared/messages/render.js';
import { type KuraError, kuraError } from '../errors.js';
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
  const guard = async <T>(what: MessageData, fn: (k: Keytar) => Promise<T>): Promise<T> => {
    let k: Keytar;
    try {
      k = await load();
    } catch (err) {
      throw unavailable(what, nestedMessage(msg('keychain-module-missing', { reason: (err as Error).message })), err, platform);
    }
    try {
      return await fn(k);
    } catch (err) {
      throw unavailable(what, (err as Error).message, err, platform);
    }
  };
  return {
    get: (ref) => guard(msg('keychain-reading', { ref }), (k) => k.getPassword(service, ref)),
    set: (ref, value) => guard(msg('keychain-saving', { ref }), (k) => k.setPassword(service, ref, value)),
    delete: (ref) => guard(msg('keychain-deleting', { ref }), (k) => k.deletePassword(service, ref)),
    sourceOf: async (ref) => ((await guard(msg('keychain-reading', { ref }), (k) => k.getPassword(service, ref))) === null ? null : 'keychain'),
  };
}

/** The catalogue entry whose advice names this computer's keychain. */
function keychainEntry(platform: NodeJS.Platform): 'keychain-unavailable~windows' | 'keychain-unavailable~mac' | 'keychain-unavailable' {
  return platform === 'win32' ? 'keychain-unavailable~windows' : platform === 'darwin' ? 'keychain-unavailable~mac' : 'keychain-unavailable';
}

/** What to do depends on the system's keychain: the hint names this computer's, not Linux's on every OS (English). */
export function keychainHint(platform: NodeJS.Platform): string {
  return render('en', keychainEntry(platform), { what: '', reason: '' }).hint ?? '';
}

function unavailable(what: MessageData, reason: string, cause: unknown, platform: NodeJS.Platform): KuraError {
  return kuraError(keychainEntry(platform), { what: nestedMessage(what), reason }, 'config', { cause });
}
