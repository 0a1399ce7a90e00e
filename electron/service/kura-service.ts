/**
 * The engine behind the IPC contract: every method of `electron/shared/ipc-contract.ts` as an async
 * function, the contract's events, and `dispatch`, which validates a call and turns any outcome
 * into a `Result`. The Electron main process and `kura serve` are thin transports around this one
 * object, so the desktop app and the browser behave identically.
 *
 * There is exactly one scheduler per service and every run goes through it (`runs.start` is
 * `scheduler.runNow`), so "Back up now" can never overlap a scheduled run of the same job.
 */
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { z } from 'zod';
import { loadConfig } from '../engine/config/config-store.js';
import { fieldProblems } from '../shared/messages/field-problems.js';
import { fieldProblemList, msg, verbatim, type MessageData } from '../shared/messages/index.js';
import { jobSchema, type KuraConfig, type Settings, settingsSchema } from '../engine/config/schema.js';
import { claimDestination } from '../engine/snapshot/destination.js';
import { runDoctor } from '../engine/doctor.js';
import { createEngine, type Engine } from '../engine/engine.js';
import { KuraError, toKuraError } from '../engine/errors.js';
import type { RunResult } from '../engine/jobs/run-job.js';
import { nullLogger, type Logger, type LogLevel, type ProgressEvent } from '../engine/progress.js';
import type { RestoreOutcome, RestoreRequest, RestoreRunOptions } from '../engine/restore/types.js';
import { restoresSentence, type UnfinishedRestore } from '../engine/restore/unfinished-restores.js';
import type { RunRecord } from '../engine/run-log/run-history.js';
import { describeSchedule, nextRuns, validateSchedule, type HealthSnapshot, type Scheduler, type SchedulerDeps, type SchedulerOptions } from '../engine/scheduler/index.js';
import type { SecretStore } from '../engine/secrets/secret-store.js';
import { isSessionRef, withSessionSecrets } from '../engine/secrets/session-secret-store.js';
import { snapshotsInFolder } from '../engine/storage/folder-snapshots.js';
import { makeRecoveryKit, testS3Target } from '../engine/offsite/s3-setup.js';
import { offsiteStatusOf } from './offsite-status.js';
import type { ToolResolver } from '../engine/tools/resolve-tool.js';
import { KURA_VERSION } from '../engine/version.js';
import {
  parseCall,
  type EventName,
  type EventPayload,
  type Language,
  type MethodName,
  type OffsiteStatusDto,
  type MethodResult,
  type RestoreResultDto,
  type Result,
  type SettingsDto,
  type StatusDto,
} from '../shared/ipc-contract.js';
import type { methods as contractMethods } from '../shared/ipc-contract.js';
import {
  doctorToDto,
  lastSnapshotOf,
  messageToDto,
  runRecordToDto,
  runResultToDto,
  snapshotToDto,
  statusToDto,
  unfinishedRestoreToDto,
  type LastSnapshotInfo,
} from './dto-mapping.js';
import { createEngineScheduler, schedulerStateFile } from './engine-scheduler.js';
import { createAlertHub, type AlertHub, type AlertHubDeps } from '../engine/alerts/alert-hub.js';
import { checkStandby, saveAlerts, standbysForStatus, testAlert } from './alerts-service.js';
import { errorFromInfo, notAvailable, toErrorDto } from './error-dto.js';
import { freeSpace } from './free-space.js';
import { readLogTail, safeRunLogPath } from './log-tail.js';
import type { RestorePort } from './restore-port.js';
import { restoreOutcomeToDto, restorePlanToDto } from './restore-dto.js';
import { renderable, renderLoose } from '../shared/messages/render.js';
import { serverSnippets } from './server-snippets.js';
import { createServiceEvents, type AnyListener } from './service-events.js';
import { testFiles, testMysql, testRedis } from './source-tests.js';
import { createTestRuns } from './test-runs.js';
import { systemTimeZone } from '../shared/zoned-time.js';
import { checkToolPaths } from './tool-path-check.js';
import { generateSshKey, sshHostKey, sshTest, sshTrust } from './ssh-setup.js';

/** A method's arguments after validation (defaults applied), as the implementation receives them. */
export type CallArgs<M extends MethodName> = z.output<(typeof contractMethods)[M]['args']>;
export type ServiceMethods = { [M in MethodName]: (...args: CallArgs<M>) => Promise<MethodResult<M>> };

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
  const { home, mode } = options;
  // The engine's store, and the wizard's: a `session.*` restore password lives in memory only.
  const secrets = withSessionSecrets(options.secrets);
  const clock = options.clock ?? { now: () => new Date() };
  const base = options.logger ?? nullLogger;
  // Catalogued lines (the scheduler's, the service's own) in the app's language, unless the logger says them itself.
  const logger: Required<Logger> = {
    log: (level, message) => base.log(level, message),
    say: (level, m) => (base.say ? base.say(level, m) : base.log(level, renderLoose(language(), m.code, m.params).message)),
  };
  const progressGapMs = options.progressIntervalMs ?? 100;
  const events = createServiceEvents((err) => logger.say('warn', msg('log-service-listener-failed~event', { reason: (err as Error).message })));

  let settings: Settings = settingsSchema.parse({});
  let enginePromise: Promise<Engine> | null = null;
  const runIds = new Map<string, string>();
  const runIdWaiters = new Map<string, Set<(runId: string) => void>>();
  const lastProgressAt = new Map<string, number>();
  const snapshotCache = new Map<string, LastSnapshotInfo>();
  const offsiteCache = new Map<string, OffsiteStatusDto[]>();
  const restores = new Map<string, AbortController>();
  const tests = createTestRuns(options.testDeadlineMs);
  const busyListeners = new Set<(busy: boolean) => void>();
  let busy = false;
  let lastHealth: HealthSnapshot | null = null;
  let statusSeq = 0;
  /** The restore journals as last read, and which ones were already announced. */
  let restoresNow: UnfinishedRestore[] = [];
  const announced = new Set<string>();
  let restoreWatch: ReturnType<typeof setInterval> | null = null;

  const language = (): Language => (settings.language === 'auto' ? options.systemLanguage : settings.language);

  function engine(): Promise<Engine> {
    enginePromise ??= (async () => {
      const cfg = await loadConfig(home);
      settings = cfg.settings;
      const tools = options.toolResolver?.(cfg.settings.toolPaths);
      return createEngine({ home, secrets, now: () => clock.now(), ...(tools ? { tools } : {}) });
    })().catch((err: unknown) => {
      enginePromise = null;
      throw err;
    });
    return enginePromise;
  }

  /** Config edits are read-modify-write: serialized so two quick saves cannot lose one another. */
  let configChain: Promise<unknown> = Promise.resolve();
  function editConfig<T>(fn: (cfg: KuraConfig, e: Engine) => Promise<T>): Promise<T> {
    const next = configChain.then(async () => {
      const e = await engine();
      return fn(await e.loadConfig(), e);
    });
    configChain = next.catch(() => {});
    return next;
  }

  // ---- busy, status and run events ---------------------------------------------------------

  function updateBusy(): void {
    const now = restores.size > 0 || (lastHealth?.jobs.some((j) => j.running !== null) ?? false);
    if (now === busy) return;
    busy = now;
    for (const cb of busyListeners) {
      try {
        cb(busy);
      } catch (err) {
        logger.say('warn', msg('log-service-listener-failed~busy', { reason: (err as Error).message }));
      }
    }
  }

  /** A restore's sentence as the restore side gives it: data, or (until it is data) its words verbatim. */
  const asMessage = (sentence: string | MessageData): MessageData => (typeof sentence === 'string' ? verbatim(sentence) : sentence);

  /** Reads the restore journals; a newly unfinished one is announced once (desktop notice / daemon log). */
  async function readRestores(e: Engine): Promise<UnfinishedRestore[]> {
    try {
      restoresNow = await e.unfinishedRestores(language());
    } catch (err) {
      logger.say('warn', msg('log-restore-journals-unreadable', { reason: (err as Error).message }));
      return restoresNow;
    }
    for (const r of restoresNow.filter((x) => x.needsAttention && !announced.has(x.id))) {
      announced.add(r.id);
      logger.log('error', r.sentence);
      if (settings.notifications !== 'off') {
        options.notifier.notify({ kind: 'failure', jobId: r.jobId ?? '', title: msg('restore-notice-title', {}), body: asMessage(r.sentence) });
      }
    }
    for (const id of [...announced]) if (!restoresNow.some((r) => r.id === id && r.needsAttention)) announced.delete(id);
    return restoresNow;
  }

  async function buildStatus(snapshot: HealthSnapshot): Promise<StatusDto> {
    const e = await engine();
    const restores = await readRestores(e);
    await Promise.all(
      snapshot.jobs
        .filter((j) => !snapshotCache.has(j.jobId))
        .map(async (j) => {
          let info: LastSnapshotInfo = null;
          try {
            info = lastSnapshotOf(await e.snapshots(j.jobId));
          } catch {
            info = null;
          }
          snapshotCache.set(j.jobId, info);
        }),
    );
    const cfg = await e.loadConfig().catch(() => null);
    await Promise.all(
      (cfg?.jobs ?? [])
        .filter((j) => !offsiteCache.has(j.id))
        .map(async (j) => offsiteCache.set(j.id, await offsiteStatusOf(home, j).catch(() => []))),
    );
    const dto = statusToDto(snapshot, runIds, snapshotCache, restores, offsiteCache);
    return alerts ? { ...dto, standbys: standbysForStatus(await e.loadConfig(), alerts.standbys()) } : dto;
  }

  function publishStatus(snapshot: HealthSnapshot): void {
    lastHealth = snapshot;
    updateBusy();
    const seq = ++statusSeq;
    buildStatus(snapshot).then(
      (dto) => {
        // A slower, older computation must not overwrite a newer status.
        if (seq === statusSeq) events.emit('status.changed', dto);
      },
      (err: unknown) => logger.say('warn', msg('log-status-not-built', { reason: (err as Error).message })),
    );
  }

  function onRunProgress(jobId: string, event: ProgressEvent): void {
    switch (event.kind) {
      case 'started': {
        // "Back up now" answers with the run id as soon as the run holds the job lock.
        runIds.set(jobId, event.runId);
        for (const w of runIdWaiters.get(jobId) ?? []) w(event.runId);
        publishStatus(scheduler.health());
        return;
      }
      case 'log': {
        events.emit('run.log', { jobId, runId: runIds.get(jobId) ?? null, line: `${event.at} ${event.level.toUpperCase().padEnd(5)} ${event.message}` });
        return;
      }
      case 'bytes':
      case 'files': {
        // rsync reports many times a second; the UI needs a few updates, not a flood over IPC.
        const t = Date.now();
        if (t - (lastProgressAt.get(jobId) ?? 0) < progressGapMs) return;
        lastProgressAt.set(jobId, t);
        events.emit('run.progress', { jobId, runId: runIds.get(jobId) ?? null, progress: event });
        return;
      }
      case 'step':
        events.emit('run.progress', { jobId, runId: runIds.get(jobId) ?? null, progress: event });
        return;
    }
  }

  function onRunFinished(jobId: string, trigger: string, result: RunResult | null, skipped: boolean): void {
    if (!skipped) {
      runIds.delete(jobId);
      lastProgressAt.delete(jobId);
      snapshotCache.delete(jobId);
      offsiteCache.delete(jobId);
    }
    events.emit('run.finished', { jobId, run: result ? runResultToDto(result, trigger) : null, skipped });
  }

  const alerts: AlertHub | null =
    options.alerts === false
      ? null
      : createAlertHub({
          home,
          secrets,
          loadConfig: async () => (await engine()).loadConfig(),
          language,
          now: () => clock.now(),
          logger,
          tools: async () => (await engine()).tools(),
          snapshots: async (jobId) => (await engine()).snapshots(jobId),
          history: async (jobId) => (await engine()).history(jobId),
          unfinishedRestores: async (lang) => (await engine()).unfinishedRestores(lang),
          schedulerStateFile: schedulerStateFile(home),
          ...(options.alerts ?? {}),
        });

  const scheduler = createEngineScheduler({
    engine,
    home,
    notifier: options.notifier,
    logger,
    settings: () => ({ catchUpDelaySeconds: settings.catchUpDelaySeconds, language: language(), notifications: settings.notifications }),
    clock,
    observer: { onProgress: onRunProgress, onFinished: onRunFinished },
    ...(options.schedulerOptions ? { options: options.schedulerOptions } : {}),
    ...(alerts ? { alerts } : {}),
  });
  scheduler.on('health', publishStatus);
  alerts?.onStandbysChanged(() => publishStatus(scheduler.health()));

  function requireAlerts(): AlertHub {
    if (!alerts) throw notAvailable('feature-alerts');
    return alerts;
  }

  function waitForRunId(jobId: string): { promise: Promise<string>; cancel: () => void } {
    let resolveFn: (id: string) => void = () => {};
    const promise = new Promise<string>((r) => (resolveFn = r));
    const set = runIdWaiters.get(jobId) ?? new Set();
    runIdWaiters.set(jobId, set);
    set.add(resolveFn);
    return { promise, cancel: () => set.delete(resolveFn) };
  }

  // ---- restore -----------------------------------------------------------------------------

  /** The restore door (checked at once, so a build without restore answers `not-available` before anything starts). */
  function requireRestore(): () => Promise<RestorePort> {
    const how = options.restore;
    if (!how) throw notAvailable('feature-restore');
    return async () => (how === 'engine' ? engine() : how);
  }

  /** Runs a restore (or a finish / roll back of one) in the background, with the restore.* events. */
  function startRestoreTask(work: (port: RestorePort, opts: RestoreRunOptions) => Promise<RestoreOutcome>): { restoreId: string } {
    const port = requireRestore();
    const restoreId = `restore-${clock.now().getTime().toString(36)}-${randomBytes(4).toString('hex')}`;
    const controller = new AbortController();
    restores.set(restoreId, controller);
    updateBusy();
    const log = (level: LogLevel, message: string) =>
      events.emit('restore.log', { restoreId, line: `${clock.now().toISOString()} ${level.toUpperCase().padEnd(5)} ${message}` });
    // Catalogued lines (the restore's steps, its log) in the app's language.
    const say = (level: LogLevel, m: MessageData) => log(level, renderLoose(language(), m.code, m.params).message);
    void (async () => {
      let result: RestoreResultDto;
      try {
        const outcome = await work(await port(), {
          signal: controller.signal,
          onProgress: (e) => {
            switch (e.kind) {
              case 'log':
                events.emit('restore.log', { restoreId, line: `${e.at} ${e.level.toUpperCase().padEnd(5)} ${e.message}` });
                break;
              case 'started':
                break;
              default:
                events.emit('restore.progress', { restoreId, progress: e });
            }
          },
          logger: { log, say },
        });
        result = restoreOutcomeToDto(outcome);
      } catch (err) {
        const e = toKuraError(controller.signal.aborted ? (controller.signal.reason ?? err) : err);
        const { message, hint } = e.catalogued && renderable(e.code, e.params) ? renderLoose(language(), e.code, e.params) : { message: e.message, hint: e.hint ?? null };
        log('error', `${message}${hint ? ` — ${hint}` : ''}`);
        result = { status: e.category === 'cancelled' ? 'cancelled' : 'failed', steps: [], verification: [], safetyBackup: null, error: toErrorDto(e) };
      } finally {
        restores.delete(restoreId);
        updateBusy();
      }
      events.emit('restore.finished', { restoreId, result });
      // A restore may have opened, closed or left a journal: the dashboard banner follows.
      publishStatus(scheduler.health());
    })();
    return { restoreId };
  }

  function startRestore(req: RestoreRequest): { restoreId: string } {
    return startRestoreTask((port, opts) => port.restore(req, opts));
  }

  // ---- the contract --------------------------------------------------------------------------

  const methods: ServiceMethods = {
    'app.info': async () => ({ version: KURA_VERSION, platform: process.platform, mode, home, systemLanguage: options.systemLanguage, timeZone: systemTimeZone() }),

    'jobs.list': async () => (await (await engine()).loadConfig()).jobs,

    'jobs.get': async (jobId) => {
      const cfg = await (await engine()).loadConfig();
      const job = cfg.jobs.find((j) => j.id === jobId);
      if (!job) throw new KuraError({ code: 'job-not-found~service', params: { job: jobId }, category: 'config' });
      return job;
    },

    'jobs.save': async (input, options) => {
      // The schedule first: its own check words each field's problem for the editor, in the admin's language.
      const schedule = (input as { schedule?: { cron?: unknown; timezone?: unknown } }).schedule;
      if (schedule && typeof schedule.cron === 'string') {
        const v = validateSchedule(schedule.cron, typeof schedule.timezone === 'string' ? schedule.timezone : undefined);
        if (v.kind === 'invalid') throw new KuraError({ code: 'schedule-invalid', params: { problems: String(v.message.params['problems']) }, category: 'config' });
      }
      const parsed = jobSchema.safeParse(input);
      if (!parsed.success) {
        throw new KuraError({ code: 'job-invalid', params: { problems: fieldProblemList(fieldProblems(parsed.error)) }, category: 'config' });
      }
      const job = parsed.data;
      await editConfig(async (cfg, e) => {
        const index = cfg.jobs.findIndex((j) => j.id === job.id);
        // A newly chosen backup folder is identified now (snapshot/destination.ts); created only when asked.
        if (index < 0 || cfg.jobs[index]!.destination.path !== job.destination.path) {
          await claimDestination(e.home, job.id, job.destination.path, options?.createDestination ?? false);
        }
        const jobs = [...cfg.jobs];
        if (index >= 0) jobs[index] = job;
        else jobs.push(job);
        await e.saveConfig({ ...cfg, jobs });
      });
      snapshotCache.delete(job.id);
      offsiteCache.delete(job.id);
      await scheduler.reload();
      publishStatus(scheduler.health());
      // A standby just added or changed is read now, not at the watcher's next round a minute later:
      // the dashboard shows its state when the admin leaves the wizard.
      if (alerts && job.sources.some((s) => (s.type === 'mysql' || s.type === 'redis') && (s.standbys?.length ?? 0) > 0)) {
        void alerts.checkStandbysNow().catch((err: unknown) => logger.say('warn', msg('log-standbys-check-failed', { reason: (err as Error).message })));
      }
      return job;
    },

    'jobs.delete': async (jobId) => {
      await editConfig(async (cfg, e) => {
        if (!cfg.jobs.some((j) => j.id === jobId)) throw new KuraError({ code: 'job-not-found~service', params: { job: jobId }, category: 'config' });
        scheduler.cancel(jobId);
        await e.saveConfig({ ...cfg, jobs: cfg.jobs.filter((j) => j.id !== jobId) });
      });
      snapshotCache.delete(jobId);
      await scheduler.reload();
      publishStatus(scheduler.health());
    },

    'sources.testFiles': async (input, h) => tests.run(h?.testId, (signal) => testFiles({ tools: async () => (await engine()).tools(), secrets, home, signal }, input)),
    'sources.testMysql': async (input, h) => tests.run(h?.testId, (signal) => testMysql({ tools: async () => (await engine()).tools(), secrets, home, signal }, input)),
    'sources.testRedis': async (input, h) => tests.run(h?.testId, (signal) => testRedis({ tools: async () => (await engine()).tools(), secrets, home, signal }, input)),
    'sources.cancelTest': async (testId) => tests.cancel(testId),
    'ssh.hostKey': async (input, h) => tests.run(h?.testId, (signal) => sshHostKey({ home, secrets, signal }, input)),
    'ssh.trust': async (input) => sshTrust({ home, secrets }, input),
    'ssh.test': async (input, h) => tests.run(h?.testId, (signal) => sshTest({ home, secrets, signal }, input)),
    'ssh.generateKey': async (jobId) => generateSshKey({ home, secrets }, jobId),

    'runs.start': async (jobId) => {
      const waiter = waitForRunId(jobId);
      try {
        const outcome = scheduler.runNow(jobId, 'manual');
        const first = await Promise.race([
          outcome.then((o) => ({ kind: 'done' as const, outcome: o })),
          waiter.promise.then((runId) => ({ kind: 'started' as const, runId })),
        ]);
        switch (first.kind) {
          case 'started':
            return { runId: first.runId, skipped: false };
          case 'done': {
            const o = first.outcome;
            if (o.status === 'skipped') return { runId: null, skipped: true };
            if (o.runId === null && o.error) throw errorFromInfo(o.error);
            return { runId: o.runId, skipped: false };
          }
        }
      } finally {
        waiter.cancel();
      }
    },

    'runs.cancel': async (jobId) => scheduler.cancel(jobId),

    'runs.history': async (filter) => {
      const e = await engine();
      const ids = filter.jobId !== undefined ? [filter.jobId] : (await e.loadConfig()).jobs.map((j) => j.id);
      const records: RunRecord[] = (await Promise.all(ids.map((id) => e.history(id)))).flat();
      return records
        .filter((r) => filter.status === undefined || r.status === filter.status)
        .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
        .slice(0, 1000)
        .map(runRecordToDto);
    },

    'runs.logTail': async (jobId, runId, lines) => readLogTail(safeRunLogPath(home, jobId, runId), lines),

    'runs.openLog': async (jobId, runId) => {
      const path = safeRunLogPath(home, jobId, runId);
      if (!options.openPath) throw notAvailable('feature-open-log');
      await stat(path).catch(() => {
        throw new KuraError({ code: 'log-not-found', params: {}, category: 'config' });
      });
      await options.openPath(path);
    },

    'status.get': async () => {
      const snapshot = scheduler.health();
      lastHealth = snapshot;
      return buildStatus(snapshot);
    },

    'schedules.pause': async (paused) => {
      if (paused) scheduler.pause();
      else scheduler.resume();
    },

    'schedules.describe': async (cron, timezone) => {
      const v = validateSchedule(cron, timezone);
      switch (v.kind) {
        case 'invalid':
          return { valid: false, error: messageToDto(v.message), problems: v.problems.map((p) => ({ field: p.field, message: messageToDto(p.message) })), sentence: null, nextRuns: [] };
        case 'valid': {
          let upcoming: string[] = [];
          try {
            upcoming = nextRuns(cron.trim(), timezone, clock.now(), 5).map((d) => d.toISOString());
          } catch {
            upcoming = [];
          }
          return { valid: true, error: null, problems: [], sentence: messageToDto(describeSchedule(cron.trim())), nextRuns: upcoming };
        }
      }
    },

    'snapshots.list': async (where) => {
      const e = await engine();
      if ('location' in where) {
        // An rsync/SSH address or a bucket ("Open a backup location…"): listed where it is, no copy made.
        const remote = await e.remoteSnapshots(where.location, { passwordRef: where.access?.passwordRef, s3: where.access?.s3 });
        return remote.map((r) => snapshotToDto({ id: r.id, path: r.address, manifest: r.manifest, outOfOrder: null })).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
      }
      // One listing of a folder for the wizard and the restore engine (storage/folder-snapshots.ts).
      const snaps = 'jobId' in where ? await e.snapshots(where.jobId) : await snapshotsInFolder(where.folder);
      return snaps.map(snapshotToDto).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    },

    'offsite.testS3': async (jobId, target) => {
      const e = await engine();
      return testS3Target(jobId, target, { home, secrets, tools: await e.tools(), now: () => clock.now() });
    },

    'offsite.recoveryKit': async (jobId, jobName, target) => {
      const e = await engine();
      const existing = (await e.loadConfig()).jobs.find((j) => j.id === jobId);
      return makeRecoveryKit(jobId, jobName, target, existing?.retention, { home, secrets, tools: await e.tools(), now: () => clock.now() });
    },

    'restore.plan': async (req) => restorePlanToDto(await (await requireRestore()()).planRestore(req)),
    'restore.start': async (req) => startRestore(req),
    'restore.cancel': async (restoreId) => {
      const c = restores.get(restoreId);
      if (!c) return false;
      c.abort(new KuraError({ code: 'cancelled', params: {}, category: 'cancelled' }));
      return true;
    },
    'restore.unfinished': async () => (await readRestores(await engine())).map(unfinishedRestoreToDto),
    'restore.finish': async (journalId) => startRestoreTask((port, opts) => port.finishRestore(journalId, opts)),
    'restore.rollBack': async (journalId) => startRestoreTask((port, opts) => port.rollBackRestore(journalId, opts)),
    'restore.dismiss': async (journalId) => {
      await (await requireRestore()()).dismissRestore(journalId);
      publishStatus(scheduler.health());
    },

    'settings.get': async () => {
      const cfg = await (await engine()).loadConfig();
      settings = cfg.settings;
      return cfg.settings;
    },

    'settings.save': async (input) => {
      await checkToolPaths(input.toolPaths ?? {});
      // The alert channels have their own screen and method: a settings save keeps them.
      const saved = await editConfig(async (cfg, e) => (await e.saveConfig({ ...cfg, settings: { ...input, ...(cfg.settings.alerts ? { alerts: cfg.settings.alerts } : {}) } })).settings);
      const toolsChanged = JSON.stringify(saved.toolPaths) !== JSON.stringify(settings.toolPaths);
      settings = saved;
      // The engine caches tool paths: a changed override takes effect through a fresh engine.
      if (toolsChanged) enginePromise = null;
      options.onSettingsChanged?.(saved);
      publishStatus(scheduler.health());
      return saved;
    },

    'alerts.get': async () => (await (await engine()).loadConfig()).settings.alerts ?? {},
    'alerts.save': async (input) => {
      const saved = await editConfig(async (cfg, e) => saveAlerts(cfg, input, (c) => e.saveConfig(c)));
      settings = { ...settings, alerts: saved };
      return saved;
    },
    'alerts.test': async (input, channel) => testAlert(requireAlerts(), input, channel),
    'standbys.check': async (req) => checkStandby({ home, secrets, tools: async () => (await engine()).tools(), now: () => clock.now() }, req),

    'secrets.set': async (ref, value) => {
      await secrets.set(ref, value);
    },
    'secrets.has': async (ref) => (await secrets.get(ref)) !== null,
    'secrets.forgetUnsaved': async (ref) =>
      editConfig(async (cfg) => {
        // Any mention of the name in the saved config (a source, a connection, an off-site target, alerts).
        if (JSON.stringify(cfg).includes(JSON.stringify(ref))) throw new KuraError({ code: 'secret-in-use', params: { ref }, category: 'config' });
        return secrets.delete(ref);
      }),
    'secrets.forget': async (ref) => (isSessionRef(ref) ? secrets.delete(ref) : false),

    'dialog.openFolder': async ({ title }) => {
      if (!options.openFolderDialog) throw notAvailable('feature-folder-dialog');
      return options.openFolderDialog(title === undefined ? {} : { title });
    },

    'system.freeSpace': async (path) => freeSpace(path),

    'doctor.run': async () => {
      const e = await engine();
      return doctorToDto(await runDoctor(home, await e.tools(), secrets));
    },

    'setup.serverSnippets': async (jobId, req) => {
      // serverSetup may name keychain entries in config.json: serialized with the other config edits.
      const dto = await editConfig(async () => serverSnippets({ home, secrets }, jobId, { ...req, language: language() }));
      if (dto.configChanges.length > 0) await scheduler.reload();
      return dto;
    },
  };

  async function dispatch(method: unknown, args: unknown): Promise<Result<unknown>> {
    const call = parseCall(method, args);
    if (!call.ok) return { ok: false, error: call.error };
    try {
      const fn = methods[call.method] as (...a: unknown[]) => Promise<unknown>;
      return { ok: true, value: await fn(...call.args) };
    } catch (err) {
      const e = toKuraError(err);
      if (e.code === 'internal') logger.say('error', msg('log-service-internal', { method: call.method, reason: e.stack ?? e.message }));
      return { ok: false, error: toErrorDto(e) };
    }
  }

  return {
    methods,
    dispatch,
    on: events.on,
    onAny: events.onAny,
    emit: events.emit,
    onBusyChange(listener) {
      busyListeners.add(listener);
      return () => busyListeners.delete(listener);
    },
    isBusy: () => busy,
    overallSentence: () => {
      const restore = restoresSentence(restoresNow, language());
      return restore === null ? scheduler.health().overall.sentence : asMessage(restore);
    },
    scheduler,
    alerts,
    settings: () => settings,
    language,
    async start() {
      const e = await engine();
      // A restore a crash left unfinished is announced at once, before any backup runs.
      await readRestores(e);
      await scheduler.start();
      await alerts?.start();
      publishStatus(scheduler.health());
      const every = options.restoreWatchMs ?? 60_000;
      if (every > 0) {
        let seen = JSON.stringify(restoresNow.map((r) => [r.id, r.state]));
        restoreWatch = setInterval(() => {
          void readRestores(e).then((list) => {
            const now = JSON.stringify(list.map((r) => [r.id, r.state]));
            if (now !== seen) publishStatus(scheduler.health());
            seen = now;
          });
        }, every);
        restoreWatch.unref?.();
      }
    },
    async stop() {
      if (restoreWatch) clearInterval(restoreWatch);
      restoreWatch = null;
      for (const c of restores.values()) c.abort(new KuraError({ code: 'cancelled~shutdown', params: {}, category: 'cancelled' }));
      tests.cancelAll();
      await scheduler.stop();
      await alerts?.stop();
    },
  };
}
