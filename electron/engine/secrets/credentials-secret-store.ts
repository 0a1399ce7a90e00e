/**
 * Passwords for a machine without a desktop keychain (a shop's Linux server running `kura daemon`
 * or `kura serve` under systemd): systemd credentials. The unit that `kura daemon --print-unit`
 * prints names one root-only 0600 file per password ref with `LoadCredential=<ref>:<file>`; systemd
 * copies each into a private, non-swappable folder readable only by the service and passes its path
 * in $CREDENTIALS_DIRECTORY. Kura reads `<dir>/<ref>` and never writes there: the admin changes a
 * password by changing the file named in the unit. Nothing is ever written into config.json.
 *
 * A file's content is the password; one trailing newline (what `echo` and editors add) is not part
 * of it. A ref that is not among the credentials falls through to the keychain (if there is one),
 * and `kura doctor` says which ref comes from where.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { KuraError } from '../errors.js';
import { secretSource, type SecretStore } from './secret-store.js';

/** systemd's credential names: no "/", not "." or "..", at most 255 bytes. Refs are stricter anyway. */
function credentialFile(dir: string, ref: string): string | null {
  if (ref === '' || ref === '.' || ref === '..' || /[/\\\0]/.test(ref) || Buffer.byteLength(ref) > 255) return null;
  return join(dir, ref);
}

export interface CredentialsSource {
  /** What `kura doctor` calls this source. */
  label: string;
  dir: string;
}

/** The systemd credentials folder from the environment, or null when Kura was not started with one. */
export function credentialsSourceFromEnv(env: NodeJS.ProcessEnv): CredentialsSource | null {
  const dir = env['CREDENTIALS_DIRECTORY'];
  if (!dir || !isAbsolute(dir)) return null;
  return { label: 'systemd credentials', dir };
}

/** Reads one credential: its content, or null when there is no file for this ref. */
export async function readCredential(source: CredentialsSource, ref: string): Promise<string | null> {
  const file = credentialFile(source.dir, ref);
  if (file === null) return null;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new KuraError({
      code: 'credential-unreadable',
      category: 'config',
      message: `The password "${ref}" could not be read from ${source.label} (${file}): ${(err as Error).message}`,
      hint: 'Check the LoadCredential= line for it in the Kura unit (kura daemon --print-unit) and that the file it names exists.',
      cause: err,
    });
  }
  return text.replace(/\r?\n$/, '');
}

/**
 * The credentials first, then `fallback` (the keychain) for refs that are not among them. Writes go
 * to the fallback, except for a ref the credentials hold: changing only the keychain copy would be
 * silently ignored at the next run, so that is refused with the fix.
 */
export function createCredentialsSecretStore(source: CredentialsSource, fallback: SecretStore): SecretStore {
  const readOnly = (ref: string): KuraError =>
    new KuraError({
      code: 'credential-read-only',
      category: 'config',
      message: `The password "${ref}" comes from ${source.label} (${join(source.dir, ref)}), which Kura only reads.`,
      hint: `Change the file that the Kura unit names for "${ref}" (its LoadCredential= line), then restart the service.`,
    });
  return {
    async get(ref) {
      const value = await readCredential(source, ref);
      return value ?? fallback.get(ref);
    },
    async set(ref, value) {
      if ((await readCredential(source, ref)) !== null) throw readOnly(ref);
      await fallback.set(ref, value);
    },
    async delete(ref) {
      if ((await readCredential(source, ref)) !== null) throw readOnly(ref);
      return fallback.delete(ref);
    },
    async sourceOf(ref) {
      if ((await readCredential(source, ref)) !== null) return `${source.label} (${join(source.dir, ref)})`;
      return secretSource(fallback, ref);
    },
  };
}
