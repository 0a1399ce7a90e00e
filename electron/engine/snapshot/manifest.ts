/**
 * `manifest.json`: what a snapshot holds, written last into the `.partial` folder, just before the
 * rename that publishes it. It is what makes a folder "a Kura snapshot": listing, verification,
 * restore and retention all start from it, and an admin can read it without Kura.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

export const MANIFEST_FORMAT = 'kura-snapshot/1';
export const MANIFEST_FILE = 'manifest.json';

const filesItem = z.object({
  source: z.string(),
  type: z.literal('files'),
  path: z.string(),
  /** Where the files came from, with any password removed. */
  from: z.string(),
  files: z.number(),
  bytes: z.number(),
  durationMs: z.number(),
  warnings: z.array(z.string()).default([]),
});

const mysqlItem = z.object({
  source: z.string(),
  type: z.literal('mysql'),
  path: z.string(),
  database: z.string(),
  bytes: z.number(),
  sha256: z.string(),
  uncompressedBytes: z.number(),
  compression: z.literal('gzip'),
  serverVersion: z.string(),
  serverFlavour: z.enum(['mariadb', 'mysql']),
  tables: z.array(z.string()),
  views: z.array(z.string()),
  routines: z.array(z.string()),
  triggers: z.array(z.string()),
  events: z.array(z.string()),
  rowCounts: z.record(z.string(), z.number()),
  durationMs: z.number(),
  /**
   * How the tables were made to fit together (optional: snapshots before it was recorded lack it):
   * 'single-transaction' (all transactional, one snapshot), 'lock-tables' (tables without transactions,
   * all read-locked for the dump), 'single-transaction-unlocked' (such tables, not locked: see warnings).
   */
  consistency: z.enum(['single-transaction', 'lock-tables', 'single-transaction-unlocked']).optional(),
  /** Tables without transactions, e.g. "log (MyISAM)". */
  nonTransactionalTables: z.array(z.string()).optional(),
  /** Bytes of the dump's longest statement: the restoring server's max_allowed_packet must be at least this. */
  largestStatementBytes: z.number().optional(),
  /** What the admin must know about this dump (complete and verified all the same). */
  warnings: z.array(z.string()).optional(),
});

const redisItem = z.object({
  source: z.string(),
  type: z.literal('redis'),
  path: z.string(),
  bytes: z.number(),
  sha256: z.string(),
  method: z.enum(['sync', 'file']),
  redisVersion: z.string(),
  rdbVersion: z.number(),
  keysPerDb: z.record(z.string(), z.number()),
  durationMs: z.number(),
});

export const manifestItemSchema = z.discriminatedUnion('type', [filesItem, mysqlItem, redisItem]);

export const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  job: z.string(),
  jobName: z.string().optional(),
  id: z.string(),
  status: z.literal('complete'),
  startedAt: z.string(),
  finishedAt: z.string(),
  host: z.string(),
  kuraVersion: z.string(),
  items: z.array(manifestItemSchema),
  /** Set by `kura verify --restore-test` once the snapshot was proven restorable. */
  verified: z.object({ at: z.string(), kind: z.enum(['checksums', 'restore-test']) }).optional(),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestItem = z.infer<typeof manifestItemSchema>;
export type FilesManifestItem = z.infer<typeof filesItem>;
export type MysqlManifestItem = z.infer<typeof mysqlItem>;
export type RedisManifestItem = z.infer<typeof redisItem>;

/** Reads a snapshot's manifest; null when it is missing or not one Kura wrote (never an exception for listing). */
export async function readManifest(snapshotDir: string): Promise<Manifest | null> {
  let text: string;
  try {
    text = await readFile(join(snapshotDir, MANIFEST_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const r = manifestSchema.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
