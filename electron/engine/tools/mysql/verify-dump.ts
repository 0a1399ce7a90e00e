/**
 * Checks a .sql.gz dump end to end without unpacking it to disk: every gzip member decodes with a
 * correct CRC, nothing follows the last member, and the SQL ends with mysqldump's "-- Dump completed"
 * line. Run after writing (and before restore) so a damaged or truncated dump is reported as such
 * instead of failing half-way through a restore.
 *
 * Multi-member gzip (several gzip streams back to back, as parallel compressors write) is valid:
 * `gunzip` and Node's zlib decode all members.
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
    if (isAbortError(err) || signal?.aborted) {
      throw new KuraError({ code: 'cancelled', category: 'cancelled', message: 'The run was cancelled.' });
    }
    throw invalid(path, describeReadError(err), err);
  }
  // zlib stops at the end of the last member and silently ignores zero padding after it.
  if (gunzip.bytesWritten !== hasher.bytes) {
    throw invalid(path, `it has ${hasher.bytes - gunzip.bytesWritten} bytes of unexpected data after the compressed dump`);
  }
  if (!trailer.completed()) {
    throw invalid(
      path,
      trailer.bytes === 0
        ? 'it is empty'
        : 'the SQL inside does not end with the "-- Dump completed" line, so the dump was cut short when it was made',
    );
  }
  return { sha256: hasher.digest(), bytes: hasher.bytes, uncompressedBytes: trailer.bytes };
}

function describeReadError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT':
      return 'the file does not exist';
    case 'Z_BUF_ERROR':
      return 'the file is cut short (the compressed data ends too early)';
    case 'Z_DATA_ERROR':
      return /header/i.test(e.message)
        ? 'it is not a gzip file, or its data is damaged'
        : `its compressed data is damaged (${e.message})`;
    default:
      return `it could not be read: ${e?.message ?? String(err)}`;
  }
}

function invalid(path: string, what: string, cause?: unknown): KuraError {
  return new KuraError({
    code: 'dump-invalid',
    category: 'data',
    message: `The database dump ${path} is not usable: ${what}.`,
    hint: 'Use another snapshot, and check the backup disk for errors. A new backup writes a fresh dump.',
    cause,
  });
}
