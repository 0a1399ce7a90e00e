/**
 * Live job health for the dashboard: the engine's status plus the latest progress of each running
 * backup, kept current by `status.changed`, `run.progress` and `run.finished` events.
 */
import { create } from 'zustand';
import type { ErrorDto, MessageDto, ProgressDto, RestoreResultDto, RunDto, RunItemDto, StatusDto } from '../lib/contract.js';
import { call, on } from '../lib/api.js';
import type { Loadable } from '../lib/loadable.js';

/** What a card shows while a backup runs: the last step sentence and the last byte/file counts. */
export interface LiveProgress {
  message: MessageDto | null;
  bytes: number | null;
  totalBytes: number | null;
  files: number | null;
  totalFiles: number | null;
}

const emptyProgress: LiveProgress = { message: null, bytes: null, totalBytes: null, files: null, totalFiles: null };

/** Folds one progress event into what the card shows. */
export function foldProgress(prev: LiveProgress | undefined, p: ProgressDto): LiveProgress {
  const base = prev ?? emptyProgress;
  switch (p.kind) {
    case 'step':
      return { ...base, message: p.message };
    case 'bytes':
      return { ...base, bytes: p.bytes, totalBytes: p.totalBytes };
    case 'files':
      return { ...base, files: p.files, totalFiles: p.totalFiles, bytes: p.bytes };
    default: {
      const never: never = p;
      return never;
    }
  }
}

/** What the banner of one unfinished restore shows after a button press. */
export type RecoveryAction = 'rollBack' | 'finish' | 'dismiss';
export type RecoveryState = { action: RecoveryAction; target: string } & (
  | { kind: 'working'; restoreId: string | null; message: MessageDto | null }
  | { kind: 'done'; result: RestoreResultDto | null }
  | { kind: 'error'; error: ErrorDto }
);

/** restore.finished may arrive before restore.finish / restore.rollBack answered with its id. */
const earlyResults = new Map<string, RestoreResultDto>();

interface StatusState {
  status: Loadable<StatusDto>;
  progress: Record<string, LiveProgress>;
  /** The last failed action per job ("Back up now" refused…), shown on its card until the next try. */
  actionError: Record<string, ErrorDto>;
  /**
   * Why each job's last run failed, keyed by job, with the run's start so a newer run replaces it.
   * The status only says "failed"; the dashboard must also say why and what to do, without a trip
   * to the run log.
   */
  lastFailure: Record<string, LastFailure>;
  /** Per unfinished restore (journal id): what "roll back", "finish" or "leave it" is doing or did. */
  recovery: Record<string, RecoveryState>;
  /** Runs one of the ways out of an interrupted restore (`target`: its words, kept for the result). */
  resolveRestore(journalId: string, action: RecoveryAction, target: string): Promise<void>;
  /** Hides the result of a finished roll back / finish. */
  clearRecovery(journalId: string): void;
  load(): Promise<void>;
  /** Fetches the newest run of a job whose status says its last run failed. */
  loadFailure(jobId: string): Promise<void>;
  listen(): () => void;
  backupNow(jobId: string): Promise<void>;
  cancel(jobId: string): Promise<void>;
  setPaused(paused: boolean): Promise<void>;
}

/** Why a job's last run failed or was partial: the run's error, and each item that failed with its own. */
export interface LastFailure {
  startedAt: string;
  error: ErrorDto;
  items: Array<{ source: string; type: RunItemDto['type']; name: string | null; error: ErrorDto }>;
}

function failedItems(run: RunDto): LastFailure['items'] {
  return run.items.flatMap((i) => (i.status === 'failed' && i.error ? [{ source: i.source, type: i.type, name: i.name, error: i.error }] : []));
}

export const useStatusStore = create<StatusState>()((set, get) => ({
  status: { kind: 'idle' },
  progress: {},
  actionError: {},
  lastFailure: {},
  recovery: {},
  resolveRestore: async (journalId, action, target) => {
    const put = (r: RecoveryState) => set((st) => ({ recovery: { ...st.recovery, [journalId]: r } }));
    put({ kind: 'working', action, target, restoreId: null, message: null });
    if (action === 'dismiss') {
      const r = await call('restore.dismiss', journalId);
      put(r.ok ? { kind: 'done', action, target, result: null } : { kind: 'error', action, target, error: r.error });
      await get().load();
      return;
    }
    const r = action === 'finish' ? await call('restore.finish', journalId) : await call('restore.rollBack', journalId);
    if (!r.ok) {
      put({ kind: 'error', action, target, error: r.error });
      return;
    }
    const early = earlyResults.get(r.value.restoreId);
    if (early) {
      earlyResults.delete(r.value.restoreId);
      put({ kind: 'done', action, target, result: early });
      await get().load();
      return;
    }
    put({ kind: 'working', action, target, restoreId: r.value.restoreId, message: null });
  },
  clearRecovery: (journalId) =>
    set((st) => {
      const recovery = { ...st.recovery };
      delete recovery[journalId];
      return { recovery };
    }),
  load: async () => {
    if (get().status.kind !== 'ready') set({ status: { kind: 'loading' } });
    const r = await call('status.get');
    set({ status: r.ok ? { kind: 'ready', value: r.value } : { kind: 'error', error: r.error } });
  },
  loadFailure: async (jobId) => {
    const r = await call('runs.history', { jobId });
    if (!r.ok) return;
    const newest = [...r.value].sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
    if (newest?.error) {
      const error = newest.error;
      set((st) => ({ lastFailure: { ...st.lastFailure, [jobId]: { startedAt: newest.startedAt, error, items: failedItems(newest) } } }));
    }
  },
  listen: () => {
    const offs = [
      on('status.changed', (s) => set({ status: { kind: 'ready', value: s } })),
      on('run.progress', ({ jobId, progress }) =>
        set((st) => ({ progress: { ...st.progress, [jobId]: foldProgress(st.progress[jobId], progress) } })),
      ),
      on('run.finished', ({ jobId, run }) => {
        set((st) => {
          const progress = { ...st.progress };
          delete progress[jobId];
          const lastFailure = { ...st.lastFailure };
          if (run?.error) lastFailure[jobId] = { startedAt: run.startedAt, error: run.error, items: failedItems(run) };
          else if (run) delete lastFailure[jobId];
          return { progress, lastFailure };
        });
        void get().load();
      }),
      on('restore.progress', ({ restoreId, progress }) => {
        if (progress.kind !== 'step') return;
        set((st) => {
          const entry = Object.entries(st.recovery).find(([, r]) => r.kind === 'working' && r.restoreId === restoreId);
          if (!entry) return {};
          const [id, r] = entry;
          return { recovery: { ...st.recovery, [id]: { ...(r as Extract<RecoveryState, { kind: 'working' }>), message: progress.message } } };
        });
      }),
      on('restore.finished', ({ restoreId, result }) => {
        const entry = Object.entries(get().recovery).find(([, r]) => r.kind === 'working' && r.restoreId === restoreId);
        if (!entry) {
          // Not ours yet (or the wizard's): kept briefly in case a call is about to learn this id.
          earlyResults.set(restoreId, result);
          if (earlyResults.size > 20) earlyResults.delete(earlyResults.keys().next().value!);
          return;
        }
        const [id, r] = entry;
        set((st) => ({ recovery: { ...st.recovery, [id]: { kind: 'done', action: r.action, target: r.target, result } } }));
        void get().load();
      }),
    ];
    return () => offs.forEach((off) => off());
  },
  backupNow: async (jobId) => {
    set((st) => {
      const actionError = { ...st.actionError };
      delete actionError[jobId];
      return { actionError, progress: { ...st.progress, [jobId]: emptyProgress } };
    });
    const r = await call('runs.start', jobId);
    if (!r.ok) {
      set((st) => {
        const progress = { ...st.progress };
        delete progress[jobId];
        return { progress, actionError: { ...st.actionError, [jobId]: r.error } };
      });
      return;
    }
    await get().load();
  },
  cancel: async (jobId) => {
    const r = await call('runs.cancel', jobId);
    if (!r.ok) set((st) => ({ actionError: { ...st.actionError, [jobId]: r.error } }));
  },
  setPaused: async (paused) => {
    const r = await call('schedules.pause', paused);
    if (r.ok) await get().load();
  },
}));
