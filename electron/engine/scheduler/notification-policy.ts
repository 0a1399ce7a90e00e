/**
 * Which desktop notices a run or a health change deserves, and their words. An admin who gets a
 * notice every night stops reading them, so: a failure once (the same error code again stays
 * quiet until it changes or the job recovers), a recovery once, overdue once — never one per
 * success. The `notifications` setting filters what is shown, but the de-dup memory is updated
 * either way, so turning notices back on does not replay old news.
 */
import type { ErrorInfo } from '../errors.js';
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
  const ja = settings.language === 'ja';
  const message = error?.message ?? (ja ? '原因不明のエラーです。' : 'Unknown error.');
  const hint = error?.hint ? `\n${error.hint}` : '';
  return decide(
    {
      kind: 'failure',
      jobId: job.id,
      title: ja ? `バックアップに失敗しました: ${job.name}` : `Backup failed: ${job.name}`,
      body: `${message}${hint}`,
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
  const ja = settings.language === 'ja';
  return decide(
    {
      kind: 'recovery',
      jobId: job.id,
      title: ja ? `バックアップが復旧しました: ${job.name}` : `Backup working again: ${job.name}`,
      body: ja ? 'バックアップは再び正常に完了しました。' : 'The backup completed successfully again.',
    },
    settings,
  );
}

/** The job has just been found overdue. Mutates `state.notified`. */
export function onOverdue(job: JobRef, state: JobState, sentence: string, settings: SchedulerSettings): NoticeDecision {
  if (state.notified.overdue) return { kind: 'quiet' };
  state.notified.overdue = true;
  const ja = settings.language === 'ja';
  return decide(
    {
      kind: 'overdue',
      jobId: job.id,
      title: ja ? `バックアップが滞っています: ${job.name}` : `Backup overdue: ${job.name}`,
      body: ja
        ? `${sentence}。パソコンが起動しているか、Kura が動いているかを確認してください。`
        : `${sentence}. Check that this computer is on and Kura is running at the scheduled time.`,
    },
    settings,
  );
}
