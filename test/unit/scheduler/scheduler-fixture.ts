/**
 * A scheduler wired to the REAL node-cron and a fake job runner, under vitest's fake timers.
 *
 * Fake timers fake `Date` and `setTimeout` for node-cron and for the scheduler's injected clock and
 * timers alike. `sleep(ms)` moves the wall clock without running timers — the way a suspended
 * laptop's monotonic timers stall while its wall clock keeps going — so the watchdog, not node-cron's
 * long timer, has to notice the missed slot.
 */
import { vi } from 'vitest';
import { createScheduler, type Scheduler, type SchedulerOptions } from '../../../electron/engine/scheduler/scheduler.js';
import type { SchedulerEvent } from '../../../electron/engine/scheduler/scheduler-events.js';
import type {
  RunOutcome,
  RunTrigger,
  ScheduledJob,
  SchedulerNotification,
  SchedulerSettings,
} from '../../../electron/engine/scheduler/types.js';
import type { ErrorInfo } from '../../../electron/engine/errors.js';
import { noticeText } from '../../../electron/engine/scheduler/notice-text.js';
import { renderLoose } from '../../../electron/shared/messages/render.js';
import type { MessageData } from '../../../electron/shared/messages/index.js';

/** A sentence as the tray or dashboard says it, in a language. */
export function said(m: MessageData, lang: 'en' | 'ja' = 'en'): string {
  return renderLoose(lang, m.code, m.params).message;
}

/** A notice as the desktop shows it: title and body said in the app's language. */
export type ShownNotice = Omit<SchedulerNotification, 'title' | 'body'> & { title: string; body: string };

export interface Call {
  jobId: string;
  trigger: RunTrigger;
  at: string;
}

export interface Plan {
  status: RunOutcome['status'];
  durationMs?: number;
  error?: ErrorInfo | null;
}

export const networkError: ErrorInfo = { code: 'ssh-unreachable', message: 'The server did not answer.', hint: 'Check the network.', category: 'network' };
export const authError: ErrorInfo = { code: 'mysql-access-denied', message: 'MySQL refused the password.', hint: 'Update the password.', category: 'auth' };
export const configError: ErrorInfo = { code: 'bad-path', message: 'The folder does not exist.', hint: 'Fix the path.', category: 'config' };

export interface Fixture {
  scheduler: Scheduler;
  calls: Call[];
  notifications: ShownNotice[];
  events: SchedulerEvent[];
  logs: string[];
  settings: SchedulerSettings;
  maxConcurrent: () => number;
  jobs: ScheduledJob[];
}

export function makeScheduler(input: {
  stateFile: string;
  jobs: ScheduledJob[];
  /** What the n-th run (0-based) does; default: succeeds after 10 s. */
  plan?: (n: number, call: Call) => Plan;
  settings?: Partial<SchedulerSettings>;
  options?: SchedulerOptions;
  recoverInterrupted?: () => Promise<void>;
}): Fixture {
  const calls: Call[] = [];
  const notifications: ShownNotice[] = [];
  const events: SchedulerEvent[] = [];
  const logs: string[] = [];
  const settings: SchedulerSettings = { catchUpDelaySeconds: 120, language: 'en', notifications: 'all', ...input.settings };
  let active = 0;
  let maxActive = 0;
  const jobs = input.jobs;
  const scheduler = createScheduler(
    {
      listJobs: async () => jobs,
      runJob: async (jobId, trigger, signal) => {
        const call: Call = { jobId, trigger, at: new Date().toISOString() };
        const plan = input.plan?.(calls.length, call) ?? { status: 'success' };
        calls.push(call);
        active++;
        maxActive = Math.max(maxActive, active);
        const startedAt = new Date().toISOString();
        const aborted = await new Promise<boolean>((resolve) => {
          const t = setTimeout(() => resolve(false), plan.durationMs ?? 10_000);
          signal.addEventListener('abort', () => {
            clearTimeout(t);
            resolve(true);
          });
        });
        active--;
        const finishedAt = new Date().toISOString();
        if (aborted) {
          return { status: 'cancelled', runId: `run-${calls.length}`, startedAt, finishedAt, error: { code: 'cancelled', message: 'The run was cancelled.', hint: null, category: 'cancelled' } };
        }
        return { status: plan.status, runId: `run-${calls.length}`, startedAt, finishedAt, error: plan.error ?? null };
      },
      recoverInterrupted: input.recoverInterrupted ?? (async () => {}),
      clock: { now: () => new Date() },
      timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
      // Like the desktop notifier: said in the language the app speaks when the notice is shown.
      notifier: { notify: (n) => notifications.push({ ...n, ...noticeText(n, settings.language) }) },
      settings: () => settings,
      stateFile: input.stateFile,
      // Catalogued lines in the app's language; `log` (uncatalogued words) is marked so a test can refuse them.
      logger: {
        log: (level, message) => logs.push(`${level}: [raw] ${message}`),
        say: (level, m) => logs.push(`${level}: ${renderLoose(settings.language, m.code, m.params).message}`),
      },
    },
    { displayTimeZone: 'Asia/Tokyo', ...input.options },
  );
  scheduler.on('event', (e) => events.push(e));
  return { scheduler, calls, notifications, events, logs, settings, maxConcurrent: () => maxActive, jobs };
}

/** The laptop sleeps: wall clock moves, timers do not run (fake-timers shifts them with the clock). */
export function sleep(ms: number): void {
  vi.setSystemTime(Date.now() + ms);
}

export const advance = (ms: number): Promise<void> => vi.advanceTimersByTimeAsync(ms).then(() => undefined);

export const MIN = 60_000;
export const HOUR = 60 * MIN;
