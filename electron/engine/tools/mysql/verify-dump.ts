/**
 * Checks a .sql.gz dump end to end without unpacking it to disk: every gzip member decodes with a
 * correct CRC, nothing follows the last member, and the SQL ends with mysqldump's "-- Dump completed"
 * line. Run after writing (and before restore) so a damaged or truncated dump is reported as such
 * instead of failing half-way through a restore.
 *
 * Multi-member gzip (several gzip streams back to back, as parallel compressors write) is valid:
 * `gunzip` and Node's zlib decode all members.
 *
 * Each way a dump can be unusable is its own catalogued code (`dump-invalid-*`, catalogue/mysql.ts).
 */
import { createReadStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { KuraError, isAbortError } from '../../errors.js';
import { HashingCounter } from '../../util/sha256.js';
import { DumpTrailerWatcher } from './dump-trailer.js';

export interface VerifiedDump {
  sha256: string;
  /** Size of the .sql.gz. */
  bytes: number;
  uncompressedBytes: number;
}

export async function verifyDumpFile(path: string, signal?: AbortSignal): Promise<VerifiedDump> {
  const hasher = new HashingCounter();
  const gunzip = createGunzip();
  const trailer = new DumpTrailerWatcher();
  const sink = new Writable({
    write(_chunk, _enc, cb) {
      cb();
    },
  });
  try {
    await pipeline(createReadStream(path, { highWaterMark: 1024 * 1024 }), hasher, gunzip, trailer, sink, { signal });
  } catch (err) {
    if (isAbortError(err) || signal?.aborted) throw new KuraError({ code: 'cancelled', params: {}, category: 'cancelled' });
    // An empty file is "cut short" to zlib; to the admin it is empty.
    if (hasher.bytes === 0 && (err as NodeJS.ErrnoException).code === 'Z_BUF_ERROR') throw new KuraError({ code: 'dump-invalid-empty', params: { path }, category: 'data' });
    throw dumpReadError(path, err);
  }
  // zlib stops at the end of the last member and silently ignores zero padding after it.
  if (gunzip.bytesWritten !== hasher.bytes) {
    throw new KuraError({ code: 'dump-invalid-trailing', params: { path, extraBytes: hasher.bytes - gunzip.bytesWritten }, category: 'data' });
  }
  if (!trailer.completed()) {
    throw trailer.bytes === 0
      ? new KuraError({ code: 'dump-invalid-empty', params: { path }, category: 'data' })
      : new KuraError({ code: 'dump-invalid-incomplete', params: { path }, category: 'data' });
  }
  return { sha256: hasher.digest(), bytes: hasher.bytes, uncompressedBytes: trailer.bytes };
}

/**
 * Why a dump could not be read, as the admin can act on it: missing, cut short, not gzip, or damaged
 * (then zlib's or the system's own words as the fact). Checking a dump, importing it and scanning it
 * before a restore under another name all say it the same way.
 */
export function dumpReadError(path: string, err: unknown): KuraError {
  if (err instanceof KuraError) return err;
  if (isAbortError(err)) return new KuraError({ code: 'cancelled', params: {}, category: 'cancelled' });
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT':
      return new KuraError({ code: 'dump-invalid-missing', params: { path }, category: 'data', cause: err });
    case 'Z_BUF_ERROR':
      return new KuraError({ code: 'dump-invalid-truncated', params: { path }, category: 'data', cause: err });
    case 'Z_DATA_ERROR':
      return /header/i.test(e.message)
        ? new KuraError({ code: 'dump-invalid-not-gzip', params: { path }, category: 'data', cause: err })
        : new KuraError({ code: 'dump-invalid-damaged', params: { path, reason: e.message }, category: 'data', cause: err });
  }
  return new KuraError({ code: 'dump-invalid', params: { path, reason: e?.message ?? String(err) }, category: 'data', cause: err });
}
