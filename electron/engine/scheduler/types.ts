/**
 * What the scheduler needs from the rest of the engine, injected so the rules (catch-up, retries,
 * notifications, health) can be tested with a fake clock and timers and so the scheduler never
 * knows how a backup is actually run.
 */
import type { ErrorInfo } from '../errors.js';
import type { Lang } from '../../shared/messages/define.js';
import type { MessageData } from '../../shared/messages/index.js';
import type { Logger } from '../progress.js';

export type RunTrigger = 'schedule' | 'catch-up' | 'retry' | 'manual' | 'cli';

export type HealthKind = 'never' | 'running' | 'ok' | 'warning' | 'partial' | 'failed' | 'overdue';

export interface RunOutcome {
  /** `skipped` = the job lock was held by another run (in this process or another one). */
  status: 'success' | 'warning' | 'partial' | 'failed' | 'cancelled' | 'interrupted' | 'skipped';
  runId: string | null;
  startedAt: string;
  finishedAt: string;
  error: ErrorInfo | null;
}

export interface ScheduledJob {
  id: string;
  name: string;
  schedule?: { cron: string; timezone?: string };
}

export interface SchedulerSettings {
  catchUpDelaySeconds: number;
  language: Language;
  notifications: 'all' | 'failures' | 'off';
}

export type Language = Lang;

export type NotificationKind = 'failure' | 'recovery' | 'overdue';

/** A desktop notice; its title and body are said by the notifier, in the app's language. */
export interface SchedulerNotification {
  kind: NotificationKind;
  jobId: string;
  title: MessageData;
  body: MessageData;
}

import type { RunRecord } from '../run-log/run-history.js';

export interface SchedulerDeps {
  listJobs(): Promise<ScheduledJob[]>;
  runJob(jobId: string, trigger: RunTrigger, signal: AbortSignal): Promise<RunOutcome>;
  /** Marks runs left `running` by a dead process as interrupted and removes their .partial folders (engine-provided). */
  recoverInterrupted(): Promise<void>;
  clock: { now(): Date };
  timers: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void };
  notifier: { notify(n: SchedulerNotification): void };
  settings: () => SchedulerSettings;
  /** e.g. $KURA_HOME/state/scheduler.json */
  stateFile: string;
  /** A job's run history, so runs other processes made (kura run) reach the health model too. */
  readHistory?(jobId: string): Promise<RunRecord[]>;
  /** Catalogued lines go through `say` (in the logger's language) when it has one, else English. */
  logger: Logger;
}
