/**
 * Where things are in a bucket (documented for admins in the README, "Off-site copies in a bucket"):
 *
 *   <prefix><jobId>/kura-location.json           plain JSON: format, whether and how it is encrypted
 *   <prefix><jobId>/kura-key.age                 the job's age identity, encrypted with the passphrase
 *   <prefix><jobId>/data/<2 hex>/<64 hex>.age    content: one object per distinct file, dump or RDB
 *   <prefix><jobId>/snapshots/<id>/index.age     every folder, file and symlink of the snapshot:
 *                                                kind, object, sha256, size, mtime, mode, path
 *   <prefix><jobId>/snapshots/<id>/manifest.json.age   the snapshot's manifest, written last
 *
 * Unencrypted copies drop the `.age` suffix. Content objects are named by content, so an unchanged
 * file is stored once however many snapshots hold it, and a night without changes uploads only the
 * index and the manifest. Encrypted, the name is a keyed hash of the content's sha256 (the bucket
 * does not reveal whether it holds a given file); the index names the object of every path, so a
 * restore by hand needs nothing but `age` and a shell loop.
 */
import { normalisePrefix } from '../../../shared/s3-presets.js';
import { isSnapshotId } from '../../snapshot/snapshot-id.js';

export const LOCATION_FILE = 'kura-location.json';
export const KEY_FILE = 'kura-key.age';
export const S3_LOCATION_FORMAT = 'kura-s3/1';

export class S3Layout {
  readonly prefix: string;
  constructor(
    readonly bucket: string,
    prefix: string,
  ) {
    this.prefix = normalisePrefix(prefix);
  }

  jobRoot(jobId: string): string {
    return `${this.prefix}${jobId}/`;
  }
  locationFile(jobId: string): string {
    return `${this.jobRoot(jobId)}${LOCATION_FILE}`;
  }
  keyFile(jobId: string): string {
    return `${this.jobRoot(jobId)}${KEY_FILE}`;
  }
  dataPrefix(jobId: string): string {
    return `${this.jobRoot(jobId)}data/`;
  }
  /** A content object, relative to the job root (what the index records) and in full. */
  dataObject(name: string, encrypted: boolean): string {
    return `data/${name.slice(0, 2)}/${name}${encrypted ? '.age' : ''}`;
  }
  snapshotsPrefix(jobId: string): string {
    return `${this.jobRoot(jobId)}snapshots/`;
  }
  snapshotFolder(jobId: string, id: string): string {
    return `${this.snapshotsPrefix(jobId)}${id}/`;
  }
  manifestKey(jobId: string, id: string, encrypted: boolean): string {
    return `${this.snapshotFolder(jobId, id)}manifest.json${encrypted ? '.age' : ''}`;
  }
  indexKey(jobId: string, id: string, encrypted: boolean): string {
    return `${this.snapshotFolder(jobId, id)}index${encrypted ? '.age' : ''}`;
  }
  /** `s3://bucket/prefix/` as the admin types it after --from. */
  address(sub = ''): string {
    return `s3://${this.bucket}/${this.prefix}${sub}`;
  }
}

/** The snapshot id of a key below `snapshots/`, and whether it is that snapshot's manifest. */
export function parseSnapshotKey(layout: S3Layout, jobId: string, key: string): { id: string; manifest: boolean; encrypted: boolean } | null {
  const base = layout.snapshotsPrefix(jobId);
  if (!key.startsWith(base)) return null;
  const [id, name, ...rest] = key.slice(base.length).split('/');
  if (!id || !isSnapshotId(id) || name === undefined || rest.length > 0) return null;
  if (name === 'manifest.json') return { id, manifest: true, encrypted: false };
  if (name === 'manifest.json.age') return { id, manifest: true, encrypted: true };
  return { id, manifest: false, encrypted: name.endsWith('.age') };
}

/** `s3://bucket/prefix…` → its parts; null when it is not an s3:// address. */
export function parseS3Address(address: string): { bucket: string; prefix: string } | null {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(address.trim());
  if (!m) return null;
  return { bucket: m[1]!, prefix: m[2] ?? '' };
}

export function isS3Address(address: string): boolean {
  return /^s3:\/\//i.test(address.trim());
}
