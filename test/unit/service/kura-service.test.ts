/**
 * The service behind the contract, on the real engine with a private KURA_HOME and real rsync (a
 * local folder as the files source): validation and error mapping in dispatch, job editing, a
 * real "Back up now" through the scheduler with its events, history, log tail and snapshots, the
 * restore plumbing with a fake restore engine, and the small methods.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemorySecretStore } from '../../../electron/engine/secrets/secret-store.js';
import type { RestoreOutcome } from '../../../electron/engine/restore/types.js';
import type { SchedulerNotification } from '../../../electron/engine/scheduler/index.js';
import { createKuraService, type KuraService } from '../../../electron/service/kura-service.js';
import { readLogTail } from '../../../electron/service/log-tail.js';
import type { RestorePort } from '../../../electron/service/restore-port.js';
import type { EventName, EventPayload } from '../../../electron/shared/ipc-contract.js';
import { tempDir } from '../../harness/tmp.js';
import { skipOnWindows } from '../../harness/platform.js';
import { renderLoose } from '../../../electron/shared/messages/render.js';
import { verbatim } from '../../../electron/shared/messages/index.js';

type Recorded = { event: EventName; payload: unknown };

describe('kura service', () => {
  let dir: { path: string; cleanup: () => Promise<void> };
  let service: KuraService;
  let events: Recorded[];
  let notices: SchedulerNotification[];
  let restoreCalls: Array<{ kind: 'plan' | 'run' | 'finish' | 'rollBack' | 'dismiss'; id?: string }>;
  let restoreGate: (() => void) | null;
  let settingsSeen: unknown[];
  const secrets = createMemorySecretStore();

  const step = (text: string) => ({ code: 'text', params: { text } });
  const fakeRestore: RestorePort = {
    async planRestore(req) {
      restoreCalls.push({ kind: 'plan' });
      return { snapshotId: String(req.snapshotId), sourceId: req.sourceId, type: 'files', steps: [step('Copy files')], overwrites: null, destructive: false, safetyBackup: null, bytes: 1, rights: null };
    },
    async restore(_req, opts = {}): Promise<RestoreOutcome> {
      restoreCalls.push({ kind: 'run' });
      opts.onProgress?.({ kind: 'step', sourceId: 'site', step: 'copy', message: { code: 'text', params: { text: 'Copying' } } });
      opts.logger?.log('info', 'restoring now');
      opts.logger?.say?.('info', { code: 'restore-nothing-changed', params: {} });
      await new Promise<void>((resolve, reject) => {
        restoreGate = resolve;
        opts.signal?.addEventListener('abort', () => reject(opts.signal?.reason));
      });
      return { status: 'success', steps: [step('Copied')], verification: [{ check: { code: 'restore-check-files', params: {} }, ok: true, detail: step('2 files') }], safetyBackup: null, error: null };
    },
    async finishRestore(id) {
      restoreCalls.push({ kind: 'finish', id });
      return { status: 'success', steps: [step('Finished')], verification: [{ check: { code: 'restore-check-files', params: {} }, ok: true, detail: step('2 files') }], safetyBackup: null, error: null };
    },
    async rollBackRestore(id) {
      restoreCalls.push({ kind: 'rollBack', id });
      await rm(join(dir.path, 'home', 'restores', `${id}.json`), { force: true });
      return { status: 'rolled-back', steps: [step('Rolled back')], verification: [], safetyBackup: null, error: null };
    },
    async dismissRestore(id) {
      restoreCalls.push({ kind: 'dismiss', id });
    },
  };

  beforeEach(async () => {
    dir = await tempDir('kura-service-');
    await mkdir(join(dir.path, 'backups')); // the backup disk exists before a job uses it
    events = [];
    notices = [];
    restoreCalls = [];
    restoreGate = null;
    settingsSeen = [];
    service = createKuraService({
      home: join(dir.path, 'home'),
      secrets,
      notifier: { notify: (n) => notices.push(n) },
      mode: 'browser',
      systemLanguage: 'ja',
      restore: fakeRestore,
      onSettingsChanged: (s) => settingsSeen.push(s),
      progressIntervalMs: 0,
    });
    service.onAny((event, payload) => events.push({ event, payload }));
    await mkdir(join(dir.path, 'site', 'images'), { recursive: true });
    await writeFile(join(dir.path, 'site', 'index.html'), '<h1>shop</h1>');
    await writeFile(join(dir.path, 'site', 'images', 'logo.png'), 'png');
  });
  afterEach(async () => {
    await service.stop();
    await dir.cleanup();
  });

  const job = () => ({
    id: 'shop',
    name: 'Shop',
    destination: { path: join(dir.path, 'backups') },
    sources: [{ id: 'site', type: 'files', from: join(dir.path, 'site') + '/' }],
  });

  const waitFor = async <E extends EventName>(event: E, pred: (p: EventPayload<E>) => boolean = () => true, ms = 30_000) => {
    const t0 = Date.now();
    for (;;) {
      const hit = events.find((e) => e.event === event && pred(e.payload as EventPayload<E>));
      if (hit) return hit.payload as EventPayload<E>;
      if (Date.now() - t0 > ms) throw new Error(`no ${event} event`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it('rejects unknown methods and bad payloads without running anything', async () => {
    expect(await service.dispatch('fs.readFile', ['/etc/passwd'])).toEqual({ ok: false, error: expect.objectContaining({ code: 'unknown-method' }) });
    expect(await service.dispatch('__proto__', [])).toEqual({ ok: false, error: expect.objectContaining({ code: 'unknown-method' }) });
    const bad = await service.dispatch('jobs.get', ['../../etc']);
    expect(bad).toEqual({ ok: false, error: expect.objectContaining({ code: 'invalid-arguments' }) });
    expect(await service.dispatch('secrets.set', ['ok-ref'])).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    expect(await service.dispatch('jobs.list', 'not-an-array')).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
  });

  it('maps engine errors to {code, params, message, hint} with no stack', async () => {
    const r = await service.dispatch('jobs.get', ['nope']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.error).sort()).toEqual(['code', 'hint', 'message', 'params']);
    expect(r.error.code).toBe('job-not-found');
    // The facts travel with the code, so the UI says it in the admin's language.
    expect(r.error.params).toEqual({ job: 'nope', variant: 'service' });
    expect(JSON.stringify(r)).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('saves, lists, validates and deletes jobs', async () => {
    const saved = await service.dispatch('jobs.save', [job()]);
    expect(saved).toMatchObject({ ok: true, value: { id: 'shop', retention: { keepLast: 7 }, compression: 'balanced' } });
    expect(await service.methods['jobs.list']()).toHaveLength(1);
    const invalid = await service.dispatch('jobs.save', [{ ...job(), sources: [{ id: 'db', type: 'mysql', user: 'u', databases: [] }] }]);
    expect(invalid).toMatchObject({ ok: false, error: { code: 'job-invalid' } });
    if (!invalid.ok) expect(invalid.error.message).toContain('sources[0].databases');
    const badCron = await service.dispatch('jobs.save', [{ ...job(), schedule: { cron: '61 * * * *' } }]);
    expect(badCron).toMatchObject({ ok: false, error: { code: 'schedule-invalid' } });
    expect((await service.methods['jobs.list']())[0]?.schedule).toBeUndefined();
    await service.methods['jobs.delete']('shop');
    expect(await service.methods['jobs.list']()).toEqual([]);
    expect(await service.dispatch('jobs.delete', ['shop'])).toMatchObject({ ok: false, error: { code: 'job-not-found' } });
  });

  it('runs a real backup through the scheduler: run id, events, no overlap, history, log tail, snapshots, status', async (ctx) => {
    skipOnWindows(ctx, 'needs rsync');
    await service.methods['jobs.save'](job());
    await service.start();
    const started = await service.methods['runs.start']('shop');
    expect(started.skipped).toBe(false);
    expect(started.runId).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z-[0-9a-f]{6}$/);
    // The run is in flight: a second "Back up now" is refused by the scheduler, not started twice.
    expect(await service.methods['runs.start']('shop')).toEqual({ runId: null, skipped: true });

    const finished = await waitFor('run.finished', (p) => !p.skipped);
    expect(finished.run).toMatchObject({ runId: started.runId, status: 'success', trigger: 'manual' });
    expect(events.some((e) => e.event === 'run.log' && (e.payload as { runId: string | null }).runId === started.runId)).toBe(true);
    expect(events.some((e) => e.event === 'run.progress' && (e.payload as { progress: { kind: string } }).progress.kind === 'step')).toBe(true);
    await waitFor('status.changed', (s) => s.jobs[0]?.health === 'ok' && s.jobs[0].lastSnapshot !== null);
    expect(service.isBusy()).toBe(false);

    const history = await service.methods['runs.history']({});
    expect(history.map((r) => r.runId)).toContain(started.runId);
    expect((await service.methods['runs.history']({ status: 'failed' })).length).toBe(0);
    const tail = await service.methods['runs.logTail']('shop', started.runId!, 3);
    expect(tail).toHaveLength(3);
    expect(tail.at(-1)).toMatch(/Run finished: success/);

    const snaps = await service.methods['snapshots.list']({ jobId: 'shop' });
    expect(snaps).toHaveLength(1);
    expect(snaps[0]?.items[0]).toMatchObject({ source: 'site', type: 'files', summary: { code: 'item-files', params: { count: 2 } } });
    // A backup folder on a new PC: the destination itself, holding one folder per job.
    expect((await service.methods['snapshots.list']({ folder: join(dir.path, 'backups') }))[0]?.id).toBe(snaps[0]?.id);

    const status = await service.methods['status.get']();
    expect(status.jobs[0]).toMatchObject({ jobId: 'shop', health: 'ok', lastRunStatus: 'success', running: null });
    // The sentence crosses as data; said in Japanese (system language, setting "auto") it is Japanese.
    expect(status.jobs[0]?.sentence.code).toBe('health-ok');
    expect(renderLoose('ja', status.jobs[0]!.sentence.code, status.jobs[0]!.sentence.params).message).toMatch(/[ぁ-んァ-ン一-龥]/);
  });

  it('keeps log reads inside $KURA_HOME/logs', async () => {
    for (const runId of ['../../config', '..', 'a/../../b', '.hidden']) {
      expect(await service.dispatch('runs.logTail', ['shop', runId, 10])).toMatchObject({ ok: false, error: { code: 'log-not-found' } });
    }
    expect(await service.dispatch('runs.openLog', ['shop', 'x'])).toMatchObject({ ok: false, error: { code: 'not-available' } });
  });

  it('reads a log tail across chunk boundaries', async () => {
    const file = join(dir.path, 'big.log');
    const lines = Array.from({ length: 500 }, (_, i) => `line ${i} ${'x'.repeat(i % 37)}`);
    await writeFile(file, lines.join('\n') + '\n');
    expect(await readLogTail(file, 7, 64)).toEqual(lines.slice(-7));
    expect(await readLogTail(file, 1000, 100)).toEqual(lines);
  });

  it('stores secrets and only says whether one exists', async () => {
    expect(await service.dispatch('secrets.has', ['shop.db'])).toEqual({ ok: true, value: false });
    expect(await service.dispatch('secrets.set', ['shop.db', 'pa55 word'])).toEqual({ ok: true, value: undefined });
    const has = await service.dispatch('secrets.has', ['shop.db']);
    expect(has).toEqual({ ok: true, value: true });
    expect(JSON.stringify(has)).not.toContain('pa55');
  });

  it('forgets a keychain entry only when no saved job names it (a cancelled wizard’s leftovers)', async () => {
    await secrets.set('shop-cache', 'left-by-a-cancelled-wizard');
    await secrets.set('shop-db', 'needed-by-the-job');
    const saved = { ...job(), sources: [...job().sources, { id: 'db', type: 'mysql', host: '127.0.0.1', port: 3306, user: 'backup', passwordRef: 'shop-db', databases: ['shop'] }] };
    expect(await service.dispatch('jobs.save', [saved])).toMatchObject({ ok: true });
    expect(await service.dispatch('secrets.forgetUnsaved', ['shop-db'])).toMatchObject({ ok: false, error: { code: 'secret-in-use', params: { ref: 'shop-db' } } });
    expect(await secrets.get('shop-db')).toBe('needed-by-the-job');
    expect(await service.dispatch('secrets.forgetUnsaved', ['shop-cache'])).toEqual({ ok: true, value: true });
    expect(await secrets.get('shop-cache')).toBeNull();
    expect(await service.dispatch('secrets.forgetUnsaved', ['shop-cache'])).toEqual({ ok: true, value: false });
  });

  it('tests a files source with the real rsync, and names a missing stored password', async (ctx) => {
    skipOnWindows(ctx, 'needs rsync');
    const r = await service.methods['sources.testFiles']({ from: join(dir.path, 'site') + '/' });
    expect(r.entries).toEqual(['images/', 'index.html']);
    const missing = await service.dispatch('sources.testFiles', [{ from: 'rsync://127.0.0.1:1/mod/', passwordRef: 'not-stored' }]);
    expect(missing).toMatchObject({ ok: false, error: { code: 'secret-missing' } });
    const badHost = await service.dispatch('sources.testRedis', [{ host: '-oProxy', port: 6379 }]);
    expect(badHost).toMatchObject({ ok: false, error: { code: 'invalid-host' } });
  });

  it('plans, runs and cancels restores through the injected engine, with events', async () => {
    const req = { jobId: 'shop', snapshotId: 'latest', sourceId: 'site' };
    expect(await service.dispatch('restore.plan', [req])).toMatchObject({ ok: true, value: { steps: [{ code: 'text', params: { text: 'Copy files' } }] } });
    const { restoreId } = await service.methods['restore.start'](req);
    await waitFor('restore.log', (p) => p.restoreId === restoreId && p.line.includes('restoring now'));
    // A catalogued line is written in the app's language (the service's system language is Japanese here).
    await waitFor('restore.log', (p) => p.restoreId === restoreId && p.line.includes('何も変更していません。'));
    await waitFor('restore.progress', (p) => p.restoreId === restoreId);
    expect(service.isBusy()).toBe(true);
    restoreGate?.();
    expect((await waitFor('restore.finished', (p) => p.restoreId === restoreId)).result).toMatchObject({ status: 'success', verification: [{ ok: true }] });
    expect(service.isBusy()).toBe(false);

    const second = await service.methods['restore.start'](req);
    await waitFor('restore.log', (p) => p.restoreId === second.restoreId);
    expect(await service.methods['restore.cancel'](second.restoreId)).toBe(true);
    const cancelled = await waitFor('restore.finished', (p) => p.restoreId === second.restoreId);
    expect(cancelled.result).toMatchObject({ status: 'cancelled', error: { code: 'cancelled' } });
    expect(await service.methods['restore.cancel']('restore-unknown')).toBe(false);
    expect(restoreCalls.map((c) => c.kind)).toEqual(['plan', 'run', 'run']);
  });

  it('an interrupted restore (journal of a dead process) makes the status failed, is announced once, and finish / roll back / dismiss reach the engine', async () => {
    await service.methods['jobs.save'](job());
    const id = 'mysql-127.0.0.1-3306-shop';
    await mkdir(join(dir.path, 'home', 'restores'), { recursive: true });
    await writeFile(
      join(dir.path, 'home', 'restores', `${id}.json`),
      JSON.stringify({
        format: 'kura-restore-journal/1',
        id,
        owner: { pid: 2 ** 22 + 17, host: 'elsewhere-but-dead', started: null },
        status: 'unresolved',
        createdAt: '2026-01-02T03:04:05.000Z',
        updatedAt: '2026-01-02T03:04:06.000Z',
        jobId: 'shop',
        jobRoot: join(dir.path, 'backups', 'shop'),
        snapshotId: '2026-01-01T00-00-00Z',
        request: { jobId: 'shop', snapshotId: '2026-01-01T00-00-00Z', sourceId: 'db' },
        step: 'import',
        touched: true,
        history: [],
        problem: null,
        target: { type: 'mysql', host: '127.0.0.1', port: 3306, database: 'shop', before: { kind: 'exists', charset: 'utf8mb4', collation: 'utf8mb4_general_ci', tables: 3, views: 0 }, safety: { id: '2026-01-02T03-04-05Z', file: 'shop.sql.gz', verified: true } },
      }),
    );
    await service.start();
    const st = await service.methods['status.get']();
    expect(st.overall).toBe('failed');
    expect(st.unfinishedRestores).toEqual([
      expect.objectContaining({ id, type: 'mysql', state: 'unresolved', touched: true, canRollBack: true, canFinish: true, target: '`shop` (127.0.0.1:3306)' }),
    ]);
    expect(st.unfinishedRestores[0]!.sentence).toMatch(/安全バックアップに戻すか、復元を完了してください/);
    expect(service.overallSentence()).toEqual(verbatim(st.unfinishedRestores[0]!.sentence));
    // Announced once, not on every status read.
    await service.methods['status.get']();
    expect(notices.filter((n) => renderLoose('ja', n.title.code, n.title.params).message === '復元が完了していません')).toHaveLength(1);

    expect(await service.dispatch('restore.finish', ['../../etc/passwd'])).toMatchObject({ ok: false, error: { code: 'invalid-arguments' } });
    const fin = await service.methods['restore.finish'](id);
    expect((await waitFor('restore.finished', (p) => p.restoreId === fin.restoreId)).result).toMatchObject({ status: 'success' });
    const rb = await service.methods['restore.rollBack'](id);
    expect((await waitFor('restore.finished', (p) => p.restoreId === rb.restoreId)).result).toMatchObject({ status: 'rolled-back' });
    await service.methods['restore.dismiss'](id);
    expect(restoreCalls.filter((c) => c.kind !== 'plan' && c.kind !== 'run')).toEqual([
      { kind: 'finish', id },
      { kind: 'rollBack', id },
      { kind: 'dismiss', id },
    ]);
    // The fake roll back removed the journal: the status is clear again.
    const after = await service.methods['status.get']();
    expect(after.unfinishedRestores).toEqual([]);
    expect(after.overall).not.toBe('failed');
  });

  it('a restore account typed in the wizard (session.*) stays in memory and can be forgotten; keychain entries cannot be', async () => {
    expect(await service.dispatch('secrets.set', ['session.restore-access-0011223344556677', 'typed-once'])).toEqual({ ok: true, value: undefined });
    expect(await service.dispatch('secrets.has', ['session.restore-access-0011223344556677'])).toEqual({ ok: true, value: true });
    expect(await secrets.get('session.restore-access-0011223344556677')).toBeNull();
    expect(await service.dispatch('secrets.forget', ['session.restore-access-0011223344556677'])).toEqual({ ok: true, value: true });
    expect(await service.dispatch('secrets.has', ['session.restore-access-0011223344556677'])).toEqual({ ok: true, value: false });
    await secrets.set('shop-db-kept', 'x');
    expect(await service.dispatch('secrets.forget', ['shop-db-kept'])).toEqual({ ok: true, value: false });
    expect(await secrets.get('shop-db-kept')).toBe('x');
  });

  it('answers not-available for restore without an engine and for dialogs in the browser', async () => {
    const bare = createKuraService({ home: join(dir.path, 'home2'), secrets, notifier: { notify() {} }, mode: 'browser', systemLanguage: 'en' });
    expect(await bare.dispatch('restore.plan', [{ jobId: 'shop', snapshotId: 'latest', sourceId: 'site' }])).toMatchObject({ ok: false, error: { code: 'not-available' } });
    expect(await bare.dispatch('dialog.openFolder', [{}])).toMatchObject({ ok: false, error: { code: 'not-available' } });
    expect(await bare.methods['app.info']()).toMatchObject({ mode: 'browser', systemLanguage: 'en', home: join(dir.path, 'home2') });
  });

  it('describes schedules, saves settings, measures free space', async () => {
    const d = await service.methods['schedules.describe']('0 3 * * *', 'Asia/Tokyo');
    expect(d.valid).toBe(true);
    expect(d.nextRuns).toHaveLength(5);
    expect(d.nextRuns[0]).toMatch(/T18:00:00\.000Z$/);
    const bad = await service.methods['schedules.describe']('0 25 * * *', undefined);
    expect(bad).toMatchObject({ valid: false, nextRuns: [] });
    expect(bad.error && renderLoose('en', bad.error.code, bad.error.params).message).toContain('25');

    const saved = await service.methods['settings.save']({ language: 'en', notifications: 'failures', catchUpDelaySeconds: 30, startAtLogin: false, toolPaths: {} });
    expect(saved.language).toBe('en');
    expect(await service.methods['settings.get']()).toEqual(saved);
    expect(settingsSeen).toEqual([saved]);
    expect(service.language()).toBe('en');

    // A tool path with no program behind it is refused on Save, naming the tool; nothing is saved.
    const typo = join(dir.path, 'opt', 'mariadb', 'bin', 'mysqldmup');
    await expect(service.methods['settings.save']({ ...saved, toolPaths: { mysqldump: typo } })).rejects.toMatchObject({ code: 'tool-path-missing', params: { tool: 'mysqldump', path: typo } });
    await expect(service.methods['settings.save']({ ...saved, toolPaths: { rsync: dir.path } })).rejects.toMatchObject({ code: 'tool-path-folder', params: { tool: 'rsync', path: dir.path } });
    expect(await service.methods['settings.get']()).toEqual(saved);
    expect(settingsSeen).toEqual([saved]);
    const real = await service.methods['settings.save']({ ...saved, toolPaths: { rsync: process.execPath } });
    expect(real.toolPaths).toEqual({ rsync: process.execPath });
    await service.methods['settings.save'](saved);

    const free = await service.methods['system.freeSpace'](join(dir.path, 'not', 'yet', 'created'));
    expect(free.freeBytes).toBeGreaterThan(0);
    expect(free.totalBytes).toBeGreaterThanOrEqual(free.freeBytes);
  });
});
