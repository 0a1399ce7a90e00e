/**
 * Kura's own known-hosts file, `$KURA_HOME/ssh/known_hosts`: the SSH server keys the admin has
 * confirmed. Not `~/.ssh/known_hosts`: cwRsync's ssh cannot find that on Windows (it takes `~` from
 * the Cygwin root), and a key must never be trusted silently just because it is the first one seen.
 *
 * The file is in OpenSSH's format (`[host]:port type base64`, `host type base64` for port 22), so
 * an admin can read it, and `ssh -o UserKnownHostsFile=…` accepts it. Lines OpenSSH wrote hashed
 * (`|1|salt|hash`, Debian's HashKnownHosts default) are matched too. Kura rewrites the file
 * atomically (0600) when a key is confirmed; every other line is kept as it was.
 */
import { createHash, createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { homeLayout } from '../../home-layout.js';

export interface HostKey {
  /** "ssh-ed25519", "ecdsa-sha2-nistp256", "ssh-rsa"… (the name inside the key blob). */
  type: string;
  /** The key in SSH wire format (what known_hosts holds in base64). */
  blob: Buffer;
}

export function knownHostsPath(home: string): string {
  return homeLayout.knownHostsFile(home);
}

/** The name a key is filed under: `host` for port 22, `[host]:port` otherwise (OpenSSH's rule). */
export function hostPattern(host: string, port: number): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return port === 22 ? bare : `[${bare}]:${port}`;
}

/** "SHA256:…" exactly as `ssh-keygen -lf` and OpenSSH's prompts print it. */
export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named at the start of a wire-format key blob. */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const len = blob.readUInt32BE(0);
  return len > 0 && len < 64 && blob.length >= 4 + len ? blob.subarray(4, 4 + len).toString('latin1') : 'unknown';
}

/** Accepts what people paste: "SHA256:abc…", "abc…" (with or without base64 padding). */
export function normalizeFingerprint(text: string): string | null {
  const m = /^\s*(?:SHA256:)?([A-Za-z0-9+/]{43})=?\s*$/.exec(text);
  return m ? `SHA256:${m[1]}` : null;
}

interface Line {
  raw: string;
  /** null for comments, blank lines, @cert-authority/@revoked and lines Kura cannot read. */
  entry: { patterns: string; key: HostKey } | null;
}

function parse(text: string): Line[] {
  return text.split(/\r?\n/).map((raw) => {
    const t = raw.trim();
    if (t === '' || t.startsWith('#') || t.startsWith('@')) return { raw, entry: null };
    const [patterns, type, b64] = t.split(/\s+/);
    if (!patterns || !type || !b64 || !/^[A-Za-z0-9+/]+=*$/.test(b64)) return { raw, entry: null };
    return { raw, entry: { patterns, key: { type, blob: Buffer.from(b64, 'base64') } } };
  });
}

function matches(patterns: string, name: string): boolean {
  if (patterns.startsWith('|1|')) {
    const [, , salt, hash] = patterns.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  // Plain comma-separated names; Kura does not honour wildcards or negations for pinning.
  return patterns.split(',').includes(name);
}

async function readText(home: string): Promise<string> {
  try {
    return await readFile(knownHostsPath(home), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  }
}

/** The confirmed keys of host:port (usually one). */
export async function pinnedKeys(home: string, host: string, port: number): Promise<HostKey[]> {
  const name = hostPattern(host, port);
  return parse(await readText(home)).flatMap((l) => (l.entry && matches(l.entry.patterns, name) ? [l.entry.key] : []));
}

/**
 * Confirms `key` for host:port: every earlier line for that name is replaced (a changed key is
 * replaced, never kept beside the new one), other hosts' lines are kept.
 */
export async function pinHostKey(home: string, host: string, port: number, key: HostKey): Promise<void> {
  const name = hostPattern(host, port);
  const kept = parse(await readText(home)).filter((l) => !(l.entry && matches(l.entry.patterns, name)) && l.raw.trim() !== '');
  const line = `${name} ${key.type} ${key.blob.toString('base64')}`;
  const text = [...kept.map((l) => l.raw), line].join('\n') + '\n';
  await writeFileAtomic(knownHostsPath(home), text, 0o600);
}
