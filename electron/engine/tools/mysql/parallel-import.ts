/**
 * Imports a dump that was cut into parts (dump-sections.ts) over several connections: after an outage
 * the restore time is the time the shop stays closed, and one `mysql` client leaves the server on one
 * core while the others idle.
 *
 * The order keeps the dump's own meaning:
 *   1. one connection: the header, then every table's schema and every view's placeholder, in file order,
 *      each InnoDB table created without the secondary keys and foreign keys it can get later
 *      (deferred-keys.ts: InnoDB builds an index from sorted rows far faster than it maintains it row by row);
 *   2. N connections: each table's data (largest first, so the long ones do not start last), each
 *      stream being "header + that table's data + one ALTER TABLE adding its deferred keys" — the header
 *      carries the session settings mysqldump wrote for the load (`UNIQUE_CHECKS=0`, `FOREIGN_KEY_CHECKS=0`,
 *      `SQL_MODE`, `TIME_ZONE`, `NAMES`), so every connection loads exactly as the serial import would,
 *      and needs no extra privilege;
 *   3. one connection, when there are any: the header, then one ALTER TABLE per table adding its
 *      foreign keys (after every table's rows: adding one involves two tables), and the keys of a
 *      table that had no data part;
 *   4. one connection: the header, the triggers (after all data, as in the dump: they must not fire
 *      during the load), events, routines, final views and the footer, whose trailer is checked.
 * Each stream goes through importDump with its byte ranges, so it gets the same checks as a whole
 * file (gzip whole, SQL size exactly as recorded, client exit code) and the same rewrites
 * (--strip-definers, another database name).
 *
 * A key that the rows break (a duplicate in a UNIQUE key) fails that table's stream like a bad row.
 * A failure in any stream stops all of them (their clients are killed before their input ends, as in
 * importDump) and is reported naming the table; the caller rolls back from its safety dump as for a
 * serial import. Nothing here weakens that: the import either completes whole or throws.
 */
import { availableParallelism } from 'node:os';
import { KuraError, messageOf, toKuraError } from '../../errors.js';
import { nestedMessage } from '../../../shared/messages/index.js';
import type { DumpPart } from './dump-sections.js';
import { quoteIdentifier } from './grants.js';
import { addBackSql, DeferKeysTransform, type DeferredTable } from './deferred-keys.js';
import { importDump, type ImportDumpOptions, type ImportResult } from './import-dump.js';

export interface ParallelImportOptions extends Omit<ImportDumpOptions, 'ranges'> {
  /** The dump's parts, already checked against the manifest item (checkParts). */
  parts: readonly DumpPart[];
  /** Connections loading table data at once. */
  connections: number;
  /** False: every table created with all its keys, as in the dump (only to measure the difference: bench.ts). */
  deferKeys?: boolean;
}

/** min(4, cores): measured on 2 cores, more connections than cores only add contention. */
export function defaultRestoreConnections(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

const SCHEMA_KINDS: ReadonlySet<DumpPart['kind']> = new Set(['schema', 'view-stub']);
const FINISH_KINDS: ReadonlySet<DumpPart['kind']> = new Set(['triggers', 'events', 'routines', 'view', 'footer']);

export async function importDumpParallel(opts: ParallelImportOptions): Promise<ImportResult> {
  const started = Date.now();
  const header = opts.parts[0]!;
  const schema = opts.parts.filter((p) => SCHEMA_KINDS.has(p.kind));
  const data = opts.parts.filter((p) => p.kind === 'data').sort((a, b) => b.bytes - a.bytes);
  const finish = opts.parts.filter((p) => FINISH_KINDS.has(p.kind));
  const streams = 2 + data.length;
  let totalBytes = opts.parts.reduce((n, p) => n + p.bytes, 0) + (streams - 1) * header.bytes;

  // One signal for every stream: the caller's cancel, or the first failure.
  const stop = new AbortController();
  const onCancel = () => stop.abort();
  opts.signal?.addEventListener('abort', onCancel, { once: true });
  const read = new Map<number, number>();
  let nextStream = 0;
  const report = () => opts.onProgress?.([...read.values()].reduce((a, b) => a + b, 0), totalBytes);
  const results: ImportResult[] = [];

  // Each client its own option file: one FIFO serves one reader at a time (defaults-file.ts).
  const { defaultsFile: _shared, parts: _parts, connections: _connections, deferKeys: _defer, ...base } = opts;
  const run = async (parts: readonly DumpPart[], trailer: boolean, table: string | null, extra: Pick<ImportDumpOptions, 'lastStage' | 'epilogue'> = {}): Promise<void> => {
    const id = nextStream++;
    try {
      const r = await importDump({
        ...base,
        ...extra,
        ranges: { parts: [header, ...parts], trailer },
        signal: stop.signal,
        onProgress: (bytes) => {
          read.set(id, bytes);
          report();
        },
      });
      results.push(r);
    } catch (err) {
      throw new StreamFailure(toKuraError(err), table);
    }
  };

  try {
    const deferral = opts.deferKeys === false ? null : new DeferKeysTransform();
    await run(schema, false, null, deferral ? { lastStage: deferral } : {});
    const deferred = deferral?.tables ?? new Map<string, DeferredTable>();
    let failure: StreamFailure | null = null;
    let next = 0;
    const worker = async () => {
      while (failure === null && !stop.signal.aborted && next < data.length) {
        const part = data[next++]!;
        try {
          const own = deferred.get(part.name!);
          const epilogue = own ? addBackSql(own.nameSql, own.keys) : null;
          await run([part], false, part.name!, epilogue ? { epilogue } : {});
        } catch (err) {
          // The first real failure stops the others; theirs are then only "cancelled".
          if (failure === null && err instanceof StreamFailure && !(err.error.category === 'cancelled' && stop.signal.aborted && !opts.signal?.aborted)) failure = err;
          stop.abort();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.connections, data.length)) }, worker));
    if (opts.signal?.aborted) throw new KuraError({ code: 'cancelled', params: {}, category: 'cancelled' });
    if (failure !== null) throw failure;
    // Foreign keys (and the keys of a table without rows to load), once every table's rows are in.
    const loaded = new Set(data.map((p) => p.name!));
    const later = [...deferred].flatMap(([table, t]) => [loaded.has(table) ? null : addBackSql(t.nameSql, t.keys), addBackSql(t.nameSql, t.foreignKeys)]);
    const after = Buffer.concat(later.filter((b): b is Buffer => b !== null));
    if (after.length > 0) {
      totalBytes += header.bytes;
      await run([], false, null, { epilogue: after });
    }
    await run(finish, true, null);
  } catch (err) {
    if (opts.signal?.aborted) throw new KuraError({ code: 'cancelled', params: {}, category: 'cancelled' });
    if (!(err instanceof StreamFailure)) throw err;
    if (err.table === null) throw err.error;
    throw new KuraError({
      code: 'mysql-restore-table-failed',
      params: { table: quoteIdentifier(err.table), error: nestedMessage(messageOf(err.error)) },
      category: err.error.category,
      ...(err.error.detail !== undefined ? { detail: err.error.detail } : {}),
      cause: err.error,
    });
  } finally {
    opts.signal?.removeEventListener('abort', onCancel);
  }
  report();
  return {
    compressedBytes: totalBytes,
    uncompressedBytes: opts.parts.reduce((n, p) => n + p.sqlBytes, 0),
    definersStripped: results.reduce((n, r) => n + r.definersStripped, 0),
    eventsDisabled: results.reduce((n, r) => n + r.eventsDisabled, 0),
    durationMs: Date.now() - started,
  };
}

/** One stream's failure and the table it was loading (null: the schema or the finishing stream). */
class StreamFailure extends Error {
  constructor(
    readonly error: KuraError,
    readonly table: string | null,
  ) {
    super(error.message);
  }
}

/**
 * The parts that restore one table alone, in order: header, its schema, data and triggers, footer.
 * Null when the dump has no such table.
 */
export function singleTableParts(parts: readonly DumpPart[], table: string): DumpPart[] | null {
  const own = parts.filter((p) => (p.kind === 'schema' || p.kind === 'data' || p.kind === 'triggers') && p.name === table);
  if (!own.some((p) => p.kind === 'schema')) return null;
  return [parts[0]!, ...own, parts.at(-1)!];
}
