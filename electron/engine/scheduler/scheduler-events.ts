/**
 * What the scheduler tells its listeners: the daemon logs one line per event, the shell may show
 * them in the activity view. Kept as a tagged union so every consumer handles every kind.
 */
import type { RunOutcome, RunTrigger } from './types.js';
import { msg, nestedMessage, verbatim, type MessageData } from '../../shared/messages/index.js';
import { renderLoose } from '../../shared/messages/render.js';
import type { Lang } from '../../shared/messages/define.js';

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

/**
 * One log line per event (no secrets can appear: only ids, times and error codes/messages), as a
 * catalogued message: `kura daemon` writes it in the admin's language.
 */
export function schedulerEventMessage(e: SchedulerEvent): MessageData {
  switch (e.kind) {
    case 'started':
      return msg(e.paused ? 'sched-started-paused' : 'sched-started', { count: e.jobs });
    case 'stopped':
      return msg('sched-stopped', {});
    case 'paused':
      return msg('sched-paused', {});
    case 'resumed':
      return msg('sched-resumed', {});
    case 'job-scheduled':
      return e.nextRunAt === null
        ? msg('sched-job-scheduled-never', { job: e.jobId, cron: e.cron, zone: e.timezone })
        : msg('sched-job-scheduled', { job: e.jobId, cron: e.cron, zone: e.timezone, next: e.nextRunAt });
    case 'catch-up-scheduled':
      return e.reason === 'interrupted-run'
        ? msg('sched-catch-up-interrupted', { job: e.jobId, at: e.runAt })
        : msg('sched-catch-up-missed', { job: e.jobId, missed: e.missedSlot, at: e.runAt });
    case 'retry-scheduled':
      return msg('sched-retry', { job: e.jobId, error: e.errorCode, attempt: e.attempt, at: e.runAt });
    case 'run-started':
      return msg('sched-run-started', { job: e.jobId, trigger: `sched-trigger-${e.trigger}` });
    case 'run-skipped':
      return msg('sched-run-skipped', { job: e.jobId, trigger: `sched-trigger-${e.trigger}`, reason: `sched-skip-${e.reason}` });
    case 'run-finished': {
      const base = { job: e.jobId, run: e.outcome.runId ?? '-', trigger: `sched-trigger-${e.trigger}`, status: `status-${e.outcome.status}` };
      const err = e.outcome.error;
      if (!err) return msg('sched-run-finished', base);
      const said = err.params ? { code: err.code, params: err.params } : verbatim(err.message);
      return msg('sched-run-finished-error', { ...base, code: err.code, error: nestedMessage(said) });
    }
    case 'clock-jump':
      return msg(e.direction === 'forward' ? 'sched-clock-forward' : 'sched-clock-backward', { seconds: Math.round(e.gapMs / 1000) });
  }
}

/** The same line in a language. */
export function formatSchedulerEvent(e: SchedulerEvent, lang: Lang = 'en'): string {
  const m = schedulerEventMessage(e);
  return renderLoose(lang, m.code, m.params).message;
}
