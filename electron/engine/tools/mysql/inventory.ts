/**
 * What a database holds, read from information_schema just before it is dumped: the object lists
 * go into the snapshot manifest, and restore verification checks the restored database against
 * them ("every table, view, routine, trigger and event is back, with its rows").
 *
 * The manifest's row counts come from the dump stream itself (dump-row-counter.ts), so they match
 * the dump's own snapshot exactly. `countRows` remains for restore verification (counting the
 * restored tables) and as the fallback when the stream could not be counted.
 */
import type { Logger } from '../../progress.js';
import { hexLiteral, quoteIdentifier, type MysqlAccount } from './grants.js';
import { compareCodePoints, flavourOfServerVersion, fromHex, parseCurrentUser, runSql } from './queries.js';
import type { MysqlClient, MysqlFlavour, MysqlObjectList, MysqlTarget } from './types.js';

export interface DatabaseInventory extends MysqlObjectList {
  serverVersion: string;
  serverFlavour: MysqlFlavour;
  /** The account the server matched, for GRANT statements in messages. */
  account: MysqlAccount;
  /** Base tables whose rows are counted (not sequences, not views). */
  countableTables: string[];
  /**
   * Base tables whose engine has no transactions (MyISAM, Aria, MEMORY, CSV, …, per
   * information_schema.ENGINES): `--single-transaction` does not freeze them, sorted by name.
   */
  nonTransactionalTables: { name: string; engine: string }[];
  /** The server's global max_allowed_packet: the largest statement it accepts from a new connection. */
  maxAllowedPacket: number;
  /**
   * The accounts that own the views, routines, triggers and events ("user@host", as DEFINER reads):
   * recreating an object for another owner needs SET USER / SET_USER_ID / SUPER (restore-rights.ts).
   */
  definers: { kind: 'view' | 'routine' | 'trigger' | 'event'; definer: string }[];
}

interface CallOptions {
  signal?: AbortSignal;
  logger?: Logger;
}

export async function readInventory(
  client: MysqlClient,
  defaultsFile: string,
  target: MysqlTarget,
  database: string,
  options: CallOptions = {},
): Promise<DatabaseInventory> {
  const db = hexLiteral(database);
  const sql = [
    `SELECT 'server', HEX(VERSION()), HEX(@@version_comment), HEX(CURRENT_USER()), @@global.max_allowed_packet;`,
    // ENGINES.TRANSACTIONS, not a list of names: any engine the server has (MyISAM, Aria, MEMORY, CSV,
    // MRG_MyISAM, FEDERATED, ARCHIVE, …) is judged the way the server itself describes it.
    `SELECT 'table', HEX(t.TABLE_NAME), t.TABLE_TYPE, HEX(IFNULL(t.ENGINE, '')), IFNULL(e.TRANSACTIONS, '') FROM information_schema.TABLES t ` +
      `LEFT JOIN information_schema.ENGINES e ON e.ENGINE = t.ENGINE WHERE t.TABLE_SCHEMA = ${db};`,
    `SELECT 'routine', ROUTINE_TYPE, HEX(ROUTINE_NAME), HEX(DEFINER) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ${db};`,
    `SELECT 'trigger', HEX(TRIGGER_NAME), HEX(DEFINER) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ${db};`,
    `SELECT 'event', HEX(EVENT_NAME), HEX(DEFINER) FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ${db};`,
    `SELECT 'view', HEX(DEFINER) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ${db};`,
    '',
  ].join('\n');
  // --database: the server itself reports an unknown or forbidden database (1049/1044) at connect.
  const rows = await runSql(client, defaultsFile, target, sql, { ...options, database });

  const inv: DatabaseInventory = {
    serverVersion: '',
    serverFlavour: 'mysql',
    account: { user: target.user, host: '%' },
    tables: [],
    views: [],
    routines: [],
    triggers: [],
    events: [],
    countableTables: [],
    nonTransactionalTables: [],
    maxAllowedPacket: 0,
    definers: [],
  };
  const owner = (kind: DatabaseInventory['definers'][number]['kind'], hex: string | undefined) => {
    const definer = fromHex(hex ?? '');
    if (definer !== '') inv.definers.push({ kind, definer });
  };
  for (const row of rows) {
    switch (row[0]) {
      case 'server': {
        inv.serverVersion = fromHex(row[1] ?? '');
        inv.serverFlavour = flavourOfServerVersion(inv.serverVersion, fromHex(row[2] ?? ''));
        inv.account = parseCurrentUser(fromHex(row[3] ?? ''));
        inv.maxAllowedPacket = Number(row[4] ?? 0) || 0;
        break;
      }
      case 'table': {
        const name = fromHex(row[1] ?? '');
        const type = row[2] ?? '';
        if (type === 'VIEW') {
          inv.views.push(name);
        } else {
          inv.tables.push(name);
          const base = type === 'BASE TABLE' || type === 'SYSTEM VERSIONED';
          if (base) inv.countableTables.push(name);
          const engine = fromHex(row[3] ?? '');
          // No engine: the table cannot be opened (a missing plugin); mysqldump reports that itself.
          // BLACKHOLE keeps no rows, so there is nothing to be inconsistent.
          if (base && engine !== '' && engine.toUpperCase() !== 'BLACKHOLE' && (row[4] ?? '').toUpperCase() !== 'YES') inv.nonTransactionalTables.push({ name, engine });
        }
        break;
      }
      case 'routine':
        inv.routines.push(`${row[1] ?? 'ROUTINE'} ${fromHex(row[2] ?? '')}`);
        owner('routine', row[3]);
        break;
      case 'trigger':
        inv.triggers.push(fromHex(row[1] ?? ''));
        owner('trigger', row[2]);
        break;
      case 'event':
        inv.events.push(fromHex(row[1] ?? ''));
        owner('event', row[2]);
        break;
      case 'view':
        owner('view', row[1]);
        break;
      default:
        break;
    }
  }
  for (const list of [inv.tables, inv.views, inv.routines, inv.triggers, inv.events, inv.countableTables]) list.sort(compareCodePoints);
  inv.nonTransactionalTables.sort((a, b) => compareCodePoints(a.name, b.name));
  return inv;
}

/** Exact row counts of the given tables, all read in one consistent snapshot. */
export async function countRows(
  client: MysqlClient,
  defaultsFile: string,
  target: MysqlTarget,
  database: string,
  tables: readonly string[],
  options: CallOptions & { account?: MysqlAccount } = {},
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  if (tables.length === 0) return counts;
  const sql = [
    'SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ;',
    'START TRANSACTION WITH CONSISTENT SNAPSHOT;',
    ...tables.map((t, i) => `SELECT 'count', ${i}, COUNT(*) FROM ${quoteIdentifier(database)}.${quoteIdentifier(t)};`),
    'COMMIT;',
    '',
  ].join('\n');
  const rows = await runSql(client, defaultsFile, target, sql, { ...options, database });
  for (const row of rows) {
    if (row[0] !== 'count') continue;
    const table = tables[Number(row[1])];
    if (table !== undefined) counts[table] = Number(row[2]);
  }
  return counts;
}
