/**
 * The setup wizard (new job and edit). Seven steps; each source step can be skipped. Validation
 * errors are i18n keys kept per field: once a step has been attempted they are recomputed on every
 * edit, so a message stays on screen exactly until its field is fixed.
 *
 * Passwords never enter the job config: the moment a password is needed (a connection test or
 * saving) it goes to the OS keychain with `secrets.set` under `<jobId>-<sourceId>`, the field is
 * cleared, and the job keeps only the reference.
 */
import { create } from 'zustand';
import { isAbsoluteAnyOs } from '../../../electron/shared/absolute-path.js';
import { isValidTimeZone } from '../../../electron/shared/zoned-time.js';
import type {
  ErrorDto,
  OffsiteTargetDto,
  FilesTestDto,
  FreeSpaceDto,
  JobConfigDto,
  MysqlTestDto,
  RedisTestDto,
  ScheduleInfoDto,
  SourceDto,
  SshConnectionDto,
  SshHostKeyDto,
  SshKeyDto,
} from '../lib/contract.js';
import { call } from '../lib/api.js';
import { hostError, isPastedDaemonAddress, isPort } from '../lib/field-checks.js';
import { beginTest, cancelTest, endTest, wasCancelled, type TestSection } from './test-handles.js';
import {
  emptyStandby,
  heartbeatRef,
  jobAlertsWith,
  mysqlStandbysOf,
  redisStandbysOf,
  standbyErrors,
  standbyFieldsOf,
  standbyRef,
  type HeartbeatFields,
  type StandbyFields,
} from './wizard-standbys.js';
import { composeFrom, emptyFilesFields, parseFrom, type FilesFields } from '../lib/files-from.js';
import type { Loadable } from '../lib/loadable.js';
import { buildS3Target, initialOffsite, offsiteFromJob, sectionRefs, validateOffsite, type OffsiteSection } from './offsite-section.js';
import {
  presetForCron,
  presetForRetention,
  retentionPresets,
  scheduleCron,
  type Retention,
  type RetentionPreset,
  type SchedulePreset,
} from '../lib/presets.js';

export const STEPS = ['basics', 'server', 'files', 'databases', 'redis', 'schedule', 'retention', 'offsite', 'summary'] as const;

/**
 * How Kura reaches the shop's server — the wizard's first question about the shop, reused by every
 * source step: `ssh` (a VPS or rental server: one SSH connection for files, MySQL and Redis),
 * `direct` (servers on the same network: an rsync module, MySQL and Redis ports), `local` (this machine).
 */
export type Reach = 'ssh' | 'direct' | 'local';

export interface ServerSection {
  reach: Reach;
  host: string;
  port: string;
  user: string;
  auth: 'key' | 'password';
  keyPath: string;
  /** The key's passphrase as typed (cleared once in the keychain). */
  passphrase: string;
  /** Keychain entry of the passphrase (typed, or the one Kura made with a generated key). */
  passphraseRef: string | null;
  password: string;
  passwordStored: boolean;
  passwordError: ErrorDto | null;
  /** The server's key as shown, before anything is sent; `trusted` once confirmed. */
  hostKey: Loadable<SshHostKeyDto>;
  test: Loadable<{ user: string; fingerprint: string }>;
  generated: Loadable<SshKeyDto>;
}
export type StepName = (typeof STEPS)[number];

interface Secretive {
  /** What the admin typed; cleared once it is in the keychain. */
  password: string;
  passwordStored: boolean;
  passwordError: ErrorDto | null;
}

export interface FilesSection extends FilesFields, Secretive {
  enabled: boolean;
  sourceId: string;
  sshKeyPath: string;
  sshPort: string;
  exclude: string;
  test: Loadable<FilesTestDto>;
}

export interface MysqlSection extends Secretive {
  enabled: boolean;
  sourceId: string;
  host: string;
  port: string;
  user: string;
  databases: string[];
  available: string[];
  test: Loadable<MysqlTestDto>;
  /** Replicas of this server, watched (wizard-standbys.ts). */
  standbys: StandbyFields[];
  dumpFromStandby: boolean;
}

export interface RedisSection extends Secretive {
  enabled: boolean;
  sourceId: string;
  host: string;
  port: string;
  username: string;
  method: 'sync' | 'file';
  rdbPath: string;
  test: Loadable<RedisTestDto>;
  standbys: StandbyFields[];
}

export interface ScheduleSection {
  preset: SchedulePreset;
  cron: string;
  timezone: string | undefined;
  info: Loadable<ScheduleInfoDto>;
}

export interface RetentionSection {
  preset: RetentionPreset;
  values: Retention;
}

export type Mode = { kind: 'new' } | { kind: 'edit'; jobId: string };

type Sections = { files: FilesSection; mysql: MysqlSection; redis: RedisSection; server: ServerSection };
export type SectionName = keyof Sections;

export interface WizardState {
  mode: Mode;
  loadState: Loadable<true>;
  step: number;
  /** Steps the admin tried to leave: their errors are shown and kept up to date. */
  attempted: Record<number, boolean>;
  errors: Record<string, string>;
  jobId: string;
  name: string;
  destination: string;
  /** Editing: the folder the job's snapshots are in now (a change leaves them there); null for a new job. */
  savedDestination: string | null;
  /** Editing: earlier folders whose snapshots the job still lists (destination.earlier). */
  savedEarlier: string[];
  /** Moving the folder: keep listing the snapshots left in the old one (ticked by default). */
  keepEarlier: boolean;
  /** The admin ticked "create this folder" for a destination that does not exist yet. */
  createDestination: boolean;
  compression: JobConfigDto['compression'];
  /** Sources of an edited job that this wizard does not show (a second database server…): kept as they are. */
  otherSources: SourceDto[];
  freeSpace: Loadable<FreeSpaceDto>;
  server: ServerSection;
  files: FilesSection;
  mysql: MysqlSection;
  redis: RedisSection;
  schedule: ScheduleSection;
  retention: RetentionSection;
  offsite: OffsiteSection;
  /** Off-site targets of an edited job that the step does not show (rsync servers, more buckets): kept as they are. */
  otherOffsite: OffsiteTargetDto[];
  saved: Loadable<JobConfigDto>;
  firstRun: Loadable<{ runId: string | null; skipped: boolean }>;
  /** The job's own heartbeat (job.alerts.heartbeat), and its other own alerts, kept as they are. */
  heartbeat: HeartbeatFields;
  otherAlerts: JobConfigDto['alerts'];

  startNew(existingIds: string[]): void;
  startEdit(jobId: string): Promise<void>;
  setBasics(patch: Partial<Pick<WizardState, 'name' | 'destination' | 'createDestination' | 'keepEarlier'>>): void;
  setSection<S extends SectionName>(section: S, patch: Partial<Sections[S]>): void;
  setSchedule(patch: Partial<Pick<ScheduleSection, 'preset' | 'cron' | 'timezone'>>): void;
  setRetention(patch: { preset?: RetentionPreset; values?: Partial<Retention> }): void;
  toggleDatabase(name: string, on: boolean): void;
  next(): Promise<void>;
  back(): void;
  goTo(step: number): void;
  browse(target: 'destination' | 'localPath', title: string): Promise<void>;
  checkFreeSpace(): Promise<void>;
  storePassword(section: SectionName): Promise<boolean>;
  /** Stores the server's password or passphrase, shows the server's key and, when it is confirmed, logs in. */
  checkServer(): Promise<void>;
  /** Confirms the key shown (the admin compared the fingerprint), then logs in. */
  trustServer(): Promise<void>;
  generateKey(): Promise<void>;
  testFiles(): Promise<void>;
  testMysql(): Promise<void>;
  testRedis(): Promise<void>;
  /** Cancel: removes the keychain entries this wizard stored for a job that is not saved. */
  discard(): Promise<void>;
  /** The files host field was left: an address typed into it whole fills the fields. */
  leaveFilesHost(): void;
  /** Stops the section's running test (it goes back to idle). */
  cancelTest(section: TestSection): Promise<void>;
  describeSchedule(): Promise<void>;
  setOffsite(patch: Partial<OffsiteSection>): void;
  /** Puts the typed secret access key and passphrase into the keychain; false (with the error shown) when that failed. */
  storeOffsiteSecrets(): Promise<boolean>;
  testS3(): Promise<void>;
  createRecoveryKit(): Promise<void>;
  save(): Promise<void>;
  runFirst(): Promise<void>;
  addStandby(section: 'mysql' | 'redis'): void;
  setStandby(section: 'mysql' | 'redis', index: number, patch: Partial<StandbyFields>): void;
  removeStandby(section: 'mysql' | 'redis', index: number): void;
  checkStandby(section: 'mysql' | 'redis', index: number): Promise<void>;
  setHeartbeat(url: string): void;
}

const noSecret: Secretive = { password: '', passwordStored: false, passwordError: null };

function initialServer(): ServerSection {
  return {
    reach: 'ssh',
    host: '',
    port: '',
    user: '',
    auth: 'key',
    keyPath: '',
    passphrase: '',
    passphraseRef: null,
    password: '',
    passwordStored: false,
    passwordError: null,
    hostKey: { kind: 'idle' },
    test: { kind: 'idle' },
    generated: { kind: 'idle' },
  };
}
function initialFiles(): FilesSection {
  return { ...emptyFilesFields, ...noSecret, enabled: true, sourceId: 'files', sshKeyPath: '', sshPort: '', exclude: '', test: { kind: 'idle' } };
}
function initialMysql(): MysqlSection {
  return { ...noSecret, enabled: true, sourceId: 'mysql', host: '127.0.0.1', port: '3306', user: '', databases: [], available: [], test: { kind: 'idle' }, standbys: [], dumpFromStandby: false };
}
function initialRedis(): RedisSection {
  return { ...noSecret, enabled: true, sourceId: 'redis', host: '127.0.0.1', port: '6379', username: '', method: 'sync', rdbPath: '', test: { kind: 'idle' }, standbys: [] };
}

const initial = {
  mode: { kind: 'new' } as Mode,
  loadState: { kind: 'ready', value: true } as Loadable<true>,
  step: 0,
  attempted: {},
  errors: {},
  jobId: '',
  name: '',
  destination: '',
  savedDestination: null,
  savedEarlier: [],
  keepEarlier: true,
  createDestination: false,
  compression: 'balanced' as const,
  otherSources: [],
  freeSpace: { kind: 'idle' } as Loadable<FreeSpaceDto>,
  schedule: { preset: 'nightly', cron: scheduleCron.nightly, timezone: undefined, info: { kind: 'idle' } } as ScheduleSection,
  retention: { preset: 'standard', values: { ...retentionPresets.standard } } as RetentionSection,
  otherOffsite: [] as OffsiteTargetDto[],
  saved: { kind: 'idle' } as Loadable<JobConfigDto>,
  firstRun: { kind: 'idle' } as Loadable<{ runId: string | null; skipped: boolean }>,
  heartbeat: { url: '', stored: false, ref: null } as HeartbeatFields,
  otherAlerts: undefined as JobConfigDto['alerts'],
};

/** A job id from its name: ASCII letters and digits kept, the rest dropped; Japanese names get a dated id. */
export function makeJobId(name: string, existing: string[]): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  const base = slug || `job-${new Date().toISOString().slice(0, 10).replace(/-/g, '')}`;
  let id = base;
  for (let i = 2; existing.includes(id); i += 1) id = `${base}-${i}`;
  return id;
}

const isCount = (n: number, min: number) => Number.isInteger(n) && n >= min && n <= 1000;

/** Field errors (i18n keys) for one step. */
export function validateStep(s: WizardState, step: number): Record<string, string> {
  const e: Record<string, string> = {};
  const name = STEPS[step];
  switch (name) {
    case 'basics':
      if (!s.name.trim()) e['name'] = 'wizard.errors.nameRequired';
      if (!s.destination.trim()) e['destination'] = 'wizard.errors.destinationRequired';
      else if (!isAbsoluteAnyOs(s.destination.trim())) e['destination'] = 'wizard.errors.destinationRelative';
      else if (s.freeSpace.kind === 'ready' && !s.freeSpace.value.exists && !s.createDestination) e['destination'] = 'wizard.errors.destinationMissing';
      break;
    case 'server': {
      const v = s.server;
      if (v.reach !== 'ssh') break;
      const serverHost = hostError(v.host);
      if (serverHost) e['server.host'] = serverHost;
      if (v.port.trim() && !isPort(v.port)) e['server.port'] = 'wizard.errors.portInvalid';
      if (!v.user.trim()) e['server.user'] = 'wizard.errors.userRequired';
      if (v.auth === 'key' && !v.keyPath.trim()) e['server.keyPath'] = 'wizard.errors.keyRequired';
      if (v.auth === 'password' && !v.password && !v.passwordStored) e['server.password'] = 'wizard.errors.passwordRequired';
      if (!e['server.host'] && !(v.hostKey.kind === 'ready' && v.hostKey.value.status === 'trusted')) e['server.hostKey'] = 'wizard.errors.hostKeyUnconfirmed';
      break;
    }
    case 'files': {
      const f = s.files;
      if (!f.enabled) break;
      if (s.server.reach === 'ssh') {
        if (!f.path.trim().startsWith('/')) e['files.path'] = 'wizard.errors.serverFolder';
        break;
      }
      if (f.kind === 'local') {
        if (!f.localPath.trim()) e['files.localPath'] = 'wizard.errors.folderRequired';
        break;
      }
      const filesHost = hostError(f.host);
      if (filesHost) e['files.host'] = filesHost;
      if (f.kind === 'daemon') {
        if (!f.module.trim()) e['files.module'] = 'wizard.errors.moduleRequired';
        if (f.port.trim() && !isPort(f.port)) e['files.port'] = 'wizard.errors.portInvalid';
      } else {
        if (!f.path.trim()) e['files.path'] = 'wizard.errors.folderRequired';
        if (f.sshPort.trim() && !isPort(f.sshPort)) e['files.sshPort'] = 'wizard.errors.portInvalid';
      }
      break;
    }
    case 'databases': {
      const m = s.mysql;
      if (!m.enabled) break;
      const mysqlHost = hostError(m.host);
      if (mysqlHost) e['mysql.host'] = mysqlHost;
      if (!isPort(m.port)) e['mysql.port'] = 'wizard.errors.portInvalid';
      if (!m.user.trim()) e['mysql.user'] = 'wizard.errors.userRequired';
      if (m.databases.length === 0) e['mysql.databases'] = 'wizard.errors.databasesRequired';
      Object.assign(e, standbyErrors('mysql', m.standbys));
      break;
    }
    case 'redis': {
      const r = s.redis;
      if (!r.enabled) break;
      const redisHost = hostError(r.host);
      if (redisHost) e['redis.host'] = redisHost;
      if (!isPort(r.port)) e['redis.port'] = 'wizard.errors.portInvalid';
      Object.assign(e, standbyErrors('redis', r.standbys));
      break;
    }
    case 'schedule': {
      if (s.heartbeat.url.trim() && !/^https?:\/\/\S+$/.test(s.heartbeat.url.trim())) e['schedule.heartbeat'] = 'ui-alerts-err-url';
      const zone = s.schedule.timezone?.trim();
      if (zone && !isValidTimeZone(zone)) e['schedule.timezone'] = 'wizard.errors.timezoneInvalid';
      if (s.schedule.preset === 'custom') {
        if (!s.schedule.cron.trim()) e['schedule.cron'] = 'wizard.errors.cronRequired';
        else if (s.schedule.info.kind === 'ready' && !s.schedule.info.value.valid) e['schedule.cron'] = 'wizard.errors.cronInvalid';
      }
      break;
    }
    case 'retention': {
      const v = s.retention.values;
      if (!isCount(v.keepLast, 1)) e['retention.keepLast'] = 'wizard.errors.keepLastRange';
      for (const k of ['keepDaily', 'keepWeekly', 'keepMonthly'] as const) if (!isCount(v[k], 0)) e[`retention.${k}`] = 'wizard.errors.countRange';
      break;
    }
    case 'offsite':
      // Catalogue codes, rendered by the step itself (offsite-section.ts).
      Object.assign(e, validateOffsite(s.offsite));
      break;
    case 'summary':
      if (!s.files.enabled && !s.mysql.enabled && !s.redis.enabled) e['sources'] = 'wizard.errors.noSources';
      break;
    case undefined:
      break;
    default: {
      const never: never = name;
      return never;
    }
  }
  return e;
}

/** The keychain entry name for a source's password. */
export function secretRefFor(jobId: string, sourceId: string): string {
  return `${jobId}-${sourceId}`;
}

/** The server connection as the job (and the SSH tests) take it. */
export function sshConnection(s: Pick<WizardState, 'jobId' | 'server'>): SshConnectionDto {
  const v = s.server;
  const port = v.port.trim() ? Number(v.port) : 22;
  if (v.auth === 'password') return { host: v.host.trim(), port, user: v.user.trim(), passwordRef: secretRefFor(s.jobId, 'ssh') };
  return { host: v.host.trim(), port, user: v.user.trim(), keyPath: v.keyPath.trim(), ...(v.passphraseRef ? { passphraseRef: v.passphraseRef } : {}) };
}

/** The same folder written with or without a trailing separator. */
export function sameFolder(a: string, b: string): boolean {
  const norm = (p: string) => p.trim().replace(/[\\/]+$/, '');
  return norm(a) === norm(b);
}

/**
 * The job's folder, and the earlier ones whose snapshots it keeps listing: the old folder joins them
 * when the admin moves the job and keeps "show the snapshots in the old folder" ticked; a folder the
 * job moves back to leaves them.
 */
export function destinationOf(s: Pick<WizardState, 'destination' | 'savedDestination' | 'savedEarlier' | 'keepEarlier'>): JobConfigDto['destination'] {
  const path = s.destination.trim();
  const moved = s.savedDestination !== null && path !== '' && !sameFolder(path, s.savedDestination);
  const earlier = [...s.savedEarlier, ...(moved && s.keepEarlier ? [s.savedDestination!.trim()] : [])].filter(
    (f, i, all) => !sameFolder(f, path) && all.findIndex((g) => sameFolder(g, f)) === i,
  );
  return earlier.length > 0 ? { path, earlier } : { path };
}

/** The job the wizard would save now. */
export function buildJob(s: WizardState): JobConfigDto {
  const sources: SourceDto[] = [];
  const ref = (sec: Secretive & { sourceId: string }) => (sec.passwordStored ? { passwordRef: secretRefFor(s.jobId, sec.sourceId) } : {});
  const viaSsh = s.server.reach === 'ssh';
  const via = viaSsh ? { via: 'ssh' as const } : {};
  if (s.files.enabled && viaSsh) {
    const f = s.files;
    sources.push({ id: f.sourceId, type: 'files', via: 'ssh', from: f.path.trim(), exclude: f.exclude.split('\n').map((l) => l.trim()).filter(Boolean) });
  } else if (s.files.enabled) {
    const f = s.files;
    sources.push({
      id: f.sourceId,
      type: 'files',
      from: composeFrom(f),
      exclude: f.exclude.split('\n').map((l) => l.trim()).filter(Boolean),
      ...(f.kind === 'daemon' ? ref(f) : {}),
      ...(f.kind === 'ssh' && f.sshKeyPath.trim() ? { sshKeyPath: f.sshKeyPath.trim() } : {}),
      ...(f.kind === 'ssh' && f.sshPort.trim() ? { sshPort: Number(f.sshPort) } : {}),
    });
  }
  if (s.mysql.enabled) {
    const m = s.mysql;
    sources.push({
      id: m.sourceId,
      type: 'mysql',
      ...via,
      host: m.host.trim(),
      port: Number(m.port),
      user: m.user.trim(),
      databases: [...m.databases],
      ...ref(m),
      ...(m.standbys.length > 0 ? { standbys: mysqlStandbysOf(m.standbys) } : {}),
      ...(m.standbys.length > 0 && m.dumpFromStandby ? { dumpFromStandby: { maxLagSeconds: Number(m.standbys[0]!.maxLag) } } : {}),
    });
  }
  if (s.redis.enabled) {
    const r = s.redis;
    sources.push({
      id: r.sourceId,
      type: 'redis',
      ...via,
      host: r.host.trim(),
      port: Number(r.port),
      method: viaSsh ? 'sync' : r.method,
      ...(r.username.trim() ? { username: r.username.trim() } : {}),
      ...(!viaSsh && r.method === 'file' && r.rdbPath.trim() ? { rdbPath: r.rdbPath.trim() } : {}),
      ...ref(r),
      ...(r.standbys.length > 0 ? { standbys: redisStandbysOf(r.standbys) } : {}),
    });
  }
  sources.push(...s.otherSources);
  const job: JobConfigDto = {
    id: s.jobId,
    name: s.name.trim(),
    destination: destinationOf(s),
    sources,
    retention: { ...s.retention.values },
    compression: s.compression,
    offsite: [...s.otherOffsite, ...(s.offsite.enabled ? [buildS3Target(s.jobId, s.offsite)] : [])],
  };
  if (viaSsh) job.ssh = sshConnection(s);
  if (s.schedule.preset !== 'manual') job.schedule = { cron: s.schedule.cron.trim(), ...(s.schedule.timezone?.trim() ? { timezone: s.schedule.timezone.trim() } : {}) };
  const alerts = jobAlertsWith(s.otherAlerts, s.jobId, s.heartbeat);
  if (alerts) job.alerts = alerts;
  return job;
}

/** Ids of existing jobs, captured by startNew so a new id never collides. */
let pendingIds: string[] = [];

/**
 * Keychain entries this wizard wrote since it opened: a wizard thrown away (Cancel) removes them
 * again, so a job that was never saved leaves no password behind. Cleared once the job is saved.
 */
const storedRefs = new Set<string>();

/**
 * Passwords typed in this wizard, held until Save. A Test reads them from a memory-only
 * `session.wizard-…` entry of the service, never from the keychain: a wrong password tried in the
 * edit wizard and then cancelled leaves the job's saved password as it was (tonight's backup still
 * logs in), and a cancelled new job leaves nothing. Save writes them to the keychain under the job's
 * names (`<jobId>-<sourceId>`, …) just before the job itself.
 */
const staged = new Map<string, { session: string; value: string }>();

async function storeSecret(ref: string, value: string): Promise<Awaited<ReturnType<typeof call<'secrets.set'>>>> {
  const session = `session.wizard-${ref}`;
  const r = await call('secrets.set', session, value);
  if (r.ok) staged.set(ref, { session, value });
  return r;
}

/** A test's arguments with every `…Ref` this wizard holds a typed password for pointing at that password. */
function forTest<T>(arg: T): T {
  if (staged.size === 0) return arg;
  return JSON.parse(JSON.stringify(arg), (key, value: unknown) => (key.endsWith('Ref') && typeof value === 'string' ? (staged.get(value)?.session ?? value) : value)) as T;
}

/**
 * The off-site target's secret key and passphrase go to the keychain at once (the recovery kit is
 * made from them before Save); a cancelled new job removes them again (`storedRefs`).
 */
async function storeNow(ref: string, value: string): Promise<Awaited<ReturnType<typeof call<'secrets.set'>>>> {
  const r = await call('secrets.set', ref, value);
  if (r.ok) storedRefs.add(ref);
  return r;
}

/** Save: the typed passwords into the keychain under the job's names; the session copies go. */
async function commitStaged(): Promise<Awaited<ReturnType<typeof call<'secrets.set'>>>> {
  for (const [ref, { session, value }] of [...staged]) {
    const r = await call('secrets.set', ref, value);
    if (!r.ok) return r;
    storedRefs.add(ref);
    staged.delete(ref);
    await call('secrets.forget', session);
  }
  return { ok: true, value: undefined };
}

/** Cancel: the typed passwords are forgotten; the keychain was never touched. */
async function discardStaged(): Promise<void> {
  for (const [ref, { session }] of [...staged]) {
    staged.delete(ref);
    await call('secrets.forget', session);
  }
}

/** The daemon fields of an address typed or pasted into the host field, or null when it is a plain host. */
function fieldsFromAddress(cur: FilesSection, value: string): Partial<FilesSection> | null {
  if (!isPastedDaemonAddress(value)) return null;
  const p = parseFrom(value);
  return { kind: 'daemon', host: p.host, user: p.user || cur.user, port: p.port, module: p.module, path: p.path };
}

/** A failed test shows its error; one the admin cancelled goes back to idle. */
function outcomeOf(error: ErrorDto): { kind: 'idle' } | { kind: 'error'; error: ErrorDto } {
  return wasCancelled(error) ? { kind: 'idle' } : { kind: 'error', error };
}

export const useWizardStore = create<WizardState>()((set, get) => {
  /** Re-validates attempted steps after an edit so fixed fields lose their message at once. */
  const revalidate = () => {
    const s = get();
    const errors: Record<string, string> = {};
    for (const [step, tried] of Object.entries(s.attempted)) if (tried) Object.assign(errors, validateStep(s, Number(step)));
    set({ errors });
  };

  /** The SSH password or key passphrase into the keychain (`<jobId>-ssh`, `<jobId>-ssh-passphrase`); fields cleared. */
  const storeServerSecrets = async (): Promise<boolean> => {
    const v = get().server;
    const jobId = get().jobId;
    const secret = v.auth === 'password' ? v.password : v.passphrase;
    if (!secret) return true;
    const ref = v.auth === 'password' ? secretRefFor(jobId, 'ssh') : secretRefFor(jobId, 'ssh-passphrase');
    const r = await storeSecret(ref, secret);
    if (!r.ok) {
      set({ server: { ...get().server, passwordError: r.error } });
      return false;
    }
    const cur = get().server;
    set({ server: v.auth === 'password' ? { ...cur, password: '', passwordStored: true, passwordError: null } : { ...cur, passphrase: '', passphraseRef: ref, passwordError: null } });
    return true;
  };

  /** Typed standby passwords into the keychain (each standby's own entry, else a new `<jobId>-<sourceId>-standby<n>`); fields cleared. */
  const storeStandbySecrets = async (section: 'mysql' | 'redis'): Promise<boolean> => {
    const sec = get()[section];
    for (const [i, sb] of sec.standbys.entries()) {
      if (!sb.password) continue;
      const ref = sb.ref ?? standbyRef(get().jobId, sec.sourceId, get()[section].standbys);
      const r = await storeSecret(ref, sb.password);
      if (!r.ok) {
        get().setStandby(section, i, { check: { kind: 'error', error: r.error } });
        return false;
      }
      get().setStandby(section, i, { password: '', passwordStored: true, ref });
    }
    return true;
  };

  /**
   * Editing a job: a password typed anew is tried before Save replaces the one the job uses (a Test
   * not yet run since it was typed runs now); Save stops at a section whose test fails, with its
   * error shown there.
   */
  const testChangedPasswords = async (): Promise<boolean> => {
    if (get().mode.kind !== 'edit') return true;
    const jobId = get().jobId;
    const runs = { files: () => get().testFiles(), mysql: () => get().testMysql(), redis: () => get().testRedis() } as const;
    for (const sec of ['files', 'mysql', 'redis'] as const) {
      const cur = get()[sec];
      if (!cur.enabled || !staged.has(secretRefFor(jobId, cur.sourceId))) continue;
      if (cur.test.kind !== 'ready') await runs[sec]();
      if (get()[sec].test.kind !== 'ready') return false;
    }
    return true;
  };

  /** The job's heartbeat address into the keychain; field cleared. */
  const storeHeartbeat = async (): Promise<boolean> => {
    const hb = get().heartbeat;
    if (!hb.url.trim()) return true;
    const ref = hb.ref ?? heartbeatRef(get().jobId);
    const r = await storeSecret(ref, hb.url.trim());
    if (!r.ok) return false;
    set({ heartbeat: { url: '', stored: true, ref } });
    return true;
  };

  /**
   * The address fields a test needs (host, port) checked before anything is sent: a bad value is
   * shown at its field, with the fix, and the test does not start.
   */
  const readyToTest = (section: 'server' | 'files' | 'mysql' | 'redis'): boolean => {
    const step = STEPS.indexOf(section === 'mysql' ? 'databases' : section);
    const errors = validateStep(get(), step);
    const bad = Object.keys(errors).some((k) => k === `${section}.host` || k === `${section}.port` || k === `${section}.sshPort`);
    if (!bad) return true;
    set({ attempted: { ...get().attempted, [step]: true } });
    revalidate();
    return false;
  };

  /** Logs in through the server connection (the key is confirmed by now). */
  const login = async (): Promise<void> => {
    set({ server: { ...get().server, test: { kind: 'loading' } } });
    const h = beginTest('server');
    const r = await call('ssh.test', forTest(sshConnection(get())), h);
    endTest('server', h);
    set({ server: { ...get().server, test: r.ok ? { kind: 'ready', value: r.value } : outcomeOf(r.error) } });
  };

  return {
    ...initial,
    server: initialServer(),
    files: initialFiles(),
    mysql: initialMysql(),
    redis: initialRedis(),
    offsite: initialOffsite(),

    startNew: (existingIds) => {
      storedRefs.clear();
      // Nothing typed in an earlier wizard is ever tested or saved by this one.
      void discardStaged();
      // The id is fixed when step 1 is left (secrets are stored under it from step 2 on).
      set({ ...initial, server: initialServer(), files: initialFiles(), mysql: initialMysql(), redis: initialRedis(), offsite: initialOffsite() });
      pendingIds = existingIds;
    },

    startEdit: async (jobId) => {
      storedRefs.clear();
      set({ ...initial, mode: { kind: 'edit', jobId }, loadState: { kind: 'loading' }, server: initialServer(), files: initialFiles(), mysql: initialMysql(), redis: initialRedis(), offsite: initialOffsite() });
      // Nothing typed in an earlier wizard is ever tested or saved by this one.
      await discardStaged();
      const r = await call('jobs.get', jobId);
      if (!r.ok) {
        set({ loadState: { kind: 'error', error: r.error } });
        return;
      }
      const job = r.value;
      const files = job.sources.find((x) => x.type === 'files');
      const mysql = job.sources.find((x) => x.type === 'mysql');
      const redis = job.sources.find((x) => x.type === 'redis');
      const others = job.sources.filter((x) => x !== files && x !== mysql && x !== redis);
      const has = async (ref: string | undefined) => (ref ? await call('secrets.has', ref).then((h) => h.ok && h.value) : false);
      const ssh = job.ssh;
      const server: ServerSection = ssh
        ? {
            ...initialServer(),
            host: ssh.host,
            port: ssh.port === 22 ? '' : String(ssh.port),
            user: ssh.user,
            auth: ssh.passwordRef ? 'password' : 'key',
            keyPath: ssh.keyPath ?? '',
            passphraseRef: ssh.passphraseRef ?? null,
            passwordStored: await has(ssh.passwordRef),
          }
        : { ...initialServer(), reach: files && parseFrom(files.from).kind === 'local' && !mysql && !redis ? 'local' : 'direct' };
      const next: Partial<WizardState> = {
        server,
        jobId: job.id,
        name: job.name,
        destination: job.destination.path,
        savedDestination: job.destination.path,
        savedEarlier: job.destination.earlier ?? [],
        compression: job.compression,
        otherSources: others,
        files: files?.via === 'ssh'
          ? { ...initialFiles(), sourceId: files.id, path: files.from, exclude: files.exclude.join('\n') }
          : files
          ? { ...initialFiles(), ...parseFrom(files.from), sourceId: files.id, exclude: files.exclude.join('\n'), sshKeyPath: files.sshKeyPath ?? '', sshPort: files.sshPort ? String(files.sshPort) : '', passwordStored: await has(files.passwordRef) }
          : { ...initialFiles(), enabled: false },
        mysql: mysql
          ? {
              ...initialMysql(),
              sourceId: mysql.id,
              host: mysql.host,
              port: String(mysql.port),
              user: mysql.user,
              databases: [...mysql.databases],
              available: [...mysql.databases],
              passwordStored: await has(mysql.passwordRef),
              standbys: await standbyFieldsOf(mysql, has),
              dumpFromStandby: mysql.dumpFromStandby !== undefined,
            }
          : { ...initialMysql(), enabled: false },
        redis: redis
          ? {
              ...initialRedis(),
              sourceId: redis.id,
              host: redis.host,
              port: String(redis.port),
              username: redis.username ?? '',
              method: redis.method,
              rdbPath: redis.rdbPath ?? '',
              passwordStored: await has(redis.passwordRef),
              standbys: await standbyFieldsOf(redis, has),
            }
          : { ...initialRedis(), enabled: false },
        heartbeat: { url: '', stored: await has(job.alerts?.heartbeat?.urlRef), ref: job.alerts?.heartbeat?.urlRef ?? null },
        otherAlerts: job.alerts,
        schedule: { preset: presetForCron(job.schedule?.cron), cron: job.schedule?.cron ?? scheduleCron.nightly, timezone: job.schedule?.timezone, info: { kind: 'idle' } },
        retention: { preset: presetForRetention(job.retention), values: { ...job.retention } },
        ...(() => {
          const o = offsiteFromJob(job.offsite);
          return { offsite: o.section, otherOffsite: o.others };
        })(),
        loadState: { kind: 'ready', value: true },
      };
      set(next);
      void get().checkFreeSpace();
      // An SSH job: show whether the server still shows the confirmed key.
      if (ssh) void get().checkServer();
    },

    setBasics: (patch) => {
      set(patch);
      revalidate();
    },

    setSection: (section, inputPatch) => {
      const cur = get()[section];
      let patch = inputPatch;
      // A whole daemon address pasted into the host field (more than one character at once): read it
      // and fill the fields instead. Typed one key at a time, it is read when the field is left.
      if (section === 'files' && typeof inputPatch.host === 'string' && inputPatch.host.length - (cur as FilesSection).host.length > 1) {
        const filled = fieldsFromAddress(cur as FilesSection, inputPatch.host);
        if (filled) patch = { ...inputPatch, ...filled } as typeof inputPatch;
      }
      // Editing connection details invalidates an earlier test result.
      const touchesConnection = Object.keys(patch).some((k) => !['enabled', 'databases', 'exclude', 'method', 'rdbPath', 'test', 'hostKey', 'generated', 'reach', 'standbys', 'dumpFromStandby'].includes(k));
      const reset = touchesConnection && !('test' in patch) ? { test: { kind: 'idle' } } : {};
      // A different server (or port) shows another key: ask again.
      const rekey = section === 'server' && ('host' in patch || 'port' in patch) ? { hostKey: { kind: 'idle' } } : {};
      set({ [section]: { ...cur, ...patch, ...reset, ...rekey } } as Partial<WizardState>);
      // Through SSH, the source tests go through the server: a changed connection invalidates them too.
      if (section === 'server' && touchesConnection) {
        for (const sec of ['files', 'mysql', 'redis'] as const) set({ [sec]: { ...get()[sec], test: { kind: 'idle' } } } as Partial<WizardState>);
      }
      revalidate();
    },

    setSchedule: (patch) => {
      const cur = get().schedule;
      const preset = patch.preset ?? cur.preset;
      let cron = patch.cron ?? cur.cron;
      if (patch.preset && patch.preset !== 'custom' && patch.preset !== 'manual') cron = scheduleCron[patch.preset];
      // The nightly preset keeps the time picked for it.
      if (patch.preset === 'nightly' && cur.preset === 'nightly') cron = cur.cron;
      const timezone = 'timezone' in patch ? patch.timezone : cur.timezone;
      const zoneChanged = timezone !== cur.timezone;
      set({ schedule: { ...cur, preset, cron, timezone, info: cron === cur.cron && !zoneChanged ? cur.info : { kind: 'idle' } } });
      revalidate();
    },

    setRetention: (patch) => {
      const cur = get().retention;
      // Counts are checked as they are typed (an empty or out-of-range value never reaches the estimate).
      set({ attempted: { ...get().attempted, [STEPS.indexOf('retention')]: true } });
      if (patch.preset && patch.preset !== 'custom') {
        set({ retention: { preset: patch.preset, values: { ...retentionPresets[patch.preset] } } });
      } else {
        set({ retention: { preset: patch.preset ?? 'custom', values: { ...cur.values, ...patch.values } } });
      }
      revalidate();
    },

    toggleDatabase: (name, on) => {
      const m = get().mysql;
      const databases = on ? [...new Set([...m.databases, name])] : m.databases.filter((d) => d !== name);
      set({ mysql: { ...m, databases } });
      revalidate();
    },

    next: async () => {
      const s = get();
      const errs = validateStep(s, s.step);
      set({ attempted: { ...s.attempted, [s.step]: true } });
      revalidate();
      if (Object.keys(errs).length > 0) return;
      if (s.step === 0 && !s.jobId) set({ jobId: makeJobId(s.name, pendingIds) });
      const section: SectionName | null =
        STEPS[s.step] === 'files' ? 'files' : STEPS[s.step] === 'databases' ? 'mysql' : STEPS[s.step] === 'redis' ? 'redis' : STEPS[s.step] === 'server' && s.server.reach === 'ssh' ? 'server' : null;
      if (section && (section === 'server' || get()[section as Exclude<SectionName, 'server'>].enabled) && !(await get().storePassword(section))) return;
      if (STEPS[s.step] === 'offsite' && s.offsite.enabled && !(await get().storeOffsiteSecrets())) return;
      if (STEPS[s.step + 1] === 'schedule') void get().describeSchedule();
      set({ step: Math.min(s.step + 1, STEPS.length - 1) });
    },

    back: () => set((s) => ({ step: Math.max(0, s.step - 1) })),

    goTo: (step) => set({ step }),

    browse: async (target, title) => {
      const r = await call('dialog.openFolder', { title });
      if (!r.ok || r.value === null) return;
      if (target === 'destination') {
        get().setBasics({ destination: r.value });
        void get().checkFreeSpace();
      } else get().setSection('files', { localPath: r.value });
    },

    checkFreeSpace: async () => {
      const path = get().destination.trim();
      if (!path) {
        set({ freeSpace: { kind: 'idle' } });
        return;
      }
      set({ freeSpace: { kind: 'loading' } });
      const r = await call('system.freeSpace', path);
      if (get().destination.trim() !== path) return;
      set({ freeSpace: r.ok ? { kind: 'ready', value: r.value } : { kind: 'error', error: r.error } });
    },

    storePassword: async (section) => {
      const s = get();
      if (section === 'server') return storeServerSecrets();
      if ((section === 'mysql' || section === 'redis') && !(await storeStandbySecrets(section))) return false;
      const sec = s[section];
      if (!sec.password) return true;
      const r = await storeSecret(secretRefFor(s.jobId, sec.sourceId), sec.password);
      if (!r.ok) {
        set({ [section]: { ...get()[section], passwordError: r.error } } as Partial<WizardState>);
        return false;
      }
      // A test made with the password before this one no longer says anything about it.
      set({ [section]: { ...get()[section], password: '', passwordStored: true, passwordError: null, test: { kind: 'idle' } } } as Partial<WizardState>);
      return true;
    },

    checkServer: async () => {
      if (!readyToTest('server')) return;
      const s = get();
      if (!s.jobId) set({ jobId: makeJobId(s.name, pendingIds) });
      if (!(await storeServerSecrets())) return;
      const v = get().server;
      if (!v.host.trim()) return;
      const port = v.port.trim() ? Number(v.port) : 22;
      set({ server: { ...v, hostKey: { kind: 'loading' }, test: { kind: 'idle' } } });
      const h = beginTest('server');
      const r = await call('ssh.hostKey', { host: v.host.trim(), port }, h);
      endTest('server', h);
      set({ server: { ...get().server, hostKey: r.ok ? { kind: 'ready', value: r.value } : outcomeOf(r.error) } });
      revalidate();
      if (r.ok && r.value.status === 'trusted') await login();
    },

    trustServer: async () => {
      const v = get().server;
      if (v.hostKey.kind !== 'ready') return;
      const shown = v.hostKey.value;
      set({ server: { ...v, hostKey: { kind: 'loading' } } });
      const r = await call('ssh.trust', { host: shown.host, port: shown.port, fingerprint: shown.fingerprint });
      set({ server: { ...get().server, hostKey: r.ok ? { kind: 'ready', value: r.value } : { kind: 'error', error: r.error } } });
      revalidate();
      if (r.ok) await login();
    },

    generateKey: async () => {
      const s = get();
      if (!s.jobId) set({ jobId: makeJobId(s.name, pendingIds) });
      set({ server: { ...get().server, generated: { kind: 'loading' } } });
      const r = await call('ssh.generateKey', get().jobId);
      const cur = get().server;
      if (!r.ok) {
        set({ server: { ...cur, generated: { kind: 'error', error: r.error } } });
        return;
      }
      storedRefs.add(r.value.passphraseRef);
      set({ server: { ...cur, generated: { kind: 'ready', value: r.value }, auth: 'key', keyPath: r.value.keyPath, passphrase: '', passphraseRef: r.value.passphraseRef, test: { kind: 'idle' } } });
      revalidate();
    },

    testFiles: async () => {
      if (!readyToTest('files')) return;
      const s = get();
      if (!s.jobId) set({ jobId: makeJobId(s.name, pendingIds) });
      if (!(await get().storePassword('files'))) return;
      const f = get().files;
      set({ files: { ...f, test: { kind: 'loading' } } });
      if (get().server.reach === 'ssh') {
        const h = beginTest('files');
        const r = await call('sources.testFiles', forTest({ from: f.path.trim(), via: 'ssh' as const, ssh: sshConnection(get()) }), h);
        endTest('files', h);
        set({ files: { ...get().files, test: r.ok ? { kind: 'ready', value: r.value } : outcomeOf(r.error) } });
        return;
      }
      const arg: { from: string; passwordRef?: string; sshKeyPath?: string; sshPort?: number } = { from: composeFrom(f) };
      if (f.kind === 'daemon' && f.passwordStored) arg.passwordRef = secretRefFor(get().jobId, f.sourceId);
      if (f.kind === 'ssh' && f.sshKeyPath.trim()) arg.sshKeyPath = f.sshKeyPath.trim();
      if (f.kind === 'ssh' && isPort(f.sshPort)) arg.sshPort = Number(f.sshPort);
      const h = beginTest('files');
      const r = await call('sources.testFiles', forTest(arg), h);
      endTest('files', h);
      set({ files: { ...get().files, test: r.ok ? { kind: 'ready', value: r.value } : outcomeOf(r.error) } });
    },

    testMysql: async () => {
      if (!readyToTest('mysql')) return;
      const s = get();
      if (!s.jobId) set({ jobId: makeJobId(s.name, pendingIds) });
      if (!(await get().storePassword('mysql'))) return;
      const m = get().mysql;
      set({ mysql: { ...m, test: { kind: 'loading' } } });
      const arg: { host: string; port: number; user: string; passwordRef?: string; databases: string[]; via?: 'ssh'; ssh?: SshConnectionDto } = {
        host: m.host.trim(),
        port: Number(m.port),
        user: m.user.trim(),
        databases: m.databases,
        ...(get().server.reach === 'ssh' ? { via: 'ssh' as const, ssh: sshConnection(get()) } : {}),
      };
      if (m.passwordStored) arg.passwordRef = secretRefFor(get().jobId, m.sourceId);
      const h = beginTest('mysql');
      const r = await call('sources.testMysql', forTest(arg), h);
      const cur = get().mysql;
      if (!r.ok) {
        endTest('mysql', h);
        set({ mysql: { ...cur, test: outcomeOf(r.error) } });
        return;
      }
      // Keep only ticks that still exist; on a first test with nothing ticked, tick every database.
      const ticked = cur.databases.filter((d) => r.value.databases.includes(d));
      const autoTicked = ticked.length === 0 && cur.databases.length === 0 && r.value.databases.length > 0;
      let result = r.value;
      if (autoTicked) {
        // The engine checks privileges only for the databases it is given, and the first test had
        // none: check the ones just ticked, or a missing GRANT stays hidden until the night's backup fails.
        const again = await call('sources.testMysql', forTest({ ...arg, databases: [...r.value.databases] }), h);
        if (again.ok) result = again.value;
        else if (wasCancelled(again.error)) {
          endTest('mysql', h);
          set({ mysql: { ...get().mysql, test: { kind: 'idle' } } });
          return;
        }
      }
      endTest('mysql', h);
      const now = get().mysql;
      set({ mysql: { ...now, available: result.databases, databases: autoTicked ? [...result.databases] : ticked, test: { kind: 'ready', value: result } } });
      revalidate();
    },

    testRedis: async () => {
      if (!readyToTest('redis')) return;
      const s = get();
      if (!s.jobId) set({ jobId: makeJobId(s.name, pendingIds) });
      if (!(await get().storePassword('redis'))) return;
      const rs = get().redis;
      set({ redis: { ...rs, test: { kind: 'loading' } } });
      const arg: { host: string; port: number; username?: string; passwordRef?: string; via?: 'ssh'; ssh?: SshConnectionDto } = {
        host: rs.host.trim(),
        port: Number(rs.port),
        ...(get().server.reach === 'ssh' ? { via: 'ssh' as const, ssh: sshConnection(get()) } : {}),
      };
      if (rs.username.trim()) arg.username = rs.username.trim();
      if (rs.passwordStored) arg.passwordRef = secretRefFor(get().jobId, rs.sourceId);
      const h = beginTest('redis');
      const r = await call('sources.testRedis', forTest(arg), h);
      endTest('redis', h);
      const cur = get().redis;
      if (!r.ok) {
        set({ redis: { ...cur, test: outcomeOf(r.error) } });
        return;
      }
      // Through SSH only replication works (the save file is on the server, not here).
      const fileMethod = r.value.syncAllowed === false && get().server.reach !== 'ssh';
      set({ redis: { ...cur, test: { kind: 'ready', value: r.value }, ...(fileMethod ? { method: 'file' as const } : {}) } });
    },

    discard: async () => {
      await discardStaged();
      // The service refuses any entry a saved job names, so only this wizard's own leftovers go.
      for (const ref of [...storedRefs]) {
        const r = await call('secrets.forgetUnsaved', ref);
        if (r.ok) storedRefs.delete(ref);
      }
    },

    leaveFilesHost: () => {
      const f = get().files;
      const filled = fieldsFromAddress(f, f.host);
      if (filled) get().setSection('files', filled);
    },

    cancelTest: async (section) => {
      await cancelTest(section);
    },

    describeSchedule: async () => {
      const sch = get().schedule;
      if (sch.preset === 'manual' || !sch.cron.trim()) {
        set({ schedule: { ...sch, info: { kind: 'idle' } } });
        return;
      }
      const cron = sch.cron.trim();
      set({ schedule: { ...sch, info: { kind: 'loading' } } });
      const zone = sch.timezone?.trim();
      if (zone && !isValidTimeZone(zone)) {
        set({ schedule: { ...sch, info: { kind: 'idle' } } });
        return;
      }
      const r = zone ? await call('schedules.describe', cron, zone) : await call('schedules.describe', cron);
      const cur = get().schedule;
      if (cur.cron.trim() !== cron || cur.timezone?.trim() !== zone) return;
      set({ schedule: { ...cur, info: r.ok ? { kind: 'ready', value: r.value } : { kind: 'error', error: r.error } } });
      revalidate();
    },

    save: async () => {
      const s = get();
      const all: Record<string, string> = {};
      for (let i = 0; i < STEPS.length; i += 1) Object.assign(all, validateStep(s, i));
      const attempted: Record<number, boolean> = {};
      STEPS.forEach((_, i) => (attempted[i] = true));
      set({ attempted });
      revalidate();
      if (Object.keys(all).length > 0) return;
      for (const sec of ['files', 'mysql', 'redis'] as const) if (get()[sec].enabled && !(await get().storePassword(sec))) return;
      if (get().server.reach === 'ssh' && !(await storeServerSecrets())) return;
      if (!(await storeHeartbeat())) return;
      if (!(await testChangedPasswords())) return;
      set({ saved: { kind: 'loading' } });
      const stored = await commitStaged();
      if (!stored.ok) {
        set({ saved: { kind: 'error', error: stored.error } });
        return;
      }
      const r = await call('jobs.save', { ...buildJob(get()) }, { createDestination: get().createDestination });
      set({ saved: r.ok ? { kind: 'ready', value: r.value } : { kind: 'error', error: r.error } });
      if (r.ok) storedRefs.clear();
      if (r.ok) set({ mode: { kind: 'edit', jobId: r.value.id } });
    },

    setOffsite: (patch) => {
      const cur = get().offsite;
      // Where the copies go decides what the connection test and the kit said: they no longer hold.
      const moved = ['provider', 'endpoint', 'region', 'bucket', 'prefix', 'pathStyle', 'accessKeyId', 'secret'].some((k) => k in patch);
      const rekey = moved || 'encrypt' in patch || 'passphrase' in patch;
      set({
        offsite: {
          ...cur,
          ...patch,
          ...(moved && !('test' in patch) ? { test: { kind: 'idle' } } : {}),
          ...(rekey && !('kit' in patch) && cur.kit.kind !== 'idle' ? { kit: { kind: 'idle' }, kitConfirmed: false } : {}),
        },
      });
      revalidate();
    },

    storeOffsiteSecrets: async () => {
      const s = get();
      const o = s.offsite;
      const refs = sectionRefs(s.jobId, o);
      if (o.secret) {
        const r = await storeNow(refs.secretRef, o.secret);
        if (!r.ok) {
          set({ offsite: { ...get().offsite, secretError: r.error } });
          return false;
        }
        set({ offsite: { ...get().offsite, secret: '', secretStored: true, secretError: null } });
      }
      const cur = get().offsite;
      if (cur.encrypt && cur.passphrase && cur.passphrase === cur.passphrase2 && cur.passphrase.length >= 12) {
        const r = await storeNow(refs.passphraseRef, cur.passphrase);
        if (!r.ok) {
          set({ offsite: { ...get().offsite, secretError: r.error } });
          return false;
        }
        set({ offsite: { ...get().offsite, passphrase: '', passphrase2: '', passphraseStored: true, secretError: null } });
      }
      return true;
    },

    testS3: async () => {
      const s = get();
      if (!s.jobId) set({ jobId: makeJobId(s.name, pendingIds) });
      if (!(await get().storeOffsiteSecrets())) return;
      set({ offsite: { ...get().offsite, test: { kind: 'loading' } } });
      const target = buildS3Target(get().jobId, get().offsite);
      const r = await call('offsite.testS3', get().jobId, forTest({ ...target, encryption: undefined }));
      set({ offsite: { ...get().offsite, test: r.ok ? { kind: 'ready', value: r.value } : { kind: 'error', error: r.error } } });
    },

    createRecoveryKit: async () => {
      const s = get();
      if (!s.jobId) set({ jobId: makeJobId(s.name, pendingIds) });
      const errs = validateOffsite({ ...get().offsite, kitConfirmed: true });
      set({ attempted: { ...get().attempted, [get().step]: true } });
      revalidate();
      if (Object.keys(errs).length > 0) return;
      if (!(await get().storeOffsiteSecrets())) return;
      set({ offsite: { ...get().offsite, kit: { kind: 'loading' }, kitConfirmed: false } });
      const r = await call('offsite.recoveryKit', get().jobId, get().name.trim() || get().jobId, buildS3Target(get().jobId, get().offsite));
      set({ offsite: { ...get().offsite, kit: r.ok ? { kind: 'ready', value: r.value } : { kind: 'error', error: r.error } } });
      revalidate();
    },

    addStandby: (section) => {
      const sec = get()[section];
      set({ [section]: { ...sec, standbys: [...sec.standbys, emptyStandby(section)] } } as Partial<WizardState>);
    },

    setStandby: (section, index, patch) => {
      const sec = get()[section];
      const list = [...sec.standbys];
      const touches = Object.keys(patch).some((k) => k !== 'check' && k !== 'maxLag');
      list[index] = { ...list[index]!, ...patch, ...(touches && !('check' in patch) ? { check: { kind: 'idle' as const } } : {}) };
      set({ [section]: { ...sec, standbys: list } } as Partial<WizardState>);
      revalidate();
    },

    removeStandby: (section, index) => {
      const sec = get()[section];
      const standbys = sec.standbys.filter((_, i) => i !== index);
      set({ [section]: { ...sec, standbys, ...(section === 'mysql' && standbys.length === 0 ? { dumpFromStandby: false } : {}) } } as Partial<WizardState>);
      revalidate();
    },

    checkStandby: async (section, index) => {
      const s = get();
      if (!s.jobId) set({ jobId: makeJobId(s.name, pendingIds) });
      if (!(await storeStandbySecrets(section))) return;
      if (!(await get().storePassword(section))) return;
      const sec = get()[section];
      const sb = sec.standbys[index];
      if (!sb) return;
      get().setStandby(section, index, { check: { kind: 'loading' } });
      const viaSsh = get().server.reach === 'ssh';
      const r = await call('standbys.check', forTest({
        jobId: get().jobId,
        source: {
          type: section,
          host: sec.host.trim(),
          port: Number(sec.port),
          ...(section === 'mysql' ? { user: get().mysql.user.trim() } : get().redis.username.trim() ? { username: get().redis.username.trim() } : {}),
          ...(sec.passwordStored ? { passwordRef: secretRefFor(get().jobId, sec.sourceId) } : {}),
          ...(viaSsh ? { via: 'ssh' as const } : {}),
        },
        standby: {
          host: sb.host.trim(),
          port: Number(sb.port),
          ...(sb.user.trim() ? (section === 'mysql' ? { user: sb.user.trim() } : { username: sb.user.trim() }) : {}),
          ...(sb.passwordStored && sb.ref ? { passwordRef: sb.ref } : {}),
          ...(/^\d+$/.test(sb.maxLag) ? { maxLagSeconds: Number(sb.maxLag) } : {}),
        },
        ...(viaSsh ? { ssh: sshConnection(get()) } : {}),
      }));
      get().setStandby(section, index, { check: r.ok ? { kind: 'ready', value: r.value } : { kind: 'error', error: r.error } });
    },

    setHeartbeat: (url) => set({ heartbeat: { ...get().heartbeat, url } }),

    runFirst: async () => {
      const saved = get().saved;
      if (saved.kind !== 'ready') return;
      set({ firstRun: { kind: 'loading' } });
      const r = await call('runs.start', saved.value.id);
      set({ firstRun: r.ok ? { kind: 'ready', value: r.value } : { kind: 'error', error: r.error } });
    },
  };
});
