/**
 * Where each snapshot's off-site copies stand: `$KURA_HOME/offsite/<jobId>.json`.
 *
 * Kept beside the run history rather than in the snapshots' manifests, because a published manifest
 * is never rewritten (it is what proves the snapshot, and it is copied to the targets as is). The
 * file says, per target: each local snapshot's copy (`pushed`, `pending`, `failed`, with the time
 * and the last error), how many pushes in a row failed (the notifier warns at three), and the
 * snapshots whose deletion on the target was started but not finished (finished on the next run).
 * Only a run of the job writes it, under the job lock.
 */
import { readFile } from 'node:fs/promises';
import type { ErrorInfo } from '../errors.js';
import { writeJsonAtomic } from '../util/atomic-write.js';
import { homeLayout } from '../home-layout.js';

export const OFFSITE_STATE_FORMAT = 'kura-offsite-state/1';

export type OffsiteCopyStatus = 'pushed' | 'pending' | 'failed';

export interface OffsiteCopyState {
  status: OffsiteCopyStatus;
  /** When this status was recorded (ISO). */
  at: string;
  error: ErrorInfo | null;
}

export interface OffsiteTargetState {
  /** Per local snapshot id. */
  snapshots: Record<string, OffsiteCopyState>;
  /** Runs in a row whose push to this target failed (0 after a good push). */
  consecutiveFailures: number;
  /** Snapshots being deleted on the target (manifest already gone there). */
  pruning: string[];
  lastPushedAt: string | null;
}

export interface OffsiteState {
  format: typeof OFFSITE_STATE_FORMAT;
  jobId: string;
  targets: Record<string, OffsiteTargetState>;
}

export function offsiteStatePath(home: string, jobId: string): string {
  return homeLayout.offsiteStateFile(home, jobId);
}

export function emptyTargetState(): OffsiteTargetState {
  return { snapshots: {}, consecutiveFailures: 0, pruning: [], lastPushedAt: null };
}

/** The job's off-site state; an empty one when there is none yet or the file is unreadable. */
export async function readOffsiteState(home: string, jobId: string): Promise<OffsiteState> {
  const empty: OffsiteState = { format: OFFSITE_STATE_FORMAT, jobId, targets: {} };
  let text: string;
  try {
    text = await readFile(offsiteStatePath(home, jobId), 'utf8');
  } catch {
    return empty;
  }
  try {
    const parsed = JSON.parse(text) as Partial<OffsiteState>;
    if (parsed?.format !== OFFSITE_STATE_FORMAT || typeof parsed.targets !== 'object' || parsed.targets === null) return empty;
    const targets: Record<string, OffsiteTargetState> = {};
    for (const [id, t] of Object.entries(parsed.targets)) {
      targets[id] = {
        snapshots: typeof t?.snapshots === 'object' && t.snapshots !== null ? t.snapshots : {},
        consecutiveFailures: Number.isInteger(t?.consecutiveFailures) ? t.consecutiveFailures : 0,
        pruning: Array.isArray(t?.pruning) ? t.pruning.filter((x): x is string => typeof x === 'string') : [],
        lastPushedAt: typeof t?.lastPushedAt === 'string' ? t.lastPushedAt : null,
      };
    }
    return { format: OFFSITE_STATE_FORMAT, jobId, targets };
  } catch {
    // A torn file after a power cut: start over; the targets themselves say what they hold.
    return empty;
  }
}

export async function writeOffsiteState(home: string, state: OffsiteState): Promise<void> {
  await writeJsonAtomic(offsiteStatePath(home, state.jobId), state);
}
