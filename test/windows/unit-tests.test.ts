/**
 * The unit tests and test/windows/inner under the Windows build of Node.js (vitest itself runs
 * there, esbuild.exe and all). Passes when the inner run has no failure; the failures are listed.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runWindowsNode, windowsJob, winPath } from './wine.js';

const job = windowsJob();

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  testResults: { name: string; assertionResults: { fullName: string; status: string; failureMessages: string[] }[] }[];
}

describe.skipIf(!job)('Kura under Windows Node (Wine)', () => {
  it('passes the unit tests and the Windows-only tests', async () => {
    const report = join(job!.app, '.tmp', 'windows-inner.json');
    await rm(report, { force: true });
    await rm(join(import.meta.dirname, '..', '..', '.tmp', 'windows-inner.json'), { force: true });
    const r = await runWindowsNode(
      job!,
      ['node_modules\\vitest\\vitest.mjs', 'run', '--config', 'vitest.windows-inner.config.ts', '--reporter=json', `--outputFile=${winPath(report)}`],
      { KURA_WIN_FAKE_RSYNC: winPath(job!.fakeRsync), KURA_WIN_HOLD_FILE: winPath(job!.holdFile), NO_COLOR: '1' },
      { timeoutMs: 420_000 },
    );
    const text = await readFile(report, 'utf8');
    const json = JSON.parse(text) as VitestJson;
    // For .ci/run's closing count: the tests that ran under Windows Node.
    await mkdir(join(import.meta.dirname, '..', '..', '.tmp'), { recursive: true });
    await writeFile(join(import.meta.dirname, '..', '..', '.tmp', 'windows-inner.json'), text);
    const failures = json.testResults.flatMap((f) =>
      f.assertionResults
        .filter((t) => t.status === 'failed')
        .map((t) => `${f.name.replace(/^.*?(test[\\/])/, '$1')} › ${t.fullName}: ${(t.failureMessages[0] ?? '').split('\n')[0]}`),
    );
    // The totals, for the CI summary (read by .ci/run).
    console.log(`Windows unit tests: ${json.numPassedTests} passed, ${json.numFailedTests} failed, ${json.numPendingTests} skipped`);
    expect(failures, r.stderr.slice(-4000)).toEqual([]);
    expect(json.numPassedTests).toBeGreaterThan(400);
  });
});
