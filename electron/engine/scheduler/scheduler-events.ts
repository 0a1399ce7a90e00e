/**
 * What the scheduler tells its listeners: the daemon logs one line per event, the shell may show
 * them in the activity view. Kept as a tagged union so every consumer handles every kind.
 */
import type { RunOutcome, RunTrigger } from './types.js';

export type SchedulerEvent =
  | { kind: 'started'; jobs: number; paused: boolean }
  | { kind: 'stopped' }
  | { kind: 'paused' }
  | { kind: 'resumed' }
  | { kind: 'job-scheduled'; jobId: string; cron: string; timezone: string; nextRunAt: string | null }
  | { kind: 'catch-up-scheduled'; jobId: string; missedSlot: string; runAt: string; reason: 'missed-slot' | 'interrupted-run' }
  | { kind: 'retry-scheduled'; jobId: string; attempt: number; runAt: string; errorCode: string }
  | { kind: 'run-started'; jobId: string; trigger: RunTrigger }
  | { kind: 'run-skipped'; jobId: string; trigger: RunTrigger; reason: 'already-running' | 'locked-elsewhere' | 'paused' }
  | { kind: 'run-finished'; jobId: string; trigger: RunTrigger; outcome: RunOutcome }
  | { kind: 'clock-jump'; direction: 'forward' | 'backward'; gapMs: number };

/** One log line per event (no secrets can appear: only ids, times and error codes/messages). */
export function formatSchedulerEvent(e: SchedulerEvent): string {
  switch (e.kind) {
    case 'started':
      return `scheduler started: ${e.jobs} job(s)${e.paused ? ', paused' : ''}`;
    case 'stopped':
      return 'scheduler stopped';
    case 'paused':
      return 'scheduled backups paused';
    case 'resumed':
      return 'scheduled backups resumed';
    case 'job-scheduled':
      return `job ${e.jobId}: schedule "${e.cron}" (${e.timezone}), next run ${e.nextRunAt ?? 'never'}`;
    case 'catch-up-scheduled':
      return e.reason === 'interrupted-run'
        ? `job ${e.jobId}: last run was interrupted; running again at ${e.runAt}`
        : `job ${e.jobId}: missed the run due ${e.missedSlot}; catching up at ${e.runAt}`;
    case 'retry-scheduled':
      return `job ${e.jobId}: network error (${e.errorCode}); retry ${e.attempt} at ${e.runAt}`;
    case 'run-started':
      return `job ${e.jobId}: run started (${e.trigger})`;
    case 'run-skipped':
      return `job ${e.jobId}: ${e.trigger} run skipped (${e.reason})`;
    case 'run-finished': {
      const err = e.outcome.error ? `: ${e.outcome.error.code}: ${e.outcome.error.message}` : '';
      return `job ${e.jobId}: run ${e.outcome.runId ?? '-'} (${e.trigger}) ${e.outcome.status}${err}`;
    }
    case 'clock-jump':
      return `wall clock jumped ${e.direction} by ${Math.round(e.gapMs / 1000)} s (sleep or clock change); checking for missed runs`;
  }
}
