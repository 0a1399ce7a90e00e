/**
 * Reads rsync's progress lines (stdout, redrawn with "\r"):
 *   `--info=progress2` (3.1+), one line for the whole transfer, bytes so far:
 *       "        5000016  99%    1.55GB/s    0:00:00 (xfr#6, to-chk=0/12)"
 *   `--progress` (older rsync), one line per file, that file's bytes:
 *       "     1238099  50%    1.18MB/s    0:00:01 (xfer#5, to-check=10/20)"
 * `to-chk=a/b`: a of b files still to check, b final. `ir-chk=a/b`: the file list is still being
 * built (incremental recursion), so b is only what is known so far — reported as "total unknown".
 */

export interface RsyncProgressLine {
  /** Bytes: whole transfer with progress2, the current file with --progress. */
  bytes: number;
  percent: number;
  /** `xfr#N`: files transferred so far, when the line carries it. */
  transferred: number | null;
  /** Files still to check / files known, when the line carries them. */
  remaining: number | null;
  known: number | null;
  /** True for `to-chk` (the file list is complete), false for `ir-chk`. */
  listComplete: boolean;
}

const LINE =
  /^\s*([\d,.]+)\s+(\d{1,3})%\s+\S+\s+\S+(?:\s+\((?:xfr|xfer)#(\d+),\s*(to-chk|to-check|ir-chk)=(\d+)\/(\d+)\))?\s*$/;

export function parseProgressLine(line: string): RsyncProgressLine | null {
  const m = LINE.exec(line);
  if (!m) return null;
  const hasCounts = m[3] !== undefined;
  return {
    bytes: parseCount(m[1]!),
    percent: Number(m[2]),
    transferred: hasCounts ? Number(m[3]) : null,
    remaining: hasCounts ? Number(m[5]) : null,
    known: hasCounts ? Number(m[6]) : null,
    listComplete: m[4] === 'to-chk' || m[4] === 'to-check',
  };
}

/** "5,000,016" / "5.000.016" / "5000016" → 5000016 (rsync groups digits by locale unless --no-h). */
export function parseCount(text: string): number {
  return Number(text.replace(/[,.]/g, ''));
}

export interface TransferProgress {
  /** Files looked at so far (copied, hard-linked or found unchanged). */
  files: number;
  bytes: number;
  /** Total files, once rsync knows it (null while the file list is still growing). */
  totalFiles: number | null;
}

export type ProgressMode = 'progress2' | 'per-file';

/**
 * Turns the line stream into running totals. In `per-file` mode the bytes of finished files are
 * added up (a line with `xfer#` is a file's last line).
 */
export class ProgressTracker {
  private files = 0;
  private totalFiles: number | null = null;
  private doneBytes = 0;

  constructor(private readonly mode: ProgressMode) {}

  /** The new totals, or null when the line is not a progress line. */
  update(line: string): TransferProgress | null {
    const p = parseProgressLine(line);
    if (!p) return null;
    if (p.known !== null && p.remaining !== null) {
      this.files = Math.max(this.files, p.known - p.remaining);
      this.totalFiles = p.listComplete ? p.known : null;
    }
    let bytes: number;
    switch (this.mode) {
      case 'progress2':
        bytes = p.bytes;
        break;
      case 'per-file':
        bytes = this.doneBytes + p.bytes;
        if (p.transferred !== null) this.doneBytes += p.bytes;
        break;
    }
    return { files: this.files, bytes, totalFiles: this.totalFiles };
  }
}
