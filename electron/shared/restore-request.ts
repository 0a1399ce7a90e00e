/**
 * "Put this snapshot's item back": what the restore wizard, `kura restore` and `kura serve` ask the
 * engine for. The engine keeps it in its restore journal (so "finish the restore" runs the very same
 * request again) and validates it when it reads the journal back; the contract validates it when it
 * arrives from the UI. One schema for both, outside the UI contract, so the engine never imports the
 * contract's types.
 *
 * zod only: imported by Node code and by the browser bundle.
 */
import { z } from 'zod';
import { host, id, path, port, secretRef, snapshotRef } from './contract-fields.js';
import { problem } from './messages/field-problems.js';

/** How to read an off-site location that is not a folder: keychain entries and, for a bucket, where it is. */
export const locationAccessSchema = z.object({
  passwordRef: secretRef.optional(),
  s3: z
    .object({
      endpoint: z.string().max(2048).optional(),
      region: z.string().max(64).optional(),
      pathStyle: z.boolean().optional(),
      accessKeyId: z.string().max(128).optional(),
      secretRef: secretRef.optional(),
      passphraseRef: secretRef.optional(),
    })
    .optional(),
});

export const restoreRequestSchema = z.object({
  /** A configured job, or `fromFolder` on a new PC with no config. */
  jobId: id.optional(),
  fromFolder: path.optional(),
  snapshotId: snapshotRef,
  sourceId: id,
  mysql: z
    .object({
      database: z.string().min(1).max(64).optional(),
      toDatabase: z.string().min(1).max(64).optional(),
      safetyBackup: z.boolean().default(true),
      stripDefiners: z.boolean().default(false),
      /** Only this table of the dump (with its triggers), into `toDatabase` or its own database. */
      table: z.string().min(1).max(64).optional(),
      /** Connections loading table data at once (a dump with parts); default min(4, cores). */
      connections: z
        .number()
        .int(problem('field-restore-connections', {}))
        .min(1, problem('field-restore-connections', {}))
        .max(16, problem('field-restore-connections', {}))
        .optional(),
      target: z.object({ host, port, user: z.string().min(1).max(80), passwordRef: secretRef.optional() }).optional(),
      /**
       * A restore account for this restore, on the same server: the backup account Kura recommends
       * may only read. Its password is a `session.*` entry (memory only) unless the admin chose to remember it.
       */
      account: z.object({ user: z.string().min(1).max(80), passwordRef: secretRef }).optional(),
    })
    .optional(),
  redis: z
    .object({
      method: z.enum(['live', 'file']).default('live'),
      flush: z.boolean().default(false),
      /** Another server (a new one after the old died, or a restore on a new PC with no config). */
      target: z.object({ host, port, username: z.string().min(1).max(128).optional(), passwordRef: secretRef.optional() }).optional(),
    })
    .optional(),
  files: z
    .object({
      toPath: path.optional(),
      path: z.string().max(4096).optional(),
      mirror: z.boolean().default(false),
      /**
       * Write access for putting files back on the web server: the read-only rsync module of the
       * backup cannot take them. Another user (and, for an rsync daemon, another module, such as the
       * `<module>-restore` module server-setup prints) on the same server.
       */
      access: z
        .object({
          user: z.string().min(1).max(80).regex(/^[^@:/\s]+$/),
          module: z.string().min(1).max(80).regex(/^[^/\]\s]+$/).optional(),
          passwordRef: secretRef.optional(),
        })
        .optional(),
    })
    .optional(),
  /** With `fromFolder` naming an rsync address or a bucket: how to read it (from "Open a backup location…"). */
  fromAccess: locationAccessSchema.optional(),
});
export type RestoreRequest = z.infer<typeof restoreRequestSchema>;
