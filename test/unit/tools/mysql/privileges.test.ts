import { describe, expect, it } from 'vitest';
import { hasDumpTrailer } from '../../../../electron/engine/tools/mysql/dump-trailer.js';
import { missingPrivileges, type PrivilegeSnapshot, schemaPatternMatches } from '../../../../electron/engine/tools/mysql/privileges.js';
import { parseBatchOutput, parseCurrentUser } from '../../../../electron/engine/tools/mysql/queries.js';

describe('schemaPatternMatches', () => {
  it('honours LIKE wildcards and escapes as stored in grants', () => {
    expect(schemaPatternMatches('shop-jp', 'shop-jp')).toBe(true);
    expect(schemaPatternMatches('shop%', 'shop-jp')).toBe(true);
    expect(schemaPatternMatches('shop_jp', 'shop-jp')).toBe(true);
    expect(schemaPatternMatches('shop\\_jp', 'shop-jp')).toBe(false);
    expect(schemaPatternMatches('shop\\_jp', 'shop_jp')).toBe(true);
    expect(schemaPatternMatches('shop', 'shop-jp')).toBe(false);
    expect(schemaPatternMatches('ショップ_', 'ショップ🍣')).toBe(true);
    expect(schemaPatternMatches('a.b(c)', 'a.b(c)')).toBe(true);
    expect(schemaPatternMatches('a.b', 'axb')).toBe(false);
  });
});

describe('missingPrivileges', () => {
  const base: PrivilegeSnapshot = {
    account: { user: 'backup', host: '%' },
    serverVersion: '10.11.19-MariaDB',
    serverFlavour: 'mariadb',
    global: new Set(),
    schema: [],
    procTable: new Set(),
  };
  it('lists every need with its GRANT, by server flavour and version', () => {
    expect(missingPrivileges(base, 'shop').map((m) => m.grant)).toEqual([
      "GRANT SELECT ON `shop`.* TO 'backup'@'%';",
      "GRANT SHOW VIEW ON `shop`.* TO 'backup'@'%';",
      "GRANT TRIGGER ON `shop`.* TO 'backup'@'%';",
      "GRANT EVENT ON `shop`.* TO 'backup'@'%';",
      "GRANT SELECT ON `mysql`.`proc` TO 'backup'@'%';",
    ]);
    expect(missingPrivileges({ ...base, serverVersion: '11.4.2-MariaDB' }, 'shop').at(-1)?.grant).toBe(
      "GRANT SHOW CREATE ROUTINE ON `shop`.* TO 'backup'@'%';",
    );
    expect(missingPrivileges({ ...base, serverVersion: '8.0.36', serverFlavour: 'mysql' }, 'shop').at(-1)?.grant).toBe(
      "GRANT SHOW_ROUTINE ON *.* TO 'backup'@'%';",
    );
  });

  it('counts global grants and wildcard database grants', () => {
    expect(missingPrivileges({ ...base, global: new Set(['SELECT', 'SHOW VIEW', 'TRIGGER', 'EVENT']) }, 'shop')).toEqual([]);
    const snap = { ...base, schema: ['SELECT', 'SHOW VIEW', 'TRIGGER', 'EVENT'].map((privilege) => ({ pattern: 'sh%', privilege })), procTable: new Set(['SELECT']) };
    expect(missingPrivileges(snap, 'shop')).toEqual([]);
    expect(missingPrivileges(snap, 'other')).toHaveLength(4);
  });
});

describe('batch output and helpers', () => {
  it('parses tab-separated rows and undoes the client escapes', () => {
    expect(parseBatchOutput('a\tb\\tc\nx\\ny\t\\\\\n\n')).toEqual([
      ['a', 'b\tc'],
      ['x\ny', '\\'],
    ]);
  });

  it('splits CURRENT_USER() at the last @', () => {
    expect(parseCurrentUser('backup@%')).toEqual({ user: 'backup', host: '%' });
    expect(parseCurrentUser('a@b@10.0.0.%')).toEqual({ user: 'a@b', host: '10.0.0.%' });
  });

  it('recognises the mysqldump trailer only at the very end', () => {
    expect(hasDumpTrailer('x;\n-- Dump completed on 2026-01-01  2:03:16\n')).toBe(true);
    expect(hasDumpTrailer('-- Dump completed\n')).toBe(true);
    expect(hasDumpTrailer('-- Dump completed on 2026\nINSERT INTO t VALUES (1);\n')).toBe(false);
    expect(hasDumpTrailer('INSERT INTO t VALUES (1);\n')).toBe(false);
  });
});
