/**
 * The dashboard's view of Kura, kept current: the status (health, last snapshots, off-site state,
 * unfinished restores, standbys) built and sent on every change, newest wins; whether a backup or
 * restore is running (the shell keeps the PC awake meanwhile); and the restore journals, where a
 * newly unfinished restore is announced once (desktop notice / daemon log).
 */
import type { Engine } from '../engine/engine.js';
import type { AlertHub } from '../engine/alerts/alert-hub.js';
import type { UnfinishedRestore } from '../engine/restore/unfinished-restores.js';
import type { HealthSnapshot } from '../engine/scheduler/index.js';
import type { OffsiteStatusDto, StatusDto } from '../shared/ipc-contract.js';
import { msg, verbatim, type MessageData } from '../shared/messages/index.js';
import { standbysForStatus } from './alerts-service.js';
import { lastSnapshotOf, statusToDto, type LastSnapshotInfo } from './dto-mapping.js';
import { offsiteStatusOf } from './offsite-status.js';
import type { ServiceContext } from './service-context.js';
import { tellListeners } from '../engine/util/tell-listeners.js';

export interface StatusFeed {
  readonly snapshotCache: Map<string, LastSnapshotInfo>;
  readonly offsiteCache: Map<string, OffsiteStatusDto[]>;
  /** A job's cached snapshot and off-site state are stale (a run ended, the job changed). */
  forget(jobId: string): void;
  /** The restore journals as last read. */
  restoresNow(): UnfinishedRestore[];
  readRestores(e: Engine): Promise<UnfinishedRestore[]>;
  buildStatus(snapshot: HealthSnapshot): Promise<StatusDto>;
  publishStatus(snapshot: HealthSnapshot): void;
  /** Remembers the health last seen (for "busy") without publishing it. */
  sawHealth(snapshot: HealthSnapshot): void;
  updateBusy(): void;
  onBusyChange(listener: (busy: boolean) => void): () => void;
  isBusy(): boolean;
}

/** A restore's sentence as the restore side gives it: data, or (until it is data) its words verbatim. */
export const asMessage = (sentence: string | MessageData): MessageData => (typeof sentence === 'string' ? verbatim(sentence) : sentence);

export function createStatusFeed(
  ctx: ServiceContext,
  deps: { alerts: AlertHub | null; runIds: ReadonlyMap<string, string>; restoresRunning(): boolean },
): StatusFeed {
  const { home, events, logger, options } = ctx;
  const { alerts, runIds } = deps;
  const snapshotCache = new Map<string, LastSnapshotInfo>();
  const offsiteCache = new Map<string, OffsiteStatusDto[]>();
  const busyListeners = new Set<(busy: boolean) => void>();
  let busy = false;
  let lastHealth: HealthSnapshot | null = null;
  let statusSeq = 0;
  /** The restore journals as last read, and which ones were already announced. */
  let restoresNow: UnfinishedRestore[] = [];
  const announced = new Set<string>();

  function updateBusy(): void {
    const now = deps.restoresRunning() || (lastHealth?.jobs.some((j) => j.running !== null) ?? false);
    if (now === busy) return;
    busy = now;
    tellListeners(busyListeners, busy, (err) => logger.say('warn', msg('log-service-listener-failed~busy', { reason: (err as Error).message })));
  }

  /** Reads the restore journals; a newly unfinished one is announced once (desktop notice / daemon log). */
  async function readRestores(e: Engine): Promise<UnfinishedRestore[]> {
    try {
      restoresNow = await e.unfinishedRestores(ctx.language());
    } catch (err) {
      logger.say('warn', msg('log-restore-journals-unreadable', { reason: (err as Error).message }));
      return restoresNow;
    }
    for (const r of restoresNow.filter((x) => x.needsAttention && !announced.has(x.id))) {
      announced.add(r.id);
      logger.log('error', r.sentence);
      if (ctx.settings.notifications !== 'off') {
        options.notifier.notify({ kind: 'failure', jobId: r.jobId ?? '', title: msg('restore-notice-title', {}), body: asMessage(r.sentence) });
      }
    }
    for (const id of [...announced]) if (!restoresNow.some((r) => r.id === id && r.needsAttention)) announced.delete(id);
    return restoresNow;
  }

  async function buildStatus(snapshot: HealthSnapshot): Promise<StatusDto> {
    const e = await ctx.engine();
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

  return {
    snapshotCache,
    offsiteCache,
    forget(jobId) {
      snapshotCache.delete(jobId);
      offsiteCache.delete(jobId);
    },
    restoresNow: () => restoresNow,
    readRestores,
    buildStatus,
    publishStatus,
    sawHealth(snapshot) {
      lastHealth = snapshot;
    },
    updateBusy,
    onBusyChange(listener) {
      busyListeners.add(listener);
      return () => busyListeners.delete(listener);
    },
    isBusy: () => busy,
  };
}
