/**
 * The engine behind the IPC contract: every method of `electron/shared/ipc-contract.ts` as an async
 * function, the contract's events, and `dispatch`, which validates a call and turns any outcome
 * into a `Result`. The Electron main process and `kura serve` are thin transports around this one
 * object, so the desktop app and the browser behave identically.
 *
 * There is exactly one scheduler per service and every run goes through it (`runs.start` is
 * `scheduler.runNow`), so "Back up now" can never overlap a scheduled run of the same job.
 *
 * This file is the wiring and the door; the parts live beside it: what they share
 * (service-context.ts), the dashboard's status and "busy" (status-feed.ts), a run's events
 * (run-events.ts), background restores (restore-tasks.ts), and the contract's methods by namespace
 * (job-methods.ts, source-methods.ts, restore-methods.ts, settings-methods.ts).
 */
import { toKuraError } from '../engine/errors.js';
import { restoresSentence } from '../engine/restore/unfinished-restores.js';
import type { Settings } from '../engine/config/schema.js';
import type { Scheduler } from '../engine/scheduler/index.js';
import { createAlertHub, type AlertHub } from '../engine/alerts/alert-hub.js';
import { parseCall, type EventName, type EventPayload, type Language, type Result } from '../shared/ipc-contract.js';
import { msg, type MessageData } from '../shared/messages/index.js';
import { createEngineScheduler, schedulerStateFile } from './engine-scheduler.js';
import { toErrorDto } from './error-dto.js';
import { jobMethods } from './job-methods.js';
import { restoreMethods } from './restore-methods.js';
import { createRestoreTasks } from './restore-tasks.js';
import { createRunEvents } from './run-events.js';
import { createServiceContext, type KuraServiceOptions, type ServiceMethods, type ServiceParts } from './service-context.js';
import type { AnyListener } from './service-events.js';
import { settingsMethods } from './settings-methods.js';
import { sourceMethods } from './source-methods.js';
import { asMessage, createStatusFeed } from './status-feed.js';
import { createTestRuns } from './test-runs.js';

export type { CallArgs, KuraServiceOptions, ServiceMethods } from './service-context.js';

export interface KuraService {
  readonly methods: ServiceMethods;
  /** Validates with the contract and runs the method; never throws, never returns a stack. */
  dispatch(method: unknown, args: unknown): Promise<Result<unknown>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  onAny(listener: AnyListener): () => void;
  /** For the shell's own events (`ui.navigate` from the tray or a notification). */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** The overall sentence for the tray: an unfinished restore's, else the backups' own. */
  overallSentence(): MessageData;
  /** Called when "a backup or restore is running" changes (the shell keeps the PC awake meanwhile). */
  onBusyChange(listener: (busy: boolean) => void): () => void;
  isBusy(): boolean;
  readonly scheduler: Scheduler;
  /** The alerts and standby watcher (null when turned off). */
  readonly alerts: AlertHub | null;
  /** Current settings (defaults until the config was read). */
  settings(): Settings;
  /** The UI language in effect: the setting, or the system's for "auto". */
  language(): Language;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createKuraService(options: KuraServiceOptions): KuraService {
  const ctx = createServiceContext(options);
  const { events } = ctx;
  const tests = createTestRuns(options.testDeadlineMs);
  let restoreWatch: ReturnType<typeof setInterval> | null = null;

  const alerts: AlertHub | null =
    options.alerts === false
      ? null
      : createAlertHub({
          home: ctx.home,
          secrets: ctx.secrets,
          loadConfig: async () => (await ctx.engine()).loadConfig(),
          language: ctx.language,
          now: () => ctx.clock.now(),
          logger: ctx.logger,
          tools: async () => (await ctx.engine()).tools(),
          snapshots: async (jobId) => (await ctx.engine()).snapshots(jobId),
          history: async (jobId) => (await ctx.engine()).history(jobId),
          unfinishedRestores: async (lang) => (await ctx.engine()).unfinishedRestores(lang),
          schedulerStateFile: schedulerStateFile(ctx.home),
          ...(options.alerts ?? {}),
        });

  // Late-bound: a run's events and the restores publish the status, which needs the scheduler.
  const publish = (): void => status.publishStatus(scheduler.health());
  const runs = createRunEvents(ctx, { publish, forget: (jobId) => status.forget(jobId) });
  const restores = createRestoreTasks(ctx, { publish, updateBusy: () => status.updateBusy() });
  const status = createStatusFeed(ctx, { alerts, runIds: runs.runIds, restoresRunning: () => restores.running() > 0 });

  const scheduler: Scheduler = createEngineScheduler({
    engine: ctx.engine,
    home: ctx.home,
    notifier: options.notifier,
    logger: ctx.logger,
    settings: () => ({ catchUpDelaySeconds: ctx.settings.catchUpDelaySeconds, language: ctx.language(), notifications: ctx.settings.notifications }),
    clock: ctx.clock,
    observer: { onProgress: runs.onRunProgress, onFinished: runs.onRunFinished },
    ...(options.schedulerOptions ? { options: options.schedulerOptions } : {}),
    ...(alerts ? { alerts } : {}),
  });
  scheduler.on('health', status.publishStatus);
  alerts?.onStandbysChanged(publish);

  const parts: ServiceParts = { scheduler, alerts, status, runs, restores, tests, publish };

  // ---- the contract --------------------------------------------------------------------------

  const methods: ServiceMethods = {
    ...settingsMethods(ctx, parts),
    ...jobMethods(ctx, parts),
    ...sourceMethods(ctx, parts),
    ...restoreMethods(ctx, parts),
  };

  async function dispatch(method: unknown, args: unknown): Promise<Result<unknown>> {
    const call = parseCall(method, args);
    if (!call.ok) return { ok: false, error: call.error };
    try {
      const fn = methods[call.method] as (...a: unknown[]) => Promise<unknown>;
      return { ok: true, value: await fn(...call.args) };
    } catch (err) {
      const e = toKuraError(err);
      if (e.code === 'internal') ctx.logger.say('error', msg('log-service-internal', { method: call.method, reason: e.stack ?? e.message }));
      return { ok: false, error: toErrorDto(e) };
    }
  }

  return {
    methods,
    dispatch,
    on: events.on,
    onAny: events.onAny,
    emit: events.emit,
    onBusyChange: status.onBusyChange,
    isBusy: status.isBusy,
    overallSentence: () => {
      const restore = restoresSentence(status.restoresNow(), ctx.language());
      return restore === null ? scheduler.health().overall.sentence : asMessage(restore);
    },
    scheduler,
    alerts,
    settings: () => ctx.settings,
    language: ctx.language,
    async start() {
      const e = await ctx.engine();
      // A restore a crash left unfinished is announced at once, before any backup runs.
      await status.readRestores(e);
      await scheduler.start();
      await alerts?.start();
      publish();
      const every = options.restoreWatchMs ?? 60_000;
      if (every > 0) {
        let seen = JSON.stringify(status.restoresNow().map((r) => [r.id, r.state]));
        restoreWatch = setInterval(() => {
          void status.readRestores(e).then((list) => {
            const now = JSON.stringify(list.map((r) => [r.id, r.state]));
            if (now !== seen) publish();
            seen = now;
          });
        }, every);
        restoreWatch.unref?.();
      }
    },
    async stop() {
      if (restoreWatch) clearInterval(restoreWatch);
      restoreWatch = null;
      restores.cancelAll();
      tests.cancelAll();
      await scheduler.stop();
      await alerts?.stop();
    },
  };
}
