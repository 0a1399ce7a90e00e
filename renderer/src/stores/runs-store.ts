/**
 * The run log screen: history with filters, the selected run's log, and live lines for a run that
 * is still going (the engine streams them as `run.log` events).
 */
import { create } from 'zustand';
import type { ErrorDto, RunDto, RunStatus } from '../lib/contract.js';
import { call, on } from '../lib/api.js';
import type { Loadable } from '../lib/loadable.js';

/** How many log lines to fetch for a finished run: enough to read, small enough to render. */
export const LOG_TAIL_LINES = 500;

export interface RunFilter {
  jobId: string;
  /** '' for every status. */
  status: '' | RunStatus;
}

interface RunsState {
  filter: RunFilter;
  history: Loadable<RunDto[]>;
  selected: { jobId: string; runId: string } | null;
  log: Loadable<string[]>;
  openError: ErrorDto | null;
  setFilter(patch: Partial<RunFilter>): Promise<void>;
  load(): Promise<void>;
  select(run: RunDto): Promise<void>;
  openLog(): Promise<void>;
  listen(): () => void;
}

function selectedRun(s: Pick<RunsState, 'history' | 'selected'>): RunDto | undefined {
  if (s.history.kind !== 'ready' || !s.selected) return undefined;
  const sel = s.selected;
  return s.history.value.find((r) => r.runId === sel.runId && r.jobId === sel.jobId);
}

export const useRunsStore = create<RunsState>()((set, get) => ({
  filter: { jobId: '', status: '' },
  history: { kind: 'idle' },
  selected: null,
  log: { kind: 'idle' },
  openError: null,
  setFilter: async (patch) => {
    set((s) => ({ filter: { ...s.filter, ...patch } }));
    await get().load();
  },
  load: async () => {
    const { filter } = get();
    if (get().history.kind !== 'ready') set({ history: { kind: 'loading' } });
    const query: { jobId?: string; status?: string } = {};
    if (filter.jobId) query.jobId = filter.jobId;
    if (filter.status) query.status = filter.status;
    const r = await call('runs.history', query);
    set({ history: r.ok ? { kind: 'ready', value: r.value } : { kind: 'error', error: r.error } });
  },
  select: async (run) => {
    set({ selected: { jobId: run.jobId, runId: run.runId }, log: { kind: 'loading' }, openError: null });
    const r = await call('runs.logTail', run.jobId, run.runId, LOG_TAIL_LINES);
    const still = get().selected;
    if (!still || still.runId !== run.runId) return;
    set({ log: r.ok ? { kind: 'ready', value: r.value } : { kind: 'error', error: r.error } });
  },
  openLog: async () => {
    const sel = get().selected;
    if (!sel) return;
    const r = await call('runs.openLog', sel.jobId, sel.runId);
    set({ openError: r.ok ? null : r.error });
  },
  listen: () => {
    const offs = [
      on('run.log', ({ jobId, runId, line }) => {
        const s = get();
        const run = selectedRun(s);
        if (!run || run.status !== 'running' || run.jobId !== jobId) return;
        if (runId !== null && runId !== run.runId) return;
        if (s.log.kind !== 'ready') return;
        set({ log: { kind: 'ready', value: [...s.log.value, line].slice(-LOG_TAIL_LINES * 4) } });
      }),
      on('run.finished', () => void get().load()),
      on('status.changed', (st) => {
        // A run that just started shows up in the history without waiting for it to finish.
        const known = get().history;
        if (known.kind !== 'ready') return;
        const running = st.jobs.filter((j) => j.running?.runId);
        if (running.some((j) => !known.value.some((r) => r.runId === j.running?.runId))) void get().load();
      }),
    ];
    return () => offs.forEach((off) => off());
  },
}));

export { selectedRun };
