/**
 * Dumps made on MySQL 8 use collations MariaDB (before 11.4.5) does not have: `utf8mb4_0900_ai_ci`
 * (MySQL 8's default), `utf8mb4_ja_0900_as_cs` and the other `_0900_` ones. Importing such a dump
 * into MariaDB stops at the first CREATE TABLE with "ERROR 1273: Unknown collation". This is the
 * most common "my backup won't restore" case when a shop moves host, so it gets its own explanation
 * instead of the server's terse message.
 */
import { KuraError } from '../../errors.js';

/** The collation an "Unknown collation" error names, if the text is one. */
export function unknownCollation(text: string): string | null {
  const m = /Unknown collation:? '([^']+)'/i.exec(text);
  return m ? m[1]! : null;
}

/** True for MySQL 8's UCA 9.0.0 collations ("…_0900_…"). */
export function isMysql8Collation(collation: string): boolean {
  return /_0900_/i.test(collation);
}

/**
 * The nearest collation MariaDB 10.x has, for the hint: same character set, UCA 5.2.0 ordering.
 * Japanese-specific 0900 collations have no MariaDB twin; the general Unicode one is the safe choice.
 */
export function mariadbEquivalent(collation: string): string {
  const charset = /^([a-z0-9]+)_/i.exec(collation)?.[1]?.toLowerCase() ?? 'utf8mb4';
  return charset === 'utf8mb3' || charset === 'utf8' ? 'utf8mb3_unicode_520_ci' : 'utf8mb4_unicode_520_ci';
}

export function unknownCollationError(collation: string, line: number | null, detail: string): KuraError {
  const at = line === null ? '' : ` (line ${line} of the dump)`;
  if (isMysql8Collation(collation)) {
    const alt = mariadbEquivalent(collation);
    return new KuraError({
      code: 'mysql-unknown-collation',
      category: 'data',
      message:
        `The dump was made on a MySQL 8 server and uses its collation "${collation}", which this MariaDB server does not have${at}. ` +
        'Nothing after that point was imported.',
      hint:
        `Either restore into a MySQL 8 server, or convert the dump: replace "${collation}" with "${alt}" everywhere in the SQL ` +
        `(for example: gunzip -c dump.sql.gz | sed 's/${collation}/${alt}/g' | gzip > converted.sql.gz), or re-dump on the MySQL server ` +
        'after changing the tables to a collation both servers know.',
      detail,
    });
  }
  return new KuraError({
    code: 'mysql-unknown-collation',
    category: 'data',
    message: `The dump uses the collation "${collation}", which this server does not know${at}. Nothing after that point was imported.`,
    hint: 'The dump comes from a different server version. Restore into a server of the same kind and version, or replace the collation in the SQL with one this server has (SHOW COLLATION lists them).',
    detail,
  });
}
