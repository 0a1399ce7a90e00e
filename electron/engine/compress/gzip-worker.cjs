/**
 * The code each compression worker runs (worker-pool.ts starts it with `new Worker(url)`).
 *
 * Why plain CommonJS and not TypeScript: the engine runs from its sources under vitest, from
 * out/cli (the built `kura`) and from out/main (the app), and a worker is a fresh Node instance that
 * no TypeScript loader reaches. A .cjs file needs nothing but Node's own `zlib` and `worker_threads`,
 * and it sits beside worker-pool.ts in the sources and beside the bundle in out/cli and out/main
 * (scripts/build-cli.mjs and electron.vite.config.ts copy it), so one relative URL finds it in all
 * three. In the installed app it is unpacked from app.asar (electron-builder.yml: asarUnpack), because
 * a worker thread cannot read a file inside the archive.
 *
 * Protocol (one task at a time per worker):
 *   in:  { id, input: Uint8Array (transferred), level, verify }
 *   out: { id, output: Uint8Array (transferred), input: ArrayBuffer (transferred back) } | { id, error: string }
 * With `verify`, the worker inflates the member it just made and compares it byte for byte with the
 * input: the file then holds only members proven to decode to exactly what mysqldump wrote, which
 * is what lets the backup skip a second full read of the dump.
 *
 * Memory: each task leaves dead buffers behind (the input, zlib's output, the verify copy). Their JS
 * handles are tiny, so V8 would only collect them when a worker's external memory grew by its soft
 * limit (~64 MiB) — per worker. The handles are young objects, so a minor GC (scavenge) after each
 * task frees their memory at once; it costs microseconds on a nearly empty young generation. A full
 * GC every 4 tasks (the first version) did the same for ~4 s of CPU per GB of dump, most of it on
 * V8's helper threads (measured per thread on a 1.17 GB dump: 4.3 s → 0.5 s, peak RSS 182 → 176 MB).
 * The verify inflates into one buffer of the block's size (+1 KiB, so it never needs a second),
 * instead of zlib's 16 KiB pieces joined afterwards: about 20 % less verify time.
 */
'use strict';
const { parentPort } = require('node:worker_threads');
const zlib = require('node:zlib');
require('node:v8').setFlagsFromString('--expose-gc');
const collect = require('node:vm').runInNewContext('gc');
parentPort.on('message', (task) => {
  try {
    const input = Buffer.from(task.input.buffer, task.input.byteOffset, task.input.byteLength);
    const output = zlib.gzipSync(input, { level: task.level, memLevel: 9 });
    if (task.verify) {
      const back = zlib.gunzipSync(output, { chunkSize: input.length + 1024 });
      if (!back.equals(input)) throw new Error('a compressed block did not decode back to its input');
    }
    // Small results live in Buffer's shared pool: copy them into their own memory (a plain
    // Uint8Array, never pooled) so that only this result is transferred.
    const owned = output.byteOffset === 0 && output.buffer.byteLength === output.byteLength;
    const view = owned ? new Uint8Array(output.buffer, 0, output.byteLength) : new Uint8Array(output);
    // The input's memory goes back too and the next block is copied into it, instead of into fresh
    // memory the kernel must fault in page by page (measured on 256 MB: 44k → 41k minor faults; a
    // small gain, the rest are zlib's own buffers).
    parentPort.postMessage({ id: task.id, output: view, input: task.input.buffer }, [view.buffer, task.input.buffer]);
  } catch (err) {
    parentPort.postMessage({ id: task.id, error: String((err && err.message) || err) });
  }
  collect({ type: 'minor' });
});
