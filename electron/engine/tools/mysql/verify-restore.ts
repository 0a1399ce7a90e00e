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
  const kinds: { key: keyof MysqlObjectList; label: string }[] = [
    { key: 'tables', label: 'tables' },
    { key: 'views', label: 'views' },
    { key: 'routines', label: 'routines' },
    { key: 'triggers', label: 'triggers' },
    { key: 'events', label: 'events' },
  ];
  for (const { key, label } of kinds) {
    const want = expected[key];
    const have = new Set(actual[key]);
    const missing = want.filter((n) => !have.has(n));
    const wanted = new Set(want);
    const extra = actual[key].filter((n) => !wanted.has(n));
    // Routines are "FUNCTION name": backticks around the pair would read as one odd name.
    const show = (names: readonly string[]) => list(names, key === 'routines' ? (n) => n : quoteIdentifier);
    const extraText = extra.length > 0 ? `; also present, not in the snapshot (left as they were): ${show(extra)}` : '';
    checks.push(
      missing.length === 0
        ? { check: label, ok: true, detail: `all ${want.length} present${extraText}` }
        : { check: label, ok: false, detail: `${missing.length} of ${want.length} missing: ${show(missing)}${extraText}` },
    );
  }
  for (const [table, want] of Object.entries(expected.rowCounts)) {
    const have = counts[table];
    const check = `rows in ${quoteIdentifier(table)}`;
    if (have === undefined) {
      checks.push({ check, ok: false, detail: `expected ${want}, but the table is not there` });
    } else if (have === want) {
      checks.push({ check, ok: true, detail: `${have} as in the snapshot` });
    } else {
      const diff = have - want;
      checks.push({ check, ok: false, detail: `expected ${want}, found ${have} (${diff > 0 ? '+' : ''}${diff})` });
    }
  }
  return checks;
}

function list(names: readonly string[], format: (name: string) => string): string {
  const shown = names.slice(0, 10).map(format).join(', ');
  return names.length > 10 ? `${shown} and ${names.length - 10} more` : shown;
}
