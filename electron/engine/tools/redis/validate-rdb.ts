/**
 * Checks that a file is a complete, undamaged RDB snapshot before Kura calls it a backup: the
 * "REDIS" magic and version, a full walk of every record (so a truncated or garbled file is caught
 * even when checksums are off), and the CRC64 trailer.
 *
 * A stored checksum of zero means the server runs with `rdbchecksum no`; that is reported as
 * `checksum: 'absent'` rather than an error, because Redis itself loads such files — the walk is then
 * the only integrity check, and the UI can say so.
 */
import { rdbInvalid, RdbReader } from './rdb-reader.js';

export interface RdbValidation {
  rdbVersion: number;
  checksum: 'ok' | 'absent';
  /** Keys per database index as found in the file ({ "0": 120, "3": 4 }). */
  keysPerDb: Record<string, number>;
  /** From the AUX field redis-ver, when the server wrote it (Redis 3.2+). */
  redisVersion?: string;
  /**
   * From the AUX field ctime: when the save that wrote this file started, in seconds on the server's
   * clock (Redis 3.2+). Ties a file to the save Kura asked for (bgsave.ts).
   */
  savedAt?: number;
  /** Module types the data needs (a restore target must load those modules). */
  modules: string[];
  /** Number of Redis 7 function libraries in the file. */
  functions: number;
}

export async function validateRdbFile(path: string, signal?: AbortSignal): Promise<RdbValidation> {
  const reader = await RdbReader.open(path, { signal, captureRaw: false });
  try {
    return await validateRdbReader(reader);
  } finally {
    await reader.close();
  }
}

/**
 * The same checks on any reader that has not started yet (a file, or bytes being received — see
 * `RdbFileSink`). Does not close the reader.
 */
export async function validateRdbReader(reader: RdbReader): Promise<RdbValidation> {
  const keysPerDb: Record<string, number> = {};
  for (const [db, keys] of await reader.countKeys()) keysPerDb[String(db)] = keys;
  const trailer = reader.trailer!;
  if (trailer.trailingBytes > 0) {
    throw rdbInvalid({ kind: 'trailing', extraBytes: trailer.trailingBytes, offset: trailer.eofOffset });
  }
  let checksum: RdbValidation['checksum'];
  const stored = trailer.storedChecksum;
  if (stored === null || stored.every((b) => b === 0)) {
    checksum = 'absent';
  } else if (stored.equals(trailer.computedChecksum)) {
    checksum = 'ok';
  } else {
    throw rdbInvalid({ kind: 'checksum', stored: Buffer.from(stored).reverse().toString('hex'), computed: Buffer.from(trailer.computedChecksum).reverse().toString('hex') });
  }
  const redisVersion = reader.aux.get('redis-ver');
  const ctime = Number(reader.aux.get('ctime'));
  return {
    rdbVersion: reader.rdbVersion,
    checksum,
    keysPerDb,
    ...(redisVersion === undefined ? {} : { redisVersion }),
    ...(Number.isSafeInteger(ctime) && ctime > 0 ? { savedAt: ctime } : {}),
    modules: [...reader.modules].sort(),
    functions: reader.functions.length,
  };
}
