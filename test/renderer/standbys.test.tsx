/**
 * Standbys in the UI: the dashboard shows each one — in sync, behind, broken since … with the
 * replica's own error and what to do — in both languages; the wizard adds one to the MySQL source,
 * checks it (the monitoring password to the keychain first), offers the dump from it, says that
 * Kura does not switch servers, and saves it into the job by reference; and the job's heartbeat.
 */
import { msg } from '../../electron/shared/messages/index.js';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { JobConfigDto, StandbyDto } from '../../electron/shared/ipc-contract.js';
import { App } from '../../renderer/src/app.js';
import { useAppStore } from '../../renderer/src/stores/app-store.js';
import { STEPS, useWizardStore } from '../../renderer/src/stores/wizard-store.js';
import { ok } from './fake-bridge.js';
import { shellBridge, shopJob, shopStatus, status } from './fixtures.js';
import { renderWith } from './render.js';

const broken: StandbyDto = {
  key: 'shop/mysql/db2.example.com:3306',
  jobId: 'shop',
  jobName: 'Online shop',
  sourceId: 'mysql',
  type: 'mysql',
  standby: 'db2.example.com:3306',
  state: 'broken',
  secondsBehind: null,
  maxLagSeconds: 300,
  since: '2025-03-04T01:00:00.000Z',
  checkedAt: '2025-03-04T02:00:00.000Z',
  reason: { code: 'standby-sql-error', params: { errno: 1062, error: "Duplicate entry '100' for key 'PRIMARY'", command: 'START REPLICA;' } },
  replicaError: "Duplicate entry '100' for key 'PRIMARY'",
};
const inSync: StandbyDto = { ...broken, key: 'shop/mysql/db3.example.com:3306', standby: 'db3.example.com:3306', state: 'in-sync', secondsBehind: 0, reason: null, replicaError: null };

describe('standbys on the dashboard', () => {
  it.each(['en', 'ja'] as const)('%s: a broken one with the replica\'s error and the fix; one in sync', async (lang) => {
    const b = shellBridge(lang).answer('status.get', { ...status([shopStatus]), standbys: [broken, inSync] });
    await renderWith(<App />, b, lang);
    const section = await screen.findByRole('region', { name: lang === 'en' ? 'Standbys' : 'スタンバイ' });
    const items = within(section).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    if (lang === 'en') {
      expect(within(items[0]!).getByText(/^broken since /)).toBeTruthy();
      expect(within(items[0]!).getByText("Replication stopped on an error (1062): Duplicate entry '100' for key 'PRIMARY'")).toBeTruthy();
      expect(within(items[0]!).getByText(/then start replication again: START REPLICA;/)).toBeTruthy();
      expect(within(items[1]!).getByText('in sync')).toBeTruthy();
      expect(within(section).getByText(/Kura does not switch servers/)).toBeTruthy();
    } else {
      expect(within(items[0]!).getByText(/から停止しています$/)).toBeTruthy();
      expect(within(items[0]!).getByText("レプリケーションがエラーで停止しました（1062）：Duplicate entry '100' for key 'PRIMARY'")).toBeTruthy();
      expect(within(items[1]!).getByText('同期しています')).toBeTruthy();
      expect(within(section).getByText(/Kura はサーバーの切り替えを行いません/)).toBeTruthy();
    }
  });

  it('no standbys: no section', async () => {
    await renderWith(<App />, shellBridge('en').answer('status.get', status([shopStatus])));
    await screen.findByRole('heading', { name: 'Online shop' });
    expect(screen.queryByRole('region', { name: 'Standbys' })).toBeNull();
  });
});

describe('standbys and the heartbeat in the wizard', () => {
  it('adds a standby to the MySQL source, checks it, dumps from it, and saves it by reference', async () => {
    const b = shellBridge('en')
      .answer('status.get', status([shopStatus]))
      .answer('jobs.get', shopJob)
      .handle('secrets.has', (ref) => ok(ref === 'shop-mysql'))
      .handle('secrets.set', () => ok(undefined))
      .handle('secrets.forget', () => ok(true))
      .answer('system.freeSpace', { path: '/mnt/backup/kura', exists: true, freeBytes: 1, totalBytes: 2 })
      .handle('standbys.check', () => ok({ ...inSync, secondsBehind: 2, standby: 'db2.example.com:3306' }))
      .handle('jobs.save', (job) => ok(job as unknown as JobConfigDto))
      .answer('schedules.describe', { valid: true, error: null, problems: [], sentence: msg('schedule-daily', { times: '0:00' }), nextRuns: [] });
    await renderWith(<App />, b);
    act(() => useAppStore.getState().navigate({ name: 'setup', jobId: 'shop' }));
    expect(((await screen.findByLabelText('Name')) as HTMLInputElement).value).toBe('Online shop');
    act(() => useWizardStore.getState().goTo(STEPS.indexOf('databases')));
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Add a standby' }));
    await user.type(screen.getByLabelText('Standby host'), 'db2.example.com');
    const passwords = screen.getAllByLabelText('Password');
    await user.type(passwords[passwords.length - 1]!, 'monitor-pw-9');
    await user.click(screen.getByRole('button', { name: 'Check the standby' }));
    expect(await screen.findByText('in sync (2 s behind)')).toBeTruthy();
    expect(b.callsOf('secrets.set')).toContainEqual(['session.wizard-shop-mysql-standby1', 'monitor-pw-9']);
    expect(b.callsOf('standbys.check')[0]![0]).toMatchObject({
      jobId: 'shop',
      source: { type: 'mysql', host: 'db.example.com', port: 3306, user: 'backup', passwordRef: 'shop-mysql' },
      standby: { host: 'db2.example.com', port: 3306, user: 'kura_monitor', passwordRef: 'session.wizard-shop-mysql-standby1', maxLagSeconds: 300 },
    });
    expect(screen.getByText(/GRANT SLAVE MONITOR ON \*\.\* TO 'kura_monitor'@'%';/)).toBeTruthy();
    expect(screen.getByText(/point the shop's application at the standby/)).toBeTruthy();
    await user.click(screen.getByRole('checkbox', { name: /Take the nightly dump from the first standby/ }));

    act(() => useWizardStore.getState().goTo(STEPS.indexOf('schedule')));
    expect(await screen.findByRole('link', { name: 'healthchecks.io' })).toBeTruthy();
    await user.type(screen.getByLabelText(/Ping address/), 'https://hc-ping.com/0000-secret');
    act(() => useWizardStore.getState().goTo(STEPS.indexOf('summary')));
    await user.click(await screen.findByRole('button', { name: 'Save' }));
    await screen.findByText(/saved/i);
    const saved = b.callsOf('jobs.save')[0]![0] as JobConfigDto;
    const mysql = saved.sources.find((s) => s.type === 'mysql') as Extract<JobConfigDto['sources'][number], { type: 'mysql' }>;
    expect(mysql.standbys).toEqual([{ host: 'db2.example.com', port: 3306, user: 'kura_monitor', maxLagSeconds: 300, passwordRef: 'shop-mysql-standby1' }]);
    expect(mysql.dumpFromStandby).toEqual({ maxLagSeconds: 300 });
    expect(saved.alerts).toEqual({ heartbeat: { urlRef: 'shop-heartbeat' } });
    expect(b.callsOf('secrets.set')).toContainEqual(['shop-heartbeat', 'https://hc-ping.com/0000-secret']);
    expect(JSON.stringify(saved)).not.toMatch(/monitor-pw-9|0000-secret/);
  });

  it("keeps each standby's own keychain entry: a hand-made one, and after the first standby is removed", async () => {
    const job: JobConfigDto = {
      ...shopJob,
      sources: shopJob.sources.map((s) =>
        s.type === 'mysql'
          ? {
              ...s,
              standbys: [
                { host: 'db2.example.com', port: 3306, user: 'kura_monitor', passwordRef: 'db2-monitor', maxLagSeconds: 300 },
                { host: 'db3.example.com', port: 3306, user: 'kura_monitor', passwordRef: 'db3-monitor', maxLagSeconds: 60 },
              ],
            }
          : s,
      ),
    };
    const b = shellBridge('en')
      .answer('status.get', status([shopStatus]))
      .answer('jobs.get', job)
      .handle('secrets.has', (ref) => ok(['shop-mysql', 'db2-monitor', 'db3-monitor'].includes(ref as string)))
      .handle('secrets.set', () => ok(undefined))
      .handle('secrets.forget', () => ok(true))
      .answer('system.freeSpace', { path: '/mnt/backup/kura', exists: true, freeBytes: 1, totalBytes: 2 })
      .handle('standbys.check', () => ok({ ...inSync, standby: 'db3.example.com:3306' }))
      .handle('jobs.save', (j) => ok(j as unknown as JobConfigDto))
      .answer('schedules.describe', { valid: true, error: null, problems: [], sentence: msg('schedule-daily', { times: '0:00' }), nextRuns: [] });
    await renderWith(<App />, b);
    act(() => useAppStore.getState().navigate({ name: 'setup', jobId: 'shop' }));
    expect(((await screen.findByLabelText('Name')) as HTMLInputElement).value).toBe('Online shop');
    act(() => useWizardStore.getState().goTo(STEPS.indexOf('databases')));
    const user = userEvent.setup();
    await user.click((await screen.findAllByRole('button', { name: 'Remove this standby' }))[0]!);
    await user.click(screen.getByRole('button', { name: 'Check the standby' }));
    expect(await screen.findByText('in sync')).toBeTruthy();
    expect(b.callsOf('standbys.check')[0]![0]).toMatchObject({ standby: { host: 'db3.example.com', passwordRef: 'db3-monitor' } });
    // A new standby gets an entry of its own, not db3's.
    await user.click(screen.getByRole('button', { name: 'Add a standby' }));
    const hosts = screen.getAllByLabelText('Standby host');
    await user.type(hosts[hosts.length - 1]!, 'db4.example.com');
    const passwords = screen.getAllByLabelText('Password');
    await user.type(passwords[passwords.length - 1]!, 'db4-pw');
    act(() => useWizardStore.getState().goTo(STEPS.indexOf('summary')));
    await user.click(await screen.findByRole('button', { name: 'Save' }));
    await screen.findByText(/saved/i);
    const saved = b.callsOf('jobs.save')[0]![0] as JobConfigDto;
    const mysql = saved.sources.find((s) => s.type === 'mysql') as Extract<JobConfigDto['sources'][number], { type: 'mysql' }>;
    expect(mysql.standbys).toEqual([
      { host: 'db3.example.com', port: 3306, user: 'kura_monitor', maxLagSeconds: 60, passwordRef: 'db3-monitor' },
      { host: 'db4.example.com', port: 3306, user: 'kura_monitor', maxLagSeconds: 300, passwordRef: 'shop-mysql-standby1' },
    ]);
    expect(b.callsOf('secrets.set')).toContainEqual(['shop-mysql-standby1', 'db4-pw']);
  });
});
