/** The configured jobs (for filters, the restore wizard and editing). */
import { create } from 'zustand';
import type { JobConfigDto } from '../lib/contract.js';
import { call } from '../lib/api.js';
import type { Loadable } from '../lib/loadable.js';

interface JobsState {
  jobs: Loadable<JobConfigDto[]>;
  load(): Promise<void>;
}

export const useJobsStore = create<JobsState>()((set) => ({
  jobs: { kind: 'idle' },
  load: async () => {
    set({ jobs: { kind: 'loading' } });
    const r = await call('jobs.list');
    set({ jobs: r.ok ? { kind: 'ready', value: r.value } : { kind: 'error', error: r.error } });
  },
}));
