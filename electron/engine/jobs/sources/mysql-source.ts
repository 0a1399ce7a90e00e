/**
 * Backs up a MySQL/MariaDB source: one `.sql.gz` per database under `mysql/<sourceId>/`. A dump may
 * count as good only when all of this holds (dumpDatabase checks each on the way to disk):
 *   - mysqldump exited 0 and its "-- Dump completed" trailer ended the SQL;
 *   - every gzip member was inflated again by the worker that made it and matched its input byte
 *     for byte (the parallel compressor's round-trip), so the compressed bytes decode to exactly the
 *     SQL that was dumped — the proof a full `gunzip -t` re-read gives, without the re-read;
 *   - the sha256 and size are of exactly the bytes handed to the file, which was fsynced and closed
 *     without error.
 * There is no second read of the file: it would come from the page cache just written, so it
 * proves nothing the write path does not already prove (`kura verify` re-reads from disk later).
 */
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Job, MysqlSource } from '../../config/schema.js';
import type { MysqlManifestItem } from '../../snapshot/manifest.js';
import { mysqlItemPath } from '../../snapshot/artifact-names.js';
import { detectMysqlClient, dumpDatabase, parallelGzipCompressor, type MysqlClient, type MysqlDumpResult, type MysqlTarget } from '../../tools/mysql/index.js';
import { isRunFatal, type ItemFailure, type SourceOutcome, type SourceRunContext } from '../run-context.js';
import { toKuraError } from '../../errors.js';
import { msg } from '../../../shared/messages/index.js';
import { renderLoose } from '../../../shared/messages/render.js';
import { dumpFromStandby } from '../../standby/dump-from-standby.js';

export function gzipLevel(compression: Job['compression']): number {
  switch (compression) {
    case 'fast':
      return 1;
    case 'balanced':
      return 6;
  }
}

/**
 * Each database is its own item: one that cannot be dumped (dropped, no rights, a broken table) is
 * recorded in `failed` and the others are still dumped. A cancel stops them all; a failure before
 * any database (no client, no password, no connection) throws and fails the whole source.
 */
export async function backupMysqlSource(ctx: SourceRunContext, source: MysqlSource): Promise<SourceOutcome<MysqlManifestItem>> {
  const client = await detectMysqlClient(ctx.tools);
  // From a standby (replica) instead, paused at one position of the primary (standby/dump-from-standby.ts).
  if (source.dumpFromStandby) return dumpFromStandby(ctx, source, client, (target) => dumpAll(ctx, source, client, target));
  const password = await ctx.secret(source.passwordRef);
  return ctx.link.withEndpoint(source, 'MySQL', (e) => dumpAll(ctx, source, client, { host: e.host, port: e.port, user: source.user, password, shownAs: e.shownAs }));
}

async function dumpAll(ctx: SourceRunContext, source: MysqlSource, client: MysqlClient, target: MysqlTarget): Promise<SourceOutcome<MysqlManifestItem>> {
  const items: MysqlManifestItem[] = [];
  const failures: ItemFailure[] = [];
  for (const database of source.databases) {
    try {
      items.push(await dumpOne(ctx, source, client, target, database));
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      const error = toKuraError(ctx.link.explain(err));
      if (isRunFatal(error)) throw error;
      // A lost connection to the server fails every database the same way: say it once, for the source.
      if (error.category === 'network' && items.length === 0 && failures.length === 0) throw error;
      await rm(join(ctx.partialPath, mysqlItemPath(source.id, database)), { force: true });
      failures.push({ database, error });
    }
  }
  if (items.length === 0 && failures[0]) throw failures[0].error;
  return { items, failures };
}

async function dumpOne(ctx: SourceRunContext, source: MysqlSource, client: MysqlClient, target: MysqlTarget, database: string): Promise<MysqlManifestItem> {
  {
    const started = Date.now();
    const relPath = mysqlItemPath(source.id, database);
    const outFile = join(ctx.partialPath, relPath);
    await mkdir(dirname(outFile), { recursive: true });
    ctx.onProgress({ kind: 'step', sourceId: source.id, step: 'mysql', message: msg('progress-mysql-dump', { database }) });
    const where = target.shownAs ?? `${source.host}:${source.port}`;
    ctx.logger.say('info', msg('mysql-dump-started', { source: source.id, database, where, user: source.user, client: client.flavour, version: client.version }));
    const dump = await dumpDatabase({
      client,
      target,
      database,
      outFile,
      level: gzipLevel(ctx.job.compression),
      signal: ctx.signal,
      onProgress: (p) => ctx.onProgress({ kind: 'bytes', sourceId: source.id, bytes: p.uncompressedBytes, totalBytes: null }),
      logger: ctx.logger,
      // Explicit: with its per-member round-trip check, no second decompression of the file is needed.
      compressor: parallelGzipCompressor,
    });
    ctx.logger.say(
      'info',
      msg('mysql-dump-done', {
        source: source.id,
        database,
        tables: dump.tables.length,
        views: dump.views.length,
        routines: dump.routines.length,
        triggers: dump.triggers.length,
        events: dump.events.length,
        uncompressedBytes: dump.uncompressedBytes,
        compressedBytes: dump.bytes,
        sha256: dump.sha256,
      }),
    );
    return mysqlManifestItem(source.id, relPath, database, dump, Date.now() - started);
  }
}

/** The manifest item of one dumped database (also what tests build from a dumpDatabase result). */
export function mysqlManifestItem(sourceId: string, path: string, database: string, dump: MysqlDumpResult, durationMs: number = dump.durationMs): MysqlManifestItem {
  return {
    source: sourceId,
    type: 'mysql',
    path,
    database,
    bytes: dump.bytes,
    sha256: dump.sha256,
    uncompressedBytes: dump.uncompressedBytes,
    compression: 'gzip',
    serverVersion: dump.serverVersion,
    serverFlavour: dump.serverFlavour,
    tables: dump.tables,
    views: dump.views,
    routines: dump.routines,
    triggers: dump.triggers,
    events: dump.events,
    rowCounts: dump.rowCounts,
    durationMs,
    consistency: dump.consistency,
    nonTransactionalTables: dump.nonTransactionalTables,
    largestStatementBytes: dump.largestStatementBytes,
    definers: dump.definers,
    // The manifest holds sentences in English: an admin reads manifest.json without Kura.
    warnings: dump.warnings.map((w) => renderLoose('en', w.code, w.params).message),
    ...(dump.parts ? { parts: dump.parts } : {}),
  };
}
