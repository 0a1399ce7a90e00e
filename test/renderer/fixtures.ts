/** Sample engine data for the component tests, shaped exactly like the contract's DTOs. */
import type {
  AppInfo,
  JobConfigDto,
  JobStatusDto,
  Language,
  RestorePlanDto,
  RunDto,
  SettingsDto,
  SnapshotDto,
  StatusDto,
} from '../../electron/shared/ipc-contract.js';
import { FakeBridge } from './fake-bridge.js';
import { msg, verbatim } from '../../electron/shared/messages/index.js';

export const appInfo = (lang: Language, mode: AppInfo['mode'] = 'electron'): AppInfo => ({
  version: '0.1.0',
  platform: 'linux',
  mode,
  home: '/home/shop/.kura',
  systemLanguage: lang,
});

export const settings: SettingsDto = {
  language: 'auto',
  notifications: 'all',
  catchUpDelaySeconds: 120,
  startAtLogin: true,
  toolPaths: {},
};

export const shopJob: JobConfigDto = {
  id: 'shop',
  name: 'Online shop',
  destination: { path: '/mnt/backup/kura' },
  sources: [
    { id: 'files', type: 'files', from: 'rsync://backup@shop.example.com/www/', passwordRef: 'shop-files', exclude: ['cache/'] },
    { id: 'mysql', type: 'mysql', host: 'db.example.com', port: 3306, user: 'backup', passwordRef: 'shop-mysql', databases: ['shop'] },
  ],
  schedule: { cron: '0 0 * * *' },
  retention: { keepLast: 7, keepDaily: 7, keepWeekly: 4, keepMonthly: 6 },
  compression: 'balanced',
};

export const shopStatus: JobStatusDto = {
  jobId: 'shop',
  name: 'Online shop',
  health: 'ok',
  sentence: verbatim('Backed up 3 hours ago'),
  lastSuccessAt: '2025-03-04T00:00:00.000Z',
  lastRunAt: '2025-03-04T00:00:00.000Z',
  lastRunStatus: 'success',
  nextRunAt: '2025-03-05T00:00:00.000Z',
  running: null,
  lastSnapshot: { id: '2025-03-04T00-00-00Z', bytes: 1.5 * 1024 ** 3, verified: true },
  offsite: [],
};

export const status = (jobs: JobStatusDto[], paused = false, unfinishedRestores: StatusDto['unfinishedRestores'] = []): StatusDto => ({
  overall: unfinishedRestores.length > 0 ? 'failed' : (jobs[0]?.health ?? 'never'),
  paused,
  jobs,
  unfinishedRestores,
});

export const runs: RunDto[] = [
  {
    runId: 'r2',
    jobId: 'shop',
    trigger: 'manual',
    status: 'failed',
    startedAt: '2025-03-04T12:00:00.000Z',
    finishedAt: '2025-03-04T12:01:05.000Z',
    snapshotId: null,
    items: [{ source: 'mysql', type: 'mysql', name: 'shop', status: 'failed', bytes: 0, durationMs: 4000, detail: null }],
    warnings: [],
    error: { code: 'mysql-auth', message: 'MySQL refused the password for backup@db.example.com', hint: 'Check the password in the job settings.' },
    logFile: '/home/shop/.kura/logs/shop/r2.log',
  },
  {
    runId: 'r1',
    jobId: 'shop',
    trigger: 'schedule',
    status: 'success',
    startedAt: '2025-03-04T00:00:00.000Z',
    finishedAt: '2025-03-04T00:02:10.000Z',
    snapshotId: '2025-03-04T00-00-00Z',
    items: [
      { source: 'files', type: 'files', name: null, status: 'ok', bytes: 1024 ** 3, durationMs: 100_000, detail: msg('item-files', { count: 1203 }) },
      { source: 'mysql', type: 'mysql', name: 'shop', status: 'ok', bytes: 512 * 1024 ** 2, durationMs: 30_000, detail: msg('item-tables', { count: 12 }) },
    ],
    warnings: [],
    error: null,
    logFile: '/home/shop/.kura/logs/shop/r1.log',
  },
];

export const snapshot: SnapshotDto = {
  id: '2025-03-04T00-00-00Z',
  jobId: 'shop',
  path: '/mnt/backup/kura/shop/2025-03-04T00-00-00Z',
  startedAt: '2025-03-04T00:00:00.000Z',
  finishedAt: '2025-03-04T00:02:10.000Z',
  bytes: 1.5 * 1024 ** 3,
  verified: { at: '2025-03-04T00:02:10.000Z', kind: 'checksums' },
  items: [
    { source: 'files', type: 'files', path: 'files', bytes: 1024 ** 3, database: null, summary: msg('item-files', { count: 1203 }) },
    { source: 'mysql', type: 'mysql', path: 'mysql/shop.sql.gz', bytes: 512 * 1024 ** 2, database: 'shop', summary: msg('item-tables', { count: 12 }) },
  ],
};

export const olderSnapshot: SnapshotDto = { ...snapshot, id: '2025-03-03T00-00-00Z', startedAt: '2025-03-03T00:00:00.000Z', verified: null };

export const mysqlPlan: RestorePlanDto = {
  snapshotId: snapshot.id,
  sourceId: 'mysql',
  type: 'mysql',
  steps: [
    {
      code: 'mysql-plan-import',
      params: { file: 'mysql/shop/shop.sql.gz', bytes: 512 * 1024 ** 2, sqlBytes: 2 * 1024 ** 3, from: '`shop`', version: '10.11.6-MariaDB', tables: 12, views: 1, routines: 2, triggers: 3, events: 0 },
    },
  ],
  overwrites: { code: 'mysql-overwrites', params: { name: '`shop`', where: 'db.example.com:3306', tables: 12, views: 1 } },
  destructive: true,
  safetyBackup: { willTake: true, reason: { code: 'mysql-plan-safety-reason', params: { name: '`shop`', tables: 12, views: 1 } } },
  bytes: 512 * 1024 ** 2,
  rights: { kind: 'mysql', account: "'kura'@'%' @ db.example.com:3306", where: '`shop` @ db.example.com:3306', ok: true, missing: [], fix: null },
};

export const filesPlan: RestorePlanDto = {
  snapshotId: snapshot.id,
  sourceId: 'files',
  type: 'files',
  steps: [{ code: 'files-plan-copy-all', params: { to: 'rsync://backup@shop.example.com/www/' } }],
  overwrites: null,
  destructive: false,
  safetyBackup: null,
  bytes: 1024 ** 3,
  rights: { kind: 'files', account: 'backup @ rsync://shop.example.com/www/', where: 'rsync://shop.example.com/www/', ok: true, missing: [], fix: null },
};

/** A bridge that answers what the app shell asks for at start-up. */
export function shellBridge(lang: Language = 'en', mode: AppInfo['mode'] = 'electron'): FakeBridge {
  return new FakeBridge()
    .answer('app.info', appInfo(lang, mode))
    .answer('settings.get', settings)
    .answer('jobs.list', [shopJob])
    .answer('alerts.get', {})
    .answer('doctor.run', { kuraVersion: '0.1.0', home: '/home/shop/.kura', platform: 'linux', checks: [] });
}
