/**
 * Where passwords live: the OS keychain (Windows Credential Manager, macOS Keychain, libsecret).
 * The engine only sees this interface, so tests and the browser-mode server can pass their own, and a
 * machine without a keychain gets a clear error instead of a plain-text fallback.
 */
import { KuraError } from '../errors.js';

export interface SecretStore {
  get(ref: string): Promise<string | null>;
  set(ref: string, value: string): Promise<void>;
  /** True when something was deleted. */
  delete(ref: string): Promise<boolean>;
  /** Where `ref` comes from, for `kura doctor` ("keychain", "systemd credentials (…)"), or null when it is nowhere. */
  sourceOf?(ref: string): Promise<string | null>;
}

/** Where a password comes from, whatever the store says about itself. */
export async function secretSource(store: SecretStore, ref: string): Promise<string | null> {
  if (store.sourceOf) return store.sourceOf(ref);
  return (await store.get(ref)) === null ? null : 'keychain';
}

/** Reads a password that must be there; a missing one is a clear, fixable config error. */
export async function requireSecret(store: SecretStore, ref: string): Promise<string> {
  const value = await store.get(ref);
  if (value === null) {
    throw new KuraError({
      code: 'secret-missing',
      category: 'config',
      message: `No password is stored in the keychain under "${ref}".`,
      hint: `Enter it in the job's settings in Kura, or run: kura secret set ${ref}`,
    });
  }
  return value;
}

/** In-memory store for tests of code that needs secrets but not the keychain itself. */
export function createMemorySecretStore(initial: Record<string, string> = {}): SecretStore {
  const map = new Map(Object.entries(initial));
  return {
    async get(ref) {
      return map.get(ref) ?? null;
    },
    async set(ref, value) {
      map.set(ref, value);
    },
    async delete(ref) {
      return map.delete(ref);
    },
  };
}
