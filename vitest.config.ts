import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/**
 * Two projects:
 * - `node`: engine, CLI and integration tests. Integration tests start real servers (MariaDB,
 *   Redis, rsync daemons) on loopback, so the pool is kept small: the CI machine has two cores and
 *   each server wants one.
 * - `renderer`: the React UI in jsdom, against a fake bridge (test/renderer/fake-bridge.ts).
 * - `e2e`: the built UI (out/renderer, `npm run build:renderer`) through a real `kura serve` in
 *   headless Chromium, against real MariaDB, Redis and rsync servers. One worker: the journey
 *   starts a browser and three servers, and that is all two cores can take.
 */
export default defineConfig({
  test: {
    // The tests run the built `kura` (out/cli): rebuilt first when a source is newer.
    globalSetup: ['test/harness/build-cli.global.ts'],
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          // test/windows: the Windows job's own (npm run test:windows, vitest.windows*.config.ts).
          exclude: ['test/renderer/**', 'test/e2e/**', 'test/faults/**', 'test/windows/**', 'node_modules/**'],
          pool: 'forks',
          maxWorkers: 2,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          include: ['test/renderer/**/*.test.tsx'],
          environment: 'jsdom',
          setupFiles: ['test/renderer/setup.ts'],
          pool: 'forks',
          maxWorkers: 2,
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          pool: 'forks',
          maxWorkers: 1,
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
