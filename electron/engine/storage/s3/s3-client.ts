/**
 * The one place Kura builds an S3 client and turns S3's failures into Kura's errors.
 *
 * Client settings, and why:
 *   - an explicit endpoint always (AWS's is derived from the region): the SDK would otherwise let an
 *     `AWS_ENDPOINT_URL` in the environment redirect a nightly copy somewhere else;
 *   - explicit keys always: the SDK's default chain would read ~/.aws files and instance metadata;
 *   - `requestChecksumCalculation`/`responseChecksumValidation` = WHEN_REQUIRED away from AWS: the
 *     SDK's newer default (CRC32 trailers on every upload) makes Ceph before 17, Sakura and others
 *     answer 411/400 to streamed uploads. Kura sends Content-MD5 on every upload instead, which every
 *     S3 server checks, and which Object Lock requires anyway;
 *   - bounded timeouts (connect 15 s, 120 s without a byte): nothing waits forever;
 *   - the SDK's own retries (3 attempts) smooth over a throttling reply; losing the server for longer
 *     is Kura's network retry's job (retrying-location.ts).
 * The SDK reads no CA variables itself (AWS_CA_BUNDLE is ignored by v3); HTTPS trusts Node's CA
 * store plus NODE_EXTRA_CA_CERTS.
 */
import { S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { KuraError } from '../../errors.js';
import { isAbortError } from '../../errors.js';

export interface S3Connection {
  endpoint: string;
  region: string;
  pathStyle: boolean;
  accessKeyId: string;
  secretAccessKey: string;
  /** Checksums on every request (AWS's own default); false elsewhere. */
  isAws: boolean;
}

export const CONNECT_TIMEOUT_MS = 15_000;
export const IDLE_TIMEOUT_MS = 120_000;

// The SDK warns on every process start under Node 20 (Electron's Node and `kura` under Node 22 do not
// see it); the admin can do nothing about it and it would scroll past every CLI answer.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';

export function createS3Client(c: S3Connection): S3Client {
  const client = new S3Client({
    endpoint: c.endpoint,
    region: c.region,
    forcePathStyle: c.pathStyle,
    credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey },
    requestChecksumCalculation: c.isAws ? 'WHEN_SUPPORTED' : 'WHEN_REQUIRED',
    responseChecksumValidation: c.isAws ? 'WHEN_SUPPORTED' : 'WHEN_REQUIRED',
    maxAttempts: 3,
    requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: IDLE_TIMEOUT_MS, httpAgent: { keepAlive: true, maxSockets: 32 }, httpsAgent: { keepAlive: true, maxSockets: 32 } },
  });
  // Uploads are not hashed a second time for SigV4 (UNSIGNED-PAYLOAD): what Kura sends is age-encrypted
  // (any change fails authentication) and checked against its sha256 whenever it is read back, so the
  // payload hash would only cost one more pass over every byte of a night's upload.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'PutObjectCommand' || context.commandName === 'UploadPartCommand') {
        const req = args.request as { headers?: Record<string, string> };
        if (req.headers) req.headers['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
      }
      return next(args);
    },
    { step: 'build', name: 'kuraUnsignedPayload' },
  );
  return client;
}

export { awsEndpoint, isAwsEndpoint } from '../../../shared/s3-presets.js';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'TimeoutError', 'RequestTimeout', 'RequestTimeTooSkewed']);

/** The S3 error name (NoSuchKey, AccessDenied…) or the socket error code, when there is one. */
export function s3ErrorName(err: unknown): string | null {
  if (err instanceof S3ServiceException) return err.name;
  const e = err as { name?: string; code?: string; Code?: string } | null;
  return e?.Code ?? e?.code ?? e?.name ?? null;
}

export function isNotFound(err: unknown): boolean {
  const name = s3ErrorName(err);
  const status = (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  return name === 'NoSuchKey' || name === 'NotFound' || status === 404;
}

/** What the admin sees for a failed request: catalogued, with the facts as parameters. */
export function s3Error(err: unknown, where: { bucket: string; endpoint: string; key?: string }): KuraError {
  if (err instanceof KuraError) return err;
  if (isAbortError(err)) return new KuraError({ code: 'cancelled', params: {}, category: 'cancelled' });
  const name = s3ErrorName(err) ?? '';
  const status = (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  const detail = `${name || 'error'}${status ? ` (HTTP ${status})` : ''}: ${(err as Error)?.message ?? String(err)}`;
  const cause = err;
  switch (name) {
    case 'InvalidAccessKeyId':
      return new KuraError({ code: 's3-unknown-access-key', params: { endpoint: where.endpoint }, category: 'auth', detail, cause });
    case 'SignatureDoesNotMatch':
      return new KuraError({ code: 's3-wrong-secret-key', params: { endpoint: where.endpoint }, category: 'auth', detail, cause });
    case 'NoSuchBucket':
      return new KuraError({ code: 's3-no-bucket', params: { bucket: where.bucket, endpoint: where.endpoint }, category: 'config', detail, cause });
    case 'AccessDenied':
    case 'AllAccessDisabled':
      return new KuraError({ code: 's3-access-denied', params: { bucket: where.bucket, key: where.key ?? '' }, category: 'auth', detail, cause });
    case 'InvalidBucketState':
    case 'InvalidRequest':
      if (/object lock/i.test((err as Error)?.message ?? '')) {
        return new KuraError({ code: 's3-object-lock-unavailable', params: { bucket: where.bucket }, category: 'config', detail, cause });
      }
      break;
    case 'QuotaExceeded':
    case 'EntityTooLarge':
      return new KuraError({ code: 's3-quota', params: { bucket: where.bucket }, category: 'resource', detail, cause });
  }
  if (NETWORK_CODES.has(name) || status === 500 || status === 502 || status === 503 || status === 504 || name === 'SlowDown' || name === 'ServiceUnavailable' || name === 'InternalError' || /socket hang up|ECONNRESET|ECONNREFUSED|EPIPE|timed? ?out/i.test((err as Error)?.message ?? '')) {
    return new KuraError({ code: 's3-unreachable', params: { endpoint: where.endpoint }, category: 'network', detail, cause });
  }
  return new KuraError({ code: 's3-request-failed', params: { endpoint: where.endpoint, bucket: where.bucket, reason: detail }, category: 'internal', detail, cause });
}
