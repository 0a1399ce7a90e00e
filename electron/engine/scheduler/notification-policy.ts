/**
 * Which desktop notices a run or a health change deserves, and their words. An admin who gets a
 * notice every night stops reading them, so: a failure once (the same error code again stays
 * quiet until it changes or the job recovers), a recovery once, overdue once — never one per
 * success. The `notifications` setting filters what is shown, but the de-dup memory is updated
 * either way, so turning notices back on does not replay old news.
 */
import { messageOf, type ErrorInfo } from '../errors.js';
import { msg, nestedMessage, type MessageData } from '../../shared/messages/index.js';
import type { JobState } from './scheduler-state.js';
import type { SchedulerNotification, SchedulerSettings } from './types.js';

export type NoticeDecision = { kind: 'notify'; notification: SchedulerNotification } | { kind: 'quiet' };

interface JobRef {
  id: string;
  name: string;
}

function allowed(kind: SchedulerNotification['kind'], setting: SchedulerSettings['notifications']): boolean {
  switch (setting) {
    case 'off':
      return false;
    case 'failures':
      return kind !== 'recovery';
    case 'all':
      return true;
  }
}

function decide(n: SchedulerNotification, settings: SchedulerSettings): NoticeDecision {
  return allowed(n.kind, settings.notifications) ? { kind: 'notify', notification: n } : { kind: 'quiet' };
}

/** A final failure (no retry pending). Mutates `state.notified`. */
export function onFailure(job: JobRef, state: JobState, error: ErrorInfo | null, settings: SchedulerSettings): NoticeDecision {
  const code = error?.code ?? 'unknown';
  if (state.notified.failureCode === code) return { kind: 'quiet' };
  state.notified.failureCode = code;
  // The error as recorded: said again from its code and facts, in the language the notifier speaks.
  const said = error ? nestedMessage(messageOf(error)) : 'notice-unknown-error';
  return decide(
    {
      kind: 'failure',
      jobId: job.id,
      title: msg('notice-failure-title', { name: job.name }),
      body: msg(error?.hint ? 'notice-failure-body' : 'notice-failure-body~no-hint', { error: said }),
    },
    settings,
  );
}

/** A success or warning. Recovery is announced only after a failure or overdue notice. Mutates `state.notified`. */
export function onSuccess(job: JobRef, state: JobState, settings: SchedulerSettings): NoticeDecision {
  const wasBad = state.notified.failureCode !== null || state.notified.overdue;
  state.notified.failureCode = null;
  state.notified.overdue = false;
  if (!wasBad) return { kind: 'quiet' };
  return decide({ kind: 'recovery', jobId: job.id, title: msg('notice-recovery-title', { name: job.name }), body: msg('notice-recovery-body', {}) }, settings);
}

/** The job has just been found overdue. Mutates `state.notified`. */
export function onOverdue(job: JobRef, state: JobState, sentence: MessageData, settings: SchedulerSettings): NoticeDecision {
  if (state.notified.overdue) return { kind: 'quiet' };
  state.notified.overdue = true;
  return decide(
    {
      kind: 'overdue',
      jobId: job.id,
      title: msg('notice-overdue-title', { name: job.name }),
      body: msg('notice-overdue-body', { sentence: nestedMessage(sentence) }),
    },
    settings,
  );
}
