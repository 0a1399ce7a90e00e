import { defineConfig } from 'vitest/config';

/**
 * Integration tests start real servers (MariaDB, Redis, rsync daemons) on loopback, so the
 * pool is kept small: the CI machine has two cores and each server wants one.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/renderer/**', 'test/e2e/**', 'test/faults/**', 'node_modules/**'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
