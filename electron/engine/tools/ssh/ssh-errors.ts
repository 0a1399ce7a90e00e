/**
 * Every SSH failure Kura reports, each with its own code, raised in this one place with its facts —
 * host, port, user, key file, fingerprints, the forwarded address — as parameters of the catalogue's
 * sentences (electron/shared/messages/catalogue/ssh.ts), never parsed back out of text.
 *
 * Categories decide what the scheduler does: a refused or dropped connection is `network` (retried),
 * a wrong key or password is `auth` (retrying would only lock the account), an unconfirmed or
 * changed host key and forbidden forwarding are `config` (a person must decide).
 */
import { KuraError, type CataloguedErrorInit } from '../../errors.js';

export interface SshEndpoint {
  host: string;
  port: number;
  user: string;
}

/**
 * `reason` fields: the library's or the system's own words (verbatim), or Kura's, as a catalogue
 * code or nested message (`said()`), rendered in the admin's language inside the sentence.
 */
export type SshFailure =
  | { kind: 'refused'; at: SshEndpoint }
  | { kind: 'timeout'; at: SshEndpoint; seconds: number }
  | { kind: 'host-not-found'; at: SshEndpoint }
  | { kind: 'unreachable'; at: SshEndpoint; reason: string }
  | { kind: 'not-ssh'; at: SshEndpoint; reason: string }
  | { kind: 'host-key-unknown'; at: SshEndpoint; fingerprint: string; jobId: string | null }
  | { kind: 'host-key-changed'; at: SshEndpoint; fingerprint: string; pinned: string[]; jobId: string | null }
  | { kind: 'key-refused'; at: SshEndpoint; keyPath: string }
  | { kind: 'key-unreadable'; keyPath: string; reason: string }
  /** A key Kura itself made before it checked its keys (tools/ssh/key-pair.ts): only a new key helps. */
  | { kind: 'key-flawed'; keyPath: string }
  | { kind: 'passphrase-missing'; keyPath: string }
  | { kind: 'passphrase-wrong'; keyPath: string }
  | { kind: 'password-refused'; at: SshEndpoint }
  | { kind: 'no-credentials'; at: SshEndpoint }
  | { kind: 'forwarding-forbidden'; at: SshEndpoint; target: string; what: string }
  | { kind: 'target-unreachable'; at: SshEndpoint; target: string; what: string; reason: string }
  | { kind: 'connection-lost'; at: SshEndpoint; reason: string }
  | { kind: 'handshake-failed'; at: SshEndpoint; reason: string };

function trustCommand(jobId: string, fingerprint: string): string {
  return `kura ssh-trust ${jobId} --fingerprint ${fingerprint}`;
}

export function sshError(f: SshFailure, detail?: string): KuraError {
  const e = (category: KuraError['category'], init: Omit<CataloguedErrorInit, 'category'>) => new KuraError({ ...init, category, ...(detail ? { detail } : {}) } as CataloguedErrorInit);
  switch (f.kind) {
    case 'refused':
      return e('network', { code: 'ssh-connect-refused', params: { host: f.at.host, port: f.at.port } });
    case 'timeout':
      return e('network', { code: 'ssh-connect-timeout', params: { host: f.at.host, port: f.at.port, seconds: f.seconds } });
    case 'host-not-found':
      return e('network', { code: 'ssh-host-not-found', params: { host: f.at.host } });
    case 'unreachable':
      return e('network', { code: 'ssh-unreachable', params: { host: f.at.host, port: f.at.port, reason: f.reason } });
    case 'not-ssh':
      return e('config', { code: 'ssh-not-ssh', params: { host: f.at.host, port: f.at.port, reason: f.reason } });
    case 'host-key-unknown': {
      const at = { host: f.at.host, port: f.at.port, fingerprint: f.fingerprint };
      return f.jobId === null
        ? e('config', { code: 'ssh-host-key-unknown', params: at })
        : e('config', { code: 'ssh-host-key-unknown~job', params: { ...at, command: trustCommand(f.jobId, f.fingerprint) } });
    }
    case 'host-key-changed': {
      const at = { host: f.at.host, port: f.at.port, fingerprint: f.fingerprint, pinned: f.pinned.join(', ') };
      return f.jobId === null
        ? e('config', { code: 'ssh-host-key-changed', params: at })
        : e('config', { code: 'ssh-host-key-changed~job', params: { ...at, command: trustCommand(f.jobId, f.fingerprint) } });
    }
    case 'key-refused':
      return e('auth', { code: 'ssh-key-refused', params: { host: f.at.host, port: f.at.port, key: f.keyPath, user: f.at.user } });
    case 'key-unreadable':
      return e('config', { code: 'ssh-key-unreadable', params: { key: f.keyPath, reason: f.reason } });
    case 'key-flawed':
      return e('config', { code: 'ssh-key-flawed', params: { key: f.keyPath } });
    case 'passphrase-missing':
      return e('config', { code: 'ssh-passphrase-missing', params: { key: f.keyPath } });
    case 'passphrase-wrong':
      return e('auth', { code: 'ssh-passphrase-wrong', params: { key: f.keyPath } });
    case 'password-refused':
      return e('auth', { code: 'ssh-password-refused', params: { host: f.at.host, port: f.at.port, user: f.at.user } });
    case 'no-credentials':
      return e('config', { code: 'ssh-no-credentials', params: { host: f.at.host, port: f.at.port } });
    case 'forwarding-forbidden':
      return e('config', { code: 'ssh-forwarding-forbidden', params: { host: f.at.host, what: f.what, target: f.target, user: f.at.user } });
    case 'target-unreachable':
      return e('network', { code: 'ssh-forward-target-unreachable', params: { host: f.at.host, what: f.what, target: f.target, reason: f.reason } });
    case 'connection-lost':
      return e('network', { code: 'ssh-connection-lost', params: { host: f.at.host, port: f.at.port, reason: f.reason } });
    case 'handshake-failed':
      return e('config', { code: 'ssh-handshake-failed', params: { host: f.at.host, port: f.at.port, reason: f.reason } });
  }
}
