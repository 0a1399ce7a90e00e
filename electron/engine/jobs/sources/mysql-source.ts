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
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Job, MysqlSource } from '../../config/schema.js';
import type { MysqlManifestItem } from '../../snapshot/manifest.js';
import { mysqlItemPath } from '../../snapshot/artifact-names.js';
import { detectMysqlClient, dumpDatabase, parallelGzipCompressor, type MysqlClient, type MysqlDumpResult, type MysqlTarget } from '../../tools/mysql/index.js';
import type { SourceRunContext } from '../run-context.js';
import { msg } from '../../../shared/messages/index.js';

export function gzipLevel(compression: Job['compression']): number {
  switch (compression) {
    case 'fast':
      return 1;
    case 'balanced':
      return 6;
  }
}

export async function backupMysqlSource(ctx: SourceRunContext, source: MysqlSource): Promise<MysqlManifestItem[]> {
  const client = await detectMysqlClient(ctx.tools);
  const password = await ctx.secret(source.passwordRef);
  return ctx.link.withEndpoint(source, 'MySQL', (e) => dumpAll(ctx, source, client, { host: e.host, port: e.port, user: source.user, password, shownAs: e.shownAs }));
}

async function dumpAll(ctx: SourceRunContext, source: MysqlSource, client: MysqlClient, target: MysqlTarget): Promise<MysqlManifestItem[]> {
  const items: MysqlManifestItem[] = [];
  for (const database of source.databases) {
    const started = Date.now();
    const relPath = mysqlItemPath(source.id, database);
    const outFile = join(ctx.partialPath, relPath);
    await mkdir(dirname(outFile), { recursive: true });
    ctx.onProgress({ kind: 'step', sourceId: source.id, step: 'mysql', message: msg('progress-mysql-dump', { database }) });
    ctx.logger.log('info', `MySQL "${source.id}": dumping ${database} from ${target.shownAs ?? `${source.host}:${source.port}`} as ${source.user} (${client.flavour} client ${client.version})`);
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
    ctx.logger.log(
      'info',
      `MySQL "${source.id}": ${database} ok — ${dump.tables.length} tables, ${dump.views.length} views, ${dump.routines.length} routines, ` +
        `${dump.triggers.length} triggers, ${dump.events.length} events; ${dump.uncompressedBytes} bytes → ${dump.bytes} gzip, sha256 ${dump.sha256}`,
    );
    items.push(mysqlManifestItem(source.id, relPath, database, dump, Date.now() - started));
  }
  return items;
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
    warnings: dump.warnings,
  };
}
