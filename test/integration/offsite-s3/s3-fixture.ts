/**
 * Shared set-up for the S3 tests: a Ceph gateway (test/harness/ceph-s3.ts), buckets made with the
 * SDK, a client that counts what is uploaded, and a way to read every raw object of a bucket (what
 * an attacker holding the bucket would see).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createS3Client, type S3Connection } from '../../../electron/engine/storage/s3/s3-client.js';
import type { CephS3, S3Keys } from '../../harness/ceph-s3.js';

export function connectionOf(ceph: CephS3, keys: S3Keys = ceph): S3Connection {
  return { endpoint: ceph.endpoint, region: ceph.region, pathStyle: true, accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey, isAws: false };
}

export function createBucket(ceph: CephS3, bucket: string, options: { objectLock?: boolean } = {}): Promise<void> {
  return ceph.createBucket(bucket, options);
}

/** A client whose uploads are counted: PUT bodies and parts, by key. */
export function countingClient(ceph: CephS3): { client: S3Client; uploads: Array<{ key: string; bytes: number }>; reset(): void } {
  const client = createS3Client(connectionOf(ceph));
  const uploads: Array<{ key: string; bytes: number }> = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const cmd = context.commandName;
      if (cmd === 'PutObjectCommand' || cmd === 'UploadPartCommand') {
        const input = args.input as { Key: string; ContentLength?: number };
        uploads.push({ key: input.Key, bytes: input.ContentLength ?? -1 });
      }
      return next(args);
    },
    { step: 'initialize', name: 'kuraTestCounter' },
  );
  return { client, uploads, reset: () => uploads.splice(0) };
}

/** Every object of the bucket, raw. */
export async function rawObjects(ceph: CephS3, bucket: string): Promise<Map<string, Buffer>> {
  const c = createS3Client(connectionOf(ceph));
  const out = new Map<string, Buffer>();
  let token: string | undefined;
  do {
    const r = await c.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const o of r.Contents ?? []) {
      const g = await c.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key! }));
      out.set(o.Key!, Buffer.from(await g.Body!.transformToByteArray()));
    }
    token = r.IsTruncated ? r.NextContinuationToken : undefined;
  } while (token);
  c.destroy();
  return out;
}
