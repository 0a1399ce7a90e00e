import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { RestoreRequest } from '../../electron/shared/ipc-contract.js';
import { App } from '../../renderer/src/app.js';
import { useAppStore } from '../../renderer/src/stores/app-store.js';
import { fail, ok } from './fake-bridge.js';
import { filesPlan, mysqlPlan, olderSnapshot, shellBridge, shopStatus, snapshot, status } from './fixtures.js';
import { renderWith } from './render.js';

function restoreBridge(mode: 'electron' | 'browser' = 'electron', lang: 'en' | 'ja' = 'en') {
  return shellBridge(lang, mode)
    .answer('status.get', status([shopStatus]))
    .answer('snapshots.list', [olderSnapshot, snapshot])
    .handle('restore.plan', (req) => {
      if (req.sourceId === 'files') return ok(filesPlan);
      return ok(req.mysql?.toDatabase ? { ...mysqlPlan, overwrites: null, destructive: false, safetyBackup: null } : mysqlPlan);
    })
    .handle('restore.start', (req) => ok({ restoreId: `rs-${req.sourceId}` }));
}

describe('Restore wizard', () => {
  it('"Restore latest…" after a partial night: each item from its newest verified copy (the database from the night before)', async () => {
    const partial = { ...snapshot, status: 'partial' as const, items: snapshot.items.filter((i) => i.type !== 'mysql'), failed: [{ source: 'mysql', type: 'mysql' as const, database: null, message: 'refused' }] };
    const bridge = restoreBridge().answer('snapshots.list', [olderSnapshot, partial]);
    await renderWith(<App />, bridge);
    const card = await screen.findByRole('article', { name: 'Online shop' });
    await userEvent.click(within(card).getByRole('button', { name: 'Restore latest…' }));
    expect(await screen.findByRole('heading', { name: 'Review', level: 2 })).toBeTruthy();
    await waitFor(() => expect(bridge.callsOf('restore.plan')).toHaveLength(2));
    await userEvent.click(screen.getByRole('button', { name: 'Back' }));
    await userEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(screen.getByRole('checkbox', { name: /Database shop .*newest good copy: .*it failed in the latest backup/ })).toBeTruthy();
    const plans = bridge.callsOf('restore.plan').map((a) => a[0] as RestoreRequest);
    expect(plans).toEqual([
      { jobId: 'shop', snapshotId: partial.id, sourceId: 'files', files: { mirror: false } },
      { jobId: 'shop', snapshotId: olderSnapshot.id, sourceId: 'mysql', mysql: { safetyBackup: true, database: 'shop' } },
    ]);
  });

  it('one-click "Restore latest…": review, typed confirmation, safety backup, progress, verified result', async () => {
    const bridge = restoreBridge();
    await renderWith(<App />, bridge);
    const card = await screen.findByRole('article', { name: 'Online shop' });
    await userEvent.click(within(card).getByRole('button', { name: 'Restore latest…' }));

    expect(await screen.findByRole('heading', { name: 'Review', level: 2 })).toBeTruthy();
    expect(await screen.findByText('Will be overwritten: the database `shop` on db.example.com:3306 (tables: 12, views: 1)')).toBeTruthy();
    expect(screen.getByText(/^Import mysql\/shop\/shop\.sql\.gz \(512 MB compressed, 2 GB of SQL\) from `shop` \(10\.11\.6-MariaDB\)/)).toBeTruthy();
    expect(screen.getByText('Copy all files to rsync://backup@shop.example.com/www/.')).toBeTruthy();
    expect(screen.getByText('Nothing existing will be overwritten.')).toBeTruthy();
    expect(screen.getByText(/A safety backup of the current data is taken first/)).toBeTruthy();
    const safety = screen.getByRole('checkbox', { name: /Take a safety backup/ }) as HTMLInputElement;
    expect(safety.checked).toBe(true);
    const plans = bridge.callsOf('restore.plan').map((a) => a[0] as RestoreRequest);
    expect(plans).toEqual([
      { jobId: 'shop', snapshotId: snapshot.id, sourceId: 'files', files: { mirror: false } },
      { jobId: 'shop', snapshotId: snapshot.id, sourceId: 'mysql', mysql: { safetyBackup: true, database: 'shop' } },
    ]);

    const restore = screen.getByRole('button', { name: 'Start the restore' });
    expect((restore as HTMLButtonElement).disabled).toBe(true);
    await userEvent.type(screen.getByLabelText('To confirm, type “overwrite”'), 'overwrit');
    expect((restore as HTMLButtonElement).disabled).toBe(true);
    await userEvent.type(screen.getByLabelText('To confirm, type “overwrite”'), 'e');
    expect((restore as HTMLButtonElement).disabled).toBe(false);
    await userEvent.click(restore);

    expect(await screen.findByText('Restoring Website files…')).toBeTruthy();
    await waitFor(() => expect(bridge.callsOf('restore.start')).toHaveLength(1));
    act(() => {
      bridge.emit('restore.progress', { restoreId: 'rs-files', progress: { kind: 'files', sourceId: 'files', files: 600, bytes: 500 * 1024 ** 2, totalFiles: 1203 } });
      bridge.emit('restore.log', { restoreId: 'rs-files', line: 'sending incremental file list' });
    });
    expect(screen.getByRole('progressbar', { name: 'Restore progress' }).getAttribute('value')).toBe('50');
    expect(screen.getByLabelText('Log').textContent).toContain('sending incremental file list');
    act(() =>
      bridge.emit('restore.finished', {
        restoreId: 'rs-files',
        result: {
          status: 'success',
          steps: [{ code: 'files-restore-copied', params: { path: '/', source: 'files', to: 'rsync://backup@shop.example.com/www/', count: 1203 } }],
          verification: [{ check: { code: 'restore-check-restored-files', params: {} }, ok: true, detail: { code: 'files-detail-hashed', params: { count: 1203, bytes: 1024 ** 3 } } }],
          safetyBackup: null,
          error: null,
        },
      }),
    );
    expect(await screen.findByText('Restoring Database shop…')).toBeTruthy();
    act(() =>
      bridge.emit('restore.finished', {
        restoreId: 'rs-mysql',
        result: {
          status: 'success',
          steps: [],
          verification: [
            { check: { code: 'restore-check-tables', params: {} }, ok: true, detail: { code: 'restore-detail-all-present', params: { count: 12 } } },
            { check: { code: 'restore-check-rows', params: { table: '`order`' } }, ok: true, detail: { code: 'restore-detail-rows-equal', params: { count: 3 } } },
          ],
          safetyBackup: { path: '/mnt/backup/kura/shop/safety/shop-before-restore.sql.gz' },
          error: null,
        },
      }),
    );
    expect(await screen.findByText('The restore finished and was verified.')).toBeTruthy();
    expect(screen.getByText('1203 files, 1 GB at the target, each with the sha256 recorded in the backup')).toBeTruthy();
    expect(screen.getByText('restored files')).toBeTruthy();
    expect(screen.getByText('all 12 present')).toBeTruthy();
    expect(screen.getByText('rows in `order`')).toBeTruthy();
    expect(screen.getByText('3 as in the snapshot')).toBeTruthy();
    expect(screen.getByText('Copied "/" of files to rsync://backup@shop.example.com/www/ (1203 files transferred).')).toBeTruthy();
    expect(screen.getByText(/shop-before-restore\.sql\.gz/)).toBeTruthy();
  });

  it("in Japanese, the engine's plan and result (code + facts) are shown in Japanese, the facts as they are", async () => {
    const bridge = restoreBridge('electron', 'ja');
    await renderWith(<App />, bridge, 'ja');
    const card = await screen.findByRole('article', { name: 'Online shop' });
    await userEvent.click(within(card).getByRole('button', { name: '最新から復元…' }));
    expect(await screen.findByText('上書きされるもの：db.example.com:3306 のデータベース `shop`（テーブル 12、ビュー 1）')).toBeTruthy();
    expect(screen.getByText(/^`shop`（10\.11\.6-MariaDB）の mysql\/shop\/shop\.sql\.gz（圧縮 512 MB、SQL 2 GB）を取り込みます。/)).toBeTruthy();
    expect(screen.getByText('すべてのファイルを rsync://backup@shop.example.com/www/ にコピーします。')).toBeTruthy();
    expect(screen.getByText(/すでにデータがあります（テーブル 12、ビュー 1）/)).toBeTruthy();
    await userEvent.type(screen.getByLabelText(/確認のため/), '上書き');
    await userEvent.click(screen.getByRole('button', { name: '復元を開始' }));
    await waitFor(() => expect(bridge.callsOf('restore.start')).toHaveLength(1));
    act(() =>
      bridge.emit('restore.finished', {
        restoreId: 'rs-files',
        result: {
          status: 'success',
          steps: [{ code: 'files-restore-copied', params: { path: '/', source: 'files', to: 'rsync://backup@shop.example.com/www/', count: 1203 } }],
          verification: [{ check: { code: 'restore-check-restored-files', params: {} }, ok: true, detail: { code: 'files-detail-hashed', params: { count: 1203, bytes: 1024 ** 3 } } }],
          safetyBackup: null,
          error: null,
        },
      }),
    );
    await waitFor(() => expect(bridge.callsOf('restore.start')).toHaveLength(2));
    act(() =>
      bridge.emit('restore.finished', {
        restoreId: 'rs-mysql',
        result: {
          status: 'failed',
          steps: [{ code: 'mysql-restore-import-failed', params: {} }],
          verification: [
            { check: { code: 'restore-check-rows', params: { table: '`order`' } }, ok: false, detail: { code: 'restore-detail-rows-differ', params: { expected: 3, found: 2, diff: '-1' } } },
          ],
          safetyBackup: null,
          error: { code: 'restore-verify-failed', params: { failed: 1, count: 1 }, message: 'The restore finished but does not match the snapshot in 1 of 1 checks.', hint: null },
        },
      }),
    );
    expect(await screen.findByText('復元したファイル')).toBeTruthy();
    expect(screen.getByText('復元先のファイル 1203 個（1 GB）が、すべてバックアップに記録された sha256 と一致しました')).toBeTruthy();
    expect(screen.getByText('`order` の行数')).toBeTruthy();
    expect(screen.getByText('3 行のはずが 2 行です（-1）')).toBeTruthy();
    expect(screen.getByText('取り込みに失敗しました。')).toBeTruthy();
    expect(screen.getByText(/スナップショットと一致しません（1 項目中 1 項目）/)).toBeTruthy();
    // No sentence of the engine's reached the screen in English.
    expect(document.body.textContent).not.toMatch(/does not match|as in the snapshot|restored files|Copied "/);
  });

  it('walks job → snapshot → items → new database, without a typed confirmation', async () => {
    const bridge = restoreBridge();
    await renderWith(<App />, bridge);
    await userEvent.click(within(await screen.findByRole('navigation')).getByRole('button', { name: 'Restore' }));
    await userEvent.click(await screen.findByRole('button', { name: /Online shop/ }));
    const newest = await screen.findByRole('button', { name: /Latest/ });
    expect(within(newest).getByText('Verified')).toBeTruthy();
    expect(within(screen.getAllByRole('button', { name: /Not verified/ })[0]!).getByText('Not verified')).toBeTruthy();
    await userEvent.click(newest);
    await userEvent.click(screen.getByRole('checkbox', { name: /Website files/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await userEvent.click(screen.getByRole('radio', { name: 'Into a new database on the same server' }));
    expect(screen.getByText('Fill in where each item should go.')).toBeTruthy();
    await userEvent.type(screen.getByLabelText('New database name'), 'shop_restored');
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    expect(await screen.findByText('Nothing existing will be overwritten.')).toBeTruthy();
    expect(screen.queryByLabelText(/To confirm/)).toBeNull();
    expect(bridge.callsOf('restore.plan').map((a) => a[0])).toEqual([
      { jobId: 'shop', snapshotId: snapshot.id, sourceId: 'mysql', mysql: { safetyBackup: true, database: 'shop', toDatabase: 'shop_restored' } },
    ]);
    expect((screen.getByRole('button', { name: 'Start the restore' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it('browses the snapshot to choose the folder to restore: folders open, sizes count what is below, the choice fills the path', async () => {
    const listing = (folder: string) =>
      folder === ''
        ? { snapshotId: snapshot.id, sourceId: 'files', folder: '', entries: [
            { name: 'wp-content', kind: 'folder' as const, bytes: 5 * 1024 ** 2, files: 3, mtimeMs: Date.parse('2026-11-30T15:00:00Z') },
            { name: 'index.php', kind: 'file' as const, bytes: 18, files: 1, mtimeMs: Date.parse('2026-11-30T15:00:00Z') },
          ] }
        : { snapshotId: snapshot.id, sourceId: 'files', folder, entries: [{ name: "2026 [春] O'Neil", kind: 'folder' as const, bytes: 4 * 1024 ** 2, files: 2, mtimeMs: Date.parse('2026-11-30T15:00:00Z') }] };
    const bridge = restoreBridge().handle('restore.browse', (_req, folder) => (folder === 'gone' ? fail('"gone" is not in this snapshot of files.') : ok(listing(folder))));
    await renderWith(<App />, bridge);
    await userEvent.click(within(await screen.findByRole('navigation')).getByRole('button', { name: 'Restore' }));
    await userEvent.click(await screen.findByRole('button', { name: /Online shop/ }));
    await userEvent.click(await screen.findByRole('button', { name: /Latest/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Browse the backup…' }));
    const table = await screen.findByRole('table');
    expect(within(table).getAllByRole('row').map((r) => r.textContent)).toEqual([
      'NameSizeModifiedRestore only this',
      expect.stringMatching(/^wp-content\/5 MB3 files.*Restore only this$/),
      expect.stringMatching(/^index\.php18 B.*Restore only this$/),
    ]);
    await userEvent.click(within(table).getByRole('button', { name: /wp-content/ }));
    expect(await screen.findByRole('button', { name: /2026 \[春\] O'Neil/ })).toBeTruthy();
    expect(bridge.callsOf('restore.browse')).toEqual([
      [{ jobId: 'shop', snapshotId: snapshot.id, sourceId: 'files' }, ''],
      [{ jobId: 'shop', snapshotId: snapshot.id, sourceId: 'files' }, 'wp-content'],
    ]);
    await userEvent.click(screen.getByRole('button', { name: 'Restore only this' }));
    expect((screen.getByLabelText('Only this folder (optional)') as HTMLInputElement).value).toBe("wp-content/2026 [春] O'Neil");
    expect(screen.queryByRole('table')).toBeNull();

    // Opened again, it starts at the folder holding what is typed; a folder that is not there says so.
    await userEvent.clear(screen.getByLabelText('Only this folder (optional)'));
    await userEvent.type(screen.getByLabelText('Only this folder (optional)'), 'gone/x');
    await userEvent.click(screen.getByRole('button', { name: 'Browse the backup…' }));
    expect((await screen.findByRole('alert')).textContent).toContain('"gone" is not in this snapshot of files.');
    await userEvent.click(screen.getByRole('button', { name: 'Top' }));
    expect(await screen.findByRole('table')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect((screen.getByLabelText('Only this folder (optional)') as HTMLInputElement).value).toBe('gone/x');
  });

  it('opens a backup folder by path in the browser, and shows an unreadable folder\'s error', async () => {
    const bridge = restoreBridge('browser').handle('snapshots.list', (q) =>
      'folder' in q ? fail(`${q.folder} is not a Kura backup folder`, 'Choose the folder that contains kura-backup.json.') : ok([]),
    );
    await renderWith(<App />, bridge);
    await userEvent.click(within(await screen.findByRole('navigation')).getByRole('button', { name: 'Restore' }));
    expect(screen.queryByRole('button', { name: 'Open a backup folder…' })).toBeNull();
    await userEvent.type(await screen.findByLabelText('Backup folder path'), '/media/usb/kura');
    await userEvent.click(screen.getByRole('button', { name: 'Open' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('/media/usb/kura is not a Kura backup folder');
    expect(alert.textContent).toContain('Choose the folder that contains kura-backup.json.');
    expect(bridge.callsOf('snapshots.list')).toEqual([[{ folder: '/media/usb/kura' }]]);
  });

  it('says so when a job has no snapshots yet', async () => {
    const bridge = restoreBridge()
      .answer('snapshots.list', []);
    await renderWith(<App />, bridge);
    act(() => useAppStore.getState().navigate({ name: 'restore', jobId: 'shop' }));
    expect(await screen.findByText('There are no snapshots in this backup yet.')).toBeTruthy();
  });

  it('shows why the engine cannot plan a restore', async () => {
    const bridge = restoreBridge().handle('restore.plan', () => fail('The snapshot is missing shop.sql.gz', 'Choose an older snapshot.'));
    await renderWith(<App />, bridge);
    await userEvent.click(within(await screen.findByRole('article', { name: 'Online shop' })).getByRole('button', { name: 'Restore latest…' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Kura could not prepare this restore');
    expect(alert.textContent).toContain('Choose an older snapshot.');
    expect((screen.getByRole('button', { name: 'Start the restore' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('honours ui.navigate from the tray', async () => {
    const bridge = restoreBridge();
    await renderWith(<App />, bridge);
    await screen.findByRole('article', { name: 'Online shop' });
    act(() => bridge.emit('ui.navigate', { screen: 'restore', jobId: 'shop' }));
    expect(await screen.findByRole('heading', { name: 'Snapshot', level: 2 })).toBeTruthy();
    expect(bridge.callsOf('snapshots.list')).toEqual([[{ jobId: 'shop' }]]);
    act(() => bridge.emit('ui.navigate', { screen: 'settings' }));
    expect(await screen.findByRole('heading', { name: 'Settings', level: 1 })).toBeTruthy();
  });
});
