import { describe, expect, it } from 'vitest';
import { sshError, type SshFailure } from '../../../../electron/engine/tools/ssh/ssh-errors.js';

const at = { host: 'web.example.jp', port: 10022, user: 'web' };
const all: SshFailure[] = [
  { kind: 'refused', at },
  { kind: 'timeout', at, seconds: 30 },
  { kind: 'host-not-found', at },
  { kind: 'unreachable', at, reason: 'no route to the host' },
  { kind: 'not-ssh', at, reason: 'Bad identification start' },
  { kind: 'host-key-unknown', at, fingerprint: 'SHA256:new', jobId: 'shop' },
  { kind: 'host-key-changed', at, fingerprint: 'SHA256:new', pinned: ['SHA256:old'], jobId: 'shop' },
  { kind: 'key-refused', at, keyPath: 'C:\\keys\\shop' },
  { kind: 'key-unreadable', keyPath: '/k', reason: 'the file does not exist' },
  { kind: 'key-flawed', keyPath: '/k' },
  { kind: 'passphrase-missing', keyPath: '/k' },
  { kind: 'passphrase-wrong', keyPath: '/k' },
  { kind: 'password-refused', at },
  { kind: 'no-credentials', at },
  { kind: 'forwarding-forbidden', at, target: '127.0.0.1:3306', what: 'MySQL' },
  { kind: 'target-unreachable', at, target: '127.0.0.1:3307', what: 'MySQL', reason: 'Connection refused' },
  { kind: 'connection-lost', at, reason: 'the server closed the connection' },
  { kind: 'handshake-failed', at, reason: 'no matching cipher' },
];

describe('SSH errors', () => {
  it('give every failure its own code, a message and a hint', () => {
    const errors = all.map((f) => sshError(f));
    expect(new Set(errors.map((e) => e.code)).size).toBe(all.length);
    for (const e of errors) {
      expect(e.code).toMatch(/^ssh-/);
      expect(e.message.length).toBeGreaterThan(20);
      expect(e.hint?.length).toBeGreaterThan(20);
    }
  });

  it('retry only what the network can fix', () => {
    const network = all.filter((f) => sshError(f).category === 'network').map((f) => f.kind);
    expect(network.sort()).toEqual(['connection-lost', 'host-not-found', 'refused', 'target-unreachable', 'timeout', 'unreachable']);
    expect(sshError({ kind: 'password-refused', at }).category).toBe('auth');
    expect(sshError({ kind: 'host-key-changed', at, fingerprint: 'a', pinned: ['b'], jobId: null }).category).toBe('config');
  });

  it('name the facts: both fingerprints of a changed key, and the command that confirms the new one', () => {
    const e = sshError({ kind: 'host-key-changed', at, fingerprint: 'SHA256:new', pinned: ['SHA256:old'], jobId: 'shop' });
    expect(e.message).toContain('SHA256:new');
    expect(e.message).toContain('SHA256:old');
    expect(e.message).toContain('web.example.jp port 10022');
    expect(e.hint).toContain('kura ssh-trust shop --fingerprint SHA256:new');
  });
});
