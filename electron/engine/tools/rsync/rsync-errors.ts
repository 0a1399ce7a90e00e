/**
 * rsync's exit code and stderr → what Kura tells the admin.
 *
 * The exit code alone is too coarse: 5 is both "wrong password" (auth: retrying can lock the
 * account) and "no such module" (config: a typo), 10 is both "nothing listening" and "the server
 * refuses an option", 23 is both "two files were unreadable" (the backup is still useful: a warning)
 * and "the source folder does not exist" (nothing was backed up: a failure). So stderr decides within
 * a code. The texts matched here were provoked from a real rsync 3.2/3.5 daemon and client (see
 * test/integration/rsync and test/unit/tools/rsync/rsync-errors.test.ts).
 */
import { KuraError, type ErrorCategory } from '../../errors.js';
import type { FilesLocation } from '../../config/files-location.js';

export type RsyncOperation = 'pull' | 'push' | 'list';

export interface RsyncExitContext {
  operation: RsyncOperation;
  location: FilesLocation;
  /** The redacted command line, kept in the error's detail for the run log. */
  command?: string;
  /**
   * The transfer named its files one by one (`--files-from`): a listed file that is missing is one
   * file gone from the server (a warning), not a missing source folder.
   */
  listedFiles?: boolean;
  /** Which rsync ran: the fixes for a key file's permissions differ on Windows (cwRsync). */
  flavour?: 'rsync' | 'cwrsync';
}

export type RsyncWarningCode = 'rsync-vanished' | 'rsync-partial';

export type RsyncOutcome =
  | { kind: 'ok' }
  | { kind: 'warning'; code: RsyncWarningCode; message: string; files: string[] }
  | { kind: 'failed'; error: KuraError };

/** How many file names a warning spells out before "and N more". */
const MAX_NAMED_FILES = 20;

export function classifyRsyncExit(exitCode: number, stderr: string, ctx: RsyncExitContext): RsyncOutcome {
  const where = describeLocation(ctx.location);
  const fail = (code: string, category: ErrorCategory, message: string, hint?: string): RsyncOutcome => ({
    kind: 'failed',
    error: new KuraError({ code, category, message, hint, detail: detailOf(exitCode, stderr, ctx) }),
  });

  if (exitCode === 0) return { kind: 'ok' };

  // Messages that mean the same thing whatever code they come with.
  const daemonError = /@ERROR:\s*(.*)/.exec(stderr)?.[1]?.trim();
  if (daemonError !== undefined) {
    if (/^auth failed on module/i.test(daemonError)) {
      const user = ctx.location.kind === 'daemon' && ctx.location.user !== null ? ctx.location.user : 'the user';
      return fail(
        'rsync-auth-failed',
        'auth',
        `Authentication failed at the rsync server ${where}: it did not accept the user name or password.`,
        `Check the password saved in Kura for this source, and the "${user}:password" line in the server's rsyncd.secrets file (that file must be readable only by root: chmod 600). The user must also be listed in "auth users" for the module.`,
      );
    }
    if (/^Unknown module/i.test(daemonError)) {
      return fail(
        'rsync-unknown-module',
        'config',
        `The rsync server ${where} has no module called "${moduleOf(ctx.location)}".`,
        'Check the module name: it is the [name] in the server\'s rsyncd.conf, and it is case-sensitive.',
      );
    }
    if (/^access denied/i.test(daemonError)) {
      return fail(
        'rsync-access-denied',
        'config',
        `The rsync server ${where} does not allow connections from this computer.`,
        'Add this computer\'s address to "hosts allow" for the module in the server\'s rsyncd.conf.',
      );
    }
    if (/max connections/i.test(daemonError)) {
      return fail(
        'rsync-server-busy',
        'network',
        `The rsync server ${where} is busy (its connection limit is reached).`,
        'Kura will try again. If this keeps happening, raise "max connections" in rsyncd.conf or move the backup to a quieter time.',
      );
    }
    if (/^chdir failed|^chroot failed/i.test(daemonError)) {
      return fail(
        'rsync-module-unavailable',
        'config',
        `The rsync server ${where} could not open the folder of module "${moduleOf(ctx.location)}".`,
        'Check that the "path" of the module in the server\'s rsyncd.conf exists and is readable by the daemon.',
      );
    }
    return fail('rsync-server-refused', 'config', `The rsync server ${where} refused the request: ${daemonError}`, 'Check the module settings in the server\'s rsyncd.conf.');
  }
  if (/module is read only/i.test(stderr)) {
    return fail(
      'rsync-module-read-only',
      'config',
      `The rsync module ${where} is read-only, so Kura cannot write to it.`,
      'Restoring needs "read only = no" for this module in the server\'s rsyncd.conf (you can use a separate, password-protected module for restores).',
    );
  }
  const refused = /The server is configured to refuse (\S+)/.exec(stderr);
  if (refused) {
    return fail(
      'rsync-option-refused',
      'config',
      `The rsync server ${where} refuses the option ${refused[1]} that Kura needs.`,
      'Remove it from "refuse options" in the server\'s rsyncd.conf.',
    );
  }
  const ssh = ctx.location.kind === 'ssh' ? classifySsh(stderr, where, ctx.flavour ?? 'rsync') : null;
  if (ssh) return fail(ssh.code, ssh.category, ssh.message, ssh.hint);

  switch (exitCode) {
    case 24: {
      const files = filesNamedInStderr(stderr, /^(?:file|directory) has vanished:/);
      return {
        kind: 'warning',
        code: 'rsync-vanished',
        files,
        message: `${someFiles(files)} disappeared from ${where} while being copied (usual for caches, sessions and temp files)${listFiles(files)}`,
      };
    }
    case 23: {
      const root = ctx.listedFiles ? null : /(?:change_dir|link_stat) "([^"]*)"(?: \(in [^)]*\))? failed: (.*?)(?: \(\d+\))?$/m.exec(stderr);
      if (root) {
        const missing = /No such file or directory|cannot find/i.test(root[2]!);
        const what = ctx.operation === 'push' ? `The snapshot folder "${unescapeRsyncName(root[1]!)}"` : `The folder ${where}`;
        if (ctx.operation === 'push') {
          // Restoring: the folder is a snapshot's, not the source's path — advice about the source would mislead.
          return missing
            ? fail('rsync-source-missing', 'config', `${what} does not exist.`, 'The snapshot was moved or deleted after it was chosen: choose the snapshot again.')
            : fail('rsync-source-unreadable', 'config', `${what} could not be opened: ${root[2]!}.`, 'Check that the backup disk is connected and Kura may read the snapshot folder.');
        }
        return missing
          ? fail('rsync-source-missing', 'config', `${what} does not exist.`, 'Check the path of this source (for an rsync daemon, the part after the module name).')
          : fail('rsync-source-unreadable', 'config', `${what} could not be opened: ${root[2]!}.`, 'Check that the folder is readable (for an rsync daemon, by the user the daemon runs as).');
      }
      const files = filesNamedInStderr(stderr, /^rsync:|^ERROR:/);
      return {
        kind: 'warning',
        code: 'rsync-partial',
        files,
        message: `${someFiles(files)} from ${where} could not be copied${reasonsOf(stderr)}${listFiles(files)}`,
      };
    }
    case 5:
      return fail('rsync-handshake-failed', 'network', `The rsync server ${where} ended the connection during the handshake.`, 'Check that an rsync daemon (not something else) answers on this port.');
    case 10:
    case 35: {
      if (/getaddrinfo|Name or service not known|nodename nor servname|No address associated/i.test(stderr)) {
        return fail('rsync-host-unknown', 'network', `The server name in ${where} could not be found.`, 'Check the host name for typos, and that this computer is online.');
      }
      if (/Connection refused/i.test(stderr)) {
        return fail(
          'rsync-connect-failed',
          'network',
          `Nothing answered at ${where}: the connection was refused.`,
          'Check that the rsync daemon is running on the server, the port (873 unless set), and any firewall in between.',
        );
      }
      if (exitCode === 35 || /timed out/i.test(stderr)) {
        return fail('rsync-timeout', 'network', `The connection to ${where} timed out.`, 'Check that the server is reachable from this computer (firewall, VPN).');
      }
      return fail('rsync-connection-lost', 'network', `The connection to ${where} failed: ${lastLines(stderr, 1)}`, 'Kura will try again; check the network if it keeps failing.');
    }
    case 12:
      return fail(
        'rsync-connection-lost',
        'network',
        `The connection to ${where} broke off during the transfer.`,
        'Kura will try again; if it keeps failing, check the network and that the server has rsync installed and working.',
      );
    case 30:
      return fail('rsync-timeout', 'network', `${where} stopped sending data for too long.`, 'Kura will try again; check the server\'s load and the network.');
    case 1:
      return fail('rsync-usage', 'internal', `rsync rejected Kura's command line: ${lastLines(stderr, 1)}`, 'This is a bug in Kura or an unexpected rsync version: please report it with the run log.');
    case 2:
      return fail('rsync-protocol', 'config', `This computer's rsync and the one at ${where} cannot talk to each other (incompatible versions).`, 'Update rsync on the older side.');
    case 3:
      return fail('rsync-file-select', 'config', `rsync could not use the folders given for ${where}: ${lastLines(stderr, 1)}`, 'Check the source path and the backup folder.');
    case 4:
      return fail('rsync-unsupported', 'config', `The rsync at ${where} does not support what Kura asked for: ${lastLines(stderr, 1)}`, 'Update rsync on the server (Kura needs 3.0 or newer on both sides).');
    case 11: {
      if (/No space left on device|ENOSPC|There is not enough space/i.test(stderr)) {
        return fail('disk-full', 'resource', `The ${ctx.operation === 'push' ? 'target' : 'backup folder'} ran out of disk space while copying ${where}.`, 'Free some space (or lower the retention) and run the backup again.');
      }
      if (/Permission denied|Access is denied/i.test(stderr)) {
        return fail('permission-denied', 'resource', `rsync was not allowed to write a file while copying ${where}.`, 'Check that Kura may write to the backup folder.');
      }
      return fail('rsync-file-io', 'resource', `Reading or writing files failed while copying ${where}: ${lastLines(stderr, 1)}`, 'Check the backup disk.');
    }
    case 22:
      return fail('rsync-out-of-memory', 'resource', `rsync ran out of memory while copying ${where}.`, 'Close other programs, or split the source into smaller folders.');
    case 127:
      return fail('ssh-remote-rsync-missing', 'config', `rsync is not installed on the server ${where} (or not on its PATH).`, 'Install rsync on the server.');
    default:
      return fail(
        'rsync-failed',
        'internal',
        `rsync failed (exit code ${exitCode}) while copying ${where}: ${lastLines(stderr, 3) || 'no message'}`,
        'See the run log for rsync\'s full output.',
      );
  }
}

interface SshFailure {
  code: string;
  category: ErrorCategory;
  message: string;
  hint: string;
}

/** OpenSSH's own messages (on stderr before rsync's "connection unexpectedly closed"). */
/** `/cygdrive/c/Users/x` → `C:\\Users\\x` (other paths unchanged): the spelling Windows tools take. */
function fromCygwinPath(path: string): string {
  const m = /^\/cygdrive\/([a-z])(\/.*)?$/i.exec(path);
  return m ? `${m[1]!.toUpperCase()}:${(m[2] ?? '/').replace(/\//g, '\\')}` : path;
}

function classifySsh(stderr: string, where: string, flavour: 'rsync' | 'cwrsync'): SshFailure | null {
  // Checked first: ssh then also says "Permission denied (publickey)", but the server never saw the
  // key — ssh ignored it because other users may read the file. On Windows that is the file's ACL
  // (cwRsync's ssh reads it as mode bits), which chmod cannot fix; icacls can.
  if (/UNPROTECTED PRIVATE KEY FILE/.test(stderr)) {
    const cygPath = /Permissions \S+ for '([^']+)' are too open/.exec(stderr)?.[1] ?? /Load key "([^"]+)": bad permissions/.exec(stderr)?.[1];
    const keyPath = cygPath === undefined ? null : flavour === 'cwrsync' ? fromCygwinPath(cygPath) : cygPath;
    const file = keyPath ?? 'the key file';
    return {
      code: 'ssh-key-permissions',
      category: 'config',
      message: `ssh refused to use ${keyPath ? `the SSH key ${keyPath}` : 'the SSH key'} for ${where}: other users of this computer can read it.`,
      hint:
        flavour === 'cwrsync'
          ? `Make the key readable only by you. In a Command Prompt: icacls "${file}" /inheritance:r /grant:r "%USERNAME%:F" (this removes the inherited permissions of the folder; nothing on the server needs to change).`
          : `Make the key readable only by you: chmod 600 "${file}" (nothing on the server needs to change).`,
    };
  }
  if (/Permission denied \((?:publickey|password|keyboard-interactive|gssapi)/.test(stderr)) {
    return {
      code: 'ssh-auth-failed',
      category: 'auth',
      message: `The SSH server ${where} did not accept the key.`,
      hint: 'Check the key file chosen for this source, and that its public key is in ~/.ssh/authorized_keys of that user on the server.',
    };
  }
  if (/Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/.test(stderr)) {
    return {
      code: 'ssh-host-key-changed',
      category: 'config',
      message: `The SSH server ${where} presented a different host key than the one remembered.`,
      hint: 'If the server was reinstalled or moved, remove its old line from known_hosts; otherwise someone may be intercepting the connection.',
    };
  }
  if (/Load key .*(?:bad permissions|invalid format)|Identity file .* not accessible/.test(stderr)) {
    return {
      code: 'ssh-key-unusable',
      category: 'config',
      message: `The SSH key file for ${where} cannot be used.`,
      hint: 'Check that the key file exists, is a private key without a passphrase, and is readable only by you.',
    };
  }
  if (/ssh: Could not resolve hostname/.test(stderr)) {
    return { code: 'ssh-host-unknown', category: 'network', message: `The server name in ${where} could not be found.`, hint: 'Check the host name for typos, and that this computer is online.' };
  }
  if (/ssh: connect to host .*(?:Connection refused|timed out|No route to host|Network is unreachable)/.test(stderr)) {
    return { code: 'ssh-connect-failed', category: 'network', message: `Could not connect to the SSH server ${where}.`, hint: 'Check the host, the SSH port, and any firewall in between.' };
  }
  if (/Failed to exec .*ssh/.test(stderr)) {
    return { code: 'ssh-missing', category: 'config', message: 'The ssh program could not be started.', hint: 'Install OpenSSH (or reinstall Kura on Windows), or set the ssh path in Settings.' };
  }
  if (/(?:rsync: (?:command )?not found|rsync: No such file or directory)/.test(stderr)) {
    return { code: 'ssh-remote-rsync-missing', category: 'config', message: `rsync is not installed on the server ${where} (or not on its PATH).`, hint: 'Install rsync on the server.' };
  }
  return null;
}

/**
 * The file and folder names rsync quoted on the lines selected by `linePattern` ("file has vanished: "x"",
 * "send_files failed to open "x" (in www): Permission denied", "opendir "x" (in www) failed: Permission
 * denied"), unescaped, without duplicates.
 */
export function filesNamedInStderr(stderr: string, linePattern: RegExp): string[] {
  const out: string[] = [];
  for (const line of stderr.split(/\r?\n/)) {
    if (!linePattern.test(line) || /^rsync (?:error|warning):/.test(line)) continue;
    // `send_files failed to open "x" (in m): …` names a file; `opendir "x" (in m) failed: …` a folder.
    const m = /"(.+)"(?: \(in [^)]*\))?(?::| failed:|$)/.exec(line);
    if (!m) continue;
    const name = unescapeRsyncName(m[1]!);
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/** The distinct reasons on rsync's per-file error lines (" (Permission denied)"), or "". */
function reasonsOf(stderr: string): string {
  const reasons = new Set<string>();
  for (const line of stderr.split(/\r?\n/)) {
    if (!/^rsync: .*"/.test(line)) continue;
    const m = /"(?: \(in [^)]*\))?: ([^"]+?)(?: \(\d+\))?$/.exec(line);
    if (m) reasons.add(m[1]!.trim());
  }
  return reasons.size === 0 ? '' : ` (${[...reasons].slice(0, 3).join('; ')})`;
}

/** rsync writes bytes it will not print as "\\#ooo" (octal); turn them back into UTF-8 text. */
export function unescapeRsyncName(name: string): string {
  return name.includes('\\#') ? unescapeRsyncBytes(name).toString('utf8') : name;
}

/** The same, as the exact bytes of the name (which need not be UTF-8). */
export function unescapeRsyncBytes(name: string): Buffer {
  const parts = name.split(/\\#([0-7]{3})/);
  // split with a capture group alternates: text, octal, text, octal, …
  return Buffer.concat(parts.map((part, i) => (i % 2 === 1 ? Buffer.from([parseInt(part, 8)]) : Buffer.from(part, 'utf8'))));
}

/** rsync's own last meaningful stderr lines, for messages that have nothing better to say. */
export function lastLines(stderr: string, n: number): string {
  return stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^rsync error: .* \(code \d+\)/.test(l))
    .slice(-n)
    .join(' / ');
}

export function describeLocation(location: FilesLocation): string {
  switch (location.kind) {
    case 'daemon': {
      const port = location.port === null ? '' : `:${location.port}`;
      const user = location.user === null ? '' : `${location.user}@`;
      return `rsync://${user}${location.host}${port}/${location.module}${location.path === '' ? '/' : `/${location.path.replace(/^\/+/, '')}`}`;
    }
    case 'ssh':
      return `${location.user === null ? '' : `${location.user}@`}${location.host}:${location.path}`;
    case 'local':
      return location.path;
  }
}

function moduleOf(location: FilesLocation): string {
  return location.kind === 'daemon' ? location.module : '';
}

function someFiles(files: string[]): string {
  return files.length === 0 ? 'Some files' : files.length === 1 ? '1 file' : `${files.length} files`;
}

function listFiles(files: string[]): string {
  if (files.length === 0) return '.';
  const named = files.slice(0, MAX_NAMED_FILES).join(', ');
  const more = files.length > MAX_NAMED_FILES ? ` and ${files.length - MAX_NAMED_FILES} more` : '';
  return `: ${named}${more}.`;
}

function detailOf(exitCode: number, stderr: string, ctx: RsyncExitContext): string {
  const tail = stderr.length > 8000 ? `…${stderr.slice(-8000)}` : stderr;
  return `${ctx.command ? `${ctx.command}\n` : ''}exit ${exitCode}\n${tail}`;
}
