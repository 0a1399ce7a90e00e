/**
 * The mysqldump command line.
 *
 * Choices, and why:
 * - `--defaults-extra-file` first: the clients only honour it in first position; it carries host,
 *   port, user and password so none of them appear in argv.
 * - `--single-transaction`: a consistent InnoDB snapshot without locking the shop's tables — when
 *   every table is transactional. It does not freeze MyISAM/Aria/MEMORY tables: rows written to them
 *   during the dump land in the file or not depending on when mysqldump reached the table (an order
 *   without its lines). For a database holding such tables, `--lock-tables` instead (see
 *   DumpConsistency): mysqldump then takes one `LOCK TABLES … READ LOCAL` over every table of the
 *   database before reading any, so all tables are read at one moment. The two cannot be combined
 *   (mysqldump turns --lock-tables off under --single-transaction), and dumping the MyISAM tables in a
 *   second, locked run would lose the moment they share with the InnoDB ones (a MyISAM order and its
 *   InnoDB payment). The price: writes to the database wait until the dump ends (READ LOCAL still lets
 *   MyISAM append rows, which the dump simply does not see); reads go on.
 * - `--max-allowed-packet=1G`: the client's own limit on one row (16 MB by default in MariaDB's
 *   client, which drops the connection on a bigger row — "Lost connection to server during query when
 *   dumping table" — so such a table never backs up, and the error looks like a network drop). 1 GB is
 *   the protocol's largest value, which MySQL and MariaDB clients both accept; it is a ceiling, not an
 *   allocation (the buffer grows to the largest row only), and the server's own max_allowed_packet
 *   cannot exceed it, so whatever row the server holds, the client can receive it. Reading the server's
 *   value first would cost a query and could change before the dump runs.
 * - `--quick`: rows are streamed, not buffered in mysqldump's memory.
 * - `--routines --events --triggers`: restore must bring back the whole database, not only tables.
 * - `--hex-blob`: binary columns survive any charset conversion on the way back in.
 * - `--default-character-set=utf8mb4`: Japanese text and emoji are dumped byte-exact.
 * - `--no-tablespaces`: otherwise MySQL 8.0.21+ demands the global PROCESS privilege.
 * - No `--databases`: the dump holds no CREATE DATABASE/USE, so it restores under any name.
 * - `--` before the database name: whatever the name is, it is never parsed as an option.
 */
import { TEST_CONNECT_SECONDS } from '../answer-timeouts.js';
import { KuraError } from '../../errors.js';
import { hasControlChar, withoutControlChars } from '../../util/text.js';
import type { MysqlClient } from './types.js';

/** How a dump is made consistent: see the header. */
export type DumpConsistency = 'single-transaction' | 'lock-tables';

/** The largest value of max_allowed_packet MySQL and MariaDB accept (1 GiB). */
export const MAX_PACKET_BYTES = 1024 * 1024 * 1024;

export interface DumpArgOptions {
  consistency?: DumpConsistency;
  /** Leave out events (`--skip-events`): see dump-database.ts for when mysqldump cannot dump them. */
  skipEvents?: boolean;
}

export function buildDumpArgs(client: MysqlClient, defaultsFile: string, database: string, options: DumpArgOptions = {}): string[] {
  assertDatabaseName(database);
  const args = [
    `--defaults-extra-file=${defaultsFile}`,
    options.consistency === 'lock-tables' ? '--lock-tables' : '--single-transaction',
    '--quick',
    '--routines',
    options.skipEvents ? '--skip-events' : '--events',
    '--triggers',
    '--hex-blob',
    '--default-character-set=utf8mb4',
    `--max-allowed-packet=${MAX_PACKET_BYTES}`,
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
  // --connect-timeout also bounds the server's greeting: a hung server is reported, not waited on.
  const args = [`--defaults-extra-file=${defaultsFile}`, '--batch', '--skip-column-names', '--default-character-set=utf8mb4', `--connect-timeout=${TEST_CONNECT_SECONDS}`];
  if (database !== undefined) {
    assertDatabaseName(database);
    args.push(`--database=${database}`);
  }
  return args;
}

/** The server's own rules plus no control characters: the name is the one admin string in argv. */
export function assertDatabaseName(database: string): void {
  const bad = database.length === 0 || database.length > 64 || hasControlChar(database) || /[/\\.]/.test(database);
  if (bad) {
    // The name as a fact, with its control characters made visible (it may hold a line break).
    const name = withoutControlChars(database, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
    throw new KuraError({ code: 'invalid-database-name', params: { name }, category: 'config' });
  }
}
