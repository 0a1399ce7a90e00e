/**
 * Backs up a MySQL/MariaDB source: one `.sql.gz` per database under `mysql/<sourceId>/`. Each dump is
 * checked when written (exit code, `-- Dump completed` trailer) and read back once (gzip integrity,
 * sha256 equal to what was written) before it may count as good.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Job, MysqlSource } from '../../config/schema.js';
import { KuraError } from '../../errors.js';
import type { MysqlManifestItem } from '../../snapshot/manifest.js';
import { mysqlItemPath } from '../../snapshot/artifact-names.js';
import { detectMysqlClient, dumpDatabase, verifyDumpFile } from '../../tools/mysql/index.js';
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
    });
    ctx.onProgress({ kind: 'step', sourceId: source.id, step: 'verify', message: `Checking the dump of ${database}` });
    const check = await verifyDumpFile(outFile, ctx.signal);
    if (check.sha256 !== dump.sha256 || check.bytes !== dump.bytes) {
      throw new KuraError({
        code: 'dump-invalid',
        category: 'data',
        message: `The dump of ${database} read back differently from what was written (sha256 ${check.sha256} ≠ ${dump.sha256}).`,
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
