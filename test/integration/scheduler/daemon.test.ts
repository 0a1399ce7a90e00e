/**
 * `kura daemon` end to end: the headless scheduler runs a 1-second schedule against a real MariaDB,
 * never overlaps runs, and stops cleanly on SIGTERM (no lock, no .partial, no run left "running").
 */
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeychainSecretStore } from '../../../electron/engine/secrets/keychain-secret-store.js';
import { startMariaDb, type MariaDbServer } from '../../harness/mariadb.js';
import { runKura, startKura } from '../../harness/kura-cli.js';
import { tempDir } from '../../harness/tmp.js';
import { readLock } from '../../../electron/engine/jobs/job-lock.js';

const PW = 'daemon-' + Math.random().toString(36).slice(2);

describe('kura daemon', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let db: MariaDbServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    work = await tempDir('kura-daemon-');
    db = await startMariaDb();
    await db.sql('CREATE DATABASE shop; CREATE TABLE shop.t (id INT PRIMARY KEY); INSERT INTO shop.t VALUES (1),(2),(3);');
    await db.sql(`CREATE USER 'backup'@'%' IDENTIFIED BY '${PW}'; GRANT SELECT, SHOW VIEW, TRIGGER, LOCK TABLES, EVENT ON shop.* TO 'backup'@'%';`);
    const home = join(work.path, 'home');
    await mkdir(home);
    env = { KURA_HOME: home };
    await createKeychainSecretStore().set('daemon-mysql', PW);
    await writeFile(
      join(home, 'config.json'),
      JSON.stringify({
        version: 1,
        jobs: [
          {
            id: 'shop',
            name: 'Every second',
            destination: { path: join(work.path, 'backups') },
            sources: [{ id: 'db', type: 'mysql', host: '127.0.0.1', port: db.port, user: 'backup', passwordRef: 'daemon-mysql', databases: ['shop'] }],
            schedule: { cron: '* * * * * *' },
            retention: { keepLast: 3, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 },
          },
        ],
      }),
    );
  });
  afterAll(async () => {
    await db?.stop();
    await work?.cleanup();
  });

  it('runs a 1-second schedule and stops cleanly on SIGTERM', async () => {
    const daemon = startKura(['daemon'], env);
    const historyFile = join(env['KURA_HOME']!, 'history', 'shop.jsonl');
    const successes = async () =>
      (await readFile(historyFile, 'utf8').catch(() => ''))
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { runId: string; status: string; startedAt: string; finishedAt: string | null })
        .filter((r) => r.status === 'success');
    const deadline = Date.now() + 30_000;
    while ((await successes()).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const done = await successes();
    expect(done.length).toBeGreaterThanOrEqual(3);
    // Never two at once: each run starts after the previous one finished.
    const sorted = [...done].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.startedAt >= sorted[i - 1]!.finishedAt!).toBe(true);

    const t0 = Date.now();
    daemon.kill('SIGTERM');
    const r = await daemon.result;
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Kura daemon/);
    expect(r.stdout).toMatch(/stopped/);
    expect(r.stdout.split('\n').filter((l) => /success|finished|ok/i.test(l)).length).toBeGreaterThanOrEqual(1);

    expect(await readLock(env['KURA_HOME']!, 'shop')).toBeNull();
    const jobDir = join(work.path, 'backups', 'shop');
    expect((await readdir(jobDir)).filter((n) => n.includes('.'))).toEqual([]);
    const history = (await runKura(['history', 'shop', '--json'], env)).json as Array<{ status: string }>;
    expect(history.filter((h) => h.status === 'running')).toEqual([]);
    expect((await runKura(['snapshots', 'shop', '--json'], env)).json).toHaveLength(3);
  });
});
