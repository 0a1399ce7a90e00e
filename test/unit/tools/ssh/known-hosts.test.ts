import { createHmac, randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fingerprintOf, hostPattern, keyTypeOf, knownHostsPath, normalizeFingerprint, pinHostKey, pinnedKeys } from '../../../../electron/engine/tools/ssh/known-hosts.js';
import { tempDir } from '../../../harness/tmp.js';
import { ON_WINDOWS } from '../../../harness/platform.js';

/** An ssh-ed25519 wire blob (type string + 32-byte key). */
function ed25519Blob(fill: number): Buffer {
  const type = Buffer.from('ssh-ed25519');
  const b = Buffer.alloc(4 + type.length + 4 + 32);
  b.writeUInt32BE(type.length, 0);
  type.copy(b, 4);
  b.writeUInt32BE(32, 4 + type.length);
  b.fill(fill, 8 + type.length);
  return b;
}

describe('Kura’s known-hosts file', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    dir = await tempDir('kura-kh-');
  });
  afterEach(async () => dir.cleanup());

  it('prints fingerprints as ssh-keygen -lf does and reads the key type from the blob', () => {
    const blob = ed25519Blob(7);
    expect(fingerprintOf(blob)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(keyTypeOf(blob)).toBe('ssh-ed25519');
    expect(keyTypeOf(Buffer.alloc(2))).toBe('unknown');
  });

  it('accepts the fingerprint spellings people paste', () => {
    const fp = fingerprintOf(ed25519Blob(1));
    expect(normalizeFingerprint(fp)).toBe(fp);
    expect(normalizeFingerprint(` ${fp.slice(7)}= `)).toBe(fp);
    expect(normalizeFingerprint('MD5:aa:bb')).toBeNull();
    expect(normalizeFingerprint('SHA256:short')).toBeNull();
  });

  it('files port 22 under the bare host and other ports as [host]:port, like OpenSSH', () => {
    expect(hostPattern('203.0.113.5', 22)).toBe('203.0.113.5');
    expect(hostPattern('203.0.113.5', 10022)).toBe('[203.0.113.5]:10022');
    expect(hostPattern('[2001:db8::1]', 2222)).toBe('[2001:db8::1]:2222');
  });

  it('pins per host and port, replaces a changed key instead of keeping both, keeps other lines, writes 0600', async () => {
    const home = dir.path;
    await mkdir(join(home, 'ssh'));
    await writeFile(knownHostsPath(home), '# my notes\nother.example ssh-ed25519 ' + ed25519Blob(9).toString('base64') + '\n');
    await pinHostKey(home, 'shop.example', 10022, { type: 'ssh-ed25519', blob: ed25519Blob(1) });
    await pinHostKey(home, 'shop.example', 10022, { type: 'ssh-ed25519', blob: ed25519Blob(2) });
    expect((await pinnedKeys(home, 'shop.example', 10022)).map((k) => k.blob)).toEqual([ed25519Blob(2)]);
    expect(await pinnedKeys(home, 'shop.example', 22)).toEqual([]);
    const text = await readFile(knownHostsPath(home), 'utf8');
    expect(text).toContain('# my notes');
    expect(text).toContain('other.example ssh-ed25519');
    // POSIX mode bits: Windows has ACLs instead (Node reports 0666 there).
    if (!ON_WINDOWS) expect((await stat(knownHostsPath(home))).mode & 0o777).toBe(0o600);
  });

  it('reads lines OpenSSH wrote hashed (HashKnownHosts yes)', async () => {
    const home = dir.path;
    const salt = randomBytes(20);
    const hash = createHmac('sha1', salt).update('[shop.example]:10022').digest('base64');
    await mkdir(join(home, 'ssh'));
    await writeFile(knownHostsPath(home), `|1|${salt.toString('base64')}|${hash} ssh-ed25519 ${ed25519Blob(3).toString('base64')}\n`);
    expect((await pinnedKeys(home, 'shop.example', 10022))[0]?.blob).toEqual(ed25519Blob(3));
    expect(await pinnedKeys(home, 'shop.example', 22)).toEqual([]);
  });

  it('has no pins when the file does not exist yet', async () => {
    expect(await pinnedKeys(dir.path, 'shop.example', 22)).toEqual([]);
  });
});
