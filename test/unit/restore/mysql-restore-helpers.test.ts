/**
 * Pure parts of MySQL restore: import error mapping (from the client's real stderr texts), the
 * comparison with the manifest, the scratch database name and the MySQL 8 collation explanation.
 */
import { describe, expect, it } from 'vitest';
import { enChecks } from '../../harness/messages.js';
import { scratchDatabaseName } from '../../../electron/engine/restore/mysql-restore.js';
import {
  compareWithSnapshot,
  createDatabaseSql,
  importFailureToError,
  type ImportFailure,
  mariadbEquivalent,
} from '../../../electron/engine/tools/mysql/index.js';

const base: Omit<ImportFailure, 'stderr'> = {
  tool: 'mariadb',
  exitCode: 1,
  signal: null,
  target: { host: '127.0.0.1', port: 3307, user: 'ru', password: 'pw' },
  database: 'shop-jp',
  strippingDefiners: false,
};
const fail = (stderr: string, extra: Partial<ImportFailure> = {}) => importFailureToError({ ...base, stderr, ...extra });

describe('importFailureToError', () => {
  it('explains a DEFINER the user may not set and offers --strip-definers', () => {
    const e = fail(
      '--------------\nCREATE DEFINER=`nobody`@`%` PROCEDURE p() SELECT 1\n--------------\nERROR 1227 (42000) at line 12: Access denied; you need (at least one of) the SUPER, SET USER privilege(s) for this operation\n',
    );
    expect(e.code).toBe('mysql-definer-denied');
    expect(e.category).toBe('auth');
    expect(e.params).toEqual({ user: 'ru', line: '12' });
    expect(e.message).toContain('at line 12 of the dump');
    expect(e.message).toContain('"ru"');
    expect(e.hint).toContain('--strip-definers');
    const stripped = fail('ERROR 1227 (42000) at line 3: Access denied; you need (at least one of) the SUPER privilege(s) for this operation', {
      strippingDefiners: true,
    });
    expect(stripped.code).toBe('mysql-definer-denied-stripped');
    expect(stripped.hint).not.toContain('--strip-definers');
  });

  it('explains a definer account that does not exist', () => {
    const e = fail("ERROR 1449 (HY000) at line 40: The user specified as a definer ('shop'@'localhost') does not exist");
    expect(e.code).toBe('mysql-definer-missing');
    expect(e.message).toContain("'shop'@'localhost'");
    expect(e.hint).toContain('--strip-definers');
  });

  it('explains MySQL 8 collations in a MariaDB server', () => {
    const e = fail("--------------\nCREATE TABLE t2 (...)\n--------------\nERROR 1273 (HY000) at line 25: Unknown collation: 'utf8mb4_0900_ai_ci'\n");
    expect(e.code).toBe('mysql-mysql8-collation');
    expect(e.category).toBe('data');
    expect(e.message).toContain('MySQL 8');
    expect(e.message).toContain('utf8mb4_0900_ai_ci');
    expect(e.message).toContain('line 25 of the dump');
    expect(fail("ERROR 1273 (HY000) at line 2: Unknown collation: 'utf8mb4_weird_ci'")).toMatchObject({ code: 'mysql-unknown-collation', params: { collation: 'utf8mb4_weird_ci', line: '2' } });
    expect(e.hint).toContain('utf8mb4_unicode_520_ci');
    expect(mariadbEquivalent('utf8mb4_ja_0900_as_cs')).toBe('utf8mb4_unicode_520_ci');
  });

  it('maps syntax errors, lost connections and denied writes', () => {
    expect(fail("ERROR 1064 (42000) at line 2: You have an error in your SQL syntax; … near 'SELEC broken' at line 1").code).toBe('mysql-dump-syntax');
    const lost = fail('ERROR 2013 (HY000) at line 77: Lost connection to server during query');
    expect(lost.code).toBe('mysql-import-connection-lost');
    expect(lost.category).toBe('network');
    expect(lost.message).toContain('only partly restored');
    expect(fail('ERROR 2006 (HY000) at line 5: Server has gone away').code).toBe('mysql-import-connection-lost');
    const denied = fail("ERROR 1142 (42000) at line 9: CREATE command denied to user 'ru'@'127.0.0.1' for table `shop-jp`.`t`");
    expect(denied.code).toBe('mysql-restore-denied');
    expect(denied.hint).toContain("GRANT CREATE ON `shop-jp`.* TO 'ru'@'%';");
  });

  it('falls back to the connection errors shared with dumps', () => {
    expect(fail("ERROR 1045 (28000): Access denied for user 'ru'@'127.0.0.1' (using password: YES)").code).toBe('mysql-auth-failed');
    expect(fail("ERROR 1049 (42000): Unknown database 'shop-jp'").code).toBe('mysql-unknown-database');
    expect(fail("ERROR 2002 (HY000): Can't connect to server on '127.0.0.1' (115)").code).toBe('mysql-connect-failed');
  });

  it('keeps a huge echoed statement out of the message and shortens the detail', () => {
    const e = fail(`--------------\nINSERT INTO t VALUES ${'(1),'.repeat(100_000)}\n--------------\nERROR 1366 (22007) at line 3: Incorrect integer value: 'x' for column 'a' at row 1\n`);
    expect(e.code).toBe('mysql-import-failed');
    expect(e.message).toBe("The server rejected a statement of the dump: ERROR 1366 (22007) at line 3: Incorrect integer value: 'x' for column 'a' at row 1");
    expect(e.params).toEqual({ reply: "ERROR 1366 (22007) at line 3: Incorrect integer value: 'x' for column 'a' at row 1" });
    expect(e.detail!.length).toBeLessThan(9_000);
  });
});

describe('compareWithSnapshot', () => {
  const expected = {
    tables: ['order', '商品'],
    views: ['v'],
    routines: ['FUNCTION f', 'PROCEDURE p'],
    triggers: ['tr'],
    events: ['ev'],
    rowCounts: { order: 3, 商品: 2 },
  };
  it('passes when everything is back with equal counts', () => {
    const checks = compareWithSnapshot(expected, expected, { order: 3, 商品: 2 });
    expect(checks.every((c) => c.ok)).toBe(true);
    expect(enChecks(checks).map((c) => c.check)).toEqual(['tables', 'views', 'routines', 'triggers', 'events', 'rows in `order`', 'rows in `商品`']);
    expect(checks.map((c) => c.check.code)).toEqual(['restore-check-tables', 'restore-check-views', 'restore-check-routines', 'restore-check-triggers', 'restore-check-events', 'restore-check-rows', 'restore-check-rows']);
  });
  it('names every missing object and each count difference', () => {
    const checks = compareWithSnapshot(expected, { ...expected, tables: ['order', 'old'], routines: ['FUNCTION f'], events: [] }, { order: 2 });
    const failed = Object.fromEntries(enChecks(checks.filter((c) => !c.ok)).map((c) => [c.check, c.detail]));
    expect(failed).toEqual({
      tables: '1 of 2 missing: `商品`; also present, not in the snapshot (left as they were): `old`',
      routines: '1 of 2 missing: PROCEDURE p',
      events: '1 of 1 missing: `ev`',
      'rows in `order`': 'expected 3, found 2 (-1)',
      'rows in `商品`': 'expected 2, but the table is not there',
    });
  });
});

describe('names', () => {
  it('builds the scratch name within 64 characters', () => {
    expect(scratchDatabaseName('shop-jp')).toBe('shop-jp__kura_verify');
    const long = 'あ'.repeat(64);
    const s = scratchDatabaseName(long);
    expect(Array.from(s).length).toBe(64);
    expect(s.endsWith('__kura_verify')).toBe(true);
  });
  it('quotes the database name in CREATE DATABASE', () => {
    expect(createDatabaseSql('my-db')).toBe('CREATE DATABASE IF NOT EXISTS `my-db` CHARACTER SET utf8mb4;\n');
    expect(createDatabaseSql('a`b', 'latin1', 'latin1_swedish_ci')).toBe('CREATE DATABASE IF NOT EXISTS `a``b` CHARACTER SET latin1 COLLATE latin1_swedish_ci;\n');
  });
});
