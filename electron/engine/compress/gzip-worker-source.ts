/**
 * The code each compression worker runs, as a string started with `new Worker(source, { eval: true })`.
 *
 * Why a string and not a `.ts` file next to this one: the engine runs from TypeScript through tsx
 * (CLI, daemon, tests), through vitest, and bundled by electron-vite inside the app. A worker file
 * path would resolve differently in each (and tsx's loader is not inherited by workers on Node 20),
 * while an eval'd CommonJS script needs nothing but Node's own `zlib` and `worker_threads`.
 *
 * Protocol (one task at a time per worker):
 *   in:  { id, input: Uint8Array (transferred), level, verify }
 *   out: { id, output: Uint8Array (transferred) } | { id, error: string }
 * With `verify`, the worker inflates the member it just made and compares it byte for byte with the
 * input: the file then holds only members proven to decode to exactly what mysqldump wrote, which
 * is what lets the backup skip a second full read of the dump.
 *
 * Memory: each task leaves dead buffers behind (the input, zlib's output pieces, the verify copy).
 * Their JS handles are tiny, so V8 would only collect them when a worker's external memory grew by
 * its soft limit (~64 MiB) — per worker. The worker therefore runs a full GC every few tasks: about
 * a millisecond on its nearly empty heap, against ~30 ms (level 6) or ~10 ms (level 1) per task.
 */
export const GZIP_WORKER_SOURCE = `
'use strict';
const { parentPort } = require('node:worker_threads');
const zlib = require('node:zlib');
require('node:v8').setFlagsFromString('--expose-gc');
const collect = require('node:vm').runInNewContext('gc');
const GC_EVERY = 4;
let done = 0;
parentPort.on('message', (task) => {
  try {
    const input = Buffer.from(task.input.buffer, task.input.byteOffset, task.input.byteLength);
    const output = zlib.gzipSync(input, { level: task.level, memLevel: 9 });
    if (task.verify) {
      const back = zlib.gunzipSync(output);
      if (!back.equals(input)) throw new Error('a compressed block did not decode back to its input');
    }
    // Small results live in Buffer's shared pool: copy them into their own memory (a plain
    // Uint8Array, never pooled) so that only this result is transferred.
    const owned = output.byteOffset === 0 && output.buffer.byteLength === output.byteLength;
    const view = owned ? new Uint8Array(output.buffer, 0, output.byteLength) : new Uint8Array(output);
    parentPort.postMessage({ id: task.id, output: view }, [view.buffer]);
  } catch (err) {
    parentPort.postMessage({ id: task.id, error: String((err && err.message) || err) });
  }
  if (++done % GC_EVERY === 0) collect();
});
`;
