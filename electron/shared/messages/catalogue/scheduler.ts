/**
 * The scheduler's words: a schedule in words for admins who do not read cron (describe-schedule.ts),
 * what is wrong with a typed schedule (validate-schedule.ts), the health sentences of the tray, the
 * dashboard and `kura status` (health.ts), and the desktop notices (notification-policy.ts, the
 * off-site notice). Times, days and spans are formatted by the catalogue (`{{at, when}}`,
 * `{{times, clocks}}`, `{{days, weekdays}}`, `{{ms, elapsed}}`).
 */
import { defineMessages } from '../define.js';

export const schedulerMessages = defineMessages({
  // ---- a schedule in words
  'schedule-invalid-expression': { en: 'Invalid schedule: {{cron}}', ja: '無効なスケジュール: {{cron}}' },
  'schedule-custom': { en: 'Custom schedule ({{cron}})', ja: 'カスタムのスケジュール（{{cron}}）' },
  'schedule-every-second': { en: 'Every second', ja: '毎秒' },
  'schedule-every-n-seconds': { en: 'Every {{step}} seconds', ja: '{{step}}秒ごと' },
  'schedule-every-minute': { en: 'Every minute', ja: '毎分' },
  'schedule-every-n-minutes': { en: 'Every {{step}} minutes', ja: '{{step}}分ごと' },
  'schedule-hourly': { en: 'Every hour at :{{minute, pad2}}', ja: '毎時 {{minute}}分' },
  'schedule-every-n-hours': { en: 'Every {{step}} hours at :{{minute, pad2}}', ja: '{{step}}時間ごと（{{minute}}分）' },
  'schedule-daily': { en: 'Every day at {{times, clocks}}', ja: '毎日 {{times, clocks}}' },
  'schedule-weekdays': { en: 'Every weekday (Mon–Fri) at {{times, clocks}}', ja: '平日（月〜金） {{times, clocks}}' },
  'schedule-weekends': { en: 'Every Saturday and Sunday at {{times, clocks}}', ja: '毎週 土日 {{times, clocks}}' },
  'schedule-weekly': { en: 'Every {{day, weekday}} at {{times, clocks}}', ja: '毎週{{day, weekday}}曜日 {{times, clocks}}' },
  'schedule-days': { en: 'Every {{days, weekdays}} at {{times, clocks}}', ja: '毎週 {{days, weekdays}}曜日 {{times, clocks}}' },
  'schedule-month-last': { en: 'On the last day of every month at {{times, clocks}}', ja: '毎月末日 {{times, clocks}}' },
  'schedule-monthly': { en: 'On day {{day}} of every month at {{times, clocks}}', ja: '毎月{{day}}日 {{times, clocks}}' },

  // ---- what is wrong with a typed schedule
  'schedule-invalid': {
    en: '{{problems, messages}}',
    ja: '{{problems, messages}}',
    hint: {
      en: 'Fix the schedule (for example "0 0 * * *" is every day at 00:00) and save again.',
      ja: 'スケジュールを直してから（例：「0 0 * * *」は毎日 0:00）、もう一度保存してください。',
    },
  },
  'schedule-field-count': {
    en: 'A schedule has 5 fields (minute hour day month weekday) separated by spaces; this one has {{count}}. Example: "0 0 * * *" is every day at 00:00.',
    ja: 'スケジュールは 5 つの項目（分 時 日 月 曜日）を空白で区切って指定します（{{count}} 個あります）。例：「0 0 * * *」は毎日 0:00。',
  },
  'schedule-illegal-chars': {
    en: 'The schedule contains characters cron does not understand (use digits, letters, * / , - # ? and spaces).',
    ja: 'スケジュールに使えない文字が含まれています（使えるのは数字、英字、* / , - # ? と空白です）。',
  },
  'schedule-not-valid': { en: 'The schedule is not valid: {{reason}}.', ja: 'スケジュールが正しくありません：{{reason}}' },
  'schedule-day-never': {
    en: 'Day of month "{{value}}" never occurs in the chosen month(s), so the job would never run.',
    ja: '日「{{value}}」は指定した月に存在しないため、一度も実行されません。',
  },
  'schedule-field-invalid': {
    en: '{{field, messages}}: "{{value}}" is not valid. Use {{range, messages}}, "*", a list like 1,15, a range like 1-5 or a step like */15.',
    ja: '{{field, messages}}「{{value}}」が正しくありません。{{range, messages}}、*、1,15 のような列挙、1-5 のような範囲、*/15 のような間隔が使えます。',
  },
  'schedule-timezone-unknown': {
    en: 'Time zone "{{timezone}}" is not known. Use an IANA name such as "Asia/Tokyo" or "UTC".',
    ja: 'タイムゾーン「{{timezone}}」は不明です。「Asia/Tokyo」や「UTC」のような IANA 名を指定してください。',
  },
  'cron-field-second': { en: 'Second', ja: '秒' },
  'cron-field-minute': { en: 'Minute', ja: '分' },
  'cron-field-hour': { en: 'Hour', ja: '時' },
  'cron-field-dayOfMonth': { en: 'Day of month', ja: '日' },
  'cron-field-month': { en: 'Month', ja: '月' },
  'cron-field-dayOfWeek': { en: 'Day of week', ja: '曜日' },
  'cron-range-second': { en: '0–59', ja: '0〜59' },
  'cron-range-minute': { en: '0–59', ja: '0〜59' },
  'cron-range-hour': { en: '0–23', ja: '0〜23' },
  'cron-range-dayOfMonth': { en: '1–31, L', ja: '1〜31、L' },
  'cron-range-month': { en: '1–12, jan–dec', ja: '1〜12、jan〜dec' },
  'cron-range-dayOfWeek': { en: '0–7 (0 and 7 = Sunday), sun–sat', ja: '0〜7（0 と 7 は日曜日）、sun〜sat' },

  // ---- health: a job, and Kura as a whole
  'health-running': { en: 'Backing up now…', ja: 'バックアップ中…' },
  'health-never': { en: 'No backup yet', ja: 'まだバックアップしていません' },
  'health-ok': { en: 'Last backup {{at, when}} — OK', ja: '前回のバックアップ: {{at, when}} — 正常' },
  'health-warning': { en: 'Last backup {{at, when}} — finished with warnings', ja: '前回のバックアップ: {{at, when}} — 警告あり' },
  'health-partial': { en: 'Last backup {{at, when}} — some items failed', ja: '前回のバックアップ: {{at, when}} — 一部の項目が失敗' },
  'health-failed': { en: 'Last backup {{at, when}} — failed', ja: '前回のバックアップ: {{at, when}} — 失敗' },
  'health-never-succeeded': { en: 'No successful backup yet', ja: 'まだ一度もバックアップが成功していません' },
  'health-overdue': { en: 'No successful backup for {{ms, elapsed}}', ja: '{{ms, elapsed}}バックアップが成功していません' },
  'health-no-jobs': { en: 'No backup jobs yet', ja: 'バックアップジョブがまだありません' },
  'health-all-ok': { en: 'All {{count}} backups OK', ja: 'すべてのバックアップ ({{count}}件) は正常です' },
  'health-job': { en: '{{name}}: {{sentence, messages}}', ja: '{{name}}: {{sentence, messages}}' },
  'health-paused': { en: 'Paused — {{sentence, messages}}', ja: '一時停止中 — {{sentence, messages}}' },

  // ---- refusals of a run that never started
  'shutting-down': {
    en: 'Kura is shutting down, so no new backup was started.',
    ja: 'Kura を終了するため、新しいバックアップは開始しませんでした。',
    hint: { en: 'Start the backup again after Kura has restarted.', ja: 'Kura が再び起動してから、もう一度バックアップを開始してください。' },
  },
  'already-running': {
    en: 'A backup of "{{job}}" is already running.',
    ja: '「{{job}}」のバックアップはすでに実行中です。',
    hint: { en: 'Wait for it to finish, or cancel it first.', ja: '終わるまで待つか、先にキャンセルしてください。' },
  },

  // ---- desktop notices
  'notice-failure-title': { en: 'Backup failed: {{name}}', ja: 'バックアップに失敗しました: {{name}}' },
  'notice-failure-body': { en: '{{error, messages}}\n{{error, hint}}', ja: '{{error, messages}}\n{{error, hint}}' },
  'notice-failure-body~no-hint': { en: '{{error, messages}}', ja: '{{error, messages}}' },
  'notice-unknown-error': { en: 'Unknown error.', ja: '原因不明のエラーです。' },
  'notice-recovery-title': { en: 'Backup working again: {{name}}', ja: 'バックアップが復旧しました: {{name}}' },
  'notice-recovery-body': { en: 'The backup completed successfully again.', ja: 'バックアップは再び正常に完了しました。' },
  'notice-overdue-title': { en: 'Backup overdue: {{name}}', ja: 'バックアップが滞っています: {{name}}' },
  'notice-overdue-body': {
    en: '{{sentence, messages}}. Check that this computer is on and Kura is running at the scheduled time.',
    ja: '{{sentence, messages}}。パソコンが起動しているか、Kura が動いているかを確認してください。',
  },
  'notice-offsite-title': {
    en: 'Off-site copy failed {{count}} times in a row',
    ja: 'オフサイトコピーが{{count}}回続けて失敗しました',
  },
  'notice-offsite-body': {
    en: 'Nothing has reached {{to}} (the local backup is fine). {{reason, messages}}',
    ja: '{{to}} へのコピーができていません（ローカルのバックアップは正常です）。{{reason, messages}}',
  },
  'notice-kura-title': { en: 'Kura', ja: 'Kura' },
  'notice-keeps-running': {
    en: 'Kura keeps running in the tray and backs up on schedule. To quit, right-click the tray icon and choose Quit.',
    ja: 'Kura はタスクトレイで動き続け、スケジュールどおりにバックアップします。終了するにはトレイアイコンを右クリックして「終了」を選んでください。',
  },
  // ---- `kura status` as text (and the warning every command prints about an unfinished restore)
  'status-restore-running': { en: 'Restore running ({{id}}): {{sentence}}', ja: '復元中（{{id}}）：{{sentence}}' },
  'status-restore-roll-back': {
    en: 'Roll back to the safety backup: {{command}}   ({{note}})',
    ja: '安全バックアップに戻す：{{command}}（{{note}}）',
  },
  'status-restore-roll-back-manual': { en: 'Roll back: {{note}}', ja: '元に戻す：{{note}}' },
  'status-restore-finish': { en: 'Finish the restore: {{command}}', ja: '復元を完了する：{{command}}' },
  'status-restore-dismiss': { en: 'Dismiss (leave it as it is): {{command}}', ja: '何もせずに破棄する：{{command}}' },
  'status-job': { en: '{{name}} ({{id}}): $t(tray-health-{{health}})', ja: '{{name}}（{{id}}）：$t(tray-health-{{health}})' },
  'status-schedule': { en: 'Schedule: {{schedule, messages}}', ja: 'スケジュール：{{schedule, messages}}' },
  'status-schedule-zone': { en: 'Schedule: {{schedule, messages}} ({{zone}})', ja: 'スケジュール：{{schedule, messages}}（{{zone}}）' },
  'status-schedule-none': { en: 'Schedule: none (manual only)', ja: 'スケジュール：なし（手動のみ）' },
  'status-last-good': { en: 'Last good backup (every item verified): {{at, when}}', ja: '最後に成功したバックアップ（すべての項目を検証済み）：{{at, when}}' },
  'status-last-good-never': { en: 'Last good backup (every item verified): none yet', ja: '最後に成功したバックアップ（すべての項目を検証済み）：まだありません' },
  'status-next-runs': { en: 'Next runs: {{runs}}', ja: '次回：{{runs}}' },
  'status-last-error': { en: 'Last error: {{error, messages}}', ja: '前回のエラー：{{error, messages}}' },
  /** How a notice reaches a log where there is no desktop (`kura daemon`, `kura serve`). */
  'notice-logged': { en: 'notice ({{job}}): {{title, messages}}: {{body, messages}}', ja: '通知（{{job}}）：{{title, messages}}：{{body, messages}}' },

  // ---- kura daemon: one line per scheduler event (scheduler-events.ts)
  // The English lines are the ones log watchers already match (`(schedule)`, `job(s)`), word for word.
  'sched-started': { en: 'scheduler started: {{count}} job(s)', ja: 'スケジューラーを開始しました：ジョブ {{count}} 件' },
  'sched-started-paused': { en: 'scheduler started: {{count}} job(s), paused', ja: 'スケジューラーを開始しました：ジョブ {{count}} 件（一時停止中）' },
  'sched-trigger-schedule': { en: 'schedule', ja: 'スケジュール' },
  'sched-trigger-catch-up': { en: 'catch-up', ja: '取り戻し' },
  'sched-trigger-retry': { en: 'retry', ja: '再試行' },
  'sched-trigger-manual': { en: 'manual', ja: '手動' },
  'sched-trigger-cli': { en: 'cli', ja: 'kura run' },
  'sched-stopped': { en: 'scheduler stopped', ja: 'スケジューラーを停止しました' },
  'sched-paused': { en: 'scheduled backups paused', ja: 'スケジュールによるバックアップを一時停止しました' },
  'sched-resumed': { en: 'scheduled backups resumed', ja: 'スケジュールによるバックアップを再開しました' },
  'sched-job-scheduled': {
    en: 'job {{job}}: schedule "{{cron}}" ({{zone}}), next run {{next}}',
    ja: 'ジョブ {{job}}：スケジュール「{{cron}}」（{{zone}}）、次回 {{next}}',
  },
  'sched-job-scheduled-never': { en: 'job {{job}}: schedule "{{cron}}" ({{zone}}), next run never', ja: 'ジョブ {{job}}：スケジュール「{{cron}}」（{{zone}}）、次回なし' },
  'sched-catch-up-interrupted': { en: 'job {{job}}: last run was interrupted; running again at {{at}}', ja: 'ジョブ {{job}}：前回の実行が中断されたため、{{at}} にもう一度実行します' },
  'sched-catch-up-missed': { en: 'job {{job}}: missed the run due {{missed}}; catching up at {{at}}', ja: 'ジョブ {{job}}：{{missed}} の実行を逃したため、{{at}} に取り戻します' },
  'sched-retry': { en: 'job {{job}}: network error ({{error}}); retry {{attempt}} at {{at}}', ja: 'ジョブ {{job}}：ネットワークエラー（{{error}}）。{{at}} に {{attempt}} 回目の再試行をします' },
  'sched-run-started': { en: 'job {{job}}: run started ({{trigger, messages}})', ja: 'ジョブ {{job}}：実行を開始しました（{{trigger, messages}}）' },
  'sched-run-skipped': {
    en: 'job {{job}}: {{trigger, messages}} run skipped ({{reason, messages}})',
    ja: 'ジョブ {{job}}：{{trigger, messages}}の実行をスキップしました（{{reason, messages}}）',
  },
  'sched-skip-already-running': { en: 'already-running', ja: 'すでに実行中' },
  'sched-skip-locked-elsewhere': { en: 'locked-elsewhere', ja: 'ほかのプロセスが実行中' },
  'sched-skip-paused': { en: 'paused', ja: '一時停止中' },
  'sched-run-finished': { en: 'job {{job}}: run {{run}} ({{trigger, messages}}) {{status, messages}}', ja: 'ジョブ {{job}}：実行 {{run}}（{{trigger, messages}}）{{status, messages}}' },
  'sched-run-finished-error': {
    en: 'job {{job}}: run {{run}} ({{trigger, messages}}) {{status, messages}}: {{code}}: {{error, messages}}',
    ja: 'ジョブ {{job}}：実行 {{run}}（{{trigger, messages}}）{{status, messages}}：{{code}}：{{error, messages}}',
  },
  'sched-clock-forward': {
    en: 'wall clock jumped forward by {{seconds}} s (sleep or clock change); checking for missed runs',
    ja: '時計が {{seconds}} 秒進みました（スリープまたは時刻の変更）。逃した実行がないか確認します',
  },
  'sched-clock-backward': {
    en: 'wall clock jumped backward by {{seconds}} s (sleep or clock change); checking for missed runs',
    ja: '時計が {{seconds}} 秒戻りました（スリープまたは時刻の変更）。逃した実行がないか確認します',
  },
  // ---- the scheduler's own log lines (the app's log, `kura serve`'s and `kura daemon`'s problems)
  'log-sched-state-unsaved': {
    en: 'Could not save the scheduler state to {{path}}: {{reason}}',
    ja: 'スケジューラーの状態を {{path}} に保存できませんでした：{{reason}}',
  },
  'log-sched-state-damaged': {
    en: 'The scheduler state {{path}} was unreadable ({{reason}}); starting afresh',
    ja: 'スケジューラーの状態 {{path}} を読めませんでした（{{reason}}）。新しく始めます',
  },
  'log-sched-listener-failed~event': { en: 'A scheduler event listener failed: {{reason}}', ja: 'スケジューラーのイベントの受け手でエラーが起きました：{{reason}}' },
  'log-sched-listener-failed~health': { en: 'A health listener failed: {{reason}}', ja: '状態表示の受け手でエラーが起きました：{{reason}}' },
  'log-sched-notice-failed': { en: 'The notification could not be shown: {{reason}}', ja: '通知を表示できませんでした：{{reason}}' },
  'log-sched-history-unreadable': {
    en: 'job {{job}}: could not read its run history: {{reason}}',
    ja: 'ジョブ {{job}}：実行履歴を読めませんでした：{{reason}}',
  },
  'log-sched-overdue': { en: 'job {{job}}: overdue: {{status, messages}}', ja: 'ジョブ {{job}}：予定より遅れています：{{status, messages}}' },
  'log-sched-tick-covered': {
    en: 'job {{job}}: the run due {{slot}} was already covered by a catch-up',
    ja: 'ジョブ {{job}}：{{slot}} の実行は取り戻しの実行で済んでいます',
  },
  'log-sched-tick-overlap': {
    en: 'job {{job}}: the run due {{slot}} was skipped: the previous run is still going',
    ja: 'ジョブ {{job}}：前回の実行が続いているため、{{slot}} の実行をスキップしました',
  },
  'log-sched-cron-failed': {
    en: 'job {{job}}: schedule "{{cron}}" could not be started: {{reason}}',
    ja: 'ジョブ {{job}}：スケジュール「{{cron}}」を開始できませんでした：{{reason}}',
  },
  'log-sched-cron-says': { en: 'job {{job}}: node-cron: {{reason}}', ja: 'ジョブ {{job}}：node-cron：{{reason}}' },
  'log-sched-run-unfinished': {
    en: 'job {{job}}: a {{trigger, messages}} run started {{since}} did not finish (crash or power cut)',
    ja: 'ジョブ {{job}}：{{since}} に始まった{{trigger, messages}}の実行が終わっていません（異常終了または停電）',
  },
  'log-sched-recover-failed': { en: 'Could not recover interrupted runs: {{reason}}', ja: '中断された実行を後片付けできませんでした：{{reason}}' },
  'daemon-started': { en: 'Kura daemon, state folder {{path}}', ja: 'Kura デーモン、状態フォルダー {{path}}' },
  'daemon-unfinished-restore': {
    en: 'Unfinished restore {{id}}: {{sentence}} ({{commands}})',
    ja: '未完了の復元 {{id}}：{{sentence}}（{{commands}}）',
  },
  'daemon-status': { en: 'status: {{status, messages}}', ja: '状態：{{status, messages}}' },
  'daemon-stopping': { en: 'stop requested: cancelling running backups and saving state', ja: '停止の要求を受けました：実行中のバックアップをキャンセルし、状態を保存します' },
  'daemon-stopped': { en: 'stopped', ja: '停止しました' },
});
