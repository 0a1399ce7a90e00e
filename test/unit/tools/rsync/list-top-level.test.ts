import { describe, expect, it } from 'vitest';
import { parseListLine } from '../../../../electron/engine/tools/rsync/list-top-level.js';

describe('parseListLine (rsync --list-only -l --no-h -8, as captured)', () => {
  it.each([
    ['drwxr-xr-x        4096 2026/11/24 02:05:59 .', { name: '.', kind: 'directory', size: 4096, modified: '2026/11/24 02:05:59' }],
    ['-rw-r--r--     5000000 2026/11/24 02:05:59 big.bin', { name: 'big.bin', kind: 'file', size: 5000000 }],
    ['drwxr-xr-x        4096 2026/11/24 02:05:59 with space', { name: 'with space', kind: 'directory' }],
    ['drwxr-xr-x        4096 2026/11/24 02:05:59 日本語', { name: '日本語', kind: 'directory' }],
    ['-rw-r--r--           2 2026/11/24 02:05:59 😀.txt', { name: '😀.txt', kind: 'file', size: 2 }],
    ['lrwxrwxrwx           5 2026/11/24 02:05:59 link -> a.txt', { name: 'link', kind: 'symlink', target: 'a.txt' }],
    ['-rw-r--r--          4,096 2026/11/24 02:05:59 grouped -> not a link', { name: 'grouped -> not a link', kind: 'file', size: 4096 }],
    ['-rw-r--r--              2 2026/11/24 02:05:59 \\#343\\#203\\#225.txt', { name: 'フ.txt' }],
    ['prw-r--r--           0 2026/11/24 02:05:59 fifo', { name: 'fifo', kind: 'other' }],
  ])('%s', (line, expected) => {
    expect(parseListLine(line)).toMatchObject(expected);
  });

  it('ignores MOTD and blank lines', () => {
    expect(parseListLine('Welcome to the shop server')).toBeNull();
    expect(parseListLine('')).toBeNull();
  });
});
