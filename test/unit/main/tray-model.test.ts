import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  TRAY_HEALTHS,
  trayModel,
  type MenuItemModel,
  type TrayJob,
  type TrayState,
} from '../../../electron/main/tray/tray-model.js';
import { msg, verbatim } from '../../../electron/shared/messages/index.js';
import { render } from '../../../electron/shared/messages/render.js';
import { jobHealth, healthSnapshot } from '../../../electron/engine/scheduler/health.js';
import { emptyJobState } from '../../../electron/engine/scheduler/scheduler-state.js';

/** The tray's words from the catalogue, in a language. */
function trayLabels(lang: 'en' | 'ja') {
  const say = (code: Parameters<typeof render>[1]) => render(lang, code, {} as never).message;
  return {
    backupNow: say('tray-backup-now'),
    restore: say('tray-restore'),
    open: say('tray-open'),
    pause: say('tray-pause'),
    startAtLogin: say('tray-start-at-login'),
    quit: say('tray-quit'),
    pausedNotice: say('tray-paused-notice'),
    resolveRestore: say('tray-resolve-restore'),
    jobStatus: (name: string, sentence: string) => render(lang, 'tray-job-status', { name, sentence }).message,
    restoreStatus: (sentence: string) => render(lang, 'tray-restore-status', { sentence }).message,
  };
}
import { MENU_LABEL_MAX, truncateText, WINDOWS_TOOLTIP_MAX } from '../../../electron/main/tray/tray-text.js';

const resources = fileURLToPath(new URL('../../../resources/', import.meta.url));

const SHOP_SENTENCE = 'Backed up 2 hours ago';
const BLOG_SENTENCE = 'Last backup failed: the database refused the password';
// Verbatim texts stand for the engine's sentences here: the tray says them as they are.
const shop: TrayJob = { id: 'shop', name: 'Shop site', health: 'ok', sentence: verbatim(SHOP_SENTENCE) };
const blog: TrayJob = { id: 'blog', name: 'Blog', health: 'failed', sentence: verbatim(BLOG_SENTENCE) };

function state(over: Partial<TrayState> = {}): TrayState {
  return {
    overall: 'ok',
    jobs: [shop],
    paused: false,
    startAtLogin: true,
    running: false,
    language: 'en',
    platform: 'win32',
    ...over,
  };
}

const find = (menu: MenuItemModel[], id: string) => menu.find((i) => i.id === id);
const ids = (menu: MenuItemModel[]) => menu.map((i) => i.id);

describe('trayModel: every health × language × platform', () => {
  const platforms: NodeJS.Platform[] = ['win32', 'darwin', 'linux'];
  for (const platform of platforms) {
    for (const language of ['en', 'ja'] as const) {
      it.each(TRAY_HEALTHS)(`${platform}/${language}/%s`, (health) => {
        const m = trayModel(state({ overall: health, jobs: [{ ...shop, health }], language, platform }));
        const L = trayLabels(language);

        // The icon names a file that exists, in the platform's format.
        expect(m.icon.health).toBe(health);
        expect(existsSync(join(resources, m.icon.file))).toBe(true);
        if (platform === 'win32') expect(m.icon.file).toBe(`tray/win/tray-${health}.ico`);
        if (platform === 'darwin') expect(m.icon.file).toBe(`tray/mac/tray-${health}Template.png`);
        if (platform === 'linux') {
          expect(m.icon.file).toBe(`tray/linux/22/tray-${health}.png`);
          expect(existsSync(join(resources, m.icon.file.replace('.png', '@2x.png')))).toBe(true);
        }

        // Tooltip: app name and the (single) job's sentence.
        expect(m.tooltip).toBe(`Kura — ${SHOP_SENTENCE}`);

        // Menu: status line, back up, restore, open, pause, start at login, quit — in the language.
        expect(ids(m.menu)).toEqual(['status:shop', 'sep-status', 'backup-now', 'restore', 'sep-actions', 'open', 'pause', 'start-at-login', 'sep-quit', 'quit']);
        expect(find(m.menu, 'status:shop')).toMatchObject({ kind: 'status', health, jobId: 'shop', label: L.jobStatus('Shop site', SHOP_SENTENCE) });
        expect(find(m.menu, 'backup-now')).toEqual({ kind: 'action', id: 'backup-now', label: L.backupNow, enabled: true, action: { name: 'backup-now', jobId: 'shop' } });
        expect(find(m.menu, 'restore')).toMatchObject({ kind: 'action', label: L.restore, enabled: true, action: { name: 'restore' } });
        expect(find(m.menu, 'open')).toMatchObject({ label: L.open, action: { name: 'open' } });
        expect(find(m.menu, 'pause')).toMatchObject({ label: L.pause, action: { name: 'pause' } });
        expect(find(m.menu, 'start-at-login')).toMatchObject({ kind: 'checkbox', label: L.startAtLogin, checked: true });
        expect(find(m.menu, 'quit')).toMatchObject({ label: L.quit, action: { name: 'quit' } });
      });
    }
  }

  it('speaks Japanese in Japanese', () => {
    const labels = trayModel(state({ language: 'ja' })).menu.flatMap((i) => ('label' in i ? [i.label] : []));
    expect(labels).toEqual(expect.arrayContaining(['今すぐバックアップ', '復元…', 'Kura を開く', 'スケジュールを一時停止', 'ログイン時に起動', 'Kura を終了']));
    expect(labels.join('')).not.toMatch(/Back up now|Quit/);
  });
});

describe('trayModel: state', () => {
  it('shows the running icon and disables "Back up now" while a backup runs', () => {
    const m = trayModel(state({ overall: 'ok', running: true }));
    expect(m.icon.file).toBe('tray/win/tray-running.ico');
    expect(find(m.menu, 'backup-now')).toMatchObject({ enabled: false });
  });

  it('toggles "Pause schedules" into "Resume schedules" and says so at the top', () => {
    const running = trayModel(state({ paused: false }));
    expect(find(running.menu, 'pause')).toBeDefined();
    expect(find(running.menu, 'resume')).toBeUndefined();
    expect(find(running.menu, 'paused')).toBeUndefined();

    const paused = trayModel(state({ paused: true, language: 'ja' }));
    expect(find(paused.menu, 'pause')).toBeUndefined();
    expect(find(paused.menu, 'resume')).toMatchObject({ kind: 'action', label: 'スケジュールを再開', action: { name: 'resume' } });
    expect(paused.menu[0]).toMatchObject({ kind: 'status', id: 'paused', label: trayLabels('ja').pausedNotice });
    expect(paused.tooltip).toBe(`Kura — 一時停止中 — ${SHOP_SENTENCE}`);
  });

  it('reflects "Start at login"', () => {
    expect(find(trayModel(state({ startAtLogin: false })).menu, 'start-at-login')).toMatchObject({ checked: false });
  });

  it('with several jobs: a status line each, and "Back up now" becomes a submenu naming each job', () => {
    const m = trayModel(state({ overall: 'failed', jobs: [shop, blog] }));
    const statuses = m.menu.filter((i) => i.kind === 'status');
    expect(statuses.map((s) => s.id)).toEqual(['status:shop', 'status:blog']);
    expect(statuses[1]).toMatchObject({ health: 'failed', label: `Blog — ${BLOG_SENTENCE}` });
    const backup = find(m.menu, 'backup-now');
    expect(backup).toMatchObject({ kind: 'submenu', enabled: true, label: 'Back up now' });
    expect(backup?.kind === 'submenu' && backup.items).toEqual([
      { kind: 'action', id: 'backup-now:shop', label: 'Shop site', enabled: true, action: { name: 'backup-now', jobId: 'shop' } },
      { kind: 'action', id: 'backup-now:blog', label: 'Blog', enabled: true, action: { name: 'backup-now', jobId: 'blog' } },
    ]);
    // The tooltip names the job that is in trouble.
    expect(m.tooltip).toBe(`Kura — Blog: ${BLOG_SENTENCE}`);
  });

  it('several jobs, all fine: one calm sentence', () => {
    const m = trayModel(state({ jobs: [shop, { ...blog, health: 'ok', sentence: verbatim('Backed up today') }] }));
    expect(m.tooltip).toBe('Kura — All 2 backups OK');
    expect(trayModel(state({ language: 'ja', jobs: [shop, { ...shop, id: 'x' }] })).tooltip).toBe('Kura — すべてのバックアップ (2件) は正常です');
  });

  it('with no jobs: says so, and greys out what cannot act yet', () => {
    const m = trayModel(state({ overall: 'never', jobs: [] }));
    expect(m.icon.file).toBe('tray/win/tray-never.ico');
    expect(m.tooltip).toBe('Kura — No backup jobs yet');
    expect(m.menu[0]).toMatchObject({ kind: 'status', id: 'no-jobs' });
    expect(find(m.menu, 'backup-now')).toEqual({ kind: 'submenu', id: 'backup-now', label: 'Back up now', enabled: false, items: [] });
    expect(find(m.menu, 'restore')).toMatchObject({ enabled: false });
    expect(find(m.menu, 'open')).toMatchObject({ enabled: true });
  });

  it('an unfinished restore leads the menu, in both languages, and one item opens its banner', () => {
    for (const language of ['en', 'ja'] as const) {
      const L = trayLabels(language);
      const sentence = language === 'ja' ? '127.0.0.1:3306 のデータベース `shop` の復元が取り込み中に中断されました。' : 'The restore of database `shop` on 127.0.0.1:3306 was interrupted during the import.';
      const m = trayModel(state({ overall: 'failed', language, overallSentence: verbatim(sentence), restores: [{ id: 'mysql-127.0.0.1-3306-shop', sentence }] }));
      expect(ids(m.menu).slice(0, 4)).toEqual(['restore:mysql-127.0.0.1-3306-shop', 'resolve-restore', 'sep-restores', 'status:shop']);
      expect(find(m.menu, 'restore:mysql-127.0.0.1-3306-shop')).toMatchObject({ kind: 'status', health: 'failed', label: truncateText(L.restoreStatus(sentence), MENU_LABEL_MAX) });
      expect(find(m.menu, 'resolve-restore')).toMatchObject({ kind: 'action', label: L.resolveRestore, enabled: true, action: { name: 'resolve-restore' } });
      expect(m.icon.health).toBe('failed');
      expect(m.tooltip).toContain(sentence.slice(0, 20));
    }
  });

  it("uses the engine's overall sentence when given one", () => {
    const m = trayModel(state({ overallSentence: msg('health-paused', { sentence: JSON.stringify(msg('health-all-ok', { count: 3 })) }) }));
    expect(m.tooltip).toBe('Kura — Paused — All 3 backups OK');
  });

  it('falls back to a health phrase when a job has no sentence', () => {
    const m = trayModel(state({ overall: 'overdue', jobs: [{ ...shop, health: 'overdue', sentence: null }], language: 'ja' }));
    expect(m.tooltip).toBe('Kura — バックアップが滞っています');
  });

  it('picks the Linux icon size asked for', () => {
    expect(trayModel(state({ platform: 'linux', linuxIconSize: 32 })).icon.file).toBe('tray/linux/32/tray-ok.png');
    expect(trayModel(state({ platform: 'freebsd' })).icon.file).toBe('tray/linux/22/tray-ok.png');
  });

  it('gives every menu item a unique id', () => {
    const m = trayModel(state({ jobs: [shop, blog], paused: true }));
    const all = m.menu.flatMap((i) => (i.kind === 'submenu' ? [i, ...i.items] : [i])).map((i) => i.id);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('tooltip length', () => {
  const long = 'The backup of the shop database failed because the server closed the connection while the dump was being written to the backup disk on drive D';

  it('fits Windows’ 127-character limit, cut at a word with an ellipsis', () => {
    const m = trayModel(state({ jobs: [{ ...shop, sentence: verbatim(long) }] }));
    expect(m.tooltip.length).toBeLessThanOrEqual(WINDOWS_TOOLTIP_MAX);
    expect(m.tooltip).toMatch(/^Kura — The backup of the shop database failed .*\w…$/);
    // Cut between words, not inside one.
    const kept = m.tooltip.slice(0, -1);
    expect(long.startsWith(kept.slice('Kura — '.length))).toBe(true);
    expect(long[kept.length - 'Kura — '.length]).toBe(' ');
  });

  it('is not cut on macOS and Linux, which show long tooltips', () => {
    for (const platform of ['darwin', 'linux'] as const) {
      expect(trayModel(state({ platform, jobs: [{ ...shop, sentence: verbatim(long) }] })).tooltip).toBe(`Kura — ${long}`);
    }
  });

  it('cuts Japanese (no spaces) between characters', () => {
    const ja = 'データベースのバックアップに失敗しました。'.repeat(8);
    const m = trayModel(state({ language: 'ja', jobs: [{ ...shop, sentence: verbatim(ja) }] }));
    expect(m.tooltip.length).toBe(WINDOWS_TOOLTIP_MAX);
    expect(m.tooltip.endsWith('…')).toBe(true);
  });

  it('never splits a surrogate pair', () => {
    const text = 'a'.repeat(9) + '😀' + 'b'.repeat(20);
    const cut = truncateText(text, 11); // the cut would fall between the emoji's two halves
    expect(cut).toBe('a'.repeat(9) + '…');
    expect(truncateText(text, 12)).toBe('a'.repeat(9) + '😀' + '…');
  });

  it('leaves short text alone', () => {
    expect(truncateText('Backed up', 127)).toBe('Backed up');
  });

  it('keeps menu status lines to a readable width', () => {
    const m = trayModel(state({ platform: 'darwin', jobs: [{ ...shop, sentence: verbatim(long) }] }));
    const line = find(m.menu, 'status:shop');
    expect(line?.kind === 'status' && line.label.length).toBeLessThanOrEqual(80);
  });
});

describe('the tray in Japanese, from the health model', () => {
  // A real health snapshot (engine/scheduler/health.ts), said by the tray in Japanese: no English left
  // but the names the admin gave (job names) and "Kura".
  const now = new Date('2025-06-05T00:30:00Z');
  const job = { id: 'shop', name: 'ショップ', schedule: { cron: '0 0 * * *', timezone: 'Asia/Tokyo' } };
  const states = {
    ok: { ...emptyJobState(), scheduledSince: '2025-05-01T00:00:00.000Z', lastSuccessAt: '2025-06-04T15:00:40.000Z', lastResult: { status: 'success' as const, trigger: 'schedule' as const, runId: 'r', startedAt: '2025-06-04T15:00:00.000Z', finishedAt: '2025-06-04T15:00:40.000Z', error: null } },
    overdue: { ...emptyJobState(), scheduledSince: '2025-05-01T00:00:00.000Z', lastSuccessAt: '2025-06-01T00:00:00.000Z', lastResult: { status: 'failed' as const, trigger: 'schedule' as const, runId: 'r', startedAt: '2025-06-04T15:00:00.000Z', finishedAt: '2025-06-04T15:01:00.000Z', error: null } },
    never: undefined,
  };
  it.each(Object.entries(states))('%s: tooltip and every label are Japanese', (_name, st) => {
    for (const paused of [false, true]) {
      const h = jobHealth({ job, state: st, now, running: null, pendingAt: null, displayTimeZone: 'Asia/Tokyo' });
      const snap = healthSnapshot([h, { ...h, jobId: 'blog', name: 'ブログ' }], now, paused);
      const m = trayModel({
        overall: snap.overall.health,
        jobs: snap.jobs.map((j) => ({ id: j.jobId, name: j.name, health: j.health, sentence: j.sentence })),
        paused,
        startAtLogin: true,
        running: false,
        language: 'ja',
        platform: 'darwin',
        overallSentence: snap.overall.sentence,
        // A machine in Japan: the job's zone is its own, no zone label (a fact, said as it is) is added.
        machineTimeZone: 'Asia/Tokyo',
      });
      const texts = [m.tooltip, ...m.menu.flatMap((i) => (i.kind === 'submenu' ? [i.label, ...i.items.map((c) => (c.kind === 'separator' ? '' : c.label))] : i.kind === 'separator' ? [] : [i.label]))];
      for (const t of texts) expect(t.replace(/Kura/g, ''), t).not.toMatch(/[A-Za-z]{2,}/);
    }
  });
});

describe('trayModel: times in the job\'s zone', () => {
  const now = new Date('2025-06-05T00:30:00Z');
  const label = (menu: MenuItemModel[]) => {
    const item = find(menu, 'status:shop');
    return item && item.kind === 'status' ? item.label : undefined;
  };
  const done = '2025-06-04T15:00:40.000Z'; // 00:00 today in Tokyo, 16:00 yesterday in London
  const st = { ...emptyJobState(), lastSuccessAt: done, lastPublishedAt: done, lastResult: { status: 'success' as const, trigger: 'schedule' as const, runId: 'r1', startedAt: done, finishedAt: done, error: null } };
  const tokyo = { id: 'shop', name: 'Shop', schedule: { cron: '0 0 * * *', timezone: 'Asia/Tokyo' } };
  const model = (job: typeof tokyo | { id: string; name: string; schedule: { cron: string } }, machineZone: string, language: 'en' | 'ja' = 'en') => {
    const h = jobHealth({ job, state: st, now, running: null, pendingAt: null, displayTimeZone: machineZone });
    const snap = healthSnapshot([h], now, false);
    return trayModel({
      overall: snap.overall.health,
      jobs: [{ id: h.jobId, name: h.name, health: h.health, sentence: h.sentence }],
      paused: false,
      startAtLogin: true,
      running: false,
      language,
      platform: 'linux',
      overallSentence: snap.overall.sentence,
      machineTimeZone: machineZone,
    });
  };

  it('a Tokyo job on a machine in London: menu and tooltip say Tokyo time, labelled', () => {
    const m = model(tokyo, 'Europe/London');
    expect(label(m.menu)).toContain('Last backup today 00:00 (Asia/Tokyo) — OK');
    expect(m.tooltip).toContain('today 00:00 (Asia/Tokyo)');
    expect(label(model(tokyo, 'Europe/London', 'ja').menu)).toContain('今日 0:00 (Asia/Tokyo)');
  });

  it('on a machine in the job\'s zone, or for a job without one, no label', () => {
    expect(label(model(tokyo, 'Asia/Tokyo').menu)).toContain('Last backup today 00:00 — OK');
    expect(label(model({ id: 'shop', name: 'Shop', schedule: { cron: '0 0 * * *' } }, 'Europe/London').menu)).toContain('Last backup yesterday 16:00 — OK');
  });
});
