#!/usr/bin/env node
/**
 * Builds the `kura` command into out/cli/ (bin/kura.js runs it): one ES module per command, loaded
 * only when that command runs, so `kura --version` starts in about the time Node itself takes.
 *
 * Why esbuild and not a fourth electron-vite target: electron-vite builds main, preload and renderer
 * only; esbuild (already what vite and tsx use) bundles the CLI in ≈ 0.2 s, which lets `npm test`,
 * `npm run kura` and vitest's global setup rebuild it every time instead of trusting a stale copy.
 * Dependencies are bundled (but keytar, native): the installed app and the npm package need no
 * node_modules for the CLI beyond keytar.
 *
 * Plain JavaScript so that it runs with nothing but Node: `node scripts/build-cli.mjs [--quiet] [--if-stale]`.
 * `--if-stale` (vitest's global setup, `npm run kura`) builds only when a source under electron/ or
 * package.json is newer than the last build, so suites running side by side never rebuild the
 * folder under each other's feet.
 */
import { build } from 'esbuild';
import { readdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyWorkers } from './worker-files.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'out', 'cli');
const stamp = join(outdir, '.built');

async function newestSource() {
  let newest = (await stat(join(root, 'package.json'))).mtimeMs;
  const walk = async (dir) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else newest = Math.max(newest, (await stat(p)).mtimeMs);
    }
  };
  await walk(join(root, 'electron'));
  return newest;
}

/**
 * Bundles Node entry points into `outdir` the way the installed `kura` runs (also used by the
 * benchmark, so that what it measures — memory above all — is Kura as shipped, not Kura under tsx,
 * which costs ≈ 60 MB more).
 */
export async function bundleForNode(entryPoints, outdir) {
  await rm(outdir, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    // Node 20.19 is the oldest Node Kura supports (package.json engines); Electron 39 ships Node 22.
    target: 'node20.19',
    outdir,
    chunkNames: 'chunk-[hash]',
    // Dependencies are bundled too: Node's ES module loader costs ≈ 0.1 s per hundred files, and
    // execa and zod alone are hundreds (measured: `kura status` 0.46 → see docs/benchmarks.md).
    // keytar is native (loaded from node_modules, unpacked from app.asar); esbuild is only for the
    // test page of `kura serve` (KURA_SERVE_TEST); ws' two speed-ups and ssh2's (cpu-features, its
    // sshcrypto.node) are optional native modules it loads in a try/catch, never built here.
    external: ['keytar', 'esbuild', 'bufferutil', 'utf-8-validate', 'cpu-features', '*.node'],
    // CommonJS dependencies call require() for Node's own modules and read __dirname/__filename (ssh2's
    // WebAssembly poly1305 does at load); ES module output has none of them.
    banner: {
      js:
        "import { createRequire as __kuraCreateRequire } from 'node:module'; import { fileURLToPath as __kuraPath } from 'node:url'; import { dirname as __kuraDir } from 'node:path'; " +
        'const require = __kuraCreateRequire(import.meta.url); const __filename = __kuraPath(import.meta.url); const __dirname = __kuraDir(__filename);',
    },
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  });
  // The worker threads' .cjs files go beside the bundle (worker-files.mjs).
  await copyWorkers(outdir);
}

/** Builds out/cli; returns false when `ifStale` found it up to date. */
export async function buildCli({ quiet = false, ifStale = false } = {}) {
  const started = Date.now();
  if (ifStale) {
    const built = await stat(stamp).then((s) => s.mtimeMs, () => 0);
    if (built > (await newestSource())) return false;
  }
  await bundleForNode({ kura: 'electron/cli/kura.ts' }, outdir);
  await writeFile(stamp, new Date().toISOString() + '\n');
  if (!quiet) console.log(`out/cli built in ${Date.now() - started} ms`);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  await buildCli({ quiet: process.argv.includes('--quiet'), ifStale: process.argv.includes('--if-stale') });
}
