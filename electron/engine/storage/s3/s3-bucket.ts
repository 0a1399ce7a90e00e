/**
 * Bucket-level operations the S3 location is built from: listing below a prefix, the job folder's
 * `kura-location.json`, and deletion that respects S3 Object Lock.
 *
 * Deleting in a bucket with Object Lock (always versioned): a plain DELETE would only add a "delete
 * marker" and leave the data — and its bill — in place for ever. Kura deletes each version of the key
 * by id instead; a version still under its lock is refused by the server ("forbidden by object
 * lock"), which Kura reports as "locked until …" and tries again on a later night. Kura never sends
 * the governance bypass header.
 */
import {
  DeleteObjectCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetObjectRetentionCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
} from '@aws-sdk/client-s3';
import { z } from 'zod';
import { KuraError } from '../../errors.js';
import { isNotFound, s3Error, s3ErrorName } from './s3-client.js';
import type { ObjectStore } from './s3-objects.js';
import { getBuffer, putBuffer } from './s3-objects.js';
import { S3_LOCATION_FORMAT } from './s3-layout.js';

export interface ListedObject {
  key: string;
  size: number;
  lastModified: Date;
}

/** Every object below a prefix (all pages). */
export async function listAll(s: ObjectStore, prefix: string): Promise<ListedObject[]> {
  const out: ListedObject[] = [];
  let token: string | undefined;
  do {
    const r = await s.client
      .send(new ListObjectsV2Command({ Bucket: s.bucket, Prefix: prefix, ContinuationToken: token }), { abortSignal: s.signal })
      .catch((err: unknown) => {
        throw s3Error(err, { bucket: s.bucket, endpoint: s.endpoint, key: prefix });
      });
    for (const o of r.Contents ?? []) if (o.Key) out.push({ key: o.Key, size: o.Size ?? 0, lastModified: o.LastModified ?? new Date(0) });
    token = r.IsTruncated ? r.NextContinuationToken : undefined;
  } while (token);
  return out;
}

/** The "folders" directly below a prefix. */
export async function listFolders(s: ObjectStore, prefix: string): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  do {
    const r = await s.client
      .send(new ListObjectsV2Command({ Bucket: s.bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token }), { abortSignal: s.signal })
      .catch((err: unknown) => {
        throw s3Error(err, { bucket: s.bucket, endpoint: s.endpoint, key: prefix });
      });
    for (const p of r.CommonPrefixes ?? []) if (p.Prefix) out.push(p.Prefix.slice(prefix.length).replace(/\/$/, ''));
    token = r.IsTruncated ? r.NextContinuationToken : undefined;
  } while (token);
  return out;
}

export interface BucketFeatures {
  versioned: boolean;
  objectLock: boolean;
}

/** Whether the bucket keeps versions and can lock objects (asked once per location). */
export async function bucketFeatures(s: ObjectStore): Promise<BucketFeatures> {
  const where = { bucket: s.bucket, endpoint: s.endpoint };
  const v = await s.client.send(new GetBucketVersioningCommand({ Bucket: s.bucket }), { abortSignal: s.signal }).catch((err: unknown) => {
    throw s3Error(err, where);
  });
  let objectLock = false;
  try {
    const l = await s.client.send(new GetObjectLockConfigurationCommand({ Bucket: s.bucket }), { abortSignal: s.signal });
    objectLock = l.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled';
  } catch (err) {
    // "ObjectLockConfigurationNotFoundError" (AWS, Ceph) or a 404/501 from services without the feature.
    const name = s3ErrorName(err) ?? '';
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (!/ObjectLockConfigurationNotFound|NotImplemented|NoSuchObjectLockConfiguration/.test(name) && status !== 404 && status !== 501 && status !== 400) throw s3Error(err, where);
  }
  return { versioned: v.Status === 'Enabled' || v.Status === 'Suspended' || objectLock, objectLock };
}

export type DeleteOutcome = { deleted: true } | { deleted: false; lockedUntil: string | null };

/**
 * Deletes a key (every version of it in a versioned bucket). Refused versions under a lock make it
 * `deleted: false` with the lock's end; the other versions are still removed.
 */
export async function deleteKey(s: ObjectStore, key: string, features: BucketFeatures): Promise<DeleteOutcome> {
  const where = { bucket: s.bucket, endpoint: s.endpoint, key };
  if (!features.versioned) {
    await s.client.send(new DeleteObjectCommand({ Bucket: s.bucket, Key: key }), { abortSignal: s.signal }).catch((err: unknown) => {
      if (!isNotFound(err)) throw s3Error(err, where);
    });
    return { deleted: true };
  }
  const versions: string[] = [];
  let keyMarker: string | undefined;
  let versionMarker: string | undefined;
  do {
    const r = await s.client
      .send(new ListObjectVersionsCommand({ Bucket: s.bucket, Prefix: key, KeyMarker: keyMarker, VersionIdMarker: versionMarker }), { abortSignal: s.signal })
      .catch((err: unknown) => {
        throw s3Error(err, where);
      });
    for (const v of [...(r.Versions ?? []), ...(r.DeleteMarkers ?? [])]) if (v.Key === key && v.VersionId) versions.push(v.VersionId);
    keyMarker = r.IsTruncated ? r.NextKeyMarker : undefined;
    versionMarker = r.IsTruncated ? r.NextVersionIdMarker : undefined;
  } while (keyMarker);
  let lockedUntil: string | null = null;
  let locked = false;
  for (const versionId of versions) {
    try {
      await s.client.send(new DeleteObjectCommand({ Bucket: s.bucket, Key: key, VersionId: versionId }), { abortSignal: s.signal });
    } catch (err) {
      if (isNotFound(err)) continue;
      if (s3ErrorName(err) === 'AccessDenied' && /lock|retention/i.test((err as Error).message ?? '')) {
        locked = true;
        const until = await retentionOf(s, key, versionId);
        if (until && (!lockedUntil || until > lockedUntil)) lockedUntil = until;
        continue;
      }
      throw s3Error(err, where);
    }
  }
  return locked ? { deleted: false, lockedUntil } : { deleted: true };
}

async function retentionOf(s: ObjectStore, key: string, versionId: string): Promise<string | null> {
  try {
    const r = await s.client.send(new GetObjectRetentionCommand({ Bucket: s.bucket, Key: key, VersionId: versionId }), { abortSignal: s.signal });
    return r.Retention?.RetainUntilDate?.toISOString() ?? null;
  } catch {
    return null;
  }
}

// ---- kura-location.json ------------------------------------------------------------------------

export const locationFileSchema = z.object({
  format: z.literal(S3_LOCATION_FORMAT),
  job: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/),
  /** null: the copies are stored as they are (no encryption). */
  encryption: z.object({ scheme: z.literal('age-x25519'), recipient: z.string().regex(/^age1[0-9a-z]{58}$/), keyFile: z.boolean() }).nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  /** For the admin who opens the file: what this folder is and how to read it by hand. */
  about: z.string().optional(),
  /** The same in Japanese. */
  aboutJa: z.string().optional(),
});
export type LocationFile = z.infer<typeof locationFileSchema>;

const MAX_LOCATION_FILE = 64 * 1024;

export async function readLocationFile(s: ObjectStore, key: string): Promise<LocationFile | null> {
  const raw = await getBuffer(s, key, MAX_LOCATION_FILE);
  if (raw === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    parsed = null;
  }
  const r = locationFileSchema.safeParse(parsed);
  if (!r.success) throw new KuraError({ code: 's3-not-kura', params: { key: `s3://${s.bucket}/${key}` }, category: 'data' });
  return r.data;
}

export async function writeLocationFile(s: ObjectStore, key: string, file: LocationFile, retainUntil: Date | null): Promise<void> {
  await putBuffer(s, key, Buffer.from(JSON.stringify(file, null, 2) + '\n'), retainUntil);
}
