/**
 * The wizard's standbys (replicas of the MySQL and Redis sources) and the job's own heartbeat: the
 * fields as the screen edits them, their errors, and how they map to and from the job. Kept apart
 * from wizard-store.ts, which holds them in its sections and calls these.
 */
import type { JobConfigDto, MysqlStandbyDto, RedisStandbyDto, SourceDto, StandbyDto } from '../lib/contract.js';
import type { Loadable } from '../lib/loadable.js';

export interface StandbyFields {
  host: string;
  port: string;
  user: string;
  password: string;
  passwordStored: boolean;
  /**
   * The password's keychain entry: the job's own (kept as it is, whatever its name) or the one the
   * wizard made; null until a password is stored. Held per standby so that removing one standby
   * never hands its neighbour's entry to another.
   */
  ref: string | null;
  maxLag: string;
  check: Loadable<StandbyDto>;
}

/** The job's own heartbeat (job.alerts.heartbeat); the address is a keychain entry. */
export interface HeartbeatFields {
  url: string;
  stored: boolean;
  /** The keychain entry: the job's existing one, else `<jobId>-heartbeat`. */
  ref: string | null;
}

export function emptyStandby(type: 'mysql' | 'redis'): StandbyFields {
  return { host: '', port: type === 'mysql' ? '3306' : '6379', user: type === 'mysql' ? 'kura_monitor' : '', password: '', passwordStored: false, ref: null, maxLag: '300', check: { kind: 'idle' } };
}

/** A new keychain entry for a standby's password, `<jobId>-<sourceId>-standby<n>`, one no other standby of the list uses. */
export function standbyRef(jobId: string, sourceId: string, list: readonly StandbyFields[]): string {
  const taken = new Set(list.map((s) => s.ref));
  for (let n = 1; ; n++) {
    const ref = `${jobId}-${sourceId}-standby${n}`;
    if (!taken.has(ref)) return ref;
  }
}

export function heartbeatRef(jobId: string): string {
  return `${jobId}-heartbeat`;
}

const isPort = (s: string) => /^\d+$/.test(s.trim()) && Number(s) >= 1 && Number(s) <= 65535;

/** Field errors (i18n keys of the wizard, like its other fields). */
export function standbyErrors(prefix: 'mysql' | 'redis', list: readonly StandbyFields[]): Record<string, string> {
  const e: Record<string, string> = {};
  list.forEach((s, i) => {
    if (!s.host.trim()) e[`${prefix}.standby.${i}.host`] = 'wizard.errors.hostRequired';
    if (!isPort(s.port)) e[`${prefix}.standby.${i}.port`] = 'wizard.errors.portInvalid';
    if (prefix === 'mysql' && !s.user.trim()) e[`${prefix}.standby.${i}.user`] = 'wizard.errors.userRequired';
    if (!/^\d+$/.test(s.maxLag.trim()) || Number(s.maxLag) < 1) e[`${prefix}.standby.${i}.maxLag`] = 'wizard.errors.count';
  });
  return e;
}

export function mysqlStandbysOf(list: readonly StandbyFields[]): MysqlStandbyDto[] {
  return list.map((s) => ({
    host: s.host.trim(),
    port: Number(s.port),
    user: s.user.trim(),
    maxLagSeconds: Number(s.maxLag),
    ...(s.passwordStored && s.ref ? { passwordRef: s.ref } : {}),
  }));
}

export function redisStandbysOf(list: readonly StandbyFields[]): RedisStandbyDto[] {
  return list.map((s) => ({
    host: s.host.trim(),
    port: Number(s.port),
    maxLagSeconds: Number(s.maxLag),
    ...(s.user.trim() ? { username: s.user.trim() } : {}),
    ...(s.passwordStored && s.ref ? { passwordRef: s.ref } : {}),
  }));
}

/** A source's standbys as fields (whether each password is stored is asked of the keychain). */
export async function standbyFieldsOf(source: Extract<SourceDto, { type: 'mysql' | 'redis' }>, has: (ref: string | undefined) => Promise<boolean>): Promise<StandbyFields[]> {
  const list: Array<MysqlStandbyDto | RedisStandbyDto> = source.standbys ?? [];
  return Promise.all(
    list.map(async (s) => ({
      host: s.host,
      port: String(s.port),
      user: 'username' in s || source.type === 'redis' ? ((s as RedisStandbyDto).username ?? (s as RedisStandbyDto).user ?? '') : (s as MysqlStandbyDto).user,
      password: '',
      passwordStored: await has(s.passwordRef),
      ref: s.passwordRef ?? null,
      maxLag: String(s.maxLagSeconds),
      check: { kind: 'idle' as const },
    })),
  );
}

/** The job's `alerts` with the wizard's heartbeat in it (the rest of a job's own alerts kept). */
export function jobAlertsWith(existing: JobConfigDto['alerts'], jobId: string, hb: HeartbeatFields): JobConfigDto['alerts'] {
  const rest = { ...(existing ?? {}) };
  delete rest.heartbeat;
  const out = hb.stored ? { ...rest, heartbeat: { urlRef: hb.ref ?? heartbeatRef(jobId) } } : rest;
  return Object.keys(out).length > 0 ? out : undefined;
}
