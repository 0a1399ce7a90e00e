import { defineConfig } from 'vitest/config';

/**
 * `npm run test:faults`: kills servers and tools mid-run, fills a disk, corrupts snapshots. One file
 * at a time: the cases kill processes by name and must not hit another file's servers.
 */
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
