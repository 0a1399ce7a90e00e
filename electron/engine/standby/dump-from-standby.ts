/**
 * The nightly dump taken from a standby instead of the shop's main server (which is then spared the
 * work), exactly as `mysqldump --dump-slave` would, and checked first:
 *   1. the standby must be in sync and no further behind than `dumpFromStandby.maxLagSeconds` —
 *      else the run fails with why, and nothing is dumped from it;
 *   2. its SQL thread is paused (STOP SLAVE/REPLICA SQL_THREAD, with the standby's own account),
 *      so every database is dumped at one and the same position of the primary; that position (the
 *      primary's binary log file and position, and the GTID position) and how far behind it was are
 *      read while it is paused and recorded in the manifest;
 *   3. the databases are dumped (with the source's backup account, at the standby's address) and
 *      verified like any dump;
 *   4. replication is started again in every case — a standby Kura could not restart makes the
 *      run a warning that says how to start it.
 * While it is paused, a marker in `$KURA_HOME/state/standby-pauses/` (with this process's id) tells
 * the standby watcher that the stopped SQL thread is Kura's own, not a broken standby.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { msg, nestedMessage } from '../../shared/messages/index.js';
import { renderLoose } from '../../shared/messages/render.js';
import type { MysqlSource } from '../config/schema.js';
import { KuraError, toKuraError, messageWithHint, messageOf } from '../errors.js';
import { sayTo } from '../progress.js';
import type { MysqlClient, MysqlTarget } from '../tools/mysql/index.js';
import { readReplicaStatus, replicaAdminPrivilege, replicaQuery, type ReplicaStatus } from '../tools/mysql/replica-status.js';
import { isProcessAlive } from '../util/process-alive.js';
import type { SourceOutcome, SourceRunContext } from '../jobs/run-context.js';
import type { MysqlManifestItem } from '../snapshot/manifest.js';
import { hostPort, standbyKey } from './standby-refs.js';
import { mysqlReading, type StandbyPosition } from './standby-state.js';
import { homeLayout } from '../home-layout.js';

/** What a dump from a standby records about where it came from (manifest item `standby`). */
export interface StandbyProvenance {
  /** host:port of the standby, as configured. */
  host: string;
  /** The primary's position the standby had applied when it was paused for the dump. */
  position: StandbyPosition | null;
  secondsBehind: number | null;
  pausedAt: string;
  resumedAt: string | null;
}

export function pauseMarkerDir(home: string): string {
  return homeLayout.standbyPausesDir(home);
}

function markerPath(home: string, key: string): string {
  return join(pauseMarkerDir(home), `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`);
}

/** True when a live Kura process has paused this standby for a dump (its SQL thread is stopped on purpose). */
export async function pausedByKura(home: string, key: string): Promise<{ since: string } | null> {
  try {
    const m = JSON.parse(await readFile(markerPath(home, key), 'utf8')) as { pid?: number; host?: string; since?: string };
    if (typeof m.pid === 'number' && m.host === hostname() && isProcessAlive(m.pid) && typeof m.since === 'string') return { since: m.since };
  } catch {
    /* no marker, or unreadable */
  }
  return null;
}

export type DumpDatabases = (target: MysqlTarget) => Promise<SourceOutcome<MysqlManifestItem>>;

export async function dumpFromStandby(ctx: SourceRunContext, source: MysqlSource, client: MysqlClient, dump: DumpDatabases): Promise<SourceOutcome<MysqlManifestItem>> {
  const sb = source.standbys?.[0];
  const limit = source.dumpFromStandby?.maxLagSeconds ?? 300;
  if (!sb) throw new KuraError({ code: 'config-invalid~standby-missing', params: { source: source.id }, category: 'config' });
  const shown = hostPort(sb.host, sb.port);
  const key = standbyKey(ctx.job.id, source.id, sb.host, sb.port);
  const monitorPassword = await ctx.secret(sb.passwordRef);
  const backupPassword = await ctx.secret(source.passwordRef);
  return ctx.link.withEndpoint({ via: source.via, host: sb.host, port: sb.port }, 'MySQL', async (e) => {
    const monitor: MysqlTarget = { host: e.host, port: e.port, user: sb.user, password: monitorPassword, shownAs: e.shownAs ?? shown };
    const opts = { signal: ctx.signal, logger: ctx.logger };
    const before = await readReplicaStatus(client, monitor, opts);
    const reading = mysqlReading(before, shown, Number.MAX_SAFE_INTEGER);
    if (reading.state !== 'in-sync') {
      const reason = reading.reason ? renderLoose('en', reading.reason.code, reading.reason.params).message : reading.state;
      throw new KuraError({ code: 'standby-dump-refused', params: { standby: shown, reason }, category: 'resource' });
    }
    if (reading.secondsBehind !== null && reading.secondsBehind > limit) {
      throw new KuraError({ code: 'standby-dump-too-far', params: { standby: shown, seconds: reading.secondsBehind, limit }, category: 'resource' });
    }
    const w = before.words === 'replica' ? 'REPLICA' : 'SLAVE';
    const grant = `GRANT ${replicaAdminPrivilege(before.flavour, before.serverVersion)} ON *.* TO '${sb.user.replace(/'/g, "''")}'@'%';`;
    const pausedAt = new Date().toISOString();
    await mkdir(pauseMarkerDir(ctx.home), { recursive: true });
    await writeFile(markerPath(ctx.home, key), JSON.stringify({ pid: process.pid, host: hostname(), since: pausedAt, standby: key }));
    let paused: ReplicaStatus;
    try {
      try {
        await replicaQuery(client, monitor, `STOP ${w} SQL_THREAD;\n`, opts);
      } catch (err) {
        const error = toKuraError(err);
        if (error.category === 'auth' || /denied|privilege/i.test(`${error.message} ${error.detail ?? ''}`)) {
          throw new KuraError({ code: 'standby-dump-pause-denied', params: { standby: shown, reason: error.message, grant }, category: 'auth', cause: err });
        }
        throw err;
      }
      paused = await waitSqlStopped(client, monitor, opts);
    } catch (err) {
      await rm(markerPath(ctx.home, key), { force: true });
      throw err;
    }
    const channel = paused.channels[0];
    const provenance: StandbyProvenance = {
      host: shown,
      position: channel?.position ? { ...channel.position, gtid: channel.gtid } : null,
      secondsBehind: channel?.secondsBehind ?? reading.secondsBehind,
      pausedAt,
      resumedAt: null,
    };
    const position = provenance.position ? `${provenance.position.file}:${provenance.position.pos}${provenance.position.gtid ? ` (GTID ${provenance.position.gtid})` : ''}` : '?';
    sayTo(ctx.logger, 'info', msg('standby-dump-position', { standby: shown, position, seconds: provenance.secondsBehind ?? 0 }));
    let dumped: SourceOutcome<MysqlManifestItem> = { items: [], failures: [] };
    let resumeError: KuraError | null = null;
    try {
      dumped = await dump({ host: e.host, port: e.port, user: source.user, password: backupPassword, shownAs: `${shown} (standby)` });
    } finally {
      try {
        await replicaQuery(client, monitor, `START ${w} SQL_THREAD;\n`, { logger: ctx.logger });
        provenance.resumedAt = new Date().toISOString();
      } catch (err) {
        resumeError = new KuraError({ code: 'standby-dump-resume-failed', params: { standby: shown, reason: nestedMessage(messageOf(toKuraError(err))), command: `START ${w} SQL_THREAD;` }, category: 'resource' });
        sayTo(ctx.logger, 'error', messageWithHint(resumeError));
      }
      await rm(markerPath(ctx.home, key), { force: true });
    }
    const items = dumped.items.map((item) => ({
      ...item,
      standby: provenance,
      ...(resumeError ? { warnings: [...(item.warnings ?? []), `${resumeError.message} ${resumeError.hint ?? ''}`.trim()] } : {}),
    }));
    return { items, failures: dumped.failures };
  });
}

/** STOP … SQL_THREAD returns before the thread has stopped on some servers: wait for it (briefly). */
async function waitSqlStopped(client: MysqlClient, target: MysqlTarget, opts: { signal?: AbortSignal; logger?: SourceRunContext['logger'] }): Promise<ReplicaStatus> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const s = await readReplicaStatus(client, target, opts);
    if (s.channels.every((c) => c.sqlRunning !== 'Yes')) return s;
    if (Date.now() > deadline) throw new KuraError({ code: 'standby-timeout', params: { standby: target.shownAs ?? `${target.host}:${target.port}`, seconds: 30 }, category: 'network' });
    await new Promise((r) => setTimeout(r, 100));
  }
}
