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

export interface RsyncStats {
  /** All entries in the transfer: files, folders, links. */
  files: number;
  /** Regular files whose data was sent (new or changed); unchanged files are hard-linked instead. */
  regularFilesTransferred: number;
  /** Size of everything in the source. */
  totalBytes: number;
  /** Size of the files that were sent. */
  transferredBytes: number;
}

const FIELDS: ReadonlyArray<[RegExp, keyof RsyncStats]> = [
  [/^Number of files:\s*([\d,.]+)/, 'files'],
  [/^Number of (?:regular )?files transferred:\s*([\d,.]+)/, 'regularFilesTransferred'],
  [/^Total file size:\s*([\d,.]+)/, 'totalBytes'],
  [/^Total transferred file size:\s*([\d,.]+)/, 'transferredBytes'],
];

/** The stats from rsync's output lines, or null when the block is missing or incomplete. */
export function parseStats(lines: Iterable<string>): RsyncStats | null {
  const found: Partial<RsyncStats> = {};
  for (const raw of lines) {
    const line = raw.trim();
    for (const [re, key] of FIELDS) {
      const m = re.exec(line);
      if (m) found[key] = parseCount(m[1]!);
    }
  }
  const { files, regularFilesTransferred, totalBytes, transferredBytes } = found;
  if (files === undefined || regularFilesTransferred === undefined || totalBytes === undefined || transferredBytes === undefined) {
    return null;
  }
  return { files, regularFilesTransferred, totalBytes, transferredBytes };
}
