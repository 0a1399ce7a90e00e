/**
 * Moving single objects in and out of a bucket: encrypted on the way up, decrypted and checked on
 * the way down, resumable, within the bandwidth limit, reporting bytes as they go.
 *
 * Uploads. A file up to MULTIPART_THRESHOLD is read, checked against the sha256 it is supposed to
 * have, encrypted and sent in one PUT. A larger one (a dump, an RDB) goes as a multipart upload of
 * parts, three at a time; the file is hashed while it streams and the upload is completed
 * only if the hash is the expected one (else it is aborted: a damaged local copy is never stored
 * under the name of the good content). An upload cut off midway is found again on the next attempt
 * (ListMultipartUploads) and continued: parts already on the server whose size and MD5 match what
 * would be sent are not sent again — possible because the encryption is deterministic per content
 * (age-format.ts, `seed`). Bodies carry Content-MD5 where Object Lock requires it (see `integrity`).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pipeline, type Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  PutObjectRetentionCommand,
  UploadPartCommand,
  type S3Client,
  type StorageClass,
} from '@aws-sdk/client-s3';
import { AgeEncryptStream, ageDecrypt, ageEncrypt } from '../../age/age-format.js';
import { KuraError } from '../../errors.js';
import { HashingCounter } from '../../util/sha256.js';
import { type Logger, sayTo } from '../../progress.js';
import type { RateLimiter } from '../rate-limit.js';
import { isNotFound, s3Error } from './s3-client.js';
import { objectSeed, type JobCrypto } from './s3-crypto.js';
import { msg } from '../../../shared/messages/index.js';

export const MULTIPART_THRESHOLD = 8 * 1024 * 1024;
const MIN_PART_SIZE = 8 * 1024 * 1024;
const MAX_PARTS = 9_000;
const PART_CONCURRENCY = 3;

export interface ObjectStore {
  client: S3Client;
  bucket: string;
  endpoint: string;
  storageClass?: string;
  lockMode?: 'GOVERNANCE' | 'COMPLIANCE';
  limiter: RateLimiter | null;
  signal?: AbortSignal;
  /** Called with the bytes of each body the server accepted. */
  onSent?: (bytes: number) => void;
  logger?: Logger;
}

const where = (s: ObjectStore, key: string) => ({ bucket: s.bucket, endpoint: s.endpoint, key });
const md5 = (b: Buffer) => createHash('md5').update(b).digest();

async function send<T>(s: ObjectStore, key: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw s3Error(err, where(s, key));
  }
}

/**
 * Content-MD5 where it is required: Object Lock uploads (AWS refuses them without it). Elsewhere the
 * body is already covered twice — by SigV4's payload hash on every request and, for what Kura wrote,
 * by age's authentication and the sha256 checked on every read — and one pass less over the data
 * is a few seconds less per night.
 */
function integrity(s: ObjectStore, body: Buffer): { ContentMD5?: string } {
  return s.lockMode ? { ContentMD5: md5(body).toString('base64') } : {};
}

function lockFields(s: ObjectStore, retainUntil: Date | null) {
  return s.lockMode && retainUntil ? { ObjectLockMode: s.lockMode, ObjectLockRetainUntilDate: retainUntil } : {};
}

/** Puts a small body as it is (already encrypted when it should be). */
export async function putBuffer(s: ObjectStore, key: string, body: Buffer, retainUntil: Date | null): Promise<void> {
  await send(s, key, () =>
    s.client.send(
      new PutObjectCommand({
        Bucket: s.bucket,
        Key: key,
        Body: s.limiter ? s.limiter.throttled(body, s.signal) : body,
        ContentLength: body.length,
        ...integrity(s, body),
        ...(s.storageClass ? { StorageClass: s.storageClass as StorageClass } : {}),
        ...lockFields(s, retainUntil),
      }),
      { abortSignal: s.signal },
    ),
  );
  s.onSent?.(body.length);
}

/** Encrypts (when the job is encrypted) and puts a small body. */
export async function putSealed(s: ObjectStore, key: string, plain: Buffer, crypto: JobCrypto, retainUntil: Date | null): Promise<void> {
  const body = crypto.encrypted ? await ageEncrypt(plain, { recipients: [{ kind: 'x25519', publicKey: crypto.identity.publicKey }] }) : plain;
  await putBuffer(s, key, body, retainUntil);
}

export class LocalCopyDamaged extends Error {
  constructor(
    readonly path: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`${path}: sha256 ${actual}, expected ${expected}`);
  }
}

/** Where a file's bytes come from: a file on disk, or (a symlink's target) bytes in memory. */
export type UploadSource = { kind: 'file'; path: string | Buffer; size: number; sha256: string } | { kind: 'bytes'; bytes: Buffer; sha256: string };

/**
 * Puts one content object. Returns the bytes sent now (0 when every part was already there).
 * Throws LocalCopyDamaged when the source's content is not the expected sha256.
 */
export async function putContent(s: ObjectStore, key: string, src: UploadSource, crypto: JobCrypto, retainUntil: Date | null): Promise<number> {
  const size = src.kind === 'bytes' ? src.bytes.length : src.size;
  if (size <= MULTIPART_THRESHOLD) {
    const plain = src.kind === 'bytes' ? src.bytes : await readFile(src.path, { signal: s.signal });
    const actual = createHash('sha256').update(plain).digest('hex');
    if (actual !== src.sha256) throw new LocalCopyDamaged(String(src.kind === 'file' ? src.path : key), src.sha256, actual);
    const body = crypto.encrypted ? await ageEncrypt(plain, { recipients: [{ kind: 'x25519', publicKey: crypto.identity.publicKey }], seed: objectSeed(crypto, src.sha256) }) : plain;
    await putBuffer(s, key, body, retainUntil);
    return body.length;
  }
  if (src.kind !== 'file') throw new Error('large in-memory sources are not supported');
  return putMultipart(s, key, src, crypto, retainUntil);
}

async function putMultipart(s: ObjectStore, key: string, src: Extract<UploadSource, { kind: 'file' }>, crypto: JobCrypto, retainUntil: Date | null): Promise<number> {
  const partSize = Math.max(MIN_PART_SIZE, Math.ceil(src.size / MAX_PARTS / (1024 * 1024)) * 1024 * 1024);
  const existing = await findUpload(s, key);
  const uploadId =
    existing?.uploadId ??
    (
      await send(s, key, () =>
        s.client.send(
          new CreateMultipartUploadCommand({ Bucket: s.bucket, Key: key, ...(s.storageClass ? { StorageClass: s.storageClass as StorageClass } : {}), ...lockFields(s, retainUntil) }),
          { abortSignal: s.signal },
        ),
      )
    ).UploadId!;
  const done = existing?.parts ?? new Map<number, { etag: string; size: number }>();

  const hasher = new HashingCounter();
  const file = createReadStream(src.path, { highWaterMark: 1024 * 1024, signal: s.signal });
  // pipeline, not pipe: pipe passed neither a read error nor a cancel on (the loop below then waited
  // for ever), and a stage destroyed when the loop stops early left the file's stream open.
  const stream: Readable = crypto.encrypted
    ? pipeline(file, hasher, new AgeEncryptStream({ recipients: [{ kind: 'x25519', publicKey: crypto.identity.publicKey }], seed: objectSeed(crypto, src.sha256) }), () => {})
    : pipeline(file, hasher, () => {});

  const parts: Array<{ PartNumber: number; ETag: string }> = [];
  let sent = 0;
  let kept = 0;
  let failure: unknown = null;
  const inflight = new Set<Promise<void>>();
  let partNumber = 0;
  // One buffer per part in flight plus the one being filled, reused for the whole upload.
  const pool = new PartBuffers(partSize, PART_CONCURRENCY + 1);
  try {
    for await (const body of fixedChunks(stream, pool)) {
      if (failure) {
        pool.give(body);
        break;
      }
      const n = ++partNumber;
      const prior = done.get(n);
      if (prior && prior.size === body.length && prior.etag.replace(/"/g, '') === md5(body).toString('hex')) {
        parts.push({ PartNumber: n, ETag: prior.etag });
        kept++;
        pool.give(body);
        continue;
      }
      const p = send(s, key, () =>
        s.client.send(
          new UploadPartCommand({
            Bucket: s.bucket,
            Key: key,
            UploadId: uploadId,
            PartNumber: n,
            Body: s.limiter ? s.limiter.throttled(body, s.signal) : body,
            ContentLength: body.length,
            ...integrity(s, body),
          }),
          { abortSignal: s.signal },
        ),
      ).then(
        (r) => {
          parts.push({ PartNumber: n, ETag: r.ETag! });
          sent += body.length;
          s.onSent?.(body.length);
        },
        (err: unknown) => {
          failure ??= err;
        },
      );
      const tracked = p.finally(() => {
        inflight.delete(tracked);
        pool.give(body);
      });
      inflight.add(tracked);
      if (inflight.size >= PART_CONCURRENCY) await Promise.race(inflight);
    }
  } finally {
    // However the loop ended (a failed part, a read error, a cancel), the file is closed before this
    // returns: Windows cannot delete a file still open (the snapshot's retention would fail).
    await Promise.all(inflight);
    file.destroy();
    await finished(file).catch(() => undefined);
  }
  if (failure) {
    // Left for the next attempt to resume: the parts that arrived are not sent again.
    stream.destroy();
    throw failure;
  }
  const actual = hasher.digest();
  if (actual !== src.sha256) {
    await s.client.send(new AbortMultipartUploadCommand({ Bucket: s.bucket, Key: key, UploadId: uploadId })).catch(() => undefined);
    throw new LocalCopyDamaged(String(src.path), src.sha256, actual);
  }
  if (existing) sayTo(s.logger, 'info', msg('log-s3-upload-continued', { key, kept, parts: parts.length }));
  parts.sort((a, b) => a.PartNumber - b.PartNumber);
  await send(s, key, () =>
    s.client.send(new CompleteMultipartUploadCommand({ Bucket: s.bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }), { abortSignal: s.signal }),
  );
  // A resumed upload was created with the lock date of an earlier night: bring it up to date.
  if (existing && s.lockMode && retainUntil) await extendRetention(s, key, retainUntil);
  return sent;
}

/** The newest unfinished multipart upload of a key, with its parts. */
async function findUpload(s: ObjectStore, key: string): Promise<{ uploadId: string; parts: Map<number, { etag: string; size: number }> } | null> {
  const list = await send(s, key, () => s.client.send(new ListMultipartUploadsCommand({ Bucket: s.bucket, Prefix: key }), { abortSignal: s.signal }));
  const upload = (list.Uploads ?? [])
    .filter((u) => u.Key === key && u.UploadId)
    .sort((a, b) => (b.Initiated?.getTime() ?? 0) - (a.Initiated?.getTime() ?? 0))[0];
  if (!upload) return null;
  const parts = new Map<number, { etag: string; size: number }>();
  let marker: string | undefined;
  for (;;) {
    const r = await send(s, key, () =>
      s.client.send(new ListPartsCommand({ Bucket: s.bucket, Key: key, UploadId: upload.UploadId!, PartNumberMarker: marker }), { abortSignal: s.signal }),
    );
    for (const p of r.Parts ?? []) if (p.PartNumber && p.ETag) parts.set(p.PartNumber, { etag: p.ETag, size: p.Size ?? -1 });
    if (!r.IsTruncated) break;
    marker = r.NextPartNumberMarker;
  }
  return { uploadId: upload.UploadId!, parts };
}

/**
 * A fixed set of part-sized buffers, reused: parts allocated one by one (8 MiB each, ≈ 270 of them
 * for a 2 GB night) left the process ≈ 60 MB larger than the parts in flight, as the allocator kept
 * the freed ones. `take` waits until a part has been sent and its buffer given back, which also
 * bounds the parts in flight.
 */
export class PartBuffers {
  private readonly free: Buffer[] = [];
  private readonly waiting: Array<(b: Buffer) => void> = [];
  private made = 0;

  constructor(
    readonly size: number,
    private readonly count: number,
  ) {}

  async take(): Promise<Buffer> {
    const b = this.free.pop();
    if (b) return b;
    if (this.made < this.count) {
      this.made++;
      return Buffer.allocUnsafeSlow(this.size);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Gives back a buffer `take` returned (or a view of it). */
  give(view: Buffer): void {
    const b = Buffer.from(view.buffer, 0, this.size);
    const next = this.waiting.shift();
    if (next) next(b);
    else this.free.push(b);
  }
}

/** Yields the stream in parts of exactly `pool.size` bytes (the last may be shorter), each a view of a pooled buffer. */
export async function* fixedChunks(stream: Readable, pool: PartBuffers): AsyncGenerator<Buffer> {
  let part: Buffer | null = null;
  let length = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let c = chunk;
    while (c.length > 0) {
      part ??= await pool.take();
      const n = c.copy(part, length);
      length += n;
      c = c.subarray(n);
      if (length === pool.size) {
        yield part;
        part = null;
        length = 0;
      }
    }
  }
  // A part is taken only to copy bytes into it: one still held here has some.
  if (part) yield part.subarray(0, length);
}

/** Moves an object's lock date later (S3 never lets it move earlier). */
export async function extendRetention(s: ObjectStore, key: string, until: Date): Promise<void> {
  if (!s.lockMode) return;
  await send(s, key, () => s.client.send(new PutObjectRetentionCommand({ Bucket: s.bucket, Key: key, Retention: { Mode: s.lockMode, RetainUntilDate: until } }), { abortSignal: s.signal }));
}

/** An object's body as a stream; null when it is not there. */
export async function getStream(s: ObjectStore, key: string): Promise<{ body: AsyncIterable<Buffer>; size: number } | null> {
  try {
    const r = await s.client.send(new GetObjectCommand({ Bucket: s.bucket, Key: key }), { abortSignal: s.signal });
    const raw = r.Body as unknown as AsyncIterable<Buffer>;
    return { body: s.limiter ? s.limiter.pace(raw, s.signal) : raw, size: r.ContentLength ?? -1 };
  } catch (err) {
    if (isNotFound(err)) return null;
    throw s3Error(err, where(s, key));
  }
}

/** A small object whole; null when it is not there. */
export async function getBuffer(s: ObjectStore, key: string, maxBytes: number): Promise<Buffer | null> {
  const r = await getStream(s, key);
  if (!r) return null;
  const parts: Buffer[] = [];
  let n = 0;
  try {
    for await (const c of r.body) {
      n += c.length;
      if (n > maxBytes) throw new KuraError({ code: 's3-object-too-large', params: { key, bytes: maxBytes }, category: 'data' });
      parts.push(c);
    }
  } catch (err) {
    throw s3Error(err, where(s, key));
  }
  return Buffer.concat(parts);
}

/** A small object, decrypted when the job is encrypted; null when it is not there. */
export async function getSealed(s: ObjectStore, key: string, crypto: JobCrypto, maxBytes: number): Promise<Buffer | null> {
  const raw = await getBuffer(s, key, maxBytes);
  if (raw === null || !crypto.encrypted) return raw;
  return ageDecrypt(raw, { identities: [crypto.identity] });
}
