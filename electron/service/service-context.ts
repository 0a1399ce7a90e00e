/**
 * What every part of the service shares: the options it was made with, the engine (made on first
 * use from the config, made again when the tool paths change), the settings as last read, config
 * edits serialized so two quick saves cannot lose one another, the admin's language, the logger
 * that says catalogued lines in it, and the contract's event hub. The method groups
 * (job-methods.ts, source-methods.ts, restore-methods.ts, settings-methods.ts) and the status feed
 * take this one object instead of reaching into createKuraService's closure.
 */
import type { z } from 'zod';
import { loadConfig } from '../engine/config/config-store.js';
import { type KuraConfig, type Settings, settingsSchema } from '../engine/config/schema.js';
import { createEngine, type Engine } from '../engine/engine.js';
import type { AlertHub, AlertHubDeps } from '../engine/alerts/alert-hub.js';
import { nullLogger, type Logger } from '../engine/progress.js';
import type { Scheduler, SchedulerDeps, SchedulerOptions } from '../engine/scheduler/index.js';
import type { SecretStore } from '../engine/secrets/secret-store.js';
import { withSessionSecrets } from '../engine/secrets/session-secret-store.js';
import type { ToolResolver } from '../engine/tools/resolve-tool.js';
import type { Language, MethodName, MethodResult, SettingsDto } from '../shared/ipc-contract.js';
import type { methods as contractMethods } from '../shared/ipc-contract.js';
import { renderLoose } from '../shared/messages/render.js';
import type { RestorePort } from './restore-port.js';
import type { RestoreTasks } from './restore-tasks.js';
import type { RunEvents } from './run-events.js';
import { createServiceEvents, type ServiceEvents } from './service-events.js';
import type { StatusFeed } from './status-feed.js';
import type { TestRuns } from './test-runs.js';
import { msg } from '../shared/messages/index.js';

/** A method's arguments after validation (defaults applied), as the implementation receives them. */
export type CallArgs<M extends MethodName> = z.output<(typeof contractMethods)[M]['args']>;
export type ServiceMethods = { [M in MethodName]: (...args: CallArgs<M>) => Promise<MethodResult<M>> };
/** Some of the contract's methods: what one method group implements. */
export type MethodGroup<M extends MethodName> = Pick<ServiceMethods, M>;

export interface KuraServiceOptions {
  home: string;
  secrets: SecretStore;
  notifier: SchedulerDeps['notifier'];
  clock?: { now(): Date };
  mode: 'electron' | 'browser';
  /** The native folder picker (Electron only); without it `dialog.openFolder` explains to type the path. */
  openFolderDialog?: (options: { title?: string }) => Promise<string | null>;
  /** Opens a file with the OS (Electron's shell.openPath); without it `runs.openLog` is unavailable. */
  openPath?: (path: string) => Promise<void>;
  systemLanguage: Language;
  /**
   * How the service restores: `'engine'` (production) goes through the engine's own restore door,
   * the one `kura restore` uses; tests pass a fake port. Without it the restore methods answer
   * `not-available`: they never pretend to have restored anything.
   */
  restore?: 'engine' | RestorePort;
  /** Builds the tool resolver from Settings' tool paths (the app adds its bundled tools). */
  toolResolver?: (overrides: Record<string, string>) => ToolResolver;
  logger?: SchedulerDeps['logger'];
  schedulerOptions?: SchedulerOptions;
  /** Told after settings were saved, e.g. so the shell applies "start at login". */
  onSettingsChanged?: (settings: SettingsDto) => void;
  /** Minimum gap between two `bytes`/`files` progress events of one job. Default 100 ms. */
  progressIntervalMs?: number;
  /**
   * How often the restore journals are looked at for a restore another Kura process left unfinished
   * (a `kura restore` killed while the app runs). Default 60 s; 0 = only on status changes.
   */
  restoreWatchMs?: number;
  /**
   * Alerts that reach a person (mail, webhooks, heartbeat) and the standby watcher: their timings
   * (tests shorten them), or false for none (a service that only answers calls).
   */
  alerts?: Partial<Pick<AlertHubDeps, 'standbyIntervalMs' | 'tickMs' | 'standbyConfirmations' | 'retryDelaysMs' | 'deliveryTimeoutMs' | 'host'>> | false;
  /** The bound on one "Test connection", whatever it waits on (default 60 s; tests shorten it). */
  testDeadlineMs?: number;
}

export interface ServiceContext {
  readonly options: KuraServiceOptions;
  readonly home: string;
  /** The engine's store, and the wizard's: a `session.*` restore password lives in memory only. */
  readonly secrets: SecretStore;
  readonly clock: { now(): Date };
  /** Catalogued lines in the app's language, unless the logger says them itself. */
  readonly logger: Required<Logger>;
  readonly events: ServiceEvents;
  /** Current settings (defaults until the config was read). */
  settings: Settings;
  engine(): Promise<Engine>;
  /** The engine caches tool paths: a changed override takes effect through a fresh engine. */
  resetEngine(): void;
  /** Config edits are read-modify-write: serialized so two quick saves cannot lose one another. */
  editConfig<T>(fn: (cfg: KuraConfig, e: Engine) => Promise<T>): Promise<T>;
  /** The UI language in effect: the setting, or the system's for "auto". */
  language(): Language;
}

/** The service's working parts, as the method groups use them. */
export interface ServiceParts {
  /** The one scheduler: every run goes through it. */
  readonly scheduler: Scheduler;
  /** The alerts and standby watcher (null when turned off). */
  readonly alerts: AlertHub | null;
  readonly status: StatusFeed;
  readonly runs: RunEvents;
  readonly restores: RestoreTasks;
  readonly tests: TestRuns;
  /** Sends the status as it is now, after anything that may have changed it. */
  publish(): void;
}

export function createServiceContext(options: KuraServiceOptions): ServiceContext {
  const { home } = options;
  const secrets = withSessionSecrets(options.secrets);
  const clock = options.clock ?? { now: () => new Date() };
  const base = options.logger ?? nullLogger;
  let enginePromise: Promise<Engine> | null = null;
  let configChain: Promise<unknown> = Promise.resolve();

  const ctx: ServiceContext = {
    options,
    home,
    secrets,
    clock,
    logger: {
      log: (level, message) => base.log(level, message),
      say: (level, m) => (base.say ? base.say(level, m) : base.log(level, renderLoose(ctx.language(), m.code, m.params).message)),
    },
    events: createServiceEvents((err) => ctx.logger.say('warn', msg('log-service-listener-failed~event', { reason: (err as Error).message }))),
    settings: settingsSchema.parse({}),
    language: () => (ctx.settings.language === 'auto' ? options.systemLanguage : ctx.settings.language),
    engine(): Promise<Engine> {
      enginePromise ??= (async () => {
        const cfg = await loadConfig(home);
        ctx.settings = cfg.settings;
        const tools = options.toolResolver?.(cfg.settings.toolPaths);
        return createEngine({ home, secrets, now: () => clock.now(), ...(tools ? { tools } : {}) });
      })().catch((err: unknown) => {
        enginePromise = null;
        throw err;
      });
      return enginePromise;
    },
    resetEngine() {
      enginePromise = null;
    },
    editConfig<T>(fn: (cfg: KuraConfig, e: Engine) => Promise<T>): Promise<T> {
      const next = configChain.then(async () => {
        const e = await ctx.engine();
        return fn(await e.loadConfig(), e);
      });
      configChain = next.catch(() => {});
      return next;
    },
  };
  return ctx;
}
