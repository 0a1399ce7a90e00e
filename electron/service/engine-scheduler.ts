/**
 * The scheduler wired to the real engine: what the desktop app, `kura serve` and `kura daemon`
 * all run. One function so the three cannot drift apart (a job lock held by another process is a
 * "skipped" run everywhere, never a failure; every run's progress reaches the observer, scheduled
 * or manual).
 */
import type { Engine } from '../engine/engine.js';
import { messageOf, toKuraError } from '../engine/errors.js';
import { msg, nestedMessage } from '../shared/messages/index.js';
import { isJobLocked, type RunResult } from '../engine/jobs/run-job.js';
import { readRunHistory } from '../engine/run-log/run-history.js';
import { OFFSITE_NOTIFY_AFTER, offsiteAlerts } from '../engine/offsite/push-offsite.js';
import type { ProgressEvent } from '../engine/progress.js';
import { createScheduler, type Scheduler, type SchedulerOptions } from '../engine/scheduler/index.js';
import type { AlertHub } from '../engine/alerts/alert-hub.js';
import type { RunOutcome, RunTrigger, ScheduledJob, SchedulerDeps, SchedulerSettings } from '../engine/scheduler/index.js';
import { homeLayout } from '../engine/home-layout.js';

/** Where the scheduler keeps its memory between launches (shared by the app, serve, daemon and `kura status`). */
export function schedulerStateFile(home: string): string {
  return homeLayout.stateFile(home, 'scheduler');
}

export interface RunObserver {
  onProgress(jobId: string, event: ProgressEvent): void;
  /** `result` is null when the run never started (skipped because of the lock, or a config error). */
  onFinished(jobId: string, trigger: RunTrigger, result: RunResult | null, skipped: boolean): void;
}

export interface EngineSchedulerInput {
  engine: () => Promise<Engine>;
  home: string;
  notifier: SchedulerDeps['notifier'];
  logger: SchedulerDeps['logger'];
  settings: () => SchedulerSettings;
  clock?: { now(): Date };
  observer?: RunObserver;
  options?: SchedulerOptions;
  /** Alerts that reach a person (mail, webhooks, heartbeat): told when runs start and end for good. */
  alerts?: Pick<AlertHub, 'runStarted' | 'runResult' | 'attach'>;
}

export function listScheduledJobs(engine: Engine): Promise<ScheduledJob[]> {
  return engine.loadConfig().then((cfg) => cfg.jobs.map((j) => ({ id: j.id, name: j.name, ...(j.schedule ? { schedule: j.schedule } : {}) })));
}

export function createEngineScheduler(input: EngineSchedulerInput): Scheduler {
  const clock = input.clock ?? { now: () => new Date() };
  const observer = input.observer;
  const scheduler = createScheduler(
    {
      listJobs: async () => listScheduledJobs(await input.engine()),
      async runJob(jobId, trigger, signal): Promise<RunOutcome> {
        const startedAt = clock.now().toISOString();
        let result: RunResult;
        try {
          const engine = await input.engine();
          result = await engine.runJob(jobId, {
            trigger,
            signal,
            onProgress: (e) => {
              if (e.kind === 'started') input.alerts?.runStarted(jobId, e.runId);
              observer?.onProgress(jobId, e);
            },
          });
        } catch (err) {
          if (isJobLocked(err)) {
            observer?.onFinished(jobId, trigger, null, true);
            return { status: 'skipped', runId: null, startedAt, finishedAt: clock.now().toISOString(), error: toKuraError(err).toJSON() };
          }
          observer?.onFinished(jobId, trigger, null, false);
          throw err;
        }
        observer?.onFinished(jobId, trigger, result, false);
        input.alerts?.runResult(jobId, result);
        notifyOffsiteFailures(jobId, result, input);
        return { status: result.status, runId: result.runId, startedAt: result.startedAt, finishedAt: result.finishedAt, error: result.error };
      },
      recoverInterrupted: async () => {
        await (await input.engine()).recoverInterrupted();
      },
      clock,
      timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
      notifier: input.notifier,
      settings: input.settings,
      stateFile: schedulerStateFile(input.home),
      readHistory: (jobId) => readRunHistory(input.home, jobId),
      logger: input.logger,
    },
    input.options,
  );
  input.alerts?.attach(scheduler);
  return scheduler;
}

/**
 * The local backup is fine but its off-site copy keeps failing: the run is only a `warning`, which the
 * scheduler does not announce, so the third failed push in a row to a target gets a notice of its own
 * (the off-site state counts the failures; it says `notify` exactly once per streak).
 */
function notifyOffsiteFailures(jobId: string, result: RunResult, input: EngineSchedulerInput): void {
  const settings = input.settings();
  if (settings.notifications === 'off') return;
  for (const target of offsiteAlerts(result.offsite)) {
    // The notifier says it in the app's language; the reason is the push's own error, said again from its facts.
    input.notifier.notify({
      kind: 'failure',
      jobId,
      title: msg('notice-offsite-title', { count: OFFSITE_NOTIFY_AFTER }),
      body: msg('notice-offsite-body', { to: target.to, reason: target.error ? nestedMessage(messageOf(target.error)) : '' }),
    });
  }
}
