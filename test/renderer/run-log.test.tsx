import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { Result, RunDto } from '../../electron/shared/ipc-contract.js';
import { App } from '../../renderer/src/app.js';
import { useAppStore } from '../../renderer/src/stores/app-store.js';
import { deferred, fail, ok } from './fake-bridge.js';
import { runs, shellBridge, shopStatus, status } from './fixtures.js';
import { renderWith } from './render.js';

async function openRuns(bridge: ReturnType<typeof shellBridge>, lang: 'en' | 'ja' = 'en') {
  await renderWith(<App />, bridge, lang);
  act(() => useAppStore.getState().navigate({ name: 'runs' }));
}

describe('Run log', () => {
  it('shows loading, then the history with job, trigger, status, duration and size', async () => {
    const pending = deferred<ReturnType<typeof ok<RunDto[]>>>();
    const bridge = shellBridge().answer('status.get', status([shopStatus])).handle('runs.history', () => pending.promise);
    await openRuns(bridge);
    expect(await screen.findByText('Loading…')).toBeTruthy();
    await act(async () => pending.resolve(ok(runs)));
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    const failed = within(rows[1]!);
    expect(failed.getByText('Online shop')).toBeTruthy();
    expect(failed.getByText('You')).toBeTruthy();
    expect(failed.getByText('Failed')).toBeTruthy();
    expect(failed.getByText('1 min 5 s')).toBeTruthy();
    const good = within(rows[2]!);
    expect(good.getByText('Schedule')).toBeTruthy();
    expect(good.getByText('Succeeded')).toBeTruthy();
    expect(good.getByText('2 min 10 s')).toBeTruthy();
    expect(good.getByText('1.5 GB')).toBeTruthy();
  });

  it('shows an empty history and a load error', async () => {
    let answer: Result<RunDto[]> = fail('The run history is unreadable', 'Check the disk.');
    const bridge = shellBridge().answer('status.get', status([])).handle('runs.history', () => answer);
    await openRuns(bridge);
    expect((await screen.findByRole('alert')).textContent).toContain('Could not load the run history');
    answer = ok([]);
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('No runs yet.')).toBeTruthy();
  });

  it('filters by job and status through the engine', async () => {
    const bridge = shellBridge()
      .answer('status.get', status([shopStatus]))
      .handle('runs.history', (q) => ok(runs.filter((r) => (!q.status || r.status === q.status) && (!q.jobId || r.jobId === q.jobId))));
    await openRuns(bridge);
    await screen.findByRole('table');
    await waitFor(() => expect(screen.getByRole('option', { name: 'Online shop' })).toBeTruthy());
    await userEvent.selectOptions(screen.getByLabelText('Backup'), 'shop');
    await userEvent.selectOptions(screen.getByLabelText('Status'), 'failed');
    await waitFor(() => expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(2));
    expect(bridge.callsOf('runs.history').at(-1)).toEqual([{ jobId: 'shop', status: 'failed' }]);
  });

  it('shows a finished run\'s log and error; "Open log file" only in Electron', async () => {
    const bridge = shellBridge('en', 'electron')
      .answer('status.get', status([shopStatus]))
      .answer('runs.history', runs)
      .answer('runs.logTail', ['00:00:01 Connecting to db.example.com', '00:00:05 ERROR access denied'])
      .answer('runs.openLog', undefined);
    await openRuns(bridge);
    await screen.findByRole('table');
    await userEvent.click(screen.getAllByRole('button', { name: /Show the log of Online shop/ })[0]!);
    const log = await screen.findByRole('region', { name: /Run of/ });
    expect(within(log).getByText(/ERROR access denied/)).toBeTruthy();
    expect(within(log).getByRole('alert').textContent).toContain('Check the password in the job settings.');
    expect(bridge.callsOf('runs.logTail')).toEqual([['shop', 'r2', 500]]);
    await userEvent.click(within(log).getByRole('button', { name: 'Open log file' }));
    expect(bridge.callsOf('runs.openLog')).toEqual([['shop', 'r2']]);
  });

  it('streams the active run\'s lines and progress live (no "Open log file" in the browser)', async () => {
    const active: RunDto = { ...runs[1]!, runId: 'r3', status: 'running', finishedAt: null, startedAt: '2025-03-05T00:00:00.000Z', items: [] };
    const bridge = shellBridge('en', 'browser')
      .answer('status.get', status([{ ...shopStatus, health: 'running', running: { runId: 'r3', startedAt: active.startedAt } }]))
      .answer('runs.history', [active, ...runs])
      .answer('runs.logTail', ['started']);
    await openRuns(bridge);
    await screen.findByRole('table');
    await userEvent.click(screen.getAllByRole('button', { name: /Show the log of/ })[0]!);
    const detail = await screen.findByRole('region', { name: /Run of/ });
    await within(detail).findByText('started');
    expect(within(detail).queryByRole('button', { name: 'Open log file' })).toBeNull();
    act(() => {
      bridge.emit('run.log', { jobId: 'shop', runId: 'r3', line: 'dumping shop' });
      bridge.emit('run.log', { jobId: 'other', runId: 'x', line: 'not ours' });
      bridge.emit('run.progress', { jobId: 'shop', runId: 'r3', progress: { kind: 'step', sourceId: 'mysql', step: 'dump', message: { code: 'text', params: { text: 'Dumping the database shop' } } } });
    });
    expect(within(detail).getByLabelText('Log').textContent).toBe('started\ndumping shop');
    expect(within(detail).getByText(/Dumping the database shop/)).toBeTruthy();
  });

  it('speaks Japanese', async () => {
    const bridge = shellBridge('ja').answer('status.get', status([shopStatus])).answer('runs.history', runs);
    await openRuns(bridge, 'ja');
    expect(await screen.findByRole('heading', { name: '実行履歴', level: 1 })).toBeTruthy();
    const rows = within(await screen.findByRole('table')).getAllByRole('row');
    expect(within(rows[1]!).getByText('手動')).toBeTruthy();
    expect(within(rows[1]!).getByText('1分5秒')).toBeTruthy();
  });
});
