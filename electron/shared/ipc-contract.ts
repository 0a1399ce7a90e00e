/**
 * The one contract between the UI and the engine. The Electron preload exposes exactly these methods,
 * the main process registers exactly these handlers, `kura serve` speaks them over a WebSocket, and
 * the renderer calls them only through `renderer/src/lib/api.ts`.
 *
 * Arguments are zod schemas: every payload is validated where it is received (main process, serve),
 * because a compromised or buggy renderer must not be able to make the engine do something odd.
 * Results are plain data (DTOs defined here, not engine types, so this file stays free of Node).
 * Every call resolves to `{ ok: true, value } | { ok: false, error: { code, message, hint } }`.
 *
 * This file is imported by Node code and by the browser bundle: zod only, no Node, no Electron.
 */
import { z } from 'zod';
import { TOOL_NAMES } from './tool-names.js';
import { host, id, path, port, secretRef } from './contract-fields.js';
import { restoreRequestSchema } from './restore-request.js';
import { invalidArguments, unknownMethod } from './contract-errors.js';
import type { RecoveryKitDto } from './recovery-kit.js';

// ---------------------------------------------------------------------------------------------
// Shared DTOs

export type Health = 'never' | 'running' | 'ok' | 'warning' | 'partial' | 'failed' | 'overdue';
export type RunStatus = 'running' | 'success' | 'warning' | 'partial' | 'failed' | 'cancelled' | 'interrupted';
export type Language = 'en' | 'ja';

/**
 * A sentence as data: its catalogue code and facts (electron/shared/messages). The UI renders it in its
 * own language; codes it does not know (a newer Kura) and `text` (a verbatim fact) show their text.
 */
export interface MessageDto {
  code: string;
  params: Readonly<Record<string, string | number>>;
}

export interface ErrorDto {
  code: string;
  /** The facts of a catalogued message: the UI renders code + params in its own language. */
  params?: Record<string, string | number>;
  /** The sentences in English (what old callers and logs read). */
  message: string;
  hint: string | null;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorDto };

export interface AppInfo {
  version: string;
  platform: string;
  /** 'electron' in the desktop app, 'browser' under `kura serve`. */
  mode: 'electron' | 'browser';
  home: string;
  /** The OS/browser language, for the default UI language. */
  systemLanguage: Language;
  /** The time zone of the machine Kura runs on (a job without one runs by it), e.g. "Asia/Tokyo". */
  timeZone?: string;
}

/** A replica of a MySQL/MariaDB source, watched by Kura (engine/standby/). */
export interface MysqlStandbyDto {
  host: string;
  port: number;
  user: string;
  passwordRef?: string;
  /** Further behind than this (seconds) is `lagging`. */
  maxLagSeconds: number;
}

/** A replica of a Redis source; `username` (or `user`) for an ACL user. */
export interface RedisStandbyDto {
  host: string;
  port: number;
  username?: string;
  user?: string;
  passwordRef?: string;
  maxLagSeconds: number;
}

/** A job as stored in config.json (the engine checks at compile time that its own type matches). */
export type SourceDto =
  | { id: string; type: 'files'; via?: 'ssh'; from: string; passwordRef?: string; exclude: string[]; sshKeyPath?: string; sshPort?: number }
  | {
      id: string;
      type: 'mysql';
      via?: 'ssh';
      host: string;
      port: number;
      user: string;
      passwordRef?: string;
      databases: string[];
      standbys?: MysqlStandbyDto[];
      /** Dump from the first standby instead of this server (refused when it is broken or too far behind). */
      dumpFromStandby?: { maxLagSeconds: number };
    }
  | { id: string; type: 'redis'; via?: 'ssh'; host: string; port: number; username?: string; passwordRef?: string; method: 'sync' | 'file'; rdbPath?: string; standbys?: RedisStandbyDto[] };

/** Mail through an SMTP server; the password is a keychain entry. */
export interface EmailAlertDto {
  host: string;
  port: number;
  security: 'starttls' | 'tls' | 'none';
  user?: string;
  passwordRef?: string;
  from: string;
  to: string[];
  caFile?: string;
}

/** A webhook: its URL is a keychain entry (it holds the token that lets anyone post). */
export interface WebhookAlertDto {
  urlRef: string;
  format: 'json' | 'slack' | 'discord' | 'teams';
  name?: string;
}

/** Alert channels (settings.alerts, or a job's own `alerts`, each channel replacing the global one). */
export interface AlertsDto {
  email?: EmailAlertDto;
  webhooks?: WebhookAlertDto[];
  heartbeat?: { urlRef: string };
  /** weekday 0 = Sunday … 6 = Saturday; false: no weekly report. */
  weeklySummary?: false | { weekday: number; hour: number };
}

/** One standby as the dashboard and the tray show it. */
export interface StandbyDto {
  key: string;
  jobId: string;
  jobName: string;
  sourceId: string;
  type: 'mysql' | 'redis';
  /** host:port as configured. */
  standby: string;
  /** `unknown`: not checked yet. */
  state: 'in-sync' | 'lagging' | 'broken' | 'unreachable' | 'unknown';
  secondsBehind: number | null;
  maxLagSeconds: number;
  /** When this state began (as far as Kura has seen). */
  since: string | null;
  checkedAt: string | null;
  /** Why it is not in sync, rendered by the UI in its language. */
  reason: MessageDto | null;
  /** The replica's own error text (verbatim). */
  replicaError: string | null;
}

/** A job's server connection: sources with `via: 'ssh'` go through it. */
export interface SshConnectionDto {
  host: string;
  port: number;
  user: string;
  keyPath?: string;
  passphraseRef?: string;
  passwordRef?: string;
  compression?: boolean;
}

export type S3ProviderDto = 'aws' | 'wasabi' | 'sakura' | 'r2' | 'other';

export interface S3TargetDto {
  id: string;
  type: 's3';
  provider?: S3ProviderDto;
  endpoint?: string;
  region?: string;
  bucket: string;
  prefix: string;
  pathStyle: boolean;
  accessKeyId: string;
  secretRef: string;
  storageClass?: string;
  encryption?: { passphraseRef?: string; identityRef?: string };
  objectLock?: { mode: 'GOVERNANCE' | 'COMPLIANCE' };
  minStorageDays?: number;
  bwlimit?: number;
}

export type OffsiteTargetDto =
  | { id: string; type?: 'rsync'; to: string; passwordRef?: string; sshKeyPath?: string; sshPort?: number; bwlimit?: number }
  | S3TargetDto;

export interface JobConfigDto {
  id: string;
  name: string;
  /** `earlier`: folders this job's backups were in before, still listed and restorable (never written to). */
  destination: { path: string; earlier?: string[] };
  sources: SourceDto[];
  schedule?: { cron: string; timezone?: string };
  retention: { keepLast: number; keepDaily: number; keepWeekly: number; keepMonthly: number };
  compression: 'balanced' | 'fast';
  ssh?: SshConnectionDto;
  alerts?: AlertsDto;
  /** Off-site copies (rsync/SSH/folder targets, S3 buckets); kept as they are by editors that do not show them. */
  offsite?: OffsiteTargetDto[];
}

/** Where a job's off-site copies stand, per target (the dashboard's off-site line). */
export interface OffsiteStatusDto {
  target: string;
  /** The address as shown (no secret in it): `s3://bucket/prefix/`, `rsync://host/module/`. */
  to: string;
  kind: 'rsync' | 's3';
  encrypted: boolean;
  /** `never`: no copy attempted yet. */
  status: 'pushed' | 'pending' | 'failed' | 'never';
  lastPushedAt: string | null;
  /** Snapshots still to be copied there. */
  pending: number;
  consecutiveFailures: number;
  error: ErrorDto | null;
}

/** `offsite.testS3`: what the bucket offers and whether the keys may write there. */
export interface S3TestDto {
  objectLock: boolean;
  versioning: boolean;
  /** A job folder already there: whether its copies are encrypted. */
  existing: { encrypted: boolean } | null;
}

/** The recovery kit of an encrypted S3 target: its one shape, in shared/recovery-kit.ts (the engine builds it). */
export type { RecoveryKitDto };

export interface JobStatusDto {
  jobId: string;
  name: string;
  health: Health;
  /** The sentence the tray tooltip and the dashboard show ("Last backup today 00:00 — OK"), said in the UI language. */
  sentence: MessageDto;
  /** The last good backup: the last run that backed up and verified every item (a partial night is not one). */
  lastSuccessAt: string | null;
  lastRunAt: string | null;
  lastRunStatus: RunStatus | null;
  nextRunAt: string | null;
  running: { runId: string | null; startedAt: string } | null;
  lastSnapshot: { id: string; bytes: number; verified: boolean } | null;
  /** One per off-site target of the job (empty without off-site copies). */
  offsite: OffsiteStatusDto[];
}

export interface StatusDto {
  /** "failed" too while a restore is unfinished (see unfinishedRestores). */
  overall: Health;
  paused: boolean;
  jobs: JobStatusDto[];
  /**
   * Restores a crash (or a failed rollback) left unfinished, which need the admin: the dashboard
   * shows a banner with "Roll back to the safety backup" and "Finish the restore" for each.
   */
  unfinishedRestores: UnfinishedRestoreDto[];
  /** Every standby of every job, as last checked (absent from older engines). */
  standbys?: StandbyDto[];
}

/** A restore whose journal is still open (engine: restore/unfinished-restores.ts). */
export interface UnfinishedRestoreDto {
  /** The journal id, for restore.finish / restore.rollBack / restore.dismiss. */
  id: string;
  type: 'files' | 'mysql' | 'redis' | null;
  /** What was being restored, in words ("database `shop` on 127.0.0.1:3306"). */
  target: string;
  jobId: string | null;
  sourceId: string | null;
  snapshotId: string | null;
  startedAt: string | null;
  /** `interrupted`: its process is gone; `unresolved`: it ended with no way back; `damaged`: unreadable journal. */
  state: 'running' | 'interrupted' | 'unresolved' | 'other-host' | 'damaged';
  /** False when it stopped before changing anything. */
  touched: boolean;
  canRollBack: boolean;
  canFinish: boolean;
  /** What "roll back" does here, or why it is not possible (UI language). */
  rollBackNote: string;
  /** The banner's sentence (UI language). */
  sentence: string;
  /** The same sentence as data, so the UI says its time in the job's zone (absent from older engines). */
  message?: MessageDto;
}

export interface RunItemDto {
  source: string;
  type: 'files' | 'mysql' | 'redis';
  name: string | null;
  status: 'ok' | 'warning' | 'failed' | 'skipped';
  bytes: number;
  durationMs: number;
  /** What the item holds ("193 files") or why it failed; null in records that had none. */
  detail: MessageDto | null;
  /** Why a failed item failed, with what to do (the UI renders code + params in its language). */
  error?: ErrorDto | null;
}

export interface RunDto {
  runId: string;
  jobId: string;
  trigger: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  snapshotId: string | null;
  items: RunItemDto[];
  /** Said in the UI language; runs recorded by an older Kura carry their English text (code `text`). */
  warnings: MessageDto[];
  error: ErrorDto | null;
  logFile: string;
}

export interface SnapshotItemDto {
  source: string;
  type: 'files' | 'mysql' | 'redis';
  path: string;
  bytes: number;
  /** Database name for MySQL items. */
  database: string | null;
  /** "1,203 files", "12 tables", "3,402 keys", said in the UI language. */
  summary: MessageDto;
  /**
   * MySQL items whose dump recorded where each table lies (tools/mysql/dump-sections.ts): the tables,
   * with their rows and SQL size, any of which can be restored alone. Absent: whole database only.
   */
  tables?: Array<{ name: string; rows: number | null; sqlBytes: number }>;
}

export interface SnapshotDto {
  id: string;
  jobId: string;
  path: string;
  startedAt: string;
  finishedAt: string;
  bytes: number;
  verified: { at: string; kind: 'checksums' | 'restore-test' } | null;
  items: SnapshotItemDto[];
  /** `partial`: the items in `failed` could not be backed up that night (absent from older engines: complete). */
  status?: 'complete' | 'partial';
  failed?: Array<{ source: string; type: 'files' | 'mysql' | 'redis'; database: string | null; message: string }>;
}

export interface FilesTestDto {
  /** Top-level folders (and files) of the module or folder. */
  entries: string[];
}

export interface MysqlTestDto {
  serverVersion: string;
  databases: string[];
  /** Privileges the backup user lacks for the ticked databases, each with the GRANT that fixes it. */
  missingPrivileges: Array<{ database: string; privilege: string; grant: string }>;
}

export interface RedisTestDto {
  version: string;
  keysPerDb: Record<string, number>;
  /** false when the server refuses SYNC (managed Redis): suggest the file method. */
  syncAllowed: boolean | null;
}

/** The SSH server's key as the wizard shows it for confirmation. */
export interface SshHostKeyDto {
  host: string;
  port: number;
  /** "SHA256:…", as ssh-keygen -lf prints it. */
  fingerprint: string;
  type: string;
  /** `trusted`: this key is confirmed; `unknown`: no key confirmed yet; `changed`: another key was confirmed before. */
  status: 'trusted' | 'unknown' | 'changed';
  pinned: string[];
}

/** A key pair Kura made for a job (the private key encrypted; its passphrase in the keychain). */
export interface SshKeyDto {
  keyPath: string;
  passphraseRef: string;
  publicKey: string;
}

export interface ScheduleInfoDto {
  valid: boolean;
  /** What is wrong with the schedule (every problem), or null. */
  error: MessageDto | null;
  /** Each problem with the field it is about (`minute`, `timezone`…), for the editor to show at the field. */
  problems: Array<{ field: string; message: MessageDto }>;
  /** The schedule in words ("Every day at 00:00"), or null when it is not valid. */
  sentence: MessageDto | null;
  nextRuns: string[];
}

export interface DoctorDto {
  kuraVersion: string;
  home: string;
  platform: string;
  checks: Array<{ name: string; ok: boolean; detail: MessageDto; path: string | null; version: string | null }>;
}

export interface FreeSpaceDto {
  path: string;
  /** False while the folder does not exist yet: the wizard offers to create it (a run never does). */
  exists: boolean;
  freeBytes: number;
  totalBytes: number;
}

/** One folder of a files item in a snapshot (the restore wizard's browser). */
export interface BrowseDto {
  snapshotId: string;
  sourceId: string;
  /** The folder shown, relative to the item ('' = its top). */
  folder: string;
  /** Folders first, then by name; bytes and files of a folder count everything below it. */
  entries: Array<{ name: string; kind: 'folder' | 'file' | 'link'; bytes: number; files: number; mtimeMs: number }>;
}

export interface RestorePlanDto {
  snapshotId: string;
  sourceId: string;
  type: 'files' | 'mysql' | 'redis';
  /** What the restore will do, in order (the UI renders each in its language). */
  steps: MessageDto[];
  /** What will be overwritten, or null when the target is new/empty. */
  overwrites: MessageDto | null;
  /** True when the admin must type a confirmation (destructive overwrite). */
  destructive: boolean;
  safetyBackup: { willTake: boolean; reason: MessageDto } | null;
  bytes: number;
  /**
   * Whether the account the restore will use may do every step, checked before Start (null: not
   * checked, Redis). When not, the wizard asks for a restore account (`kind`: a MySQL account, or
   * write access to the web server's files) and Start is refused until one is given.
   */
  rights: {
    kind: 'mysql' | 'files' | 'folder';
    account: string;
    where: string;
    ok: boolean;
    missing: MessageDto[];
    fix: string | null;
    /** MySQL: whether writing the database is missing, and the owner's right (SET USER…) when that is. */
    lacks?: { write: boolean; owner: string | null };
  } | null;
}

/** One comparison of the restored data with the snapshot: what was compared, and what was found. */
export interface RestoreCheckDto {
  check: MessageDto;
  ok: boolean;
  detail: MessageDto;
}

export interface RestoreResultDto {
  status: 'success' | 'failed' | 'cancelled' | 'rolled-back';
  /** What was done, in order. */
  steps: MessageDto[];
  verification: RestoreCheckDto[];
  safetyBackup: { path: string } | null;
  error: ErrorDto | null;
}

/** One thing to paste on a server (`kura server-setup`), as the server-setup screen shows it. */
export interface ServerSnippetDto {
  id: string;
  title: MessageDto;
  for: { kind: 'source' | 'offsite' | 'connection'; id: string };
  server: string;
  /** Where it goes, in words ("Append to /etc/rsyncd.conf on web.example.jp"). */
  where: MessageDto;
  language: 'rsyncd.conf' | 'rsyncd.secrets' | 'sql' | 'redis-acl' | 'shell';
  /** The text to paste; may hold a password (shown to the admin, never logged). */
  content: string;
  /** Commands to run afterwards, in order (chmod 600, reload the service…), comments in the admin's language. */
  then: string[];
  notes: MessageDto[];
}

/**
 * What happened to each keychain entry behind the snippets: `kept` = the stored password was reused,
 * `new` = there was none, `replaced` = a fresh one overwrote the stored one (the servers must be
 * updated before the next backup).
 */
export interface ServerPasswordDto {
  ref: string;
  for: MessageDto;
  change: 'kept' | 'new' | 'replaced';
}

export interface ServerSetupDto {
  jobId: string;
  snippets: ServerSnippetDto[];
  passwords: ServerPasswordDto[];
  /** Changes made to config.json (a keychain entry named where a source had none). */
  configChanges: MessageDto[];
}

export interface SettingsDto {
  language: 'auto' | Language;
  notifications: 'all' | 'failures' | 'off';
  catchUpDelaySeconds: number;
  startAtLogin: boolean;
  toolPaths: Record<string, string>;
  alerts?: AlertsDto;
}

// ---------------------------------------------------------------------------------------------
// Argument schemas (validated on receipt)

/** A restore journal id: `mysql-127.0.0.1-3306-shop`, `redis-127.0.0.1-6379`, `files-<hash>`. */
const restoreJournalId = z.string().regex(/^(?:mysql|redis|files)-[A-Za-z0-9._-]{1,200}$/);
/** The job's server connection as the wizard has it (validated again by the engine's config schema on save). */
const sshInput = z.object({
  host,
  port,
  user: z.string().min(1).max(64),
  keyPath: path.optional(),
  passphraseRef: secretRef.optional(),
  passwordRef: secretRef.optional(),
  compression: z.boolean().optional(),
});
/** A source test through SSH: `via: 'ssh'` and the connection to use. */
const viaSsh = { via: z.literal('ssh').optional(), ssh: sshInput.optional() };
/** The id the UI gives a "Test connection", for its Cancel button (`sources.cancelTest`). */
const testHandle = z.object({ testId: z.string().min(1).max(80) }).optional();

/** A job as the wizard saves it: validated again, fully, by the engine's config schema. */
export const jobInputSchema = z.object({ id, name: z.string().min(1).max(200) }).passthrough();

/** An S3 target as the wizard has it (checked again, fully, by the engine's config schema). */
export const s3TargetInputSchema = z.object({
  id,
  type: z.literal('s3'),
  provider: z.enum(['aws', 'wasabi', 'sakura', 'r2', 'other']).optional(),
  endpoint: z.string().max(2048).optional(),
  region: z.string().max(64).optional(),
  bucket: z.string().min(1).max(63),
  prefix: z.string().max(512).default(''),
  pathStyle: z.boolean().default(false),
  accessKeyId: z.string().min(1).max(128),
  secretRef,
  storageClass: z.string().max(40).optional(),
  encryption: z.object({ passphraseRef: secretRef.optional(), identityRef: secretRef.optional() }).optional(),
  objectLock: z.object({ mode: z.enum(['GOVERNANCE', 'COMPLIANCE']) }).optional(),
  minStorageDays: z.number().int().min(0).max(3650).optional(),
  bwlimit: z.number().int().min(1).max(10_000_000).optional(),
});

/** The restore request (shared with the engine's restore journal: ./restore-request.ts). */
export { locationAccessSchema, restoreRequestSchema, type RestoreRequest } from './restore-request.js';
import { locationAccessSchema } from './restore-request.js';

export const settingsInputSchema = z.object({
  language: z.enum(['auto', 'en', 'ja']),
  notifications: z.enum(['all', 'failures', 'off']),
  catchUpDelaySeconds: z.number().int().min(0).max(86_400),
  startAtLogin: z.boolean(),
  toolPaths: z.partialRecord(z.enum(TOOL_NAMES), path),
});

/** Alert settings as the screen saves them: validated again, fully, by the engine's config schema. */
export const alertsInputSchema = z.object({}).passthrough();
/** Which channel "Send a test" uses. */
export const testChannelSchema = z.union([
  z.object({ kind: z.literal('email') }),
  z.object({ kind: z.literal('webhook'), index: z.number().int().min(0).max(20) }),
  z.object({ kind: z.literal('heartbeat') }),
]);
/** A standby to check from the wizard, with its source (and the job's SSH connection for `via: 'ssh'`). */
export const standbyCheckSchema = z.object({
  jobId: id.optional(),
  source: z.object({
    type: z.enum(['mysql', 'redis']),
    host,
    port,
    user: z.string().max(80).optional(),
    username: z.string().max(128).optional(),
    passwordRef: secretRef.optional(),
    via: z.literal('ssh').optional(),
  }),
  standby: z.object({
    host,
    port,
    user: z.string().max(80).optional(),
    username: z.string().max(128).optional(),
    passwordRef: secretRef.optional(),
    maxLagSeconds: z.number().int().min(1).max(604_800).optional(),
  }),
  ssh: sshInput.optional(),
});

// ---------------------------------------------------------------------------------------------
// Methods

interface MethodDef<A extends z.ZodTuple, R> {
  args: A;
  /** Phantom: carries the result type. */
  result?: R;
}
const method = <R>() => <A extends z.ZodTuple>(args: A): MethodDef<A, R> => ({ args });

export const methods = {
  'app.info': method<AppInfo>()(z.tuple([])),
  'jobs.list': method<JobConfigDto[]>()(z.tuple([])),
  'jobs.get': method<JobConfigDto>()(z.tuple([id])),
  /** `createDestination`: the admin asked for the backup folder to be created (never done silently). */
  'jobs.save': method<JobConfigDto>()(z.tuple([jobInputSchema, z.object({ createDestination: z.boolean() }).optional()])),
  'jobs.delete': method<void>()(z.tuple([id])),
  'sources.testFiles': method<FilesTestDto>()(
    z.tuple([z.object({ from: z.string().min(1).max(4096), passwordRef: secretRef.optional(), sshKeyPath: path.optional(), sshPort: port.optional(), ...viaSsh }), testHandle]),
  ),
  'sources.testMysql': method<MysqlTestDto>()(
    z.tuple([z.object({ host, port, user: z.string().min(1).max(80), passwordRef: secretRef.optional(), databases: z.array(z.string().max(64)).default([]), ...viaSsh }), testHandle]),
  ),
  'sources.testRedis': method<RedisTestDto>()(
    z.tuple([z.object({ host, port, username: z.string().max(128).optional(), passwordRef: secretRef.optional(), ...viaSsh }), testHandle]),
  ),
  /** Stops a running "Test connection" (its process killed, its socket closed). True when one was running. */
  'sources.cancelTest': method<boolean>()(z.tuple([z.string().min(1).max(80)])),
  /** The SSH server's key, for the wizard to show before anything is sent to the server. */
  'ssh.hostKey': method<SshHostKeyDto>()(z.tuple([z.object({ host, port }), testHandle])),
  /** Confirms a key: refused unless the server shows exactly this fingerprint now. */
  'ssh.trust': method<SshHostKeyDto>()(z.tuple([z.object({ host, port, fingerprint: z.string().min(1).max(100) })])),
  /** Logs in (and, with a files folder, lists it) through the connection: the wizard's "Test connection". */
  'ssh.test': method<{ user: string; fingerprint: string }>()(z.tuple([sshInput, testHandle])),
  /** Makes a key pair for a job under $KURA_HOME/ssh (passphrase-protected, passphrase in the keychain). */
  'ssh.generateKey': method<SshKeyDto>()(z.tuple([id])),
  'runs.start': method<{ runId: string | null; skipped: boolean }>()(z.tuple([id])),
  'runs.cancel': method<boolean>()(z.tuple([id])),
  'runs.history': method<RunDto[]>()(z.tuple([z.object({ jobId: id.optional(), status: z.string().max(20).optional() })])),
  'runs.logTail': method<string[]>()(z.tuple([id, z.string().max(80), z.number().int().min(1).max(10_000)])),
  'runs.openLog': method<void>()(z.tuple([id, z.string().max(80)])),
  'status.get': method<StatusDto>()(z.tuple([])),
  'schedules.pause': method<void>()(z.tuple([z.boolean()])),
  'schedules.describe': method<ScheduleInfoDto>()(z.tuple([z.string().max(200), z.string().max(64).optional()])),
  'snapshots.list': method<SnapshotDto[]>()(
    z.tuple([z.union([z.object({ jobId: id }), z.object({ folder: path }), z.object({ location: path, access: locationAccessSchema.optional() })])]),
  ),
  /** Checks an S3 target before it is saved: the keys, the bucket, Object Lock, write permission. */
  'offsite.testS3': method<S3TestDto>()(z.tuple([id, s3TargetInputSchema])),
  /**
   * The recovery kit of an encrypted S3 target: creates the job's age key in the keychain (under the
   * target's `encryption.identityRef`) when there is none yet, and returns it with the passphrase,
   * the bucket and the by-hand commands, for the admin to print. Shown once at setup.
   */
  'offsite.recoveryKit': method<RecoveryKitDto>()(z.tuple([id, z.string().min(1).max(200), s3TargetInputSchema])),
  'restore.plan': method<RestorePlanDto>()(z.tuple([restoreRequestSchema])),
  /** One folder of the request's files item ('' = its top), read from the snapshot's file list. */
  'restore.browse': method<BrowseDto>()(z.tuple([restoreRequestSchema, z.string().max(4096)])),
  'restore.start': method<{ restoreId: string }>()(z.tuple([restoreRequestSchema])),
  'restore.cancel': method<boolean>()(z.tuple([z.string().max(80)])),
  /** Restores a crash left unfinished (also in StatusDto.unfinishedRestores). */
  'restore.unfinished': method<UnfinishedRestoreDto[]>()(z.tuple([])),
  /** "Finish the restore": runs it again; progress and result come as restore.* events. */
  'restore.finish': method<{ restoreId: string }>()(z.tuple([restoreJournalId])),
  /** "Roll back to the safety backup"; progress and result come as restore.* events. */
  'restore.rollBack': method<{ restoreId: string }>()(z.tuple([restoreJournalId])),
  /** Forgets an unfinished restore, leaving its target as it is. */
  'restore.dismiss': method<void>()(z.tuple([restoreJournalId])),
  'settings.get': method<SettingsDto>()(z.tuple([])),
  'settings.save': method<SettingsDto>()(z.tuple([settingsInputSchema])),
  /** The global alert channels (settings.alerts). */
  'alerts.get': method<AlertsDto>()(z.tuple([])),
  'alerts.save': method<AlertsDto>()(z.tuple([alertsInputSchema])),
  /** "Send a test" through one channel of these settings (saved or not); fails with the server's refusal. */
  'alerts.test': method<void>()(z.tuple([alertsInputSchema, testChannelSchema])),
  /** Reads one standby now (the wizard's "Check the standby"). */
  'standbys.check': method<StandbyDto>()(z.tuple([standbyCheckSchema])),
  'secrets.set': method<void>()(z.tuple([secretRef, z.string().min(1).max(4096)])),
  /**
   * Removes a keychain entry the setup wizard stored for a job that was never saved (its Cancel).
   * Refused for an entry any saved job or setting names: a UI can never delete a password a backup needs.
   */
  'secrets.forgetUnsaved': method<boolean>()(z.tuple([secretRef])),
  /** Never `secrets.get`: the UI can learn whether a password is stored, not what it is. */
  'secrets.has': method<boolean>()(z.tuple([secretRef])),
  /**
   * Forgets a password held for this session only (`session.*`: a restore account typed in the
   * restore wizard). Keychain entries are not touched: false for any other name.
   */
  'secrets.forget': method<boolean>()(z.tuple([secretRef])),
  'dialog.openFolder': method<string | null>()(z.tuple([z.object({ title: z.string().max(200).optional() })])),
  'system.freeSpace': method<FreeSpaceDto>()(z.tuple([path])),
  'doctor.run': method<DoctorDto>()(z.tuple([])),
  /**
   * The server-side setup for a job (rsyncd modules and secrets lines, MySQL backup account, Redis
   * ACL user). `reusePasswords` (default true) keeps the keychain's passwords where there are some;
   * false generates new ones and replaces the stored ones at once.
   */
  'setup.serverSnippets': method<ServerSetupDto>()(
    z.tuple([id, z.object({ allow: z.string().min(1).max(500).optional(), reusePasswords: z.boolean().default(true) })]),
  ),
} as const;

export type MethodName = keyof typeof methods;
export type MethodArgs<M extends MethodName> = z.input<(typeof methods)[M]['args']>;
export type MethodResult<M extends MethodName> = (typeof methods)[M] extends MethodDef<z.ZodTuple, infer R> ? R : never;

/** The API the renderer sees: one async function per method, throwing nothing (results are `Result`). */
export type KuraBridge = {
  call<M extends MethodName>(method: M, ...args: MethodArgs<M>): Promise<Result<MethodResult<M>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

// ---------------------------------------------------------------------------------------------
// Events (engine → UI)

export type ProgressDto =
  | { kind: 'step'; sourceId: string | null; step: string; message: MessageDto }
  | { kind: 'bytes'; sourceId: string; bytes: number; totalBytes: number | null }
  | { kind: 'files'; sourceId: string; files: number; bytes: number; totalFiles: number | null };

export interface Events {
  'status.changed': StatusDto;
  'run.progress': { jobId: string; runId: string | null; progress: ProgressDto };
  'run.log': { jobId: string; runId: string | null; line: string };
  'run.finished': { jobId: string; run: RunDto | null; skipped: boolean };
  'restore.progress': { restoreId: string; progress: ProgressDto };
  'restore.log': { restoreId: string; line: string };
  'restore.finished': { restoreId: string; result: RestoreResultDto };
  /** The shell asks the UI to show a screen (tray "Restore…", a notification click). */
  'ui.navigate': { screen: 'dashboard' | 'runs' | 'restore' | 'settings'; jobId?: string };
}
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = Events[E];
export const eventNames: readonly EventName[] = [
  'status.changed',
  'run.progress',
  'run.log',
  'run.finished',
  'restore.progress',
  'restore.log',
  'restore.finished',
  'ui.navigate',
];

/** Validates a call's arguments against the contract. Unknown methods and bad payloads are rejected. */
export function parseCall(method: unknown, args: unknown): { ok: true; method: MethodName; args: unknown[] } | { ok: false; error: ErrorDto } {
  if (typeof method !== 'string' || !Object.prototype.hasOwnProperty.call(methods, method)) {
    return { ok: false, error: unknownMethod(method) };
  }
  const def = methods[method as MethodName];
  const r = def.args.safeParse(args);
  if (!r.success) return { ok: false, error: invalidArguments(r.error) };
  return { ok: true, method: method as MethodName, args: r.data as unknown[] };
}

/** The channel names used by Electron IPC. */
export const IPC_CALL_CHANNEL = 'kura:call';
export const IPC_EVENT_CHANNEL = 'kura:event';
