/**
 * The `-e` value for SSH sources.
 *
 * rsync splits this string itself (no shell involved): on spaces, with '…' or "…" keeping spaces
 * together and a doubled quote inside quotes standing for one quote character; backslashes are
 * literal. Every path is quoted by those rules, so a key file under "C:\Users\山田 太郎\.ssh" stays
 * one argument. The options make a scheduled run fail fast instead of waiting at a prompt nobody
 * sees: BatchMode (no password or passphrase prompt), accept-new (trust a server on first contact,
 * but refuse a changed host key), a connect timeout, and keep-alives so a dead link is noticed.
 * The key is remembered in Kura's own known-hosts file (unhashed, so Kura can read it too): the
 * default `~/.ssh/known_hosts` is out of reach of cwRsync's ssh, which then trusted any key on
 * every run without a word. run-rsync.ts reports when ssh could not record a key.
 *
 * Sources that go through the job's server connection (`"via": "ssh"`) do not use this: their
 * `-e` is Kura's own proxy over the connection it made (tools/ssh/rsync-transport.ts).
 */
import { KuraError } from '../../errors.js';
import { hasControlChar } from '../../util/text.js';
import { toRsyncPath } from './cygwin-path.js';
import type { RsyncFlavour } from './detect-rsync.js';

export interface SshCommandOptions {
  sshPath: string;
  flavour: RsyncFlavour;
  keyPath?: string;
  port?: number;
  knownHostsFile?: string | null;
}

/** The remote-shell program of a job's server connection (see tools/ssh/rsync-transport.ts). */
export interface RemoteShellProgram {
  program: string;
  args: readonly string[];
  env: Record<string, string>;
}

/** The `-e` value that runs Kura's SSH proxy; the program path converted for cwRsync, the script's own arguments left as they are. */
export function buildProxyCommand(shell: RemoteShellProgram, flavour: RsyncFlavour): string {
  return [quoteRshArg(toRsyncPath(shell.program, flavour)), ...shell.args.map(quoteRshArg)].join(' ');
}

export function buildSshCommand(opts: SshCommandOptions): string {
  const parts = [
    quoteRshArg(toRsyncPath(opts.sshPath, opts.flavour)),
    '-o', 'BatchMode=yes',
    '-o', 'StrictHostKeyChecking=accept-new',
    '-o', 'ConnectTimeout=30',
    '-o', 'ServerAliveInterval=30',
    '-o', 'ServerAliveCountMax=4',
  ];
  if (opts.knownHostsFile) {
    parts.push('-o', quoteRshArg(`UserKnownHostsFile=${toRsyncPath(opts.knownHostsFile, opts.flavour)}`), '-o', 'HashKnownHosts=no');
  }
  if (opts.port !== undefined) {
    if (!Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65535) {
      throw new KuraError({
        code: 'rsync-unsafe-argument',
        category: 'config',
        message: `The SSH port ${opts.port} is not a port number.`,
        hint: 'Ports are whole numbers from 1 to 65535 (SSH normally uses 22).',
      });
    }
    parts.push('-p', String(opts.port));
  }
  if (opts.keyPath !== undefined) {
    // IdentitiesOnly: use this key, not whatever an agent offers first (servers cut off after a few tries).
    parts.push('-i', quoteRshArg(toRsyncPath(opts.keyPath, opts.flavour)), '-o', 'IdentitiesOnly=yes');
  }
  return parts.join(' ');
}

/** Quotes one argument for rsync's own `-e` splitting (see the file comment). */
export function quoteRshArg(arg: string): string {
  if (arg === '' || hasControlChar(arg)) {
    throw new KuraError({
      code: 'rsync-unsafe-argument',
      category: 'config',
      message: `Kura will not pass "${arg}" to ssh: it is empty or holds a control character.`,
      hint: 'Check the SSH key file path in the source settings.',
    });
  }
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) && !arg.startsWith('-')) return arg;
  return `"${arg.replace(/"/g, '""')}"`;
}
