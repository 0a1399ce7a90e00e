/**
 * The sentences a MySQL dump item can carry as warnings (manifest `warnings`, the run's warnings):
 * the dump is complete and verified, but the admin must know something about it. Each sentence is
 * built here and only here, from separable facts (names, sizes, the GRANT), for the coming en/ja
 * catalogue.
 */
import { formatBytes } from '../../util/format-bytes.js';
import { type MysqlAccount, grantStatement, quoteIdentifier } from './grants.js';

export interface NonTransactionalTable {
  name: string;
  engine: string;
}

/** "`log` (MyISAM), `cache` (MEMORY)": for messages and the manifest. */
export function describeTables(tables: readonly NonTransactionalTable[], max = 10): string {
  const shown = tables.slice(0, max).map((t) => `${quoteIdentifier(t.name)} (${t.engine})`);
  return tables.length > max ? `${shown.join(', ')} and ${tables.length - max} more` : shown.join(', ');
}

/**
 * `mysql-dump-unlocked-tables`: MyISAM & co. dumped without a lock because the account may not lock
 * them — it lacks LOCK TABLES, or the server refused the lock (`refusal`: the server's own words).
 */
export function unlockedTablesWarning(database: string, tables: readonly NonTransactionalTable[], account: MysqlAccount, refusal?: string): string {
  const grant = grantStatement('LOCK TABLES', { kind: 'database', database }, account);
  const first = tables[0]!;
  const why = refusal ? `but the server refused the lock: ${refusal}` : 'but the backup user lacks the LOCK TABLES privilege';
  const fix = refusal ? `Fix what the server names, or convert them` : `Fix: ${grant} (writes to this database then wait while it is dumped), or convert them`;
  return (
    `The tables ${describeTables(tables)} of ${quoteIdentifier(database)} have no transactions, so they were not read at one moment with the ` +
    `rest: rows written to them during the backup may be missing or only partly there (an order without its lines). ` +
    `Kura locks such tables for the length of the dump, ${why}. ${fix}: ALTER TABLE ${quoteIdentifier(first.name)} ENGINE=InnoDB;`
  );
}

/** `mysql-dump-events-skipped`: mysqldump cannot dump the events of a database whose name holds an apostrophe. */
export function eventsSkippedWarning(database: string, events: readonly string[]): string {
  return (
    `The events ${events.slice(0, 10).map(quoteIdentifier).join(', ')}${events.length > 10 ? ` and ${events.length - 10} more` : ''} of ${quoteIdentifier(database)} are not in this backup: ` +
    `mysqldump cannot save the events of a database whose name contains an apostrophe (it fails with "Unknown database"), so Kura backed up everything else. ` +
    `Keep their definitions (SHOW CREATE EVENT) to recreate them after a restore, or rename the database without the apostrophe.`
  );
}

/** `mysql-dump-packet-exceeds-server`: the dump holds a statement the server it came from would refuse. */
export function packetWarning(database: string, statementBytes: number, serverMax: number): string {
  return (
    `The dump of ${quoteIdentifier(database)} holds a statement of ${formatBytes(statementBytes)} (binary columns are written as hex, twice their size), ` +
    `but the server accepts at most ${formatBytes(serverMax)} (max_allowed_packet): restoring it here would stop at that table. ` +
    `Raise max_allowed_packet to at least ${formatBytes(statementBytes)} in the server's configuration ([mysqld] max_allowed_packet=${packetSetting(statementBytes)}) before you need a restore.`
  );
}

/** A my.cnf value (in M) at least `bytes`, rounded up to a power of two so it reads like the usual settings. */
export function packetSetting(bytes: number): string {
  let mb = 1;
  while (mb * 1024 * 1024 < bytes && mb < 1024) mb *= 2;
  return mb >= 1024 ? '1G' : `${mb}M`;
}
