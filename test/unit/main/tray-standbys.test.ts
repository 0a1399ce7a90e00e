/**
 * A broken standby in the tray: a menu line in the tray's language with "broken since …", an amber
 * icon when the backups themselves are fine, and the line in the tooltip; a lagging one only a line.
 */
import { describe, expect, it } from 'vitest';
import { trayModel } from '../../../electron/main/tray/tray-model.js';
import { trayStandbys } from '../../../electron/main/tray/tray-standbys.js';
import type { StandbyDto } from '../../../electron/shared/ipc-contract.js';

const standby = (state: StandbyDto['state'], port: number): StandbyDto => ({
  key: `shop/db/10.0.0.6:${port}`,
  jobId: 'shop',
  jobName: 'Shop',
  sourceId: 'db',
  type: 'mysql',
  standby: `10.0.0.6:${port}`,
  state,
  secondsBehind: state === 'lagging' ? 42 : null,
  maxLagSeconds: 30,
  since: '2026-12-01T03:00:00.000Z',
  checkedAt: '2026-12-01T03:05:00.000Z',
  reason: null,
  replicaError: null,
});

const base = { overall: 'ok' as const, jobs: [{ id: 'shop', name: 'Shop', health: 'ok' as const, sentence: 'Backed up 2 hours ago' }], paused: false, startAtLogin: true, running: false, platform: 'linux' as const };

describe('standbys in the tray', () => {
  it('a broken standby: its own menu line, an amber icon, and the line in the tooltip (Japanese)', () => {
    const m = trayModel({ ...base, language: 'ja', standbys: trayStandbys([standby('in-sync', 3306), standby('broken', 3307)], 'ja') });
    expect(m.icon.health).toBe('warning');
    const line = m.menu.find((i) => i.id === 'standby:shop/db/10.0.0.6:3307');
    expect(line).toMatchObject({ kind: 'status', health: 'failed' });
    expect((line as { label: string }).label).toMatch(/^⚠ スタンバイ 10\.0\.0\.6:3307：.* から停止しています$/);
    expect(m.menu.some((i) => i.id === 'standby:shop/db/10.0.0.6:3306')).toBe(false);
    expect(m.tooltip).toContain('⚠ スタンバイ 10.0.0.6:3307');
  });

  it('lagging: a line, but the icon stays as the backups are (English)', () => {
    const m = trayModel({ ...base, language: 'en', standbys: trayStandbys([standby('lagging', 3307)], 'en') });
    expect(m.icon.health).toBe('ok');
    expect(m.menu.find((i) => i.id === 'standby:shop/db/10.0.0.6:3307')).toMatchObject({ label: '⚠ Standby 10.0.0.6:3307: 42 seconds behind', health: 'warning' });
  });

  it('a failed backup stays red whatever the standbys do', () => {
    const m = trayModel({ ...base, overall: 'failed', language: 'en', standbys: trayStandbys([standby('broken', 3307)], 'en') });
    expect(m.icon.health).toBe('failed');
  });
});
