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
    // Not under Wine (each runs on Linux in npm test; what is Windows-specific in them is named):
    // - restore-journal: its eight-process races start child Nodes through tsx, which fail to start
    //   under Wine (STACK_TRACE_ERROR) — the journal's atomic create is the same code as job-lock's,
    //   whose process races do run here;
    // - age/ and storage/: the age format and the S3 location's pure parts; with them the inner run
    //   stopped with "wineserver crashed" and never finished (2026-12-06, cause not found yet: an open
    //   question for the Windows issue, not a Windows behaviour Kura relies on being untested).
    exclude: ['test/unit/restore/restore-journal.test.ts', 'test/unit/age/**', 'test/unit/storage/**'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
