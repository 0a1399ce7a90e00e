/**
 * The encryption of one job's folder in a bucket.
 *
 * Every object is encrypted to the job's age X25519 identity. That identity is kept two ways:
 *   - in the bucket, as `kura-key.age`: the identity encrypted with the admin's passphrase (age's
 *     scrypt mode), so the passphrase alone restores everything on a new PC (`age -d kura-key.age`);
 *   - in this PC's keychain, so a nightly copy never runs scrypt (≈1 s and 256 MiB by design).
 * The recovery kit prints both the passphrase's purpose and the identity itself: with either, and
 * the bucket, the copies can be decrypted without Kura. Without both, they cannot be decrypted by
 * anyone: that is the point, and the setup says so plainly.
 *
 * Object names and encryption seeds are keyed hashes (HKDF from the identity): the bucket shows
 * neither which files it holds nor which objects are the same file under another key.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import { parseIdentity, type AgeIdentity } from '../../age/age-format.js';

export type JobCrypto =
  | { encrypted: false }
  | {
      encrypted: true;
      identity: AgeIdentity;
      nameKey: Buffer;
      seedKey: Buffer;
    };

export function jobCrypto(identityText: string | null): JobCrypto {
  if (identityText === null) return { encrypted: false };
  const identity = parseIdentity(identityText);
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', identity.secret, Buffer.from('kura-s3/1'), info, 32));
  return { encrypted: true, identity, nameKey: derive('object names'), seedKey: derive('object seeds') };
}

/** The content object's name for a sha256 (hex). */
export function objectName(c: JobCrypto, sha256: string): string {
  return c.encrypted ? createHmac('sha256', c.nameKey).update(`object ${sha256}`).digest('hex') : sha256;
}

/** The seed that makes an object's encryption repeatable (resumable uploads; see age-format.ts). */
export function objectSeed(c: JobCrypto & { encrypted: true }, sha256: string): Buffer {
  return createHmac('sha256', c.seedKey).update(`seed ${sha256}`).digest();
}
