/**
 * `kura daemon` and `kura status` through the real CLI: the daemon schedules a job, runs it on a
 * seconds-field schedule with real rsync, logs one line per event, and stops cleanly on SIGTERM;
 * `kura status --json` then reads the health from the state file the daemon left.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startProcess } from '../../../electron/engine/process/run-process.js';
import { KURA_BIN, runKura } from '../../harness/kura-cli.js';
import { tempDir } from '../../harness/tmp.js';

describe('kura daemon and kura status', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  beforeEach(async () => {
    dir = await tempDir('kura-daemon-');
    await mkdir(join(dir.path, 'backups')); // the backup disk exists before a job uses it
  });
  afterEach(async () => {
    await dir.cleanup();
  });

  it('runs scheduled backups in the foreground, stops on SIGTERM, and status reports them', async () => {
    const home = join(dir.path, 'home');
    await mkdir(join(dir.path, 'site'), { recursive: true });
    await writeFile(join(dir.path, 'site', 'index.html'), 'shop');
    await mkdir(home, { recursive: true });
    await writeFile(
      join(home, 'config.json'),
      JSON.stringify({
        version: 1,
        jobs: [{ id: 'shop', name: 'Shop', destination: { path: join(dir.path, 'backups') }, sources: [{ id: 'site', type: 'files', from: join(dir.path, 'site') + '/' }], schedule: { cron: '*/2 * * * * *', timezone: 'UTC' } }],
        settings: { language: 'en' },
      }),
    );
    const env = { KURA_HOME: home };
    const lines: string[] = [];
    const p = startProcess({ file: process.execPath, args: [KURA_BIN, 'daemon'], env }, { stdout: 'lines', onStdoutLine: (l) => lines.push(l) });
    const t0 = Date.now();
    while (!lines.some((l) => /job shop: run \S+ \(schedule\) success/.test(l)) && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 100));
    // Status while the daemon keeps the 2-second schedule going (once it stops, the job is overdue within seconds).
    const status = await runKura(['status', '--json'], env);
    expect(status.code).toBe(0);
    expect(status.json).toMatchObject({ paused: false, jobs: [{ jobId: 'shop', health: expect.stringMatching(/^(ok|running)$/) }] });
    const text = await runKura(['status'], env);
    expect(text.stdout).toMatch(/Shop \(shop\): (Backed up|Backing up…)/);

    p.kill('SIGTERM');
    const r = await p.result;
    expect(r.exitCode).toBe(0);
    expect(lines.some((l) => /INFO {2}scheduler started: 1 job\(s\)/.test(l))).toBe(true);
    expect(lines.some((l) => /job shop: run \S+ \(schedule\) success/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/stopped$/);
    // One line per event: the run's start is not logged twice.
    const starts = lines.filter((l) => l.includes('job shop: run started (schedule)'));
    const finishes = lines.filter((l) => /job shop: run \S+ \(schedule\) /.test(l));
    expect(starts.length).toBeGreaterThanOrEqual(finishes.length);
    expect(starts.length).toBeLessThanOrEqual(finishes.length + 1);
    // After a clean stop nothing is left running.
    const after = await runKura(['status', '--json'], env);
    expect(after.json).toMatchObject({ jobs: [{ jobId: 'shop', running: null }] });
  });
});
