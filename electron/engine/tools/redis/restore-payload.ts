/**
 * Building `RESTORE` / `FUNCTION RESTORE` payloads from what the RDB reader yields, and knowing which
 * RDB versions a server can take.
 *
 * A DUMP payload is the value exactly as an RDB file stores it, framed as
 *   type byte + serialized value + RDB version (2 bytes LE) + CRC64 of all that (8 bytes LE).
 * The reader hands out the type byte and the serialized bytes untouched, so the payload Kura sends is
 * byte-identical to what `DUMP` on the source server would have returned (an integration test checks
 * that) and Redis itself re-creates every type, encoding and stream consumer group.
 *
 * Function libraries (Redis 7) use the same framing with the FUNCTION2 opcode as the "type".
 */
import { crc64Bytes, crc64Init, crc64Update } from './crc64.js';
import { RDB_OPCODE } from './rdb-format.js';

/** The trailer of a payload: version then CRC64 over everything before the CRC. */
function frame(typeByte: number, raw: Buffer, rdbVersion: number): Buffer {
  const out = Buffer.allocUnsafe(1 + raw.length + 2 + 8);
  out[0] = typeByte;
  raw.copy(out, 1);
  out.writeUInt16LE(rdbVersion, 1 + raw.length);
  const crc = crc64Bytes(crc64Update(crc64Init(), out, 0, 1 + raw.length + 2));
  crc.copy(out, 1 + raw.length + 2);
  return out;
}

/** The payload for `RESTORE key ttl <payload>`. */
export function restorePayload(type: number, raw: Buffer, rdbVersion: number): Buffer {
  return frame(type, raw, rdbVersion);
}

/** The payload for `FUNCTION RESTORE <payload>`: one FUNCTION2 record (one library). */
export function functionRestorePayload(raw: Buffer, rdbVersion: number): Buffer {
  return frame(RDB_OPCODE.FUNCTION2, raw, rdbVersion);
}

/** A "major.minor.patch" version, compared numerically. */
export function parseRedisVersion(version: string): [number, number, number] | null {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(version.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : null;
}

export function versionAtLeast(version: string, major: number, minor = 0): boolean {
  const v = parseRedisVersion(version);
  if (!v) return false;
  return v[0] > major || (v[0] === major && v[1] >= minor);
}

/**
 * The newest RDB version a Redis server of `version` loads (its RDB_VERSION constant), or null when
 * Kura cannot tell (unparsable or newer than 7.4, whose successors may raise it): then the server's
 * own answer decides. Redis refuses a DUMP payload or an RDB file newer than it knows, and an older
 * server cannot be talked into it by lowering the number — the newer versions add value encodings
 * (listpacks in 7.0, for instance) that the older server does not understand.
 */
export function maxRdbVersionFor(version: string): number | null {
  const v = parseRedisVersion(version);
  if (!v) return null;
  const [major, minor] = v;
  const at = (M: number, m: number): boolean => major > M || (major === M && minor >= m);
  if (at(7, 4)) return null;
  if (at(7, 2)) return 11;
  if (at(7, 0)) return 10;
  if (at(5, 0)) return 9;
  if (at(4, 0)) return 8;
  if (at(3, 2)) return 7;
  if (at(2, 6)) return 6;
  return 5;
}

/** Which Redis release first wrote an RDB version, for "the backup needs Redis X or newer". */
export function redisReleaseForRdb(rdbVersion: number): string {
  if (rdbVersion >= 12) return '7.4';
  if (rdbVersion === 11) return '7.2';
  if (rdbVersion === 10) return '7.0';
  if (rdbVersion === 9) return '5.0';
  if (rdbVersion === 8) return '4.0';
  if (rdbVersion === 7) return '3.2';
  return '2.6';
}
