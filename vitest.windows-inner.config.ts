import { defineConfig } from 'vitest/config';

/**
 * Run by the Windows job under the Windows build of Node.js (test/windows/unit-tests.test.ts starts
 * it through Wine): the unit tests, and the Windows-only tests under test/windows/inner (cwRsync's
 * command line, tool lookup, file locks). Tests that need a Linux tool (sh, gzip, rsync, the MariaDB
 * client) skip themselves there with the reason.
 */
export default defineConfig({
  test: {
    // One group at a time when the Windows job says which (test/windows/unit-tests.test.ts), else all.
    include: process.env['KURA_WIN_INNER_INCLUDE']?.split(';') ?? ['test/unit/**/*.test.ts', 'test/windows/inner/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
