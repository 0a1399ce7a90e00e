/**
 * App settings and the doctor's report. The language is applied as soon as it is chosen, before
 * saving, so the admin sees the effect of the switch they just flipped.
 */
import { create } from 'zustand';
import type { DoctorDto, ErrorDto, Language, SettingsDto } from '../lib/contract.js';
import { call } from '../lib/api.js';
import type { Loadable } from '../lib/loadable.js';
import { navigatorLanguage, setLanguage } from '../i18n/index.js';
import { useAppStore } from './app-store.js';

export type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'error'; error: ErrorDto };

interface SettingsState {
  settings: Loadable<SettingsDto>;
  draft: SettingsDto | null;
  save: SaveState;
  doctor: Loadable<DoctorDto>;
  load(): Promise<void>;
  edit(patch: Partial<SettingsDto>): void;
  setToolPath(tool: string, path: string): void;
  saveDraft(): Promise<void>;
  runDoctor(): Promise<void>;
}

/** The language to show for a setting: 'auto' follows the OS (via the engine), else the browser. */
export function effectiveLanguage(setting: SettingsDto['language']): Language {
  if (setting !== 'auto') return setting;
  const info = useAppStore.getState().info;
  return info.kind === 'ready' ? info.value.systemLanguage : navigatorLanguage();
}

export const useSettingsStore = create<SettingsState>()((set, get) => ({
  settings: { kind: 'idle' },
  draft: null,
  save: { kind: 'idle' },
  doctor: { kind: 'idle' },
  load: async () => {
    set({ settings: { kind: 'loading' } });
    const r = await call('settings.get');
    if (!r.ok) {
      set({ settings: { kind: 'error', error: r.error } });
      return;
    }
    set({ settings: { kind: 'ready', value: r.value }, draft: { ...r.value, toolPaths: { ...r.value.toolPaths } }, save: { kind: 'idle' } });
    await setLanguage(effectiveLanguage(r.value.language));
  },
  edit: (patch) => {
    const draft = get().draft;
    if (!draft) return;
    set({ draft: { ...draft, ...patch }, save: { kind: 'idle' } });
    if (patch.language) void setLanguage(effectiveLanguage(patch.language));
  },
  setToolPath: (tool, path) => {
    const draft = get().draft;
    if (!draft) return;
    const toolPaths = { ...draft.toolPaths };
    if (path.trim() === '') delete toolPaths[tool];
    else toolPaths[tool] = path.trim();
    set({ draft: { ...draft, toolPaths }, save: { kind: 'idle' } });
  },
  saveDraft: async () => {
    const draft = get().draft;
    if (!draft) return;
    set({ save: { kind: 'saving' } });
    const r = await call('settings.save', draft);
    if (!r.ok) {
      set({ save: { kind: 'error', error: r.error } });
      return;
    }
    set({ settings: { kind: 'ready', value: r.value }, draft: { ...r.value, toolPaths: { ...r.value.toolPaths } }, save: { kind: 'saved' } });
  },
  runDoctor: async () => {
    set({ doctor: { kind: 'loading' } });
    const r = await call('doctor.run');
    set({ doctor: r.ok ? { kind: 'ready', value: r.value } : { kind: 'error', error: r.error } });
  },
}));
