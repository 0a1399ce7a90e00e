/**
 * Bugs the end-to-end journey (test/e2e/admin-journey.test.ts) found in the real UI, pinned here
 * at component level so they stay fixed even where the e2e run is not available:
 * - the first "Test connection" ticked every database but checked the privileges of none, so a
 *   missing GRANT stayed hidden until the night's backup failed;
 * - a failed backup showed only "failed" on the dashboard, not why or what to do;
 * - a restore failing on DEFINERs told the admin to use "Make me the owner of views and routines",
 *   an option the restore wizard did not have.
 */
import { verbatim } from '../../electron/shared/messages/index.js';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { JobConfigDto, RestoreRequest } from '../../electron/shared/ipc-contract.js';
import { App } from '../../renderer/src/app.js';
import { ok } from './fake-bridge.js';
import { mysqlPlan, runs, shellBridge, shopStatus, snapshot, status } from './fixtures.js';
import { renderWith } from './render.js';

describe('findings of the e2e journey', () => {
  it('checks the privileges of the databases the first connection test ticks', async () => {
    const bridge = shellBridge('en', 'browser')
      .answer('status.get', status([]))
      .answer('system.freeSpace', { path: '/mnt/backup', exists: true, freeBytes: 1024 ** 3, totalBytes: 2 * 1024 ** 3 })
      .handle('secrets.set', () => ok(undefined))
      .answer('sources.testFiles', { entries: ['html/'] })
      .handle('sources.testMysql', (arg) =>
        ok({
          serverVersion: '10.11.6-MariaDB',
          databases: ['shop'],
          // Like the engine: privileges are checked only for the databases it is given.
          missingPrivileges: arg.databases?.includes('shop')
            ? [{ database: 'shop', privilege: 'TRIGGER', grant: "GRANT TRIGGER ON `shop`.* TO 'backup'@'%';" }]
            : [],
        }),
      )
      .handle('jobs.save', (job) => ok(job as unknown as JobConfigDto));
    await renderWith(<App />, bridge);
    await userEvent.click(await screen.findByRole('button', { name: 'Set up a backup' }));
    await userEvent.type(screen.getByLabelText('Name'), 'Shop');
    await userEvent.type(screen.getByLabelText('Backup folder'), '/mnt/backup');
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await userEvent.click(await screen.findByRole('radio', { name: /Servers on this network/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await userEvent.click(await screen.findByRole('checkbox', { name: 'Back up the website files' }));
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByRole('heading', { name: /Step 4 of 9/ });
    await userEvent.type(screen.getByLabelText('User name'), 'backup');
    await userEvent.click(screen.getByRole('button', { name: 'Test connection' }));
    const warning = await screen.findByRole('alert');
    expect(warning.textContent).toContain('The backup user lacks some privileges');
    expect(warning.textContent).toContain("GRANT TRIGGER ON `shop`.* TO 'backup'@'%';");
    expect((screen.getByRole('checkbox', { name: 'shop' }) as HTMLInputElement).checked).toBe(true);
    expect(bridge.callsOf('sources.testMysql').map((a) => (a[0] as { databases: string[] }).databases)).toEqual([[], ['shop']]);
  });

  it('says on the dashboard why the last backup failed and what to do', async () => {
    const failed = { ...shopStatus, health: 'failed' as const, lastRunStatus: 'failed' as const, sentence: verbatim('Last backup today 12:00 — failed') };
    const bridge = shellBridge('en').answer('status.get', status([failed])).answer('runs.history', [...runs].reverse());
    await renderWith(<App />, bridge);
    const card = await screen.findByRole('article', { name: 'Online shop' });
    const alert = await within(card).findByRole('alert');
    expect(alert.textContent).toContain('The last backup failed');
    expect(alert.textContent).toContain('MySQL refused the password for backup@db.example.com');
    expect(alert.textContent).toContain('Check the password in the job settings.');
    expect(bridge.callsOf('runs.history')).toEqual([[{ jobId: 'shop' }]]);
  });

  it('shows no failure box when the last backup succeeded', async () => {
    const bridge = shellBridge('en').answer('status.get', status([shopStatus])).answer('runs.history', runs);
    await renderWith(<App />, bridge);
    const card = await screen.findByRole('article', { name: 'Online shop' });
    expect(within(card).queryByRole('alert')).toBeNull();
    expect(bridge.callsOf('runs.history')).toEqual([]);
  });

  it('offers "Make me the owner of views and routines" for a database restore and sends it', async () => {
    const bridge = shellBridge('en')
      .answer('status.get', status([shopStatus]))
      .answer('snapshots.list', [snapshot])
      .handle('restore.plan', () => ok({ ...mysqlPlan, overwrites: null, destructive: false, safetyBackup: null }));
    await renderWith(<App />, bridge);
    await userEvent.click(await screen.findByRole('button', { name: 'Restore' }));
    await userEvent.click(await screen.findByRole('button', { name: /Online shop/ }));
    await userEvent.click(await screen.findByRole('button', { name: /Latest/ }));
    await userEvent.click(await screen.findByRole('checkbox', { name: /Website files/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    await userEvent.click(await screen.findByRole('radio', { name: 'Into a new database on the same server' }));
    await userEvent.type(screen.getByLabelText('New database name'), 'shop_copy');
    const owner = screen.getByRole('checkbox', { name: 'Make me the owner of views and routines' });
    expect(owner.getAttribute('aria-describedby')).toBeTruthy();
    await userEvent.click(owner);
    await userEvent.click(screen.getByRole('button', { name: 'Review' }));
    await waitFor(() => expect(bridge.callsOf('restore.plan')).toHaveLength(1));
    const req = bridge.callsOf('restore.plan')[0]![0] as RestoreRequest;
    expect(req.mysql).toEqual({ safetyBackup: true, stripDefiners: true, database: 'shop', toDatabase: 'shop_copy' });
  });
});
