/**
 * Restoring one MySQL/MariaDB database from a snapshot's .sql.gz, planning it, and test-restoring it.
 *
 * The caller (restore-engine.ts) has already picked the item and checked the file's sha256, gzip and
 * trailer. Here the order is what makes it safe for a non-specialist:
 *   1. look at the target: new, empty, or holding tables;
 *   2. if it holds tables and a safety folder was given, dump it FIRST (verified) — nothing is touched
 *      until that succeeded;
 *   3. CREATE DATABASE IF NOT EXISTS (utf8mb4), then stream the dump in — over several connections
 *      when the dump recorded its parts (tools/mysql/parallel-import.ts), or only one table's parts
 *      for a single-table restore; dumps without parts in one stream, as always;
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
import { KuraError, throwIfCancelled, toKuraError } from '../errors.js';
import { quoteArg } from '../process/redact.js';
import { sayTo, type Logger, type ProgressListener } from '../progress.js';
import { safeFileName } from '../snapshot/artifact-names.js';
import type { MysqlManifestItem } from '../snapshot/manifest.js';
import {
  assertDatabaseName,
  checkParts,
  createDatabase,
  defaultRestoreConnections,
  type DumpPart,
  type ExpectedDatabase,
  importDumpParallel,
  singleTableParts,
  describeObject,
  type DatabaseState,
  dropDatabase,
  dumpDatabase,
  importDump,
  type ImportResult,
  type MysqlClient,
  type MysqlTarget,
  mysqlWhere,
  probeDatabase,
  quoteIdentifier,
  renameRefusedError,
  type RenameScan,
  scanDumpForRename,
  serverMaxAllowedPacket,
  statementTooLargeError,
  verifyDumpFile,
  verifyRestoredDatabase,
  withDefaultsFile,
} from '../tools/mysql/index.js';
import type { JournalHandle, MysqlJournalTarget } from './restore-journal.js';
import type { RestoreCheck, RestoreOutcome } from './types.js';
import { msg, type MessageData } from '../../shared/messages/index.js';
import { errorMessage, verifiedStep } from './said.js';
import { readRestoreRate, recordRestoreRate, restoreEstimate, type RestoreMode } from './restore-rate.js';

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
   * Connections loading table data at once when the dump has parts (tools/mysql/parallel-import.ts);
   * 1 = one stream as before. Default: defaultRestoreConnections().
   */
  connections?: number;
  /** False: the parallel import creates tables with all their keys (only to measure the difference: bench.ts). */
  deferKeys?: boolean;
  /** Restore only this table of the dump (with its triggers): needs a dump with parts. */
  table?: string;
  /** KURA_HOME: where the measured restore rate of each server is kept (restore-rate.ts); none: not recorded. */
  home?: string;
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
  /** As for restoreMysqlItem. */
  table?: string;
  connections?: number;
  /** KURA_HOME, for this server's measured restore rate; none: the default rate. */
  home?: string;
  signal?: AbortSignal;
  logger?: Logger;
}

export interface MysqlRestorePlan {
  exists: boolean;
  /** Base tables in the target now. */
  tables: number;
  /** What will be overwritten; null when the target is new or empty. */
  overwrites: MessageData | null;
  steps: MessageData[];
  safetyBackup: { willTake: boolean; reason: MessageData } | null;
  destructive: boolean;
}

export interface TestRestoreMysqlItemOptions {
  client: MysqlClient;
  target: MysqlTarget;
  item: MysqlManifestItem;
  file: string;
  /** As for restoreMysqlItem: the test loads the way a restore would, and measures the server's rate. */
  connections?: number;
  home?: string;
  signal?: AbortSignal;
  logger?: Logger;
}

/** Suffix of the throw-away database a restore test uses; a leftover one is Kura's and may be dropped. */
export const SCRATCH_SUFFIX = '__kura_verify';

export async function restoreMysqlItem(opts: RestoreMysqlItemOptions): Promise<RestoreOutcome> {
  const { client, target, item, file, toDatabase, signal, logger, onProgress } = opts;
  const steps: MessageData[] = [];
  const step = (key: string, message: MessageData, level: 'info' | 'warn' | 'error' = 'info') => {
    steps.push(message);
    onProgress?.({ kind: 'step', sourceId: item.source, step: key, message });
    sayTo(logger, level, message);
  };
  /** A failure's own sentence, for the log (the outcome carries it as its error). */
  const logError = (e: KuraError, level: 'warn' | 'error' = 'error') => sayTo(logger, level, errorMessage(e));
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
    logError(e);
    step('check', msg('restore-nothing-changed', {}), 'error');
    return outcome('failed', e);
  }

  // Parts of the dump for a parallel or single-table import: never trusted without checking them.
  const parts = usableParts(item, logger);
  let tableParts: DumpPart[] | null = null;
  if (opts.table !== undefined) {
    const e = singleTableRefusal(item, parts, opts.table);
    if (e) {
      logError(e);
      step('check', msg('restore-nothing-changed', {}), 'error');
      return outcome('failed', e);
    }
    tableParts = singleTableParts(parts!, opts.table);
  }
  const connections = opts.connections ?? defaultRestoreConnections();

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
        logError(e);
        step('check', msg('restore-nothing-changed', {}), 'error');
        return outcome('failed', e);
      }
      for (const note of renameNotes(scan, renameFrom, toDatabase)) step('rename', note.message, note.level);
    } catch (err) {
      const e = toKuraError(err);
      const cancelled = e.category === 'cancelled';
      logError(e, cancelled ? 'warn' : 'error');
      step('check', msg('restore-nothing-changed', {}), cancelled ? 'warn' : 'error');
      return outcome(cancelled ? 'cancelled' : 'failed', e);
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
        step('resume', safetyPath ? msg('mysql-restore-resume-safety', { name, where, path: safetyPath }) : msg('mysql-restore-resume', { name, where }));
      } else {
        before = beforeState(await probeDatabase(client, cnf, target, toDatabase, call));
        const content = contentOf(before);
        await journal?.note({ before });
        if (content.tables + content.views > 0) {
          if (opts.safetyBackup) {
            step('safety-backup', msg('mysql-restore-safety-taking', { name, where, ...content }));
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
            step('safety-backup', msg('mysql-restore-safety-written', { path, bytes: dumped.bytes }));
          } else {
            step('safety-backup', msg('mysql-restore-no-safety', { name }), 'warn');
          }
        }
        if (before.kind === 'missing') step('create-database', msg('mysql-restore-creating', { name, where }));
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
      if (e.category === 'cancelled') {
        step('cancelled', msg(opts.resume ? 'mysql-restore-cancelled-as-left' : 'mysql-restore-cancelled-unchanged', { name }), 'warn');
        return outcome('cancelled', e);
      }
      logError(e);
      step('failed', msg(opts.resume ? 'mysql-restore-not-started-as-left' : 'mysql-restore-not-started', { name }), 'error');
      return outcome('failed', e);
    }

    // ---- The import.
    let imported: ImportResult;
    try {
      const common = {
        client,
        target,
        database: toDatabase,
        file,
        stripDefiners: opts.stripDefiners,
        renameFrom,
        defaultsFile: cnf,
        signal,
        logger,
        onProgress: (bytes: number, totalBytes: number) => onProgress?.({ kind: 'bytes', sourceId: item.source, bytes, totalBytes }),
      };
      if (tableParts !== null) {
        step('import', msg('mysql-restore-importing-table', { file: item.path, table: quoteIdentifier(opts.table!), name }));
        imported = await importDump({ ...common, ranges: { parts: tableParts, trailer: true } });
      } else if (parts !== null && connections > 1) {
        step('import', msg('mysql-restore-importing-parallel', { file: item.path, name, connections }));
        imported = await importDumpParallel({ ...common, parts, connections, ...(opts.deferKeys === false ? { deferKeys: false } : {}) });
      } else {
        step('import', msg(opts.stripDefiners ? 'mysql-restore-importing-stripped' : 'mysql-restore-importing', { file: item.path, name }));
        imported = await importDump(common);
      }
    } catch (err) {
      const e = toKuraError(err);
      const cancelled = e.category === 'cancelled';
      if (!cancelled) logError(e);
      step('import', msg(cancelled ? 'mysql-restore-import-cancelled' : 'mysql-restore-import-failed', {}), cancelled ? 'warn' : 'error');
      if (safetyPath !== null) {
        await journal?.record('rollback').catch((je: unknown) => sayTo(logger, 'error', errorMessage(toKuraError(je))));
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
          step('state', msg('mysql-restore-dropped-created', { name }));
          return outcome(cancelled ? 'cancelled' : 'failed', e);
        } catch (dropErr) {
          sayTo(logger, 'warn', msg('mysql-restore-drop-failed', { name }));
          sayTo(logger, 'warn', errorMessage(toKuraError(dropErr)));
        }
      }
      step('state', stateAfterFailedImport(before, name, opts.safetyBackup !== null), 'warn');
      return outcome(cancelled ? 'cancelled' : 'failed', e);
    }
    const facts = { bytes: imported.uncompressedBytes, name, took: imported.durationMs };
    await recordRate(opts.home, target, importMode(parts, tableParts, connections), imported, logger);
    step('import', imported.definersStripped > 0 ? msg('mysql-restore-imported-definers', { ...facts, count: imported.definersStripped }) : msg('mysql-restore-imported', facts));

    // ---- Verification against the manifest. The import is complete: whatever the checks say, the
    // database now holds the snapshot (a difference is reported, not a half-restored state).
    journal?.settle('restored');
    try {
      await journal?.record('verify');
      throwIfCancelled(signal);
      const verification = await verifyRestoredDatabase(client, cnf, target, toDatabase, opts.table === undefined ? item : singleTableExpectation(item, opts.table), { signal, logger });
      step('verify', verifiedStep(verification), verification.every((c) => c.ok) ? 'info' : 'warn');
      return outcome('success', null, verification);
    } catch (err) {
      const e = toKuraError(err);
      logError(e, 'warn');
      step('verify', msg('mysql-restore-verify-error', { name }), 'warn');
      return outcome(e.category === 'cancelled' ? 'cancelled' : 'success', e.category === 'cancelled' ? e : null, [
        { check: msg('restore-check-verification', {}), ok: false, detail: errorMessage(e) },
      ]);
    }
  });
}

interface RollbackContext extends Pick<RestoreMysqlItemOptions, 'client' | 'target' | 'toDatabase' | 'stripDefiners' | 'logger'> {
  cnf: string;
  safetyPath: string;
  before: BeforeState;
  name: string;
  step: (key: string, message: MessageData, level?: 'info' | 'warn' | 'error') => void;
}

/**
 * Puts the database back from the safety dump: drop, recreate with its old charset/collation, import.
 * Runs without the cancel signal — a cancel mid-import must still end in the old state, not a half one.
 * If the safety dump itself trips over DEFINERs (the restoring user cannot recreate objects owned by
 * others), it is retried with them stripped: the data back, owned by this user, beats a broken database.
 */
export async function rollBack(ctx: RollbackContext): Promise<boolean> {
  const { client, target, cnf, safetyPath, before, name, step, logger } = ctx;
  step('rollback', msg('mysql-rollback-start', { name, path: safetyPath }), 'warn');
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
      step('rollback', msg('mysql-rollback-strip-definers', {}), 'warn');
      await recreate();
      await importDump({ client, target, database: ctx.toDatabase, file: safetyPath, stripDefiners: true, defaultsFile: cnf, logger });
    }
    const after = await probeDatabase(client, cnf, target, ctx.toDatabase, { logger });
    const was = contentOf(before);
    const now = contentOf(beforeState(after));
    const same = was.tables === now.tables && was.views === now.views;
    step(
      'rollback',
      same ? msg('mysql-rollback-done', { name, ...now }) : msg('mysql-rollback-differs', { name, ...now, tablesBefore: was.tables, viewsBefore: was.views }),
      same ? 'info' : 'warn',
    );
    return true;
  } catch (err) {
    const e = toKuraError(err);
    step('rollback', msg('mysql-rollback-failed', { name, path: safetyPath, command: `gunzip -c ${quoteArg(safetyPath)} | mysql -u <user> -p -- ${quoteArg(ctx.toDatabase)}` }), 'error');
    step('rollback', errorMessage(e), 'error');
    return false;
  }
}

function stateAfterFailedImport(before: BeforeState, name: string, safetyWanted: boolean): MessageData {
  if (before.kind === 'missing') return msg('mysql-restore-state-created-partial', { name });
  const content = contentOf(before);
  if (content.tables + content.views === 0) return msg('mysql-restore-state-empty-partial', { name });
  return msg(safetyWanted ? 'mysql-restore-state-partial' : 'mysql-restore-state-partial-no-safety', { name });
}

export async function planMysqlRestore(opts: PlanMysqlRestoreOptions): Promise<MysqlRestorePlan> {
  const { client, target, item, toDatabase } = opts;
  assertDatabaseName(toDatabase);
  const parts = usableParts(item, opts.logger);
  if (opts.table !== undefined) {
    const refusal = singleTableRefusal(item, parts, opts.table);
    if (refusal) throw refusal;
  }
  const connections = opts.connections ?? defaultRestoreConnections();
  const tableParts = opts.table === undefined ? null : singleTableParts(parts!, opts.table);
  const mode = importMode(parts, tableParts, connections);
  const before = await withDefaultsFile(target, (cnf) => probeDatabase(client, cnf, target, toDatabase, opts));
  const name = quoteIdentifier(toDatabase);
  const where = mysqlWhere(target);
  const content = contentOf(beforeState(before));
  const hasContent = content.tables + content.views > 0;
  const steps: MessageData[] = [];
  let safetyBackup: MysqlRestorePlan['safetyBackup'] = null;

  if (before.kind === 'missing') {
    steps.push(msg('mysql-plan-create', { name, where }));
  } else if (!hasContent) {
    steps.push(msg('mysql-plan-use-empty', { name, where }));
  } else {
    safetyBackup = opts.safetyBackup
      ? { willTake: true, reason: msg('mysql-plan-safety-reason', { name, ...content }) }
      : { willTake: false, reason: msg('mysql-plan-no-safety-reason', {}) };
    steps.push(opts.safetyBackup ? msg('mysql-plan-safety', { name, ...content }) : msg('mysql-plan-no-safety', { name }));
    const snapshotTables = new Set(opts.table !== undefined ? [opts.table] : [...item.tables, ...item.views]);
    const replaced = [...before.tables, ...before.views].filter((t) => snapshotTables.has(t));
    const kept = [...before.tables, ...before.views].filter((t) => !snapshotTables.has(t));
    const facts = { replaced: replaced.length, count: content.tables + content.views, name };
    steps.push(
      kept.length > 0
        ? msg('mysql-plan-replace-kept', { ...facts, kept: kept.length, keptNames: `${kept.slice(0, 5).map(quoteIdentifier).join(', ')}${kept.length > 5 ? ', …' : ''}` })
        : msg('mysql-plan-replace', facts),
    );
  }
  if (toDatabase !== item.database) steps.push(msg('mysql-plan-rename', { from: quoteIdentifier(item.database), to: name }));
  const importFacts = {
    file: item.path,
    bytes: item.bytes,
    sqlBytes: item.uncompressedBytes,
    tables: item.tables.length,
    views: item.views.length,
    routines: item.routines.length,
    triggers: item.triggers.length,
    events: item.events.length,
    from: quoteIdentifier(item.database),
    version: item.serverVersion,
  };
  if (tableParts !== null) {
    steps.push(msg('mysql-plan-import-table', { table: quoteIdentifier(opts.table!), file: item.path, name, rows: item.rowCounts[opts.table!] ?? 0, sqlBytes: sqlBytesOf(tableParts) }));
  } else {
    steps.push(mode === 'parallel' ? msg('mysql-plan-import-parallel', { ...importFacts, connections }) : msg('mysql-plan-import', importFacts));
  }
  steps.push(msg(opts.table !== undefined ? 'mysql-plan-verify-table' : 'mysql-plan-verify', {}));
  const rate = opts.home === undefined ? null : await readRestoreRate(opts.home, where, mode);
  steps.push(restoreEstimate(tableParts !== null ? sqlBytesOf(tableParts) : item.uncompressedBytes, rate, name));
  return {
    exists: before.kind === 'exists',
    tables: content.tables,
    overwrites: hasContent ? msg('mysql-overwrites', { name, where, ...content }) : null,
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
  const importCheck = msg('restore-check-import', {});
  // The scratch name differs from the original: the dump's references to its database are moved with
  // it, and a dump where that cannot be done safely is not imported at all (the live database first).
  const scan = await scanDumpForRename(file, item.database, scratch, signal);
  if (scan.problems.length > 0) {
    return [{ check: importCheck, ok: false, detail: errorMessage(renameRefusedError(item.database, scratch, scan.problems)) }];
  }
  const notes = renameNotes(scan, item.database, scratch).map((n): RestoreCheck => ({ check: importCheck, ok: true, detail: n.message }));
  return withDefaultsFile(target, async (cnf) => {
    const checks: RestoreCheck[] = [];
    try {
      await checkPacketLimit(client, cnf, target, item.largestStatementBytes ?? scan.largestStatementBytes, { signal, logger });
    } catch (err) {
      const e = toKuraError(err);
      if (e.code !== 'mysql-statement-too-large') throw e;
      return [{ check: importCheck, ok: false, detail: errorMessage(e) }];
    }
    // A leftover from an earlier test that was killed: the suffix says it is Kura's.
    await dropDatabase(client, cnf, target, scratch, { signal, logger });
    try {
      await createDatabase(client, cnf, target, scratch, { signal, logger });
      const parts = usableParts(item, logger);
      const connections = opts.connections ?? defaultRestoreConnections();
      const mode = importMode(parts, null, connections);
      const run = (stripDefiners: boolean) => {
        const common = { client, target, database: scratch, file, stripDefiners, disableEvents: true, renameFrom: item.database, defaultsFile: cnf, signal, logger };
        return mode === 'parallel' ? importDumpParallel({ ...common, parts: parts!, connections }) : importDump(common);
      };
      let imported: ImportResult;
      let stripped = false;
      try {
        imported = await run(false);
      } catch (err) {
        const e = toKuraError(err);
        if (e.code !== 'mysql-definer-denied') throw e;
        await dropDatabase(client, cnf, target, scratch, { signal, logger });
        await createDatabase(client, cnf, target, scratch, { signal, logger });
        imported = await run(true);
        stripped = true;
      }
      await recordRate(opts.home, target, mode, imported, logger);
      checks.push({ check: importCheck, ok: true, detail: msg('mysql-test-imported', { bytes: imported.uncompressedBytes, name, took: imported.durationMs }) });
      if (stripped) checks.push({ check: importCheck, ok: true, detail: msg('mysql-test-definers-stripped', { user: target.user }) });
      checks.push(...notes);
      checks.push(...(await verifyRestoredDatabase(client, cnf, target, scratch, item, { signal, logger })));
    } catch (err) {
      const e = toKuraError(err);
      if (e.category !== 'data') throw e;
      checks.push({ check: importCheck, ok: false, detail: errorMessage(e) });
    } finally {
      // No signal: the scratch database goes even when the test was cancelled.
      try {
        await dropDatabase(client, cnf, target, scratch, { logger });
      } catch (err) {
        const e = toKuraError(err);
        sayTo(logger, 'warn', msg('mysql-test-scratch-left', { name }));
        sayTo(logger, 'warn', errorMessage(e));
        checks.push({ check: msg('restore-check-scratch-removed', {}), ok: false, detail: msg('mysql-test-scratch-left', { name }) });
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
 * Refuses (mysql-statement-too-large) when the dump holds a statement bigger than the server accepts:
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
    throw statementTooLargeError(`${target.host}:${target.port}`, largestStatement, max);
  }
}

/** What a restore under another name tells the admin: what is rewritten, and what Kura cannot rewrite. */
function renameNotes(scan: RenameScan, from: string, to: string): { message: MessageData; level: 'info' | 'warn' }[] {
  const notes: { message: MessageData; level: 'info' | 'warn' }[] = [];
  const names = { from: quoteIdentifier(from), to: quoteIdentifier(to) };
  if (scan.rewrites > 0) notes.push({ message: msg('mysql-rename-rewrites', { count: scan.rewrites, ...names }), level: 'info' });
  if (scan.literalMentions.length > 0) {
    const objects = `${scan.literalMentions.slice(0, 5).map(describeObject).join(', ')}${scan.literalMentions.length > 5 ? ', …' : ''}`;
    notes.push({ message: msg('mysql-rename-literal-mentions', { objects, ...names }), level: 'warn' });
  }
  return notes;
}

/** Keeps the import's speed for the next plan's estimate (restore-rate.ts); never fails the restore. */
async function recordRate(home: string | undefined, target: MysqlTarget, mode: RestoreMode, imported: ImportResult, logger?: Logger): Promise<void> {
  if (home === undefined) return;
  await recordRestoreRate(home, mysqlWhere(target), mode, imported.uncompressedBytes, imported.durationMs, new Date()).catch((err: unknown) =>
    logger?.log('debug', `mysql: the restore rate was not recorded: ${String(err)}`),
  );
}

/** How an import will load: what its rate is measured and looked up under. */
function importMode(parts: DumpPart[] | null, tableParts: DumpPart[] | null, connections: number): RestoreMode {
  return tableParts === null && parts !== null && connections > 1 ? 'parallel' : 'serial';
}

function sqlBytesOf(parts: readonly DumpPart[]): number {
  return parts.reduce((n, p) => n + p.sqlBytes, 0);
}

/** The item's parts if they add up (checkParts); null otherwise, saying why in the debug log. */
export function usableParts(item: MysqlManifestItem, logger?: Logger): DumpPart[] | null {
  if (!item.parts) return null;
  const problem = checkParts(item.parts, { bytes: item.bytes, sqlBytes: item.uncompressedBytes }, item);
  if (problem === null) return item.parts;
  logger?.log('debug', `mysql: the parts recorded for "${item.database}" are not used (${problem}): one stream`);
  return null;
}

/** Why one table cannot be restored from this item, or null. */
function singleTableRefusal(item: MysqlManifestItem, parts: DumpPart[] | null, table: string): KuraError | null {
  if (!item.tables.includes(table)) {
    return new KuraError({ code: 'mysql-restore-table-unknown', params: { table: quoteIdentifier(table), database: quoteIdentifier(item.database), tables: item.tables.slice(0, 10).map(quoteIdentifier).join(', ') }, category: 'config' });
  }
  if (parts === null || singleTableParts(parts, table) === null) {
    return new KuraError({ code: 'mysql-restore-table-no-parts', params: { database: quoteIdentifier(item.database) }, category: 'config' });
  }
  return null;
}

/** What a single-table restore brings back: that table and its rows (other objects are not checked). */
function singleTableExpectation(item: MysqlManifestItem, table: string): ExpectedDatabase {
  return { tables: [table], views: [], routines: [], triggers: [], events: [], rowCounts: table in item.rowCounts ? { [table]: item.rowCounts[table]! } : {} };
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
