/**
 * The rsync command lines Kura runs: pull a source into a fresh snapshot folder, push a snapshot
 * folder to a target, list a folder.
 *
 * Choices, and why:
 * - POSIX pull: `-a` plus `--chmod=Du+rwx,Fu+rw`. Permissions (and owners, when Kura runs as
 *   root) are kept so a restore puts the site back as it was; they are stable between runs, so
 *   `--link-dest` still hard-links unchanged files. The chmod only guarantees that Kura's own user
 *   can read every file and delete every folder of a snapshot (a 0555 folder would make pruning
 *   fail, a 0000 file verification); web files have these bits anyway.
 * - cwRsync pull: `-rt --links --chmod=ugo=rwX`, never `-a`. On NTFS, Cygwin fakes Unix permissions
 *   and owners through ACLs: preserving them makes `--link-dest` see every file as changed (no hard
 *   links, full copies every night) and leaves files Explorer cannot open. ugo=rwX is cwRsync's own
 *   advice: plain readable files, execute kept only where it was.
 * - Push (restore, off-site copy): `-rlpt` (cwRsync: `-rt --links --chmod=ugo=rwX,go-w`), never
 *   owners/groups: those come from the receiving side (the daemon's `uid`, the SSH user), and a
 *   snapshot taken as a normal user holds that user as owner, which must not land on the server.
 * - `-s` (`--protect-args`, called `--secluded-args` since 3.2.4): file names travel inside the
 *   protocol instead of the remote command line, so spaces, Japanese names, quotes and `$(…)`
 *   are never seen by a remote shell. Not over SSH when it is not needed: rrsync (the usual
 *   `command=` restriction of a backup key, and what server-setup prints) refuses `-s`. rsync
 *   3.2.4+ backslash-escapes the remote path for the remote shell by itself, and an older one
 *   needs `-s` only for a path with characters a shell would read.
 * - `--` before the operands: nothing positional is ever parsed as an option.
 * - `-8` and `--no-h`: names with non-ASCII characters and numbers come out unmangled whatever
 *   the locale (cwRsync usually runs in the C locale), so parsers and error messages stay exact.
 * - No `--partial` (a half file in a snapshot is worse than none), no `--delete` on pull (the
 *   folder is fresh). `--timeout`/`--contimeout` so a dead server fails the run instead of hanging it.
 */
import { RSYNC_LIST_IO_SECONDS, TEST_CONNECT_SECONDS } from '../answer-timeouts.js';
import { KuraError } from '../../errors.js';
import type { FilesLocation } from '../../config/files-location.js';
import { excludeProblem } from './exclude-rule.js';
import type { RsyncClient } from './detect-rsync.js';
import { localOperand, locationOperand, type DaemonSpelling } from './rsync-address.js';

/** Seconds without any data before rsync gives up (exit 30); rsync sends keep-alives meanwhile. */
export const IO_TIMEOUT_SECONDS = 600;
/** Seconds to wait for a daemon to accept the connection (exit 35). */
export const CONNECT_TIMEOUT_SECONDS = 30;

type ClientTraits = Pick<RsyncClient, 'flavour' | 'supports'>;

export interface PullArgsInput {
  client: ClientTraits;
  location: FilesLocation;
  destDir: string;
  linkDestDir: string | null;
  exclude: readonly string[];
  /** The `-e` value (see buildSshCommand); required for SSH locations. */
  sshCommand?: string;
  daemonSpelling?: DaemonSpelling;
  /** Print a TRANSFER_MARK line for every file whose data was copied (see TRANSFER_FORMAT). */
  reportTransferred?: boolean;
  /**
   * Copy only the paths listed (NUL-separated, relative to the source) in this local file
   * (`--files-from --from0`): re-fetching a few files, or checking them again with `dryRun`.
   */
  filesFrom?: string;
  /** Report what would be copied without copying (`--dry-run`). */
  dryRun?: boolean;
}

/**
 * `--out-format` for reportTransferred: one line per transferred file, after its data arrived (a `%b`
 * in the format makes rsync log after the transfer, not before), marked so no other output can pass for it.
 */
export const TRANSFER_MARK = 'KURA> ';
const TRANSFER_FORMAT = `${TRANSFER_MARK}%i %b %n`;

export type PushMode = 'merge' | 'mirror';

export interface PushArgsInput {
  client: ClientTraits;
  fromDir: string;
  location: FilesLocation;
  subPath?: string;
  /** `mirror` also deletes files at the target that the snapshot does not have (`--delete`). */
  mode: PushMode;
  exclude: readonly string[];
  sshCommand?: string;
  daemonSpelling?: DaemonSpelling;
  /** Only report what would be copied (`--dry-run`): restore uses it to prove a remote target is complete. */
  dryRun?: boolean;
  /** Compare content, not size and time (`--checksum`): proving a restored copy byte for byte. */
  checksum?: boolean;
  /** Print a TRANSFER_MARK line per copied file and per deletion (see TRANSFER_FORMAT). */
  reportTransferred?: boolean;
  /**
   * Copy only this folder or file below `fromDir` ("/"-separated), recreating its parent folders at
   * the target (`--relative` with a `/./` marker): restoring `images/2026` into a site that lost
   * `images/` entirely must still work, locally and through a daemon.
   */
  relativePath?: string;
}

export interface ListArgsInput {
  client: ClientTraits;
  location: FilesLocation;
  sshCommand?: string;
  daemonSpelling?: DaemonSpelling;
}

export function buildPullArgs(input: PullArgsInput): string[] {
  const { client, location } = input;
  const source = locationOperand(location, { flavour: client.flavour, spelling: input.daemonSpelling, trailingSlash: true });
  const args = [...pullAttributeFlags(client.flavour), ...commonFlags(client, location), '--stats', ...progressFlags(client)];
  args.push(...remoteFlags(location, input.sshCommand));
  if (input.linkDestDir !== null) args.push(`--link-dest=${localOperand(input.linkDestDir, client.flavour, '', false)}`);
  if (input.reportTransferred) args.push(`--out-format=${TRANSFER_FORMAT}`);
  if (input.filesFrom !== undefined) args.push(`--files-from=${localOperand(input.filesFrom, client.flavour, '', false)}`, '--from0');
  if (input.dryRun) args.push('--dry-run');
  args.push(...excludeFlags(input.exclude));
  args.push(...source.options, '--', source.operand, localOperand(input.destDir, client.flavour));
  return args;
}

export function buildPushArgs(input: PushArgsInput): string[] {
  const { client, location } = input;
  const target = locationOperand(location, {
    flavour: client.flavour,
    spelling: input.daemonSpelling,
    subPath: input.subPath,
    trailingSlash: true,
  });
  const args = [...pushAttributeFlags(client.flavour), ...commonFlags(client, location), '--stats', ...progressFlags(client)];
  switch (input.mode) {
    case 'mirror':
      args.push('--delete');
      break;
    case 'merge':
      break;
  }
  if (input.dryRun) args.push('--dry-run');
  if (input.checksum) args.push('--checksum');
  if (input.reportTransferred) args.push(`--out-format=${TRANSFER_FORMAT}`);
  args.push(...remoteFlags(location, input.sshCommand));
  args.push(...excludeFlags(input.exclude));
  let source = localOperand(input.fromDir, client.flavour);
  if (input.relativePath) {
    const rel = input.relativePath.replace(/^\/+|\/+$/g, '');
    if (rel === '' || rel.split('/').some((c) => c === '..' || c === '.' || c === '')) {
      throw new Error(`relativePath must be a plain relative path, got "${input.relativePath}"`);
    }
    args.push('--relative');
    source = `${source}./${rel}`;
  }
  args.push(...target.options, '--', source, target.operand);
  return args;
}

export function buildListArgs(input: ListArgsInput): string[] {
  const { client, location } = input;
  const target = locationOperand(location, { flavour: client.flavour, spelling: input.daemonSpelling, trailingSlash: true });
  // -l: without it symlinks are listed without their "-> target". A listing is the wizard's test: the
  // test's short bounds, so a hung server is reported within seconds.
  const bounds = { io: RSYNC_LIST_IO_SECONDS, connect: TEST_CONNECT_SECONDS };
  return ['--list-only', '-l', ...commonFlags(client, location), ...remoteFlags(location, input.sshCommand, bounds), ...target.options, '--', target.operand];
}

function pullAttributeFlags(flavour: ClientTraits['flavour']): string[] {
  switch (flavour) {
    case 'rsync':
      return ['-a', '--chmod=Du+rwx,Fu+rw'];
    case 'cwrsync':
      return ['-rt', '--links', '--chmod=ugo=rwX'];
  }
}

function pushAttributeFlags(flavour: ClientTraits['flavour']): string[] {
  switch (flavour) {
    case 'rsync':
      return ['-rlpt'];
    case 'cwrsync':
      return ['-rt', '--links', '--chmod=ugo=rwX,go-w'];
  }
}

function commonFlags(client: ClientTraits, location: FilesLocation): string[] {
  const protect = location.kind !== 'ssh' || !(client.supports.escapesArgs === true || /^[A-Za-z0-9/._+-]+$/.test(location.path));
  return [...(protect ? ['-s'] : []), '-8', '--no-h'];
}

function progressFlags(client: ClientTraits): string[] {
  return client.supports.infoProgress2 ? ['--info=progress2'] : ['--progress'];
}

function remoteFlags(location: FilesLocation, sshCommand: string | undefined, bounds = { io: IO_TIMEOUT_SECONDS, connect: CONNECT_TIMEOUT_SECONDS }): string[] {
  switch (location.kind) {
    case 'daemon':
      return ['--no-motd', `--timeout=${bounds.io}`, `--contimeout=${bounds.connect}`];
    case 'ssh':
      if (sshCommand === undefined) {
        throw new KuraError({ code: 'internal', params: { reason: 'an SSH location needs the ssh command (-e) to be built first' }, category: 'internal' });
      }
      return [`--timeout=${bounds.io}`, '-e', sshCommand];
    case 'local':
      return [];
  }
}

/**
 * `--exclude=PATTERN` is one argv element, so a pattern can never become an option. Refused: control
 * characters (a newline would start a second rule in a filter file) and a bare "!", which rsync
 * reads as "forget all excludes so far".
 */
export function excludeFlags(patterns: readonly string[]): string[] {
  return patterns.map((p) => {
    if (excludeProblem(p) !== null) throw new KuraError({ code: 'rsync-unsafe-argument~exclude', params: { pattern: JSON.stringify(p) }, category: 'config' });
    return `--exclude=${p}`;
  });
}
