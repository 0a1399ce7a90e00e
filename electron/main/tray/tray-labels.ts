/**
 * The tray's words in English and Japanese. The tray lives in the main process, outside the
 * renderer's i18next catalogue, and needs only a dozen strings, so they sit here next to the one
 * model that uses them. Japanese follows Windows' own menus (「終了」, 「…を開く」) so the tray reads
 * like the rest of the OS.
 */
import type { Health } from '../../shared/ipc-contract.js';

export type TrayLanguage = 'en' | 'ja';

export interface TrayLabels {
  appName: string;
  /** Joins the app name and the overall sentence in the tooltip. */
  tooltip(sentence: string): string;
  backupNow: string;
  restore: string;
  open: string;
  pause: string;
  resume: string;
  startAtLogin: string;
  quit: string;
  noJobs: string;
  pausedNotice: string;
  /** One status line in the menu: the job's name and its health sentence. */
  jobStatus(name: string, sentence: string): string;
  /** Fallback overall sentences, used when the caller has no engine-made one. */
  allOk(count: number): string;
  jobSentence(name: string, sentence: string): string;
  pausedPrefix(text: string): string;
  /** What a job with no sentence of its own shows, per health. */
  health: Record<Health, string>;
  /** A menu line for a restore a crash left unfinished. */
  restoreStatus(sentence: string): string;
  /** Opens the dashboard, whose banner offers "roll back" and "finish". */
  resolveRestore: string;
}

const en: TrayLabels = {
  appName: 'Kura',
  tooltip: (sentence) => `Kura — ${sentence}`,
  backupNow: 'Back up now',
  restore: 'Restore…',
  open: 'Open Kura',
  pause: 'Pause schedules',
  resume: 'Resume schedules',
  startAtLogin: 'Start at login',
  quit: 'Quit Kura',
  noJobs: 'No backup jobs yet',
  pausedNotice: 'Scheduled backups are paused',
  jobStatus: (name, sentence) => `${name} — ${sentence}`,
  allOk: (count) => `All ${count} backups OK`,
  jobSentence: (name, sentence) => `${name}: ${sentence}`,
  pausedPrefix: (text) => `Paused — ${text}`,
  health: {
    never: 'Not backed up yet',
    running: 'Backing up…',
    ok: 'Backed up',
    warning: 'Backed up with warnings',
    partial: 'Some items were not backed up',
    failed: 'Last backup failed',
    overdue: 'Backup overdue',
  },
  restoreStatus: (sentence) => `⚠ ${sentence}`,
  resolveRestore: 'Finish or roll back the restore…',
};

const ja: TrayLabels = {
  appName: 'Kura',
  tooltip: (sentence) => `Kura — ${sentence}`,
  backupNow: '今すぐバックアップ',
  restore: '復元…',
  open: 'Kura を開く',
  pause: 'スケジュールを一時停止',
  resume: 'スケジュールを再開',
  startAtLogin: 'ログイン時に起動',
  quit: 'Kura を終了',
  noJobs: 'バックアップジョブがまだありません',
  pausedNotice: '定期バックアップは一時停止中です',
  jobStatus: (name, sentence) => `${name}：${sentence}`,
  allOk: (count) => `すべてのバックアップ (${count}件) は正常です`,
  jobSentence: (name, sentence) => `${name}: ${sentence}`,
  pausedPrefix: (text) => `一時停止中 — ${text}`,
  health: {
    never: 'まだバックアップしていません',
    running: 'バックアップ中…',
    ok: 'バックアップ済み',
    warning: '警告ありでバックアップしました',
    partial: '一部の項目をバックアップできませんでした',
    failed: '前回のバックアップに失敗しました',
    overdue: 'バックアップが滞っています',
  },
  restoreStatus: (sentence) => `⚠ ${sentence}`,
  resolveRestore: '復元を完了する、または元に戻す…',
};

export const trayLabels: Record<TrayLanguage, TrayLabels> = { en, ja };
