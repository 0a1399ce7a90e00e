/**
 * DurableFileStream: the bytes and mode of createWriteStream, a background fdatasync every N bytes
 * while writing, the final fsync before 'finish', and errors that fail the stream.
 */
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DurableFileStream } from '../../../electron/engine/util/durable-file-stream.js';
import { ON_WINDOWS } from '../../harness/platform.js';
import { tempDir } from '../../harness/tmp.js';

let work: { path: string; cleanup: () => Promise<void> };
let handleProto: { datasync: () => Promise<void>; sync: () => Promise<void> };

beforeAll(async () => {
  work = await tempDir('kura-durable-');
  const probe = await open(join(work.path, 'probe'), 'w');
  handleProto = Object.getPrototypeOf(probe) as typeof handleProto;
  await probe.close();
});
afterAll(async () => {
  await work.cleanup();
});
afterEach(() => {
  vi.restoreAllMocks();
});

function chunks(count: number, size: number): Buffer[] {
  return Array.from({ length: count }, (_, k) => Buffer.alloc(size, k % 251));
}

describe('DurableFileStream', () => {
  it('writes exactly the bytes, mode 0600, syncing in the background and once more before finish', async () => {
    const calls: string[] = [];
    const datasync = handleProto.datasync;
    const sync = handleProto.sync;
    vi.spyOn(handleProto, 'datasync').mockImplementation(function (this: unknown) {
      calls.push('datasync');
      return datasync.call(this);
    });
    vi.spyOn(handleProto, 'sync').mockImplementation(function (this: unknown) {
      calls.push('sync');
      return sync.call(this);
    });
    const data = chunks(16, 64 * 1024);
    const path = join(work.path, 'out.bin');
    const out = new DurableFileStream(path, { syncEveryBytes: 256 * 1024 });
    let finishedAfterSync = false;
    out.on('finish', () => {
      finishedAfterSync = calls.at(-1) === 'sync';
    });
    await pipeline(Readable.from(data), out);
    expect(await readFile(path)).toEqual(Buffer.concat(data));
    expect(out.bytesWritten).toBe(16 * 64 * 1024);
    // Mode bits are POSIX; on Windows the file's privacy comes from its folder's ACL.
    if (!ON_WINDOWS) expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(calls.filter((c) => c === 'datasync').length).toBeGreaterThanOrEqual(1);
    expect(calls.filter((c) => c === 'sync')).toEqual(['sync']);
    expect(finishedAfterSync).toBe(true);
  });

  it('never syncs in the background when told not to', async () => {
    const spy = vi.spyOn(handleProto, 'datasync');
    await pipeline(Readable.from(chunks(8, 64 * 1024)), new DurableFileStream(join(work.path, 'nosync.bin'), { syncEveryBytes: 0 }));
    expect(spy).not.toHaveBeenCalled();
  });

  it('fails the stream when a background sync fails, and when the final fsync fails', async () => {
    vi.spyOn(handleProto, 'datasync').mockRejectedValue(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    await expect(pipeline(Readable.from(chunks(16, 64 * 1024)), new DurableFileStream(join(work.path, 'eio.bin'), { syncEveryBytes: 256 * 1024 }))).rejects.toMatchObject({ code: 'EIO' });
    vi.restoreAllMocks();
    vi.spyOn(handleProto, 'sync').mockRejectedValue(Object.assign(new Error('ENOSPC: no space left on device, fsync'), { code: 'ENOSPC' }));
    await expect(pipeline(Readable.from(chunks(2, 1024)), new DurableFileStream(join(work.path, 'full.bin')))).rejects.toMatchObject({ code: 'ENOSPC' });
  });

  it('reports a folder that does not exist as the open error', async () => {
    await expect(pipeline(Readable.from(chunks(1, 10)), new DurableFileStream(join(work.path, 'missing', 'x.bin')))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
