/**
 * The one entry point the backup runner uses for a Redis source: fetch the RDB snapshot by the
 * configured method, validate it (full walk + CRC64, done on the bytes while they are written — no
 * second read of the file), and report what was saved.
 *
 * The contract is all-or-nothing: when this returns, `outFile` is a complete, checksummed RDB; when
 * it throws (network, auth, cancel, a damaged transfer), `outFile` does not exist — a half-written
 * snapshot must never be mistaken for a backup.
 */
import { rm } from 'node:fs/promises';
import { toKuraError } from '../../errors.js';
import { sayTo, type Logger } from '../../progress.js';
import { msg } from '../../../shared/messages/index.js';
import { fetchViaBgsave } from './bgsave.js';
import type { RedisTarget } from './redis-target.js';
import { describeTarget } from './redis-target.js';
import { fetchViaSync, type RdbDownload } from './sync.js';

export type RedisFetchMethod = 'sync' | 'file';

export interface FetchRdbOptions {
  target: RedisTarget;
  method: RedisFetchMethod;
  /** `file` method: the server's RDB path as seen from this computer (else CONFIG GET dir/dbfilename). */
  rdbPath?: string;
  outFile: string;
  signal?: AbortSignal;
  onProgress?: (p: { bytes: number; totalBytes: number | null }) => void;
  logger?: Logger;
}

export interface RedisFetchResult {
  bytes: number;
  /** SHA-256 of outFile, computed while it was written. */
  sha256: string;
  /** The server version that wrote the snapshot (AUX redis-ver); "unknown" for servers older than 3.2. */
  redisVersion: string;
  rdbVersion: number;
  keysPerDb: Record<string, number>;
  /** 'absent' when the server runs with rdbchecksum off (the walk still checked the structure). */
  checksum: 'ok' | 'absent';
  /** Module types the data needs to be restored. */
  modules: string[];
  method: RedisFetchMethod;
  durationMs: number;
}

export async function fetchRdb(opts: FetchRdbOptions): Promise<RedisFetchResult> {
  const started = Date.now();
  const { logger } = opts;
  try {
    let download: RdbDownload;
    switch (opts.method) {
      case 'sync':
        download = await fetchViaSync(opts);
        break;
      case 'file':
        download = await fetchViaBgsave(opts);
        break;
    }
    const v = download.validation;
    const total = Object.values(v.keysPerDb).reduce((a, b) => a + b, 0);
    const facts = { where: describeTarget(opts.target), count: total, rdbVersion: v.rdbVersion };
    sayTo(logger, 'info', v.checksum === 'absent' ? msg('redis-snapshot-fetched-no-checksum', facts) : msg('redis-snapshot-fetched', facts));
    if (v.modules.length > 0) sayTo(logger, 'warn', msg('redis-snapshot-modules', { modules: v.modules.join(', ') }));
    return {
      bytes: download.bytes,
      sha256: download.sha256,
      redisVersion: v.redisVersion ?? 'unknown',
      rdbVersion: v.rdbVersion,
      keysPerDb: v.keysPerDb,
      checksum: v.checksum,
      modules: v.modules,
      method: opts.method,
      durationMs: Date.now() - started,
    };
  } catch (err) {
    await rm(opts.outFile, { force: true }).catch(() => {});
    throw toKuraError(err);
  }
}
