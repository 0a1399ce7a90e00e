import { describe, expect, it } from 'vitest';
import { parseStats } from '../../../../electron/engine/tools/rsync/rsync-stats.js';

// rsync 3.5.0 `--stats --no-h`, as captured.
const STATS_35 = `
Number of files: 12 (reg: 6, dir: 5, link: 1)
Number of created files: 12 (reg: 6, dir: 5, link: 1)
Number of deleted files: 0
Number of regular files transferred: 6
Total file size: 5000021 bytes
Total transferred file size: 5000016 bytes
Literal data: 5000016 bytes
Matched data: 0 bytes
File list size: 324
File list generation time: 0.001 seconds
File list transfer time: 0.000 seconds
Total bytes sent: 164
Total bytes received: 5001847

sent 164 bytes  received 5001847 bytes  10004022.00 bytes/sec
total size is 5000021  speedup is 1.00`;

describe('parseStats', () => {
  it('reads the rsync 3.1+ block', () => {
    expect(parseStats(STATS_35.split('\n'))).toEqual({ files: 12, kinds: { regular: 6, dirs: 5, links: 1, devices: 0, specials: 0 }, regularFilesTransferred: 6, totalBytes: 5000021, transferredBytes: 5000016, literalBytes: 5000016 });
  });

  it('reads digit-grouped numbers (without --no-h)', () => {
    const grouped = STATS_35.replace('5000021 bytes', '5,000,021 bytes').replace('Total transferred file size: 5000016', 'Total transferred file size: 5,000,016').replace('Number of files: 12', 'Number of files: 1,234');
    expect(parseStats(grouped.split('\n'))).toEqual({ files: 1234, kinds: { regular: 6, dirs: 5, links: 1, devices: 0, specials: 0 }, regularFilesTransferred: 6, totalBytes: 5000021, transferredBytes: 5000016, literalBytes: 5000016 });
  });

  it('reads the rsync 3.0 block ("Number of files transferred")', () => {
    const old = ['Number of files: 12', 'Number of files transferred: 6', 'Total file size: 5000021 bytes', 'Total transferred file size: 5000016 bytes', 'Literal data: 5000016 bytes'];
    expect(parseStats(old)).toEqual({ files: 12, kinds: null, regularFilesTransferred: 6, totalBytes: 5000021, transferredBytes: 5000016, literalBytes: 5000016 });
  });

  it('reads every kind of the breakdown, digit-grouped, and gives up on an unknown kind', () => {
    const lines = ['Number of files: 20,207 (reg: 20,000, dir: 201, link: 3, dev: 2, special: 1)', 'Number of regular files transferred: 0', 'Total file size: 30990000 bytes', 'Total transferred file size: 0 bytes'];
    expect(parseStats(lines)?.kinds).toEqual({ regular: 20000, dirs: 201, links: 3, devices: 2, specials: 1 });
    expect(parseStats(['Number of files: 1 (reg: 1, door: 1)', ...lines.slice(1)])?.kinds).toBeNull();
    expect(parseStats(['Number of files: 1 (dir: 1)', ...lines.slice(1)])?.kinds).toEqual({ regular: 0, dirs: 1, links: 0, devices: 0, specials: 0 });
  });

  it('returns null when the block is missing or cut short', () => {
    expect(parseStats([])).toBeNull();
    expect(parseStats(['Number of files: 12 (reg: 6, dir: 5, link: 1)', 'Total file size: 5000021 bytes'])).toBeNull();
  });
});
