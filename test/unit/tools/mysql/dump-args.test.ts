import { describe, expect, it } from 'vitest';
import { assertDatabaseName, buildDumpArgs, buildQueryArgs } from '../../../../electron/engine/tools/mysql/dump-args.js';
import type { MysqlClient } from '../../../../electron/engine/tools/mysql/types.js';

const mariadb: MysqlClient = {
  flavour: 'mariadb',
  version: '10.11.19',
  dumpPath: '/usr/bin/mariadb-dump',
  clientPath: '/usr/bin/mariadb',
  supports: { setGtidPurged: false, columnStatistics: false, noTablespaces: true },
};
const mysql8: MysqlClient = {
  flavour: 'mysql',
  version: '8.0.36',
  dumpPath: '/usr/bin/mysqldump',
  clientPath: '/usr/bin/mysql',
  supports: { setGtidPurged: true, columnStatistics: true, noTablespaces: true },
};
const COMMON = [
  '--single-transaction',
  '--quick',
  '--routines',
  '--events',
  '--triggers',
  '--hex-blob',
  '--default-character-set=utf8mb4',
  '--max-allowed-packet=1073741824',
  '--no-tablespaces',
];

describe('buildDumpArgs', () => {
  it('MariaDB: option file first, no MySQL-only flags, database after "--"', () => {
    expect(buildDumpArgs(mariadb, '/tmp/kura-my-x/client.cnf', 'shop-jp')).toEqual([
      '--defaults-extra-file=/tmp/kura-my-x/client.cnf',
      ...COMMON,
      '--',
      'shop-jp',
    ]);
  });

  it('MySQL 8: adds --set-gtid-purged=OFF and --column-statistics=0', () => {
    expect(buildDumpArgs(mysql8, '/f', 'shop')).toEqual(['--defaults-extra-file=/f', ...COMMON, '--set-gtid-purged=OFF', '--column-statistics=0', '--', 'shop']);
  });

  it('MySQL 5.7: GTID flag only; a client without --no-tablespaces does not get it', () => {
    const old: MysqlClient = { ...mysql8, version: '5.7.44', supports: { setGtidPurged: true, columnStatistics: false, noTablespaces: false } };
    const args = buildDumpArgs(old, '/f', 'shop');
    expect(args).toContain('--set-gtid-purged=OFF');
    expect(args).not.toContain('--column-statistics=0');
    expect(args).not.toContain('--no-tablespaces');
  });

  it('a database with tables without transactions: --lock-tables instead of --single-transaction (never both)', () => {
    const args = buildDumpArgs(mariadb, '/f', 'shop', { consistency: 'lock-tables' });
    expect(args).toContain('--lock-tables');
    expect(args).not.toContain('--single-transaction');
    expect(buildDumpArgs(mariadb, '/f', 'shop', { consistency: 'single-transaction' })).not.toContain('--lock-tables');
  });

  it('events can be left out (a database name mysqldump cannot dump events for)', () => {
    const args = buildDumpArgs(mariadb, '/f', "o'shop", { skipEvents: true });
    expect(args).toContain('--skip-events');
    expect(args).not.toContain('--events');
  });

  it('never uses --databases and never lets the name be read as an option', () => {
    for (const name of ['-h', '--databases', '--defaults-file=x', 'order', '注文 db']) {
      const args = buildDumpArgs(mariadb, '/f', name);
      // Everything before "--" is ours; the name appears once, after it.
      expect(args.slice(0, -2)).not.toContain('--databases');
      expect(args.slice(0, -2).every((a) => a.startsWith('--') && a !== '--')).toBe(true);
      expect(args.at(-2)).toBe('--');
      expect(args.at(-1)).toBe(name);
    }
  });

  it('rejects names the server cannot have, or that hold control characters', () => {
    for (const bad of ['', 'a.b', 'a/b', 'a\\b', 'x\ny', 'x\0', 'a'.repeat(65)]) {
      expect(() => buildDumpArgs(mariadb, '/f', bad), JSON.stringify(bad)).toThrow(expect.objectContaining({ code: 'invalid-database-name' }));
    }
    expect(() => assertDatabaseName('ショップ-2024')).not.toThrow();
  });
});

describe('buildQueryArgs', () => {
  it('batch mode, no headers, utf8mb4, a bound on the connection and greeting, database as one --database= token', () => {
    expect(buildQueryArgs('/f')).toEqual(['--defaults-extra-file=/f', '--batch', '--skip-column-names', '--default-character-set=utf8mb4', '--connect-timeout=15']);
    expect(buildQueryArgs('/f', '-x').at(-1)).toBe('--database=-x');
  });
});
