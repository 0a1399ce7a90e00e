import { describe, expect, it } from 'vitest';
import { runProcess } from '../../../../electron/engine/process/run-process.js';
import {
  compareVersions,
  parseClientVersion,
  supportsFromHelp,
  supportsFromVersion,
} from '../../../../electron/engine/tools/mysql/detect-client.js';
import { skipOnWindows } from '../../../harness/platform.js';

describe('parseClientVersion', () => {
  it.each([
    ['mariadb-dump  Ver 10.19 Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)', 'mariadb', '10.11.19'],
    ['mariadb-dump from 11.4.2-MariaDB, client 10.19 for Linux (x86_64)', 'mariadb', '11.4.2'],
    ['mysqldump  Ver 10.19 Distrib 10.3.39-MariaDB, for debian-linux-gnu (x86_64)', 'mariadb', '10.3.39'],
    ['mysqldump  Ver 8.0.36 for Linux on x86_64 (MySQL Community Server - GPL)', 'mysql', '8.0.36'],
    ['mysqldump  Ver 8.4.0 for macos14 on arm64 (Homebrew)', 'mysql', '8.4.0'],
    ['mysqldump  Ver 10.13 Distrib 5.7.44, for Linux (x86_64)', 'mysql', '5.7.44'],
  ])('%s', (text, flavour, version) => {
    expect(parseClientVersion(text + '\n')).toEqual({ flavour, version });
  });

  it('returns null for something else', () => {
    expect(parseClientVersion('rsync  version 3.2.7  protocol version 31')).toBeNull();
  });
});

describe('supports', () => {
  it('reads the flags from the real local client’s --help', async (ctx) => {
    skipOnWindows(ctx, 'needs the MariaDB client (mariadb-dump)');
    const r = await runProcess({ file: 'mariadb-dump', args: ['--no-defaults', '--help'] });
    expect(supportsFromHelp(r.stdout)).toEqual({ setGtidPurged: false, columnStatistics: false, noTablespaces: true });
  });

  it('reads MySQL 8 help text', () => {
    const help = [
      '  --single-transaction Creates a consistent snapshot by dumping all tables in a',
      '  --set-gtid-purged[=name] Add \'SET @@GLOBAL.GTID_PURGED\' to the output.',
      '  --column-statistics Add an ANALYZE TABLE statement to regenerate histogram',
      '  -y, --no-tablespaces Do not dump any tablespace information.',
    ].join('\n');
    expect(supportsFromHelp(help)).toEqual({ setGtidPurged: true, columnStatistics: true, noTablespaces: true });
    expect(supportsFromHelp('Usage: something else')).toBeNull();
  });

  it('falls back to the version', () => {
    expect(supportsFromVersion('mariadb', '11.4.2')).toEqual({ setGtidPurged: false, columnStatistics: false, noTablespaces: true });
    expect(supportsFromVersion('mysql', '8.0.36')).toEqual({ setGtidPurged: true, columnStatistics: true, noTablespaces: true });
    expect(supportsFromVersion('mysql', '5.7.44')).toEqual({ setGtidPurged: true, columnStatistics: false, noTablespaces: true });
    expect(supportsFromVersion('mysql', '5.5.62').setGtidPurged).toBe(false);
  });

  it('compares versions numerically', () => {
    expect(compareVersions('10.11.2', '10.9.8')).toBeGreaterThan(0);
    expect(compareVersions('8.0.2', '8.0.20')).toBeLessThan(0);
    expect(compareVersions('8.0', '8.0.0')).toBe(0);
  });
});
