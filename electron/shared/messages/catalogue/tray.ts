/**
 * The tray's words (electron/main/tray/tray-model.ts). Japanese follows Windows' own menus (「終了」,
 * 「…を開く」) so the tray reads like the rest of the OS. The tooltip and the status lines carry the
 * health model's sentences (`{{sentence, messages}}`), said in the same language.
 */
import { defineMessages } from '../define.js';

export const trayMessages = defineMessages({
  'tray-tooltip': { en: 'Kura — {{sentence, messages}}', ja: 'Kura — {{sentence, messages}}' },
  'tray-backup-now': { en: 'Back up now', ja: '今すぐバックアップ' },
  'tray-restore': { en: 'Restore…', ja: '復元…' },
  'tray-open': { en: 'Open Kura', ja: 'Kura を開く' },
  'tray-pause': { en: 'Pause schedules', ja: 'スケジュールを一時停止' },
  'tray-resume': { en: 'Resume schedules', ja: 'スケジュールを再開' },
  'tray-start-at-login': { en: 'Start at login', ja: 'ログイン時に起動' },
  'tray-quit': { en: 'Quit Kura', ja: 'Kura を終了' },
  'tray-paused-notice': { en: 'Scheduled backups are paused', ja: '定期バックアップは一時停止中です' },
  'tray-job-status': { en: '{{name}} — {{sentence, messages}}', ja: '{{name}}：{{sentence, messages}}' },
  'tray-restore-status': { en: '⚠ {{sentence, messages}}', ja: '⚠ {{sentence, messages}}' },
  'tray-resolve-restore': { en: 'Finish or roll back the restore…', ja: '復元を完了する、または元に戻す…' },
  /** What a job with no sentence of its own shows, per health. */
  'tray-health-never': { en: 'Not backed up yet', ja: 'まだバックアップしていません' },
  'tray-health-running': { en: 'Backing up…', ja: 'バックアップ中…' },
  'tray-health-ok': { en: 'Backed up', ja: 'バックアップ済み' },
  'tray-health-warning': { en: 'Backed up with warnings', ja: '警告ありでバックアップしました' },
  'tray-health-partial': { en: 'Some items were not backed up', ja: '一部の項目をバックアップできませんでした' },
  'tray-health-failed': { en: 'Last backup failed', ja: '前回のバックアップに失敗しました' },
  'tray-health-overdue': { en: 'Backup overdue', ja: 'バックアップが滞っています' },
});
