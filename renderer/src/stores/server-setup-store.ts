/**
 * The server-setup screen's data: the snippets for one job (`setup.serverSnippets`), the shop PC's
 * address the admin may give to narrow "hosts allow" and the MySQL account, and which password
 * policy produced the current report.
 *
 * Loading keeps the stored passwords (`reuse`); `replace` is a separate, explicit action because it
 * overwrites the keychain at once and the next backup fails until the servers have the new lines.
 * The entries replaced during this visit are remembered, so a later refresh (which keeps passwords
 * and so reports them as kept) cannot hide that the servers still need the new lines.
 */
import { create } from 'zustand';
import type { ServerSetupDto } from '../lib/contract.js';
import { call } from '../lib/api.js';
import type { Loadable } from '../lib/loadable.js';

export type PasswordPolicy = 'reuse' | 'replace';

interface ServerSetupState {
  jobId: string | null;
  /** The shop PC's address as the servers see it; empty = not narrowed. */
  allow: string;
  report: Loadable<ServerSetupDto>;
  /** Keychain entries given new passwords during this visit. */
  replaced: string[];
  setAllow(allow: string): void;
  load(jobId: string, policy: PasswordPolicy): Promise<void>;
  reset(): void;
}

const initial = { jobId: null, allow: '', report: { kind: 'idle' } as Loadable<ServerSetupDto>, replaced: [] as string[] };

let seq = 0;

export const useServerSetupStore = create<ServerSetupState>()((set, get) => ({
  ...initial,
  setAllow: (allow) => set({ allow }),
  load: async (jobId, policy) => {
    const mine = ++seq;
    if (jobId !== get().jobId) set({ replaced: [] });
    set({ jobId, report: { kind: 'loading' } });
    const allow = get().allow.trim();
    const r = await call('setup.serverSnippets', jobId, { reusePasswords: policy === 'reuse', ...(allow ? { allow } : {}) });
    // An older answer (the admin switched jobs or asked again) must not replace a newer one.
    if (mine !== seq) return;
    if (!r.ok) {
      set({ report: { kind: 'error', error: r.error } });
      return;
    }
    const now = r.value.passwords.filter((p) => p.change === 'replaced').map((p) => p.ref);
    set({ report: { kind: 'ready', value: r.value }, replaced: [...new Set([...get().replaced, ...now])] });
  },
  reset: () => {
    seq++;
    set(initial);
  },
}));
