/**
 * The weekly report's facts, for a person who never opens Kura: per job, the last good backup of
 * each item (when, how big, whether it was proven restorable or re-checked since it was written),
 * the free space left on its backup disk, how many runs worked in the last seven days, and each
 * standby's state. Read from the snapshots on disk and the run history — what is really there, not
 * what the scheduler remembers.
 */
import { statfs } from 'node:fs/promises';
import type { KuraConfig } from '../config/schema.js';
import type { RunRecord } from '../run-log/run-history.js';
import type { StandbyStatus } from '../standby/standby-memory.js';
import { inOrder, type SnapshotRef } from '../snapshot/snapshot-store.js';
import type { WeeklyJob, WeeklySummary } from './alert-events.js';

export interface WeeklySummaryDeps {
  config: KuraConfig;
  host: string;
  now: Date;
  snapshots(jobId: string): Promise<SnapshotRef[]>;
  history(jobId: string): Promise<RunRecord[]>;
  /** The job's health sentence now, in the admin's language. */
  sentence(jobId: string): string;
  standbys: readonly StandbyStatus[];
}

const WEEK = 7 * 24 * 3_600_000;

export async function buildWeeklySummary(deps: WeeklySummaryDeps): Promise<WeeklySummary> {
  const jobs: WeeklyJob[] = [];
  for (const job of deps.config.jobs) {
    const snaps = inOrder(await deps.snapshots(job.id).catch(() => [])).sort((a, b) => a.manifest.startedAt.localeCompare(b.manifest.startedAt));
    const items: WeeklyJob['items'] = [];
    for (const source of job.sources) {
      const names = source.type === 'mysql' ? source.databases.map((db) => ({ item: `${source.id}/${db}`, db })) : [{ item: source.id, db: null }];
      for (const { item, db } of names) {
        let lastGood: WeeklyJob['items'][number]['lastGood'] = null;
        for (let i = snaps.length - 1; i >= 0 && lastGood === null; i--) {
          const s = snaps[i]!;
          const found = s.manifest.items.find((x) => x.source === source.id && (db === null || (x.type === 'mysql' && x.database === db)));
          if (found) lastGood = { at: s.manifest.finishedAt, bytes: found.bytes, verified: s.manifest.verified ?? null };
        }
        items.push({ item, lastGood });
      }
    }
    let space: WeeklyJob['space'];
    try {
      const s = await statfs(job.destination.path);
      space = { path: job.destination.path, freeBytes: Number(s.bavail) * Number(s.bsize), totalBytes: Number(s.blocks) * Number(s.bsize) };
    } catch (err) {
      space = { path: job.destination.path, error: (err as Error).message };
    }
    const since = deps.now.getTime() - WEEK;
    const recent = (await deps.history(job.id).catch(() => [])).filter((r) => Date.parse(r.startedAt) >= since);
    const runs = {
      ok: recent.filter((r) => r.status === 'success' || r.status === 'warning').length,
      failed: recent.filter((r) => r.status === 'failed' || r.status === 'interrupted').length,
    };
    jobs.push({ id: job.id, name: job.name, sentence: deps.sentence(job.id), items, space, runs });
  }
  return { host: deps.host, jobs, standbys: [...deps.standbys] };
}
