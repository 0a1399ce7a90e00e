import { defineConfig } from 'vitest/config';

/**
 * `npm run test:faults`: kills servers and tools mid-run, fills a disk, corrupts snapshots. One file
 * at a time: the cases kill processes by name and must not hit another file's servers.
 */
export default defineConfig({
  test: {
    // The tests run the built `kura` (out/cli): rebuilt first when a source is newer.
    globalSetup: ['test/harness/build-cli.global.ts'],
    include: ['test/faults/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
