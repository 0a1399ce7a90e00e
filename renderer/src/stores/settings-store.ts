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
  /** The fields the admin changed since the draft was loaded or saved: a reload keeps them, and takes the rest. */
  edited: (keyof SettingsDto)[];
  save: SaveState;
  doctor: Loadable<DoctorDto>;
  /** The load now running, which another load joins (kept here so a reset store forgets it). */
  running: Promise<void> | null;
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

/** Counts the saves answered: a load asked before a save answered brings older settings than the save's. */
let saves = 0;

/** The fields edited so far, with `fields` (each once). */
function withEdited(edited: readonly (keyof SettingsDto)[], fields: readonly (keyof SettingsDto)[]): (keyof SettingsDto)[] {
  return [...new Set([...edited, ...fields])];
}

function copyOf(s: SettingsDto): SettingsDto {
  return { ...s, toolPaths: { ...s.toolPaths } };
}

export const useSettingsStore = create<SettingsState>()((set, get) => ({
  settings: { kind: 'idle' },
  draft: null,
  edited: [],
  save: { kind: 'idle' },
  doctor: { kind: 'idle' },
  // Two loads can overlap: the app's at start-up (after app.info, so 'auto' follows the OS) and the
  // Settings screen's when it opens. A load joins one already running; a reload of settings already
  // shown keeps the form on screen (setting `loading` unmounted it, and the alert settings inside it
  // reloaded and dropped a tick made a moment before) and keeps the fields the admin has edited (the
  // others take the reloaded values: a change made meanwhile elsewhere is not undone by Save). A load
  // that a save overtook keeps the saved settings.
  running: null,
  load: () => {
    const joined = get().running;
    if (joined) return joined;
    // (Cleared inside the load, before its promise settles: a load started after it never joins it.)
    let run: Promise<void> | undefined = undefined;
    run = (async () => {
      try {
        if (get().settings.kind !== 'ready') set({ settings: { kind: 'loading' } });
        const savesBefore = saves;
        const r = await call('settings.get');
        if (savesBefore !== saves) return;
        if (!r.ok) {
          set({ settings: { kind: 'error', error: r.error } });
          return;
        }
        const { edited, draft } = get();
        const next = copyOf(r.value);
        if (draft) for (const field of edited) Object.assign(next, { [field]: draft[field] });
        set({ settings: { kind: 'ready', value: r.value }, draft: next, ...(edited.length > 0 ? {} : { save: { kind: 'idle' } as const }) });
        await setLanguage(effectiveLanguage(next.language));
      } finally {
        if (get().running === run) set({ running: null });
      }
    })();
    set({ running: run });
    return run;
  },
  edit: (patch) => {
    const draft = get().draft;
    if (!draft) return;
    set({ draft: { ...draft, ...patch }, edited: withEdited(get().edited, Object.keys(patch) as (keyof SettingsDto)[]), save: { kind: 'idle' } });
    if (patch.language) void setLanguage(effectiveLanguage(patch.language));
  },
  setToolPath: (tool, path) => {
    const draft = get().draft;
    if (!draft) return;
    const toolPaths = { ...draft.toolPaths };
    if (path.trim() === '') delete toolPaths[tool];
    else toolPaths[tool] = path.trim();
    set({ draft: { ...draft, toolPaths }, edited: withEdited(get().edited, ['toolPaths']), save: { kind: 'idle' } });
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
    saves++;
    set({ settings: { kind: 'ready', value: r.value }, draft: copyOf(r.value), edited: [], save: { kind: 'saved' } });
  },
  runDoctor: async () => {
    set({ doctor: { kind: 'loading' } });
    const r = await call('doctor.run');
    set({ doctor: r.ok ? { kind: 'ready', value: r.value } : { kind: 'error', error: r.error } });
  },
}));
