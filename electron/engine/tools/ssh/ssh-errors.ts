/**
 * Every SSH failure Kura reports, each with its own code, built in this one place (the en/ja
 * catalogue will take the sentences from here). Facts — host, port, user, key file, fingerprints,
 * the forwarded address — are kept as separate values in `SshFailure`, never parsed back out of text.
 *
 * Categories decide what the scheduler does: a refused or dropped connection is `network` (retried),
 * a wrong key or password is `auth` (retrying would only lock the account), an unconfirmed or
 * changed host key and forbidden forwarding are `config` (a person must decide).
 */
import { KuraError } from '../../errors.js';

export interface SshEndpoint {
  host: string;
  port: number;
  user: string;
}

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
  | { kind: 'passphrase-missing'; keyPath: string }
  | { kind: 'passphrase-wrong'; keyPath: string }
  | { kind: 'password-refused'; at: SshEndpoint }
  | { kind: 'no-credentials'; at: SshEndpoint }
  | { kind: 'forwarding-forbidden'; at: SshEndpoint; target: string; what: string }
  | { kind: 'target-unreachable'; at: SshEndpoint; target: string; what: string; reason: string }
  | { kind: 'connection-lost'; at: SshEndpoint; reason: string }
  | { kind: 'handshake-failed'; at: SshEndpoint; reason: string };

function where(at: SshEndpoint): string {
  return `${at.host} port ${at.port}`;
}

function trustCommand(jobId: string | null, fingerprint: string): string {
  return jobId === null ? '' : ` or run: kura ssh-trust ${jobId} --fingerprint ${fingerprint}`;
}

export function sshError(f: SshFailure, detail?: string): KuraError {
  const e = (code: string, category: KuraError['category'], message: string, hint: string) =>
    new KuraError({ code, category, message, hint, ...(detail ? { detail } : {}) });
  switch (f.kind) {
    case 'refused':
      return e(
        'ssh-connect-refused',
        'network',
        `Nothing accepts SSH connections on ${where(f.at)}: the connection was refused.`,
        'Check the SSH port in the server connection (rental servers often use a port such as 10022 instead of 22) and that the server is running.',
      );
    case 'timeout':
      return e(
        'ssh-connect-timeout',
        'network',
        `${where(f.at)} did not answer within ${f.seconds} seconds.`,
        'Check the server address and port, that the server is up, and that no firewall blocks this computer.',
      );
    case 'host-not-found':
      return e('ssh-host-not-found', 'network', `The server name ${f.at.host} could not be found.`, 'Check the spelling of the server address, and that this computer is online.');
    case 'unreachable':
      return e('ssh-unreachable', 'network', `${where(f.at)} cannot be reached (${f.reason}).`, 'Check that this computer is online and the server address is right.');
    case 'not-ssh':
      return e(
        'ssh-not-ssh',
        'config',
        `${where(f.at)} answered, but not as an SSH server (${f.reason}).`,
        'Check the port: it may belong to another service (a web or mail server). Your hosting company\'s control panel shows the SSH port.',
      );
    case 'host-key-unknown':
      return e(
        'ssh-host-key-unknown',
        'config',
        `Kura has not been told to trust the SSH server ${where(f.at)} yet. It shows the key ${f.fingerprint}.`,
        `Compare this fingerprint with the one your hosting company shows (or that ssh-keygen -lf prints on the server), then confirm it in the job's server connection${trustCommand(f.jobId, f.fingerprint)}.`,
      );
    case 'host-key-changed':
      return e(
        'ssh-host-key-changed',
        'config',
        `The SSH server ${where(f.at)} now shows the key ${f.fingerprint}, not the one you confirmed (${f.pinned.join(', ')}). Kura stopped and copied nothing: this happens when a server is reinstalled, or when someone is intercepting the connection.`,
        `Ask your hosting company whether the server or its SSH key was changed. Only if so, confirm the new key in the job's server connection${trustCommand(f.jobId, f.fingerprint)}.`,
      );
    case 'key-refused':
      return e(
        'ssh-key-refused',
        'auth',
        `The SSH server ${where(f.at)} did not accept the key ${f.keyPath} for the user "${f.at.user}".`,
        `Add the public key (${f.keyPath}.pub) to ~${f.at.user}/.ssh/authorized_keys on the server (Server setup shows the line), and check the user name.`,
      );
    case 'key-unreadable':
      return e(
        'ssh-key-unreadable',
        'config',
        `The SSH key file ${f.keyPath} cannot be used: ${f.reason}.`,
        'Choose the private key file (not the .pub file) in the server connection; Kura reads OpenSSH, PEM and PuTTY (.ppk) keys.',
      );
    case 'passphrase-missing':
      return e(
        'ssh-passphrase-missing',
        'config',
        `The SSH key ${f.keyPath} is protected by a passphrase, and Kura has none stored for it.`,
        'Enter the key\'s passphrase in the server connection; Kura keeps it in the keychain.',
      );
    case 'passphrase-wrong':
      return e(
        'ssh-passphrase-wrong',
        'auth',
        `The passphrase stored for the SSH key ${f.keyPath} does not unlock it.`,
        'Enter the key\'s passphrase again in the server connection.',
      );
    case 'password-refused':
      return e(
        'ssh-password-refused',
        'auth',
        `The SSH server ${where(f.at)} refused the password for the user "${f.at.user}".`,
        'Check the user name and enter the password again. Some servers accept only keys (PasswordAuthentication no): then use a key.',
      );
    case 'no-credentials':
      return e('ssh-no-credentials', 'config', `The server connection to ${where(f.at)} has neither a key file nor a password.`, 'Choose a key file or enter a password in the server connection.');
    case 'forwarding-forbidden':
      return e(
        'ssh-forwarding-forbidden',
        'config',
        `The SSH server ${f.at.host} does not let Kura connect on to ${f.what} at ${f.target}: port forwarding is switched off for "${f.at.user}".`,
        `Ask your hosting company to allow TCP forwarding for this user (AllowTcpForwarding yes or local in sshd_config); if the key line in authorized_keys has permitopen, add permitopen="${f.target}".`,
      );
    case 'target-unreachable':
      return e(
        'ssh-forward-target-unreachable',
        'network',
        `The SSH server ${f.at.host} could not reach ${f.what} at ${f.target} (${f.reason}).`,
        `Check the ${f.what} address as the server sees it (usually 127.0.0.1 when it runs on the same server) and that it is running.`,
      );
    case 'connection-lost':
      return e(
        'ssh-connection-lost',
        'network',
        `The SSH connection to ${where(f.at)} was closed in the middle of the work (${f.reason}). Nothing from this run was published.`,
        'Kura tries again by itself at the next retry; if it keeps happening, check the line and the server.',
      );
    case 'handshake-failed':
      return e(
        'ssh-handshake-failed',
        'config',
        `Kura and the SSH server ${where(f.at)} could not agree on a secure connection (${f.reason}).`,
        'The server may allow only very old or very new encryption methods; ask your hosting company which ones it offers.',
      );
  }
}
