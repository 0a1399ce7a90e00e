import { describe, expect, it } from 'vitest';
import { toCygwinPath, toRsyncPath } from '../../../../electron/engine/tools/rsync/cygwin-path.js';

describe('toCygwinPath (cwRsync)', () => {
  it.each([
    ['C:\\KuraBackups\\x', '/cygdrive/c/KuraBackups/x'],
    ['C:\\KuraBackups\\x\\', '/cygdrive/c/KuraBackups/x/'],
    ['D:/site/www', '/cygdrive/d/site/www'],
    ['c:\\', '/cygdrive/c/'],
    ['E:', '/cygdrive/e/'],
    ['C:\\Users\\山田 太郎\\Kura Backups\\2024-05-01T030000', '/cygdrive/c/Users/山田 太郎/Kura Backups/2024-05-01T030000'],
    ['\\\\nas\\share\\x', '//nas/share/x'],
    ['\\\\nas\\share\\x\\', '//nas/share/x/'],
    ['//nas/share/x', '//nas/share/x'],
    ['\\\\?\\C:\\very\\long\\path', '/cygdrive/c/very/long/path'],
    ['\\\\?\\UNC\\nas\\share\\x', '//nas/share/x'],
    ['/cygdrive/c/already', '/cygdrive/c/already'],
  ])('%s → %s', (input, expected) => {
    expect(toCygwinPath(input)).toBe(expected);
  });

  it('refuses drive-relative paths (C:foo), which rsync would read as host "C"', () => {
    expect(() => toCygwinPath('C:foo\\bar')).toThrow(expect.objectContaining({ code: 'path-not-absolute', category: 'config' }));
  });
});

describe('toRsyncPath', () => {
  it('converts for cwRsync and leaves other rsyncs alone', () => {
    expect(toRsyncPath('C:\\KuraBackups\\x', 'cwrsync')).toBe('/cygdrive/c/KuraBackups/x');
    expect(toRsyncPath('/srv/kura/x', 'rsync')).toBe('/srv/kura/x');
    expect(toRsyncPath('/srv/with\\backslash', 'rsync')).toBe('/srv/with\\backslash');
  });
});
