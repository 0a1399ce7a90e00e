/**
 * Parses the `from` of a files source. Admins copy these from the seed's commands and from their
 * hosting panel, so all the usual rsync spellings are accepted:
 *   rsync://[user@]host[:port]/module/path   rsync daemon, URL form
 *   [user@]host::module/path                 rsync daemon, the seed's form
 *   [user@]host:/path                        SSH (key-based)
 *   /path, C:\path, C:/path, \\server\share  a local or network folder
 */
import { hasControlChar } from '../util/text.js';

export type FilesLocation =
  | { kind: 'daemon'; user: string | null; host: string; port: number | null; module: string; path: string }
  | { kind: 'ssh'; user: string | null; host: string; path: string }
  | { kind: 'local'; path: string };

export type ParseResult = { ok: true; location: FilesLocation } | { ok: false; reason: string };

const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)$/;
const USER = /^[A-Za-z0-9._][A-Za-z0-9._-]*$/;
const MODULE = /^[A-Za-z0-9_.][A-Za-z0-9_. -]*$/;

export function parseFilesLocation(input: string): ParseResult {
  if (hasControlChar(input)) return { ok: false, reason: 'contains a control character (a newline or tab?)' };
  const from = input.trim();
  if (from === '') return { ok: false, reason: 'is empty' };

  if (/^[A-Za-z]:[\\/]/.test(from) || from.startsWith('\\\\') || from.startsWith('/')) {
    return { ok: true, location: { kind: 'local', path: from } };
  }

  // "D:www" and "D:" are Windows paths relative to drive D:'s current folder, not the SSH host "D"
  // (rsync would read them so): refused with the fix. A one-letter SSH host needs its user: web@d:/srv.
  const driveRelative = /^([A-Za-z]):(?![\\/:])(.*)$/.exec(from);
  if (driveRelative) {
    const drive = driveRelative[1]!.toUpperCase();
    return {
      ok: false,
      reason: `is relative to the current folder of drive ${drive}: (not a full path); write the whole path, for example ${drive}:\\${driveRelative[2] || 'folder'}`,
    };
  }

  const url = /^rsync:\/\/(?:([^@/]+)@)?(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/([^/]+)(?:\/(.*))?$/i.exec(from);
  if (/^rsync:\/\//i.test(from)) {
    if (!url) return { ok: false, reason: 'is not of the form rsync://[user@]host[:port]/module/path' };
    return daemon(url[1], url[2]!, url[3], url[4]!, url[5] ?? '');
  }

  const dbl = /^(?:([^@]+)@)?([^:@]+)::([^/]*)(?:\/(.*))?$/.exec(from);
  if (dbl) return daemon(dbl[1], dbl[2]!, undefined, dbl[3]!, dbl[4] ?? '');

  const ssh = /^(?:([^@]+)@)?(\[[^\]]+\]|[^:@]+):(.*)$/.exec(from);
  if (ssh) {
    const [, user, host, path] = ssh;
    if (!HOST.test(host!)) return { ok: false, reason: `has an invalid host name "${host}"` };
    if (user !== undefined && !USER.test(user)) return { ok: false, reason: `has an invalid user name "${user}"` };
    if (path === '') return { ok: false, reason: 'needs a folder after "host:" (for example web@host:/var/www/)' };
    return { ok: true, location: { kind: 'ssh', user: user ?? null, host: host!, path: path! } };
  }
  return {
    ok: false,
    reason: 'is not a folder or rsync address (expected rsync://host/module/, user@host::module, user@host:/path or an absolute folder)',
  };
}

function daemon(user: string | undefined, host: string, port: string | undefined, module: string, path: string): ParseResult {
  if (!HOST.test(host)) return { ok: false, reason: `has an invalid host name "${host}"` };
  if (user !== undefined && !USER.test(user)) return { ok: false, reason: `has an invalid user name "${user}"` };
  if (module === '' || !MODULE.test(module)) return { ok: false, reason: `has an invalid module name "${module}"` };
  const portNum = port === undefined ? null : Number(port);
  if (portNum !== null && (!Number.isInteger(portNum) || portNum < 1 || portNum > 65535)) {
    return { ok: false, reason: `has an invalid port "${port}"` };
  }
  if (path.split('/').includes('..')) return { ok: false, reason: 'must not contain ".." in the path' };
  return { ok: true, location: { kind: 'daemon', user: user ?? null, host, port: portNum, module, path } };
}
