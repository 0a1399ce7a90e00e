/**
 * Off-site targets reuse the files-source address spellings (`user@host::module/path`, `rsync://…`,
 * `user@host:/path`, a local or NAS folder). Folders below a target (`<jobId>/<snapshotId>/`) are
 * reached with `locationOperand`'s `subPath`, never by building an address string by hand: the
 * rsync module stays the one place that turns a location into argv, with its own safety checks.
 */
import { parseFilesLocation, type FilesLocation } from '../config/files-location.js';
import { KuraError } from '../errors.js';
import { nestedMessage } from '../../shared/messages/index.js';
import { describeLocation } from '../tools/rsync/rsync-errors.js';

/**
 * True for an address that is not a folder on this computer: `--from rsync://…`, `host::module`,
 * `user@host:/path`, `s3://bucket/prefix`. A Windows drive path ("C:\…") is local even though it holds a colon.
 */
export function isRemoteAddress(from: string): boolean {
  if (/^s3:\/\//i.test(from.trim())) return true;
  const r = parseFilesLocation(from);
  return r.ok && r.location.kind !== 'local';
}

/**
 * Parses an address the admin typed, with a config-category error naming what is wrong. `what`:
 * what the address is for, as a catalogue noun (`noun-address`) or message (an off-site target).
 */
export function parseAddress(address: string, what: string): FilesLocation {
  const r = parseFilesLocation(address);
  if (!r.ok) throw new KuraError({ code: 'usage~offsite-address', params: { what, address, problem: nestedMessage(r.problem) }, category: 'config' });
  return r.location;
}

/** The address as shown to the admin (never holds a password: those live in the keychain). */
export function describeTarget(location: FilesLocation): string {
  return describeLocation(location);
}
