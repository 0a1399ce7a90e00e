/**
 * Where a worker thread's plain .cjs file is, for the pools that start one (compress/worker-pool.ts,
 * util/hash-worker-pool.ts).
 *
 * Each worker file sits beside the module that starts it in the sources (vitest runs those) and beside
 * the bundle in out/cli and out/main (scripts/worker-files.mjs copies every file of its WORKER_FILES
 * there, for both builds), so one URL relative to the caller's own module finds it in all three.
 * Inside the installed app the bundle is in app.asar, which a worker thread cannot read:
 * electron-builder unpacks the workers to app.asar.unpacked (electron-builder.yml), the path
 * Electron's own docs give.
 */
import { fileURLToPath } from 'node:url';

/** `fileName` beside the module whose `import.meta.url` is `moduleUrl`, outside app.asar. */
export function workerScriptPath(fileName: string, moduleUrl: string): string {
  return fileURLToPath(new URL(`./${fileName}`, moduleUrl)).replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}
