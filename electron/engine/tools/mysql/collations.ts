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

/** `line`: where in the dump (the client's "at line N"), "?" when unknown. */
export function unknownCollationError(collation: string, line: string, detail: string): KuraError {
  if (isMysql8Collation(collation)) {
    const alternative = mariadbEquivalent(collation);
    const command = `gunzip -c dump.sql.gz | sed 's/${collation}/${alternative}/g' | gzip > converted.sql.gz`;
    return new KuraError({ code: 'mysql-mysql8-collation', params: { collation, line, alternative, command }, category: 'data', detail });
  }
  return new KuraError({ code: 'mysql-unknown-collation', params: { collation, line }, category: 'data', detail });
}
