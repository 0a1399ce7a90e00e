/**
 * Turns a FilesLocation into the operand rsync is given (plus `--port` for the `::` spelling).
 *
 * The location normally comes from `parseFilesLocation`, which already refuses dangerous hosts,
 * users and modules; it is checked again here because this is the last step before argv, and a
 * location built in code (a restore target, a test) never went through the parser. What cannot be
 * made safe is refused with a config error rather than "cleaned up": a silently different path is
 * a backup of the wrong thing.
 */
import { KuraError } from '../../errors.js';
import type { FilesLocation } from '../../config/files-location.js';
import { hasControlChar } from '../../util/text.js';
import { toRsyncPath } from './cygwin-path.js';
import type { RsyncFlavour } from './detect-rsync.js';

/**
 * The two spellings of a daemon address. They reach the same daemon; `double-colon` is what the
 * admins' existing scripts use (`user@host::module`), so logs can show the form they recognise.
 * The `::` form has no place for a port, so a port is sent as `--port=N` (rsync ignores the
 * RSYNC_PORT variable for daemon connections: it only sets it for a remote shell).
 */
export type DaemonSpelling = 'url' | 'double-colon';

/** The spelling the admin typed in `from` (anything not `rsync://` that is a daemon address is `::`). */
export function daemonSpellingOf(from: string): DaemonSpelling {
  return /^\s*rsync:\/\//i.test(from) ? 'url' : 'double-colon';
}

export interface RsyncOperand {
  /** The positional argument, always after `--`. */
  operand: string;
  /** Options this operand needs (only `--port=N` for the `::` spelling). */
  options: string[];
}

export interface OperandOptions {
  flavour: RsyncFlavour;
  spelling?: DaemonSpelling;
  /** A sub-folder below the location (push targets), "/"-separated, relative. */
  subPath?: string;
  /** End with "/" so rsync means "the folder's contents", never "the folder itself inside the target". */
  trailingSlash: boolean;
}

const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)$/;
const USER = /^[A-Za-z0-9._][A-Za-z0-9._-]*$/;
const MODULE = /^[A-Za-z0-9_.][A-Za-z0-9_. -]*$/;

export function locationOperand(location: FilesLocation, opts: OperandOptions): RsyncOperand {
  const sub = opts.subPath === undefined ? '' : checkRelative(opts.subPath, 'sub-folder');
  switch (location.kind) {
    case 'daemon': {
      checkHostUser(location.host, location.user);
      if (!MODULE.test(location.module) || location.module.includes(']')) {
        throw unsafe('module', location.module);
      }
      if (location.port !== null && (!Number.isInteger(location.port) || location.port < 1 || location.port > 65535)) {
        throw unsafe('port', String(location.port));
      }
      let path = joinRemote(checkRelative(location.path, 'path'), sub, opts.trailingSlash);
      // The daemon strips "module/" and parses what is left with its option parser, with or without
      // -s: a folder called "--rsh=x" would become an option there. "./--rsh=x" is the same folder.
      if (path.startsWith('-')) path = `./${path}`;
      const user = location.user === null ? '' : `${location.user}@`;
      const tail = path === '' ? (opts.trailingSlash ? '/' : '') : `/${path}`;
      if ((opts.spelling ?? 'url') === 'url') {
        const port = location.port === null ? '' : `:${location.port}`;
        return { operand: `rsync://${user}${location.host}${port}/${location.module}${tail}`, options: [] };
      }
      return {
        operand: `${user}${location.host}::${location.module}${tail}`,
        options: location.port === null ? [] : [`--port=${location.port}`],
      };
    }
    case 'ssh': {
      checkHostUser(location.host, location.user);
      if (location.path === '' || hasControlChar(location.path)) {
        throw unsafe('remote-folder', location.path);
      }
      let path = joinRemote(location.path, sub, opts.trailingSlash);
      // A remote path starting with "-" would reach the remote rsync's option parser; "./-x" is the same file.
      if (path.startsWith('-')) path = `./${path}`;
      const user = location.user === null ? '' : `${location.user}@`;
      return { operand: `${user}${location.host}:${path}`, options: [] };
    }
    case 'local':
      return { operand: localOperand(location.path, opts.flavour, sub, opts.trailingSlash), options: [] };
  }
}

/**
 * A local folder as rsync must see it: absolute (a relative "a:b" would be read as host "a"),
 * converted for cwRsync, optionally with a trailing slash.
 */
export function localOperand(path: string, flavour: RsyncFlavour, subPath = '', trailingSlash = true): string {
  if (path === '' || hasControlChar(path)) throw unsafe('folder', path);
  const absolute = /^[A-Za-z]:[\\/]/.test(path) || /^[\\/]/.test(path) || /^\\\\\?\\/.test(path);
  if (!absolute) throw unsafe('folder-relative', path);
  let p = toRsyncPath(path, flavour);
  if (subPath !== '') p = `${p.replace(/\/+$/, '')}/${subPath}`;
  if (trailingSlash && !p.endsWith('/')) p += '/';
  return p;
}

function joinRemote(base: string, sub: string, trailingSlash: boolean): string {
  let p = base;
  if (sub !== '') p = p === '' ? sub : `${p.replace(/\/+$/, '')}/${sub}`;
  if (trailingSlash && p !== '' && !p.endsWith('/')) p += '/';
  return p;
}

function checkHostUser(host: string, user: string | null): void {
  if (!HOST.test(host)) throw unsafe('host', host);
  if (user !== null && !USER.test(user)) throw unsafe('user', user);
}

function checkRelative(path: string, what: 'sub-folder' | 'path'): string {
  const noun = what === 'sub-folder' ? 'sub-folder' : 'path';
  if (hasControlChar(path)) throw unsafe('control', path, noun);
  const clean = path.replace(/^\/+/, '');
  if (clean.split('/').includes('..')) throw unsafe('dots', path, noun);
  return clean;
}

type UnsafeWhat = 'folder' | 'folder-relative' | 'host' | 'user' | 'module' | 'port' | 'remote-folder' | 'control' | 'dots';

/** `value`: what was refused, verbatim; `what` decides the sentence (catalogue rsync-unsafe-argument~…). */
function unsafe(what: UnsafeWhat, value: string, noun: 'path' | 'sub-folder' = 'path'): KuraError {
  switch (what) {
    case 'folder':
      return new KuraError({ code: 'rsync-unsafe-argument', params: { value }, category: 'config' });
    case 'folder-relative':
      return new KuraError({ code: 'rsync-unsafe-argument~relative', params: { value }, category: 'config' });
    case 'host':
      return new KuraError({ code: 'rsync-unsafe-argument~host', params: { value }, category: 'config' });
    case 'user':
      return new KuraError({ code: 'rsync-unsafe-argument~user', params: { value }, category: 'config' });
    case 'module':
      return new KuraError({ code: 'rsync-unsafe-argument~module', params: { value }, category: 'config' });
    case 'port':
      return new KuraError({ code: 'rsync-unsafe-argument~daemon-port', params: { value }, category: 'config' });
    case 'remote-folder':
      return new KuraError({ code: 'rsync-unsafe-argument~remote-folder', params: { value }, category: 'config' });
    case 'control':
      return new KuraError({ code: 'rsync-unsafe-argument~control', params: { value, noun: `rsync-noun-${noun}` }, category: 'config' });
    case 'dots':
      return new KuraError({ code: 'rsync-unsafe-argument~dots', params: { value, noun: `rsync-noun-${noun}` }, category: 'config' });
  }
}
