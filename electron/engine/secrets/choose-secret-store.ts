/**
 * The secret store every entry point uses (the app, `kura`, `kura daemon`, `kura serve`): the OS
 * keychain, with systemd credentials in front of it when Kura was started by a unit that passes
 * them ($CREDENTIALS_DIRECTORY). Never a plain-text file of Kura's own.
 */
import { createCredentialsSecretStore, credentialsSourceFromEnv } from './credentials-secret-store.js';
import { createKeychainSecretStore } from './keychain-secret-store.js';
import type { SecretStore } from './secret-store.js';

export function createSecretStore(env: NodeJS.ProcessEnv = process.env): SecretStore {
  const keychain = createKeychainSecretStore();
  const credentials = credentialsSourceFromEnv(env);
  return credentials ? createCredentialsSecretStore(credentials, keychain) : keychain;
}
