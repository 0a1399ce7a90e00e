/**
 * Restoring a MySQL/MariaDB database (engine/restore/mysql-restore.ts, journal-recovery.ts): the plan
 * shown before the admin confirms, each step as it happens, the roll back to the safety backup and
 * the restore test into a scratch database. Database names come quoted (`shop`) as facts.
 */
import { defineMessages } from '../define.js';

export const restoreMysqlMessages = defineMessages({
  // ---- the plan -------------------------------------------------------------------------------------
  'mysql-plan-create': {
    en: 'Create the database {{name}} on {{where}} (utf8mb4).',
    ja: '{{where}} にデータベース {{name}} を作成します（utf8mb4）。',
  },
  'mysql-plan-use-empty': {
    en: 'Use the existing, empty database {{name}} on {{where}}.',
    ja: '{{where}} にある空のデータベース {{name}} を使います。',
  },
  'mysql-plan-safety-reason': {
    en: '{{name}} already holds data (tables: {{tables}}, views: {{views}}); if the import fails it is put back from this copy.',
    ja: '{{name}} にはすでにデータがあります（テーブル {{tables}}、ビュー {{views}}）。取り込みに失敗した場合は、このコピーから元に戻します。',
  },
  'mysql-plan-no-safety-reason': {
    en: 'Turned off (--no-safety-backup): if the import fails, the database is left partly restored.',
    ja: 'オフになっています（--no-safety-backup）。取り込みに失敗すると、データベースは途中まで復元された状態になります。',
  },
  'mysql-plan-safety': {
    en: 'Take a safety backup of {{name}} (tables: {{tables}}, views: {{views}}) first; if the import fails, Kura puts it back automatically.',
    ja: '最初に {{name}}（テーブル {{tables}}、ビュー {{views}}）の安全バックアップを取ります。取り込みに失敗した場合は、Kura が自動で元に戻します。',
  },
  'mysql-plan-no-safety': {
    en: 'No safety backup of {{name}} will be taken: if the import fails, it is left partly restored.',
    ja: '{{name}} の安全バックアップは取りません。取り込みに失敗すると、途中まで復元された状態になります。',
  },
  'mysql-plan-replace': {
    en: "Replace tables and views in {{name}} with the snapshot's: {{replaced}} of {{count}}.",
    ja: '{{name}} のテーブルとビュー {{count}} 個のうち {{replaced}} 個を、スナップショットのもので置き換えます。',
  },
  'mysql-plan-replace-kept': {
    en: "Replace tables and views in {{name}} with the snapshot's: {{replaced}} of {{count}}; those not in the snapshot stay as they are ({{kept}}: {{keptNames}}).",
    ja: '{{name}} のテーブルとビュー {{count}} 個のうち {{replaced}} 個を、スナップショットのもので置き換えます。スナップショットにない {{kept}} 個はそのまま残ります（{{keptNames}}）。',
  },
  'mysql-plan-rename': {
    en: "While importing, make the dump's own references to {{from}} (in triggers, views, routines, events) name {{to}} instead, so {{from}} is not touched; a dump where that cannot be done safely is refused before anything changes.",
    ja: '取り込みの際、ダンプ内の {{from}} への参照（トリガー・ビュー・ルーチン・イベント内）を {{to}} に書き換え、{{from}} には触れないようにします。安全に書き換えられないダンプは、何も変更する前に中止します。',
  },
  'mysql-plan-import': {
    en: 'Import {{file}} ({{bytes, bytes}} compressed, {{sqlBytes, bytes}} of SQL) from {{from}} ({{version}}): tables: {{tables}}, views: {{views}}, routines: {{routines}}, triggers: {{triggers}}, events: {{events}}.',
    ja: '{{from}}（{{version}}）の {{file}}（圧縮 {{bytes, bytes}}、SQL {{sqlBytes, bytes}}）を取り込みます。テーブル {{tables}}、ビュー {{views}}、ルーチン {{routines}}、トリガー {{triggers}}、イベント {{events}}。',
  },
  'mysql-plan-import-parallel': {
    en: 'Import {{file}} ({{bytes, bytes}} compressed, {{sqlBytes, bytes}} of SQL) from {{from}} ({{version}}), loading up to {{connections}} tables at once: tables: {{tables}}, views: {{views}}, routines: {{routines}}, triggers: {{triggers}}, events: {{events}}.',
    ja: '{{from}}（{{version}}）の {{file}}（圧縮 {{bytes, bytes}}、SQL {{sqlBytes, bytes}}）を、最大 {{connections}} テーブルずつ同時に取り込みます。テーブル {{tables}}、ビュー {{views}}、ルーチン {{routines}}、トリガー {{triggers}}、イベント {{events}}。',
  },
  'mysql-plan-import-table': {
    en: 'Import only the table {{table}} ({{rows, count}} rows, {{sqlBytes, bytes}} of SQL) from {{file}} into {{name}}, with its triggers; the other tables of {{name}} stay as they are.',
    ja: '{{file}} からテーブル {{table}}（{{rows, count}} 行、SQL {{sqlBytes, bytes}}）だけを、トリガーとともに {{name}} に取り込みます。{{name}} の他のテーブルはそのまま残ります。',
  },
  'mysql-plan-verify-table': {
    en: 'Check that the table is back with as many rows as when the backup was made.',
    ja: 'テーブルが戻り、行数がバックアップ時と同じであることを確認します。',
  },
  'mysql-plan-estimate-measured': {
    en: 'This takes about {{took, duration}} (this server took back {{rate, bytes}} of SQL per second in its last restore, on {{measuredAt, datetime}}); {{name}} is not usable by the shop meanwhile.',
    ja: '所要時間は約 {{took, duration}} です（このサーバーは前回 {{measuredAt, datetime}} の復元で毎秒 {{rate, bytes}} の SQL を取り込みました）。その間、{{name}} はショップから使えません。',
  },
  'mysql-plan-estimate-default': {
    en: "This takes about {{took, duration}} at a cautious {{rate, bytes}} of SQL per second (this server's speed is measured by its first restore); {{name}} is not usable by the shop meanwhile.",
    ja: '控えめな速度（毎秒 {{rate, bytes}} の SQL）で見積もると、所要時間は約 {{took, duration}} です（このサーバーの速度は最初の復元で測定されます）。その間、{{name}} はショップから使えません。',
  },
  'mysql-plan-verify': {
    en: 'Check that every table, view, routine, trigger and event is back, and that each table has as many rows as when the backup was made.',
    ja: 'すべてのテーブル・ビュー・ルーチン・トリガー・イベントが戻り、各テーブルの行数がバックアップ時と同じであることを確認します。',
  },
  'mysql-overwrites': {
    en: 'the database {{name}} on {{where}} (tables: {{tables}}, views: {{views}})',
    ja: '{{where}} のデータベース {{name}}（テーブル {{tables}}、ビュー {{views}}）',
  },

  // ---- the restore, step by step ----------------------------------------------------------------------
  'mysql-rename-rewrites': {
    en: { one: "{{count}} reference to {{from}} inside the dump's triggers, views, routines and events now names {{to}}, so {{from}} itself is not touched.", other: "{{count}} references to {{from}} inside the dump's triggers, views, routines and events now name {{to}}, so {{from}} itself is not touched." },
    ja: 'ダンプのトリガー・ビュー・ルーチン・イベント内にある {{from}} への参照 {{count}} 個を {{to}} に書き換えました。{{from}} 自体には触れません。',
  },
  'mysql-rename-literal-mentions': {
    en: '{{objects}} contain text that names {{from}}. Kura does not change text: if it is SQL that gets run (PREPARE), it would reach {{from}}. Check them in {{to}}.',
    ja: '{{objects}} には {{from}} を指す文字列があります。Kura は文字列を書き換えません。実行される SQL（PREPARE）の場合は {{from}} に届いてしまいます。{{to}} で確認してください。',
  },
  'mysql-restore-resume': {
    en: 'Finishing the interrupted restore of {{name}} on {{where}}: it is imported again from the snapshot.',
    ja: '中断された {{where}} の {{name}} の復元を完了します。スナップショットからもう一度取り込みます。',
  },
  'mysql-restore-resume-safety': {
    en: 'Finishing the interrupted restore of {{name}} on {{where}}: it is imported again from the snapshot; if that fails, it is put back from the safety backup {{path}} taken before the first attempt.',
    ja: '中断された {{where}} の {{name}} の復元を完了します。スナップショットからもう一度取り込み、失敗した場合は最初の復元の前に取った安全バックアップ {{path}} から元に戻します。',
  },
  'mysql-restore-safety-taking': {
    en: '{{name}} on {{where}} holds data (tables: {{tables}}, views: {{views}}): taking a safety backup of it first.',
    ja: '{{where}} の {{name}} にはデータがあります（テーブル {{tables}}、ビュー {{views}}）。先に安全バックアップを取ります。',
  },
  'mysql-restore-safety-written': {
    en: 'Safety backup written and checked: {{path}} ({{bytes, bytes}}).',
    ja: '安全バックアップを書き込み、確認しました：{{path}}（{{bytes, bytes}}）。',
  },
  'mysql-restore-no-safety': {
    en: 'No safety backup of {{name}} was taken (--no-safety-backup): if the import fails, Kura cannot put it back.',
    ja: '{{name}} の安全バックアップは取っていません（--no-safety-backup）。取り込みに失敗しても、Kura は元に戻せません。',
  },
  'mysql-restore-creating': {
    en: 'Creating the database {{name}} on {{where}} (utf8mb4).',
    ja: '{{where}} にデータベース {{name}} を作成しています（utf8mb4）。',
  },
  'mysql-restore-cancelled-unchanged': {
    en: 'Cancelled before the import started: {{name}} was not changed.',
    ja: '取り込みの開始前にキャンセルしました。{{name}} は変更していません。',
  },
  'mysql-restore-cancelled-as-left': {
    en: 'Cancelled before the import started: {{name}} is still as the interrupted restore left it.',
    ja: '取り込みの開始前にキャンセルしました。{{name}} は中断された復元のときのままです。',
  },
  'mysql-restore-not-started': {
    en: 'The import did not start, so {{name}} was not changed.',
    ja: '取り込みは始まっていないため、{{name}} は変更していません。',
  },
  'mysql-restore-not-started-as-left': {
    en: 'The import did not start, so {{name}} is still as the interrupted restore left it.',
    ja: '取り込みは始まっていないため、{{name}} は中断された復元のときのままです。',
  },
  'mysql-restore-importing': {
    en: 'Importing {{file}} into {{name}}…',
    ja: '{{file}} を {{name}} に取り込んでいます…',
  },
  'mysql-restore-importing-stripped': {
    en: 'Importing {{file}} into {{name}}, with DEFINER clauses removed…',
    ja: '{{file}} を {{name}} に取り込んでいます（DEFINER 句を取り除いています）…',
  },
  'mysql-restore-import-cancelled': {
    en: 'The import was cancelled part-way.',
    ja: '取り込みを途中でキャンセルしました。',
  },
  'mysql-restore-importing-parallel': {
    en: 'Importing {{file}} into {{name}}: first every table\'s structure, then the tables\' rows over {{connections}} connections at once, then triggers, views, routines and events…',
    ja: '{{file}} を {{name}} に取り込んでいます。まず全テーブルの構造、次に各テーブルの行を {{connections}} 本の接続で同時に、最後にトリガー・ビュー・ルーチン・イベントを取り込みます…',
  },
  'mysql-restore-importing-table': {
    en: 'Importing only the table {{table}} (its structure, rows and triggers) from {{file}} into {{name}}…',
    ja: '{{file}} からテーブル {{table}} だけ（構造・行・トリガー）を {{name}} に取り込んでいます…',
  },
  'mysql-restore-table-failed': {
    en: 'Restoring the table {{table}} failed: {{error, messages}}',
    ja: 'テーブル {{table}} の復元に失敗しました：{{error, messages}}',
    hint: {
      en: '{{error, hint}} The other tables were stopped as well.',
      ja: '{{error, hint}}　他のテーブルの取り込みも止めました。',
    },
  },
  'mysql-restore-table-unknown': {
    en: 'The snapshot of {{database}} has no table {{table}}. Its tables: {{tables}}.',
    ja: '{{database}} のスナップショットにテーブル {{table}} はありません。含まれるテーブル：{{tables}}。',
    hint: {
      en: 'Check the name (upper and lower case count) with `kura snapshots --json`, or leave --table out to restore the whole database.',
      ja: '名前（大文字・小文字も区別されます）を `kura snapshots --json` で確認するか、--table を付けずにデータベース全体を復元してください。',
    },
  },
  'mysql-restore-table-no-parts': {
    en: 'A single table cannot be restored from this snapshot of {{database}}: it was made before Kura recorded where each table lies in the dump.',
    ja: '{{database}} のこのスナップショットからは、テーブルを 1 つだけ復元することはできません。ダンプ内の各テーブルの位置を Kura が記録する前に作られたものです。',
    hint: {
      en: 'Restore the whole database (leave --table out), if need be under another name with --to-database, and copy the table from there; the next backup can be restored table by table.',
      ja: 'データベース全体を復元し（--table を付けない）、必要なら --to-database で別名に復元してから、そこからテーブルをコピーしてください。次回以降のバックアップはテーブル単位で復元できます。',
    },
  },
  'mysql-restore-import-failed': {
    en: 'The import failed.',
    ja: '取り込みに失敗しました。',
  },
  'mysql-restore-dropped-created': {
    en: 'Removed the half-imported {{name}} that this restore had created: the server is as it was before.',
    ja: 'この復元で作成し、途中まで取り込んだ {{name}} を削除しました。サーバーは復元前の状態です。',
  },
  'mysql-restore-drop-failed': {
    en: 'Could not drop {{name}} after the failed import.',
    ja: '取り込みに失敗した後、{{name}} を削除できませんでした。',
  },
  'mysql-restore-state-created-partial': {
    en: '{{name}} was created by this restore and now holds only part of the snapshot. Drop it, or fix the cause and restore again.',
    ja: '{{name}} はこの復元で作成され、スナップショットの一部しか入っていません。削除するか、原因を解決してからもう一度復元してください。',
  },
  'mysql-restore-state-empty-partial': {
    en: '{{name}} was empty before and now holds only part of the snapshot. Fix the cause and restore again.',
    ja: '{{name}} は空でしたが、いまはスナップショットの一部しか入っていません。原因を解決してから、もう一度復元してください。',
  },
  'mysql-restore-state-partial': {
    en: '{{name}} is now partly restored: the tables the import reached were replaced from the snapshot, the others are as they were. Fix the cause and restore again.',
    ja: '{{name}} は途中まで復元された状態です。取り込みが届いたテーブルはスナップショットのものに置き換わり、ほかは元のままです。原因を解決してから、もう一度復元してください。',
  },
  'mysql-restore-state-partial-no-safety': {
    en: '{{name}} is now partly restored: the tables the import reached were replaced from the snapshot, the others are as they were. No safety backup was taken (--no-safety-backup), so Kura cannot put it back. Fix the cause and restore again.',
    ja: '{{name}} は途中まで復元された状態です。取り込みが届いたテーブルはスナップショットのものに置き換わり、ほかは元のままです。安全バックアップを取っていない（--no-safety-backup）ため、Kura は元に戻せません。原因を解決してから、もう一度復元してください。',
  },
  'mysql-restore-imported': {
    en: 'Imported {{bytes, bytes}} of SQL into {{name}} in {{took, duration}}.',
    ja: 'SQL {{bytes, bytes}} を {{took, duration}} で {{name}} に取り込みました。',
  },
  'mysql-restore-imported-definers': {
    en: { one: 'Imported {{bytes, bytes}} of SQL into {{name}} in {{took, duration}} ({{count}} DEFINER clause removed).', other: 'Imported {{bytes, bytes}} of SQL into {{name}} in {{took, duration}} ({{count}} DEFINER clauses removed).' },
    ja: 'SQL {{bytes, bytes}} を {{took, duration}} で {{name}} に取り込みました（DEFINER 句を {{count}} 個取り除きました）。',
  },
  'mysql-restore-verify-error': {
    en: '{{name}} was restored, but checking it afterwards failed.',
    ja: '{{name}} は復元しましたが、その後の確認に失敗しました。',
  },

  // ---- rolling back to the safety backup -------------------------------------------------------------
  'mysql-rollback-start': {
    en: 'Rolling back: dropping {{name}}, recreating it and importing the safety backup {{path}}.',
    ja: '元に戻しています。{{name}} を削除して作り直し、安全バックアップ {{path}} を取り込みます。',
  },
  'mysql-rollback-strip-definers': {
    en: 'The safety backup holds objects owned by another account; importing it again with DEFINER clauses removed.',
    ja: '安全バックアップに別のアカウントが所有するオブジェクトがあるため、DEFINER 句を取り除いてもう一度取り込みます。',
  },
  'mysql-rollback-done': {
    en: 'Rolled back: {{name}} is as it was before the restore (tables: {{tables}}, views: {{views}}, from the safety backup).',
    ja: '元に戻しました。{{name}} は復元前の状態です（テーブル {{tables}}、ビュー {{views}}。安全バックアップから）。',
  },
  'mysql-rollback-differs': {
    en: 'Rolled back from the safety backup, but {{name}} now holds tables: {{tables}}, views: {{views}} where it held tables: {{tablesBefore}}, views: {{viewsBefore}} before.',
    ja: '安全バックアップから元に戻しましたが、{{name}} は復元前のテーブル {{tablesBefore}}・ビュー {{viewsBefore}} に対し、いまはテーブル {{tables}}・ビュー {{views}} です。',
  },
  'mysql-rollback-failed': {
    en: 'The rollback failed too: {{name}} is incomplete. The safety backup is kept at {{path}}; restore it by hand with: {{command}}',
    ja: '元に戻す処理も失敗しました。{{name}} は不完全な状態です。安全バックアップは {{path}} に残してあります。次のコマンドで手作業で復元してください：{{command}}',
  },
  'mysql-rollback-untouched': {
    en: 'The restore was interrupted before it changed {{name}} on {{where}}: the database is as it was.',
    ja: '復元は {{where}} の {{name}} を変更する前に中断されました。データベースは元のままです。',
  },
  'mysql-rollback-untouched-partial-removed': {
    en: 'The restore was interrupted before it changed {{name}} on {{where}}: the database is as it was (the unfinished safety backup was removed).',
    ja: '復元は {{where}} の {{name}} を変更する前に中断されました。データベースは元のままです（作成途中の安全バックアップは削除しました）。',
  },
  'mysql-rollback-dropped-created': {
    en: 'Removed {{name}}, which the interrupted restore had created: the server is as it was before.',
    ja: '中断された復元が作成した {{name}} を削除しました。サーバーは復元前の状態です。',
  },
  'mysql-rollback-emptied': {
    en: 'Emptied {{name}} again (it was empty before the restore).',
    ja: '{{name}} を空に戻しました（復元前は空でした）。',
  },

  // ---- the restore test (kura verify --restore-test) -------------------------------------------------
  'mysql-test-imported': {
    en: 'imported {{bytes, bytes}} of SQL into {{name}} in {{took, duration}}',
    ja: 'SQL {{bytes, bytes}} を {{took, duration}} で {{name}} に取り込みました',
  },
  'mysql-test-definers-stripped': {
    en: 'user "{{user}}" may not recreate objects owned by other accounts, so DEFINER clauses were removed (a real restore needs "Make me the owner of views and routines" (--strip-definers) or an administrator)',
    ja: 'ユーザー「{{user}}」はほかのアカウントが所有するオブジェクトを作り直せないため、DEFINER 句を取り除きました（実際の復元には「ビューとルーチンの所有者を自分にする」（--strip-definers）か管理者アカウントが必要です）',
  },
  'mysql-test-scratch-left': {
    en: 'the scratch database {{name}} could not be dropped and is still there',
    ja: '検証用データベース {{name}} を削除できず、残っています',
  },
});
