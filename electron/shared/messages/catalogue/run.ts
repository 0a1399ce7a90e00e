/**
 * A backup run (engine/jobs/**, run-log/**, retention): its run-log lines, the summary of each item
 * ("193 files", "4 tables"), the warnings that make a run "OK with warnings", and the failures of the
 * run itself (the job lock, an interrupted run, the last look before publishing).
 */
import { defineMessages } from '../define.js';

export const runMessages = defineMessages({
  // ---- anything
  internal: {
    en: 'Something unexpected went wrong: {{reason}}',
    ja: '予期しないエラーが発生しました：{{reason}}',
    hint: { en: 'Please report this with the run log.', ja: '実行ログを添えて報告してください。' },
  },
  'error-with-hint': { en: '{{error, messages}} — {{error, hint}}', ja: '{{error, messages}}　{{error, hint}}' },
  'cancelled~shutdown': { en: 'Kura is shutting down.', ja: 'Kura を終了するため中止しました。' },

  // ---- words inside sentences
  'trigger-schedule': { en: 'scheduled', ja: 'スケジュール' },
  'trigger-catch-up': { en: 'catch-up', ja: '取り戻し' },
  'trigger-retry': { en: 'retry', ja: '再試行' },
  'trigger-manual': { en: 'Back up now', ja: '今すぐバックアップ' },
  'trigger-cli': { en: 'kura run', ja: 'kura run' },
  'status-running': { en: 'running', ja: '実行中' },
  'status-success': { en: 'success', ja: '成功' },
  'status-warning': { en: 'warning', ja: '警告あり' },
  'status-partial': { en: 'partial', ja: '一部失敗' },
  'status-failed': { en: 'failed', ja: '失敗' },
  'status-cancelled': { en: 'cancelled', ja: 'キャンセル' },
  'status-interrupted': { en: 'interrupted', ja: '中断' },

  // ---- the job lock and the job itself
  'job-locked': {
    en: 'Job "{{job}}" is already running (process {{pid}}, started {{startedAt}}).',
    ja: 'ジョブ「{{job}}」はすでに実行中です（プロセス {{pid}}、開始 {{startedAt}}）。',
    hint: {
      en: 'Wait for that backup to finish; this run was skipped so the two do not overlap.',
      ja: 'そのバックアップが終わるまでお待ちください。2 つが重ならないよう、今回の実行はスキップしました。',
    },
  },
  'job-locked~unknown': {
    en: 'Could not take the lock for job "{{job}}".',
    ja: 'ジョブ「{{job}}」のロックを取得できませんでした。',
    hint: { en: 'Try again in a moment.', ja: '少し待ってから、もう一度お試しください。' },
  },
  'job-not-found': {
    en: 'There is no job "{{job}}".',
    ja: 'ジョブ「{{job}}」はありません。',
    hint: { en: 'Known jobs: {{known}}.', ja: '登録されているジョブ：{{known}}。' },
  },
  'job-not-found~none': {
    en: 'There is no job "{{job}}".',
    ja: 'ジョブ「{{job}}」はありません。',
    hint: {
      en: 'No jobs are configured yet: add one in the app or in config.json.',
      ja: 'ジョブがまだ登録されていません。アプリか config.json で追加してください。',
    },
  },
  'job-not-found~status': {
    en: 'There is no backup job "{{job}}".',
    ja: 'バックアップジョブ「{{job}}」はありません。',
    hint: { en: 'Check the job id (kura status lists them).', ja: 'ジョブ ID を確認してください（kura status で一覧できます）。' },
  },
  interrupted: {
    en: 'The run was interrupted (Kura was closed, the PC shut down or the process was killed). Nothing from it was kept.',
    ja: '実行が中断されました（Kura が終了した、パソコンがシャットダウンした、またはプロセスが強制終了された可能性があります）。この実行の結果は何も残っていません。',
    hint: {
      en: 'The next run starts fresh; earlier snapshots are untouched.',
      ja: '次回の実行は最初からやり直します。以前のスナップショットはそのまま残っています。',
    },
  },

  // ---- the run log
  'log-run-started': {
    en: 'Run {{run}} of job "{{job}}" ({{name}}) started ({{trigger, messages}}), Kura {{version}}',
    ja: 'ジョブ「{{job}}」（{{name}}）の実行 {{run}} を開始しました（{{trigger, messages}}、Kura {{version}}）',
  },
  'log-run-interrupted-found': {
    en: 'Run {{run}} (started {{startedAt}}) was interrupted; it is recorded as such and its unfinished folder removed.',
    ja: '実行 {{run}}（開始 {{startedAt}}）は中断されていました。中断として記録し、未完成のフォルダーを削除しました。',
  },
  'log-partial-removed': {
    en: 'Removing an unfinished snapshot left by an interrupted run: {{path}}',
    ja: '中断された実行が残した未完成のスナップショットを削除します：{{path}}',
  },
  'log-writing-to': {
    en: 'Writing to {{path}}; previous snapshot {{previous}}',
    ja: '{{path}} に書き込みます（前回のスナップショット {{previous}}）',
  },
  'log-writing-to~first': {
    en: 'Writing to {{path}}; first snapshot of this job',
    ja: '{{path}} に書き込みます（このジョブの最初のスナップショット）',
  },
  'log-snapshot-published': {
    en: 'Snapshot {{snapshot}} complete and verified: {{path}}',
    ja: 'スナップショット {{snapshot}} が完成し、確認済みです：{{path}}',
  },
  'log-leftover-not-removed': { en: 'Could not remove {{path}}: {{reason}}', ja: '{{path}} を削除できませんでした：{{reason}}' },
  'log-nothing-published': {
    en: 'Nothing was published; earlier snapshots are untouched.',
    ja: 'スナップショットは作成していません。以前のスナップショットはそのままです。',
  },
  'log-snapshot-published~partial': {
    en: 'Snapshot {{snapshot}} published as partial (every item in it verified): {{path}}',
    ja: 'スナップショット {{snapshot}} を一部失敗として公開しました（含まれる項目はすべて確認済みです）：{{path}}',
  },
  'log-item-not-backed-up': { en: '{{item}} was not backed up: {{error, messages}}', ja: '{{item}} はバックアップされませんでした：{{error, messages}}' },
  'log-run-finished': { en: 'Run finished: {{status, messages}}', ja: '実行が終了しました：{{status, messages}}' },
  'log-retention-skips': {
    en: 'Retention leaves snapshot {{snapshot}} alone and does not count it: {{reason, messages}}.',
    ja: '保持ルールはスナップショット {{snapshot}} を数に入れず、削除もしません：{{reason, messages}}。',
  },
  'log-retention-removed': { en: 'Retention: removed snapshot {{snapshot}}', ja: '保持ルール：スナップショット {{snapshot}} を削除しました' },
  'log-retention-failed': {
    en: 'Retention: could not remove snapshot {{snapshot}}: {{reason}}',
    ja: '保持ルール：スナップショット {{snapshot}} を削除できませんでした：{{reason}}',
  },
  'log-retention-kept-all': {
    en: { one: 'Retention: keeping the 1 snapshot', other: 'Retention: keeping all {{count}} snapshots' },
    ja: '保持ルール：{{count}} 個のスナップショットをすべて残します',
  },

  // ---- files sources in the run log
  'log-files-start': { en: 'Files "{{source}}": rsync from {{from}}', ja: 'ファイル「{{source}}」：{{from}} から rsync でコピーします' },
  'log-files-start~linked': {
    en: 'Files "{{source}}": rsync from {{from}} (unchanged files hard-linked to the previous snapshot)',
    ja: 'ファイル「{{source}}」：{{from}} から rsync でコピーします（変更のないファイルは前回のスナップショットにハードリンク）',
  },
  'log-files-special': {
    en: "Files \"{{source}}\": {{count}} special files (sockets, FIFOs, devices) are not part of the backup's checks.",
    ja: 'ファイル「{{source}}」：{{count}} 個の特殊ファイル（ソケット、FIFO、デバイス）はバックアップの確認の対象外です。',
  },
  'log-files-summary': {
    en: 'Files "{{source}}": {{files}} files, {{bytes}} bytes; {{hashedFiles}} files ({{hashedBytes}} bytes) hashed ({{prehashedBytes}} bytes of them during the copy), {{carriedFiles}} unchanged hashes carried over; list written in {{ms}} ms; sha256 {{sha256}}',
    ja: 'ファイル「{{source}}」：{{files}} 個、{{bytes}} バイト。{{hashedFiles}} 個（{{hashedBytes}} バイト）のハッシュを計算（うちコピー中に {{prehashedBytes}} バイト）、変更のない {{carriedFiles}} 個のハッシュを引き継ぎ。一覧の作成に {{ms}} ミリ秒、sha256 {{sha256}}',
  },
  'log-files-on-disk': {
    en: 'Files "{{source}}": written out to the disk in {{ms}} ms',
    ja: 'ファイル「{{source}}」：{{ms}} ミリ秒でディスクに書き出しました',
  },
  'log-item-warning': { en: '{{source}}: {{warning, messages}}', ja: '{{source}}：{{warning, messages}}' },
  'log-damaged-refetch': {
    en: 'Files "{{source}}": not sharing {{count}} damaged files with earlier snapshots; fetching them again',
    ja: 'ファイル「{{source}}」：壊れた {{count}} 個のファイルを以前のスナップショットと共有せず、取得し直します',
  },
  'log-torn-check-failed': {
    en: 'Could not check whether files changed while they were copied: {{reason, messages}}',
    ja: 'コピー中にファイルが変わったかどうかを確認できませんでした：{{reason, messages}}',
  },

  // ---- what each item holds (RunItemRecord.detail)
  'item-files': { en: { one: '1 file', other: '{{count, count}} files' }, ja: 'ファイル {{count, count}} 個' },
  'item-tables': { en: { one: '1 table', other: '{{count, count}} tables' }, ja: 'テーブル {{count, count}} 個' },
  'item-keys': { en: { one: '1 key', other: '{{count, count}} keys' }, ja: 'キー {{count, count}} 個' },

  // ---- warnings: the run worked, with caveats
  'run-item-warning': { en: '{{source}}: {{warning, messages}}', ja: '{{source}}：{{warning, messages}}' },
  'run-retention-held': {
    en: 'An unfinished restore ({{restores}}) may have left this job\'s data half restored, so this snapshot may hold that state. No older snapshot was deleted: retention waits until the restore is finished or rolled back (kura status).',
    ja: '未完了の復元（{{restores}}）により、このジョブのデータが途中まで復元された状態かもしれず、このスナップショットにもその状態が含まれている可能性があります。古いスナップショットは削除していません。保持ルールは、復元を完了するか元に戻すまで待ちます（kura status）。',
  },
  'run-torn-files': {
    en: {
      one: '1 file changed on {{where}} while it was being copied, so its copy may be torn (part old, part new): {{files, list}}. It is kept but not counted as verified; the next backup copies it again.',
      other: '{{count, count}} files changed on {{where}} while they were being copied, so their copies may be torn (part old, part new): {{files, list}}. They are kept but not counted as verified; the next backup copies them again.',
    },
    ja: '{{count, count}} 個のファイルがコピー中に {{where}} で変わったため、コピーが壊れている（新旧が混ざっている）おそれがあります：{{files, list}}。ファイルは残しますが確認済みとは扱わず、次回のバックアップでコピーし直します。',
  },
  'run-torn-unchecked': {
    en: 'Kura could not confirm that the {{count}} files copied from {{where}} in this run did not change while they were copied ({{reason, messages}}).',
    ja: 'この実行で {{where}} からコピーした {{count}} 個のファイルが、コピー中に変わっていないことを確認できませんでした（{{reason, messages}}）。',
  },
  'run-damaged-refetched': {
    en: '{{count}} files that kura verify found damaged in earlier snapshots ({{snapshots}}) were copied afresh from {{where}} instead of being shared with the damaged copies: {{files, list}}{{refetch, messages}}',
    ja: 'kura verify が以前のスナップショット（{{snapshots}}）で壊れていると判定した {{count}} 個のファイルは、壊れたコピーと共有せず、{{where}} からコピーし直しました：{{files, list}}{{refetch, messages}}',
  },
  'run-refetch-notes': { en: ' ({{warnings, messages}})', ja: '（{{warnings, messages}}）' },
});
