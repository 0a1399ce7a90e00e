/**
 * `kura restore` of a MySQL database killed with SIGKILL (a crash, a power cut) at the dangerous
 * moments — in the middle of the import, in the middle of the safety dump — and what the next Kura
 * process makes of it: `kura status` reports the unfinished restore and exits 1, every command warns,
 * a new restore of the same database is refused, and `--roll-back` brings back exactly the data from
 * before the restore (CHECKSUM TABLE) while `--finish` brings the snapshot's. Plus hostile journals:
 * truncated, garbage, naming a folder outside the job's own, a safety dump symlinked elsewhere — and
 * two restores of one database at once.
 */
import { mkdir, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { descendants } from '../harness/rsyncd.js';
import { runKura, startKura } from '../harness/kura-cli.js';
import { createShop, type Shop } from './fixture.js';

async function waitFor(what: string, cond: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function cmdline(pid: number): Promise<string> {
  return readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
}

/** Bytes a process has read (pipes included): how far the mysql client got into the dump. */
async function bytesRead(pid: number): Promise<number> {
  const io = await readFile(`/proc/${pid}/io`, 'utf8').catch(() => '');
  return Number(/^rchar: (\d+)$/m.exec(io)?.[1] ?? 0);
}

function killTree(pid: number): void {
  for (const p of [...descendants(pid), pid]) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

describe('faults: kura killed during a MySQL restore', () => {
  let shop: Shop;
  let atBackup: Record<string, string>;
  /** The snapshot every restore here uses (later runs add snapshots of other states). */
  let firstSnapshot: string;
  const journalId = () => `mysql-127.0.0.1-${shop.db.port}-shop`;
  const journalFile = () => join(shop.home, 'restores', `${journalId()}.json`);
  const journal = async () => JSON.parse(await readFile(journalFile(), 'utf8')) as { step: string; touched: boolean };
  const jobRoot = () => join(shop.dest, 'shop');

  /** CHECKSUM TABLE of every base table of `shop`, by name. */
  async function checksums(): Promise<Record<string, string>> {
    const tables = (await shop.db.sql("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'shop' AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1")).trim().split('\n').filter(Boolean);
    const out: Record<string, string> = {};
    for (const line of (await shop.db.sql(`CHECKSUM TABLE ${tables.map((t) => `\`${t}\``).join(', ')}`, 'shop')).trim().split('\n')) {
      const [name, sum] = line.split('\t');
      out[name!] = sum!;
    }
    return out;
  }

  /** The database after the backup: some rows changed, some gone, a table added. */
  async function changeSinceBackup(tag: string): Promise<Record<string, string>> {
    await shop.db.sql(
      `UPDATE orders SET note = CONCAT('${tag} ', note) WHERE id % 5 = 0; DELETE FROM orders WHERE id % 11 = 0;
       DROP TABLE IF EXISTS extra; CREATE TABLE extra (id INT PRIMARY KEY, v VARCHAR(20)); INSERT INTO extra VALUES (1, '${tag}'), (2, 'kept');`,
      'shop',
    );
    return checksums();
  }

  /** Starts `kura restore … --yes` and kills it (and its children) once the import has sent `bytes` of SQL. */
  async function killDuringImport(bytes = 3 * 1024 * 1024): Promise<void> {
    const run = startKura(['restore', 'shop', firstSnapshot, '--source', 'db', '--yes', '--json'], shop.env);
    // The import runs one client per table stream (parallel restore): what they have read, together.
    const importers = new Map<number, number>();
    await waitFor('the import to send a few MiB', async () => {
      for (const p of descendants(run.pid!)) if (!importers.has(p) && (await cmdline(p)).includes('--binary-mode')) importers.set(p, 0);
      for (const p of importers.keys()) importers.set(p, Math.max(importers.get(p)!, await bytesRead(p)));
      return [...importers.values()].reduce((a, b) => a + b, 0) > bytes;
    });
    expect((await journal()).step).toBe('import');
    killTree(run.pid!);
    expect((await run.result).signal).toBe('SIGKILL');
  }

  beforeAll(async () => {
    shop = await createShop({ dbMiB: 24, redisMiB: 1, siteMiB: 1 });
    // The restore runs as the configured account: it needs the rights to recreate the database.
    await shop.db.sql("GRANT ALL ON *.* TO 'backup'@'%';");
    const first = await runKura(['run', 'shop', '--json'], shop.env);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    atBackup = await checksums();
    firstSnapshot = Object.keys(await shop.snapshotState())[0]!;
  }, 300_000);

  afterAll(async () => {
    await shop?.cleanup();
  });

  it('killed mid-import: status reports it (exit 1), every command warns, a new restore is refused; --roll-back brings back exactly the data from before', async () => {
    const before = await changeSinceBackup('rollback-case');
    expect(before).not.toEqual(atBackup);
    await killDuringImport();
    const half = await checksums();
    expect(half).not.toEqual(before); // really half restored: the import had replaced tables

    const status = await runKura(['status', '--json'], shop.env);
    expect(status.code).toBe(1);
    const report = status.json as { overall: { health: string; sentence: { code: string; text: string } }; restores: Array<Record<string, unknown>> };
    expect(report.overall.health).toBe('failed');
    expect(report.overall.sentence.text).toMatch(/interrupted during the import: it may be half restored/);
    expect(report.restores).toEqual([
      expect.objectContaining({ id: journalId(), type: 'mysql', state: 'interrupted', step: 'import', touched: true, needsAttention: true, canRollBack: true, canFinish: true }),
    ]);
    const text = await runKura(['status'], shop.env);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`kura restore --roll-back ${journalId()}`);
    expect(text.stdout).toContain(`kura restore --finish ${journalId()}`);

    // Any other command says so on stderr.
    const history = await runKura(['history', 'shop'], shop.env);
    expect(history.stderr).toMatch(new RegExp(`!! UNFINISHED RESTORE \\(${journalId()}\\)`));

    // A new restore of the same database is refused before it touches anything.
    const again = await runKura(['restore', 'shop', firstSnapshot, '--source', 'db', '--yes', '--json'], shop.env);
    expect(again.code).not.toBe(0);
    expect((again.json as { error: { code: string } }).error.code).toBe('restore-unfinished');
    expect(await checksums()).toEqual(half);

    // The nightly backup runs before anyone looked: it may only publish the half-restored state with a
    // warning, and must not rotate the good snapshots out (retention keepLast 1 here).
    const snapshotsBefore = Object.keys(await shop.snapshotState());
    await shop.writeConfig((job) => {
      job['retention'] = { keepLast: 1, keepDaily: 0, keepWeekly: 0, keepMonthly: 0 };
    });
    try {
      await new Promise((r) => setTimeout(r, 1000));
      const nightly = await runKura(['run', 'shop', '--json'], shop.env);
      expect(nightly.code, nightly.stdout + nightly.stderr).toBe(0);
      const n = nightly.json as { status: string; warnings: Array<{ code: string; text: string }>; pruned: string[] };
      expect(n.status).toBe('warning');
      expect(n.warnings.map((w) => w.text).join('\n')).toMatch(new RegExp(`unfinished restore \\(${journalId()}\\).*No older snapshot was deleted`));
      expect(n.pruned).toEqual([]);
      const after = Object.keys(await shop.snapshotState());
      expect(after.length).toBe(snapshotsBefore.length + 1);
      for (const id of snapshotsBefore) expect(after).toContain(id);
    } finally {
      await shop.writeConfig();
    }

    const back = await runKura(['restore', '--roll-back', journalId(), '--yes', '--json'], shop.env);
    expect(back.code, back.stdout + back.stderr).toBe(0);
    expect((back.json as { status: string }).status).toBe('rolled-back');
    expect(await checksums()).toEqual(before);
    await expect(stat(journalFile())).rejects.toThrow();
    const healthy = await runKura(['status', '--json'], shop.env);
    expect(healthy.code).toBe(0);
    expect((healthy.json as { restores: unknown[] }).restores).toEqual([]);
  });

  it('killed mid-import: --finish brings the snapshot’s data (checksums of the backup), keeping the first attempt’s safety dump', async () => {
    await changeSinceBackup('finish-case');
    await killDuringImport();
    const safetyBefore = (await readdir(join(jobRoot(), '_safety'))).sort();

    const done = await runKura(['restore', '--finish', journalId(), '--yes', '--json'], shop.env);
    expect(done.code, done.stdout + done.stderr).toBe(0);
    const result = done.json as { status: string; steps: Array<{ text: string }>; verification: Array<{ ok: boolean }> };
    expect(result.status).toBe('success');
    expect(result.verification.length).toBeGreaterThan(0);
    expect(result.verification.every((c) => c.ok)).toBe(true);
    expect(result.steps.map((s) => s.text).join('\n')).toMatch(/Finishing the interrupted restore .* safety backup .* taken before the first attempt/);
    const now = await checksums();
    expect(now['shop.orders']).toBe(atBackup['shop.orders']);
    // No new safety dump of the half-restored database was taken.
    expect((await readdir(join(jobRoot(), '_safety'))).sort()).toEqual(safetyBefore);
    await expect(stat(journalFile())).rejects.toThrow();
    expect((await runKura(['status'], shop.env)).code).toBe(0);
  });

  it('killed during the safety dump itself: the database is untouched, the cut dump is never listed, --roll-back only cleans up', async () => {
    const before = await changeSinceBackup('safety-case');
    const run = startKura(['restore', 'shop', firstSnapshot, '--source', 'db', '--yes', '--json'], shop.env);
    let partial = '';
    await waitFor('the safety dump to be written', async () => {
      const j = await journal().catch(() => null);
      if (j?.step !== 'safety-backup') return false;
      for (const dir of await readdir(join(jobRoot(), '_safety')).catch(() => [] as string[])) {
        for (const f of await readdir(join(jobRoot(), '_safety', dir)).catch(() => [] as string[])) {
          const p = join(jobRoot(), '_safety', dir, f);
          if (f.endsWith('.partial') && (await stat(p)).size > 64 * 1024) partial = p;
        }
      }
      return partial !== '';
    });
    killTree(run.pid!);
    await run.result;
    expect(await checksums()).toEqual(before);

    const report = (await runKura(['status', '--json'], shop.env)).json as { restores: Array<Record<string, unknown>> };
    expect(report.restores[0]).toMatchObject({ state: 'interrupted', step: 'safety-backup', touched: false, canRollBack: true });
    expect(String(report.restores[0]!['sentence'])).toMatch(/before it changed anything/);
    const listed = (await runKura(['snapshots', 'shop', '--safety', '--json'], shop.env)).json as Array<{ files: Array<{ name: string }> }>;
    expect(listed.flatMap((s) => s.files.map((f) => f.name)).some((n) => n.endsWith('.partial'))).toBe(false);

    const back = await runKura(['restore', '--roll-back', journalId(), '--yes', '--json'], shop.env);
    expect(back.code, back.stdout + back.stderr).toBe(0);
    expect((back.json as { steps: Array<{ text: string }> }).steps.map((s) => s.text).join('\n')).toMatch(/interrupted before it changed .* unfinished safety backup was removed/);
    await expect(stat(partial)).rejects.toThrow();
    expect(await checksums()).toEqual(before);
    expect((await runKura(['status'], shop.env)).code).toBe(0);
  });

  it('a files restore killed as it starts copying: reported, no roll back offered (nothing of the old files is kept), --finish copies everything', async () => {
    const to = join(shop.root, 'restored-site');
    const r = await runKura(['restore', 'shop', firstSnapshot, '--source', 'www', '--to-path', to, '--yes', '--json'], { ...shop.env, KURA_TEST_CRASH_AT: 'files:copying' });
    expect(r.code).toBeNull();
    const report = (await runKura(['status', '--json'], shop.env)).json as { restores: Array<{ id: string; type: string; canRollBack: boolean; rollBackNote: string }> };
    expect(report.restores).toHaveLength(1);
    const { id } = report.restores[0]!;
    expect(report.restores[0]).toMatchObject({ type: 'files', canRollBack: false });
    expect(report.restores[0]!.rollBackNote).toMatch(/keeps no copy of the files it replaced/);
    const refused = await runKura(['restore', '--roll-back', id, '--yes', '--json'], shop.env);
    expect(refused.code).not.toBe(0);
    expect((refused.json as { error: { code: string } }).error.code).toBe('restore-rollback-unavailable');
    const done = await runKura(['restore', '--finish', id, '--yes', '--json'], shop.env);
    expect(done.code, done.stdout + done.stderr).toBe(0);
    expect(await readFile(join(to, 'index.php'), 'utf8')).toBe('<?php echo "shop";');
    expect((await runKura(['status'], shop.env)).code).toBe(0);
  });

  it('two restores of one database at once: the second is refused while the first runs, and the first completes', async () => {
    await changeSinceBackup('race-case');
    const first = startKura(['restore', 'shop', firstSnapshot, '--source', 'db', '--yes', '--json'], shop.env);
    await waitFor('the first restore’s journal', async () => Boolean(await stat(journalFile()).catch(() => null)));
    const second = await runKura(['restore', 'shop', firstSnapshot, '--source', 'db', '--yes', '--json'], shop.env);
    expect(second.code).not.toBe(0);
    const err = (second.json as { error: { code: string; message: string } }).error;
    expect(err.code).toBe('restore-running');
    expect(err.message).toMatch(/is already running \(process \d+/);
    const r1 = await first.result;
    expect(r1.exitCode, r1.stdout + r1.stderr).toBe(0);
    expect((await checksums())['shop.orders']).toBe(atBackup['shop.orders']);
    await expect(stat(journalFile())).rejects.toThrow();
  });

  it('a truncated or garbage journal is reported, blocks restores of that target, refuses --finish and --roll-back, and can be dismissed', async () => {
    await mkdir(join(shop.home, 'restores'), { recursive: true });
    const before = await checksums();
    for (const content of ['{"format":"kura-restore-journal/1","id":"mysql-', '\u0000\u0000garbage\u0000', '']) {
      await writeFile(journalFile(), content);
      const status = await runKura(['status', '--json'], shop.env);
      expect(status.code).toBe(1);
      expect((status.json as { restores: Array<Record<string, unknown>> }).restores[0]).toMatchObject({ id: journalId(), state: 'damaged', canRollBack: false, canFinish: false });
      for (const flag of ['--finish', '--roll-back']) {
        const r = await runKura(['restore', flag, journalId(), '--yes', '--json'], shop.env);
        expect(r.code).not.toBe(0);
        expect((r.json as { error: { code: string } }).error.code).toBe('restore-journal-damaged');
      }
      const blocked = await runKura(['restore', 'shop', firstSnapshot, '--source', 'db', '--yes', '--json'], shop.env);
      expect((blocked.json as { error: { code: string } }).error.code).toBe('restore-journal-damaged');
      expect(await checksums()).toEqual(before);
      const dismissed = await runKura(['restore', '--dismiss', journalId(), '--yes'], shop.env);
      expect(dismissed.code, dismissed.stderr).toBe(0);
      expect((await runKura(['status'], shop.env)).code).toBe(0);
    }
  });

  it('a journal naming a folder outside the job’s own, or a safety dump symlinked out of _safety, is refused and nothing is imported', async () => {
    const before = await checksums();
    const outside = join(shop.root, 'elsewhere');
    await mkdir(join(outside, '_safety', '2020-01-01T00-00-00Z'), { recursive: true });
    // A dump that would wipe the orders table if it were ever imported.
    const evil = join(outside, '_safety', '2020-01-01T00-00-00Z', 'shop.sql.gz');
    await writeFile(evil, 'not even gzip');
    const forged = (jobRootPath: string) => ({
      format: 'kura-restore-journal/1',
      id: journalId(),
      owner: { pid: 999_999, host: 'nowhere', started: null },
      status: 'unresolved',
      createdAt: '2020-01-01T00:00:00.000Z',
      updatedAt: '2020-01-01T00:00:00.000Z',
      jobId: 'shop',
      jobRoot: jobRootPath,
      snapshotId: '2020-01-01T00-00-00Z',
      request: { jobId: 'shop', snapshotId: '2020-01-01T00-00-00Z', sourceId: 'db', mysql: { safetyBackup: true, stripDefiners: false } },
      step: 'import',
      touched: true,
      history: [],
      problem: null,
      target: { type: 'mysql', host: '127.0.0.1', port: shop.db.port, database: 'shop', before: { kind: 'exists', charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci', tables: 2, views: 0 }, safety: { id: '2020-01-01T00-00-00Z', file: 'shop.sql.gz', verified: true } },
    });

    await writeFile(journalFile(), JSON.stringify(forged(outside)));
    let r = await runKura(['restore', '--roll-back', journalId(), '--yes', '--json'], shop.env);
    expect(r.code).not.toBe(0);
    expect((r.json as { error: { code: string; message: string } }).error).toMatchObject({ code: 'restore-journal-foreign' });
    expect(await checksums()).toEqual(before);

    // The right job folder, but its _safety entry is a symlink to the file outside.
    await mkdir(join(jobRoot(), '_safety'), { recursive: true });
    const linkDir = join(jobRoot(), '_safety', '2020-01-01T00-00-00Z');
    await rm(linkDir, { recursive: true, force: true });
    await symlink(join(outside, '_safety', '2020-01-01T00-00-00Z'), linkDir);
    await writeFile(journalFile(), JSON.stringify(forged(jobRoot())));
    r = await runKura(['restore', '--roll-back', journalId(), '--yes', '--json'], shop.env);
    expect(r.code).not.toBe(0);
    expect((r.json as { error: { code: string } }).error.code).toBe('restore-journal-foreign');
    expect(await checksums()).toEqual(before);
    await rm(linkDir, { force: true });

    // A path with ".." never even validates: the journal is damaged.
    await writeFile(journalFile(), JSON.stringify({ ...forged(jobRoot()), jobRoot: `${jobRoot()}/../../etc` }));
    expect(((await runKura(['status', '--json'], shop.env)).json as { restores: Array<{ state: string }> }).restores[0]!.state).toBe('damaged');
    expect((await runKura(['restore', '--dismiss', journalId(), '--yes'], shop.env)).code).toBe(0);
  });
});
