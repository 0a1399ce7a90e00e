/**
 * The alerts of one Kura process (the app, `kura serve`, `kura daemon`; `kura run` for its own run):
 * it hears what the scheduler decides (a run started, ended for good, a job is overdue), watches the
 * standbys and the restore journals, sends the weekly report when it is due, and hands each piece of
 * news to the channels configured for it — once (alert-policy.ts), in the admin's language.
 *
 * Deliveries run in the background in order; a channel that fails is tried again later (the mail
 * server may be down for a minute) and the failure is logged. Every network step has a timeout, so
 * nothing here can hold up a backup or the process's exit for long (`idle()` waits for what is
 * queued). The hub never throws into the scheduler.
 */
import { hostname } from 'node:os';
import type { Lang } from '../../shared/messages/define.js';
import { render, renderLoose } from '../../shared/messages/render.js';
import type { KuraConfig } from '../config/schema.js';
import { toKuraError, type ErrorInfo } from '../errors.js';
import type { RunResult } from '../jobs/run-job.js';
import type { LogLevel } from '../progress.js';
import type { UnfinishedRestore } from '../restore/unfinished-restores.js';
import type { RunRecord } from '../run-log/run-history.js';
import type { HealthSnapshot } from '../scheduler/health.js';
import type { SchedulerEvent } from '../scheduler/scheduler-events.js';
import { loadSchedulerState } from '../scheduler/scheduler-state.js';
import type { RunOutcome } from '../scheduler/types.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { SnapshotRef } from '../snapshot/snapshot-store.js';
import { checkStandbys } from '../standby/check-standbys.js';
import { rememberStandbys, type StandbyStatus } from '../standby/standby-memory.js';
import type { ToolResolver } from '../tools/resolve-tool.js';
import { KURA_VERSION } from '../version.js';
import type { AlertEvent } from './alert-events.js';
import { errorSentences } from './alert-text.js';
import { loadAlertMemory, nextSummaryAt, onOverdue, onRestores, onRunFinal, onStandbys, saveAlertMemory, type AlertMemory } from './alert-policy.js';
import { channelsFor, deliver, pingHeartbeat, sendTest, type AlertsConfig, type DeliveryDeps, type TestChannel } from './deliver.js';
import type { HeartbeatPing } from './heartbeat.js';
import { buildWeeklySummary } from './weekly-summary.js';

export interface AlertHubDeps {
  home: string;
  secrets: SecretStore;
  loadConfig(): Promise<KuraConfig>;
  /** The admin's language now (Settings, else the system's). */
  language(): Lang;
  now(): Date;
  logger: { log(level: LogLevel, message: string): void };
  tools(): Promise<ToolResolver>;
  snapshots?(jobId: string): Promise<SnapshotRef[]>;
  history?(jobId: string): Promise<RunRecord[]>;
  unfinishedRestores?(lang: Lang): Promise<UnfinishedRestore[]>;
  /** The scheduler's state file, for when a never-run job's schedule began (overdue alerts). */
  schedulerStateFile?: string;
  host?: string;
  version?: string;
  /** How often the standbys are read. Default 60 s; 0: only when asked (checkStandbysNow). */
  standbyIntervalMs?: number;
  /** How often restores and the weekly report are looked at. Default 60 s; 0: only on tick(). */
  tickMs?: number;
  /** Per standby (login and query). Default 15 s (MySQL) and 8 s (Redis). */
  standbyTimeoutMs?: number;
  /** Checks in a row a standby must be bad before it is alerted. Default 2. */
  standbyConfirmations?: number;
  /** Pauses before a failed delivery is tried again. Default 1 and 5 minutes; [] for none (`kura run`). */
  retryDelaysMs?: readonly number[];
  /** Per network step of a delivery (tests shorten it). */
  deliveryTimeoutMs?: number;
}

export interface AlertHub {
  /** A run holds its job lock and starts: the heartbeat's start ping. */
  runStarted(jobId: string, runId: string): void;
  /** The engine's result of a run, just before the scheduler decides about it. */
  runResult(jobId: string, result: RunResult): void;
  /** A run's outcome once it is final (no retry pending): alerts and the heartbeat's end ping. */
  runFinished(jobId: string, outcome: RunOutcome, result: RunResult | null): void;
  /** Hears the scheduler's decisions (final outcomes, retries, overdue jobs). Returns the unsubscribe. */
  attach(scheduler: { on(event: 'event', cb: (e: SchedulerEvent) => void): () => void; on(event: 'health', cb: (s: HealthSnapshot) => void): () => void }): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Restores, the weekly report and (when due) the standbys, now. */
  tick(): Promise<void>;
  checkStandbysNow(): Promise<StandbyStatus[]>;
  /** The standbys as last checked. */
  standbys(): StandbyStatus[];
  onStandbysChanged(cb: (list: StandbyStatus[]) => void): () => void;
  /** "Send a test" through one channel of these (unsaved) settings; throws the channel's error. */
  test(alerts: AlertsConfig, channel: TestChannel): Promise<void>;
  /** Resolves when every queued delivery (first attempts) is done. */
  idle(): Promise<void>;
}

const DEFAULT_RETRIES = [60_000, 300_000];

export function createAlertHub(deps: AlertHubDeps): AlertHub {
  const host = deps.host ?? hostname();
  const version = deps.version ?? KURA_VERSION;
  const log = deps.logger;
  let queue: Promise<void> = Promise.resolve();
  let memoryChain: Promise<unknown> = Promise.resolve();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const results = new Map<string, RunResult>();
  const retrying = new Set<string>();
  let standbyList: StandbyStatus[] = [];
  const standbyListeners = new Set<(l: StandbyStatus[]) => void>();
  let stopped = false;
  let checking: Promise<StandbyStatus[]> | null = null;
  let latestHealth: HealthSnapshot | null = null;

  const delivery = (): DeliveryDeps => ({
    secrets: deps.secrets,
    host,
    version,
    language: deps.language(),
    logger: log,
    ...(deps.deliveryTimeoutMs !== undefined ? { timeoutMs: deps.deliveryTimeoutMs } : {}),
  });

  /** Runs `fn` on the memory read from disk (another process may have written it) and saves it. */
  function withMemory<T>(fn: (m: AlertMemory) => T | Promise<T>): Promise<T> {
    const next = memoryChain.then(async () => {
      const m = await loadAlertMemory(deps.home);
      const out = await fn(m);
      await saveAlertMemory(deps.home, m).catch((err: unknown) => log.log('warn', render(deps.language(), 'log-alerts-state-unsaved', { reason: (err as Error).message }).message));
      return out;
    });
    memoryChain = next.catch(() => {});
    return next;
  }

  function enqueue(work: () => Promise<void>): void {
    queue = queue.then(work).catch((err: unknown) => log.log('warn', render(deps.language(), 'log-alert-delivery-failed', { reason: toKuraError(err).message }).message));
  }

  function later(ms: number, fn: () => void): void {
    if (stopped) return;
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    t.unref?.();
    timers.add(t);
  }

  async function sendTo(channels: AlertsConfig, event: AlertEvent, attempt: number): Promise<void> {
    const results = await deliver(delivery(), channels, event);
    const retries = deps.retryDelaysMs ?? DEFAULT_RETRIES;
    const delay = retries[attempt];
    if (delay === undefined || stopped) return;
    const failed: AlertsConfig = {
      ...(results.some((r) => r.channel === 'email' && r.error && r.error.category === 'network') ? { email: channels.email } : {}),
      webhooks: (channels.webhooks ?? []).filter((w, i) => results.some((r) => r.channel === 'webhook' && r.error?.category === 'network' && r.name === (w.name ?? `${w.format} #${i + 1}`))),
    };
    if (!failed.email && !failed.webhooks?.length) return;
    const key = `${event.kind}-${event.at}`;
    if (retrying.has(key)) return;
    retrying.add(key);
    log.log('info', render(deps.language(), 'alert-retry-later', { at: new Date(deps.now().getTime() + delay).toISOString() }).message);
    later(delay, () => {
      retrying.delete(key);
      enqueue(() => sendTo(failed, event, attempt + 1));
    });
  }

  /** Sends events to the channels of their job (or the global ones). */
  function send(events: readonly AlertEvent[]): void {
    if (events.length === 0) return;
    enqueue(async () => {
      const config = await deps.loadConfig();
      for (const e of events) {
        const jobId = 'job' in e ? e.job.id : e.kind === 'restore-unfinished' ? e.jobId : null;
        await sendTo(channelsFor(config, jobId), e, 0);
      }
    });
  }

  function heartbeat(jobId: string, ping: HeartbeatPing, text: (lang: Lang, jobName: string) => string): void {
    enqueue(async () => {
      const config = await deps.loadConfig();
      const hb = channelsFor(config, jobId).heartbeat;
      if (!hb) return;
      const name = config.jobs.find((j) => j.id === jobId)?.name ?? jobId;
      await pingHeartbeat(delivery(), hb, ping, text(deps.language(), name));
    });
  }

  function finished(jobId: string, outcome: RunOutcome, result: RunResult | null): void {
    if (outcome.status === 'skipped') return;
    const ping: HeartbeatPing = outcome.status === 'success' || outcome.status === 'warning' ? 'success' : 'fail';
    heartbeat(jobId, ping, (lang, job) => {
      switch (outcome.status) {
        case 'success':
          return render(lang, 'alert-heartbeat-success', { job, runId: outcome.runId ?? '' }).message;
        case 'warning':
          return render(lang, 'alert-heartbeat-warning', { job, runId: outcome.runId ?? '' }).message;
        default:
          return render(lang, 'alert-heartbeat-failed', { job, message: errorSentences(outcome.error as ErrorInfo | null, lang).message }).message;
      }
    });
    void withMemory(async (m) => {
      const config = await deps.loadConfig();
      const name = config.jobs.find((j) => j.id === jobId)?.name ?? jobId;
      const r = result && result.runId === outcome.runId ? result : null;
      return onRunFinal(m, {
        job: { id: jobId, name },
        status: outcome.status,
        runId: outcome.runId,
        at: outcome.finishedAt,
        error: outcome.error,
        // Warnings cross as messages: said in the admin's language for the mail or chat message.
        warnings: (r?.warnings ?? []).map((w) => renderLoose(deps.language(), w.code, w.params).message),
        logFile: r?.logFile ?? null,
        offsite: r?.offsite ?? [],
      });
    }).then(send, (err: unknown) => log.log('warn', render(deps.language(), 'log-alerts-failed', { reason: (err as Error).message }).message));
  }

  async function overdue(snapshot: HealthSnapshot): Promise<void> {
    const late = snapshot.jobs.filter((j) => j.health === 'overdue');
    if (late.length === 0) return;
    const state = deps.schedulerStateFile ? (await loadSchedulerState(deps.schedulerStateFile)).state : null;
    const events = await withMemory((m) =>
      late.flatMap((j) => {
        const never = j.lastPublishedAt === null;
        const since = j.lastPublishedAt ?? state?.jobs[j.jobId]?.scheduledSince ?? new Date(Date.parse(snapshot.at) - (j.overdueAfterMs ?? 0)).toISOString();
        return onOverdue(m, { id: j.jobId, name: j.name }, since, never, snapshot.at);
      }),
    );
    send(events);
  }

  async function checkStandbysNow(): Promise<StandbyStatus[]> {
    checking ??= (async () => {
      try {
        const config = await deps.loadConfig();
        const checks = await checkStandbys(
          { home: deps.home, secrets: deps.secrets, tools: deps.tools, now: deps.now, logger: log, ...(deps.standbyTimeoutMs !== undefined ? { timeoutMs: deps.standbyTimeoutMs } : {}) },
          config,
        );
        const list = await rememberStandbys(deps.home, checks);
        const changed = JSON.stringify(list.map((s) => [s.key, s.state, s.secondsBehind, s.since, s.reason])) !== JSON.stringify(standbyList.map((s) => [s.key, s.state, s.secondsBehind, s.since, s.reason]));
        standbyList = list;
        send(await withMemory((m) => onStandbys(m, list, deps.now().toISOString(), deps.standbyConfirmations ?? 2)));
        if (changed) for (const cb of standbyListeners) cb(list);
        return list;
      } finally {
        checking = null;
      }
    })();
    return checking;
  }

  async function tick(): Promise<void> {
    const lang = deps.language();
    if (deps.unfinishedRestores) {
      try {
        const list = await deps.unfinishedRestores(lang);
        send(await withMemory((m) => onRestores(m, list, deps.now().toISOString())));
      } catch (err) {
        log.log('warn', render(deps.language(), 'log-alerts-journals-unread', { reason: (err as Error).message }).message);
      }
    }
    await weeklyIfDue();
  }

  async function weeklyIfDue(): Promise<void> {
    const config = await deps.loadConfig();
    const alerts = config.settings.alerts;
    if (!alerts?.email || alerts.weeklySummary === false) return;
    const when = alerts.weeklySummary ?? { weekday: 1, hour: 9 };
    const now = deps.now();
    const due = await withMemory((m) => {
      m.summary.since ??= now.toISOString();
      const ref = new Date(m.summary.lastSentAt ?? m.summary.since);
      if (now.getTime() < nextSummaryAt(ref, when.weekday, when.hour).getTime()) return false;
      m.summary.lastSentAt = now.toISOString();
      return true;
    });
    if (!due) return;
    const sentences = new Map<string, string>((latestHealth?.jobs ?? []).map((j) => [j.jobId, renderLoose(deps.language(), j.sentence.code, j.sentence.params).message]));
    const summary = await buildWeeklySummary({
      config,
      host,
      now,
      snapshots: deps.snapshots ?? (async () => []),
      history: deps.history ?? (async () => []),
      sentence: (jobId) => sentences.get(jobId) ?? '',
      standbys: standbyList,
    });
    send([{ kind: 'weekly-summary', summary, at: now.toISOString() }]);
  }

  return {
    runStarted(jobId) {
      heartbeat(jobId, 'start', (lang, job) => render(lang, 'alert-heartbeat-start', { job }).message);
    },
    runResult(jobId, result) {
      results.set(jobId, result);
    },
    runFinished(jobId, outcome, result) {
      finished(jobId, outcome, result);
    },
    attach(scheduler) {
      const retryPending = new Set<string>();
      const offEvent = scheduler.on('event', (e) => {
        switch (e.kind) {
          case 'retry-scheduled':
            retryPending.add(e.jobId);
            return;
          case 'run-finished': {
            // The scheduler announces a retry just before the run's end: such a failure is not final.
            const final = !retryPending.delete(e.jobId);
            const result = results.get(e.jobId) ?? null;
            results.delete(e.jobId);
            if (final) finished(e.jobId, e.outcome, result);
            return;
          }
          default:
            return;
        }
      });
      const offHealth = scheduler.on('health', (s) => {
        latestHealth = s;
        void overdue(s).catch((err: unknown) => log.log('warn', render(deps.language(), 'log-alerts-failed', { reason: (err as Error).message }).message));
      });
      return () => {
        offEvent();
        offHealth();
      };
    },
    async start() {
      stopped = false;
      const every = deps.tickMs ?? 60_000;
      const standbyEvery = deps.standbyIntervalMs ?? 60_000;
      const loopTick = () => {
        void tick()
          .catch((err: unknown) => log.log('warn', render(deps.language(), 'log-alerts-failed', { reason: (err as Error).message }).message))
          .finally(() => (every > 0 ? later(every, loopTick) : undefined));
      };
      const loopStandbys = () => {
        void checkStandbysNow()
          .catch((err: unknown) => log.log('warn', render(deps.language(), 'log-standbys-check-failed', { reason: (err as Error).message }).message))
          .finally(() => (standbyEvery > 0 ? later(standbyEvery, loopStandbys) : undefined));
      };
      loopTick();
      loopStandbys();
    },
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await checking?.catch(() => {});
      await queue;
    },
    tick,
    checkStandbysNow,
    standbys: () => standbyList,
    onStandbysChanged(cb) {
      standbyListeners.add(cb);
      return () => standbyListeners.delete(cb);
    },
    test: (alerts, channel) => sendTest(delivery(), alerts, channel, deps.now()),
    async idle() {
      for (;;) {
        const q = queue;
        const m = memoryChain;
        await Promise.all([q, m]);
        // A finished run's memory update queues its deliveries a moment later: wait for those too.
        await new Promise((r) => setImmediate(r));
        if (q === queue && m === memoryChain) return;
      }
    },
  };
}
