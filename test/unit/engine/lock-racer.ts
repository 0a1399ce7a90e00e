/**
 * One contender in the job-lock race (test/unit/engine/job-lock.test.ts): waits for the start
 * signal, tries to take the lock, and when it wins records its turn — entering, holding for a
 * moment, leaving — in a shared log that the test checks for overlaps.
 *   node lock-racer.mjs <home> <goFile> <logFile> <name>   (bundled by the test: test/harness/child-bundle.ts)
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { acquireJobLock } from '../../../electron/engine/jobs/job-lock.js';

const [home, goFile, logFile, name] = process.argv.slice(2) as [string, string, string, string];
writeFileSync(`${goFile}.ready-${name}`, '');
while (!existsSync(goFile)) await sleep(2);
try {
  const lock = await acquireJobLock(home, 'shop', name, new Date());
  appendFileSync(logFile, `enter ${name} ${process.hrtime.bigint()}\n`);
  await sleep(150);
  appendFileSync(logFile, `leave ${name} ${process.hrtime.bigint()}\n`);
  await lock.release();
  process.exitCode = 0;
} catch (err) {
  process.exitCode = (err as { code?: string }).code === 'job-locked' ? 3 : 1;
  if (process.exitCode === 1) console.error(err);
}
