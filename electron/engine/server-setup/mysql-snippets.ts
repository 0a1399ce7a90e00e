/**
 * The SQL that creates Kura's least-privilege MySQL/MariaDB backup account, for pasting into
 * phpMyAdmin or the `mysql` prompt as the server's administrator.
 *
 * Backup needs, per database: SELECT (rows), SHOW VIEW (views), TRIGGER (without it triggers are
 * silently missing), LOCK TABLES (consistent dumps of non-InnoDB tables), EVENT (scheduled events);
 * plus the right to read other definers' routines, which depends on the server. PROCESS is NOT
 * granted: Kura dumps with `--no-tablespaces`, which is the only thing MySQL 8 wanted it for.
 *
 * Restore needs much more (creating and dropping tables, writing rows, routines…). Those rights
 * are printed separately, with the REVOKE that takes them back, so the account that can read the
 * shop every night cannot wipe it the rest of the time.
 */
import { quoteAccount, quoteIdentifier, quoteString, type MysqlAccount } from '../tools/mysql/grants.js';
import type { Lang } from '../../shared/messages/define.js';
import { render } from '../../shared/messages/render.js';

export const BACKUP_PRIVILEGES = ['SELECT', 'SHOW VIEW', 'TRIGGER', 'LOCK TABLES', 'EVENT'] as const;

/** What `kura restore` (and its safety dump first) does in the target database. */
export const RESTORE_PRIVILEGES = [
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'CREATE',
  'DROP',
  'ALTER',
  'INDEX',
  'REFERENCES',
  'CREATE TEMPORARY TABLES',
  'LOCK TABLES',
  'CREATE VIEW',
  'SHOW VIEW',
  'CREATE ROUTINE',
  'ALTER ROUTINE',
  'EXECUTE',
  'EVENT',
  'TRIGGER',
] as const;

/**
 * Accounts to create for a server reached at `serverHost`: a server on the same machine (or reached
 * through a tunnel) sees the client as localhost or 127.0.0.1 depending on socket vs TCP and name
 * resolution, so both; a remote server sees the shop's address, when known.
 */
export function accountsFor(user: string, serverHost: string, allowFrom: string | null): MysqlAccount[] {
  if (serverHost === '127.0.0.1' || serverHost === 'localhost' || serverHost === '::1' || serverHost === '[::1]') {
    return [
      { user, host: 'localhost' },
      { user, host: '127.0.0.1' },
    ];
  }
  return [{ user, host: allowFrom ?? '%' }];
}

export function backupUserSql(accounts: readonly MysqlAccount[], password: string, databases: readonly string[], lang: Lang = 'en'): string {
  const lines: string[] = [];
  for (const a of accounts) {
    const acc = quoteAccount(a);
    lines.push(`CREATE USER IF NOT EXISTS ${acc} IDENTIFIED BY ${quoteString(password)};`);
    // When the account existed already, give it the new password too.
    lines.push(`ALTER USER ${acc} IDENTIFIED BY ${quoteString(password)};`);
    for (const db of databases) lines.push(`GRANT ${BACKUP_PRIVILEGES.join(', ')} ON ${quoteIdentifier(db)}.* TO ${acc};`);
    lines.push(
      `-- ${render(lang, 'setup-sql-routines', {}).message}`,
      `-- ${render(lang, 'setup-sql-routines-old', {}).message}`,
      `GRANT SELECT ON ${quoteIdentifier('mysql')}.${quoteIdentifier('proc')} TO ${acc};`,
      ...databases.map((db) => `-- ${render(lang, 'setup-sql-routines-mariadb', { sql: `GRANT SHOW CREATE ROUTINE ON ${quoteIdentifier(db)}.* TO ${acc};` }).message}`),
      `-- ${render(lang, 'setup-sql-routines-mysql', { sql: `GRANT SHOW_ROUTINE ON *.* TO ${acc};` }).message}`,
    );
  }
  lines.push('FLUSH PRIVILEGES;');
  return lines.join('\n') + '\n';
}

export function restoreGrantSql(accounts: readonly MysqlAccount[], databases: readonly string[], lang: Lang = 'en'): { grant: string; revoke: string } {
  const grant: string[] = [];
  const revoke: string[] = [];
  for (const a of accounts) {
    const acc = quoteAccount(a);
    for (const db of databases) {
      grant.push(`GRANT ${RESTORE_PRIVILEGES.join(', ')} ON ${quoteIdentifier(db)}.* TO ${acc};`);
      const extra = RESTORE_PRIVILEGES.filter((p) => !(BACKUP_PRIVILEGES as readonly string[]).includes(p));
      revoke.push(`REVOKE ${extra.join(', ')} ON ${quoteIdentifier(db)}.* FROM ${acc};`);
    }
  }
  grant.push(
    ...wrapComment(render(lang, 'setup-sql-definers', {}).message),
    ...accounts.map((a) => `--   MariaDB 10.5.2+: GRANT SET USER ON *.* TO ${quoteAccount(a)};   MySQL 8: GRANT SET_USER_ID ON *.* TO ${quoteAccount(a)};`),
  );
  return { grant: grant.join('\n') + '\n', revoke: revoke.join('\n') + '\n' };
}

/** The restore account next to backup account `user` ("kura_backup" → "kura_backup_restore"; MySQL allows 32 characters). */
export function restoreUserName(user: string): string {
  return `${Array.from(user).slice(0, 24).join('')}_restore`;
}

/**
 * A separate account that may restore the databases, created when a restore is needed and dropped
 * afterwards: the nightly backup account never holds write rights. `remove` takes it away again.
 */
export function restoreUserSql(accounts: readonly MysqlAccount[], password: string, databases: readonly string[], lang: Lang = 'en'): { create: string; remove: string } {
  const create: string[] = [];
  for (const a of accounts) {
    const acc = quoteAccount(a);
    create.push(`CREATE USER IF NOT EXISTS ${acc} IDENTIFIED BY ${quoteString(password)};`, `ALTER USER ${acc} IDENTIFIED BY ${quoteString(password)};`);
    for (const db of databases) create.push(`GRANT ${RESTORE_PRIVILEGES.join(', ')} ON ${quoteIdentifier(db)}.* TO ${acc};`);
  }
  create.push(
    ...wrapComment(render(lang, 'setup-sql-definers', {}).message),
    ...accounts.map((a) => `--   MariaDB 10.5.2+: GRANT SET USER ON *.* TO ${quoteAccount(a)};   MySQL 8: GRANT SET_USER_ID ON *.* TO ${quoteAccount(a)};`),
  );
  return { create: create.join('\n') + '\n', remove: accounts.map((a) => `DROP USER IF EXISTS ${quoteAccount(a)};`).join('\n') + '\n' };
}

/** A long comment as `-- ` lines of about 100 characters (at spaces; a line of Japanese stays whole). */
function wrapComment(text: string): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + word.length + 1 > 100) {
      out.push(`-- ${line}`);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') out.push(`-- ${line}`);
  return out;
}
