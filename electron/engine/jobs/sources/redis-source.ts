/**
 * Backs up a Redis source: `redis/<sourceId>/dump.rdb`, fetched by replication (SYNC) or BGSAVE + copy
 * (through SSH: written by the server and brought as a delta when it can), and accepted only after
 * its CRC64 and a full walk of its records check out.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RedisSource } from '../../config/schema.js';
import type { RedisManifestItem } from '../../snapshot/manifest.js';
import { redisItemPath } from '../../snapshot/artifact-names.js';
import { fetchRdb } from '../../tools/redis/index.js';
import { fetchRdbThroughServer, previousRdbFolder } from './redis-via-server.js';
import type { SourceRunContext } from '../run-context.js';
import { msg } from '../../../shared/messages/index.js';

export async function backupRedisSource(ctx: SourceRunContext, source: RedisSource): Promise<RedisManifestItem> {
  const started = Date.now();
  const relPath = redisItemPath(source.id);
  const outFile = join(ctx.partialPath, relPath);
  await mkdir(dirname(outFile), { recursive: true });
  const password = await ctx.secret(source.passwordRef);
  // A fact, the same in every language: the address, and that it is reached through SSH.
  const where = `${source.host}:${source.port}${source.via === 'ssh' ? ' (SSH)' : ''}`;
  ctx.onProgress({ kind: 'step', sourceId: source.id, step: 'redis', message: msg('progress-redis-fetch', { where }) });
  ctx.logger.say('info', msg('redis-backup-started', { source: source.id, where, command: source.method === 'sync' ? 'SYNC' : 'BGSAVE' }));
  // Through SSH, with last night's file to compare against: the server writes the snapshot and only
  // what changed crosses the link (redis-via-server.ts); else, or when the server cannot, the forward.
  const basis = source.via === 'ssh' && source.method === 'sync' ? await previousRdbFolder(ctx, source.id) : null;
  const viaServer = basis === null ? null : await fetchRdbThroughServer(ctx, source, password, basis, outFile);
  const r = viaServer ?? await ctx.link.withEndpoint(source, 'Redis', (e) =>
    fetchRdb({
      target: { host: e.host, port: e.port, username: source.username ?? null, password, shownAs: e.shownAs },
      method: source.method,
      rdbPath: source.rdbPath,
      outFile,
      signal: ctx.signal,
      onProgress: (p) => ctx.onProgress({ kind: 'bytes', sourceId: source.id, bytes: p.bytes, totalBytes: p.totalBytes }),
      logger: ctx.logger,
    }),
  );
  const keys = Object.values(r.keysPerDb).reduce((a, b) => a + b, 0);
  ctx.logger.say('info', msg('redis-backup-done', { source: source.id, version: r.redisVersion, rdbVersion: r.rdbVersion, count: keys, bytes: r.bytes, sha256: r.sha256 }));
  return {
    source: source.id,
    type: 'redis',
    path: relPath,
    bytes: r.bytes,
    sha256: r.sha256,
    method: r.method,
    redisVersion: r.redisVersion,
    rdbVersion: r.rdbVersion,
    keysPerDb: r.keysPerDb,
    durationMs: Date.now() - started,
  };
}
