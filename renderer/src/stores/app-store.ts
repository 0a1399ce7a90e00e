/**
 * Which screen is showing and what the engine told us about itself (mode, OS language). Screens are
 * a tagged union so a screen's parameters (the job a wizard edits) travel with its name.
 */
import { create } from 'zustand';
import type { AppInfo } from '../lib/contract.js';
import { call, on } from '../lib/api.js';
import type { Loadable } from '../lib/loadable.js';

export type Screen =
  | { name: 'dashboard' }
  | { name: 'runs'; jobId?: string }
  | { name: 'restore'; jobId?: string }
  | { name: 'settings' }
  | { name: 'setup'; jobId?: string }
  /** What to paste on the shop's servers for a job (rsyncd, MySQL account, Redis ACL). */
  | { name: 'server-setup'; jobId: string };

interface AppState {
  screen: Screen;
  info: Loadable<AppInfo>;
  navigate(screen: Screen): void;
  loadInfo(): Promise<void>;
  /** Honours the shell's `ui.navigate` (tray "Restore…", a notification click). Returns unsubscribe. */
  listen(): () => void;
}

export const useAppStore = create<AppState>()((set) => ({
  screen: { name: 'dashboard' },
  info: { kind: 'idle' },
  navigate: (screen) => set({ screen }),
  loadInfo: async () => {
    set({ info: { kind: 'loading' } });
    const r = await call('app.info');
    set({ info: r.ok ? { kind: 'ready', value: r.value } : { kind: 'error', error: r.error } });
  },
  listen: () =>
    on('ui.navigate', (p) => {
      switch (p.screen) {
        case 'dashboard':
        case 'settings':
          set({ screen: { name: p.screen } });
          return;
        case 'runs':
        case 'restore':
          set({ screen: p.jobId ? { name: p.screen, jobId: p.jobId } : { name: p.screen } });
          return;
        default: {
          const never: never = p.screen;
          return never;
        }
      }
    }),
}));

/** 'browser' under `kura serve`, where there are no native dialogs and no log file to open. */
export function useMode(): AppInfo['mode'] {
  return useAppStore((s) => (s.info.kind === 'ready' ? s.info.value.mode : 'browser'));
}
