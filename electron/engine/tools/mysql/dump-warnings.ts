/**
 * The warnings a MySQL dump item can carry (manifest `warnings`, the run's warnings): the dump is
 * complete and verified, but the admin must know something about it. Each is a catalogued message
 * (catalogue/mysql.ts) built here and only here from its facts (names, sizes, the GRANT); the
 * manifest keeps its English sentence, so an admin reading manifest.json without Kura sees it too.
 */
import { msg, type Message } from '../../../shared/messages/index.js';
import { type MysqlAccount, grantStatement, quoteIdentifier } from './grants.js';

export interface NonTransactionalTable {
  name: string;
  engine: string;
}

/** "`log` (MyISAM), `cache` (MEMORY)": a fact for messages (the same in every language; "…" when cut). */
export function describeTables(tables: readonly NonTransactionalTable[], max = 10): string {
  const shown = tables.slice(0, max).map((t) => `${quoteIdentifier(t.name)} (${t.engine})`);
  return tables.length > max ? `${shown.join(', ')}, …` : shown.join(', ');
}

/**
 * `mysql-dump-unlocked-tables`: MyISAM & co. dumped without a lock because the account may not lock
 * them — it lacks LOCK TABLES (the GRANT that fixes it is named), or the server refused the lock
 * (`refusal`: the server's own words).
 */
export function unlockedTablesWarning(database: string, tables: readonly NonTransactionalTable[], account: MysqlAccount, refusal?: string): Message {
  const common = { tables: describeTables(tables), database: quoteIdentifier(database), convert: `ALTER TABLE ${quoteIdentifier(tables[0]!.name)} ENGINE=InnoDB;` };
  return refusal
    ? msg('mysql-dump-unlocked-refused', { ...common, refusal })
    : msg('mysql-dump-unlocked-tables', { ...common, grant: grantStatement('LOCK TABLES', { kind: 'database', database }, account) });
}

/** `mysql-dump-events-skipped`: mysqldump cannot dump the events of a database whose name holds an apostrophe. */
export function eventsSkippedWarning(database: string, events: readonly string[]): Message {
  const shown = events.slice(0, 10).map(quoteIdentifier).join(', ');
  return msg('mysql-dump-events-skipped', { events: events.length > 10 ? `${shown}, …` : shown, count: events.length, database: quoteIdentifier(database), command: 'SHOW CREATE EVENT' });
}

/** `mysql-dump-packet-exceeds-server`: the dump holds a statement the server it came from would refuse. */
export function packetWarning(database: string, statementBytes: number, serverMax: number): Message {
  return msg('mysql-dump-packet-exceeds-server', { database: quoteIdentifier(database), statementBytes, serverMax, setting: packetSetting(statementBytes) });
}

/** A my.cnf value (in M) at least `bytes`, rounded up to a power of two so it reads like the usual settings. */
export function packetSetting(bytes: number): string {
  let mb = 1;
  while (mb * 1024 * 1024 < bytes && mb < 1024) mb *= 2;
  return mb >= 1024 ? '1G' : `${mb}M`;
}
