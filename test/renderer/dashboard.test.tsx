import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Result, RunDto, StatusDto, UnfinishedRestoreDto } from '../../electron/shared/ipc-contract.js';
import { App } from '../../renderer/src/app.js';
import { useAppStore } from '../../renderer/src/stores/app-store.js';
import { deferred, fail, ok } from './fake-bridge.js';
import { shellBridge, shopStatus, status } from './fixtures.js';
import { renderWith } from './render.js';

describe('Dashboard', () => {
  it('shows a loading line until the status arrives', async () => {
    const pending = deferred<ReturnType<typeof ok<StatusDto>>>();
    const bridge = shellBridge('en').handle('status.get', () => pending.promise);
    await renderWith(<App />, bridge);
    expect(await screen.findByRole('status')).toHaveProperty('textContent', 'Loading…');
    await act(async () => pending.resolve(ok(status([shopStatus]))));
    expect(await screen.findByRole('heading', { name: 'Online shop' })).toBeTruthy();
    expect(screen.queryByText('Loading…')).toBeNull();
  });

  it('shows the engine error with its hint, and recovers on "Try again"', async () => {
    let answer: Result<StatusDto> = fail('The Kura daemon is not running', 'Start Kura again from the Start menu.');
    const bridge = shellBridge('en').handle('status.get', () => answer);
    await renderWith(<App />, bridge);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load the backup status');
    expect(alert.textContent).toContain('The Kura daemon is not running');
    expect(alert.textContent).toContain('Start Kura again from the Start menu.');
    answer = ok(status([shopStatus]));
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Online shop' })).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('leads an empty install into the setup wizard', async () => {
    const bridge = shellBridge('en').answer('status.get', status([]));
    await renderWith(<App />, bridge);
    expect(await screen.findByRole('heading', { name: 'No backups set up yet' })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Set up a backup' }));
    expect(useAppStore.getState().screen).toEqual({ name: 'setup' });
    expect(await screen.findByRole('heading', { name: 'Set up a backup', level: 1 })).toBeTruthy();
  });

  it('shows a job card with health, last success, next run and size', async () => {
    const bridge = shellBridge('en').answer('status.get', status([shopStatus]));
    await renderWith(<App />, bridge);
    const card = await screen.findByRole('article', { name: 'Online shop' });
    const c = within(card);
    expect(c.getByText('OK').className).toContain('badge-ok');
    expect(c.getByText('Backed up 3 hours ago')).toBeTruthy();
    expect(c.getByText('Last good backup')).toBeTruthy();
    expect(c.getByText('Next backup')).toBeTruthy();
    expect(c.getByText('1.5 GB')).toBeTruthy();
    expect(c.getByText('Verified')).toBeTruthy();
    expect(card.className).toContain('card-ok');
  });

  it('backs up now with live progress, then refreshes when the run finishes', async () => {
    let current = status([shopStatus]);
    const bridge = shellBridge('en')
      .handle('status.get', () => ok(current))
      .handle('runs.start', () => ok({ runId: 'r3', skipped: false }));
    await renderWith(<App />, bridge);
    const card = await screen.findByRole('article', { name: 'Online shop' });
    await userEvent.click(within(card).getByRole('button', { name: 'Back up now' }));
    expect(bridge.callsOf('runs.start')).toEqual([['shop']]);

    act(() => {
      bridge.emit('run.progress', { jobId: 'shop', runId: 'r3', progress: { kind: 'step', sourceId: 'files', step: 'files', message: { code: 'text', params: { text: 'Copying website files' } } } });
      bridge.emit('run.progress', { jobId: 'shop', runId: 'r3', progress: { kind: 'bytes', sourceId: 'files', bytes: 512 * 1024 ** 2, totalBytes: 1024 ** 3 } });
    });
    const bar = within(card).getByRole('progressbar', { name: 'Backup progress for Online shop' });
    expect(bar.getAttribute('value')).toBe('50');
    expect(within(card).getByText(/Copying website files/)).toBeTruthy();
    expect(within(card).getByRole('button', { name: 'Stop backup' })).toBeTruthy();

    current = status([{ ...shopStatus, sentence: 'Backed up just now', lastSnapshot: { id: 'x', bytes: 2 * 1024 ** 3, verified: true } }]);
    act(() => bridge.emit('run.finished', { jobId: 'shop', run: null, skipped: false }));
    await waitFor(() => expect(within(card).getByText('Backed up just now')).toBeTruthy());
    expect(within(card).queryByRole('progressbar')).toBeNull();
    expect(within(card).getByText('2 GB')).toBeTruthy();
  });

  it('keeps a refused "Back up now" on the card', async () => {
    const bridge = shellBridge('en')
      .answer('status.get', status([shopStatus]))
      .handle('runs.start', () => fail('The backup folder /mnt/backup/kura is not reachable', 'Connect the backup disk.'));
    await renderWith(<App />, bridge);
    const card = await screen.findByRole('article', { name: 'Online shop' });
    await userEvent.click(within(card).getByRole('button', { name: 'Back up now' }));
    const alert = await within(card).findByRole('alert');
    expect(alert.textContent).toContain('The backup could not start');
    expect(alert.textContent).toContain('Connect the backup disk.');
  });

  it('follows status.changed events', async () => {
    const bridge = shellBridge('en').answer('status.get', status([shopStatus]));
    await renderWith(<App />, bridge);
    await screen.findByRole('article', { name: 'Online shop' });
    act(() => bridge.emit('status.changed', status([{ ...shopStatus, health: 'failed', sentence: 'Last backup failed: the database refused the password' }])));
    const card = screen.getByRole('article', { name: 'Online shop' });
    expect(within(card).getByText('Failed').className).toContain('badge-failed');
    expect(within(card).getByText('Last backup failed: the database refused the password')).toBeTruthy();
  });

  it.each(['en', 'ja'] as const)('a partial night (%s): its own badge and colour, and every item that failed with why and what to do', async (lang) => {
    const run: RunDto = {
      runId: 'r1',
      jobId: 'shop',
      trigger: 'schedule',
      status: 'partial',
      startedAt: '2025-03-04T00:00:00.000Z',
      finishedAt: '2025-03-04T00:02:00.000Z',
      snapshotId: '2025-03-04T00-00-00Z',
      items: [
        { source: 'www', type: 'files', name: null, status: 'failed', bytes: 0, durationMs: 10, detail: 'x',
          error: { code: 'rsync-connection-refused', message: 'The rsync server at 127.0.0.1:873 refused the connection.', hint: 'Check that rsync runs on the server.' } },
        { source: 'db', type: 'mysql', name: 'shop', status: 'ok', bytes: 10, durationMs: 10, detail: '3 tables' },
      ],
      warnings: [],
      error: { code: 'run-items-failed', params: { count: 1, items: 'www', snapshot: '2025-03-04T00-00-00Z' }, message: '1 item could not be backed up: www.', hint: null },
      logFile: '/l',
    };
    const bridge = shellBridge(lang)
      .answer('status.get', status([{ ...shopStatus, health: 'partial', lastRunStatus: 'partial', sentence: 'x' }]))
      .answer('runs.history', [run]);
    await renderWith(<App />, bridge);
    const card = await screen.findByRole('article', { name: 'Online shop' });
    expect(card.className).toContain('card-partial');
    const c = within(card);
    expect(c.getByText(lang === 'ja' ? '一部失敗' : 'Some items failed').className).toContain('badge-partial');
    await waitFor(() => expect(c.getAllByRole('alert').length).toBe(2));
    const [summary, item] = c.getAllByRole('alert');
    expect(summary!.textContent).toContain(lang === 'ja' ? '前回、一部の項目をバックアップできませんでした' : 'Some items were not backed up last time');
    expect(summary!.textContent).toContain(lang === 'ja' ? '1 件の項目をバックアップできませんでした：www' : '1 item could not be backed up: www');
    expect(item!.textContent).toContain(lang === 'ja' ? 'バックアップできなかった項目：サイトのファイル www' : 'Not backed up: Website files www');
    expect(item!.textContent).toContain('127.0.0.1:873');
  });

  describe('an interrupted restore', () => {
    const interrupted: UnfinishedRestoreDto = {
      id: 'mysql-127.0.0.1-3306-shop',
      type: 'mysql',
      target: 'database `shop` on 127.0.0.1:3306',
      jobId: 'shop',
      sourceId: 'db',
      snapshotId: '2025-03-04T00-00-00Z',
      startedAt: '2025-03-04T10:00:00.000Z',
      state: 'interrupted',
      touched: true,
      canRollBack: true,
      canFinish: true,
      rollBackNote: 'Imports the safety backup taken before the restore (_safety/2025-03-04T10-00-00Z/shop.sql.gz).',
      sentence: 'The restore of database `shop` on 127.0.0.1:3306 from snapshot 2025-03-04T00-00-00Z was interrupted during the import: it may be half restored.',
    };

    it('shows a banner with both ways out; roll back asks first, shows progress, then the result, and the banner goes', async () => {
      let current = status([shopStatus], false, [interrupted]);
      const bridge = shellBridge('en')
        .handle('status.get', () => ok(current))
        .handle('restore.rollBack', () => ok({ restoreId: 'restore-rb1' }));
      await renderWith(<App />, bridge);
      const banner = await screen.findByRole('region', { name: 'A restore was interrupted' });
      const b = within(banner);
      expect(b.getByText(interrupted.sentence)).toBeTruthy();
      expect(b.getByText(interrupted.rollBackNote)).toBeTruthy();
      expect(b.getByRole('button', { name: 'Finish the restore' })).toBeTruthy();

      await userEvent.click(b.getByRole('button', { name: 'Roll back to the safety backup' }));
      expect(bridge.callsOf('restore.rollBack')).toEqual([]); // asked first
      expect(b.getByText(/Roll back database `shop` on 127\.0\.0\.1:3306\?/)).toBeTruthy();
      await userEvent.click(b.getByRole('button', { name: 'Yes, go ahead' }));
      expect(bridge.callsOf('restore.rollBack')).toEqual([[interrupted.id]]);

      act(() => bridge.emit('restore.progress', { restoreId: 'restore-rb1', progress: { kind: 'step', sourceId: 'db', step: 'rollback', message: { code: 'text', params: { text: 'Importing the safety backup' } } } }));
      expect((await b.findByRole('status')).textContent).toContain('Working… Importing the safety backup');
      expect((b.getByRole('button', { name: 'Finish the restore' }) as HTMLButtonElement).disabled).toBe(true);

      current = status([shopStatus]);
      act(() => bridge.emit('restore.finished', { restoreId: 'restore-rb1', result: { status: 'rolled-back', steps: [{ code: 'mysql-rollback-done', params: { name: '`shop`', tables: 2, views: 0 } }], verification: [], safetyBackup: null, error: null } }));
      await waitFor(() => expect(screen.queryByRole('region', { name: 'A restore was interrupted' })).toBeNull());
      expect(screen.getByText('Rolled back: database `shop` on 127.0.0.1:3306 is as it was before the restore.')).toBeTruthy();
      expect(screen.getByText('Rolled back: `shop` is as it was before the restore (tables: 2, views: 0, from the safety backup).')).toBeTruthy();
      await userEvent.click(screen.getByRole('button', { name: 'Close' }));
      expect(screen.queryByText(/Rolled back:/)).toBeNull();
    });

    it('finish: an engine refusal is shown with its hint and the banner stays', async () => {
      const bridge = shellBridge('en')
        .answer('status.get', status([shopStatus], false, [interrupted]))
        .handle('restore.finish', () => fail('Another Kura process is already finishing or rolling back the restore.', 'Wait for it to end.', 'restore-journal-busy'));
      await renderWith(<App />, bridge);
      const banner = await screen.findByRole('region', { name: 'A restore was interrupted' });
      await userEvent.click(within(banner).getByRole('button', { name: 'Finish the restore' }));
      expect(within(banner).getByText(/Restore snapshot 2025-03-04T00-00-00Z into database `shop`/)).toBeTruthy();
      await userEvent.click(within(banner).getByRole('button', { name: 'Yes, go ahead' }));
      expect(bridge.callsOf('restore.finish')).toEqual([[interrupted.id]]);
      const alert = await within(banner).findByRole('alert');
      expect(alert.textContent).toContain('It did not work');
      expect(alert.textContent).toContain('Wait for it to end.');
    });

    it('without a safety backup only "finish" and "leave it" are offered; leaving it dismisses after a question', async () => {
      const noWayBack = { ...interrupted, canRollBack: false, rollBackNote: 'No safety backup was taken (--no-safety-backup), so it cannot be rolled back.' };
      let current = status([shopStatus], false, [noWayBack]);
      const bridge = shellBridge('en')
        .handle('status.get', () => ok(current))
        .handle('restore.dismiss', () => {
          current = status([shopStatus]);
          return ok(undefined);
        });
      await renderWith(<App />, bridge);
      const banner = await screen.findByRole('region', { name: 'A restore was interrupted' });
      expect(within(banner).queryByRole('button', { name: 'Roll back to the safety backup' })).toBeNull();
      await userEvent.click(within(banner).getByRole('button', { name: 'Leave it as it is' }));
      expect(within(banner).getByText(/stays exactly as it is now/)).toBeTruthy();
      await userEvent.click(within(banner).getByRole('button', { name: 'Yes, go ahead' }));
      expect(bridge.callsOf('restore.dismiss')).toEqual([[noWayBack.id]]);
      await waitFor(() => expect(screen.queryByRole('region', { name: 'A restore was interrupted' })).toBeNull());
    });

    it('speaks Japanese', async () => {
      const bridge = shellBridge('ja').answer('status.get', status([shopStatus], false, [{ ...interrupted, sentence: '中断されました', rollBackNote: '安全バックアップを取り込み直します。' }]));
      await renderWith(<App />, bridge, 'ja');
      const banner = await screen.findByRole('region', { name: '中断された復元があります' });
      expect(within(banner).getByRole('button', { name: '安全バックアップに戻す' })).toBeTruthy();
      expect(within(banner).getByRole('button', { name: '復元を完了する' })).toBeTruthy();
      expect(within(banner).getByRole('button', { name: 'このままにする' })).toBeTruthy();
    });
  });

  describe('in Japanese (language from the OS)', () => {
    it('shows the empty state', async () => {
      const bridge = shellBridge('ja').answer('status.get', status([]));
      await renderWith(<App />, bridge, 'en');
      expect(await screen.findByRole('heading', { name: 'バックアップはまだ設定されていません' })).toBeTruthy();
      expect(screen.getByRole('button', { name: 'バックアップを設定' })).toBeTruthy();
      expect(document.documentElement.lang).toBe('ja');
    });

    it('shows loading and error states', async () => {
      const pending = deferred<ReturnType<typeof fail>>();
      const bridge = shellBridge('ja').handle('status.get', () => pending.promise);
      await renderWith(<App />, bridge, 'ja');
      expect(await screen.findByText('読み込み中…')).toBeTruthy();
      await act(async () => pending.resolve(fail('Kura デーモンが動いていません', 'スタートメニューから Kura を起動してください。')));
      const alert = await screen.findByRole('alert');
      expect(alert.textContent).toContain('バックアップの状態を読み込めませんでした');
      expect(screen.getByRole('button', { name: '再試行' })).toBeTruthy();
    });

    it('shows a job card', async () => {
      const bridge = shellBridge('ja').answer('status.get', status([{ ...shopStatus, sentence: '3 時間前にバックアップしました' }]));
      await renderWith(<App />, bridge, 'ja');
      const card = await screen.findByRole('article', { name: 'Online shop' });
      const c = within(card);
      expect(c.getByText('正常')).toBeTruthy();
      expect(c.getByText('最後に成功したバックアップ')).toBeTruthy();
      expect(c.getByText('次回のバックアップ')).toBeTruthy();
      expect(c.getByRole('button', { name: '今すぐバックアップ' })).toBeTruthy();
      expect(c.getByRole('button', { name: '最新から復元…' })).toBeTruthy();
      expect(c.getByText('検証済み')).toBeTruthy();
      expect(screen.getByRole('button', { name: 'ダッシュボード' }).getAttribute('aria-current')).toBe('page');
    });
  });
});
