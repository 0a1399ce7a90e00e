import { requireSecret, type SecretStore } from '../secrets/secret-store.js';
import type { ProgressListener } from '../progress.js';
import type { RunLogger } from '../run-log/run-logger.js';
import type { ToolResolver } from '../tools/resolve-tool.js';
import type { RsyncClient } from '../tools/rsync/index.js';
import type { Job } from '../config/schema.js';
import type { SnapshotRef } from '../snapshot/snapshot-store.js';
import type { ServerLink } from './server-link.js';
import type { KuraError } from '../errors.js';
import type { ManifestItem } from '../snapshot/manifest.js';

/** One part of a source that could not be backed up (a MySQL database; null: the whole source). */
export interface ItemFailure {
  database: string | null;
  error: KuraError;
}

/**
 * Failures that end the whole run rather than one item: the backup disk is full or read-only (every
 * later item would fail the same way, and a snapshot squeezed onto a full disk helps no one).
 */
export function isRunFatal(e: KuraError): boolean {
  return e.category === 'cancelled' || e.code === 'disk-full' || e.code === 'read-only-disk';
}

/** What a source's backup step made: its verified items, and the parts of it that failed. */
export interface SourceOutcome<I extends ManifestItem = ManifestItem> {
  items: I[];
  failures: ItemFailure[];
}

/** What one source's backup step gets: where to write, what came before, and the run's plumbing. */
export interface SourceRunContext {
  job: Job;
  /** $KURA_HOME (Kura's known-hosts file is there). */
  home: string;
  /** How sources reach their server: directly, or through the job's SSH connection (`via: "ssh"`). */
  link: ServerLink;
  /** The `.partial` snapshot folder being filled. */
  partialPath: string;
  /**
   * The job's complete snapshots in the time order (oldest first, out-of-order ones left out): each
   * source picks its own base from them (the newest holding its item) for --link-dest and its hashes.
   */
  previousSnapshots: readonly SnapshotRef[];
  tools: ToolResolver;
  /** rsync and what it can do, asked while the run got ready (jobs with a files source); see run-job.ts. */
  rsync?: Promise<RsyncClient>;
  logger: RunLogger;
  signal: AbortSignal;
  onProgress: ProgressListener;
  /** Reads a password from the keychain (and registers it for redaction). */
  secret(ref: string | undefined): Promise<string | null>;
}

/**
 * The newest earlier snapshot (in the time order) holding the item `is` picks, with that item: the
 * base a source builds on (--link-dest for files, rsync's delta basis for Redis through SSH).
 */
export function newestHolding<I extends ManifestItem>(snapshots: readonly SnapshotRef[], is: (item: ManifestItem) => item is I): { snap: SnapshotRef; item: I } | null {
  for (let k = snapshots.length - 1; k >= 0; k--) {
    const item = snapshots[k]!.manifest.items.find(is);
    if (item) return { snap: snapshots[k]!, item };
  }
  return null;
}

export function makeSecretReader(store: SecretStore, logger: RunLogger): (ref: string | undefined) => Promise<string | null> {
  return async (ref) => {
    if (!ref) return null;
    const value = await requireSecret(store, ref);
    logger.addSecret(value);
    return value;
  };
}
