/**
 * How fast a MySQL server took back a dump, per server and per way of loading (one stream or in
 * parallel), kept in `$KURA_HOME/state/restore-rates.json`, so the restore plan can say how long the
 * shop will be closed before the admin confirms ("about 2 minutes"), from this server's own measured
 * speed rather than a guess. Before any restore was measured, a conservative default is used, and the
 * plan says so. A missing or damaged file only loses the measurements.
 *
 * Only imports of at least MIN_SQL_BYTES are recorded: a small one is mostly connection and process
 * start-up, and would promise a big one far too much speed. The latest measurement wins: the server
 * or its load may have changed, and the newest is the best guess of the next.
 */
import { readFile } from 'node:fs/promises';
import { writeJsonAtomic } from '../util/atomic-write.js';
import { homeLayout } from '../home-layout.js';
import { msg, type MessageData } from '../../shared/messages/index.js';

export type RestoreMode = 'serial' | 'parallel';

export interface RestoreRate {
  /** Bytes of SQL (inflated) per second the whole import took, start to end. */
  sqlBytesPerSecond: number;
  measuredAt: string;
}

/**
 * 4 MB of SQL per second: half of what one `mysql` stream reached on the benchmark's 2-core machine
 * (1.1 GB in 130 s ≈ 8.5 MB/s); shops' servers are often smaller and busier.
 */
export const DEFAULT_SQL_BYTES_PER_SECOND = 4 * 1000 * 1000;
const MIN_SQL_BYTES = 1024 * 1024;

type RatesFile = { version: 1; servers: Record<string, Partial<Record<RestoreMode, RestoreRate>>> };

export function restoreRatesFile(home: string): string {
  return homeLayout.stateFile(home, 'restore-rates');
}

async function readRates(home: string): Promise<RatesFile['servers']> {
  try {
    const raw = JSON.parse(await readFile(restoreRatesFile(home), 'utf8')) as Partial<RatesFile>;
    const out: RatesFile['servers'] = {};
    for (const [server, modes] of Object.entries(raw.servers ?? {})) {
      const kept: Partial<Record<RestoreMode, RestoreRate>> = {};
      for (const mode of ['serial', 'parallel'] as const) {
        const r = modes?.[mode];
        if (r && typeof r.sqlBytesPerSecond === 'number' && r.sqlBytesPerSecond > 0 && Number.isFinite(r.sqlBytesPerSecond) && typeof r.measuredAt === 'string') kept[mode] = r;
      }
      out[server] = kept;
    }
    return out;
  } catch {
    return {};
  }
}

/** The measured rate of `server` ("host:port") for this way of loading, or null. */
export async function readRestoreRate(home: string, server: string, mode: RestoreMode): Promise<RestoreRate | null> {
  return (await readRates(home))[server]?.[mode] ?? null;
}

/** Records one import's speed (ignored when too small to say anything). */
export async function recordRestoreRate(home: string, server: string, mode: RestoreMode, sqlBytes: number, durationMs: number, now: Date): Promise<void> {
  if (sqlBytes < MIN_SQL_BYTES || durationMs <= 0) return;
  const servers = await readRates(home);
  servers[server] = { ...servers[server], [mode]: { sqlBytesPerSecond: Math.round((sqlBytes * 1000) / durationMs), measuredAt: now.toISOString() } };
  await writeJsonAtomic(restoreRatesFile(home), { version: 1, servers } satisfies RatesFile);
}

/** The plan's sentence: about how long, from what, and that the database is unavailable meanwhile. */
export function restoreEstimate(sqlBytes: number, rate: RestoreRate | null, name: string): MessageData {
  const perSecond = rate?.sqlBytesPerSecond ?? DEFAULT_SQL_BYTES_PER_SECOND;
  // Whole seconds, at least one: "about 0 s" would promise too much.
  const took = Math.max(1, Math.ceil(sqlBytes / perSecond)) * 1000;
  return rate
    ? msg('mysql-plan-estimate-measured', { took, rate: perSecond, measuredAt: rate.measuredAt, name })
    : msg('mysql-plan-estimate-default', { took, rate: perSecond, name });
}
