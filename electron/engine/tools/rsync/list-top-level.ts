/**
 * Lists the top level of a location (`rsync --list-only host::module/`): the setup wizard's "Test
 * connection". It proves the address, the password and the module in one go, and shows the admin
 * the folders they are about to back up, so a wrong module is noticed before the first night.
 */
import type { FilesLocation } from '../../config/files-location.js';
import type { Logger } from '../../progress.js';
import type { RsyncClient } from './detect-rsync.js';
import type { DaemonSpelling } from './rsync-address.js';
import { KuraError } from '../../errors.js';
import { buildListArgs } from './rsync-args.js';
import { unescapeRsyncName } from './rsync-errors.js';
import { parseCount } from './rsync-progress.js';
import { runRsync, sshCommandFor } from './run-rsync.js';
import type { RemoteShellProgram } from './ssh-command.js';

export type EntryKind = 'directory' | 'file' | 'symlink' | 'other';

export interface ListedEntry {
  name: string;
  kind: EntryKind;
  /** Bytes (for a folder: the folder entry itself, not its contents). */
  size: number;
  /** As rsync prints it, in the server's local time: "2024/05/01 03:00:12". */
  modified: string;
  /** Symlinks only: where the link points. */
  target?: string;
}

export interface ListTopLevelOptions {
  client: RsyncClient;
  sshKeyPath?: string;
  sshPort?: number;
  /** The job's SSH connection as rsync's remote shell (`"via": "ssh"` sources). */
  remoteShell?: RemoteShellProgram;
  daemonSpelling?: DaemonSpelling;
  signal?: AbortSignal;
  logger?: Logger;
}

/** The entries directly inside the location (without "."), folders first, then by name. */
export async function listTopLevel(location: FilesLocation, password: string | null, opts: ListTopLevelOptions): Promise<ListedEntry[]> {
  const entries: ListedEntry[] = [];
  const args = buildListArgs({
    client: opts.client,
    location,
    sshCommand: sshCommandFor(opts.client, location, opts.sshKeyPath, opts.sshPort, opts.remoteShell),
    daemonSpelling: opts.daemonSpelling,
  });
  let answered = false;
  const started = Date.now();
  await runRsync({
    client: opts.client,
    args,
    operation: 'list',
    location,
    password,
    extraEnv: opts.remoteShell?.env,
    signal: opts.signal,
    logger: opts.logger,
    onStdoutLine: (line) => {
      answered = true;
      const e = parseListLine(line);
      if (e && e.name !== '.' && entries.length < 10_000) entries.push(e);
    },
  }).catch((err: unknown) => {
    // rsync's I/O timeout before the daemon said a word: it took the connection and then hung.
    if (!answered && location.kind === 'daemon' && err instanceof KuraError && err.code === 'rsync-timeout' && err.params?.['variant'] === 'stalled') {
      throw new KuraError({ code: 'server-no-answer', params: { what: 'rsync', where: `${location.host}:${location.port ?? 873}`, seconds: Math.round((Date.now() - started) / 1000) }, category: 'network', ...(err.detail ? { detail: err.detail } : {}) });
    }
    throw err;
  });
  const rank = (k: EntryKind) => (k === 'directory' ? 0 : 1);
  return entries.sort((a, b) => rank(a.kind) - rank(b.kind) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * One line of `--list-only --no-h -8`: "drwxr-xr-x        4096 2026/11/24 02:05:59 with space".
 * Returns null for anything else (a daemon's MOTD, blank lines).
 */
export function parseListLine(line: string): ListedEntry | null {
  const m = /^([-dlcbps])[-rwxsStT]{9}[+.@]?\s+([\d,.]+)\s+(\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}) (.+)$/.exec(line);
  if (!m) return null;
  const type = m[1]!;
  let name = m[4]!;
  let target: string | undefined;
  if (type === 'l') {
    const arrow = name.indexOf(' -> ');
    if (arrow >= 0) {
      target = unescapeRsyncName(name.slice(arrow + 4));
      name = name.slice(0, arrow);
    }
  }
  const kind: EntryKind = type === 'd' ? 'directory' : type === '-' ? 'file' : type === 'l' ? 'symlink' : 'other';
  const entry: ListedEntry = { name: unescapeRsyncName(name), kind, size: parseCount(m[2]!), modified: m[3]! };
  if (target !== undefined) entry.target = target;
  return entry;
}
