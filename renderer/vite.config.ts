/**
 * Standalone build of the renderer: `npx vite build renderer` → out/renderer. The Electron build
 * (electron.vite.config.ts) points at the same folder; `kura serve` serves out/renderer.
 * `base: './'` because Electron loads the page from file:// and serve may mount it under a path.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: `${import.meta.dirname}/../out/renderer`,
    emptyOutDir: true,
    target: 'es2022',
  },
});
