/**
 * An S3-compatible bucket as a StorageLocation (storage-location.ts): encrypted, content-addressed,
 * resumable, and — where the bucket has Object Lock — ransomware-proof. The layout is in
 * s3-layout.ts, the encryption in s3-crypto.ts, single-object transfers in s3-objects.ts.
 *
 * Writing a snapshot (a night's off-site copy):
 *   1. the job folder's `kura-location.json` says how it is encrypted (written on first use, with
 *      the passphrase-wrapped key file);
 *   2. one listing of `data/` says which content is already there;
 *   3. every entry of the snapshot (s3-snapshot-entries.ts) whose content is missing is uploaded —
 *      eight small objects at a time, one large one (in parallel parts) at a time;
 *   4. the index, then the manifest: only now is the snapshot complete there.
 * A write cut off at any point is finished by the next: content already there is not sent again,
 * a large object continues from its last whole part.
 *
 * Object Lock: each object gets a retention date covering the snapshot's planned lifetime (from the
 * job's retention policy); content a newer snapshot still uses has its date moved on when it would
 * expire too soon (about once a month per object, not every night). Retention pruning deletes a
 * snapshot's manifest and index, then content no remaining snapshot uses — and what is still locked
 * simply stays until a later night.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, lutimes, mkdir, readFile, rename, rm, symlink, utimes } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { AbortMultipartUploadCommand, ListMultipartUploadsCommand, type S3Client } from '@aws-sdk/client-s3';
import { AgeDecryptStream, AgeError, ageDecrypt, ageEncrypt, encryptedSize, generateIdentity, identityText, parseIdentity } from '../../age/age-format.js';
import { HeapBound } from '../../util/heap-bound.js';
import { runPool } from '../../util/run-pool.js';
import { KuraError, messageOf, toKuraError } from '../../errors.js';
import { KURA_VERSION } from '../../version.js';
import { fileListPath, FileListReader } from '../../snapshot/file-list.js';
import { MANIFEST_FILE, parseManifest, type Manifest, type ManifestItem } from '../../snapshot/manifest.js';
import { orderProblem, type SnapshotRef } from '../../snapshot/snapshot-store.js';
import { verifyItem } from '../../snapshot/verify-snapshot.js';
import { RateLimiter } from '../rate-limit.js';
import { locationMessage, type DeleteResult, type LocationOptions, type StorageLocation, type StoredSnapshot, type TidyResult, type VerifyItemResult, type VerifyResult, type WriteResult } from '../storage-location.js';
import { bucketFeatures, deleteKey, listAll, listFolders, readLocationFile, writeLocationFile, type BucketFeatures, type LocationFile } from './s3-bucket.js';
import { createS3Client, s3Error, type S3Connection } from './s3-client.js';
import { jobCrypto, objectName, type JobCrypto } from './s3-crypto.js';
import { formatIndex, IndexFormatError, parseIndex, type IndexEntry } from './s3-index.js';
import { parseSnapshotKey, S3_LOCATION_FORMAT, S3Layout } from './s3-layout.js';
import { extendRetention, getBuffer, getSealed, getStream, LocalCopyDamaged, MULTIPART_THRESHOLD, putBuffer, putContent, putSealed, type ObjectStore } from './s3-objects.js';
import { snapshotEntries, type LocalEntry } from './s3-snapshot-entries.js';
import { sayTo } from '../../progress.js';
import { msg, nestedMessage, type MessageData } from '../../../shared/messages/index.js';
import { render } from '../../../shared/messages/render.js';

/** Where the job's age identity comes from. */
export interface KeySource {
  /** The identity in this PC's keychain (explicit `identityRef`, or the one remembered for this target); null when none. */
  identity(jobId: string): Promise<string | null>;
  /** The passphrase (keychain, KURA_PASSPHRASE, or asked for); null when there is none. */
  passphrase(): Promise<string | null>;
  /** Keeps an identity in the keychain for the next nights (not on a PC that only restores). */
  remember?(jobId: string, identity: string): Promise<void>;
}

export interface S3LocationConfig {
  connection: S3Connection;
  bucket: string;
  prefix: string;
  /** New job folders are encrypted (the target has `encryption`). */
  encrypt: boolean;
  keys: KeySource;
  storageClass?: string;
  /** Lock every uploaded object (the bucket must have Object Lock). */
  objectLock?: { mode: 'GOVERNANCE' | 'COMPLIANCE' };
  /** Days a snapshot is planned to be kept (from the job's retention): the lock covers them. */
  lockDays?: number;
  /** Days the provider bills every object for at least (Wasabi: 90): pruning sooner costs them anyway. */
  minStorageDays: number;
  bwlimitKiB?: number;
  /** $KURA_HOME/offsite-cache/<location>: where snapshots opened for a restore are put together. */
  cacheRoot: string;
  now?: () => Date;
  /** For tests: watch every request (counting uploads). */
  client?: S3Client;
}

const MAX_SMALL_OBJECT = 64 * 1024 * 1024;
const SMALL_CONCURRENCY = 8;
/** Bytes of small objects held in memory at once (plaintext and ciphertext), whatever their sizes. */
const SMALL_BYTES_IN_FLIGHT = 32 * 1024 * 1024;
/**
 * Old generation in use past which the small objects' upload asks for a collection (util/heap-bound.ts):
 * what a first night of 20,000 files really holds is ≈ 40–50 MB.
 */
const HEAP_IN_USE_MB = 64;
const DOWNLOAD_CONCURRENCY = 8;

/** The size in the bucket of content of `bytes` bytes (an X25519 header of one recipient is 168 bytes: s3-objects.ts encrypts with exactly one). */
function objectSize(bytes: number, encrypted: boolean): number {
  return encrypted ? encryptedSize(bytes, 168) : bytes;
}

/** Why a decryption failed, as the reason of s3-object-damaged (any other error: it did not decrypt). */
function ageFailure(err: unknown): MessageData {
  if (!(err instanceof AgeError)) return msg('s3-damage-damaged', {});
  return msg(`s3-damage-${err.reason}`, {});
}

/** The README's section on restoring from a bucket without Kura. */
const README_BY_HAND = 'Restoring from a bucket by hand';

/** A lock is moved on by this much more than needed, so each object's date changes about monthly. */
const LOCK_SLACK_DAYS = 30;
/** Content younger than this is never collected (another PC may be half-way through a copy). */
const TIDY_GRACE_MS = 24 * 3600_000;
const DAY_MS = 86_400_000;

export class S3Location implements StorageLocation {
  readonly kind = 's3' as const;
  readonly address: string;
  private layout: S3Layout;
  private readonly client: S3Client;
  private readonly limiter: RateLimiter | null;
  private readonly crypto = new Map<string, JobCrypto>();
  private features: BucketFeatures | null = null;
  private rooted = false;
  private readonly now: () => Date;

  constructor(private readonly cfg: S3LocationConfig) {
    this.layout = new S3Layout(cfg.bucket, cfg.prefix);
    this.address = this.layout.address();
    this.client = cfg.client ?? createS3Client(cfg.connection);
    this.limiter = RateLimiter.fromKiB(cfg.bwlimitKiB);
    this.now = cfg.now ?? (() => new Date());
  }

  private store(options?: LocationOptions, onSent?: (n: number) => void): ObjectStore {
    return {
      client: this.client,
      bucket: this.cfg.bucket,
      endpoint: this.cfg.connection.endpoint,
      storageClass: this.cfg.storageClass,
      lockMode: this.cfg.objectLock?.mode,
      limiter: this.limiter,
      signal: options?.signal,
      onSent,
      logger: options?.logger,
    };
  }

  private where(key = '') {
    return { bucket: this.cfg.bucket, endpoint: this.cfg.connection.endpoint, key };
  }

  /**
   * `--from s3://bucket/shop/myjob/` names a job's folder itself: then the prefix is its parent. Done
   * once, before anything is listed.
   */
  private async root(options?: LocationOptions): Promise<void> {
    if (this.rooted) return;
    const parts = this.layout.prefix.replace(/\/$/, '').split('/');
    const last = parts.at(-1);
    if (last) {
      const file = await readLocationFile(this.store(options), `${this.layout.prefix}kura-location.json`).catch((err: unknown) => {
        if (err instanceof KuraError && err.code === 's3-not-kura') return null;
        throw err;
      });
      if (file && file.job === last) this.layout = new S3Layout(this.cfg.bucket, parts.slice(0, -1).join('/'));
    }
    this.rooted = true;
  }

  private async bucket(options?: LocationOptions): Promise<BucketFeatures> {
    this.features ??= await bucketFeatures(this.store(options));
    return this.features;
  }

  /** The lock date for objects written now, or null when objects are not locked. */
  private lockDate(slack: boolean): Date | null {
    if (!this.cfg.objectLock) return null;
    const days = (this.cfg.lockDays ?? 30) + (slack ? LOCK_SLACK_DAYS : 0);
    return new Date(this.now().getTime() + days * DAY_MS);
  }

  // ---- the job folder and its key --------------------------------------------------------------

  /**
   * How the job's folder is encrypted, opening its key: `write` creates the folder (location file,
   * key file) when it is new; `read` answers null for a folder that is not a Kura job folder.
   */
  private async jobCrypto(jobId: string, mode: 'read' | 'write', options?: LocationOptions): Promise<JobCrypto | null> {
    const cached = this.crypto.get(jobId);
    if (cached) return cached;
    const s = this.store(options);
    const file = await readLocationFile(s, this.layout.locationFile(jobId));
    let c: JobCrypto;
    if (file) {
      if (file.job !== jobId) throw new KuraError({ code: 's3-not-kura', params: { key: this.layout.address(`${jobId}/kura-location.json`) }, category: 'data' });
      if (mode === 'write' && this.cfg.encrypt !== (file.encryption !== null)) {
        const params = { address: this.layout.address(`${jobId}/`) };
        throw file.encryption
          ? new KuraError({ code: 's3-folder-encrypted', params, category: 'config' })
          : new KuraError({ code: 's3-folder-unencrypted', params, category: 'config' });
      }
      c = file.encryption ? await this.openKey(jobId, file, options) : { encrypted: false };
    } else {
      if (mode === 'read') return null;
      c = await this.createJobFolder(jobId, options);
    }
    this.crypto.set(jobId, c);
    return c;
  }

  private async openKey(jobId: string, file: LocationFile, options?: LocationOptions): Promise<JobCrypto> {
    const recipient = file.encryption!.recipient;
    const stored = await this.cfg.keys.identity(jobId);
    if (stored !== null) {
      const c = jobCrypto(stored);
      if (c.encrypted && c.identity.recipient === recipient) return c;
    }
    const passphrase = await this.cfg.keys.passphrase();
    const address = this.layout.address(`${jobId}/`);
    if (passphrase === null) {
      throw stored === null ? new KuraError({ code: 's3-key-needed', params: { address }, category: 'config' }) : new KuraError({ code: 's3-key-mismatch', params: { address }, category: 'config' });
    }
    const keyFile = await getBuffer(this.store(options), this.layout.keyFile(jobId), 64 * 1024);
    if (keyFile === null) throw new KuraError({ code: 's3-key-file-missing', params: { address }, category: 'data' });
    let text: string;
    try {
      text = (await ageDecrypt(keyFile, { passphrases: [passphrase] })).toString('utf8');
    } catch (err) {
      if (err instanceof AgeError && err.reason === 'wrong-passphrase') throw new KuraError({ code: 's3-wrong-passphrase', params: { address }, category: 'auth' });
      throw new KuraError({ code: 's3-object-damaged', params: { key: this.layout.address(`${jobId}/kura-key.age`), reason: nestedMessage(ageFailure(err)) }, category: 'data', detail: (err as Error).message });
    }
    const c = jobCrypto(text);
    if (!c.encrypted || c.identity.recipient !== recipient) throw new KuraError({ code: 's3-key-mismatch', params: { address }, category: 'data' });
    await this.cfg.keys.remember?.(jobId, text.trim());
    return c;
  }

  private async createJobFolder(jobId: string, options?: LocationOptions): Promise<JobCrypto> {
    const s = this.store(options);
    const retain = this.lockDate(true);
    let identityText: string | null = null;
    let keyFile = false;
    if (this.cfg.encrypt) {
      identityText = await this.cfg.keys.identity(jobId);
      if (identityText === null) {
        identityText = generateIdentity();
        // Kept before anything refers to it: a copy cut off here finds the same key next time.
        await this.cfg.keys.remember?.(jobId, identityText);
      }
      const passphrase = await this.cfg.keys.passphrase();
      if (passphrase !== null) {
        const wrapped = await ageEncrypt(Buffer.from(`# Kura: the age identity of ${this.layout.address(`${jobId}/`)}\n${identityText.trim()}\n`), {
          recipients: [{ kind: 'scrypt', passphrase }],
        });
        await putBuffer(s, this.layout.keyFile(jobId), wrapped, retain);
        keyFile = true;
      }
    }
    const c = jobCrypto(identityText);
    await writeLocationFile(
      s,
      this.layout.locationFile(jobId),
      {
        format: S3_LOCATION_FORMAT,
        job: jobId,
        encryption: c.encrypted ? { scheme: 'age-x25519', recipient: c.identity.recipient, keyFile } : null,
        createdAt: this.now().toISOString(),
        createdBy: `Kura ${KURA_VERSION}`,
        // The README's section is named as it is titled there.
        about: render('en', 'location-about', { section: README_BY_HAND }).message,
        aboutJa: render('ja', 'location-about', { section: README_BY_HAND }).message,
      },
      retain,
    );
    return c;
  }

  /**
   * Set-up (before the first copy): the job's folder in the bucket with its location and key files,
   * and the identity that encrypts it — the one already there when the folder exists (opened with
   * the passphrase), else a new one. Returns it for the recovery kit (null: not encrypted).
   */
  async prepareJob(jobId: string, options?: LocationOptions): Promise<{ identity: string | null; created: boolean }> {
    await this.root(options);
    const existed = (await readLocationFile(this.store(options), this.layout.locationFile(jobId))) !== null;
    const c = (await this.jobCrypto(jobId, 'write', options))!;
    return { identity: c.encrypted ? identityText(c.identity) : null, created: !existed };
  }

  /** What the bucket offers, and whether a job folder is there already (and encrypted). */
  async probe(jobId: string, options?: LocationOptions): Promise<{ objectLock: boolean; versioning: boolean; existing: { encrypted: boolean } | null }> {
    await this.root(options);
    const s = this.store(options);
    await listFolders(s, this.layout.prefix);
    const f = await this.bucket(options);
    const file = await readLocationFile(s, this.layout.locationFile(jobId));
    return { objectLock: f.objectLock, versioning: f.versioned, existing: file ? { encrypted: file.encryption !== null } : null };
  }

  // ---- listing -----------------------------------------------------------------------------------

  async listSnapshots(jobId?: string, options?: LocationOptions): Promise<StoredSnapshot[]> {
    await this.root(options);
    const s = this.store(options);
    const jobs = jobId !== undefined ? [jobId] : (await listFolders(s, this.layout.prefix)).filter((n) => /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(n));
    const out: StoredSnapshot[] = [];
    for (const job of jobs) {
      const c = await this.jobCrypto(job, 'read', options);
      if (!c) continue;
      const keys = await listAll(s, this.layout.snapshotsPrefix(job));
      const ids = keys
        .map((k) => parseSnapshotKey(this.layout, job, k.key))
        .filter((k): k is NonNullable<typeof k> => k !== null && k.manifest && k.encrypted === c.encrypted)
        .map((k) => k.id)
        .sort();
      for (const id of ids) {
        const manifest = await this.readManifest(job, id, c, options);
        if (manifest) out.push({ jobId: job, id, manifest, address: this.layout.address(`${job}/snapshots/${id}/`) });
      }
    }
    return out.sort((a, b) => a.id.localeCompare(b.id) || a.jobId.localeCompare(b.jobId));
  }

  /** A snapshot's manifest, checked; null when it is missing or not one Kura wrote. */
  private async readManifest(jobId: string, id: string, c: JobCrypto, options?: LocationOptions): Promise<Manifest | null> {
    const raw = await this.getSealedChecked(this.layout.manifestKey(jobId, id, c.encrypted), c, options);
    if (raw === null) return null;
    const r = parseManifest(raw.toString('utf8'));
    if (r.kind !== 'ok' || r.manifest.id !== id || r.manifest.job !== jobId) {
      sayTo(options?.logger, 'warn', msg('log-s3-manifest-skipped', { address: this.layout.address(`${jobId}/snapshots/${id}/`), reason: nestedMessage(r.kind === 'invalid' ? r.reason : msg('manifest-other-snapshot', {})) }));
      return null;
    }
    return r.manifest;
  }

  /** A small object, decrypted, with decryption failures said in Kura's words. */
  private async getSealedChecked(key: string, c: JobCrypto, options?: LocationOptions): Promise<Buffer | null> {
    try {
      return await getSealed(this.store(options), key, c, MAX_SMALL_OBJECT);
    } catch (err) {
      throw this.decryptError(err, key);
    }
  }

  private decryptError(err: unknown, key: string): KuraError {
    if (err instanceof AgeError) return new KuraError({ code: 's3-object-damaged', params: { key: `s3://${this.cfg.bucket}/${key}`, reason: nestedMessage(ageFailure(err)) }, category: 'data', detail: err.message });
    return toKuraError(err);
  }

  private async readIndex(jobId: string, id: string, c: JobCrypto, options?: LocationOptions): Promise<IndexEntry[] | null> {
    const key = this.layout.indexKey(jobId, id, c.encrypted);
    const raw = await this.getSealedChecked(key, c, options);
    if (raw === null) return null;
    try {
      return parseIndex(raw);
    } catch (err) {
      if (err instanceof IndexFormatError) throw new KuraError({ code: 's3-object-damaged', params: { key: `s3://${this.cfg.bucket}/${key}`, reason: nestedMessage(msg('s3-damage-index', {})) }, category: 'data', detail: err.message });
      throw err;
    }
  }

  // ---- writing -----------------------------------------------------------------------------------

  async writeSnapshot(local: SnapshotRef, previous: StoredSnapshot | null, options?: LocationOptions): Promise<WriteResult> {
    await this.root(options);
    const jobId = local.manifest.job;
    // Before anything is written: copies that should be locked are never left unlocked.
    if (this.cfg.objectLock && !(await this.bucket(options)).objectLock) {
      throw new KuraError({ code: 's3-object-lock-unavailable', params: { bucket: this.cfg.bucket }, category: 'config' });
    }
    const c = (await this.jobCrypto(jobId, 'write', options))!;
    const s = this.store(options);
    const result: WriteResult = { bytesSent: 0, sent: 0, reused: 0, warnings: [] };
    if (!c.encrypted) result.warnings.push(locationMessage('s3-unencrypted', { address: this.layout.address(`${jobId}/`) }));

    const there = new Map((await listAll(s, this.layout.dataPrefix(jobId))).map((o) => [o.key.slice(this.layout.jobRoot(jobId).length), o]));
    // Lock dates recorded by the previous snapshot's index: only content whose date is too early is touched.
    const knownLock = new Map<string, string>();
    if (this.cfg.objectLock && previous) {
      for (const e of (await this.readIndex(jobId, previous.id, c, options).catch(() => null)) ?? []) if (e.object && e.retainUntil) knownLock.set(e.object, e.retainUntil);
    }
    const neededUntil = this.lockDate(false);
    const newLock = this.lockDate(true);

    const entries: IndexEntry[] = [];
    const planned = new Map<string, { entry: LocalEntry; retain: string | null }>();
    const extend = new Map<string, string>();
    for await (const e of snapshotEntries(local.path, local.manifest.items, options?.signal, (note) => options?.logger?.log('info', note))) {
      if (e.kind === 'd') {
        entries.push({ kind: 'd', object: null, sha256: null, size: 0, mtimeMs: e.mtimeMs, mode: e.mode, retainUntil: null, path: e.path });
        continue;
      }
      const object = this.layout.dataObject(objectName(c, e.sha256!), c.encrypted);
      let retain: string | null = null;
      // An object of another size than its content's is not that content (cut or replaced in the bucket,
      // as verify says): it is sent again, or every later snapshot would refer to it.
      if ((there.get(object)?.size === objectSize(e.size, c.encrypted) && !options?.resend?.has(object)) || planned.has(object)) {
        if (newLock && neededUntil && !planned.has(object)) {
          const known = knownLock.get(object) ?? extend.get(object);
          if (known === undefined || known < neededUntil.toISOString()) extend.set(object, newLock.toISOString());
          retain = extend.get(object) ?? known ?? null;
        } else retain = planned.get(object)?.retain ?? null;
        if (!planned.has(object)) result.reused++;
      } else {
        retain = newLock?.toISOString() ?? null;
        planned.set(object, { entry: e, retain });
      }
      entries.push({ kind: e.kind, object, sha256: e.sha256, size: e.size, mtimeMs: e.mtimeMs, mode: e.mode, retainUntil: retain, path: e.path });
    }

    const total = [...planned.values()].reduce((a, p) => a + p.entry.size, 0);
    let moved = 0;
    const progress = (n: number) => {
      moved += n;
      options?.onTransfer?.({ bytes: moved, totalBytes: total });
    };
    const upload = async (object: string, p: { entry: LocalEntry; retain: string | null }) => {
      const e = p.entry;
      const src = e.kind === 'l' ? { kind: 'bytes' as const, bytes: e.linkTarget!, sha256: e.sha256! } : { kind: 'file' as const, path: e.abs, size: e.size, sha256: e.sha256! };
      try {
        const n = await putContent({ ...s, onSent: progress }, `${this.layout.jobRoot(jobId)}${object}`, src, c, p.retain ? new Date(p.retain) : null);
        result.bytesSent += n;
        result.sent++;
      } catch (err) {
        if (err instanceof LocalCopyDamaged) {
          throw new KuraError({ code: 's3-local-damaged', params: { snapshot: local.id, path: err.path }, category: 'data', detail: err.message });
        }
        throw err;
      }
    };
    // Small objects are read, encrypted and sent whole: at most SMALL_BYTES_IN_FLIGHT of them at once.
    const budget = new ByteBudget(SMALL_BYTES_IN_FLIGHT);
    const heap = new HeapBound(HEAP_IN_USE_MB);
    const uploadSmall = async (object: string, p: { entry: LocalEntry; retain: string | null }) => {
      const n = Math.max(1, p.entry.size) * 2;
      await budget.take(n);
      try {
        await upload(object, p);
      } finally {
        budget.give(n);
        heap.step();
      }
    };
    const small = [...planned].filter(([, p]) => p.entry.size <= MULTIPART_THRESHOLD);
    const large = [...planned].filter(([, p]) => p.entry.size > MULTIPART_THRESHOLD);
    await Promise.all([
      runPool(small, SMALL_CONCURRENCY, ([o, p]) => uploadSmall(o, p), options?.signal),
      runPool(large, 1, ([o, p]) => upload(o, p), options?.signal),
      runPool([...extend], SMALL_CONCURRENCY, ([o, until]) => extendRetention(s, `${this.layout.jobRoot(jobId)}${o}`, new Date(until)), options?.signal),
    ]);

    if (heap.collections > 0) options?.logger?.log('debug', `off-site upload: ${heap.collections} heap collections asked for (util/heap-bound.ts)`);

    // The index, then the manifest, exactly as the local one: now the snapshot is complete there.
    const snapshotLock = neededUntil;
    const index = formatIndex(entries);
    await putSealed(s, this.layout.indexKey(jobId, local.id, c.encrypted), index, c, snapshotLock);
    const manifestBytes = await readFile(join(local.path, MANIFEST_FILE));
    await putSealed(s, this.layout.manifestKey(jobId, local.id, c.encrypted), manifestBytes, c, snapshotLock);
    result.bytesSent += index.length + manifestBytes.length;
    progress(0);
    // The folder's own files must outlive every snapshot in it.
    if (newLock) {
      for (const key of [this.layout.locationFile(jobId), ...(c.encrypted ? [this.layout.keyFile(jobId)] : [])]) {
        await extendRetention(s, key, newLock).catch(() => undefined);
      }
    }
    return result;
  }

  // ---- reading -----------------------------------------------------------------------------------

  async openSnapshot(snap: StoredSnapshot, want: { items?: readonly ManifestItem[]; sub?: string } | undefined, options?: LocationOptions): Promise<SnapshotRef> {
    await this.root(options);
    const c = await this.jobCrypto(snap.jobId, 'read', options);
    if (!c) throw new KuraError({ code: 's3-snapshot-incomplete', params: { snapshot: snap.id, address: snap.address }, category: 'data' });
    const index = await this.readIndex(snap.jobId, snap.id, c, options);
    if (!index) throw new KuraError({ code: 's3-snapshot-incomplete', params: { snapshot: snap.id, address: snap.address }, category: 'data' });
    const items = want?.items ?? snap.manifest.items;
    const sub = want?.sub ? Buffer.from(want.sub.replace(/^\/+|\/+$/g, '')) : null;
    const dir = join(this.cfg.cacheRoot, snap.jobId, snap.id);
    await mkdir(dir, { recursive: true });

    const wanted: IndexEntry[] = [];
    for (const item of items) {
      // Fetched before (a restore plans, then runs) and still whole: not downloaded again.
      if ((await readFile(join(dir, MANIFEST_FILE)).catch(() => null)) && (await verifyItem(dir, item, options?.signal, 'before-restore', { sub })).ok) continue;
      const root = Buffer.from(item.path);
      const list = item.type === 'files' && item.list ? Buffer.from(fileListPath(item.path)) : null;
      const under = sub ? Buffer.concat([root, Buffer.from('/'), sub]) : root;
      for (const e of index) {
        if (list && e.path.equals(list)) wanted.push(e);
        else if (e.path.equals(root) || isBelow(e.path, root)) {
          // With a sub-path, the folders leading to it and everything below it.
          if (!sub || e.path.equals(under) || isBelow(e.path, under) || isBelow(under, e.path) || e.path.equals(root)) wanted.push(e);
        }
      }
      await rm(join(dir, item.path), { recursive: true, force: true });
      if (list) await rm(join(dir, list.toString()), { force: true });
    }
    const total = wanted.reduce((a, e) => a + (e.kind === 'f' ? e.size : 0), 0);
    let moved = 0;
    const s = this.store(options);
    for (const e of wanted) if (e.kind === 'd') await mkdir(Buffer.concat([Buffer.from(`${dir}/`), e.path]).toString(), { recursive: true });
    await runPool(
      wanted.filter((e) => e.kind !== 'd'),
      DOWNLOAD_CONCURRENCY,
      async (e) => {
        const abs = Buffer.concat([Buffer.from(`${dir}/`), e.path]);
        await mkdir(Buffer.from(dirname(abs.toString('latin1')), 'latin1').toString(), { recursive: true });
        await this.fetchObject(s, snap.jobId, e, c, abs, (n) => {
          moved += n;
          options?.onTransfer?.({ bytes: moved, totalBytes: total });
        });
      },
      options?.signal,
    );
    // Times and modes last, folders deepest first (writing into a folder changes its time).
    for (const e of [...wanted].reverse()) {
      const abs = Buffer.concat([Buffer.from(dir + '/'), e.path]);
      if (e.kind === 'l') await lutimes(abs, e.mtimeMs / 1000, e.mtimeMs / 1000).catch(() => undefined);
      else {
        await chmod(abs, e.mode || (e.kind === 'd' ? 0o755 : 0o644)).catch(() => undefined);
        await utimes(abs, e.mtimeMs / 1000, e.mtimeMs / 1000).catch(() => undefined);
      }
    }
    const manifestBytes = await this.getSealedChecked(this.layout.manifestKey(snap.jobId, snap.id, c.encrypted), c, options);
    if (!manifestBytes) throw new KuraError({ code: 's3-snapshot-incomplete', params: { snapshot: snap.id, address: snap.address }, category: 'data' });
    const tmp = join(dir, `${MANIFEST_FILE}.${randomBytes(4).toString('hex')}`);
    await writeFileBytes(tmp, manifestBytes);
    await rename(tmp, join(dir, MANIFEST_FILE));
    return { id: snap.id, path: dir, manifest: snap.manifest, outOfOrder: orderProblem(snap.id, snap.manifest, this.now()) };
  }

  /** Downloads one content object to `abs`, decrypting it and checking its sha256 on the way. */
  private async fetchObject(s: ObjectStore, jobId: string, e: IndexEntry, c: JobCrypto, abs: Buffer, onBytes: (n: number) => void): Promise<void> {
    const key = `${this.layout.jobRoot(jobId)}${e.object}`;
    const got = await getStream(s, key);
    if (!got) throw new KuraError({ code: 's3-object-missing', params: { key: `s3://${this.cfg.bucket}/${key}`, path: e.path.toString() }, category: 'data' });
    const hash = createHash('sha256');
    const link: Buffer[] = [];
    try {
      const consume = async (source: AsyncIterable<Buffer>) => {
        const out = e.kind === 'l' ? null : createWriteStream(abs, { mode: 0o600 });
        try {
          for await (const chunk of source) {
            hash.update(chunk);
            onBytes(chunk.length);
            if (!out) link.push(chunk);
            else if (!out.write(chunk)) await once(out, 'drain');
          }
        } finally {
          if (out) {
            out.end();
            await finished(out);
          }
        }
      };
      const input = Readable.from(got.body, { objectMode: false });
      if (c.encrypted) await pipeline(input, new AgeDecryptStream({ identities: [c.identity] }), consume);
      else await pipeline(input, consume);
    } catch (err) {
      await rm(abs, { force: true }).catch(() => undefined);
      if (err instanceof AgeError) throw this.decryptError(err, key);
      throw s3Error(err, this.where(key));
    }
    const actual = hash.digest('hex');
    if (actual !== e.sha256) {
      await rm(abs, { force: true }).catch(() => undefined);
      throw new KuraError({ code: 's3-object-damaged', params: { key: `s3://${this.cfg.bucket}/${key}`, reason: nestedMessage(msg('s3-damage-hash', { actual, expected: e.sha256 ?? '' })) }, category: 'data' });
    }
    if (e.kind === 'l') {
      await rm(abs, { force: true });
      await symlink(Buffer.concat(link), abs);
    }
  }

  // ---- deleting ----------------------------------------------------------------------------------

  async deleteSnapshot(jobId: string, id: string, options?: LocationOptions): Promise<DeleteResult> {
    await this.root(options);
    const c = await this.jobCrypto(jobId, 'read', options);
    const features = await this.bucket(options);
    const s = this.store(options);
    const result: DeleteResult = { deleted: true, lockedUntil: null };
    // Manifest first: from then on it is no longer a snapshot anywhere, whatever happens next.
    const encrypted = c?.encrypted ?? true;
    for (const key of [this.layout.manifestKey(jobId, id, encrypted), this.layout.indexKey(jobId, id, encrypted)]) {
      const r = await deleteKey(s, key, features);
      if (!r.deleted) {
        result.deleted = false;
        if (r.lockedUntil && (!result.lockedUntil || r.lockedUntil > result.lockedUntil)) result.lockedUntil = r.lockedUntil;
      }
    }
    return result;
  }

  async tidy(jobId: string, options?: LocationOptions): Promise<TidyResult> {
    await this.root(options);
    const c = await this.jobCrypto(jobId, 'read', options);
    if (!c) return { removed: 0, bytes: 0, warnings: [] };
    const s = this.store(options);
    const features = await this.bucket(options);
    const now = this.now().getTime();
    const keys = await listAll(s, this.layout.snapshotsPrefix(jobId));
    const parsed = keys.map((k) => ({ k, p: parseSnapshotKey(this.layout, jobId, k.key) }));
    const complete = new Set(parsed.filter((x) => x.p?.manifest).map((x) => x.p!.id));
    const referenced = new Set<string>();
    for (const id of complete) {
      const index = await this.readIndex(jobId, id, c, options);
      // A complete snapshot whose index cannot be read: collect nothing rather than risk its content.
      if (!index) return { removed: 0, bytes: 0, warnings: [locationMessage('s3-tidy-skipped', { snapshot: id })] };
      for (const e of index) if (e.object) referenced.add(e.object);
    }
    const warnings: TidyResult['warnings'] = [];
    let removed = 0;
    let bytes = 0;
    let early = 0;
    let earlyBytes = 0;
    const leftovers = parsed.filter((x) => x.p && !complete.has(x.p.id) && now - x.k.lastModified.getTime() > TIDY_GRACE_MS).map((x) => x.k);
    const unused = (await listAll(s, this.layout.dataPrefix(jobId))).filter((o) => !referenced.has(o.key.slice(this.layout.jobRoot(jobId).length)) && now - o.lastModified.getTime() > TIDY_GRACE_MS);
    let lockedCount = 0;
    await runPool(
      [...leftovers, ...unused],
      SMALL_CONCURRENCY,
      async (o) => {
        const r = await deleteKey(s, o.key, features);
        if (!r.deleted) {
          lockedCount++;
          return;
        }
        removed++;
        bytes += o.size;
        if (this.cfg.minStorageDays > 0 && now - o.lastModified.getTime() < this.cfg.minStorageDays * DAY_MS) {
          early++;
          earlyBytes += o.size;
        }
      },
      options?.signal,
    );
    if (early > 0) warnings.push(locationMessage('s3-early-delete', { count: early, bytes: earlyBytes, days: this.cfg.minStorageDays }));
    if (lockedCount > 0) sayTo(options?.logger, 'info', msg('log-s3-still-locked', { count: lockedCount }));
    // Uploads cut off long ago and never resumed cost storage: end them.
    const stale = await s.client.send(new ListMultipartUploadsCommand({ Bucket: s.bucket, Prefix: this.layout.jobRoot(jobId) }), { abortSignal: s.signal }).catch(() => null);
    for (const u of stale?.Uploads ?? []) {
      if (u.Key && u.UploadId && u.Initiated && now - u.Initiated.getTime() > 7 * DAY_MS) {
        await s.client.send(new AbortMultipartUploadCommand({ Bucket: s.bucket, Key: u.Key, UploadId: u.UploadId })).catch(() => undefined);
      }
    }
    return { removed, bytes, warnings };
  }

  // ---- verifying ---------------------------------------------------------------------------------

  async verifySnapshot(snap: StoredSnapshot, full: boolean, options?: LocationOptions): Promise<VerifyResult> {
    await this.root(options);
    const c = await this.jobCrypto(snap.jobId, 'read', options);
    const result: VerifyResult = { snapshotId: snap.id, ok: true, depth: full ? 'full' : 'sample', items: [], objects: 0, decrypted: 0 };
    const fail = (path: string, detail: MessageData) => {
      result.ok = false;
      result.items.push({ path, ok: false, detail });
    };
    if (!c) {
      fail('', msg('offsite-verify-no-location-file', {}));
      return { ...result, unreadable: true };
    }
    const index = await this.readIndex(snap.jobId, snap.id, c, options);
    if (!index) {
      fail('', msg('offsite-verify-no-index', {}));
      return { ...result, unreadable: true };
    }
    const s = this.store(options);
    const there = new Map((await listAll(s, this.layout.dataPrefix(snap.jobId))).map((o) => [o.key.slice(this.layout.jobRoot(snap.jobId).length), o.size]));
    const byPath = new Map(index.map((e) => [e.path.toString('latin1'), e]));
    const expectedSize = (e: IndexEntry) => objectSize(e.size, c.encrypted);
    const sample = new Set<IndexEntry>();
    for (const item of snap.manifest.items) {
      const r = await this.verifyItem(snap, item, byPath, there, expectedSize, c, options);
      result.items.push(r.result);
      if (!r.result.ok) result.ok = false;
      for (const e of r.toDecrypt) sample.add(e);
    }
    const objects = [...new Map(index.filter((e) => e.object).map((e) => [e.object!, e])).values()];
    const chosen = full ? objects : pickSample(objects, [...sample]);
    let checked = 0;
    const scratch = join(this.cfg.cacheRoot, `.verify-${randomBytes(4).toString('hex')}`);
    await mkdir(scratch, { recursive: true });
    try {
      await runPool(
        chosen,
        DOWNLOAD_CONCURRENCY,
        async (e) => {
          const abs = Buffer.from(join(scratch, randomBytes(8).toString('hex')));
          try {
            await this.fetchObject(s, snap.jobId, e, c, abs, () => undefined);
            checked++;
          } catch (err) {
            const k = toKuraError(err);
            fail(e.path.toString(), messageOf(k));
            if (k.code === 's3-object-damaged') (result.damagedObjects ??= []).push(e.object!);
          } finally {
            await rm(abs, { force: true });
          }
        },
        options?.signal,
      );
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
    result.objects = objects.length;
    result.decrypted = checked;
    return result;
  }

  private async verifyItem(
    snap: StoredSnapshot,
    item: ManifestItem,
    byPath: Map<string, IndexEntry>,
    there: Map<string, number>,
    expectedSize: (e: IndexEntry) => number,
    c: JobCrypto,
    options?: LocationOptions,
  ): Promise<{ result: VerifyItemResult; toDecrypt: IndexEntry[] }> {
    const present = (e: IndexEntry): MessageData | null => {
      const size = there.get(e.object!);
      if (size === undefined) return msg('offsite-verify-object-missing', { path: e.path.toString(), object: e.object! });
      if (size !== expectedSize(e)) return msg('offsite-verify-object-size', { path: e.path.toString(), object: e.object!, size, expected: expectedSize(e) });
      return null;
    };
    if (item.type !== 'files') {
      const e = byPath.get(Buffer.from(item.path).toString('latin1'));
      if (!e || e.kind !== 'f' || e.sha256 !== item.sha256 || e.size !== item.bytes) return { result: { path: item.path, ok: false, detail: msg('offsite-verify-not-in-index', {}) }, toDecrypt: [] };
      const p = present(e);
      return { result: { path: item.path, ok: p === null, detail: p ?? msg('offsite-verify-present', {}) }, toDecrypt: [e] };
    }
    if (!item.list) {
      const prefix = `${item.path}/`;
      let files = 0;
      let bytes = 0;
      for (const [path, e] of byPath) {
        if (!path.startsWith(prefix) || e.kind !== 'f') continue;
        files++;
        bytes += e.size;
        const p = present(e);
        if (p) return { result: { path: item.path, ok: false, detail: p }, toDecrypt: [] };
      }
      const ok = files === item.files && bytes === item.bytes;
      return { result: { path: item.path, ok, detail: ok ? msg('offsite-verify-present', {}) : msg('offsite-verify-count', { files, bytes, expectedFiles: item.files, expectedBytes: item.bytes }) }, toDecrypt: [] };
    }
    // The list is the item's record: fetch it, check it against the manifest, and each of its entries against the index.
    const listEntry = byPath.get(Buffer.from(fileListPath(item.path)).toString('latin1'));
    if (!listEntry || listEntry.sha256 !== item.list.sha256) return { result: { path: item.path, ok: false, detail: msg('offsite-verify-no-list', {}) }, toDecrypt: [] };
    const scratch = join(this.cfg.cacheRoot, `.list-${randomBytes(4).toString('hex')}`);
    await mkdir(this.cfg.cacheRoot, { recursive: true });
    try {
      try {
        await this.fetchObject(this.store(options), snap.jobId, listEntry, c, Buffer.from(scratch), () => undefined);
      } catch (err) {
        const e = toKuraError(err);
        if (e.category === 'cancelled' || e.category === 'network' || e.category === 'auth') throw e;
        // A damaged or missing list is this item's failure, not the end of the check.
        return { result: { path: item.path, ok: false, detail: messageOf(e) }, toDecrypt: [] };
      }
      const reader = new FileListReader(scratch);
      let problem: MessageData | null = present(listEntry);
      try {
        for (let e = await reader.next(); e && !problem; e = await reader.next()) {
          const ie = byPath.get(Buffer.concat([Buffer.from(`${item.path}/`), e.rel]).toString('latin1'));
          if (!ie || ie.kind !== e.kind || (e.kind !== 'd' && (ie.sha256 !== e.sha256 || ie.size !== e.size))) problem = msg('offsite-verify-list-entry', { path: e.rel.toString() });
          else if (ie.kind !== 'd') problem = present(ie);
        }
      } finally {
        // A problem found before the list's end stops the reading there: the list is closed before it
        // is removed (Windows cannot delete a file still open; it would stay in the cache folder).
        await reader.close();
      }
      return { result: { path: item.path, ok: problem === null, detail: problem ?? msg('offsite-verify-present', {}) }, toDecrypt: [listEntry] };
    } finally {
      await rm(scratch, { force: true });
    }
  }

  async close(): Promise<void> {
    if (!this.cfg.client) this.client.destroy();
  }
}

/** A count of bytes shared by concurrent work: `take` waits until there is room (one larger than all of it runs alone). */
class ByteBudget {
  private used = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly limit: number) {}
  async take(n: number): Promise<void> {
    while (this.used > 0 && this.used + n > this.limit) await new Promise<void>((r) => this.waiting.push(r));
    this.used += n;
  }
  give(n: number): void {
    this.used -= n;
    this.waiting.splice(0).forEach((r) => r());
  }
}

/** Dumps and RDBs and lists (`must`), plus up to 20 other objects picked at random. */
function pickSample(all: IndexEntry[], must: IndexEntry[]): IndexEntry[] {
  const chosen = new Map(must.map((e) => [e.object!, e]));
  const rest = all.filter((e) => !chosen.has(e.object!));
  for (let i = 0; i < 20 && rest.length > 0; i++) {
    const [e] = rest.splice(Math.floor(Math.random() * rest.length), 1);
    chosen.set(e!.object!, e!);
  }
  return [...chosen.values()];
}

function isBelow(path: Buffer, root: Buffer): boolean {
  return path.length > root.length + 1 && path[root.length] === 0x2f && path.subarray(0, root.length).equals(root);
}

async function writeFileBytes(path: string, bytes: Buffer): Promise<void> {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(path, bytes, { mode: 0o644 });
}

export { parseIdentity };
