/**
 * electron-vite 5: main (ESM, dependencies left to node_modules — keytar is native), preload
 * (CommonJS in one file: a sandboxed preload cannot load ESM or require from node_modules, so its
 * few imports are bundled in), renderer (the React UI under renderer/, built to out/renderer,
 * which `kura serve` also serves). The `kura` command is built beside them into out/cli by
 * scripts/build-cli.mjs (`npm run build` runs both).
 */
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { copyWorkers } from './scripts/worker-files.mjs';

const root = import.meta.dirname;

/** The worker threads' .cjs files (gzip, hashing) go beside the bundle that starts them. */
const copyWorkerFiles = {
  name: 'kura-copy-workers',
  writeBundle: () => copyWorkers(resolve(root, 'out/main')),
};

export default defineConfig({
  main: {
    plugins: [copyWorkerFiles],
    build: {
      outDir: 'out/main',
      externalizeDeps: { include: ['keytar'] },
      rollupOptions: { input: { index: resolve(root, 'electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      rollupOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
