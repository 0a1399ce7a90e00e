/**
 * Streams a .sql.gz into a database: file → byte counter → gunzip → [header rewrites] → `mysql` stdin.
 *
 * With `ranges`, only those parts of a cut dump are read (dump-sections.ts: each starts a gzip member),
 * and their SQL must come to exactly the recorded size; parallel-import.ts runs several such imports.
 *
 * Never buffered: a shop's dump can be gigabytes, so the SQL flows through with backpressure and only
 * one header line at a time is ever held (for --strip-definers). Progress is the compressed bytes
 * read, because that is the only total known in advance (the file size).
 *
 * The connection settings and password go in the 0600 option file; the database name comes after
 * `--`, so nothing user-supplied can be parsed as an option. The client stops at the first failing
 * statement (no --force), which is what makes a rollback meaningful.
 *
 * Why a custom sink in front of the client's stdin instead of piping into it: on any failure
 * (damaged gzip, a dump without its trailer, cancel) the client must be killed BEFORE its stdin
 * closes. Closing stdin first would hand `mysql` an end-of-file, and a dump cut at a statement
 * boundary would then "succeed". So stdin is ended only when the whole dump went through intact.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable, Transform, type TransformCallback, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { KuraError, throwIfCancelled } from '../../errors.js';
import { startProcess } from '../../process/run-process.js';
import type { Logger } from '../../progress.js';
import { stripDefinerClauses } from './definers.js';
import { withDefaultsFile } from './defaults-file.js';
import { assertDatabaseName, MAX_PACKET_BYTES } from './dump-args.js';
import { TEST_CONNECT_SECONDS } from '../answer-timeouts.js';
import { DumpTrailerWatcher } from './dump-trailer.js';
import type { MysqlAccount } from './grants.js';
import { importFailureToError } from './import-errors.js';
import { disableEventClause } from './scratch-events.js';
import { isRenameStreamError, renameRefusedError, SchemaRenameTransform } from './schema-rename.js';
import { SqlHeaderRewriter } from './sql-line-rewriter.js';
import { dumpReadError } from './verify-dump.js';
import type { MysqlClient, MysqlTarget } from './types.js';

export interface ImportDumpOptions {
  client: MysqlClient;
  target: MysqlTarget;
  /** Must exist already (the dump holds no CREATE DATABASE/USE). */
  database: string;
  /** The .sql.gz. */
  file: string;
  stripDefiners: boolean;
  /** Recreate events DISABLED (restore tests into a scratch database). */
  disableEvents?: boolean;
  /**
   * The database the dump was made from, when it differs from `database`: its name is rewritten to
   * `database` wherever the dump's objects use it as a qualifier (schema-rename.ts), so the original
   * database is never touched. Callers scan the dump with scanDumpForRename first and refuse on problems.
   */
  renameFrom?: string;
  /** Reuse an option file the caller holds; otherwise one is made for this import. */
  defaultsFile?: string;
  account?: MysqlAccount;
  signal?: AbortSignal;
  logger?: Logger;
  /** Compressed bytes read so far, and the file size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /**
   * Only these byte ranges of the file, in this order (parts of a cut dump: dump-sections.ts). Each
   * begins a gzip member, so together they are one .gz; their SQL must come to exactly `sqlBytes`,
   * and the dump's trailer is required only when `trailer` says the footer is among them.
   */
  ranges?: { parts: readonly { offset: number; bytes: number; sqlBytes: number }[]; trailer: boolean };
  /** A last stage for the SQL, after every rewrite (parallel-import.ts: the schema stream's DeferKeysTransform). */
  lastStage?: Transform;
  /**
   * SQL sent after the dump's own, only once it all went through whole and checked, on the same
   * connection (parallel-import.ts: a table's deferred keys after its rows).
   */
  epilogue?: Buffer;
}

export interface ImportResult {
  compressedBytes: number;
  uncompressedBytes: number;
  /** Header lines whose DEFINER clause was removed. */
  definersStripped: number;
  eventsDisabled: number;
  durationMs: number;
}

const PROGRESS_INTERVAL_MS = 250;

/** The client's argv: the option file first (the clients require it there), the database after `--`. */
export function buildImportArgs(defaultsFile: string, database: string): string[] {
  assertDatabaseName(database);
  return [
    `--defaults-extra-file=${defaultsFile}`,
    '--default-character-set=utf8mb4',
    // No "\0" mangling or "\r\n" translation, and no client commands other than DELIMITER: the dump is data.
    '--binary-mode',
    // 1 GiB: the client's own default (16 MiB) refuses a single big row that the server would accept.
    `--max-allowed-packet=${MAX_PACKET_BYTES}`,
    // Connecting (and the server's greeting) is bounded: a server that takes the connection and never
    // answers is reported (`server-no-answer`), not waited on for ever. The client has no bound on
    // later answers; a restore's statements may rightly take long.
    `--connect-timeout=${TEST_CONNECT_SECONDS}`,
    '--',
    database,
  ];
}

export async function importDump(opts: ImportDumpOptions): Promise<ImportResult> {
  throwIfCancelled(opts.signal);
  assertDatabaseName(opts.database);
  if (opts.defaultsFile !== undefined) return runImport(opts, opts.defaultsFile);
  return withDefaultsFile(opts.target, (file) => runImport(opts, file));
}

async function runImport(opts: ImportDumpOptions, defaultsFile: string): Promise<ImportResult> {
  const { client, target, database, file, signal, logger, onProgress } = opts;
  const started = Date.now();
  const ranges = opts.ranges;
  const totalBytes = ranges ? ranges.parts.reduce((n, p) => n + p.bytes, 0) : (await stat(file)).size;
  const expectedSql = ranges ? ranges.parts.reduce((n, p) => n + p.sqlBytes, 0) : null;
  const tool = basename(client.clientPath);

  let definersStripped = 0;
  let eventsDisabled = 0;
  const rewrites: ((line: string) => string)[] = [];
  if (opts.stripDefiners) {
    rewrites.push((line) => {
      const out = stripDefinerClauses(line);
      if (out !== line) definersStripped++;
      return out;
    });
  }
  if (opts.disableEvents) {
    rewrites.push((line) => {
      const out = disableEventClause(line);
      if (out !== line) eventsDisabled++;
      return out;
    });
  }

  let bytesRead = 0;
  let lastReport = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      bytesRead += chunk.length;
      const now = Date.now();
      if (onProgress && now - lastReport >= PROGRESS_INTERVAL_MS) {
        lastReport = now;
        onProgress(bytesRead, totalBytes);
      }
      cb(null, chunk);
    },
  });
  const gunzip = createGunzip();
  const trailer = new DumpTrailerWatcher();
  const stages: (Transform | Writable)[] = [counter, gunzip, trailer];
  const renaming = opts.renameFrom !== undefined && opts.renameFrom !== database;
  if (renaming) stages.push(new SchemaRenameTransform({ from: opts.renameFrom!, to: database, failOnProblem: true }));
  if (rewrites.length > 0) stages.push(new SqlHeaderRewriter((line) => rewrites.reduce((l, f) => f(l), line)));
  if (opts.lastStage) stages.push(opts.lastStage);

  // The restore's own step says what is imported where: this is the tool's line, for the debug log.
  logger?.log(
    'debug',
    `Importing ${file} into \`${database}\`${renaming ? ` (names of \`${opts.renameFrom}\` rewritten)` : ''}${opts.stripDefiners ? ' (DEFINER clauses removed)' : ''}`,
  );
  const proc = startProcess(
    { file: client.clientPath, args: buildImportArgs(defaultsFile, database), secrets: [target.password ?? undefined] },
    { signal, stdin: 'pipe', stdout: 'ignore', logger, killGraceMs: 3000, maxCaptureBytes: 64 * 1024 },
  );
  if (!proc.stdin) throw new KuraError({ code: 'mysql-import-no-input', params: { tool }, category: 'internal' });
  const sink = new ChildStdinSink(proc.stdin, () => {
    if (gunzip.bytesWritten !== bytesRead) return new KuraError({ code: 'dump-invalid-trailing', params: { path: file, extraBytes: bytesRead - gunzip.bytesWritten }, category: 'data' });
    if (expectedSql !== null && trailer.bytes !== expectedSql) {
      return new KuraError({ code: 'dump-part-size-differs', params: { path: file, expected: expectedSql, found: trailer.bytes }, category: 'data' });
    }
    if ((!ranges || ranges.trailer) && !trailer.completed()) return new KuraError({ code: 'dump-invalid-incomplete', params: { path: file }, category: 'data' });
    return null;
  }, opts.epilogue);

  let streamError: unknown = null;
  try {
    const source = ranges ? Readable.from(readRanges(file, ranges.parts)) : createReadStream(file, { highWaterMark: 256 * 1024 });
    await pipeline(source, ...(stages as [Transform]), sink, { signal });
  } catch (err) {
    streamError = err;
    // Kill first, close stdin second: the client must never see a clean end of a partial dump.
    proc.kill('SIGKILL');
    proc.stdin.destroy();
  }
  const r = await proc.result;
  if (signal?.aborted || r.cancelled) {
    throw new KuraError({ code: 'cancelled', params: {}, category: 'cancelled' });
  }
  // Kura stopped the import itself (and killed the client for it): that is the reason, not the kill.
  if (isRenameStreamError(streamError)) throw renameRefusedError(opts.renameFrom ?? database, database, [streamError.problem]);
  // The client's own failure explains a broken pipe better than the pipe does.
  if (r.exitCode !== 0 && !(streamError !== null && !sink.clientGone)) {
    throw importFailureToError({
      tool,
      exitCode: r.exitCode,
      signal: r.signal,
      stderr: r.stderr,
      target,
      database,
      account: opts.account,
      strippingDefiners: opts.stripDefiners,
    });
  }
  if (streamError !== null) throw dumpReadError(file, streamError);
  onProgress?.(bytesRead, totalBytes);
  return { compressedBytes: bytesRead, uncompressedBytes: trailer.bytes, definersStripped, eventsDisabled, durationMs: Date.now() - started };
}

/** The ranges of a file one after the other (empty ones skipped). */
async function* readRanges(file: string, parts: readonly { offset: number; bytes: number }[]): AsyncGenerator<Buffer> {
  for (const p of parts) {
    if (p.bytes <= 0) continue;
    for await (const chunk of createReadStream(file, { start: p.offset, end: p.offset + p.bytes - 1, highWaterMark: 256 * 1024 })) yield chunk as Buffer;
  }
}

/**
 * Writes into the child's stdin with backpressure, and ends it only from `_final` (i.e. only when
 * every stage upstream finished without error and `check` found the dump whole), with the epilogue.
 */
class ChildStdinSink extends Writable {
  /** Set when the client closed its stdin (it exited, usually on an SQL error). */
  clientGone = false;
  private failure: Error | null = null;

  constructor(
    private readonly stdin: Writable,
    private readonly check: () => KuraError | null,
    private readonly epilogue?: Buffer,
  ) {
    super({ highWaterMark: 1024 * 1024 });
    stdin.on('error', (err: Error) => {
      this.clientGone = true;
      this.failure ??= err;
    });
    stdin.on('close', () => {
      if (!this.writableFinished) this.clientGone = true;
    });
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.failure || this.stdin.destroyed) {
      cb(this.failure ?? clientClosed());
      return;
    }
    if (this.stdin.write(chunk)) {
      cb();
      return;
    }
    const done = (err?: Error) => {
      this.stdin.off('drain', onDrain);
      this.stdin.off('close', onClose);
      cb(err);
    };
    const onDrain = () => done();
    const onClose = () => done(this.failure ?? clientClosed());
    this.stdin.on('drain', onDrain);
    this.stdin.on('close', onClose);
  }

  override _final(cb: (err?: Error | null) => void): void {
    const problem = this.check();
    if (problem) {
      cb(problem);
      return;
    }
    // Once: 'finish' normally, 'close'/'error' when the client exited meanwhile (its exit code then tells).
    let called = false;
    const finish = () => {
      if (called) return;
      called = true;
      cb();
    };
    this.stdin.once('close', finish);
    this.stdin.once('error', finish);
    if (this.epilogue !== undefined && this.epilogue.length > 0) this.stdin.end(this.epilogue, finish);
    else this.stdin.end(finish);
  }
}

function clientClosed(): Error {
  return Object.assign(new Error('the client closed its input'), { code: 'EPIPE' });
}
