/**
 * `manifest.json`: what a snapshot holds, written last into the `.partial` folder, just before the
 * rename that publishes it. It is what makes a folder "a Kura snapshot": listing, verification,
 * restore and retention all start from it, and an admin can read it without Kura.
 *
 * Formats: `kura-snapshot/2` adds each files item's per-file list (`list`: its path beside the tree,
 * its sha256 and entry count — see file-list.ts) and the files that changed while they were copied
 * (`torn`). `kura-snapshot/3` adds `status: "partial"` with `failed`: the items that could not be
 * backed up in that run (each with what went wrong), so one broken source no longer costs the others
 * their backup. A failed item is never in `items` — `items` only ever holds verified data — so every
 * reader that looks for an item's copy finds the newest snapshot that really holds one.
 * `kura-snapshot/1` and `/2` snapshots are read as before; /1 files items are checked by count and
 * size only, and say so.
 *
 * A manifest is data from a disk anyone may have written to, so reading one refuses what would lead
 * Kura elsewhere: every item's path must be exactly where Kura writes that item (artifact-names.ts),
 * so "../../x" or an absolute path in a manifest can never make a check or a restore read outside
 * the snapshot; a manifest larger than any Kura writes is not parsed at all.
 */
import { msg, type MessageData } from '../../shared/messages/index.js';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { filesItemPath, mysqlItemPath, redisItemPath } from './artifact-names.js';
import { fileListPath } from './file-list.js';

export const MANIFEST_FORMAT = 'kura-snapshot/3';
export const MANIFEST_FORMATS = ['kura-snapshot/1', 'kura-snapshot/2', MANIFEST_FORMAT] as const;
export const MANIFEST_FILE = 'manifest.json';
/** Far above any real manifest (a few KiB per database); a bigger file is not a manifest Kura wrote. */
export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

/** A source id as the config allows them: it becomes a folder name, so nothing else may pass. */
const sourceId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/);

const filesItem = z.object({
  source: sourceId,
  type: z.literal('files'),
  path: z.string(),
  /** Where the files came from, with any password removed. */
  from: z.string(),
  files: z.number(),
  bytes: z.number(),
  durationMs: z.number(),
  warnings: z.array(z.string()).default([]),
  /** The per-file list (format 2): every folder, file and symlink with its sha256 (file-list.ts). */
  list: z.object({ path: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), entries: z.number() }).optional(),
  /** Files whose size or time changed while rsync copied them: their copy may be torn, never "verified". */
  torn: z.array(z.string()).default([]),
});

const mysqlItem = z.object({
  source: sourceId,
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
  /**
   * The distinct owners ("user@host", information_schema's DEFINER) of the views, routines, triggers
   * and events: restoring them under that owner needs SET USER / SET_USER_ID / SUPER, which the
   * restore's rights check asks for (optional: snapshots before it was recorded lack it).
   */
  definers: z.array(z.string()).optional(),
  /** What the admin must know about this dump (complete and verified all the same). */
  warnings: z.array(z.string()).optional(),
  /**
   * The dump's parts, each starting its own gzip member (tools/mysql/dump-sections.ts): header, each
   * table's schema / data / triggers, views, routines, events, footer, with their compressed offset and
   * size and their SQL size. They let a restore load tables in parallel, or one table alone. Optional:
   * dumps made before them, or whose sections could not be told apart, restore serially.
   */
  parts: z
    .array(
      z.object({
        kind: z.enum(['header', 'schema', 'data', 'triggers', 'view-stub', 'events', 'routines', 'view', 'footer']),
        name: z.string().optional(),
        offset: z.number(),
        bytes: z.number(),
        sqlBytes: z.number(),
      }),
    )
    .optional(),
  /**
   * Dumped from a standby (replica), not the main server: which one, and the primary's position it
   * had applied — the dump holds the primary's data at exactly that point (standby/dump-from-standby.ts).
   */
  standby: z
    .object({
      host: z.string(),
      position: z.object({ file: z.string(), pos: z.number(), gtid: z.string() }).nullable(),
      secondsBehind: z.number().nullable(),
      pausedAt: z.string(),
      resumedAt: z.string().nullable(),
    })
    .optional(),
});

const redisItem = z.object({
  source: sourceId,
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

/** An item the run could not back up (format 3): what it was and why, never any data. */
const failedItem = z.object({
  source: sourceId,
  type: z.enum(['files', 'mysql', 'redis']),
  /** The database, for a MySQL item; null when the whole source failed before any database. */
  database: z.string().nullable().default(null),
  code: z.string(),
  message: z.string(),
});

export const manifestSchema = z.object({
  format: z.enum(MANIFEST_FORMATS),
  job: z.string(),
  jobName: z.string().optional(),
  id: z.string(),
  /** `partial`: some items failed in this run and are listed in `failed`; the items present are verified. */
  status: z.enum(['complete', 'partial']),
  startedAt: z.string(),
  finishedAt: z.string(),
  host: z.string(),
  kuraVersion: z.string(),
  items: z.array(manifestItemSchema),
  failed: z.array(failedItem).default([]),
  /** Set by `kura verify --restore-test` once the snapshot was proven restorable. */
  verified: z.object({ at: z.string(), kind: z.enum(['checksums', 'restore-test']) }).optional(),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestItem = z.infer<typeof manifestItemSchema>;
export type FailedManifestItem = z.infer<typeof failedItem>;
export type FilesManifestItem = z.infer<typeof filesItem>;
export type MysqlManifestItem = z.infer<typeof mysqlItem>;
export type RedisManifestItem = z.infer<typeof redisItem>;

/** The warnings an item was published with: they make the run a warning, not a success. */
export function manifestItemWarnings(item: ManifestItem): string[] {
  switch (item.type) {
    case 'files':
      return item.warnings;
    case 'mysql':
      return item.warnings ?? [];
    case 'redis':
      return [];
  }
}

export type ManifestRead =
  | { kind: 'ok'; manifest: Manifest }
  | { kind: 'missing' }
  /** A manifest.json that is not one Kura wrote, or that names paths outside the snapshot. */
  | { kind: 'invalid'; reason: MessageData };

/** Reads and checks a snapshot's manifest (never throws: listing must survive any folder). */
export async function readManifestChecked(snapshotDir: string): Promise<ManifestRead> {
  let text: string;
  try {
    const fh = await open(join(snapshotDir, MANIFEST_FILE), 'r');
    try {
      const { size } = await fh.stat();
      if (size > MAX_MANIFEST_BYTES) return { kind: 'invalid', reason: msg('manifest-too-large', { size }) };
      text = await fh.readFile('utf8');
    } finally {
      await fh.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? { kind: 'missing' } : { kind: 'invalid', reason: msg('manifest-unreadable', { reason: (err as Error).message }) };
  }
  return parseManifest(text);
}

/** Checks a manifest's text (read from a folder, or fetched from an off-site location). */
export function parseManifest(text: string): ManifestRead {
  if (text.length > MAX_MANIFEST_BYTES) return { kind: 'invalid', reason: msg('manifest-too-large', { size: text.length }) };
  let r;
  try {
    r = manifestSchema.safeParse(JSON.parse(text));
  } catch {
    return { kind: 'invalid', reason: msg('manifest-not-json', {}) };
  }
  if (!r.success) return { kind: 'invalid', reason: msg('manifest-not-kura', {}) };
  const unsafe = r.data.items.find((i) => itemPathProblem(i) !== null);
  if (unsafe) return { kind: 'invalid', reason: itemPathProblem(unsafe)! };
  return { kind: 'ok', manifest: r.data };
}

/** Reads a snapshot's manifest; null when it is missing or not one Kura wrote (never an exception for listing). */
export async function readManifest(snapshotDir: string): Promise<Manifest | null> {
  const r = await readManifestChecked(snapshotDir);
  return r.kind === 'ok' ? r.manifest : null;
}

/** Null when the item's paths are exactly where Kura writes this item, else what is wrong. */
export function itemPathProblem(item: ManifestItem): MessageData | null {
  const expected = canonicalItemPath(item);
  if (item.path !== expected) return msg('manifest-item-path', { path: JSON.stringify(item.path), source: item.source, expected: JSON.stringify(expected) });
  if (item.type === 'files' && item.list && item.list.path !== fileListPath(expected)) {
    return msg('manifest-list-path', { path: JSON.stringify(item.list.path), source: item.source, expected: JSON.stringify(fileListPath(expected)) });
  }
  return null;
}

function canonicalItemPath(item: ManifestItem): string {
  switch (item.type) {
    case 'files':
      return filesItemPath(item.source);
    case 'mysql':
      return mysqlItemPath(item.source, item.database);
    case 'redis':
      return redisItemPath(item.source);
  }
}
