/**
 * Every run counts for the health model, whoever started it: `kura run` in a terminal changes what
 * `kura status` says and what a running app's tray shows (through the run history), exactly like a
 * scheduled run would.
 */
import { mkdir, writeFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../electron/engine/engine.js';
import { runProcess } from '../../../electron/engine/process/run-process.js';
import { createMemorySecretStore } from '../../../electron/engine/secrets/secret-store.js';
import { createEngineScheduler } from '../../../electron/service/engine-scheduler.js';
import { runKura } from '../../harness/kura-cli.js';
import { tempDir } from '../../harness/tmp.js';

let work: { path: string; cleanup: () => Promise<void> };
let env: Record<string, string>;
let site: string;

beforeAll(async () => {
  work = await tempDir('kura-status-run-');
  await mkdir(join(work.path, 'backups'));
  site = join(work.path, 'site');
  await mkdir(site);
  await writeFile(join(site, 'index.html'), 'shop');
  const home = join(work.path, 'home');
  await mkdir(home);
  env = { KURA_HOME: home };
  const job = { id: 'shop', name: 'Shop', destination: { path: join(work.path, 'backups') }, sources: [{ id: 'www', type: 'files', from: site + '/' }], schedule: { cron: '0 3 * * *', timezone: 'UTC' } };
  await writeFile(join(home, 'config.json'), JSON.stringify({ version: 1, jobs: [job] }));
});
afterAll(() => work?.cleanup());

interface StatusJson {
  overall: { health: string };
  jobs: Array<{ health: string; lastResult: { trigger: string; status: string } | null; lastSuccessAt: string | null }>;
}

describe('health from runs the scheduler did not start', () => {
  it('kura status reflects kura run: success, then a failure, then success again', async () => {
    const before = await runKura(['status', '--json'], env);
    expect((before.json as StatusJson).jobs[0]!.health).toBe('never');

    const ok = await runKura(['run', 'shop'], env);
    expect(ok.code, ok.stderr).toBe(0);
    const afterOk = await runKura(['status', '--json'], env);
    expect(afterOk.code).toBe(0);
    expect((afterOk.json as StatusJson).jobs[0]).toMatchObject({ health: 'ok', lastResult: { trigger: 'cli', status: 'success' } });

    await rm(site, { recursive: true });
    const bad = await runKura(['run', 'shop'], env);
    expect(bad.code).toBe(1);
    const afterBad = await runKura(['status', '--json'], env);
    expect(afterBad.code).toBe(1);
    expect((afterBad.json as StatusJson).jobs[0]).toMatchObject({ health: 'failed', lastResult: { trigger: 'cli', status: 'failed' } });
    expect((afterBad.json as StatusJson).jobs[0]!.lastSuccessAt).not.toBeNull();

    await mkdir(site);
    await writeFile(join(site, 'index.html'), 'shop');
    expect((await runKura(['run', 'shop'], env)).code).toBe(0);
    expect(((await runKura(['status', '--json'], env)).json as StatusJson).jobs[0]!.health).toBe('ok');
  });

  it("a running app's scheduler (the tray's model) picks up a kura run made in a terminal", async () => {
    const notices: unknown[] = [];
    const engine = createEngine({ home: env['KURA_HOME']!, secrets: createMemorySecretStore() });
    const scheduler = createEngineScheduler({
      engine: async () => engine,
      home: env['KURA_HOME']!,
      notifier: { notify: (n) => notices.push(n) },
      logger: { log: () => {} },
      settings: () => ({ language: 'en', notifications: 'all', catchUpDelaySeconds: 120 }),
      options: { watchdogIntervalMs: 200 },
    });
    await scheduler.start();
    try {
      expect(scheduler.health().jobs[0]!.health).toBe('ok');
      await rm(site, { recursive: true });
      expect((await runKura(['run', 'shop'], env)).code).toBe(1);
      await expect.poll(() => scheduler.health().jobs[0]!.health, { timeout: 5000 }).toBe('failed');
      expect(scheduler.health().jobs[0]!.lastResult).toMatchObject({ trigger: 'cli', status: 'failed' });
    } finally {
      await scheduler.stop();
      await mkdir(site, { recursive: true });
      await writeFile(join(site, 'index.html'), 'shop');
    }
  });
});

describe('output to a closed pipe', () => {
  it('kura run | true: the backup still finishes, with its exit code and no stack trace', async () => {
    const bin = resolve(import.meta.dirname, '../../../bin/kura.js');
    const r = await runProcess({
      file: 'bash',
      // The reader exits before Kura writes a byte: every write fails with EPIPE.
      args: ['-c', `"${process.execPath}" "${bin}" run shop | true; echo "kura exit $\{PIPESTATUS[0]}" >&2`],
      env,
    });
    expect(r.stderr).not.toMatch(/EPIPE|Error:|at .*\.js:\d+/);
    expect(r.stderr).toMatch(/kura exit 0/);
    const history = (await runKura(['history', 'shop', '--json'], env)).json as Array<{ status: string }>;
    expect(history.at(-1)!.status).toBe('success');
  });
});

