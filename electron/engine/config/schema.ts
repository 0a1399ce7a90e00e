/**
 * The shape of `$KURA_HOME/config.json`. Validated on every load: a typo must give a clear error
 * naming the field (`jobs[0].sources[1].port: expected a whole number from 1 to 65535`), never a
 * half-working job at midnight. Each check's words are a catalogue code (field-problems.ts
 * `problem()`), said in the admin's language.
 *
 * Every string that ends up near a command line is constrained here first (no control characters,
 * no leading "-"), so nothing an admin types can be executed or parsed as an option.
 */
import { HOST_PATTERN } from '../../shared/contract-fields.js';
import { z } from 'zod';
import { LEGACY_TOOL_PATH_KEYS, TOOL_NAMES } from '../../shared/tool-names.js';
import { parseFilesLocation } from './files-location.js';
import { hasControlChar } from '../util/text.js';
import { isAbsoluteAnyOs } from '../../shared/absolute-path.js';
import { isValidTimeZone } from '../../shared/zoned-time.js';
import { excludeProblem } from '../tools/rsync/exclude-rule.js';
import { problem, problemText } from '../../shared/messages/field-problems.js';
import { validateSchedule } from '../scheduler/validate-schedule.js';
import { messageList, msg, type MessageData } from '../../shared/messages/index.js';
import { bucketNameProblem, prefixProblem } from '../../shared/s3-presets.js';


export const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, problem('field-id', {}));

const secretRef = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, problem('field-secret-ref', {}));

/** What a text field is, for its problems ("database name must not start with "-""). */
type Noun = 'noun-database-name' | 'noun-user-name' | 'noun-exclude-pattern' | 'noun-ssh-key-file' | 'noun-rdb-file' | 'noun-backup-folder' | 'noun-ca-file' | 'noun-access-key-id';

const safeText = (what: Noun) =>
  z
    .string()
    .min(1, problem('field-empty', { what }))
    .refine((s) => !hasControlChar(s), problem('field-control-chars', { what }))
    .refine((s) => !s.startsWith('-'), problem('field-leading-dash', { what }));

/**
 * A path Kura will open later, from whatever folder the scheduler, the daemon or the app happens to
 * run in: only an absolute one means the same thing every time. Checked by shape, for any OS (a config
 * written for a Windows PC names `D:\\KuraBackups` and is validated on Linux in tests and CI), so
 * `D:backups` (relative to drive D's current folder) and `backups\\shop` are refused here, not resolved
 * against whatever folder Kura was started from.
 */
function absolutePath(what: Noun) {
  return z
    .string()
    .min(1, problem('field-path-expected', { what }))
    .refine((s) => !hasControlChar(s), problem('field-control-chars', { what }))
    .refine((s) => isAbsoluteAnyOs(s), problem('field-not-full-path', { what }));
}

export const hostSchema = z
  .string()
  .regex(HOST_PATTERN, problem('field-host', {}));

const port = z.number().int(problem('field-port', {})).min(1, problem('field-port', {})).max(65535, problem('field-port', {}));

/** MySQL database names: anything printable but "/", "\" and "." (the server's own rule), max 64. */
export const databaseNameSchema = safeText('noun-database-name')
  .refine((s) => s.length <= 64, problem('field-db-name-length', {}))
  .refine((s) => !/[/\\.]/.test(s), problem('field-db-name-chars', {}))
  .refine((s) => !s.endsWith(' '), problem('field-db-name-space', {}));

/**
 * A job's server connection (SSH to the shop's server); a source with `"via": "ssh"` reaches its
 * server through it: files by rsync over it, MySQL and Redis at host:port *as the server sees them*.
 * A key file (passphrase in the keychain, optional) or a password in the keychain, never both.
 */
export const sshConnectionSchema = z
  .object({
    host: hostSchema,
    port: port.default(22),
    user: z.string().regex(/^[A-Za-z0-9._][A-Za-z0-9._-]{0,63}$/, problem('field-ssh-user', {})),
    keyPath: z.string().min(1).refine((s) => !hasControlChar(s), problem('field-no-control', {})).optional(),
    passphraseRef: secretRef.optional(),
    passwordRef: secretRef.optional(),
    /** zlib on the SSH connection (default on: dump text shrinks several times on a thin line; off for a fast LAN). */
    compression: z.boolean().optional(),
  })
  .superRefine((c, ctx) => {
    if ((c.keyPath === undefined) === (c.passwordRef === undefined)) ctx.addIssue({ code: 'custom', message: problem('field-ssh-key-or-password', {}) });
    if (c.passphraseRef !== undefined && c.keyPath === undefined) ctx.addIssue({ code: 'custom', path: ['passphraseRef'], message: problem('field-passphrase-needs-key', {}) });
  });

/** `"via": "ssh"`: through the job's server connection (`ssh`); omitted: directly from this computer. */
const via = z.literal('ssh', problem('field-via', {})).optional();

export const filesSourceSchema = z.object({
  id: idSchema,
  type: z.literal('files'),
  via,
  from: z.string().superRefine((from, ctx) => {
    const r = parseFilesLocation(from);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: problemText(r.problem) });
  }),
  passwordRef: secretRef.optional(),
  exclude: z
    .array(
      safeText('noun-exclude-pattern').superRefine((p, ctx) => {
        const found = excludeProblem(p);
        if (found) ctx.addIssue({ code: 'custom', message: problemText(found) });
      }),
    )
    .default([]),
  /** SSH only: private key file and port. */
  sshKeyPath: absolutePath('noun-ssh-key-file').optional(),
  sshPort: port.optional(),
});

// ---- standbys (replicas) and alerts: issue 21 ------------------------------------------------

/**
 * A replica of a MySQL/MariaDB source ("hot standby"), reached like its source (directly, or at
 * host:port as the server sees them through the job's SSH connection). Kura only reads its state
 * (REPLICATION CLIENT / SLAVE MONITOR is enough); it never switches servers.
 */
export const mysqlStandbySchema = z.object({
  host: hostSchema,
  port: port.default(3306),
  user: safeText('noun-user-name').refine((s) => s.length <= 80, problem('field-user-length', {})),
  passwordRef: secretRef.optional(),
  /** Further behind than this (seconds) is `lagging`, and alerts. */
  maxLagSeconds: z.number().int().min(1, problem('field-min', { minimum: 1 })).max(604_800).default(300),
});

/** A Redis replica of a Redis source; `username` (or `user`) for an ACL user. */
export const redisStandbySchema = z.object({
  host: hostSchema,
  port: port.default(6379),
  username: safeText('noun-user-name').optional(),
  user: safeText('noun-user-name').optional(),
  passwordRef: secretRef.optional(),
  maxLagSeconds: z.number().int().min(1, problem('field-min', { minimum: 1 })).max(604_800).default(300),
});

/** Dump from the source's first standby instead of the main server, unless it is broken or further behind than `maxLagSeconds`. */
export const dumpFromStandbySchema = z.object({
  maxLagSeconds: z.number().int().min(0).max(604_800).default(300),
});

const emailAddress = z
  .string()
  .max(254)
  .regex(/^[^\s@<>(),;:"\\[\]]+@[^\s@<>(),;:"\\[\]]+\.[^\s@<>(),;:"\\[\]]+$/, problem('field-email', {}));

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i;

/** Mail through the shop's or the provider's SMTP server; the password lives in the keychain. */
export const emailAlertSchema = z
  .object({
    host: hostSchema,
    port: port.default(587),
    /** `starttls` (port 587), `tls` (port 465), `none` (only to a relay on this computer). */
    security: z.enum(['starttls', 'tls', 'none'], 'expected "starttls", "tls" or "none"').default('starttls'),
    user: safeText('noun-user-name').optional(),
    passwordRef: secretRef.optional(),
    from: emailAddress,
    to: z.array(emailAddress).min(1, problem('field-alert-to', {})).max(20),
    /** A CA certificate (PEM) to trust for this server, for a mail server with its own certificate authority. */
    caFile: absolutePath('noun-ca-file').optional(),
  })
  .superRefine((e, ctx) => {
    if (e.passwordRef !== undefined && e.user === undefined) ctx.addIssue({ code: 'custom', path: ['user'], message: problem('field-password-needs-user', {}) });
    if (e.security === 'none' && e.passwordRef !== undefined && !LOOPBACK.test(e.host)) {
      ctx.addIssue({ code: 'custom', path: ['security'], message: problem('field-mail-unencrypted', {}) });
    }
  });

/** A webhook: its URL holds the token that lets anyone post, so the URL itself is a keychain entry. */
export const webhookAlertSchema = z.object({
  urlRef: secretRef,
  format: z.enum(['json', 'slack', 'discord', 'teams'], problem('field-webhook-format', {})).default('json'),
  /** A name for the screen ("Slack #shop-ops"); never the URL. */
  name: z.string().max(100).refine((s) => !hasControlChar(s), problem('field-no-control', {})).optional(),
});

/**
 * Alert channels. `heartbeat` is pinged at the start and end of every run (healthchecks.io and
 * Uptime Kuma "push" monitors), so an outside service notices when the pings stop.
 */
export const alertsSchema = z.object({
  email: emailAlertSchema.optional(),
  webhooks: z.array(webhookAlertSchema).max(10).optional(),
  heartbeat: z.object({ urlRef: secretRef }).optional(),
  /** The weekly report by mail: weekday 0 = Sunday … 6 = Saturday, hour 0–23 (this computer's time); false: none. */
  weeklySummary: z
    .union([z.literal(false), z.object({ weekday: z.number().int().min(0).max(6).default(1), hour: z.number().int().min(0).max(23).default(9) })])
    .optional(),
});

export const restoreConnectionsSchema = z
  .number()
  .int(problem('field-restore-connections', {}))
  .min(1, problem('field-restore-connections', {}))
  .max(16, problem('field-restore-connections', {}));

export const mysqlSourceSchema = z.object({
  id: idSchema,
  type: z.literal('mysql'),
  via,
  host: hostSchema.default('127.0.0.1'),
  port: port.default(3306),
  user: safeText('noun-user-name').refine((s) => s.length <= 80, problem('field-user-length', {})),
  passwordRef: secretRef.optional(),
  databases: z.array(databaseNameSchema).min(1, problem('field-databases', {})),
  /** Replicas of this server, watched (and optionally dumped from): standby/standby-schema.ts. */
  standbys: z.array(mysqlStandbySchema).optional(),
  /** Take the nightly dump from the first standby instead of this server (refused when it is broken or too far behind). */
  dumpFromStandby: dumpFromStandbySchema.optional(),
  /**
   * Connections a restore of this server's dumps loads tables over (1 = one stream); default
   * min(4, cores). `kura restore --connections` overrides it for one restore.
   */
  restoreConnections: restoreConnectionsSchema.optional(),
});

/** One argv item of a service command: any text without control characters (may start with "-"). */
const serviceArg = z
  .string()
  .min(1, problem('field-service-arg-empty', {}))
  .refine((s) => !hasControlChar(s), problem('field-service-arg-control', {}));

export const redisSourceSchema = z.object({
  id: idSchema,
  type: z.literal('redis'),
  via,
  host: hostSchema.default('127.0.0.1'),
  port: port.default(6379),
  /** ACL user (Redis 6+); omit for the default user. */
  username: safeText('noun-user-name').optional(),
  passwordRef: secretRef.optional(),
  /** `sync`: replication stream (works remotely). `file`: BGSAVE then copy the RDB (server on this machine). */
  method: z.enum(['sync', 'file']).default('sync'),
  /** `file` method: where the server's dump.rdb is, when CONFIG GET dir is not readable from here. */
  rdbPath: absolutePath('noun-rdb-file').optional(),
  /**
   * File (cold) restore: how to stop and start this Redis, as argv arrays run without a shell
   * (e.g. ["systemctl", "stop", "redis-server"]). Omitted: Kura looks for the usual Windows service
   * or systemd unit. No passwords here: the file is plain JSON on disk.
   */
  service: z
    .object({
      stop: z.array(serviceArg).min(1, problem('field-service-stop', {})),
      start: z.array(serviceArg).min(1, problem('field-service-start', {})),
    })
    .refine((s) => !(s.stop[0] ?? '').startsWith('-') && !(s.start[0] ?? '').startsWith('-'), problem('field-service-dash', {}))
    .optional(),
  /** Replicas of this server, watched: standby/standby-schema.ts. */
  standbys: z.array(redisStandbySchema).optional(),
});

export const sourceSchema = z.discriminatedUnion('type', [filesSourceSchema, mysqlSourceSchema, redisSourceSchema]);

export const retentionSchema = z.object({
  keepLast: z.number().int().min(1, problem('field-keep-last', {})).default(7),
  keepDaily: z.number().int().min(0).default(7),
  keepWeekly: z.number().int().min(0).default(4),
  keepMonthly: z.number().int().min(0).default(6),
});

export const scheduleSchema = z.object({
  cron: z
    .string()
    .min(1, problem('field-cron-empty', {}))
    .superRefine((cron, ctx) => {
      const v = validateSchedule(cron);
      if (v.kind === 'invalid') ctx.addIssue({ code: 'custom', message: problem('field-cron-invalid', { cron, problems: messageList(v.problems.map((p) => p.message)) }) });
    }),
  timezone: z
    .string()
    .min(1)
    .refine((tz) => isValidTimeZone(tz), problem('field-timezone', {}))
    .optional(),
});

/**
 * An off-site copy target: where each new snapshot is pushed after a successful run, because a fire,
 * theft or ransomware takes the PC and its USB disk together. Same address spellings as a files
 * source (`user@host::module/path`, `rsync://…`, `user@host:/path`, a local or NAS folder); the
 * job's snapshots go to `<to>/<jobId>/<snapshotId>/` there, laid out like the local backup folder.
 */
export const rsyncTargetSchema = z.object({
  id: idSchema,
  /** Omitted in configs written before S3 targets existed: every such target is an rsync/folder one. */
  type: z.literal('rsync').optional(),
  to: z.string().superRefine((to, ctx) => {
    const r = parseFilesLocation(to);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: problemText(r.problem) });
  }),
  /** rsync daemon targets: the keychain entry holding the module password. */
  passwordRef: secretRef.optional(),
  sshKeyPath: absolutePath('noun-ssh-key-file').optional(),
  sshPort: port.optional(),
  /** Upload limit in KiB per second (rsync --bwlimit), for shops on thin uplinks. */
  bwlimit: z.number().int().min(1, problem('field-bwlimit', {})).max(10_000_000).optional(),
});

/**
 * An S3-compatible bucket (AWS, Wasabi, Sakura, Cloudflare R2, a Ceph gateway…): the snapshots are
 * encrypted on this PC (age format) and stored content-addressed under `<prefix><jobId>/`
 * (storage/s3/s3-layout.ts). `endpoint` for everything but AWS, where `region` alone is enough.
 */
export const s3TargetSchema = z
  .object({
    id: idSchema,
    type: z.literal('s3'),
    /** Which service (s3-presets.ts): decides the minimum storage duration Kura warns about. */
    provider: z.enum(['aws', 'wasabi', 'sakura', 'r2', 'other']).optional(),
    endpoint: z
      .string()
      .superRefine((e, ctx) => {
        const p = endpointProblem(e);
        if (p) ctx.addIssue({ code: 'custom', message: problemText(p) });
      })
      .optional(),
    region: z.string().regex(/^[a-z0-9-]{1,40}$/, problem('field-region', {})).optional(),
    bucket: z.string().superRefine((b, ctx) => {
      const p = bucketNameProblem(b);
      if (p) ctx.addIssue({ code: 'custom', message: problemText(p) });
    }),
    prefix: z
      .string()
      .default('')
      .superRefine((p, ctx) => {
        const problem = prefixProblem(p);
        if (problem) ctx.addIssue({ code: 'custom', message: problemText(problem) });
      }),
    /** `endpoint/bucket/key` addressing (most non-AWS services and gateways) instead of `bucket.endpoint/key`. */
    pathStyle: z.boolean().default(false),
    accessKeyId: safeText('noun-access-key-id').refine((s) => s.length <= 128 && !/\s/.test(s), problem('field-access-key-id', {})),
    /** The keychain entry holding the secret access key. */
    secretRef,
    storageClass: z.string().regex(/^[A-Z_]{1,40}$/, problem('field-storage-class', {})).optional(),
    /**
     * Client-side encryption (age). `passphraseRef`: the keychain entry holding the passphrase that
     * opens the bucket's key file; `identityRef`: one holding an age X25519 identity
     * (AGE-SECRET-KEY-1…) to use instead of a generated one. Omitted: the copies are NOT encrypted
     * (allowed for a bucket the shop fully controls; Kura warns on every run).
     */
    encryption: z
      .object({ passphraseRef: secretRef.optional(), identityRef: secretRef.optional() })
      .refine((e) => e.passphraseRef !== undefined || e.identityRef !== undefined, problem('field-encryption-key', {}))
      .optional(),
    /**
     * S3 Object Lock on every uploaded object, until the snapshot's planned end of life: `COMPLIANCE`
     * (nobody, not even the account owner, can delete it early) or `GOVERNANCE` (an account with the
     * bypass permission can). The bucket must have been created with Object Lock.
     */
    objectLock: z.object({ mode: z.enum(['GOVERNANCE', 'COMPLIANCE']) }).optional(),
    /** Days every object is billed for even when deleted sooner; default: the provider's (Wasabi 90). */
    minStorageDays: z.number().int().min(0).max(3650).optional(),
    /** Upload limit in KiB per second. */
    bwlimit: z.number().int().min(1, problem('field-bwlimit', {})).max(10_000_000).optional(),
  })
  .refine((t) => t.endpoint !== undefined || t.region !== undefined, { message: problem('field-endpoint-or-region', {}), path: ['endpoint'] });

function endpointProblem(e: string): MessageData | null {
  let u: URL;
  try {
    u = new URL(e);
  } catch {
    return msg('field-endpoint-not-url', { value: e });
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return msg('field-endpoint-scheme', { value: e });
  if (u.username || u.password) return msg('field-endpoint-credentials', {});
  if (u.search || u.hash) return msg('field-endpoint-query', {});
  return null;
}

export const offsiteTargetSchema = z.discriminatedUnion('type', [rsyncTargetSchema, s3TargetSchema]);

export const jobSchema = z
  .object({
    id: idSchema,
    name: z.string().min(1, problem('field-name', {})).max(200),
    destination: z.object({
      path: absolutePath('noun-backup-folder'),
      /**
       * Folders this job's backups were in before (moved in the edit wizard with "keep showing them"):
       * their snapshots are listed and restorable, never written to or pruned (snapshot/job-snapshots.ts).
       */
      earlier: z.array(absolutePath('noun-backup-folder')).max(20).optional(),
    }),
    sources: z.array(sourceSchema).min(1, problem('field-sources', {})),
    schedule: scheduleSchema.optional(),
    retention: retentionSchema.default({ keepLast: 7, keepDaily: 7, keepWeekly: 4, keepMonthly: 6 }),
    /** `balanced`: gzip level 6 (the seed's size). `fast`: level 1, larger but much quicker. */
    compression: z.enum(['balanced', 'fast']).default('balanced'),
    /** Off-site copies, pushed after each successful run (see offsiteTargetSchema). */
    offsite: z.array(offsiteTargetSchema).default([]),
    /** The server connection sources with `"via": "ssh"` use. */
    ssh: sshConnectionSchema.optional(),
    /** Alert channels of this job, each one replacing the global one of `settings.alerts` (alerts/alerts-schema.ts). */
    alerts: alertsSchema.optional(),
  })
  .superRefine((job, ctx) => {
    job.sources.forEach((s, i) => {
      if (s.via !== 'ssh') return;
      const at = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: ['sources', i, field], message });
      if (job.ssh === undefined) at('via', problem('field-via-no-ssh', {}));
      if (s.type === 'files') {
        if (!s.from.startsWith('/')) at('from', problem('field-via-from', { from: s.from }));
        if (s.sshKeyPath !== undefined || s.sshPort !== undefined || s.passwordRef !== undefined) at('via', problem('field-via-own-ssh', {}));
      }
      if (s.type === 'redis' && s.method === 'file') at('method', problem('field-via-file-method', {}));
    });
    job.sources.forEach((s, i) => {
      if (s.type === 'mysql' && s.dumpFromStandby && !s.standbys?.length) {
        ctx.addIssue({ code: 'custom', path: ['sources', i, 'dumpFromStandby'], message: problem('field-standby-needed', {}) });
      }
    });
    const seen = new Set<string>();
    job.sources.forEach((s, i) => {
      if (seen.has(s.id)) ctx.addIssue({ code: 'custom', path: ['sources', i, 'id'], message: problem('field-duplicate-source', { id: s.id }) });
      seen.add(s.id);
    });
    const targets = new Set<string>();
    job.offsite.forEach((t, i) => {
      if (targets.has(t.id)) ctx.addIssue({ code: 'custom', path: ['offsite', i, 'id'], message: problem('field-duplicate-target', { id: t.id }) });
      targets.add(t.id);
    });
  });

export const settingsSchema = z.object({
  language: z.enum(['auto', 'en', 'ja']).default('auto'),
  notifications: z.enum(['all', 'failures', 'off']).default('all'),
  catchUpDelaySeconds: z.number().int().min(0).max(86_400).default(120),
  startAtLogin: z.boolean().default(true),
  // Keyed by the program's name (electron/shared/tool-names.ts); the first Settings screen's keys
  // that named no program ("mysql-client", "keychain") are dropped instead of failing the config.
  toolPaths: z
    .preprocess(
      (v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).filter(([k]) => !LEGACY_TOOL_PATH_KEYS.includes(k))) : v),
      z.partialRecord(z.enum(TOOL_NAMES), z.string()),
    )
    .default({}),
  /** Where alerts go when no one watches the tray: e-mail, webhooks, a heartbeat (alerts/alerts-schema.ts). */
  alerts: alertsSchema.optional(),
});

export const configSchema = z
  .object({
    version: z.literal(1, problem('field-version', {})),
    jobs: z.array(jobSchema).default([]),
    settings: settingsSchema.default(settingsSchema.parse({})),
  })
  .superRefine((cfg, ctx) => {
    const seen = new Set<string>();
    cfg.jobs.forEach((j, i) => {
      if (seen.has(j.id)) ctx.addIssue({ code: 'custom', path: ['jobs', i, 'id'], message: problem('field-duplicate-job', { id: j.id }) });
      seen.add(j.id);
    });
  });

export type KuraConfig = z.infer<typeof configSchema>;
export type KuraConfigInput = z.input<typeof configSchema>;
export type Job = z.infer<typeof jobSchema>;
export type Source = z.infer<typeof sourceSchema>;
export type FilesSource = z.infer<typeof filesSourceSchema>;
export type MysqlSource = z.infer<typeof mysqlSourceSchema>;
export type RedisSource = z.infer<typeof redisSourceSchema>;
export type Retention = z.infer<typeof retentionSchema>;
export type OffsiteTarget = z.infer<typeof offsiteTargetSchema>;
export type RsyncTarget = z.infer<typeof rsyncTargetSchema>;
export type S3Target = z.infer<typeof s3TargetSchema>;
export type Settings = z.infer<typeof settingsSchema>;
export type SshConnectionConfig = z.infer<typeof sshConnectionSchema>;
