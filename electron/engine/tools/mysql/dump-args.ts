/**
 * The mysqldump command line.
 *
 * Choices, and why:
 * - `--defaults-extra-file` first: the clients only honour it in first position; it carries host,
 *   port, user and password so none of them appear in argv.
 * - `--single-transaction`: a consistent InnoDB snapshot without locking the shop's tables.
 * - `--quick`: rows are streamed, not buffered in mysqldump's memory.
 * - `--routines --events --triggers`: restore must bring back the whole database, not only tables.
 * - `--hex-blob`: binary columns survive any charset conversion on the way back in.
 * - `--default-character-set=utf8mb4`: Japanese text and emoji are dumped byte-exact.
 * - `--no-tablespaces`: otherwise MySQL 8.0.21+ demands the global PROCESS privilege.
 * - No `--databases`: the dump holds no CREATE DATABASE/USE, so it restores under any name.
 * - `--` before the database name: whatever the name is, it is never parsed as an option.
 */
import { KuraError } from '../../errors.js';
import { hasControlChar } from '../../util/text.js';
import type { MysqlClient } from './types.js';

export function buildDumpArgs(client: MysqlClient, defaultsFile: string, database: string): string[] {
  assertDatabaseName(database);
  const args = [
    `--defaults-extra-file=${defaultsFile}`,
    '--single-transaction',
    '--quick',
    '--routines',
    '--events',
    '--triggers',
    '--hex-blob',
    '--default-character-set=utf8mb4',
  ];
  if (client.supports.noTablespaces) args.push('--no-tablespaces');
  if (client.supports.setGtidPurged) args.push('--set-gtid-purged=OFF');
  if (client.supports.columnStatistics) args.push('--column-statistics=0');
  args.push('--', database);
  return args;
}

/**
 * Arguments for a batch query with the `mysql`/`mariadb` client: tab-separated, no headers, no
 * pager/history, SQL read from stdin so table names never need to fit in (or be visible in) argv.
 */
export function buildQueryArgs(defaultsFile: string, database?: string): string[] {
  const args = [`--defaults-extra-file=${defaultsFile}`, '--batch', '--skip-column-names', '--default-character-set=utf8mb4'];
  if (database !== undefined) {
    assertDatabaseName(database);
    args.push(`--database=${database}`);
  }
  return args;
}

/** The server's own rules plus no control characters: the name is the one admin string in argv. */
export function assertDatabaseName(database: string): void {
  const problem =
    database.length === 0
      ? 'is empty'
      : database.length > 64
        ? 'is longer than 64 characters'
        : hasControlChar(database)
          ? 'contains a control character'
          : /[/\\.]/.test(database)
            ? 'contains "/", "\\" or "."'
            : null;
  if (problem) {
    throw new KuraError({
      code: 'invalid-database-name',
      category: 'config',
      message: `The database name "${database}" ${problem}, so it cannot be a MySQL database.`,
      hint: 'Check the database name in the job settings.',
    });
  }
}
