/**
 * After a restore: is everything the snapshot recorded back, with the same number of rows?
 *
 * The manifest's lists were read just before the dump and its row counts from the dump itself
 * (dump-row-counter.ts), so a complete restore matches them exactly. Each difference becomes its own failed check naming the table or
 * object, because "3 rows missing in `order`" is something an admin can act on and "verification
 * failed" is not. Objects in the restored database that the snapshot does not have (tables left over
 * from before when restoring over an existing database) are reported, but do not fail a check.
 */
import type { RestoreCheck } from '../../restore/types.js';
import { countRows, readInventory } from './inventory.js';
import { quoteIdentifier, type MysqlAccount } from './grants.js';
import type { Logger } from '../../progress.js';
import type { MysqlClient, MysqlObjectList, MysqlTarget } from './types.js';
import { msg, type MessageData } from '../../../shared/messages/index.js';

/** What the snapshot says the database held (the manifest item's fields). */
export interface ExpectedDatabase extends MysqlObjectList {
  rowCounts: Record<string, number>;
}

export interface VerifyRestoreOptions {
  signal?: AbortSignal;
  logger?: Logger;
  account?: MysqlAccount;
}

export async function verifyRestoredDatabase(
  client: MysqlClient,
  defaultsFile: string,
  target: MysqlTarget,
  database: string,
  expected: ExpectedDatabase,
  options: VerifyRestoreOptions = {},
): Promise<RestoreCheck[]> {
  const inventory = await readInventory(client, defaultsFile, target, database, options);
  const countable = Object.keys(expected.rowCounts).filter((t) => inventory.countableTables.includes(t));
  const counts = await countRows(client, defaultsFile, target, database, countable, options);
  return compareWithSnapshot(expected, inventory, counts);
}

/** Pure comparison, so every wording and edge is unit-testable. */
export function compareWithSnapshot(expected: ExpectedDatabase, actual: MysqlObjectList, counts: Record<string, number>): RestoreCheck[] {
  const checks: RestoreCheck[] = [];
  const kinds = [
    { key: 'tables', check: msg('restore-check-tables', {}) },
    { key: 'views', check: msg('restore-check-views', {}) },
    { key: 'routines', check: msg('restore-check-routines', {}) },
    { key: 'triggers', check: msg('restore-check-triggers', {}) },
    { key: 'events', check: msg('restore-check-events', {}) },
  ] as const;
  for (const { key, check } of kinds) {
    const want = expected[key];
    const have = new Set(actual[key]);
    const missing = want.filter((n) => !have.has(n));
    const wanted = new Set(want);
    const extra = actual[key].filter((n) => !wanted.has(n));
    // Routines are "FUNCTION name": backticks around the pair would read as one odd name.
    const show = (names: readonly string[]) => list(names, key === 'routines' ? (n) => n : quoteIdentifier);
    let detail: MessageData;
    if (missing.length === 0) {
      detail = extra.length === 0 ? msg('restore-detail-all-present', { count: want.length }) : msg('restore-detail-all-present-extra', { count: want.length, extra: show(extra) });
    } else {
      const facts = { missingCount: missing.length, count: want.length, missing: show(missing) };
      detail = extra.length === 0 ? msg('restore-detail-missing', facts) : msg('restore-detail-missing-extra', { ...facts, extra: show(extra) });
    }
    checks.push({ check, ok: missing.length === 0, detail });
  }
  for (const [table, want] of Object.entries(expected.rowCounts)) {
    const have = counts[table];
    const check = msg('restore-check-rows', { table: quoteIdentifier(table) });
    if (have === undefined) {
      checks.push({ check, ok: false, detail: msg('restore-detail-rows-table-missing', { expected: want }) });
    } else if (have === want) {
      checks.push({ check, ok: true, detail: msg('restore-detail-rows-equal', { count: have }) });
    } else {
      const diff = have - want;
      checks.push({ check, ok: false, detail: msg('restore-detail-rows-differ', { expected: want, found: have, diff: `${diff > 0 ? '+' : ''}${diff}` }) });
    }
  }
  return checks;
}

/** Names for messages: the first ten, then "…" (the same in every language). */
function list(names: readonly string[], format: (name: string) => string): string {
  const shown = names.slice(0, 10).map(format).join(', ');
  return names.length > 10 ? `${shown}, … (${names.length})` : shown;
}
