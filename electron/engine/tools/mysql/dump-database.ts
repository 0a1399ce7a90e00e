/**
 * Dumps one database to a .sql.gz: mysqldump stdout → gzip → sha256/byte counter → file.
 *
 * The dump is never held in memory (shops' databases reach gigabytes); hashing happens on the way
 * to disk so no second read is needed. A dump counts as good only when mysqldump exited 0, its
 * "-- Dump completed" trailer ended the SQL, and the file was flushed (fsync) and closed. Anything
 * else deletes the file and throws a KuraError, so a half-written dump can never look like a backup.
 *
 * Before dumping, the backup user's privileges are checked (TRIGGER missing would silently drop the
 * triggers) and the object lists are read for the snapshot manifest. A database with tables that have
 * no transactions (MyISAM, Aria, …) is dumped with its tables locked when the user may lock them, and
 * with a warning naming those tables when not (dump-args.ts explains the choice). The row counts come from the
 * dump stream itself (DumpRowCounter): they describe exactly the rows in the file, taken in the
 * dump's own transaction, and cost no extra scan on the server.
 */
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { KuraError, throwIfCancelled, toKuraError, messageOf } from '../../errors.js';
import { startProcess } from '../../process/run-process.js';
import { sayTo, type Logger } from '../../progress.js';
import { msg, verbatim, type Message, nestedMessage } from '../../../shared/messages/index.js';
import { DurableFileStream } from '../../util/durable-file-stream.js';
import { HashingCounter } from '../../util/sha256.js';
import { type CompressorFactory, parallelGzipCompressor } from './compressor.js';
import { withDefaultsFile } from './defaults-file.js';
import { assertDatabaseName, buildDumpArgs, type DumpArgOptions } from './dump-args.js';
import { describeTables, eventsSkippedWarning, packetWarning, unlockedTablesWarning } from './dump-warnings.js';
import { DumpTrailerWatcher } from './dump-trailer.js';
import { mysqlFailureToError, privilegeMissingError } from './errors.js';
import { quoteIdentifier, type MysqlAccount } from './grants.js';
import { DumpRowCounter } from './dump-row-counter.js';
import { DumpSectionScanner, LineAligner } from './dump-sections.js';
import { ParallelGzip } from '../../compress/parallel-gzip.js';
import { countRows, readInventory } from './inventory.js';
import { compareCodePoints } from './queries.js';
import { grantsText, holdsPrivilege, missingPrivileges, readPrivileges } from './privileges.js';
import { DEFAULT_LOCK_WAIT, DumpLockWatch, lockWaitError, type LockWaitLimits } from './lock-wait-watch.js';
import { LargestStatementWatcher } from './statement-size.js';
import type { DumpProgress, MysqlClient, MysqlConsistency, MysqlDumpResult, MysqlTarget } from './types.js';

export interface DumpDatabaseOptions {
  client: MysqlClient;
  target: MysqlTarget;
  database: string;
  /** The .sql.gz to write (replaced if it exists; deleted if the dump fails). */
  outFile: string;
  /** gzip level 0–9 (1 = fast, 6 = balanced). */
  level: number;
  signal?: AbortSignal;
  onProgress?: (p: DumpProgress) => void;
  logger?: Logger;
  /** When a dump waiting for another connection's lock is noticed and given up (tests shorten them). */
  lockWait?: LockWaitLimits;
  /**
   * Defaults to the parallel multi-member gzip (worker threads, each member verified by a round-trip);
   * `gzipCompressor` is the single-threaded alternative.
   */
  compressor?: CompressorFactory;
}

const PROGRESS_INTERVAL_MS = 250;

export async function dumpDatabase(opts: DumpDatabaseOptions): Promise<MysqlDumpResult> {
  const { client, target, database, outFile, level, signal, logger } = opts;
  const started = Date.now();
  throwIfCancelled(signal);
  assertDatabaseName(database);
  if (!Number.isInteger(level) || level < 0 || level > 9) {
    throw new KuraError({ code: 'mysql-invalid-gzip-level', params: { level: String(level) }, category: 'internal' });
  }

  let fileCreated = false;
  try {
    return await withDefaultsFile(target, async (defaultsFile) => {
      const call = { signal, logger };
      // Inventory first: it connects with the database selected, so a wrong name is reported as such
      // rather than as missing privileges on a database that does not exist.
      const inventory = await readInventory(client, defaultsFile, target, database, call);
      const account = inventory.account;
      const privileges = await readPrivileges(client, defaultsFile, target, { ...call, account });
      const missing = missingPrivileges(privileges, database);
      const trigger = missing.find((m) => m.privilege === 'TRIGGER');
      if (trigger) {
        throw privilegeMissingError('TRIGGER', database, privileges.account, `All missing privileges:\n${grantsText(missing)}`);
      }
      for (const m of missing) {
        if (m.effect === 'silently-incomplete' && m.needs === 'routines') sayTo(logger, 'warn', msg('mysql-dump-routines-left-out', { privilege: m.privilege, grant: m.grant }));
      }

      const warnings: Message[] = [];
      const nonTx = inventory.nonTransactionalTables;
      // Tables without transactions: the lock is always tried, and the server decides — the privilege
      // check cannot see grants through roles or per table. A refusal falls back to an unlocked dump.
      let consistency: MysqlConsistency = nonTx.length > 0 ? 'lock-tables' : 'single-transaction';
      // mysqldump looks the database up again by its *escaped* name before dumping events, so a name
      // with an apostrophe fails with "Unknown database" (MariaDB 10.11; MySQL shares the code). Better a
      // backup without the events, saying so, than none at all.
      const skipEvents = database.includes("'") && inventory.events.length > 0;
      if (skipEvents) warnings.push(eventsSkippedWarning(database, inventory.events));

      throwIfCancelled(signal);
      fileCreated = true;
      let counter = new DumpRowCounter(inventory.countableTables);
      const dumpStarted = Date.now();
      let streamed: Streamed;
      try {
        streamed = await streamDump({ ...opts, compressor: opts.compressor ?? parallelGzipCompressor }, defaultsFile, account, counter, { consistency: consistency === 'lock-tables' ? 'lock-tables' : 'single-transaction', skipEvents });
      } catch (err) {
        // The server refused the lock ("… when using LOCK TABLES"; mysqldump stops before any data):
        // dump unlocked and say so rather than not at all.
        const e = toKuraError(err);
        const refusal = lastLine(e.detail ?? '');
        if (consistency !== 'lock-tables' || !/when using LOCK TABLES/i.test(e.detail ?? e.message)) throw e;
        sayTo(logger, 'warn', msg('mysql-dump-lock-refused', { database: quoteIdentifier(database), refusal }));
        consistency = 'single-transaction-unlocked';
        // Without the privilege, say which GRANT fixes it; with it (as far as Kura can see), the server's words.
        warnings.push(unlockedTablesWarning(database, nonTx, account, holdsPrivilege(privileges, 'LOCK TABLES', database) ? refusal : undefined));
        counter = new DumpRowCounter(inventory.countableTables);
        streamed = await streamDump({ ...opts, compressor: opts.compressor ?? parallelGzipCompressor }, defaultsFile, account, counter, { consistency: 'single-transaction', skipEvents });
      }
      if (consistency === 'lock-tables') {
        sayTo(logger, 'info', msg('mysql-dump-locked', { database: quoteIdentifier(database), tables: describeTables(nonTx), took: Date.now() - dumpStarted }));
      }
      if (inventory.maxAllowedPacket > 0 && streamed.largestStatementBytes > inventory.maxAllowedPacket) {
        warnings.push(packetWarning(database, streamed.largestStatementBytes, inventory.maxAllowedPacket));
      }
      for (const w of warnings) sayTo(logger, 'warn', w);

      const counted = counter.result();
      let rowCounts: Record<string, number>;
      if (counted.kind === 'counted') {
        rowCounts = counted.counts;
      } else {
        // Never record counts the parser is unsure of: a good restore would then look bad. The
        // server's COUNT(*) is a moment later than the dump, which on a quiet server is the same.
        logger?.log('debug', `mysql: rows of "${database}" not counted from the dump: ${counted.reason}`);
        sayTo(logger, 'warn', msg('mysql-dump-rows-counted-on-server', { database: quoteIdentifier(database) }));
        rowCounts = await countRows(client, defaultsFile, target, database, inventory.countableTables, { ...call, account });
      }
      // Parts for a parallel or single-table restore: only when they tell one consistent story.
      const sections = streamed.sections?.result(streamed.cuts, { sqlBytes: streamed.uncompressedBytes, bytes: streamed.bytes }, inventory) ?? { parts: null, reason: 'not cut' };
      if (sections.parts === null) logger?.log('debug', `mysql: "${database}" has no parts for a parallel restore: ${sections.reason}`);
      return {
        ...(sections.parts ? { parts: sections.parts } : {}),
        bytes: streamed.bytes,
        sha256: streamed.sha256,
        uncompressedBytes: streamed.uncompressedBytes,
        serverVersion: inventory.serverVersion,
        serverFlavour: inventory.serverFlavour,
        tables: inventory.tables,
        views: inventory.views,
        routines: inventory.routines,
        triggers: inventory.triggers,
        events: skipEvents ? [] : inventory.events,
        rowCounts,
        durationMs: Date.now() - started,
        consistency,
        nonTransactionalTables: nonTx.map((t) => `${t.name} (${t.engine})`),
        largestStatementBytes: streamed.largestStatementBytes,
        definers: [...new Set(inventory.definers.filter((d) => !(skipEvents && d.kind === 'event')).map((d) => d.definer))].sort(compareCodePoints),
        warnings,
      };
    });
  } catch (err) {
    if (fileCreated) await rm(outFile, { force: true });
    const e = toKuraError(err);
    sayTo(logger, 'error', msg('mysql-dump-failed', { database: quoteIdentifier(database), error: nestedMessage(messageOf(e)) }));
    throw e;
  }
}

interface Streamed {
  /** The section scanner and the cuts the compressor made (none: a compressor that cannot cut). */
  sections: DumpSectionScanner | null;
  cuts: { sqlOffset: number; compressedOffset: number }[];
  bytes: number;
  sha256: string;
  uncompressedBytes: number;
  largestStatementBytes: number;
}

async function streamDump(
  opts: DumpDatabaseOptions & { compressor: CompressorFactory },
  defaultsFile: string,
  account: MysqlAccount,
  counter: DumpRowCounter,
  argOptions: DumpArgOptions,
): Promise<Streamed> {
  const { client, target, database, outFile, level, signal, logger, onProgress } = opts;
  const tool = basename(client.dumpPath);
  const proc = startProcess(
    { file: client.dumpPath, args: buildDumpArgs(client, defaultsFile, database, argOptions), secrets: [target.password ?? undefined] },
    {
      signal,
      stdout: 'stream',
      logger,
      killGraceMs: 3000,
      // The tool's own words, as they are.
      onStderrLine: (line) => sayTo(logger, 'warn', verbatim(`${tool}: ${line}`)),
    },
  );

  const trailer = new DumpTrailerWatcher();
  const hasher = new HashingCounter();
  let lastReport = 0;
  const report = (force: boolean) => {
    if (!onProgress) return;
    const now = Date.now();
    if (!force && now - lastReport < PROGRESS_INTERVAL_MS) return;
    lastReport = now;
    onProgress({ uncompressedBytes: trailer.bytes, compressedBytes: hasher.bytes });
  };
  const sizes = new LargestStatementWatcher();
  const counting = new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      counter.feed(chunk);
      sizes.feed(chunk);
      cb(null, chunk);
    },
  });
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      cb(null, chunk);
      report(false);
    },
  });
  // Synced to disk as it is written and once more before 'finish': when pipeline() resolves, the
  // dump is on disk.
  const out = new DurableFileStream(outFile, { mode: 0o600 });
  // Each table's schema, data and triggers start their own gzip member (dump-sections.ts).
  const sections = new DumpSectionScanner();
  const compressor = opts.compressor({ level, cutPoints: sections.feed });
  const limits = opts.lockWait ?? DEFAULT_LOCK_WAIT;
  const watch = new DumpLockWatch({ client, defaultsFile, target, database, limits, logger, bytes: () => trailer.bytes, onHung: () => proc.kill() });
  watch.start();

  try {
    if (!proc.stdout) throw new Error(`${tool} gave no output stream`);
    await pipeline(proc.stdout, trailer, counting, new LineAligner(), compressor, hasher, tap, out, { signal });
  } catch (err) {
    // Disk full, cancel, compressor error: stop the dump and wait until the process is really gone.
    watch.stop();
    proc.kill();
    const r = await proc.result.catch(() => null);
    if (signal?.aborted || r?.cancelled) throw cancelledError();
    if (watch.hung) throw watch.hung;
    throw err;
  }

  const r = await proc.result;
  watch.stop();
  if (r.cancelled) throw cancelledError();
  if (watch.hung) throw watch.hung;
  if (r.exitCode !== 0 && watch.gaveUp) throw lockWaitError(database, watch.gaveUp, limits, r.stderr);
  if (r.exitCode !== 0) {
    throw mysqlFailureToError({ tool, exitCode: r.exitCode, signal: r.signal, stderr: r.stderr, target, database, account });
  }
  if (!trailer.completed()) {
    throw new KuraError({ code: 'mysql-dump-incomplete', params: { tool, database: quoteIdentifier(database) }, category: 'data', detail: r.stderr });
  }
  report(true);
  const cut = compressor instanceof ParallelGzip;
  return {
    sections: cut ? sections : null,
    cuts: cut ? compressor.cuts() : [],
    bytes: hasher.bytes,
    sha256: hasher.digest(),
    uncompressedBytes: trailer.bytes,
    largestStatementBytes: sizes.finish(),
  };
}

function lastLine(text: string): string {
  return (
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l.length > 0)
      .at(-1) ?? ''
  );
}

function cancelledError(): KuraError {
  return new KuraError({ code: 'cancelled', params: {}, category: 'cancelled' });
}
