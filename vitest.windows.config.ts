import { defineConfig } from 'vitest/config';

/**
 * `npm run test:windows` (test/windows/run.sh prepares Wine, the Windows Node and the project copy,
 * then runs this): Linux-side tests that start Kura's Windows build under Wine. One file at a time:
 * each Windows program wants a core, and the unit tests under Windows use both.
 */
export default defineConfig({
  test: {
    include: ['test/windows/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 1_500_000,
    hookTimeout: 120_000,
  },
});
