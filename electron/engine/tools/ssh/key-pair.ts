/**
 * A new ed25519 key pair in OpenSSH format: the wizard's "make a key for Kura" (service/ssh-setup.ts)
 * and the keys of the tests' shop world.
 *
 * Why not ssh2's generateKeyPairSync alone: it takes the public key out of its DER bit string by
 * stripping every leading zero byte — the bit string's "unused bits" byte, and then any zero byte the
 * key itself begins with. One key in 256 begins with one and comes out 31 bytes long, in the public
 * line and inside the private file alike: ssh2 then refuses the private key ("Malformed OpenSSH
 * private key"; a CI run's SSH tests, 2026-12-07, with a key the harness had made) and OpenSSH refuses
 * the public line. Such a pair is thrown away and another made, so a key is still drawn uniformly,
 * from the keys that do not begin with a zero byte.
 */
import { keyTypeOf } from './known-hosts.js';
import { utils } from './ssh2-lib.js';

export interface KeyPairOptions {
  comment?: string;
  /** Encrypts the private key (OpenSSH's bcrypt KDF and `cipher`). */
  passphrase?: string;
  cipher?: string;
  rounds?: number;
}

export interface KeyPair {
  /** The private key file's text (-----BEGIN OPENSSH PRIVATE KEY-----). */
  private: string;
  /** The public key line: "ssh-ed25519 AAAA… comment". */
  public: string;
}

const ED25519_PUBLIC_BYTES = 32;
/** A bad pair is 1 in 256: 8 in a row is 2^-64; more means the generator itself is broken. */
const MAX_TRIES = 8;

export type Ed25519Generator = (type: 'ed25519', options: KeyPairOptions) => KeyPair;

/** The length of the key in an ed25519 wire-format blob (string "ssh-ed25519", string key), or -1. */
function ed25519KeyBytes(blob: Buffer): number {
  if (keyTypeOf(blob) !== 'ssh-ed25519') return -1;
  const at = 4 + 'ssh-ed25519'.length;
  if (blob.length < at + 4) return -1;
  const keyLength = blob.readUInt32BE(at);
  return blob.length === at + 4 + keyLength ? keyLength : -1;
}

/** The length of the key in a public line ("ssh-ed25519 AAAA… comment"), or -1. */
export function ed25519PublicLength(line: string): number {
  return ed25519KeyBytes(Buffer.from(line.trim().split(/\s+/)[1] ?? '', 'base64'));
}

export function newEd25519KeyPair(options: KeyPairOptions, generate: Ed25519Generator = utils.generateKeyPairSync): KeyPair {
  for (let i = 0; i < MAX_TRIES; i++) {
    const pair = generate('ed25519', options);
    if (ed25519PublicLength(pair.public) === ED25519_PUBLIC_BYTES) return { private: pair.private, public: pair.public };
  }
  throw new Error(`ssh2 made ${MAX_TRIES} ed25519 keys in a row whose public key is not ${ED25519_PUBLIC_BYTES} bytes`);
}

/**
 * Whether a private key file is such a pair's private half: an OpenSSH key file whose ed25519 public
 * key (kept unencrypted in the file's header, also when the key itself is encrypted) is shorter than
 * 32 bytes. Kura made these before it checked (1 in 256 of its keys); ssh2 cannot read them and
 * OpenSSH does not accept their public line, so the only way on is a new key.
 */
export function isTruncatedEd25519KeyFile(text: Buffer | string): boolean {
  const m = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(Buffer.isBuffer(text) ? text.toString('latin1') : text);
  if (!m) return false;
  const data = Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64');
  const magic = Buffer.from('openssh-key-v1\0', 'latin1');
  if (!data.subarray(0, magic.length).equals(magic)) return false;
  let pos = magic.length;
  const string = (): Buffer | null => {
    if (pos + 4 > data.length) return null;
    const n = data.readUInt32BE(pos);
    if (pos + 4 + n > data.length) return null;
    const s = data.subarray(pos + 4, pos + 4 + n);
    pos += 4 + n;
    return s;
  };
  // cipher name, KDF name, KDF options, the number of keys, then the first public key's blob.
  if (!string() || !string() || !string() || pos + 4 > data.length) return false;
  pos += 4;
  const blob = string();
  if (!blob) return false;
  const length = ed25519KeyBytes(blob);
  return length >= 0 && length < ED25519_PUBLIC_BYTES;
}
