/**
 * Kura's new ed25519 keys (tools/ssh/key-pair.ts): ssh2's generator makes one key in 256 with a 31-byte
 * public key (it strips a leading zero byte of the key), which ssh2 itself then refuses to read and
 * OpenSSH refuses to accept. Kura never hands such a pair out.
 */
import { describe, expect, it } from 'vitest';
import { ed25519PublicLength, isTruncatedEd25519KeyFile, newEd25519KeyPair, type KeyPair } from '../../../../electron/engine/tools/ssh/key-pair.js';
import { utils } from '../../../../electron/engine/tools/ssh/ssh2-lib.js';
import { flawedEncryptedPair, FLAWED_PAIR as BROKEN } from '../../../fixtures/flawed-ssh-key.js';

describe('newEd25519KeyPair', () => {
  it('the broken pair is what it claims: a 31-byte public key, and ssh2 refuses its private half', () => {
    expect(ed25519PublicLength(BROKEN.public)).toBe(31);
    expect(utils.parseKey(BROKEN.private)).toBeInstanceOf(Error);
  });

  it('throws a broken pair away and hands out the next good one', () => {
    const good = newEd25519KeyPair({ comment: 'good' }); // (ssh2's own could be broken too, 1 in 256)
    const made: KeyPair[] = [BROKEN, good];
    let calls = 0;
    const pair = newEd25519KeyPair({ comment: 'x' }, () => made[calls++]!);
    expect(calls).toBe(2);
    expect(pair).toEqual(good);
  });

  it('gives up, saying so, if the generator never makes a good pair', () => {
    expect(() => newEd25519KeyPair({}, () => BROKEN)).toThrow(/not 32 bytes/);
  });

  it('3,000 new keys: every private key reads back and every public key is 32 bytes (ssh2 alone: about 12 broken)', () => {
    const bad: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const pair = newEd25519KeyPair({ comment: `k${i}` });
      const parsed = utils.parseKey(pair.private);
      if (parsed instanceof Error || ed25519PublicLength(pair.public) !== 32 || parsed.getPublicSSH().toString('base64') !== pair.public.split(' ')[1]) bad.push(pair.public);
    }
    expect(bad).toEqual([]);
  });

  it('an encrypted key reads back with its passphrase only', () => {
    const pair = newEd25519KeyPair({ comment: 'locked', passphrase: "pass '[日本]'", cipher: 'aes256-ctr', rounds: 16 });
    expect(utils.parseKey(pair.private)).toBeInstanceOf(Error);
    expect(utils.parseKey(pair.private, "pass '[日本]'")).not.toBeInstanceOf(Error);
    expect(ed25519PublicLength(pair.public)).toBe(32);
  });

  it('tells a flawed key file from a good one, also when the key is encrypted (its public half is not)', () => {
    expect(isTruncatedEd25519KeyFile(BROKEN.private)).toBe(true);
    expect(isTruncatedEd25519KeyFile(Buffer.from(BROKEN.private))).toBe(true);
    expect(isTruncatedEd25519KeyFile(newEd25519KeyPair({}).private)).toBe(false);
    expect(isTruncatedEd25519KeyFile(newEd25519KeyPair({ passphrase: 'p', cipher: 'aes256-ctr', rounds: 1 }).private)).toBe(false);
    // An encrypted flawed key, as the wizard made one in 256.
    expect(isTruncatedEd25519KeyFile(flawedEncryptedPair('p').private)).toBe(true);
    // Not keys at all, or cut short: not this flaw.
    for (const text of ['', 'ssh-ed25519 AAAA', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----', BROKEN.public]) {
      expect(isTruncatedEd25519KeyFile(text)).toBe(false);
    }
  });
});
