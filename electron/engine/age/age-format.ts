/**
 * The age file format (age-encryption.org/v1), so that every object Kura puts in a bucket can be
 * decrypted without Kura: `age -d -i key.txt object.age` (Debian's `age`, the Go reference, or the
 * `age-encryption` npm package, which the tests use to check this code against).
 *
 * Why Kura writes the format itself instead of calling `age-encryption` at run time: that package
 * does its symmetric cryptography in JavaScript (≈ 23 MB/s here, 90 s for one night's 2 GB) and its
 * scrypt holds 256 MiB in the JS heap; Node's own ChaCha20-Poly1305, X25519, HKDF and scrypt do the
 * same in native code (≈ 800 MB/s). The format is small and fully specified:
 *
 *   age-encryption.org/v1
 *   -> X25519 <ephemeral share>          one stanza per recipient: the 16-byte file key, wrapped
 *   <wrapped file key>
 *   --- <HMAC of the header>
 *   <16-byte nonce><payload: 64 KiB chunks, each ChaCha20-Poly1305 with a counter nonce, the last flagged>
 *
 * Two recipient kinds: X25519 keys (every object) and a passphrase (scrypt; only the small key file
 * that wraps the X25519 identity, because each scrypt costs ~1 s and 256 MiB by design).
 *
 * Deterministic encryption (`seed`): the file key, the ephemeral key and the payload nonce are
 * derived from a secret seed instead of drawn at random, so encrypting the same content again gives
 * the same bytes. Kura seeds with a keyed hash of the content: an upload cut off in the middle of
 * a large object resumes part by part, because the parts already on the server are byte for byte
 * what would be sent again. It reveals only that two objects are equal, which content addressing
 * reveals anyway.
 */
import { createCipheriv, createDecipheriv, createHmac, createPrivateKey, createPublicKey, diffieHellman, hkdfSync, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { bech32Decode, bech32Encode } from './bech32.js';

export const AGE_VERSION_LINE = 'age-encryption.org/v1';
const CHUNK = 64 * 1024;
const TAG = 16;
const CHUNK_CT = CHUNK + TAG;
const FILE_KEY_BYTES = 16;
const NONCE_BYTES = 16;
const X25519_LABEL = 'age-encryption.org/v1/X25519';
const SCRYPT_LABEL = 'age-encryption.org/v1/scrypt';
/** age's own default for passphrases; `age -d` accepts it. */
export const DEFAULT_SCRYPT_LOG_N = 18;
/** A header larger than this is not one Kura (or age) writes for a file with a few recipients. */
const MAX_HEADER_BYTES = 64 * 1024;

/** Why a decryption failed, for the caller's own (catalogued) message. */
export type AgeFailure = 'not-age' | 'no-matching-key' | 'wrong-passphrase' | 'damaged' | 'truncated';

export class AgeError extends Error {
  constructor(
    readonly reason: AgeFailure,
    detail: string,
  ) {
    super(detail);
    this.name = 'AgeError';
  }
}

// ---- keys ------------------------------------------------------------------------------------

// Keys go in and out of OpenSSL as JWK: importing a DER key costs ~1 ms in OpenSSL 3 (its decoder
// machinery), a JWK ~0.1 ms, and every object needs two (the ephemeral key, the recipient's).
const BASE_POINT = (() => {
  const b = Buffer.alloc(32);
  b[0] = 9;
  return b;
})();

function privateKeyObject(secret: Buffer) {
  // Node builds an X25519 private key from `d` alone; `x` must be present and is not used.
  return createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d: secret.toString('base64url'), x: BASE_POINT.toString('base64url') }, format: 'jwk' });
}

const publicKeys = new Map<string, ReturnType<typeof createPublicKey>>();
function publicKeyObject(pub: Buffer) {
  const k = pub.toString('base64url');
  let o = publicKeys.get(k);
  if (!o) {
    o = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: k }, format: 'jwk' });
    // Recipients are few (one per job); ephemeral shares are not kept.
    if (publicKeys.size < 64) publicKeys.set(k, o);
  }
  return o;
}

/** X25519(secret, 9): the public key of a secret. */
function publicFromSecret(secret: Buffer): Buffer {
  return diffieHellman({ privateKey: privateKeyObject(secret), publicKey: publicKeyObject(BASE_POINT) });
}
function x25519(secret: Buffer, pub: Buffer): Buffer {
  const shared = diffieHellman({ privateKey: privateKeyObject(secret), publicKey: publicKeyObject(pub) });
  if (shared.every((b) => b === 0)) throw new AgeError('damaged', 'an X25519 share is a low-order point');
  return shared;
}

export interface AgeIdentity {
  /** The 32-byte X25519 secret. */
  secret: Buffer;
  /** The matching public key, raw. */
  publicKey: Buffer;
  /** `age1…`, what `age -r` takes. */
  recipient: string;
}

/** A new X25519 identity, written as age writes it: `AGE-SECRET-KEY-1…`. */
export function generateIdentity(): string {
  return bech32Encode('age-secret-key-', randomBytes(32)).toUpperCase();
}

/** Reads an `AGE-SECRET-KEY-1…` line (surrounding blank lines and `#` comments, as in age's key files, are ignored). */
export function parseIdentity(text: string): AgeIdentity {
  const line = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('#'));
  const d = line ? bech32Decode(line) : null;
  if (!d || d.hrp !== 'age-secret-key-' || d.data.length !== 32) throw new AgeError('not-age', 'not an age X25519 identity (AGE-SECRET-KEY-1…)');
  const secret = Buffer.from(d.data);
  const publicKey = publicFromSecret(secret);
  return { secret, publicKey, recipient: bech32Encode('age', publicKey) };
}

/** The identity as age writes it (AGE-SECRET-KEY-1…). */
export function identityText(id: AgeIdentity): string {
  return bech32Encode('age-secret-key-', id.secret).toUpperCase();
}

/** Reads an `age1…` recipient. */
export function parseRecipient(text: string): Buffer {
  const d = bech32Decode(text.trim());
  if (!d || d.hrp !== 'age' || d.data.length !== 32) throw new AgeError('not-age', 'not an age X25519 recipient (age1…)');
  return Buffer.from(d.data);
}

// ---- header ----------------------------------------------------------------------------------

interface Stanza {
  type: string;
  args: string[];
  body: Buffer;
}

const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');

/** Strict unpadded base64, as age requires (a lenient decoder would let a header be altered unnoticed). */
function unb64(s: string): Buffer {
  if (!/^[A-Za-z0-9+/]*$/.test(s)) throw new AgeError('damaged', 'invalid base64 in the header');
  const out = Buffer.from(s, 'base64');
  if (b64(out) !== s) throw new AgeError('damaged', 'non-canonical base64 in the header');
  return out;
}

function hkdf(ikm: Buffer, salt: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, info, 32));
}

function seal(key: Buffer, nonce: Buffer, plain: Buffer): Buffer {
  const c = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG });
  const out = Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
  return out;
}

function open(key: Buffer, nonce: Buffer, sealed: Buffer): Buffer | null {
  if (sealed.length < TAG) return null;
  const d = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG });
  d.setAuthTag(sealed.subarray(sealed.length - TAG));
  try {
    return Buffer.concat([d.update(sealed.subarray(0, sealed.length - TAG)), d.final()]);
  } catch {
    return null;
  }
}

const ZERO_NONCE = Buffer.alloc(12);

function encodeStanza(s: Stanza): string {
  const body = b64(s.body);
  const lines: string[] = [];
  for (let i = 0; i <= body.length; i += 64) lines.push(body.slice(i, i + 64));
  // The last body line is always shorter than 64 columns (empty when the body fills whole lines).
  if (lines.at(-1)!.length === 64) lines.push('');
  return `-> ${[s.type, ...s.args].join(' ')}\n${lines.join('\n')}\n`;
}

function headerMac(fileKey: Buffer, upToDashes: string): Buffer {
  return createHmac('sha256', hkdf(fileKey, Buffer.alloc(0), 'header')).update(upToDashes, 'latin1').digest();
}

function buildHeader(fileKey: Buffer, stanzas: Stanza[]): Buffer {
  const upTo = `${AGE_VERSION_LINE}\n${stanzas.map(encodeStanza).join('')}---`;
  return Buffer.from(`${upTo} ${b64(headerMac(fileKey, upTo))}\n`, 'latin1');
}

function x25519Stanza(fileKey: Buffer, recipient: Buffer, ephemeralSecret: Buffer): Stanza {
  const share = publicFromSecret(ephemeralSecret);
  const wrapKey = hkdf(x25519(ephemeralSecret, recipient), Buffer.concat([share, recipient]), X25519_LABEL);
  return { type: 'X25519', args: [b64(share)], body: seal(wrapKey, ZERO_NONCE, fileKey) };
}

function scryptKey(passphrase: string, salt: Buffer, logN: number): Promise<Buffer> {
  const N = 2 ** logN;
  return new Promise((resolve, reject) =>
    scryptCb(Buffer.from(passphrase, 'utf8'), Buffer.concat([Buffer.from(SCRYPT_LABEL), salt]), 32, { N, r: 8, p: 1, maxmem: 128 * N * 8 + 32 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

interface ParsedHeader {
  stanzas: Stanza[];
  /** The header text up to and including "---". */
  upToDashes: string;
  mac: Buffer;
  /** Bytes the header takes, its final newline included. */
  length: number;
}

/** Parses a header from the start of `buf`; null when `buf` does not hold all of it yet. */
function parseHeader(buf: Buffer): ParsedHeader | null {
  const prefix = buf.subarray(0, Math.min(buf.length, AGE_VERSION_LINE.length + 1)).toString('latin1');
  if (!`${AGE_VERSION_LINE}\n`.startsWith(prefix)) throw new AgeError('not-age', 'not an age file');
  const text = buf.subarray(0, Math.min(buf.length, MAX_HEADER_BYTES)).toString('latin1');
  const end = text.indexOf('\n---');
  if (end < 0) {
    if (buf.length >= MAX_HEADER_BYTES) throw new AgeError('damaged', 'the age header is too large');
    return null;
  }
  const macEnd = text.indexOf('\n', end + 4);
  if (macEnd < 0) return null;
  const lines = text.slice(0, end).split('\n');
  if (lines[0] !== AGE_VERSION_LINE) throw new AgeError('not-age', 'not an age file');
  const stanzas: Stanza[] = [];
  let i = 1;
  while (i < lines.length) {
    const head = lines[i]!;
    if (!head.startsWith('-> ')) throw new AgeError('damaged', 'a damaged stanza in the age header');
    const [type, ...args] = head.slice(3).split(' ');
    if (!type) throw new AgeError('damaged', 'a stanza without a type in the age header');
    i++;
    let body = '';
    for (;;) {
      const l = lines[i];
      if (l === undefined) throw new AgeError('damaged', 'a stanza body is cut short in the age header');
      i++;
      if (l.length > 64) throw new AgeError('damaged', 'a stanza body line is too long');
      body += l;
      if (l.length < 64) break;
    }
    stanzas.push({ type, args, body: unb64(body) });
  }
  const macLine = text.slice(end + 1, macEnd);
  if (!macLine.startsWith('--- ')) throw new AgeError('damaged', 'the age header has no MAC');
  return { stanzas, upToDashes: text.slice(0, end + 4), mac: unb64(macLine.slice(4)), length: macEnd + 1 };
}

/** What can open a file: X25519 identities and/or passphrases. */
export interface AgeKeys {
  identities?: readonly AgeIdentity[];
  passphrases?: readonly string[];
}

async function unwrapFileKey(h: ParsedHeader, keys: AgeKeys): Promise<Buffer> {
  const scrypt = h.stanzas.filter((s) => s.type === 'scrypt');
  if (scrypt.length > 0) {
    if (h.stanzas.length !== 1) throw new AgeError('damaged', 'a passphrase-encrypted age file must have exactly one stanza');
    const s = scrypt[0]!;
    const logN = Number(s.args[1]);
    if (s.args.length !== 2 || !/^[1-9][0-9]?$/.test(s.args[1] ?? '') || logN > 22) throw new AgeError('damaged', 'an unusable scrypt stanza (work factor above 22 or malformed)');
    const salt = unb64(s.args[0]!);
    if (salt.length !== 16) throw new AgeError('damaged', 'an unusable scrypt stanza');
    if (!keys.passphrases?.length) throw new AgeError('wrong-passphrase', 'the file is encrypted with a passphrase and none was given');
    for (const p of keys.passphrases) {
      const fileKey = open(await scryptKey(p, salt, logN), ZERO_NONCE, s.body);
      if (fileKey && fileKey.length === FILE_KEY_BYTES) return fileKey;
    }
    throw new AgeError('wrong-passphrase', 'the passphrase does not open this file');
  }
  for (const id of keys.identities ?? []) {
    for (const s of h.stanzas) {
      if (s.type !== 'X25519' || s.args.length !== 1) continue;
      const share = unb64(s.args[0]!);
      if (share.length !== 32 || s.body.length !== FILE_KEY_BYTES + TAG) throw new AgeError('damaged', 'an unusable X25519 stanza');
      const wrapKey = hkdf(x25519(id.secret, share), Buffer.concat([share, id.publicKey]), X25519_LABEL);
      const fileKey = open(wrapKey, ZERO_NONCE, s.body);
      if (fileKey) return fileKey;
    }
  }
  throw new AgeError('no-matching-key', 'none of the given keys opens this file');
}

// ---- payload ---------------------------------------------------------------------------------

function chunkNonce(counter: number, last: boolean): Buffer {
  const n = Buffer.alloc(12);
  n.writeBigUInt64BE(BigInt(counter), 3);
  n[11] = last ? 1 : 0;
  return n;
}

/** Collects bytes and hands out exact-size slices without copying more than needed. */
class ByteQueue {
  private parts: Buffer[] = [];
  length = 0;
  push(b: Buffer): void {
    if (b.length === 0) return;
    this.parts.push(b);
    this.length += b.length;
  }
  take(n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    let off = 0;
    while (off < n) {
      const p = this.parts[0]!;
      const k = Math.min(p.length, n - off);
      p.copy(out, off, 0, k);
      off += k;
      if (k === p.length) this.parts.shift();
      else this.parts[0] = p.subarray(k);
    }
    this.length -= n;
    return out;
  }
  peekAll(): Buffer {
    return this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
  }
}

export type AgeRecipient = { kind: 'x25519'; publicKey: Buffer } | { kind: 'scrypt'; passphrase: string; logN?: number };

export interface EncryptOptions {
  recipients: readonly Extract<AgeRecipient, { kind: 'x25519' }>[];
  /** 32 secret bytes: encrypt deterministically (see the file comment). Omitted: random. */
  seed?: Buffer;
}

function derive(seed: Buffer | undefined, label: string, n: number): Buffer {
  return seed ? createHmac('sha256', seed).update(`kura-age-seed/1 ${label}`).digest().subarray(0, n) : randomBytes(n);
}

/** Bytes of the encrypted file for `plainBytes` of content, given the header length. */
export function encryptedSize(plainBytes: number, headerBytes: number): number {
  const chunks = Math.max(1, Math.ceil(plainBytes / CHUNK));
  return headerBytes + NONCE_BYTES + plainBytes + chunks * TAG;
}

/** Streams plaintext in, age ciphertext out (X25519 recipients). `headerBytes` is known at once. */
export class AgeEncryptStream extends Transform {
  readonly headerBytes: number;
  private readonly key: Buffer;
  private readonly queue = new ByteQueue();
  private counter = 0;

  constructor(options: EncryptOptions) {
    super();
    if (options.recipients.length === 0) throw new Error('age: no recipient');
    const fileKey = derive(options.seed, 'file-key', FILE_KEY_BYTES);
    const stanzas = options.recipients.map((r, i) => x25519Stanza(fileKey, r.publicKey, derive(options.seed, `ephemeral-${i}`, 32)));
    const header = buildHeader(fileKey, stanzas);
    const nonce = derive(options.seed, 'nonce', NONCE_BYTES);
    this.key = hkdf(fileKey, nonce, 'payload');
    this.headerBytes = header.length;
    this.push(Buffer.concat([header, nonce]));
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.queue.push(chunk);
    // A full chunk is only known not to be the last once more bytes follow it.
    while (this.queue.length > CHUNK) this.push(seal(this.key, chunkNonce(this.counter++, false), this.queue.take(CHUNK)));
    cb();
  }

  override _flush(cb: TransformCallback): void {
    this.push(seal(this.key, chunkNonce(this.counter++, true), this.queue.take(this.queue.length)));
    cb();
  }
}

/** Encrypts a buffer to X25519 recipients or to one passphrase. */
export async function ageEncrypt(plain: Buffer, to: { recipients: readonly AgeRecipient[]; seed?: Buffer }): Promise<Buffer> {
  const scrypt = to.recipients.filter((r): r is Extract<AgeRecipient, { kind: 'scrypt' }> => r.kind === 'scrypt');
  if (scrypt.length > 0) {
    if (to.recipients.length !== 1) throw new Error('age: a passphrase must be the only recipient');
    const r = scrypt[0]!;
    const logN = r.logN ?? DEFAULT_SCRYPT_LOG_N;
    const fileKey = randomBytes(FILE_KEY_BYTES);
    const salt = randomBytes(16);
    const header = buildHeader(fileKey, [{ type: 'scrypt', args: [b64(salt), String(logN)], body: seal(await scryptKey(r.passphrase, salt, logN), ZERO_NONCE, fileKey) }]);
    const nonce = randomBytes(NONCE_BYTES);
    return Buffer.concat([header, nonce, ...sealAll(hkdf(fileKey, nonce, 'payload'), plain)]);
  }
  const s = new AgeEncryptStream({ recipients: to.recipients as Extract<AgeRecipient, { kind: 'x25519' }>[], seed: to.seed });
  const out: Buffer[] = [];
  s.on('data', (b: Buffer) => out.push(b));
  s.end(plain);
  await new Promise<void>((resolve, reject) => s.once('end', resolve).once('error', reject));
  return Buffer.concat(out);
}

function sealAll(key: Buffer, plain: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let counter = 0;
  let off = 0;
  do {
    const end = Math.min(plain.length, off + CHUNK);
    const last = end === plain.length;
    out.push(seal(key, chunkNonce(counter++, last), plain.subarray(off, end)));
    off = end;
  } while (off < plain.length);
  return out;
}

/**
 * Streams age ciphertext in, plaintext out. The header is checked (MAC) before any plaintext is
 * released; every chunk is authenticated; a file cut short or extended fails (`truncated`/`damaged`).
 */
export class AgeDecryptStream extends Transform {
  private readonly queue = new ByteQueue();
  private key: Buffer | null = null;
  private headerDone = false;
  private counter = 0;
  private sawFinal = false;

  constructor(private readonly keys: AgeKeys) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.queue.push(chunk);
    this.pump().then(() => cb(), (err: unknown) => cb(err as Error));
  }

  private async pump(): Promise<void> {
    if (!this.headerDone) {
      const all = this.queue.peekAll();
      const h = parseHeader(all);
      if (!h || all.length < h.length + NONCE_BYTES) return;
      const fileKey = await unwrapFileKey(h, this.keys);
      if (!timingSafeEqual(headerMac(fileKey, h.upToDashes), h.mac.length === 32 ? h.mac : Buffer.alloc(32))) throw new AgeError('damaged', 'the age header MAC does not match');
      this.queue.take(h.length);
      this.key = hkdf(fileKey, this.queue.take(NONCE_BYTES), 'payload');
      this.headerDone = true;
    }
    while (this.queue.length > CHUNK_CT) {
      const plain = open(this.key!, chunkNonce(this.counter, false), this.queue.take(CHUNK_CT));
      if (!plain) throw new AgeError('damaged', `chunk ${this.counter} does not authenticate`);
      this.counter++;
      this.push(plain);
    }
  }

  override _flush(cb: TransformCallback): void {
    try {
      if (!this.headerDone) throw new AgeError(this.queue.length === 0 ? 'truncated' : 'truncated', 'the file ends inside the age header');
      if (this.queue.length === 0) throw new AgeError('truncated', 'the file ends before its last chunk');
      const sealed = this.queue.take(this.queue.length);
      const plain = open(this.key!, chunkNonce(this.counter, true), sealed);
      if (!plain) {
        // A full chunk that authenticates as a middle chunk means the rest of the file is missing.
        throw open(this.key!, chunkNonce(this.counter, false), sealed) ? new AgeError('truncated', 'the file was cut short') : new AgeError('damaged', `chunk ${this.counter} does not authenticate`);
      }
      if (plain.length === 0 && this.counter > 0) throw new AgeError('damaged', 'an empty last chunk after others');
      this.sawFinal = true;
      this.push(plain);
      cb();
    } catch (err) {
      cb(err as Error);
    }
  }

  /** True once the whole file was read and authenticated. */
  get complete(): boolean {
    return this.sawFinal;
  }
}

/** Decrypts a whole (small) file held in memory. */
export async function ageDecrypt(cipher: Buffer, keys: AgeKeys): Promise<Buffer> {
  const d = new AgeDecryptStream(keys);
  const out: Buffer[] = [];
  d.on('data', (b: Buffer) => out.push(b));
  const done = new Promise<void>((resolve, reject) => d.once('end', resolve).once('error', reject));
  d.end(cipher);
  await done;
  return Buffer.concat(out);
}
