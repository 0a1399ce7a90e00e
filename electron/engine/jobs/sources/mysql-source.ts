/**
 * Backs up a MySQL/MariaDB source: one `.sql.gz` per database under `mysql/<sourceId>/`. A dump may
 * count as good only when all of this holds:
 *   - mysqldump exited 0 and its "-- Dump completed" trailer ended the SQL (checked on the way in);
 *   - every gzip member was inflated again by the worker that made it and matched its input byte
 *     for byte (the parallel compressor's round-trip), so the compressed bytes decode to exactly the
 *     SQL that was dumped — the same proof a full `gunzip -t` re-read gave, without the re-read;
 *   - the file, fsynced and closed, reads back with the sha256 and size computed while writing.
 * The last read is a plain hash (about 1–2 GB/s), not a second decompression: it proves the file
 * holds the very bytes that were verified, which is all the full re-read added on top.
 */
import { mkdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Job, MysqlSource } from '../../config/schema.js';
import { KuraError } from '../../errors.js';
import type { MysqlManifestItem } from '../../snapshot/manifest.js';
import { mysqlItemPath } from '../../snapshot/artifact-names.js';
import { detectMysqlClient, dumpDatabase, parallelGzipCompressor } from '../../tools/mysql/index.js';
import { sha256File } from '../../util/sha256.js';
import type { SourceRunContext } from '../run-context.js';

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
  const target = { host: source.host, port: source.port, user: source.user, password };
  const items: MysqlManifestItem[] = [];
  for (const database of source.databases) {
    const started = Date.now();
    const relPath = mysqlItemPath(source.id, database);
    const outFile = join(ctx.partialPath, relPath);
    await mkdir(dirname(outFile), { recursive: true });
    ctx.onProgress({ kind: 'step', sourceId: source.id, step: 'mysql', message: `Dumping database ${database}` });
    ctx.logger.log('info', `MySQL "${source.id}": dumping ${database} from ${source.host}:${source.port} as ${source.user} (${client.flavour} client ${client.version})`);
    const dump = await dumpDatabase({
      client,
      target,
      database,
      outFile,
      level: gzipLevel(ctx.job.compression),
      signal: ctx.signal,
      onProgress: (p) => ctx.onProgress({ kind: 'bytes', sourceId: source.id, bytes: p.uncompressedBytes, totalBytes: null }),
      logger: ctx.logger,
      // Explicit, because the read-back below relies on its per-member round-trip check.
      compressor: parallelGzipCompressor,
    });
    ctx.onProgress({ kind: 'step', sourceId: source.id, step: 'verify', message: `Checking the dump of ${database}` });
    const [readBack, size] = await Promise.all([sha256File(outFile, ctx.signal), stat(outFile).then((s) => s.size)]);
    if (readBack !== dump.sha256 || size !== dump.bytes) {
      throw new KuraError({
        code: 'dump-invalid',
        category: 'data',
        message: `The dump of ${database} read back differently from what was written (sha256 ${readBack} ≠ ${dump.sha256}, ${size} ≠ ${dump.bytes} bytes).`,
        hint: 'The backup disk may be failing: check it, then run the backup again.',
      });
    }
    ctx.logger.log(
      'info',
      `MySQL "${source.id}": ${database} ok — ${dump.tables.length} tables, ${dump.views.length} views, ${dump.routines.length} routines, ` +
        `${dump.triggers.length} triggers, ${dump.events.length} events; ${dump.uncompressedBytes} bytes → ${dump.bytes} gzip, sha256 ${dump.sha256}`,
    );
    items.push({
      source: source.id,
      type: 'mysql',
      path: relPath,
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
      durationMs: Date.now() - started,
    });
  }
  return items;
}
