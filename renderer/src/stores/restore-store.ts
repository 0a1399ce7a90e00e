/**
 * The restore wizard: where from (a job, or a backup folder on a new PC), which snapshot, which
 * items, where to, a review of the engine's plan, then progress and a verified result.
 *
 * One snapshot item becomes one restore request (the contract restores one source, or one
 * database, at a time); the review shows every plan and the run goes through them in order.
 * "Restore latest…" on the dashboard jumps straight to the review with everything selected and
 * restored to where it came from: the one-click path.
 */
import { create } from 'zustand';
import type {
  ErrorDto,
  MethodArgs,
  ProgressDto,
  RestorePlanDto,
  RestoreResultDto,
  SnapshotDto,
  SnapshotItemDto,
} from '../lib/contract.js';
import { call, on } from '../lib/api.js';
import type { Loadable } from '../lib/loadable.js';
import { foldProgress, type LiveProgress } from './status-store.js';

export type RestoreRequestInput = MethodArgs<'restore.plan'>[0];

export const RESTORE_STEPS = ['source', 'snapshot', 'items', 'target', 'review', 'progress', 'result'] as const;
export type RestoreStep = (typeof RESTORE_STEPS)[number];

/** How to read an off-site location (keychain entries, a bucket's endpoint): the contract's own shape. */
export type LocationAccess = NonNullable<RestoreRequestInput['fromAccess']>;

/**
 * A configured job, or a place picked in "Open a backup location…": a folder, or an off-site address
 * (rsync://…, user@host:/path, s3://bucket/prefix) with what it takes to read it.
 */
export type RestoreSource = { kind: 'job'; jobId: string } | { kind: 'folder'; path: string; access?: LocationAccess };

/** An address that is not a folder on this PC (read where it is, by the engine's storage locations). */
export function isOffsiteAddress(path: string): boolean {
  return /^(s3|rsync):\/\//i.test(path.trim()) || /^[^/\\]+::/.test(path.trim()) || /^[^/\\:]+@[^/\\:]+:/.test(path.trim());
}

export type Target =
  | { kind: 'original' }
  | { kind: 'folder'; path: string }
  | { kind: 'newDatabase'; name: string }
  | { kind: 'otherServer'; host: string; port: string; user: string; password: string; database: string };

export interface ItemChoice {
  key: string;
  item: SnapshotItemDto;
  /**
   * The snapshot this item comes from when it is not the chosen one: "Restore latest…" takes each
   * item's newest verified copy, which after a partial night is in an older snapshot.
   */
  snapshotId?: string;
  /** When that snapshot was taken (shown beside the item: how old its copy is). */
  snapshotStartedAt?: string;
  selected: boolean;
  /** Files only: '' for everything, else a folder inside the snapshot. */
  filesPath: string;
  /** Files only: delete files at the target that are not in the backup. */
  mirror: boolean;
  /** Redis only: empty the database before loading the backup. */
  flush: boolean;
  /**
   * MySQL only: drop DEFINER clauses so views, triggers and routines belong to the restoring user.
   * Without SUPER (any rental server) a dump with another account's definers cannot be loaded; the
   * engine's error names this option, so the wizard must offer it.
   */
  stripDefiners: boolean;
  target: Target;
  /**
   * The restore account the admin gave in the review, tested: the backup account Kura recommends may
   * only read. Its password is a `session.*` entry (memory only, forgotten when the wizard closes)
   * unless "remember" was ticked.
   */
  access?: AppliedAccess;
}

export interface AppliedAccess {
  user: string;
  /** rsync daemon: the restore module (server-setup's `<module>-restore`). */
  module?: string;
  passwordRef: string | null;
  remembered: boolean;
}

/** What the admin typed into "Restore access" (the password goes to the service, never into a request). */
export interface AccessInput {
  user: string;
  module: string;
  password: string;
  remember: boolean;
}

/** The outcome of "Test and use": the plan with the new account, or why not. */
export type AccessTest = { ok: true } | { ok: false; error: ErrorDto } | { ok: false; rights: NonNullable<RestorePlanDto['rights']> };

export interface ItemResult {
  key: string;
  restoreId: string | null;
  result: RestoreResultDto;
}

interface RestoreState {
  step: RestoreStep;
  source: RestoreSource | null;
  snapshots: Loadable<SnapshotDto[]>;
  snapshotId: string | null;
  items: ItemChoice[];
  safetyBackup: boolean;
  plans: Loadable<Array<{ key: string; plan: RestorePlanDto }>>;
  confirmation: string;
  /** The one running restore, with its progress and log. */
  current: { key: string; restoreId: string | null; progress: LiveProgress | undefined; log: string[] } | null;
  results: ItemResult[];
  runError: ErrorDto | null;

  reset(): void;
  chooseSource(source: RestoreSource): Promise<void>;
  chooseSnapshot(id: string): void;
  updateItem(key: string, patch: Partial<Omit<ItemChoice, 'key' | 'item'>>): void;
  setSafetyBackup(on: boolean): Promise<void>;
  setConfirmation(text: string): void;
  goTo(step: RestoreStep): void;
  review(): Promise<void>;
  quickRestoreLatest(jobId: string): Promise<void>;
  start(): Promise<void>;
  cancel(): Promise<void>;
  listen(): () => void;
  openFolder(title: string): Promise<string | null>;
  /** Tests a restore account for one item (a new plan with it) and, when it may do every step, uses it. */
  useAccess(key: string, input: AccessInput): Promise<AccessTest>;
  /**
   * The wizard is left (another screen, the window closed): passwords held for this session are
   * forgotten, and a review that relied on them is planned again on return. A running restore keeps them.
   */
  leave(): void;
}

function keyOf(item: SnapshotItemDto): string {
  return item.database ? `${item.source}:${item.database}` : item.source;
}

function choicesFor(snapshot: SnapshotDto | undefined, selectAll: boolean): ItemChoice[] {
  return (snapshot?.items ?? []).map((item) => ({
    key: keyOf(item),
    item,
    selected: selectAll,
    filesPath: '',
    mirror: false,
    flush: false,
    stripDefiners: false,
    target: { kind: 'original' },
  }));
}

/** Passwords typed in this wizard that live in the service's memory: forgotten when it is reset or closed. */
const sessionRefs = new Set<string>();

function sessionRef(purpose: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `session.${purpose}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Forgets every password this wizard held for the session (none of them is in the keychain). */
export async function forgetSessionSecrets(): Promise<void> {
  const refs = [...sessionRefs];
  sessionRefs.clear();
  await Promise.all(refs.map((ref) => call('secrets.forget', ref)));
}

/** Where "remember" keeps a restore account's password: one keychain entry per job and source. */
export function rememberedAccessRef(jobId: string, sourceId: string): string {
  return `${jobId}-${sourceId}-restore`.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 120);
}

/**
 * "Latest" is per item: every item of the newest snapshot, and for each item that failed that night
 * (a partial snapshot) its newest verified copy from an older snapshot. Items no longer backed up at
 * all are not brought back.
 */
function latestChoices(newestFirst: readonly SnapshotDto[]): ItemChoice[] {
  const latest = newestFirst[0];
  const items = choicesFor(latest, true);
  for (const f of latest?.failed ?? []) {
    const wanted = (i: SnapshotItemDto) => i.source === f.source && (f.database === null || i.database === f.database);
    for (const snap of newestFirst.slice(1)) {
      const found = choicesFor(snap, true).filter((c) => wanted(c.item) && !items.some((x) => x.key === c.key));
      if (found.length === 0) continue;
      items.push(...found.map((c) => ({ ...c, snapshotId: snap.id, snapshotStartedAt: snap.startedAt })));
      break;
    }
  }
  return items;
}

/** Secrets typed for "another server" go to the keychain under a one-off name, never into a request. */
let restoreSecretSeq = 0;

/** What the file browser asks for: the chosen item's snapshot and where it is, nothing about a target. */
export function browseRequestFor(s: Pick<RestoreState, 'source' | 'snapshotId'>, c: Pick<ItemChoice, 'snapshotId' | 'item'>): RestoreRequestInput {
  return {
    snapshotId: c.snapshotId ?? s.snapshotId ?? 'latest',
    sourceId: c.item.source,
    ...(s.source?.kind === 'job' ? { jobId: s.source.jobId } : { fromFolder: s.source?.path ?? '', ...(s.source?.access ? { fromAccess: s.source.access } : {}) }),
  };
}

/** The restore request for one chosen item. */
export async function requestFor(
  s: Pick<RestoreState, 'source' | 'snapshotId' | 'safetyBackup'>,
  c: ItemChoice,
): Promise<{ ok: true; request: RestoreRequestInput } | { ok: false; error: ErrorDto }> {
  const base = browseRequestFor(s, c);
  switch (c.item.type) {
    case 'files':
      return {
        ok: true,
        request: {
          ...base,
          files: {
            ...(c.filesPath.trim() ? { path: c.filesPath.trim() } : {}),
            ...(c.target.kind === 'folder' ? { toPath: c.target.path.trim() } : {}),
            mirror: c.mirror,
            ...(c.access && c.target.kind !== 'folder'
              ? { access: { user: c.access.user, ...(c.access.module ? { module: c.access.module } : {}), ...(c.access.passwordRef ? { passwordRef: c.access.passwordRef } : {}) } }
              : {}),
          },
        },
      };
    case 'mysql': {
      const mysql: NonNullable<RestoreRequestInput['mysql']> = { safetyBackup: s.safetyBackup, ...(c.stripDefiners ? { stripDefiners: true } : {}) };
      if (c.item.database) mysql.database = c.item.database;
      if (c.access?.passwordRef) mysql.account = { user: c.access.user, passwordRef: c.access.passwordRef };
      if (c.target.kind === 'newDatabase') mysql.toDatabase = c.target.name.trim();
      if (c.target.kind === 'otherServer') {
        const t = c.target;
        let passwordRef: string | undefined;
        if (t.password) {
          restoreSecretSeq += 1;
          // Memory only (the service's session store): a cancelled wizard leaves nothing in the keychain.
          passwordRef = sessionRef(`restore-target-${restoreSecretSeq}`);
          sessionRefs.add(passwordRef);
          const r = await call('secrets.set', passwordRef, t.password);
          if (!r.ok) return { ok: false, error: r.error };
        }
        mysql.target = { host: t.host.trim(), port: Number(t.port), user: t.user.trim(), ...(passwordRef ? { passwordRef } : {}) };
        if (t.database.trim()) mysql.toDatabase = t.database.trim();
      }
      return { ok: true, request: { ...base, mysql } };
    }
    case 'redis':
      return { ok: true, request: { ...base, redis: { method: 'live', flush: c.flush } } };
    default: {
      const never: never = c.item.type;
      return never;
    }
  }
}

/** Requests built at review time, reused by start() so a typed password is stored only once. */
let reviewed: Array<{ key: string; request: RestoreRequestInput }> = [];
/** `restore.finished` events may arrive before `restore.start` resolves: they wait here. */
const finished = new Map<string, RestoreResultDto>();
const waiters = new Map<string, (r: RestoreResultDto) => void>();

const blank = {
  step: 'source' as RestoreStep,
  source: null,
  snapshots: { kind: 'idle' } as Loadable<SnapshotDto[]>,
  snapshotId: null,
  items: [] as ItemChoice[],
  safetyBackup: true,
  plans: { kind: 'idle' } as RestoreState['plans'],
  confirmation: '',
  current: null,
  results: [] as ItemResult[],
  runError: null,
};

export const useRestoreStore = create<RestoreState>()((set, get) => ({
  ...blank,

  reset: () => {
    reviewed = [];
    void forgetSessionSecrets();
    set({ ...blank });
  },

  chooseSource: async (source) => {
    set({ source, snapshots: { kind: 'loading' }, snapshotId: null, items: [], step: 'snapshot' });
    const r = await call(
      'snapshots.list',
      source.kind === 'job' ? { jobId: source.jobId } : isOffsiteAddress(source.path) ? { location: source.path, ...(source.access ? { access: source.access } : {}) } : { folder: source.path },
    );
    set({ snapshots: r.ok ? { kind: 'ready', value: r.value } : { kind: 'error', error: r.error } });
  },

  chooseSnapshot: (id) => {
    const snaps = get().snapshots;
    const all = snaps.kind === 'ready' ? snaps.value : [];
    const newestFirst = [...all].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    const snap = all.find((x) => x.id === id);
    set({ snapshotId: id, items: snap && snap.id === newestFirst[0]?.id ? latestChoices(newestFirst) : choicesFor(snap, true), step: 'items' });
  },

  updateItem: (key, patch) => set((s) => ({ items: s.items.map((c) => (c.key === key ? { ...c, ...patch } : c)) })),

  setSafetyBackup: async (on) => {
    set({ safetyBackup: on });
    if (get().step === 'review') await get().review();
  },

  setConfirmation: (confirmation) => set({ confirmation }),

  goTo: (step) => set({ step }),

  review: async () => {
    set({ step: 'review', plans: { kind: 'loading' }, confirmation: '' });
    const chosen = get().items.filter((c) => c.selected);
    const built: typeof reviewed = [];
    const plans: Array<{ key: string; plan: RestorePlanDto }> = [];
    for (const c of chosen) {
      const req = await requestFor(get(), c);
      if (!req.ok) {
        set({ plans: { kind: 'error', error: req.error } });
        return;
      }
      const r = await call('restore.plan', req.request);
      if (!r.ok) {
        set({ plans: { kind: 'error', error: r.error } });
        return;
      }
      built.push({ key: c.key, request: req.request });
      plans.push({ key: c.key, plan: r.value });
    }
    reviewed = built;
    set({ plans: { kind: 'ready', value: plans } });
  },

  quickRestoreLatest: async (jobId) => {
    get().reset();
    await get().chooseSource({ kind: 'job', jobId });
    const snaps = get().snapshots;
    if (snaps.kind !== 'ready' || snaps.value.length === 0) return;
    const latest = [...snaps.value].sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0]!;
    get().chooseSnapshot(latest.id);
    await get().review();
  },

  start: async () => {
    set({ step: 'progress', results: [], runError: null });
    for (const { key, request } of reviewed) {
      set({ current: { key, restoreId: null, progress: undefined, log: [] } });
      const r = await call('restore.start', request);
      if (!r.ok) {
        set({ runError: r.error, current: null, step: 'result' });
        return;
      }
      const restoreId = r.value.restoreId;
      set((s) => ({ current: s.current ? { ...s.current, restoreId } : null }));
      const result = await new Promise<RestoreResultDto>((resolve) => {
        const early = finished.get(restoreId);
        if (early) {
          finished.delete(restoreId);
          resolve(early);
        } else waiters.set(restoreId, resolve);
      });
      set((s) => ({ results: [...s.results, { key, restoreId, result }] }));
      // Stop at the first restore that did not succeed: the admin should read it before more is overwritten.
      if (result.status !== 'success') break;
    }
    set({ current: null, step: 'result' });
  },

  cancel: async () => {
    const id = get().current?.restoreId;
    if (id) await call('restore.cancel', id);
  },

  useAccess: async (key, input) => {
    const c = get().items.find((x) => x.key === key);
    if (!c) return { ok: false, error: { code: 'internal', message: key, hint: null, category: 'internal' } };
    // Tested with a memory-only entry first: a wrong password never reaches the keychain, even with "remember".
    let passwordRef: string | null = null;
    if (input.password) {
      passwordRef = sessionRef('restore-access');
      sessionRefs.add(passwordRef);
      const r = await call('secrets.set', passwordRef, input.password);
      if (!r.ok) return { ok: false, error: r.error };
    }
    const access: AppliedAccess = { user: input.user.trim(), ...(input.module.trim() ? { module: input.module.trim() } : {}), passwordRef, remembered: false };
    const req = await requestFor(get(), { ...c, access });
    if (!req.ok) return { ok: false, error: req.error };
    const plan = await call('restore.plan', req.request);
    const forget = async () => {
      if (passwordRef === null) return;
      sessionRefs.delete(passwordRef);
      await call('secrets.forget', passwordRef);
    };
    if (!plan.ok) {
      await forget();
      return { ok: false, error: plan.error };
    }
    if (plan.value.rights && !plan.value.rights.ok) {
      await forget();
      return { ok: false, rights: plan.value.rights };
    }
    let applied = access;
    let request = req.request;
    const source = get().source;
    if (input.remember && passwordRef !== null && source?.kind === 'job') {
      // Proven to work: only now kept in the keychain, under the job's own name for it.
      const kept = rememberedAccessRef(source.jobId, c.item.source);
      const r = await call('secrets.set', kept, input.password);
      if (!r.ok) return { ok: false, error: r.error };
      await forget();
      applied = { ...access, passwordRef: kept, remembered: true };
      const again = await requestFor(get(), { ...c, access: applied });
      if (!again.ok) return { ok: false, error: again.error };
      request = again.request;
    }
    reviewed = reviewed.some((x) => x.key === key) ? reviewed.map((x) => (x.key === key ? { key, request } : x)) : [...reviewed, { key, request }];
    set((s) => ({
      items: s.items.map((x) => (x.key === key ? { ...x, access: applied } : x)),
      plans: s.plans.kind === 'ready' ? { kind: 'ready', value: s.plans.value.map((p) => (p.key === key ? { key, plan: plan.value } : p)) } : s.plans,
    }));
    return { ok: true };
  },

  leave: () => {
    const s = get();
    if (s.step === 'progress') return;
    void forgetSessionSecrets();
    const items = s.items.map((c) => (c.access && !c.access.remembered ? { ...c, access: undefined } : c));
    reviewed = [];
    set(s.step === 'review' ? { items, step: 'target', plans: { kind: 'idle' }, confirmation: '' } : { items });
  },

  openFolder: async (title) => {
    const r = await call('dialog.openFolder', { title });
    return r.ok ? r.value : null;
  },

  listen: () => {
    const matches = (restoreId: string) => {
      const cur = get().current;
      return cur !== null && (cur.restoreId === null || cur.restoreId === restoreId);
    };
    const offs = [
      on('restore.progress', ({ restoreId, progress }: { restoreId: string; progress: ProgressDto }) => {
        if (!matches(restoreId)) return;
        set((s) => (s.current ? { current: { ...s.current, progress: foldProgress(s.current.progress, progress) } } : {}));
      }),
      on('restore.log', ({ restoreId, line }) => {
        if (!matches(restoreId)) return;
        set((s) => (s.current ? { current: { ...s.current, log: [...s.current.log, line].slice(-2000) } } : {}));
      }),
      on('restore.finished', ({ restoreId, result }) => {
        const w = waiters.get(restoreId);
        if (w) {
          waiters.delete(restoreId);
          w(result);
        } else finished.set(restoreId, result);
      }),
    ];
    return () => offs.forEach((off) => off());
  },
}));
