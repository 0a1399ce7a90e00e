/**
 * The error table, fed with the stderr texts the real clients print. The MariaDB texts were captured
 * from mariadb-dump/mariadb 10.11 against a real server (see test/integration/mysql); the MySQL ones
 * are mysqldump 8.0's documented wording of the same server errors.
 */
import { describe, expect, it } from 'vitest';
import { missingPrivilege, mysqlFailureToError, serverErrorCodes } from '../../../../electron/engine/tools/mysql/errors.js';

const target = { host: '127.0.0.1', port: 3306, user: 'backup', password: 'pw' };
const fail = (stderr: string, extra: { exitCode?: number | null; signal?: string | null; database?: string } = {}) =>
  mysqlFailureToError({
    tool: 'mariadb-dump',
    exitCode: extra.exitCode === undefined ? 2 : extra.exitCode,
    signal: extra.signal ?? null,
    stderr,
    target,
    database: 'database' in extra ? extra.database : 'shop',
    account: { user: 'backup', host: '%' },
  });

describe('mysqlFailureToError', () => {
  const cases: { name: string; stderr: string; code: string; category: string; message: RegExp }[] = [
    {
      // mysqldump 8.0's client names the limit (MariaDB's drops the connection: see the 2013 case).
      name: 'row bigger than the client packet (mysqldump)',
      stderr: "mysqldump: Error 2020: Got packet bigger than 'max_allowed_packet' bytes when dumping table `files` at row: 1\n",
      code: 'mysql-packet-too-large',
      category: 'config',
      message: /bigger than the largest packet the server at 127\.0\.0\.1:3306 accepts \(max_allowed_packet\)/,
    },
    {
      name: 'statement bigger than the server packet (MySQL server)',
      stderr: "ERROR 1153 (08S01) at line 39: Got a packet bigger than 'max_allowed_packet' bytes\n",
      code: 'mysql-packet-too-large',
      category: 'config',
      message: /max_allowed_packet/,
    },
    {
      // The real text of mariadb-dump 10.11 for a 24 MB row with its default 16 MB limit: a drop, as far as the text goes.
      name: 'MariaDB client over its packet limit (indistinguishable from a drop)',
      stderr: 'mariadb-dump: Error 2013: Lost connection to server during query when dumping table `files` at row: 0\n',
      code: 'mysql-connection-lost',
      category: 'network',
      message: /was lost while mariadb-dump was running/,
    },
    {
      name: 'wrong password (mariadb-dump)',
      stderr: `mariadb-dump: Got error: 1045: "Access denied for user 'backup'@'127.0.0.1' (using password: YES)" when trying to connect\n`,
      code: 'mysql-auth-failed',
      category: 'auth',
      message: /refused the user name or password for "backup"/,
    },
    {
      name: 'wrong password (mariadb client)',
      stderr: `ERROR 1045 (28000): Access denied for user 'backup'@'127.0.0.1' (using password: YES)\n`,
      code: 'mysql-auth-failed',
      category: 'auth',
      message: /127\.0\.0\.1:3306/,
    },
    {
      name: 'no password given',
      stderr: `mysqldump: Got error: 1045: Access denied for user 'backup'@'localhost' (using password: NO) when trying to connect\n`,
      code: 'mysql-auth-no-password',
      category: 'auth',
      message: /no password was given/,
    },
    {
      name: 'host not allowed, wrapped in a TLS message (MariaDB 10.11 client)',
      stderr: `mariadb-dump: Got error: 2002: "Received error packet before completion of TLS handshake. The authenticity of the following error cannot be verified: 1130 - Host '127.0.0.1' is not allowed to connect to this MariaDB server" when trying to connect\n`,
      code: 'mysql-host-not-allowed',
      category: 'auth',
      message: /does not let user "backup" connect from this computer/,
    },
    {
      name: 'unknown database (user with rights to see it)',
      stderr: `mariadb-dump: Got error: 1049: "Unknown database 'shop'" when selecting the database\n`,
      code: 'mysql-unknown-database',
      category: 'config',
      message: /"shop" does not exist/,
    },
    {
      name: 'unknown or forbidden database',
      stderr: `mariadb-dump: Got error: 1044: "Access denied for user 'backup'@'%' to database 'shop'" when selecting the database\n`,
      code: 'mysql-database-denied',
      category: 'config',
      message: /may not open the database "shop"/,
    },
    {
      name: 'connection refused (MariaDB)',
      stderr: `mariadb-dump: Got error: 2002: "Can't connect to server on '127.0.0.1' (115)" when trying to connect\n`,
      code: 'mysql-connect-failed',
      category: 'network',
      message: /Could not connect to the database server at 127\.0\.0\.1:3306/,
    },
    {
      name: 'connection refused (MySQL)',
      stderr: `mysqldump: Got error: 2003: Can't connect to MySQL server on '127.0.0.1:3306' (111) when trying to connect\n`,
      code: 'mysql-connect-failed',
      category: 'network',
      message: /Could not connect/,
    },
    {
      name: 'unknown host',
      stderr: `mariadb-dump: Got error: 2005: "Unknown server host 'db.invalid' (-2)" when trying to connect\n`,
      code: 'mysql-unknown-host',
      category: 'network',
      message: /could not be found/,
    },
    {
      name: 'connection lost mid-dump',
      stderr: 'mysqldump: Error 2013: Lost connection to MySQL server during query when dumping table `order` at row: 1045\n',
      code: 'mysql-connection-lost',
      category: 'network',
      message: /was lost while mariadb-dump was running/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const e = fail(c.stderr);
      expect(e.code).toBe(c.code);
      expect(e.category).toBe(c.category);
      expect(e.message).toMatch(c.message);
      expect(e.hint).toBeTruthy();
      expect(e.detail).toContain(c.stderr.trim());
    });
  }

  const privileges: { stderr: string; privilege: string; grant: string }[] = [
    {
      stderr: "mariadb-dump: Couldn't execute 'show create table `v_orders`': SHOW VIEW command denied to user 'backup'@'127.0.0.1' for table `shop`.`v_orders` (1142)\n",
      privilege: 'SHOW VIEW',
      grant: "GRANT SHOW VIEW ON `shop`.* TO 'backup'@'%';",
    },
    {
      stderr: "mariadb-dump: Couldn't execute 'SHOW FIELDS FROM `v`': SELECT command denied to user 'backup'@'127.0.0.1' for table `shop`.`v` (1142)\n",
      privilege: 'SELECT',
      grant: "GRANT SELECT ON `shop`.* TO 'backup'@'%';",
    },
    {
      stderr: "mariadb-dump: Couldn't execute 'show events': Access denied for user 'backup'@'%' to database 'shop' (1044)\n",
      privilege: 'EVENT',
      grant: "GRANT EVENT ON `shop`.* TO 'backup'@'%';",
    },
    {
      stderr: `mariadb-dump: Got error: 1044: "Access denied for user 'backup'@'%' to database 'shop'" when using LOCK TABLES\n`,
      privilege: 'LOCK TABLES',
      grant: "GRANT LOCK TABLES ON `shop`.* TO 'backup'@'%';",
    },
    {
      stderr: "mysqldump: Couldn't execute 'SHOW CREATE TRIGGER `order_bi`': TRIGGER command denied to user 'backup'@'localhost' for table `shop`.`order` (1142)\n",
      privilege: 'TRIGGER',
      grant: "GRANT TRIGGER ON `shop`.* TO 'backup'@'%';",
    },
    {
      stderr: "mysqldump: Error: 'Access denied; you need (at least one of) the PROCESS privilege(s) for this operation' when trying to dump tablespaces\n",
      privilege: 'PROCESS',
      grant: "GRANT PROCESS ON *.* TO 'backup'@'%';",
    },
    {
      stderr: "mysqldump: Couldn't execute 'FLUSH TABLES WITH READ LOCK': Access denied; you need (at least one of) the RELOAD or FLUSH_TABLES privilege(s) for this operation (1227)\n",
      privilege: 'RELOAD',
      grant: "GRANT RELOAD ON *.* TO 'backup'@'%';",
    },
  ];
  for (const p of privileges) {
    it(`missing ${p.privilege} names the GRANT that fixes it`, () => {
      const e = fail(p.stderr);
      expect(e.code).toBe('mysql-privilege-missing');
      expect(e.category).toBe('auth');
      expect(e.message).toBe(`The backup user lacks the ${p.privilege} privilege: ${p.grant}`);
      expect(e.hint).toContain(p.grant);
    });
  }

  it('quotes odd account and database names in the GRANT', () => {
    const e = mysqlFailureToError({
      tool: 'mysqldump',
      exitCode: 2,
      signal: null,
      stderr: "mysqldump: Couldn't execute 'show create table `v`': SHOW VIEW command denied to user 'o''brien'@'10.0.0.5' for table `v` (1142)",
      target: { ...target, user: "o'brien" },
      database: 'my`db',
      account: { user: "o'brien", host: '10.0.0.%' },
    });
    expect(e.message).toBe("The backup user lacks the SHOW VIEW privilege: GRANT SHOW VIEW ON `my``db`.* TO 'o''brien'@'10.0.0.%';");
  });

  it('keeps the tool’s own last stderr lines for unknown failures', () => {
    const e = fail('mariadb-dump: some first line\nmariadb-dump: Couldn\'t execute \'SELECT BINLOG_GTID_POS(\'\', \'0\')\': You are not using binary logging (1381)\n');
    expect(e.code).toBe('mysql-tool-failed');
    expect(e.message).toContain('exit code 2');
    expect(e.message).toContain('You are not using binary logging (1381)');
    expect(e.message).toContain('some first line');
  });

  it('says so when the tool was killed by a signal', () => {
    const e = fail('', { exitCode: null, signal: 'SIGKILL' });
    expect(e.code).toBe('mysql-tool-killed');
    expect(e.message).toContain('SIGKILL');
  });

  it('does not mistake row or port numbers for error numbers', () => {
    expect([...serverErrorCodes('dumping table `t` at row: 1045 on port 2003')]).toEqual([]);
    expect([...serverErrorCodes('ERROR 1045 (28000): x')]).toEqual([1045]);
    expect(missingPrivilege('all fine')).toBeNull();
  });
});
