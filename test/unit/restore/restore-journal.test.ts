/**
 * The restore journal on its own: written whole or not at all, one per target even when processes
 * race for it, hostile content refused, and a dead owner succeeded by exactly one claimer.
 */
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KuraError } from '../../../electron/engine/errors.js';
import { startProcess } from '../../../electron/engine/process/run-process.js';
import {
  beginJournal,
  claimJournal,
  journalIdFor,
  journalPath,
  listJournals,
  readJournalEntry,
  type BeginJournal,
  type RestoreJournal,
} from '../../../electron/engine/restore/restore-journal.js';
import { summarise } from '../../../electron/engine/restore/unfinished-restores.js';
import { bundleChild } from '../../harness/child-bundle.js';
import { RACE_ON_WINE, skipOnWindows } from '../../harness/platform.js';
import { tempDir } from '../../harness/tmp.js';

const target = { type: 'mysql' as const, host: '127.0.0.1', port: 3306, database: 'shop', before: null, safety: null };
const init = (home: string): BeginJournal => ({
  jobId: 'shop',
  jobRoot: join(home, 'backups', 'shop'),
  snapshotId: '2026-01-01T00-00-00Z',
  request: { jobId: 'shop', snapshotId: 'latest', sourceId: 'db' },
  target,
});

/**
 * Runs `code` (ESM, with the journal module imported as J) in N child processes that start it at the
 * same moment: each waits, once loaded, for the parent's "go" (starting Node takes a while on a busy
 * machine, and much longer under Wine, which would otherwise turn a race into a queue).
 */
async function race(n: number, code: string, env: Record<string, string>, dir: string): Promise<string[]> {
  const mod = resolve(import.meta.dirname, '../../../electron/engine/restore/restore-journal.ts');
  const script = [
    `import * as J from ${JSON.stringify(mod)};`,
    `import { existsSync, writeFileSync } from 'node:fs';`,
    `writeFileSync(process.env.READY + '-' + process.pid, '');`,
    `while (!existsSync(process.env.GO)) await new Promise((r) => setTimeout(r, 5));`,
    code,
  ].join('\n');
  const barrier = { READY: join(dir, 'ready'), GO: join(dir, 'go') };
  const bin = await tempDir('kura-racer-');
  try {
    const child = await bundleChild({ contents: script, resolveDir: import.meta.dirname }, bin.path, 'journal-racer');
    // A racer that hangs is killed (and fails the test) rather than holding the run forever.
    const hung = AbortSignal.timeout(45_000);
    const procs = Array.from({ length: n }, () =>
      startProcess({ file: process.execPath, args: [child], env: { ...env, ...barrier } }, { stdout: 'capture', signal: hung }),
    );
    while ((await readdir(dir)).filter((f) => f.startsWith('ready-')).length < n) {
      if (hung.aborted) throw new Error('the racers did not start');
      await new Promise((r) => setTimeout(r, 20));
    }
    await writeFile(barrier.GO, '');
    return await Promise.all(procs.map(async (p) => (await p.result).stdout.trim()));
  } finally {
    await bin.cleanup();
  }
}

describe('restore journal', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  let home: string;
  beforeEach(async () => {
    dir = await tempDir('kura-journal-');
    home = join(dir.path, 'home');
  });
  afterEach(async () => {
    await dir.cleanup();
  });

  it('is created private and complete, records steps, and refuses a second restore of the same target while it runs', async () => {
    const h = await beginJournal(home, init(home), new Date('2026-01-02T00:00:00Z'));
    expect(h.id).toBe('mysql-127.0.0.1-3306-shop');
    const st = await stat(journalPath(home, h.id));
    if (process.platform !== 'win32') expect(st.mode & 0o777).toBe(0o600);
    await h.record('safety-backup', { safety: { id: '2026-01-02T00-00-00Z', file: 'shop.sql.gz', verified: false } });
    await h.record('import');
    const j = JSON.parse(await readFile(journalPath(home, h.id), 'utf8')) as RestoreJournal;
    expect(j).toMatchObject({ step: 'import', touched: true, snapshotId: '2026-01-01T00-00-00Z', request: { snapshotId: '2026-01-01T00-00-00Z' } });
    expect(j.history.map((x) => x.step)).toEqual(['started', 'safety-backup', 'import']);
    const err = await beginJournal(home, init(home), new Date()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KuraError);
    expect((err as KuraError).code).toBe('restore-running');
    await h.close();
    expect(await listJournals(home)).toEqual([]);
    // No temp file is left beside it.
    expect(await readdir(join(home, 'restores'))).toEqual([]);
  });

  it('ids: readable where possible, one per target, and hashed for names that are not plain', () => {
    expect(journalIdFor({ type: 'redis', method: 'file', host: 'LocalHost', port: 6379, flush: false, layout: null })).toBe('redis-localhost-6379');
    expect(journalIdFor({ ...target, database: 'ショップ' })).toMatch(/^mysql-127\.0\.0\.1-3306-x[0-9a-f]{16}$/);
    expect(journalIdFor({ ...target, host: '::1' })).toBe('mysql-__1-3306-shop');
    expect(journalIdFor({ type: 'files', where: '/srv/www', mirror: false, path: null })).toMatch(/^files-[0-9a-f]{16}$/);
    expect(() => journalPath(home, '../../etc/passwd')).toThrow(/no unfinished restore/);
  });

  it('hostile content is "damaged", never trusted: paths with "..", relative paths, control characters, unknown steps, a wrong id', async () => {
    const h = await beginJournal(home, init(home), new Date());
    const good = JSON.parse(await readFile(journalPath(home, h.id), 'utf8')) as Record<string, unknown>;
    const bad: Array<[string, Record<string, unknown>]> = [
      ['..', { jobRoot: `${home}/backups/../../etc` }],
      ['relative', { jobRoot: 'backups/shop' }],
      ['control', { target: { ...target, database: 'shop\u001b[31m' } }],
      ['step', { step: 'format-disk' }],
      ['id', { id: 'mysql-127.0.0.1-3306-other' }],
      ['safety id', { target: { ...target, safety: { id: '../..', file: 'shop.sql.gz', verified: true } } }],
      ['safety file', { target: { ...target, safety: { id: '2026-01-01T00-00-00Z', file: '../../x.sql.gz', verified: true } } }],
      ['redis dir', { target: { type: 'redis', method: 'file', host: '127.0.0.1', port: 1, flush: false, layout: { dir: 'relative', dbfilename: 'dump.rdb', configFile: null, hadOld: null, aof: null } } }],
      ['redis name', { target: { type: 'redis', method: 'file', host: '127.0.0.1', port: 1, flush: false, layout: { dir: '/var/lib/redis', dbfilename: '../../etc/shadow', configFile: null, hadOld: null, aof: null } } }],
    ];
    for (const [what, patch] of bad) {
      await writeFile(journalPath(home, h.id), JSON.stringify({ ...good, ...patch }));
      const e = await readJournalEntry(home, h.id);
      expect(e?.kind, what).toBe('damaged');
      const s = summarise(e!, 'en');
      expect(s).toMatchObject({ state: 'damaged', needsAttention: true, canRollBack: false, canFinish: false });
      await expect(claimJournal(home, h.id)).rejects.toMatchObject({ code: 'restore-journal-damaged' });
    }
  });

  it('a journal whose process is gone is "interrupted" and blocks new restores of the target with what to do', async () => {
    const h = await beginJournal(home, init(home), new Date());
    const j = JSON.parse(await readFile(journalPath(home, h.id), 'utf8')) as RestoreJournal;
    await writeFile(journalPath(home, h.id), JSON.stringify({ ...j, owner: { ...j.owner, pid: 2 ** 22 + 3 }, step: 'import', touched: true }));
    const entry = await readJournalEntry(home, h.id);
    expect(entry).toMatchObject({ kind: 'journal', state: 'interrupted' });
    const s = summarise(entry!, 'ja');
    expect(s.sentence).toContain('取り込み中に中断されました');
    expect(s.message).toMatchObject({ code: 'restore-summary-interrupted', params: { step: 'import' } });
    expect(summarise(entry!, 'en').sentence).toContain('was interrupted during the import: it may be half restored');
    expect(s.target).toBe('`shop` (127.0.0.1:3306)');
    const err = (await beginJournal(home, init(home), new Date()).catch((e: unknown) => e)) as KuraError;
    expect(err.code).toBe('restore-unfinished');
    expect(err.message).toContain('stopped during the import and is not finished');
    expect(err.hint).toContain(`kura restore --finish ${h.id}`);
    expect(err.hint).toContain(`kura restore --roll-back ${h.id}`);
  });

  it('eight processes starting a restore of one database at the same moment: exactly one gets the journal', async (ctx) => {
    skipOnWindows(ctx, RACE_ON_WINE);
    const out = await race(
      8,
      `const home = process.env.H;
       try { await J.beginJournal(home, JSON.parse(process.env.I), new Date()); console.log('won'); await new Promise((r) => setTimeout(r, 1500)); }
       catch (e) { console.log(e.code); }`,
      { H: home, I: JSON.stringify(init(home)) },
      dir.path,
    );
    expect(out.filter((o) => o === 'won')).toHaveLength(1);
    expect(out.filter((o) => o !== 'won').every((o) => o === 'restore-running' || o === 'restore-unfinished')).toBe(true);
    const entry = await readJournalEntry(home, 'mysql-127.0.0.1-3306-shop');
    expect(entry?.kind).toBe('journal'); // complete and valid, never half written
  });

  it('eight processes taking over an interrupted restore at once: exactly one succeeds, the others are told it is busy', async (ctx) => {
    skipOnWindows(ctx, RACE_ON_WINE);
    await mkdir(join(home, 'restores'), { recursive: true });
    const h = await beginJournal(home, init(home), new Date());
    const j = JSON.parse(await readFile(journalPath(home, h.id), 'utf8')) as RestoreJournal;
    await writeFile(journalPath(home, h.id), JSON.stringify({ ...j, owner: { ...j.owner, pid: 2 ** 22 + 5 }, step: 'import', touched: true }));
    const out = await race(
      8,
      `try { await J.claimJournal(process.env.H, 'mysql-127.0.0.1-3306-shop'); console.log('won'); await new Promise((r) => setTimeout(r, 1500)); }
       catch (e) { console.log(e.code); }`,
      { H: home },
      dir.path,
    );
    expect(out.filter((o) => o === 'won')).toHaveLength(1);
    expect(out.filter((o) => o !== 'won').every((o) => ['restore-journal-busy', 'restore-running'].includes(o))).toBe(true);
    // The winner has exited by now: the journal is interrupted again and can be taken over once more.
    const again = await claimJournal(home, h.id);
    expect(again.journal.owner.pid).toBe(process.pid);
    await again.close();
    expect(await readdir(join(home, 'restores'))).toEqual([]);
  });
});
