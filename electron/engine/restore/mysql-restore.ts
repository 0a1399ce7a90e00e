/**
 * Restoring one MySQL/MariaDB database from a snapshot's .sql.gz, planning it, and test-restoring it.
 *
 * The caller (restore-engine.ts) has already picked the item and checked the file's sha256, gzip and
 * trailer. Here the order is what makes it safe for a non-specialist:
 *   1. look at the target: new, empty, or holding tables;
 *   2. if it holds tables and a safety folder was given, dump it FIRST (verified) — nothing is touched
 *      until that succeeded;
 *   3. CREATE DATABASE IF NOT EXISTS (utf8mb4), then stream the dump in;
 *   4. on any failure with a safety dump: drop, recreate (same charset/collation) and import the safety
 *      dump, so the database is exactly as before; without one, say plainly what state it is left in;
 *   5. verify objects and per-table row counts against the manifest.
 *
 * `status` describes the import; failed verification checks do not change it (a busy server can
 * legitimately differ by a row): callers read `verification` for that.
 */
import { mkdir, rm } from 'node:fs/promises';
import { renameRetrying } from '../util/busy-retry.js';
import { basename, dirname, join } from 'node:path';
import { type KuraError, throwIfCancelled, toKuraError } from '../errors.js';
import { quoteArg } from '../process/redact.js';
import type { Logger, ProgressListener } from '../progress.js';
import { safeFileName } from '../snapshot/artifact-names.js';
import { formatBytes } from '../util/format-bytes.js';
import type { MysqlManifestItem } from '../snapshot/manifest.js';
import {
  assertDatabaseName,
  createDatabase,
  describeObject,
  type DatabaseState,
  dropDatabase,
  dumpDatabase,
  importDump,
  type ImportResult,
  type MysqlClient,
  type MysqlTarget,
  packetTooLargeError,
  mysqlWhere,
  probeDatabase,
  quoteIdentifier,
  renameRefusedError,
  type RenameScan,
  scanDumpForRename,
  serverMaxAllowedPacket,
  verifyDumpFile,
  verifyRestoredDatabase,
  withDefaultsFile,
} from '../tools/mysql/index.js';
import type { JournalHandle, MysqlJournalTarget } from './restore-journal.js';
import type { RestoreCheck, RestoreOutcome } from './types.js';
import { verbatim } from '../../shared/messages/index.js';

export interface RestoreMysqlItemOptions {
  client: MysqlClient;
  target: MysqlTarget;
  item: MysqlManifestItem;
  /** Absolute path of the item's .sql.gz (already checked by the caller). */
  file: string;
  /** Where to restore: the original name unless the admin chose another. */
  toDatabase: string;
  /** Folder for the safety dump of a non-empty target; null = --no-safety-backup. */
  safetyBackup: { dir: string } | null;
  stripDefiners: boolean;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  logger?: Logger;
  /** The restore journal: each step is recorded before it is carried out (restore-journal.ts). */
  journal?: JournalHandle;
  /**
   * "Finish the restore" after a crash: the database as it was before the FIRST attempt and that
   * attempt's verified safety dump, from its journal. No new probe and no new safety dump (the
   * database is half restored now: a dump of it would be worthless), and a failure rolls back to
   * the original state.
   */
  resume?: { before: BeforeState; safetyPath: string | null };
}

/** The target as it was before the restore changed it (what a roll back returns it to). */
export type BeforeState = NonNullable<MysqlJournalTarget['before']>;

export interface PlanMysqlRestoreOptions {
  client: MysqlClient;
  target: MysqlTarget;
  item: MysqlManifestItem;
  toDatabase: string;
  /** Whether the restore will be allowed to take a safety dump (false = --no-safety-backup). */
  safetyBackup: boolean;
  signal?: AbortSignal;
  logger?: Logger;
}

export interface MysqlRestorePlan {
  exists: boolean;
  /** Base tables in the target now. */
  tables: number;
  /** What will be overwritten, in words; null when the target is new or empty. */
  overwrites: string | null;
  steps: string[];
  safetyBackup: { willTake: boolean; reason: string } | null;
  destructive: boolean;
}

export interface TestRestoreMysqlItemOptions {
  client: MysqlClient;
  target: MysqlTarget;
  item: MysqlManifestItem;
  file: string;
  signal?: AbortSignal;
  logger?: Logger;
}

/** Suffix of the throw-away database a restore test uses; a leftover one is Kura's and may be dropped. */
export const SCRATCH_SUFFIX = '__kura_verify';

export async function restoreMysqlItem(opts: RestoreMysqlItemOptions): Promise<RestoreOutcome> {
  const { client, target, item, file, toDatabase, signal, logger, onProgress } = opts;
  const steps: string[] = [];
  const step = (key: string, message: string, level: 'info' | 'warn' | 'error' = 'info') => {
    steps.push(message);
    onProgress?.({ kind: 'step', sourceId: item.source, step: key, message: verbatim(message) });
    logger?.log(level, message);
  };
  const name = quoteIdentifier(toDatabase);
  const where = mysqlWhere(target);
  let safetyPath: string | null = null;
  const outcome = (status: RestoreOutcome['status'], error: KuraError | null, verification: RestoreCheck[] = []): RestoreOutcome => ({
    status,
    steps,
    verification,
    safetyBackup: safetyPath === null ? null : { path: safetyPath },
    error: error === null ? null : error.toJSON(),
  });

  try {
    assertDatabaseName(toDatabase);
  } catch (err) {
    const e = toKuraError(err);
    step('check', `${e.message} Nothing was changed.`, 'error');
    return outcome('failed', e);
  }

  const journal = opts.journal;
  // Under another name, the dump's own references to its database must follow it (schema-rename.ts):
  // read it once first, so a dump that cannot be moved safely is refused before anything changes.
  const renameFrom = toDatabase === item.database ? undefined : item.database;
  let largestStatement = item.largestStatementBytes;
  if (renameFrom !== undefined) {
    try {
      const scan = await scanDumpForRename(file, renameFrom, toDatabase, signal);
      largestStatement ??= scan.largestStatementBytes;
      if (scan.problems.length > 0) {
        const e = renameRefusedError(renameFrom, toDatabase, scan.problems);
        step('check', e.message, 'error');
        return outcome('failed', e);
      }
      for (const note of renameNotes(scan, renameFrom, toDatabase)) step('rename', note.text, note.level);
    } catch (err) {
      const e = toKuraError(err);
      step('check', `${e.message} Nothing was changed.`, e.category === 'cancelled' ? 'warn' : 'error');
      return outcome(e.category === 'cancelled' ? 'cancelled' : 'failed', e);
    }
  }

  return withDefaultsFile(target, async (cnf) => {
    const call = { signal, logger };
    // ---- Before anything changes: look, and take the safety dump. Failures here change nothing.
    let before: BeforeState;
    try {
      await checkPacketLimit(client, cnf, target, largestStatement, call);
      if (opts.resume) {
        before = opts.resume.before;
        safetyPath = opts.resume.safetyPath;
        step(
          'resume',
          `Finishing the interrupted restore of ${name} on ${where}: it is imported again from the snapshot` +
            (safetyPath ? `; if that fails, it is put back from the safety backup ${safetyPath} taken before the first attempt.` : '.'),
        );
      } else {
        before = beforeState(await probeDatabase(client, cnf, target, toDatabase, call));
        const content = contentOf(before);
        await journal?.note({ before });
        if (content.tables + content.views > 0) {
          if (opts.safetyBackup) {
            step('safety-backup', `${name} on ${where} holds ${describeContent(content)}: taking a safety backup of it first.`);
            await mkdir(opts.safetyBackup.dir, { recursive: true });
            const path = join(opts.safetyBackup.dir, `${safeFileName(toDatabase)}.sql.gz`);
            // Written under a temporary name and renamed once read back to its end: a dump cut short by a
            // crash is never listed as a safety backup, nor imported by a roll back.
            const partial = `${path}${PARTIAL_DUMP_SUFFIX}`;
            await journal?.record('safety-backup', { safety: { id: basename(dirname(path)), file: basename(path), verified: false } });
            const dumped = await dumpDatabase({ client, target, database: toDatabase, outFile: partial, level: 1, signal, logger });
            await verifyDumpFile(partial, signal);
            await renameRetrying(partial, path);
            safetyPath = path;
            await journal?.record('safety-verified', { safety: { id: basename(dirname(path)), file: basename(path), verified: true } });
            step('safety-backup', `Safety backup written and checked: ${path} (${formatBytes(dumped.bytes)}).`);
          } else {
            step('safety-backup', `No safety backup of ${name} was taken (--no-safety-backup): if the import fails, Kura cannot put it back.`, 'warn');
          }
        }
        if (before.kind === 'missing') step('create-database', `Creating the database ${name} on ${where} (utf8mb4).`);
      }
      await journal?.record('import');
      await createDatabase(client, cnf, target, toDatabase, {
        ...call,
        ...(before.kind === 'exists' && opts.resume ? { charset: before.charset, collation: before.collation } : {}),
      });
    } catch (err) {
      const e = toKuraError(err);
      if (opts.safetyBackup && safetyPath === null && !opts.resume) {
        await rm(join(opts.safetyBackup.dir, `${safeFileName(toDatabase)}.sql.gz${PARTIAL_DUMP_SUFFIX}`), { force: true });
      }
      // Nothing was imported: the database is as it was (a CREATE … IF NOT EXISTS at most).
      if (!opts.resume) journal?.settle('unchanged');
      const unchanged = opts.resume ? `${name} is still as the interrupted restore left it.` : `${name} was not changed.`;
      if (e.category === 'cancelled') {
        step('cancelled', `Cancelled before the import started: ${unchanged}`, 'warn');
        return outcome('cancelled', e);
      }
      step('failed', `${e.message} The import did not start, so ${unchanged}`, 'error');
      return outcome('failed', e);
    }

    // ---- The import.
    let imported: ImportResult;
    try {
      step('import', `Importing ${item.path} into ${name}${opts.stripDefiners ? ', with DEFINER clauses removed' : ''}…`);
      imported = await importDump({
        client,
        target,
        database: toDatabase,
        file,
        stripDefiners: opts.stripDefiners,
        renameFrom,
        defaultsFile: cnf,
        signal,
        logger,
        onProgress: (bytes, totalBytes) => onProgress?.({ kind: 'bytes', sourceId: item.source, bytes, totalBytes }),
      });
    } catch (err) {
      const e = toKuraError(err);
      const cancelled = e.category === 'cancelled';
      step('import', cancelled ? 'The import was cancelled part-way.' : `The import failed: ${e.message}`, cancelled ? 'warn' : 'error');
      if (safetyPath !== null) {
        await journal?.record('rollback').catch((je: unknown) => logger?.log('error', `Could not update the restore journal: ${toKuraError(je).message}`));
        const rolledBack = await rollBack({ ...opts, cnf, safetyPath, before, step, name });
        if (rolledBack) {
          journal?.settle('rolled-back');
          return outcome(cancelled ? 'cancelled' : 'rolled-back', e);
        }
        return outcome(cancelled ? 'cancelled' : 'failed', e);
      }
      if (before.kind === 'missing') {
        // This restore created the database: removing the half-imported copy puts the server back as it was,
        // so a retry (e.g. with --strip-definers) plans a plain new-database restore again.
        try {
          await dropDatabase(client, cnf, target, toDatabase, { logger });
          journal?.settle('rolled-back');
          step('state', `Removed the half-imported ${name} that this restore had created: the server is as it was before.`);
          return outcome(cancelled ? 'cancelled' : 'failed', e);
        } catch (dropErr) {
          logger?.log('warn', `Could not drop ${name} after the failed import: ${toKuraError(dropErr).message}`);
        }
      }
      step('state', stateAfterFailedImport(before, name, opts.safetyBackup !== null), 'warn');
      return outcome(cancelled ? 'cancelled' : 'failed', e);
    }
    const extras = [
      imported.definersStripped > 0 ? `${imported.definersStripped} DEFINER clauses removed` : null,
    ].filter((x) => x !== null);
    step(
      'import',
      `Imported ${formatBytes(imported.uncompressedBytes)} of SQL into ${name} in ${formatSeconds(imported.durationMs)}${extras.length ? ` (${extras.join(', ')})` : ''}.`,
    );

    // ---- Verification against the manifest. The import is complete: whatever the checks say, the
    // database now holds the snapshot (a difference is reported, not a half-restored state).
    journal?.settle('restored');
    try {
      await journal?.record('verify');
      throwIfCancelled(signal);
      const verification = await verifyRestoredDatabase(client, cnf, target, toDatabase, item, { signal, logger });
      const failed = verification.filter((c) => !c.ok);
      step(
        'verify',
        failed.length === 0
          ? `Verified against the snapshot: all ${verification.length} checks passed (objects present, row counts equal).`
          : `Verified against the snapshot: ${failed.length} of ${verification.length} checks differ: ${failed.map((c) => `${c.check}: ${c.detail}`).join('; ')}.`,
        failed.length === 0 ? 'info' : 'warn',
      );
      return outcome('success', null, verification);
    } catch (err) {
      const e = toKuraError(err);
      step('verify', `${name} was restored, but checking it afterwards failed: ${e.message}`, 'warn');
      return outcome(e.category === 'cancelled' ? 'cancelled' : 'success', e.category === 'cancelled' ? e : null, [
        { check: 'verification', ok: false, detail: e.message },
      ]);
    }
  });
}

interface RollbackContext extends Pick<RestoreMysqlItemOptions, 'client' | 'target' | 'toDatabase' | 'stripDefiners' | 'logger'> {
  cnf: string;
  safetyPath: string;
  before: BeforeState;
  name: string;
  step: (key: string, message: string, level?: 'info' | 'warn' | 'error') => void;
}

/**
 * Puts the database back from the safety dump: drop, recreate with its old charset/collation, import.
 * Runs without the cancel signal — a cancel mid-import must still end in the old state, not a half one.
 * If the safety dump itself trips over DEFINERs (the restoring user cannot recreate objects owned by
 * others), it is retried with them stripped: the data back, owned by this user, beats a broken database.
 */
export async function rollBack(ctx: RollbackContext): Promise<boolean> {
  const { client, target, cnf, safetyPath, before, name, step, logger } = ctx;
  step('rollback', `Rolling back: dropping ${name}, recreating it and importing the safety backup ${safetyPath}.`, 'warn');
  const recreate = async () => {
    await dropDatabase(client, cnf, target, ctx.toDatabase, { logger });
    await createDatabase(client, cnf, target, ctx.toDatabase, {
      logger,
      ...(before.kind === 'exists' ? { charset: before.charset, collation: before.collation } : {}),
    });
  };
  try {
    await recreate();
    try {
      await importDump({ client, target, database: ctx.toDatabase, file: safetyPath, stripDefiners: ctx.stripDefiners, defaultsFile: cnf, logger });
    } catch (err) {
      const e = toKuraError(err);
      if (e.code !== 'mysql-definer-denied' || ctx.stripDefiners) throw e;
      step('rollback', 'The safety backup holds objects owned by another account; importing it again with DEFINER clauses removed.', 'warn');
      await recreate();
      await importDump({ client, target, database: ctx.toDatabase, file: safetyPath, stripDefiners: true, defaultsFile: cnf, logger });
    }
    const after = await probeDatabase(client, cnf, target, ctx.toDatabase, { logger });
    const was = contentOf(before);
    const now = contentOf(beforeState(after));
    const same = was.tables === now.tables && was.views === now.views;
    step(
      'rollback',
      same
        ? `Rolled back: ${name} is as it was before the restore (${describeContent(now)}, from the safety backup).`
        : `Rolled back from the safety backup, but ${name} now holds ${describeContent(now)} where it held ${describeContent(was)} before.`,
      same ? 'info' : 'warn',
    );
    return true;
  } catch (err) {
    const e = toKuraError(err);
    step(
      'rollback',
      `The rollback failed too: ${e.message} ${name} is incomplete. The safety backup is kept at ${safetyPath}; ` +
        `restore it by hand with: gunzip -c ${quoteArg(safetyPath)} | mysql -u <user> -p -- ${quoteArg(ctx.toDatabase)}`,
      'error',
    );
    return false;
  }
}

function stateAfterFailedImport(before: BeforeState, name: string, safetyWanted: boolean): string {
  if (before.kind === 'missing') {
    return `${name} was created by this restore and now holds only part of the snapshot. Drop it, or fix the cause and restore again.`;
  }
  const content = contentOf(before);
  if (content.tables + content.views === 0) {
    return `${name} was empty before and now holds only part of the snapshot. Fix the cause and restore again.`;
  }
  return (
    `${name} is now partly restored: the tables the import reached were replaced from the snapshot, the others are as they were. ` +
    `${safetyWanted ? '' : 'No safety backup was taken (--no-safety-backup), so Kura cannot put it back. '}Fix the cause and restore again.`
  );
}

export async function planMysqlRestore(opts: PlanMysqlRestoreOptions): Promise<MysqlRestorePlan> {
  const { client, target, item, toDatabase } = opts;
  assertDatabaseName(toDatabase);
  const before = await withDefaultsFile(target, (cnf) => probeDatabase(client, cnf, target, toDatabase, opts));
  const name = quoteIdentifier(toDatabase);
  const where = mysqlWhere(target);
  const content = contentOf(beforeState(before));
  const hasContent = content.tables + content.views > 0;
  const steps: string[] = [];
  let safetyBackup: MysqlRestorePlan['safetyBackup'] = null;

  if (before.kind === 'missing') {
    steps.push(`Create the database ${name} on ${where} (utf8mb4).`);
  } else if (!hasContent) {
    steps.push(`Use the existing, empty database ${name} on ${where}.`);
  } else {
    safetyBackup = opts.safetyBackup
      ? { willTake: true, reason: `${name} already holds ${describeContent(content)}; if the import fails it is put back from this copy.` }
      : { willTake: false, reason: 'Turned off (--no-safety-backup): if the import fails, the database is left partly restored.' };
    steps.push(
      opts.safetyBackup
        ? `Take a safety backup of ${name} (${describeContent(content)}) first; if the import fails, Kura puts it back automatically.`
        : `No safety backup of ${name} will be taken: if the import fails, it is left partly restored.`,
    );
    const snapshotTables = new Set([...item.tables, ...item.views]);
    const replaced = [...before.tables, ...before.views].filter((t) => snapshotTables.has(t));
    const kept = [...before.tables, ...before.views].filter((t) => !snapshotTables.has(t));
    steps.push(
      `Replace ${replaced.length} of the ${content.tables + content.views} tables and views in ${name} with the snapshot's` +
        (kept.length > 0 ? `; ${kept.length} not in the snapshot stay as they are (${kept.slice(0, 5).map(quoteIdentifier).join(', ')}${kept.length > 5 ? ', …' : ''}).` : '.'),
    );
  }
  if (toDatabase !== item.database) {
    steps.push(
      `While importing, make the dump's own references to ${quoteIdentifier(item.database)} (in triggers, views, routines, events) name ${name} instead, ` +
        `so ${quoteIdentifier(item.database)} is not touched; a dump where that cannot be done safely is refused before anything changes.`,
    );
  }
  steps.push(
    `Import ${item.path} (${formatBytes(item.bytes)} compressed, ${formatBytes(item.uncompressedBytes)} of SQL): ` +
      `${describeContent({ tables: item.tables.length, views: item.views.length })}, ${item.routines.length} routines, ` +
      `${item.triggers.length} triggers and ${item.events.length} events from ${quoteIdentifier(item.database)} (${item.serverVersion}).`,
  );
  steps.push('Check that every table, view, routine, trigger and event is back, and that each table has as many rows as when the backup was made.');
  return {
    exists: before.kind === 'exists',
    tables: content.tables,
    overwrites: hasContent ? `the database ${name} on ${where} (${describeContent(content)})` : null,
    steps,
    safetyBackup,
    destructive: hasContent,
  };
}

/**
 * Restores into `<db>__kura_verify`, verifies, and drops it again whatever happens. Events are
 * created disabled there (see scratch-events.ts). A dump whose DEFINERs this user may not recreate
 * is retried with them stripped: the test is about the snapshot, not about the test user's rights.
 * Problems with the dump come back as failed checks; problems reaching or using the server throw.
 */
export async function testRestoreMysqlItem(opts: TestRestoreMysqlItemOptions): Promise<RestoreCheck[]> {
  const { client, target, item, file, signal, logger } = opts;
  const scratch = scratchDatabaseName(item.database);
  const name = quoteIdentifier(scratch);
  // The scratch name differs from the original: the dump's references to its database are moved with
  // it, and a dump where that cannot be done safely is not imported at all (the live database first).
  const scan = await scanDumpForRename(file, item.database, scratch, signal);
  if (scan.problems.length > 0) {
    return [{ check: 'import', ok: false, detail: renameRefusedError(item.database, scratch, scan.problems).message }];
  }
  const renameNote = renameNotes(scan, item.database, scratch)
    .map((n) => `; ${n.text}`)
    .join('');
  return withDefaultsFile(target, async (cnf) => {
    const checks: RestoreCheck[] = [];
    try {
      await checkPacketLimit(client, cnf, target, item.largestStatementBytes ?? scan.largestStatementBytes, { signal, logger });
    } catch (err) {
      const e = toKuraError(err);
      if (e.code !== 'mysql-packet-too-large') throw e;
      return [{ check: 'import', ok: false, detail: `${e.message} ${e.hint ?? ''}`.trim() }];
    }
    // A leftover from an earlier test that was killed: the suffix says it is Kura's.
    await dropDatabase(client, cnf, target, scratch, { signal, logger });
    try {
      await createDatabase(client, cnf, target, scratch, { signal, logger });
      const run = (stripDefiners: boolean) =>
        importDump({ client, target, database: scratch, file, stripDefiners, disableEvents: true, renameFrom: item.database, defaultsFile: cnf, signal, logger });
      let imported: ImportResult;
      let note = '';
      try {
        imported = await run(false);
      } catch (err) {
        const e = toKuraError(err);
        if (e.code !== 'mysql-definer-denied') throw e;
        await dropDatabase(client, cnf, target, scratch, { signal, logger });
        await createDatabase(client, cnf, target, scratch, { signal, logger });
        imported = await run(true);
        note = `; user "${target.user}" may not recreate objects owned by other accounts, so DEFINER clauses were removed (a real restore needs --strip-definers or an administrator)`;
      }
      checks.push({
        check: 'import',
        ok: true,
        detail: `imported ${formatBytes(imported.uncompressedBytes)} of SQL into ${name} in ${formatSeconds(imported.durationMs)}${note}${renameNote}`,
      });
      checks.push(...(await verifyRestoredDatabase(client, cnf, target, scratch, item, { signal, logger })));
    } catch (err) {
      const e = toKuraError(err);
      if (e.category !== 'data') throw e;
      checks.push({ check: 'import', ok: false, detail: e.message });
    } finally {
      // No signal: the scratch database goes even when the test was cancelled.
      try {
        await dropDatabase(client, cnf, target, scratch, { logger });
      } catch (err) {
        const e = toKuraError(err);
        logger?.log('warn', `Could not drop the scratch database ${name}: ${e.message}`);
        checks.push({ check: 'scratch database removed', ok: false, detail: `${name} is still there: ${e.message}` });
      }
    }
    return checks;
  });
}

/** `<db>__kura_verify`, shortened on the database part so the whole stays within MySQL's 64 characters. */
export function scratchDatabaseName(database: string): string {
  const chars = Array.from(database);
  const room = 64 - SCRATCH_SUFFIX.length;
  return (chars.length > room ? chars.slice(0, room).join('') : database) + SCRATCH_SUFFIX;
}

/**
 * Refuses (mysql-packet-too-large) when the dump holds a statement bigger than the server accepts:
 * the import would stop at that table, and MariaDB's client would call it "Server has gone away".
 */
async function checkPacketLimit(
  client: MysqlClient,
  cnf: string,
  target: MysqlTarget,
  largestStatement: number | undefined,
  call: { signal?: AbortSignal; logger?: Logger },
): Promise<void> {
  if (largestStatement === undefined) return;
  const max = await serverMaxAllowedPacket(client, cnf, target, call);
  if (max > 0 && largestStatement > max) {
    throw packetTooLargeError(basename(client.clientPath), `${target.host}:${target.port}`, largestStatement, max);
  }
}

/** What a restore under another name tells the admin: what is rewritten, and what Kura cannot rewrite. */
function renameNotes(scan: RenameScan, from: string, to: string): { text: string; level: 'info' | 'warn' }[] {
  const notes: { text: string; level: 'info' | 'warn' }[] = [];
  if (scan.rewrites > 0) {
    notes.push({
      text: `${scan.rewrites} references to ${quoteIdentifier(from)} inside the dump's triggers, views, routines and events now name ${quoteIdentifier(to)}, so ${quoteIdentifier(from)} itself is not touched.`,
      level: 'info',
    });
  }
  if (scan.literalMentions.length > 0) {
    const objects = scan.literalMentions.slice(0, 5).map(describeObject).join(', ');
    notes.push({
      text:
        `${objects}${scan.literalMentions.length > 5 ? ` and ${scan.literalMentions.length - 5} more` : ''} contain text that names ${quoteIdentifier(from)}. ` +
        `Kura does not change text: if it is SQL that gets run (PREPARE), it would reach ${quoteIdentifier(from)}. Check them in ${quoteIdentifier(to)}.`,
      level: 'warn',
    });
  }
  return notes;
}

/** A safety dump being written: renamed to its real name once it was read back to its end (safety-backups.ts skips it). */
export const PARTIAL_DUMP_SUFFIX = '.partial';

/** What the journal keeps of a probe: counts, charset and collation (never the table list itself). */
export function beforeState(state: DatabaseState): BeforeState {
  return state.kind === 'exists'
    ? { kind: 'exists', charset: state.charset, collation: state.collation, tables: state.tables.length, views: state.views.length }
    : { kind: 'missing' };
}

function contentOf(state: BeforeState): { tables: number; views: number } {
  return state.kind === 'exists' ? { tables: state.tables, views: state.views } : { tables: 0, views: 0 };
}

function describeContent(c: { tables: number; views: number }): string {
  const t = `${c.tables} ${c.tables === 1 ? 'table' : 'tables'}`;
  return c.views > 0 ? `${t} and ${c.views} ${c.views === 1 ? 'view' : 'views'}` : t;
}


function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
