/**
 * Run history: one JSON line per event in `$KURA_HOME/history/<jobId>.jsonl`. A run appends a
 * `running` record when it starts and its final record when it ends; readers keep the last record
 * per runId. A run whose last record is still `running` while its process is gone was interrupted
 * (crash, power cut, SIGKILL) and is reported as such, never as running forever.
 */
import { appendFile, mkdir, readFile, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { KuraError, type ErrorInfo } from '../errors.js';
import { verbatim, type MessageData } from '../../shared/messages/index.js';
import type { OffsiteRunRecord } from '../offsite/push-offsite.js';
import { isProcessAlive } from '../util/process-alive.js';
import { homeLayout } from '../home-layout.js';
import { writeFileAtomic } from '../util/atomic-write.js';

export type RunStatus = 'running' | 'success' | 'warning' | 'partial' | 'failed' | 'cancelled' | 'interrupted';
export type RunTrigger = 'schedule' | 'catch-up' | 'retry' | 'manual' | 'cli';

export interface RunItemRecord {
  source: string;
  type: 'files' | 'mysql' | 'redis';
  /** Database name for MySQL items. */
  name: string | null;
  status: 'ok' | 'warning' | 'failed' | 'skipped';
  bytes: number;
  durationMs: number;
  /** What the item holds ("193 files", catalogue item-*), or why it failed; said in the reader's language. */
  detail: MessageData | null;
  /** Why a failed item failed, with what to do (absent for items that worked, and in older records). */
  error?: ErrorInfo | null;
}

export interface RunRecord {
  runId: string;
  jobId: string;
  trigger: RunTrigger;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  pid: number;
  host: string;
  snapshotId: string | null;
  partialPath: string | null;
  items: RunItemRecord[];
  /** Said in the reader's language; records written before messages were data hold English text (read back verbatim). */
  warnings: MessageData[];
  error: ErrorInfo | null;
  logFile: string;
  /** Snapshots retention removed after this run. */
  pruned: string[];
  /**
   * Off-site copies of this run's snapshot, one per target (absent in records written before
   * off-site copies existed, and for runs that published nothing).
   */
  offsite?: OffsiteRunRecord[];
}

export function historyPath(home: string, jobId: string): string {
  return homeLayout.historyFile(home, jobId);
}

export async function appendRunRecord(home: string, record: RunRecord): Promise<void> {
  await mkdir(homeLayout.historyDir(home), { recursive: true });
  await appendFile(historyPath(home, record.jobId), JSON.stringify(record) + '\n', 'utf8');
}

/** Runs of a job its history keeps: the newest ones (about 2.7 years of nightly runs). */
export const HISTORY_KEEP_RUNS = 1000;
/** The file is rewritten once it holds this many runs (so not at every run). */
const HISTORY_COMPACT_AT = 1200;
/** No record is shorter (its fixed fields alone take more). */
const MIN_RECORD_BYTES = 200;

/**
 * Keeps a job's history from growing for ever: every run start reads it whole (and so do `kura status`,
 * the tray and the dashboard), so after years of nightly runs it would cost more at each. Once it holds
 * more than HISTORY_COMPACT_AT runs, it is rewritten (atomically: a crash leaves the old or the new file)
 * with the newest HISTORY_KEEP_RUNS, each as its latest record. Called by a run holding its job's lock,
 * the only writer then. Returns how many runs were dropped.
 */
export async function compactRunHistory(home: string, jobId: string): Promise<number> {
  // A run's record is hundreds of bytes: a smaller file cannot hold that many runs (no second read).
  const size = (await stat(historyPath(home, jobId)).catch(() => null))?.size ?? 0;
  if (size < HISTORY_COMPACT_AT * MIN_RECORD_BYTES) return 0;
  const runs = await readRunHistory(home, jobId);
  if (runs.length <= HISTORY_COMPACT_AT) return 0;
  const kept = runs.slice(-HISTORY_KEEP_RUNS);
  await writeFileAtomic(historyPath(home, jobId), kept.map((r) => JSON.stringify(r) + '\n').join(''));
  return runs.length - kept.length;
}

/** Past runs of a job, oldest first, one per runId (its latest state). Broken lines are skipped. */
export async function readRunHistory(home: string, jobId: string): Promise<RunRecord[]> {
  let text: string;
  try {
    text = await readFile(historyPath(home, jobId), 'utf8');
  } catch {
    return [];
  }
  const byId = new Map<string, RunRecord>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const r = JSON.parse(line) as RunRecord;
      if (r && typeof r.runId === 'string') {
        byId.delete(r.runId); // keep insertion order = order of the latest record
        byId.set(r.runId, upgrade(r));
      }
    } catch {
      /* a torn last line after a power cut: ignore it */
    }
  }
  // ISO times compare as plain text (localeCompare's first use in a process loads ICU's collator: ≈ 12 ms
  // before every run's rsync could start).
  return [...byId.values()].sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
}

/**
 * A record as this Kura reads it: warnings and item details written as English text by an older Kura
 * become verbatim messages (shown as they were, in every language).
 */
function upgrade(r: RunRecord): RunRecord {
  const asMessage = (m: unknown): MessageData => (typeof m === 'string' ? verbatim(m) : (m as MessageData));
  return {
    ...r,
    warnings: (Array.isArray(r.warnings) ? r.warnings : []).map(asMessage),
    items: (Array.isArray(r.items) ? r.items : []).map((i) => ({ ...i, detail: i.detail === null || i.detail === undefined ? null : asMessage(i.detail) })),
  };
}

/** True when a `running` record belongs to a process that no longer exists on this host. */
export function isOrphaned(r: RunRecord): boolean {
  return r.status === 'running' && r.host === hostname() && !isProcessAlive(r.pid);
}

/**
 * Crash safety: a run left `running` by a process that no longer exists (crash, power cut, SIGKILL)
 * is recorded as `interrupted` and its `.partial` folder removed. Called on start-up by the app and
 * the daemon, and by every run for its own job (it holds the job lock, so nothing else is writing).
 */
export async function markInterruptedRuns(
  home: string,
  jobId: string,
  now: Date,
  removeLeftover: (path: string) => Promise<void>,
): Promise<RunRecord[]> {
  const fixed: RunRecord[] = [];
  for (const r of await readRunHistory(home, jobId)) {
    if (!isOrphaned(r)) continue;
    if (r.partialPath) await removeLeftover(r.partialPath).catch(() => {});
    const rec: RunRecord = {
      ...r,
      status: 'interrupted',
      finishedAt: now.toISOString(),
      partialPath: null,
      error: new KuraError({ code: 'interrupted', params: {}, category: 'internal' }).toJSON(),
    };
    await appendRunRecord(home, rec);
    fixed.push(rec);
  }
  return fixed;
}
