import { describe, expect, it } from 'vitest';
import { parseCount, parseProgressLine, ProgressTracker } from '../../../../electron/engine/tools/rsync/rsync-progress.js';

// Captured from rsync 3.5.0 `--info=progress2 --no-h` (split on \r like run-process does).
const PROGRESS2 = [
  '              0   0%    0.00kB/s    0:00:00  ',
  '              3   0%    2.93kB/s    0:00:00 (xfr#1, to-chk=10/12)',
  '        2064387  41%    1.96MB/s    0:00:01  ',
  '        4128771  82%    1.95MB/s    0:00:00  ',
  '        5000003  99%    2.03MB/s    0:00:02 (xfr#2, to-chk=9/12) ',
  '        5000016  99%    1.55GB/s    0:00:00 (xfr#6, to-chk=0/12)',
];

describe('parseProgressLine', () => {
  it('reads progress2 lines with and without the file counters', () => {
    expect(parseProgressLine(PROGRESS2[1]!)).toEqual({ bytes: 3, percent: 0, transferred: 1, remaining: 10, known: 12, listComplete: true });
    expect(parseProgressLine(PROGRESS2[2]!)).toEqual({ bytes: 2064387, percent: 41, transferred: null, remaining: null, known: null, listComplete: false });
  });

  it('reads digit-grouped numbers (rsync without --no-h) and ir-chk while the file list grows', () => {
    expect(parseProgressLine('      5,000,016  99%  144.50MB/s    0:00:00 (xfr#6, ir-chk=1020/1400)')).toEqual({
      bytes: 5000016,
      percent: 99,
      transferred: 6,
      remaining: 1020,
      known: 1400,
      listComplete: false,
    });
  });

  it('reads rsync 3.0 --progress lines (xfer#, to-check)', () => {
    expect(parseProgressLine('     1238099  50%    1.18MB/s    0:00:01 (xfer#5, to-check=10/20)')).toMatchObject({ bytes: 1238099, transferred: 5, remaining: 10, known: 20, listComplete: true });
  });

  it('ignores everything else', () => {
    for (const line of ['', 'Number of files: 12 (reg: 6, dir: 5, link: 1)', 'Total file size: 5000021 bytes', 'sent 164 bytes  received 5001847 bytes  10004022.00 bytes/sec', 'public_html/index.html']) {
      expect(parseProgressLine(line)).toBeNull();
    }
  });

  it('parseCount strips locale digit grouping', () => {
    expect(parseCount('5,000,016')).toBe(5000016);
    expect(parseCount('5.000.016')).toBe(5000016);
    expect(parseCount('42')).toBe(42);
  });
});

describe('ProgressTracker', () => {
  it('progress2: bytes as given, files = known - remaining, total only when the list is complete', () => {
    const t = new ProgressTracker('progress2');
    const out = PROGRESS2.map((l) => t.update(l));
    expect(out[0]).toEqual({ files: 0, bytes: 0, totalFiles: null });
    expect(out[1]).toEqual({ files: 2, bytes: 3, totalFiles: 12 });
    expect(out[2]).toEqual({ files: 2, bytes: 2064387, totalFiles: 12 });
    expect(out.at(-1)).toEqual({ files: 12, bytes: 5000016, totalFiles: 12 });
    expect(t.update('      9000  99%  1.00MB/s    0:00:00 (xfr#7, ir-chk=100/400)')).toEqual({ files: 300, bytes: 9000, totalFiles: null });
    expect(t.update('Number of files: 12')).toBeNull();
  });

  it('per-file (--progress): adds up finished files', () => {
    const t = new ProgressTracker('per-file');
    expect(t.update('        1000  50%    1.00MB/s    0:00:01')).toEqual({ files: 0, bytes: 1000, totalFiles: null });
    expect(t.update('        2000 100%    1.00MB/s    0:00:01 (xfer#1, to-check=3/5)')).toEqual({ files: 2, bytes: 2000, totalFiles: 5 });
    expect(t.update('         500  25%    1.00MB/s    0:00:01')).toEqual({ files: 2, bytes: 2500, totalFiles: 5 });
    expect(t.update('        2000 100%    1.00MB/s    0:00:01 (xfer#2, to-check=0/5)')).toEqual({ files: 5, bytes: 4000, totalFiles: 5 });
  });
});
