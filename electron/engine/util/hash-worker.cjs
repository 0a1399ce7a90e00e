/**
 * The code each hashing worker runs (hash-worker-pool.ts starts it with `new Worker(path)`): the
 * sha256 of one regular file at a time, read with synchronous open/read/close.
 *
 * Why a worker and synchronous reads: on the main thread every asynchronous open, read and close is a
 * round trip through libuv's thread pool (≈ 20 µs each on the benchmark's VM — on a tree of small
 * files as much main-thread time as a third of the hashing itself), and all hashing was serialized on
 * the one JS thread. Synchronous reads cost no round trip, but on the main thread a read hung on a NAS
 * would freeze the daemon; here it blocks only this worker, and the caller's cancel still returns.
 *
 * Why plain CommonJS: see compress/gzip-worker.cjs (a worker is a fresh Node instance no TypeScript
 * loader reaches; util/worker-path.ts finds this file in the sources, out/cli, out/main and the
 * installed app).
 *
 * Protocol (requests are answered in the order they came):
 *   workerData: { cancel: SharedArrayBuffer } — Int32 flags; flag `k` holding a request's id cancels it
 *   in:  { id, path: string | Uint8Array (the name's exact bytes), expected: number | -1, flag: k }
 *   out: { id, sha256, bytes } | { id, cancelled: true } | { id, error: { message, code, errno, syscall, path } }
 * An answer is sent only once the file is closed: a cancelled request's file is closed when the caller
 * hears of it.
 */
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { closeSync, openSync, readSync } = require('node:fs');
const { createHash } = require('node:crypto');

/** One buffer, read into again for every file (see hash-entry.ts for what fresh buffers cost). */
const READ_BYTES = 1024 * 1024;
const buf = Buffer.allocUnsafeSlow(READ_BYTES);
const cancel = new Int32Array(workerData.cancel);

/** The sha256 and length of one file, or null once its request is cancelled. */
function hashFile(task, fd) {
  const hash = createHash('sha256');
  let bytes = 0;
  for (;;) {
    const n = readSync(fd, buf, 0, READ_BYTES, null);
    if (n === 0) break;
    hash.update(buf.subarray(0, n));
    bytes += n;
    // Checked after every read: a cancelled 1 GB file stops within one more read.
    if (Atomics.load(cancel, task.flag) === task.id) return null;
    // A short read at exactly the expected length is the end (a file read to its end before).
    if (n < READ_BYTES && bytes === task.expected) break;
  }
  return { sha256: hash.digest('hex'), bytes };
}

parentPort.on('message', (task) => {
  let answer;
  let fd = -1;
  try {
    if (Atomics.load(cancel, task.flag) === task.id) {
      answer = { id: task.id, cancelled: true };
    } else {
      const path = typeof task.path === 'string' ? task.path : Buffer.from(task.path.buffer, task.path.byteOffset, task.path.byteLength);
      fd = openSync(path, 'r');
      const got = hashFile(task, fd);
      answer = got ? { id: task.id, sha256: got.sha256, bytes: got.bytes } : { id: task.id, cancelled: true };
    }
  } catch (err) {
    const e = err || {};
    answer = { id: task.id, error: { message: String(e.message || e), code: e.code, errno: e.errno, syscall: e.syscall, path: e.path } };
  }
  if (fd >= 0) {
    try {
      closeSync(fd);
    } catch {
      // A failed close of a file only read loses nothing (the old asynchronous code ignored it too).
    }
  }
  parentPort.postMessage(answer);
});
