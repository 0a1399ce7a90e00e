/**
 * A Redis source reached through SSH, on a night that has an earlier snapshot's dump.rdb: the server
 * writes the snapshot itself (tools/redis/server-rdb.ts) and rsync brings it against that earlier
 * file, so only the blocks that changed cross the link — instead of the whole snapshot every night.
 *
 * What makes it a backup is unchanged: the file Kura keeps is walked record by record and its CRC64
 * checked here, on this computer, after it arrived (rsync's own whole-file checksum has already
 * rejected a reconstruction that went wrong — a damaged earlier copy as the basis included). It is a
 * shortcut: whenever the server cannot or will not do it, `null` is returned, the reason is logged,
 * and the caller fetches the snapshot through the forward as before.
 */
import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RedisSource } from '../../config/schema.js';
import { messageOf, toKuraError, type KuraError } from '../../errors.js';
import { redisItemPath } from '../../snapshot/artifact-names.js';
import type { RedisManifestItem } from '../../snapshot/manifest.js';
import { makeServerRdb, removeServerRdb, SERVER_RDB_IDLE_MS, serverRdbName, type RemoteExec } from '../../tools/redis/server-rdb.js';
import type { RedisFetchResult } from '../../tools/redis/index.js';
import { validateRdbFile } from '../../tools/redis/validate-rdb.js';
import { detectRsync, rsyncHomeOptions, pullFiles } from '../../tools/rsync/index.js';
import { sha256File } from '../../util/sha256.js';
import { msg, nestedMessage, type MessageData } from '../../../shared/messages/index.js';
import { newestHolding, type SourceRunContext } from '../run-context.js';
import { filesSourceLocation } from './files-source.js';

/** The newest earlier snapshot's dump.rdb of this source (rsync's basis), or null. */
export async function previousRdbFolder(ctx: Pick<SourceRunContext, 'previousSnapshots'>, sourceId: string): Promise<string | null> {
  const base = newestHolding(ctx.previousSnapshots, (i): i is RedisManifestItem => i.type === 'redis' && i.source === sourceId);
  if (!base) return null;
  const file = join(base.snap.path, redisItemPath(sourceId));
  const st = await stat(file).catch(() => null);
  return st?.isFile() ? dirname(file) : null;
}

/** A cancel, and a connection that broke (the forward would break the same way), end the item: no fallback. */
function endsItem(ctx: SourceRunContext, e: KuraError): boolean {
  return ctx.signal.aborted || e.category === 'cancelled' || e.code.startsWith('ssh-');
}

export async function fetchRdbThroughServer(
  ctx: SourceRunContext,
  source: RedisSource,
  password: string | null,
  basisDir: string,
  outFile: string,
): Promise<RedisFetchResult | null> {
  const started = Date.now();
  const conn = await ctx.link.connection();
  const exec: RemoteExec = (command, options) => conn.exec(command, options);
  const name = serverRdbName(ctx.job.id, source.id);
  const fallBack = (reason: MessageData): null => {
    ctx.logger.say('info', msg('redis-server-rdb-fallback', { source: source.id, reason: nestedMessage(reason) }));
    return null;
  };
  // Whatever arrived is not kept: the forward brings the snapshot afresh.
  const discardAndFallBack = async (reason: MessageData): Promise<null> => {
    await rm(dirname(outFile), { recursive: true, force: true });
    await mkdir(dirname(outFile), { recursive: true });
    return fallBack(reason);
  };
  ctx.onProgress({ kind: 'step', sourceId: source.id, step: 'redis', message: msg('progress-redis-server-save', { host: conn.login.host }) });
  let made: Awaited<ReturnType<typeof makeServerRdb>>;
  try {
    made = await makeServerRdb(exec, name, { host: source.host, port: source.port, username: source.username ?? null, password }, {
      signal: ctx.signal,
      onBytes: (bytes) => ctx.onProgress({ kind: 'bytes', sourceId: source.id, bytes, totalBytes: null }),
    });
  } catch (err) {
    // The server refused the command channel itself (e.g. its session limit): the forward may still work.
    const e = toKuraError(ctx.link.explain(err));
    if (endsItem(ctx, e)) throw e;
    return fallBack(messageOf(e));
  }
  if (made.kind === 'refused') {
    await removeServerRdb(exec, made.form, name).catch(() => {});
    switch (made.why) {
      case 'no-redis-cli':
        return fallBack(msg('redis-server-rdb-no-cli', {}));
      case 'no-answer':
        return fallBack(msg('redis-server-rdb-no-answer', { seconds: SERVER_RDB_IDLE_MS / 1000 }));
      case 'password-line-break':
        return fallBack(msg('redis-server-rdb-password-line-break', {}));
      case 'failed':
        if (made.reason === null) return fallBack(msg('redis-server-rdb-failed-silent', {}));
        // rrsync's own refusal: a key line from before the gate (server-setup.ts).
        if (/does not run rsync/.test(made.reason)) return fallBack(msg('redis-server-rdb-rsync-only', {}));
        return fallBack(msg('redis-server-rdb-failed', { reason: made.reason }));
    }
  }
  ctx.logger.say('info', msg('redis-server-rdb-made', { source: source.id, bytes: made.bytes }));
  const destDir = dirname(outFile);
  ctx.onProgress({ kind: 'step', sourceId: source.id, step: 'redis', message: msg('progress-redis-server-bring', { host: conn.login.host }) });
  try {
    const client = await (ctx.rsync ?? detectRsync(ctx.tools, rsyncHomeOptions(ctx.home)));
    const shell = await ctx.link.rsyncShell();
    let sent: number | undefined;
    try {
      const r = await pullFiles({
        client,
        location: filesSourceLocation(ctx.job, { id: source.id, from: `${made.folder}/`, via: 'ssh' }),
        password: null,
        remoteShell: shell,
        destDir,
        linkDestDir: basisDir,
        exclude: ['/err.txt', '/dump.rdb.part'],
        signal: ctx.signal,
        logger: ctx.logger,
        onProgress: (p) => ctx.onProgress({ kind: 'bytes', sourceId: source.id, bytes: p.bytes, totalBytes: made.bytes }),
      });
      sent = r.stats.literalBytes;
    } finally {
      await shell.release();
    }
    const [validation, sha256, st] = await Promise.all([validateRdbFile(outFile, ctx.signal), sha256File(outFile, ctx.signal), stat(outFile)]);
    if (st.size !== made.bytes) return await discardAndFallBack(msg('redis-server-rdb-size', { written: made.bytes, arrived: st.size }));
    ctx.logger.say('info', msg('redis-server-rdb-brought', { source: source.id, bytes: st.size, sent: sent ?? st.size }));
    if (validation.modules.length > 0) ctx.logger.say('warn', msg('redis-snapshot-modules', { modules: validation.modules.join(', ') }));
    return {
      bytes: st.size,
      sha256,
      redisVersion: validation.redisVersion ?? 'unknown',
      rdbVersion: validation.rdbVersion,
      keysPerDb: validation.keysPerDb,
      checksum: validation.checksum,
      modules: validation.modules,
      method: 'sync',
      durationMs: Date.now() - started,
    };
  } catch (err) {
    const e = toKuraError(ctx.link.explain(err));
    if (endsItem(ctx, e)) throw e;
    return await discardAndFallBack(messageOf(e));
  } finally {
    await removeServerRdb(exec, made.form, name).catch(() => {});
  }
}
