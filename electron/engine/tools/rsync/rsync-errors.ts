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
import { KuraError, type CataloguedErrorInit, type ErrorCategory } from '../../errors.js';
import type { FilesLocation } from '../../config/files-location.js';
import { listParam, msg, type MessageData } from '../../../shared/messages/index.js';

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
  /** `message`: the warning as data (catalogue: rsync-vanished, rsync-partial), said in the admin's language. */
  | { kind: 'warning'; code: RsyncWarningCode; message: MessageData; files: string[] }
  | { kind: 'failed'; error: KuraError };

/** How many file names a warning spells out before "and N more". */
const MAX_NAMED_FILES = 20;

/** A catalogued failure without its category and detail (what classifySsh hands back). */
type Failure = Omit<CataloguedErrorInit, 'category' | 'detail' | 'cause'>;

export function classifyRsyncExit(exitCode: number, stderr: string, ctx: RsyncExitContext): RsyncOutcome {
  const where = describeLocation(ctx.location);
  const fail = (category: ErrorCategory, f: Failure): RsyncOutcome => ({
    kind: 'failed',
    error: new KuraError({ ...f, category, detail: detailOf(exitCode, stderr, ctx) } as CataloguedErrorInit),
  });

  if (exitCode === 0) return { kind: 'ok' };

  // Messages that mean the same thing whatever code they come with.
  const daemonError = /@ERROR:\s*(.*)/.exec(stderr)?.[1]?.trim();
  if (daemonError !== undefined) {
    if (/^auth failed on module/i.test(daemonError)) {
      const user = ctx.location.kind === 'daemon' && ctx.location.user !== null ? ctx.location.user : '<user>';
      return fail('auth', { code: 'rsync-auth-failed', params: { where, user } });
    }
    if (/^Unknown module/i.test(daemonError)) return fail('config', { code: 'rsync-unknown-module', params: { where, module: moduleOf(ctx.location) } });
    if (/^access denied/i.test(daemonError)) return fail('config', { code: 'rsync-access-denied', params: { where } });
    if (/max connections/i.test(daemonError)) return fail('network', { code: 'rsync-server-busy', params: { where } });
    if (/^chdir failed|^chroot failed/i.test(daemonError)) return fail('config', { code: 'rsync-module-unavailable', params: { where, module: moduleOf(ctx.location) } });
    return fail('config', { code: 'rsync-server-refused', params: { where, reason: daemonError } });
  }
  if (/module is read only/i.test(stderr)) return fail('config', { code: 'rsync-module-read-only', params: { where } });
  const refused = /The server is configured to refuse (\S+)/.exec(stderr);
  if (refused) return fail('config', { code: 'rsync-option-refused', params: { where, option: refused[1]! } });
  const ssh = ctx.location.kind === 'ssh' ? classifySsh(stderr, where, ctx.flavour ?? 'rsync') : null;
  if (ssh) return fail(ssh.category, ssh.failure);

  switch (exitCode) {
    case 24: {
      const files = filesNamedInStderr(stderr, /^(?:file|directory) has vanished:/);
      return {
        kind: 'warning',
        code: 'rsync-vanished',
        files,
        message:
          files.length === 0
            ? msg('rsync-vanished-unnamed', { where })
            : msg('rsync-vanished', { count: files.length, where, files: listParam(files, MAX_NAMED_FILES) }),
      };
    }
    case 23: {
      const root = ctx.listedFiles ? null : /(?:change_dir|link_stat) "([^"]*)"(?: \(in [^)]*\))? failed: (.*?)(?: \(\d+\))?$/m.exec(stderr);
      if (root) {
        const missing = /No such file or directory|cannot find/i.test(root[2]!);
        if (ctx.operation === 'push') {
          // Restoring: the folder is a snapshot's, not the source's path — advice about the source would mislead.
          const path = unescapeRsyncName(root[1]!);
          return missing
            ? fail('config', { code: 'rsync-source-missing~snapshot', params: { path } })
            : fail('config', { code: 'rsync-source-unreadable~snapshot', params: { path, reason: root[2]! } });
        }
        return missing ? fail('config', { code: 'rsync-source-missing', params: { where } }) : fail('config', { code: 'rsync-source-unreadable', params: { where, reason: root[2]! } });
      }
      const files = filesNamedInStderr(stderr, /^rsync:|^ERROR:/);
      const reasons = reasonsOf(stderr);
      return {
        kind: 'warning',
        code: 'rsync-partial',
        files,
        message:
          files.length === 0
            ? msg('rsync-partial-unnamed', { where, reasons })
            : msg('rsync-partial', { count: files.length, where, reasons, files: listParam(files, MAX_NAMED_FILES) }),
      };
    }
    case 5:
      return fail('network', { code: 'rsync-handshake-failed', params: { where } });
    case 10:
    case 35: {
      if (/getaddrinfo|Name or service not known|nodename nor servname|No address associated/i.test(stderr)) return fail('network', { code: 'rsync-host-unknown', params: { where } });
      if (/Connection refused/i.test(stderr)) return fail('network', { code: 'rsync-connect-failed', params: { where } });
      if (exitCode === 35 || /timed out/i.test(stderr)) return fail('network', { code: 'rsync-timeout', params: { where } });
      return fail('network', { code: 'rsync-connection-lost~connect', params: { where, reason: lastLines(stderr, 1) } });
    }
    case 12:
      return fail('network', { code: 'rsync-connection-lost', params: { where } });
    case 30:
      return fail('network', { code: 'rsync-timeout~stalled', params: { where } });
    case 1:
      return fail('internal', { code: 'rsync-usage', params: { reason: lastLines(stderr, 1) } });
    case 2:
      return fail('config', { code: 'rsync-protocol', params: { where } });
    case 3:
      return fail('config', { code: 'rsync-file-select', params: { where, reason: lastLines(stderr, 1) } });
    case 4:
      return fail('config', { code: 'rsync-unsupported', params: { where, reason: lastLines(stderr, 1) } });
    case 11: {
      if (/No space left on device|ENOSPC|There is not enough space/i.test(stderr)) {
        return fail('resource', { code: ctx.operation === 'push' ? 'disk-full~rsync-target' : 'disk-full~rsync', params: { where } });
      }
      if (/Permission denied|Access is denied/i.test(stderr)) return fail('resource', { code: 'permission-denied~rsync', params: { where } });
      return fail('resource', { code: 'rsync-file-io', params: { where, reason: lastLines(stderr, 1) } });
    }
    case 22:
      return fail('resource', { code: 'rsync-out-of-memory', params: { where } });
    case 127:
      return fail('config', { code: 'ssh-remote-rsync-missing', params: { where } });
    default: {
      const output = lastLines(stderr, 3);
      return fail('internal', output ? { code: 'rsync-failed', params: { exitCode, where, output } } : { code: 'rsync-failed~silent', params: { exitCode, where } });
    }
  }
}

/** `/cygdrive/c/Users/x` → `C:\\Users\\x` (other paths unchanged): the spelling Windows tools take. */
function fromCygwinPath(path: string): string {
  const m = /^\/cygdrive\/([a-z])(\/.*)?$/i.exec(path);
  return m ? `${m[1]!.toUpperCase()}:${(m[2] ?? '/').replace(/\//g, '\\')}` : path;
}

/** OpenSSH's own messages (on stderr before rsync's "connection unexpectedly closed"). */
function classifySsh(stderr: string, where: string, flavour: 'rsync' | 'cwrsync'): { category: ErrorCategory; failure: Failure } | null {
  // Checked first: ssh then also says "Permission denied (publickey)", but the server never saw the
  // key — ssh ignored it because other users may read the file. On Windows that is the file's ACL
  // (cwRsync's ssh reads it as mode bits), which chmod cannot fix; icacls can.
  if (/UNPROTECTED PRIVATE KEY FILE/.test(stderr)) {
    const cygPath = /Permissions \S+ for '([^']+)' are too open/.exec(stderr)?.[1] ?? /Load key "([^"]+)": bad permissions/.exec(stderr)?.[1];
    const keyPath = cygPath === undefined ? null : flavour === 'cwrsync' ? fromCygwinPath(cygPath) : cygPath;
    const file = keyPath ?? '<key file>';
    const command = flavour === 'cwrsync' ? `icacls "${file}" /inheritance:r /grant:r "%USERNAME%:F"` : `chmod 600 "${file}"`;
    const code = keyPath === null ? (flavour === 'cwrsync' ? 'ssh-key-permissions~unnamed-windows' : 'ssh-key-permissions~unnamed') : flavour === 'cwrsync' ? 'ssh-key-permissions~windows' : 'ssh-key-permissions';
    return { category: 'config', failure: { code, params: { key: keyPath ?? '', where, command } } as Failure };
  }
  if (/Permission denied \((?:publickey|password|keyboard-interactive|gssapi)/.test(stderr)) return { category: 'auth', failure: { code: 'ssh-auth-failed', params: { where } } };
  if (/Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED/.test(stderr)) return { category: 'config', failure: { code: 'ssh-host-key-changed~known-hosts', params: { where } } };
  if (/Load key .*(?:bad permissions|invalid format)|Identity file .* not accessible/.test(stderr)) return { category: 'config', failure: { code: 'ssh-key-unusable', params: { where } } };
  if (/ssh: Could not resolve hostname/.test(stderr)) return { category: 'network', failure: { code: 'ssh-host-unknown', params: { where } } };
  if (/ssh: connect to host .*(?:Connection refused|timed out|No route to host|Network is unreachable)/.test(stderr)) return { category: 'network', failure: { code: 'ssh-connect-failed', params: { where } } };
  if (/Failed to exec .*ssh/.test(stderr)) return { category: 'config', failure: { code: 'ssh-missing', params: {} } };
  if (/(?:rsync: (?:command )?not found|rsync: No such file or directory)/.test(stderr)) return { category: 'config', failure: { code: 'ssh-remote-rsync-missing', params: { where } } };
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

/** The distinct reasons on rsync's per-file error lines (" (Permission denied)"), or "": rsync's own words. */
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

function detailOf(exitCode: number, stderr: string, ctx: RsyncExitContext): string {
  const tail = stderr.length > 8000 ? `…${stderr.slice(-8000)}` : stderr;
  return `${ctx.command ? `${ctx.command}\n` : ''}exit ${exitCode}\n${tail}`;
}
