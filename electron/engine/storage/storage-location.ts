/**
 * One shape for every place a snapshot can live besides the job's own backup folder: a local or
 * network folder (a USB disk, a NAS share), an rsync daemon or SSH server, an S3-compatible bucket.
 * Off-site copy, `kura snapshots/restore --from`, the restore wizard's "Open a backup location…",
 * `kura verify --offsite` and off-site retention all speak to a location through this interface
 * only, the way restic keeps its backends behind one: each kind implements it once, and the
 * cross-cutting behaviour (retrying network failures, see retrying-location.ts; a bandwidth limit,
 * see rate-limit.ts) wraps around any of them.
 *
 * The rules every implementation keeps:
 *   - a snapshot exists there only once its manifest does: the manifest is written last and
 *     deleted first, so listing never shows a half-copied or half-deleted snapshot;
 *   - writing is resumable: a copy cut off (network, power, cancel) is continued by the next write
 *     of the same snapshot without sending again what already arrived;
 *   - what is read back is checked against the manifest before anyone uses it.
 */
import type { Manifest, ManifestItem } from '../snapshot/manifest.js';
import type { SnapshotRef } from '../snapshot/snapshot-store.js';
import type { Logger } from '../progress.js';
import type { Message, MessageCode, MessageData, ParamsOf } from '../../shared/messages/index.js';

export type LocationKind = 'folder' | 'rsync' | 's3';

/** A complete snapshot at a location. */
export interface StoredSnapshot {
  jobId: string;
  id: string;
  manifest: Manifest;
  /** Where it is, as shown to the admin (never holds a secret). */
  address: string;
}

/** Bytes moved so far (of `totalBytes` when known). */
export type TransferListener = (p: { bytes: number; totalBytes: number | null }) => void;

export interface LocationOptions {
  signal?: AbortSignal;
  logger?: Logger;
  onTransfer?: TransferListener;
  /** writeSnapshot: stored objects a verify found damaged, sent again even though they are there (a bucket). */
  resend?: ReadonlySet<string>;
}

export interface WriteResult {
  /** Bytes sent over the network (or written, for a folder). */
  bytesSent: number;
  /** Objects/files sent; for S3 also those already there (content addressing) and those resumed. */
  sent: number;
  reused: number;
  /** For the run log and the run's warnings (catalogued messages). */
  warnings: Message[];
}

export interface DeleteResult {
  /** False when the location refused because the snapshot's data is still locked (S3 Object Lock). */
  deleted: boolean;
  /** When the lock ends (ISO), if `deleted` is false. */
  lockedUntil: string | null;
}

export interface TidyResult {
  removed: number;
  bytes: number;
  warnings: Message[];
}

export interface VerifyItemResult {
  /** The item's path in the snapshot (`mysql/db/shop.sql.gz`, `files/www`). */
  path: string;
  ok: boolean;
  /** What was found, as data (said in the reader's language). */
  detail: MessageData;
}

export interface VerifyResult {
  snapshotId: string;
  ok: boolean;
  /** `sample`: every object exists with the right size and a sample decrypts; `full`: every byte decrypted and hashed. */
  depth: 'sample' | 'full';
  items: VerifyItemResult[];
  /** Distinct stored objects (or files) the snapshot consists of, and how many were read back and hashed. */
  objects: number;
  decrypted: number;
  /** Stored objects read back with other content than their name says (a bucket): the next copy sends them again. */
  damagedObjects?: string[];
  /** The copy could not be read at all (no connection, no index): nothing is known of its content. */
  unreadable?: boolean;
}

export interface StorageLocation {
  readonly kind: LocationKind;
  /** Where it is, as shown to the admin (`s3://bucket/prefix/`, `rsync://host/module/`, `/mnt/nas/kura`). */
  readonly address: string;

  /** The complete snapshots there, oldest first; `jobId` narrows them to one job. */
  listSnapshots(jobId?: string, options?: LocationOptions): Promise<StoredSnapshot[]>;

  /**
   * Makes a snapshot readable as a local snapshot folder, checked against its manifest: the folder
   * itself for a local location, else a cache under $KURA_HOME. `items` limits what is fetched (a
   * restore of one database does not download the whole snapshot); `sub` limits a files item to one
   * folder or file inside it.
   */
  openSnapshot(snap: StoredSnapshot, want: { items?: readonly ManifestItem[]; sub?: string } | undefined, options?: LocationOptions): Promise<SnapshotRef>;

  /**
   * Copies a local, complete snapshot there (its manifest last). Resumable: running it again after an
   * interruption sends only what is missing. `previous` is the newest snapshot of the job already
   * there (rsync links unchanged files to it; S3 finds unchanged files by content anyway).
   */
  writeSnapshot(local: SnapshotRef, previous: StoredSnapshot | null, options?: LocationOptions): Promise<WriteResult>;

  /** Removes a snapshot there, manifest first; running it again finishes an interrupted removal. */
  deleteSnapshot(jobId: string, id: string, options?: LocationOptions): Promise<DeleteResult>;

  /** After deletions: frees what no remaining snapshot refers to (S3 content objects); nothing elsewhere. */
  tidy(jobId: string, options?: LocationOptions): Promise<TidyResult>;

  /** `kura verify --offsite`: the copy there against its manifest. */
  verifySnapshot(snap: StoredSnapshot, full: boolean, options?: LocationOptions): Promise<VerifyResult>;

  /** Releases connections. */
  close(): Promise<void>;
}

/** A catalogued message as data, checked against its code's parameters. */
export function locationMessage<C extends MessageCode>(code: C, params: ParamsOf<C>): Message {
  return { code, params } as unknown as Message;
}
