/**
 * The unit tests and test/windows/inner under the Windows build of Node.js (vitest itself runs
 * there, esbuild.exe and all). Passes when the inner run has no failure; the failures are listed.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, matchesGlob } from 'node:path';
import { describe, expect, it } from 'vitest';
import { againOnWineFailure, runWindowsNode, windowsJob, winPath } from './wine.js';

const job = windowsJob();

/** The inner run's groups (globs, as vitest.windows-inner.config.ts reads them from KURA_WIN_INNER_INCLUDE). */
const INNER_GROUPS: string[][] = [
  ['test/unit/tools/**/*.test.ts'],
  ['test/unit/messages/**/*.test.ts', 'test/unit/{engine,process,compress}/**/*.test.ts'],
  ['test/unit/{main,scheduler,service,server}/**/*.test.ts'],
  ['test/unit/{cli,config,server-setup,restore,offsite,snapshot,age,storage}/**/*.test.ts'],
  ['test/windows/inner/**/*.test.ts'],
];

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  testResults: { name: string; status: string; message?: string; assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[];
}

describe('the Windows inner run\'s groups', () => {
  it('cover every folder of test/unit (a new folder would otherwise never run under Windows)', async () => {
    const root = join(import.meta.dirname, '..', 'unit');
    const folders = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
    const uncovered = folders.filter((f) => !INNER_GROUPS.flat().some((g) => matchesGlob(`test/unit/${f}/x/y.test.ts`, g)));
    expect(uncovered).toEqual([]);
  });
});

describe.skipIf(!job)('Kura under Windows Node (Wine)', () => {
  it('passes the unit tests and the Windows-only tests', async () => {
    await rm(join(import.meta.dirname, '..', '..', '.tmp', 'windows-inner.json'), { force: true });
    const total: VitestJson = { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, testResults: [] };
    const stderrs: string[] = [];
    // One Windows Node per group: a crash of Wine's server (below) then costs one group, not the run.
    // KURA_WIN_GROUPS=1,3 runs only those groups (to look into one; the job runs all).
    const only = process.env['KURA_WIN_GROUPS']?.split(',').map(Number);
    for (const [i, group] of INNER_GROUPS.entries()) {
      if (only && !only.includes(i)) continue;
      const report = join(job!.app, '.tmp', `windows-inner-${i}.json`);
      const run = async () => {
        await rm(report, { force: true });
        return runWindowsNode(
          job!,
          ['node_modules\\vitest\\vitest.mjs', 'run', '--config', 'vitest.windows-inner.config.ts', '--reporter=verbose', '--reporter=json', `--outputFile.json=${winPath(report)}`],
          { KURA_WIN_FAKE_RSYNC: winPath(job!.fakeRsync), KURA_WIN_HOLD_FILE: winPath(job!.holdFile), KURA_WIN_INNER_INCLUDE: group.join(';'), NO_COLOR: '1' },
          { timeoutMs: 300_000, keepOutputAs: join(job!.app, '.tmp', `windows-inner-${i}.log`) },
        );
      };
      // Wine's server crashing is Wine's failure, not Kura's (WineServerCrashed): that group runs once
      // more on a fresh server, and the job says so. A run that finished is never run again, whatever
      // its failures; a second crash fails the job.
      const r = await againOnWineFailure(`Windows unit tests, group ${i}`, run);
      stderrs.push(r.stderr.slice(-1000));
      const json = JSON.parse(await readFile(report, 'utf8')) as VitestJson;
      total.numPassedTests += json.numPassedTests;
      total.numFailedTests += json.numFailedTests;
      total.numPendingTests += json.numPendingTests;
      total.testResults.push(...json.testResults);
    }
    // For .ci/run's closing count: the tests that ran under Windows Node.
    await mkdir(join(import.meta.dirname, '..', '..', '.tmp'), { recursive: true });
    await writeFile(join(import.meta.dirname, '..', '..', '.tmp', 'windows-inner.json'), JSON.stringify({ ...total, numTodoTests: 0 }));
    const shortName = (name: string) => name.replace(/^.*?(test[\\/])/, '$1');
    const failures = total.testResults.flatMap((f) => {
      const failed = f.assertionResults.filter((t) => t.status === 'failed').map((t) => `${shortName(f.name)} › ${t.fullName}: ${(t.failureMessages[0] ?? '').split('\n')[0]}`);
      // A file can fail with every test passed (a hook that threw, an import that failed): vitest counts
      // no failed test then, and such a file once went by as "0 failed" (file-list-check, 20:52 UTC 2026-12-07).
      return failed.length > 0 || f.status !== 'failed' ? failed : [`${shortName(f.name)}: ${(f.message ?? 'failed').split('\n')[0]}`];
    });
    // The totals, for the CI summary (read by .ci/run).
    console.log(`Windows unit tests: ${total.numPassedTests} passed, ${total.numFailedTests} failed, ${total.numPendingTests} skipped`);
    expect(failures, stderrs.join('\n').slice(-4000)).toEqual([]);
    if (!only) expect(total.numPassedTests).toBeGreaterThan(400);
  });
});
