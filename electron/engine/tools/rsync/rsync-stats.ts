/**
 * Reads the `--stats` block rsync prints at the end:
 *   Number of files: 12 (reg: 6, dir: 5, link: 1)
 *   Number of regular files transferred: 6          ("Number of files transferred" before 3.1)
 *   Total file size: 5000021 bytes
 *   Total transferred file size: 5000016 bytes
 * These are the totals the run history shows: how big the source is, and how much actually had to
 * be copied (the rest was hard-linked from the previous snapshot).
 */
import { parseCount } from './rsync-progress.js';

/** The kinds behind "Number of files: 12 (reg: 6, dir: 5, link: 1)" (rsync 3.1+); absent kinds are 0. */
export interface RsyncEntryKinds {
  regular: number;
  dirs: number;
  links: number;
  devices: number;
  specials: number;
}

export interface RsyncStats {
  /** All entries in the transfer: files, folders, links. */
  files: number;
  /** The same count by kind, or null when rsync did not print the breakdown (before 3.1). */
  kinds: RsyncEntryKinds | null;
  /** Regular files whose data was sent (new or changed); unchanged files are hard-linked instead. */
  regularFilesTransferred: number;
  /** Size of everything in the source. */
  totalBytes: number;
  /** Size of the files that were sent. */
  transferredBytes: number;
  /**
   * What really crossed the wire as file data ("Literal data"): below transferredBytes when the
   * delta transfer found blocks of a basis file (`--link-dest`'s older copy) at the receiving end.
   */
  literalBytes?: number;
}

const FIELDS: ReadonlyArray<[RegExp, Exclude<keyof RsyncStats, 'kinds'>]> = [
  [/^Number of files:\s*([\d,.]+)/, 'files'],
  [/^Number of (?:regular )?files transferred:\s*([\d,.]+)/, 'regularFilesTransferred'],
  [/^Total file size:\s*([\d,.]+)/, 'totalBytes'],
  [/^Total transferred file size:\s*([\d,.]+)/, 'transferredBytes'],
  [/^Literal data:\s*([\d,.]+)/, 'literalBytes'],
];

/** The stats from rsync's output lines, or null when the block is missing or incomplete. */
export function parseStats(lines: Iterable<string>): RsyncStats | null {
  const found: Partial<Omit<RsyncStats, 'kinds'>> = {};
  let kinds: RsyncEntryKinds | null = null;
  for (const raw of lines) {
    const line = raw.trim();
    if (line.startsWith('Number of files:')) kinds = parseKinds(line);
    for (const [re, key] of FIELDS) {
      const m = re.exec(line);
      if (m) found[key] = parseCount(m[1]!);
    }
  }
  const { files, regularFilesTransferred, totalBytes, transferredBytes } = found;
  if (files === undefined || regularFilesTransferred === undefined || totalBytes === undefined || transferredBytes === undefined) {
    return null;
  }
  const literal = found.literalBytes;
  return { files, kinds, regularFilesTransferred, totalBytes, transferredBytes, ...(literal !== undefined ? { literalBytes: literal } : {}) };
}

const KIND_NAMES: Readonly<Record<string, keyof RsyncEntryKinds>> = { reg: 'regular', dir: 'dirs', link: 'links', dev: 'devices', special: 'specials' };

/** "(reg: 20,000, dir: 201, link: 3)" → counts; null without the parentheses or with an unknown kind. */
function parseKinds(line: string): RsyncEntryKinds | null {
  const m = /\(([^)]*)\)\s*$/.exec(line);
  if (!m) return null;
  const kinds: RsyncEntryKinds = { regular: 0, dirs: 0, links: 0, devices: 0, specials: 0 };
  for (const part of m[1]!.split(/,\s+(?=[a-z])/)) {
    const pm = /^([a-z]+):\s*([\d,.]+)$/.exec(part.trim());
    const name = pm ? KIND_NAMES[pm[1]!] : undefined;
    if (!pm || name === undefined) return null;
    kinds[name] = parseCount(pm[2]!);
  }
  return kinds;
}
