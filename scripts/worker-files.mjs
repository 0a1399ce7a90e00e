/**
 * The worker threads' code: plain CommonJS files started with `new Worker(path)`, each found beside
 * the bundle exactly as it sits beside the module that starts it in the sources
 * (electron/engine/util/worker-path.ts). One list for both builds — out/cli (build-cli.mjs) and
 * out/main (electron.vite.config.ts) — and for electron-builder.yml's asarUnpack, which
 * test/unit/main/electron-builder-config.test.ts checks against it.
 *
 * A module of its own, without a shebang: electron-vite loads its config by prepending lines to every
 * file it imports, which a `#!` first line (build-cli.mjs) does not survive.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export const WORKER_FILES = ['electron/engine/compress/gzip-worker.cjs', 'electron/engine/util/hash-worker.cjs'];

/** Copies every worker file into `outdir`. */
export async function copyWorkers(outdir) {
  await mkdir(outdir, { recursive: true });
  await Promise.all(WORKER_FILES.map((f) => copyFile(join(root, f), join(outdir, basename(f)))));
}
