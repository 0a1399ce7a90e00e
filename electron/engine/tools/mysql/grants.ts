/**
 * SQL quoting and GRANT statements for messages that tell the admin exactly what to run.
 *
 * The statements are meant to be pasted into phpMyAdmin or the mysql prompt by someone who is
 * not a DBA, so they are complete (account with host, trailing semicolon) and correctly quoted.
 */

/** A MySQL account as the server knows it: the user part and the host pattern it was created with. */
export interface MysqlAccount {
  user: string;
  host: string;
}

/** Privileges that only exist at the global level, so their GRANT must be ON *.*. */
const GLOBAL_ONLY = new Set([
  'PROCESS',
  'RELOAD',
  'SUPER',
  'FLUSH_TABLES',
  'REPLICATION CLIENT',
  'BINLOG MONITOR',
  'SHOW_ROUTINE',
  'SHOW DATABASES',
]);

export type GrantScope =
  | { kind: 'global' }
  | { kind: 'database'; database: string }
  | { kind: 'table'; database: string; table: string };

export function quoteIdentifier(name: string): string {
  return '`' + name.replace(/`/g, '``') + '`';
}

/** Doubling quotes works whatever the server's sql_mode (NO_BACKSLASH_ESCAPES breaks \'). */
export function quoteString(value: string): string {
  return "'" + value.replace(/'/g, "''") + "'";
}

/**
 * A string literal that survives any sql_mode and any client/connection charset: the UTF-8 bytes
 * as hex, converted back to text on the server.
 */
export function hexLiteral(value: string): string {
  return `CONVERT(X'${Buffer.from(value, 'utf8').toString('hex')}' USING utf8mb4)`;
}

export function quoteAccount(account: MysqlAccount): string {
  return `${quoteString(account.user)}@${quoteString(account.host)}`;
}

/** The scope a privilege must be granted at for a dump of `database`. */
export function scopeFor(privilege: string, database: string): GrantScope {
  return GLOBAL_ONLY.has(privilege.toUpperCase()) ? { kind: 'global' } : { kind: 'database', database };
}

export function grantStatement(privilege: string, scope: GrantScope, account: MysqlAccount): string {
  let on: string;
  switch (scope.kind) {
    case 'global':
      on = '*.*';
      break;
    case 'database':
      on = `${quoteIdentifier(scope.database)}.*`;
      break;
    case 'table':
      on = `${quoteIdentifier(scope.database)}.${quoteIdentifier(scope.table)}`;
      break;
  }
  return `GRANT ${privilege.toUpperCase()} ON ${on} TO ${quoteAccount(account)};`;
}
