/**
 * One time zone on every screen: the job's (its schedule's, else the machine's), labelled when the
 * viewer's differs — the browser of `kura serve` over `ssh -L` is often elsewhere. The viewer here is
 * pinned to UTC, the machine is in Tokyo and a second job runs by New York's clock, so a time said in
 * the browser's zone, or one zone on the card and another in its sentence, cannot pass.
 */
process.env.TZ = 'UTC';

import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeAll, describe, expect, it } from 'vitest';
import type { JobConfigDto, JobStatusDto, RunDto, UnfinishedRestoreDto } from '../../electron/shared/ipc-contract.js';
import { msg, whenParam } from '../../electron/shared/messages/index.js';
import { App } from '../../renderer/src/app.js';
import { useAppStore } from '../../renderer/src/stores/app-store.js';
import { appInfo, olderSnapshot, runs, shellBridge, shopJob, shopStatus, snapshot, status } from './fixtures.js';
import { renderWith } from './render.js';

const MACHINE = 'Asia/Tokyo';
const NY = 'America/New_York';

// 02:05 UTC is 11:05 in Tokyo and 21:05 the day before in New York; "now" is 03:00 UTC (22:00 there: still "today").
const FINISHED = '2025-03-04T02:05:00.000Z';
const NOW = '2025-03-04T03:00:00.000Z';

/** A card as the engine sends it today: the sentence's moment carries no zone. */
function card(jobId: string, name: string): JobStatusDto {
  return {
    ...shopStatus,
    jobId,
    name,
    sentence: msg('health-ok', { at: whenParam(FINISHED, NOW) }),
    lastSuccessAt: FINISHED,
    lastRunAt: FINISHED,
    nextRunAt: '2025-03-04T15:00:00.000Z',
  };
}

const blogJob: JobConfigDto = { ...shopJob, id: 'blog', name: 'Blog', schedule: { cron: '0 10 * * *', timezone: NY } };

function bridge(machineZone = MACHINE, lang: 'en' | 'ja' = 'en') {
  return shellBridge(lang)
    .answer('app.info', { ...appInfo(lang), timeZone: machineZone })
    .answer('jobs.list', [shopJob, blogJob])
    .answer('status.get', status([card('shop', 'Online shop'), card('blog', 'Blog')]));
}

function factsOf(article: HTMLElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const dt of article.querySelectorAll('dt')) out[dt.textContent ?? ''] = dt.nextElementSibling?.textContent ?? '';
  return out;
}

beforeAll(() => {
  expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe('UTC');
});

describe('Times in the job’s zone', () => {
  it('says every time on a card in the job’s zone, labelled, the sentence agreeing with "last good backup"', async () => {
    await renderWith(<App />, bridge());
    const shop = await screen.findByRole('article', { name: 'Online shop' });
    // A job without a zone runs by the machine's clock (Tokyo), not the browser's (UTC).
    expect(await within(shop).findByText('Last backup today 11:05 (Asia/Tokyo) — OK')).toBeTruthy();
    expect(factsOf(shop)).toMatchObject({ 'Last good backup': 'Mar 4, 2025, 11:05 AM (Asia/Tokyo)', 'Next backup': 'Mar 5, 2025, 12:00 AM (Asia/Tokyo)' });

    // A job that names its zone is said in it, everywhere on its card.
    const blog = screen.getByRole('article', { name: 'Blog' });
    expect(await within(blog).findByText('Last backup today 21:05 (America/New_York) — OK')).toBeTruthy();
    expect(factsOf(blog)).toMatchObject({ 'Last good backup': 'Mar 3, 2025, 9:05 PM (America/New_York)', 'Next backup': 'Mar 4, 2025, 10:00 AM (America/New_York)' });

    // The 2:05 of the browser's zone is nowhere.
    expect(document.body.textContent).not.toMatch(/\b0?2:05\b/);
  });

  it('says when an unfinished restore started in its job’s zone, labelled', async () => {
    const restore: UnfinishedRestoreDto = {
      id: 'mysql-db-shop',
      type: 'mysql',
      target: 'database `shop`',
      jobId: 'blog',
      sourceId: 'db',
      snapshotId: 'snap',
      startedAt: FINISHED,
      state: 'interrupted',
      touched: true,
      canRollBack: true,
      canFinish: true,
      rollBackNote: 'Imports the safety backup.',
      // What the engine rendered on the machine, in its own zone and unlabelled: not what the banner says.
      sentence: 'The restore … (started Mar 4, 2025, 11:05 AM) was interrupted',
      message: msg('restore-summary-interrupted', { target: 'database `shop`', snapshot: 'snap', started: FINISHED, step: 'import' }),
    };
    await renderWith(<App />, bridge().answer('status.get', status([card('blog', 'Blog')], false, [restore])));
    expect(await screen.findByText(/\(started Mar 3, 2025, 9:05 PM \(America\/New_York\)\) was interrupted during the import/)).toBeTruthy();
  });

  it('labels the weekly report’s hour with the machine’s zone, which it is sent by', async () => {
    await renderWith(<App />, bridge().answer('secrets.has', false));
    await screen.findByRole('heading', { level: 1 });
    act(() => useAppStore.getState().navigate({ name: 'settings' }));
    await userEvent.click(await screen.findByRole('checkbox', { name: 'Send alerts by e-mail' }));
    expect(await screen.findByLabelText('Time (Asia/Tokyo)')).toBeTruthy();
  });

  it('labels nothing when the viewer is in the job’s zone', async () => {
    await renderWith(<App />, bridge('UTC').answer('secrets.has', false));
    const shop = await screen.findByRole('article', { name: 'Online shop' });
    expect(await within(shop).findByText('Last backup today 02:05 — OK')).toBeTruthy();
    expect(factsOf(shop)['Last good backup']).toBe('Mar 4, 2025, 2:05 AM');
    expect(document.body.textContent).not.toContain('(UTC)');
    act(() => useAppStore.getState().navigate({ name: 'settings' }));
    await userEvent.click(await screen.findByRole('checkbox', { name: 'Send alerts by e-mail' }));
    expect(await screen.findByLabelText('Time')).toBeTruthy();
  });

  it('says the card in Japanese in the job’s zone too', async () => {
    await renderWith(<App />, bridge(MACHINE, 'ja'), 'ja');
    const shop = await screen.findByRole('article', { name: 'Online shop' });
    expect(await within(shop).findByText('前回のバックアップ: 今日 11:05 (Asia/Tokyo) — 正常')).toBeTruthy();
    expect(Object.values(factsOf(shop))[0]).toMatch(/11:05 \(Asia\/Tokyo\)$/);
  });

  it('says the run history and a run’s title in each run’s job zone, labelled', async () => {
    const blogRun: RunDto = {
      ...runs[1]!,
      runId: 'b1',
      jobId: 'blog',
      status: 'failed',
      // 05:00 UTC on Mar 10 is 1:00 AM in New York (summer time began Mar 9); 01:00 UTC on Mar 4 is 8:00 PM the day before.
      warnings: [msg('s3-prune-locked', { snapshot: 'old', address: 's3://bucket/kura', until: '2025-03-10T05:00:00.000Z' })],
      error: { code: 'restore-running', params: { target: 'shop', pid: 42, host: 'pc', started: '2025-03-04T01:00:00.000Z' }, message: 'A restore of shop is already running', hint: null },
    };
    const b = bridge().answer('runs.history', [runs[0]!, blogRun]).answer('runs.logTail', []);
    await renderWith(<App />, b);
    act(() => useAppStore.getState().navigate({ name: 'runs' }));
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row');
    // runs[0] started 12:00 UTC (21:00 in Tokyo); runs[1] 00:00 UTC (19:00 the day before in New York).
    expect(await within(rows[1]!).findByRole('button', { name: /Mar 4, 2025, 9:00 PM \(Asia\/Tokyo\)/ })).toBeTruthy();
    expect(await within(rows[2]!).findByRole('button', { name: /Mar 3, 2025, 7:00 PM \(America\/New_York\)/ })).toBeTruthy();
    await userEvent.click(within(rows[2]!).getByRole('button'));
    expect((await screen.findByRole('heading', { level: 2, name: /Mar 3, 2025, 7:00 PM \(America\/New_York\)/ })).textContent).toContain('(America/New_York)');
    expect(table.textContent).not.toMatch(/12:00 PM|Mar 4, 2025, 12:00 AM/);
    // The engine's sentences about the run (a warning, its error) say their times the same way.
    expect(await screen.findByText(/locked until Mar 10, 2025, 1:00 AM \(America\/New_York\); it is removed/)).toBeTruthy();
    expect(screen.getByText(/started Mar 3, 2025, 8:00 PM \(America\/New_York\)\)/)).toBeTruthy();
  });

  it('lists a job’s snapshots in the restore wizard in the job’s zone, labelled', async () => {
    const b = bridge().answer('snapshots.list', [olderSnapshot, snapshot]);
    await renderWith(<App />, b);
    await userEvent.click(within(await screen.findByRole('navigation')).getByRole('button', { name: 'Restore' }));
    await userEvent.click(await screen.findByRole('button', { name: /Online shop/ }));
    expect(await screen.findByText('Mar 4, 2025, 9:00 AM (Asia/Tokyo)')).toBeTruthy();
    expect(screen.getByText('Mar 3, 2025, 9:00 AM (Asia/Tokyo)')).toBeTruthy();
  });
});
