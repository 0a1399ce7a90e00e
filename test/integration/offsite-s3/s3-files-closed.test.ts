/**
 * The off-site copy to a bucket reads snapshot files (a large file's multipart upload) and a list it
 * fetched (verify). What would go wrong unseen: an upload that fails or is cancelled, or a verify that
 * finds a problem before the list's end, leaves the file open. On Windows an open file keeps its
 * folder from being deleted (ENOTEMPTY), so retention then fails on a snapshot with nothing wrong
 * with it; and a cancelled upload that waits for ever never gives the run back.
 *
 * Real files and a real Ceph gateway (test/harness/ceph-s3.ts). The one fault that cannot be had from
 * it on cue, a part whose request fails midway, is injected by client middleware; everything else is
 * the server's own answer. Linux only: what is open is read from /proc/self/fd. A FileHandle left open
 * and no longer referenced (verify's list) is closed by the garbage collector sooner or later — with
 * a real server's requests around it, usually before the check — so a file counts as left open when
 * it is still open below the folder or when Node warned that the collector closed one.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageDecrypt, generateIdentity } from '../../../electron/engine/age/age-format.js';
import { buildFileList } from '../../../electron/engine/snapshot/file-list-build.js';
import { fileListPath } from '../../../electron/engine/snapshot/file-list.js';
import { MANIFEST_FILE, MANIFEST_FORMAT, type Manifest } from '../../../electron/engine/snapshot/manifest.js';
import { createS3Client } from '../../../electron/engine/storage/s3/s3-client.js';
import { jobCrypto } from '../../../electron/engine/storage/s3/s3-crypto.js';
import { S3Location } from '../../../electron/engine/storage/s3/s3-location.js';
import { MULTIPART_THRESHOLD, putContent, type ObjectStore } from '../../../electron/engine/storage/s3/s3-objects.js';
import { startCephS3, type CephS3 } from '../../harness/ceph-s3.js';
import { ON_WINDOWS } from '../../harness/platform.js';
import { tempDir } from '../../harness/tmp.js';
import { connectionOf, createBucket } from './s3-fixture.js';
import { filesItemOf } from '../../harness/files-item.js';
import { openUnder } from '../../harness/open-files.js';

const BUCKET = 'closed';

/**
 * Starts noting the files the garbage collector closes (Node warns of each: "Closing file descriptor N
 * on garbage collection"); `stop` gives the warnings since, once any due have been emitted.
 */
function collectorClosures(): { stop(): Promise<string[]> } {
  const seen: string[] = [];
  const note = (w: Error) => {
    if (/^Closing file descriptor \d+ on garbage collection/.test(w.message)) seen.push(w.message);
  };
  process.on('warning', note);
  return {
    async stop() {
      // The warning comes on a later turn of the event loop than the close.
      await new Promise((r) => setTimeout(r, 50));
      process.off('warning', note);
      return seen;
    },
  };
}

describe.skipIf(ON_WINDOWS)('files the off-site copy to a bucket opens are closed (Ceph RADOS Gateway)', () => {
  let ceph: CephS3;
  let work: Awaited<ReturnType<typeof tempDir>>;
  let top: string;
  const clients: S3Client[] = [];

  beforeAll(async () => {
    work = await tempDir('kura-s3-closed-');
    // /proc/self/fd names the real path.
    top = realpathSync(work.path);
    ceph = await startCephS3();
    await createBucket(ceph, BUCKET);
  }, 120_000);

  afterAll(async () => {
    for (const c of clients) c.destroy();
    await ceph?.stop();
    await work?.cleanup();
  });

  /** A client of the gateway; `onUploadPart` is called with the count of parts sent so far (1 for the first) before each goes. */
  function client(onUploadPart?: (count: number) => void): S3Client {
    const c = createS3Client(connectionOf(ceph));
    clients.push(c);
    if (onUploadPart) {
      let count = 0;
      c.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName === 'UploadPartCommand') onUploadPart(++count);
          return next(args);
        },
        { step: 'initialize', name: 'kuraTestFault' },
      );
    }
    return c;
  }

  const store = (c: S3Client, signal?: AbortSignal): ObjectStore => ({ client: c, bucket: BUCKET, endpoint: ceph.endpoint, limiter: null, ...(signal ? { signal } : {}) });

  async function object(key: string): Promise<Buffer> {
    const r = await client().send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return Buffer.from(await r.Body!.transformToByteArray());
  }

  /** A file larger than a multipart upload's few parts in flight (five parts), and what putContent needs of it. */
  function largeFile(name: string) {
    const dir = join(top, name);
    mkdirSync(dir);
    const path = join(dir, 'dump.sql.gz');
    const data = randomBytes(MULTIPART_THRESHOLD * 5);
    writeFileSync(path, data);
    return { dir, src: { kind: 'file' as const, path, size: data.length, sha256: createHash('sha256').update(data).digest('hex') } };
  }

  it('verify closes the list it fetched when an entry before its end has no object', async () => {
    const snapshot = join(top, 'snap');
    const root = join(snapshot, 'files', 'site');
    mkdirSync(join(root, 'a'), { recursive: true });
    for (let f = 0; f < 20; f++) writeFileSync(join(root, 'a', `f${String(f).padStart(2, '0')}`), `file ${f}\n`);
    const built = await buildFileList({ itemDir: root, listFile: join(snapshot, fileListPath('files/site')), previous: null });
    const id = '2026-03-01T02-00-00Z';
    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      job: 'shop',
      id,
      status: 'complete',
      startedAt: '2026-03-01T02:00:00.000Z',
      finishedAt: '2026-03-01T02:00:05.000Z',
      host: 'test',
      kuraVersion: 'test',
      items: [
        filesItemOf('site', built),
      ],
      failed: [],
    };
    writeFileSync(join(snapshot, MANIFEST_FILE), JSON.stringify(manifest));
    const cacheRoot = join(top, 'cache');
    const loc = new S3Location({
      connection: connectionOf(ceph),
      bucket: BUCKET,
      prefix: 'kura/',
      encrypt: false,
      keys: { identity: async () => null, passphrase: async () => null },
      minStorageDays: 0,
      cacheRoot,
    });
    try {
      await loc.writeSnapshot({ id, path: snapshot, manifest, outOfOrder: null }, null);
      // The object of a file in the middle of the list goes missing from the bucket.
      const sha256 = createHash('sha256').update('file 10\n').digest('hex');
      const key = `kura/shop/data/${sha256.slice(0, 2)}/${sha256}`;
      const c = client();
      await c.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
      await c.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
      const [stored] = await loc.listSnapshots('shop');
      expect(stored?.id).toBe(id);
      const collector = collectorClosures();
      const v = await loc.verifySnapshot(stored!, false);
      const open = await openUnder(`${cacheRoot}/`);
      const closedByCollector = await collector.stop();
      expect(v.items.find((i) => i.path === 'files/site')).toMatchObject({ ok: false, detail: { code: 'offsite-verify-object-missing' } });
      expect(open).toEqual([]);
      expect(closedByCollector).toEqual([]);
    } finally {
      await loc.close();
    }
  });

  it('a large file whose upload fails midway is closed when putContent rejects', async () => {
    const { dir, src } = largeFile('fails');
    // The second part's request dies on its way (the first reaches the server).
    const c = client((n) => {
      if (n === 2) throw Object.assign(new Error('write ECONNRESET'), { code: 'ECONNRESET' });
    });
    await expect(putContent(store(c), 'shop/data/fails', src, { encrypted: false }, null)).rejects.toMatchObject({ category: 'network' });
    expect(await openUnder(`${dir}/`)).toEqual([]);
  });

  it('a large file whose upload is cancelled midway is closed when putContent rejects, and does not hang', async () => {
    const { dir, src } = largeFile('cancelled');
    const stop = new AbortController();
    // The run is cancelled while the second part is on its way to the server.
    const c = client((n) => {
      if (n === 2) setTimeout(() => stop.abort(), 10);
    });
    const upload = putContent(store(c, stop.signal), 'shop/data/cancelled', src, { encrypted: false }, null);
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      upload.then(
        () => 'resolved',
        () => 'rejected',
      ),
      new Promise((r) => (timer = setTimeout(() => r('still running after 10 s'), 10_000))),
    ]);
    clearTimeout(timer);
    expect(stop.signal.aborted).toBe(true);
    expect(outcome).toBe('rejected');
    expect(await openUnder(`${dir}/`)).toEqual([]);
  });

  it('a large file uploaded whole, encrypted or not, reads back from the bucket as the same bytes and is closed', async () => {
    const { dir, src } = largeFile('whole');
    const data = readFileSync(src.path);
    const c = client();
    await putContent(store(c), 'shop/data/plain', src, { encrypted: false }, null);
    expect((await object('shop/data/plain')).equals(data)).toBe(true);
    const crypto = jobCrypto(generateIdentity());
    if (!crypto.encrypted) throw new Error('expected an encrypted job');
    await putContent(store(c), 'shop/data/sealed', src, crypto, null);
    const sealed = await object('shop/data/sealed');
    expect(sealed.subarray(0, 21).toString()).toBe('age-encryption.org/v1');
    expect((await ageDecrypt(sealed, { identities: [crypto.identity] })).equals(data)).toBe(true);
    expect(await openUnder(`${dir}/`)).toEqual([]);
  });
});
