/**
 * Restoring Redis (engine/restore/redis-restore.ts, tools/redis/live-restore.ts, file-restore.ts,
 * journal-recovery.ts): the plan, the live restore over the network, the file (cold) restore on this
 * computer, and finishing or rolling back one that was interrupted. Commands, paths and counts per
 * database ("db0: 120") are parameters.
 */
import { defineMessages } from '../define.js';

export const restoreRedisMessages = defineMessages({
  // ---- the plan -----------------------------------------------------------------------------------
  'redis-plan-validate': {
    en: 'Check the snapshot file (every record and its checksum) before changing anything on the server.',
    ja: 'サーバーで何かを変更する前に、スナップショットのファイル（すべてのレコードとチェックサム）を確認します。',
  },
  'redis-plan-flush': {
    en: { one: 'Delete everything on Redis {{version}} at {{where}} ({{commands}}); it holds {{count}} key now ({{perDb}}).', other: 'Delete everything on Redis {{version}} at {{where}} ({{commands}}); it holds {{count}} keys now ({{perDb}}).' },
    ja: '{{where}} の Redis {{version}} のデータをすべて削除します（{{commands}}）。いまはキーが {{count}} 個あります（{{perDb}}）。',
  },
  'redis-plan-send': {
    en: {
      one: "Send the backup's {{count}} key ({{perDb}}) to Redis at {{where}} with RESTORE … REPLACE, keeping its expiry time; a key that has expired since the backup is skipped.",
      other: "Send the backup's {{count}} keys ({{perDb}}) to Redis at {{where}} with RESTORE … REPLACE, keeping their expiry times; keys that have expired since the backup are skipped.",
    },
    ja: 'バックアップのキー {{count}} 個（{{perDb}}）を、有効期限を保ったまま RESTORE … REPLACE で {{where}} の Redis に送ります。バックアップ後に期限が切れたキーは送りません。',
  },
  'redis-plan-keep-others': {
    en: 'Keys already on the server that are not in the backup stay as they are: the server will not be an exact copy of the backup (restore with "flush" for that).',
    ja: 'サーバーにあってバックアップにないキーはそのまま残ります。サーバーはバックアップとまったく同じにはなりません（同じにするには「flush」を付けて復元してください）。',
  },
  'redis-plan-compare': {
    en: 'Compare the keys in each database with the backup.',
    ja: '各データベースのキーをバックアップと照合します。',
  },
  'redis-plan-file-copy': {
    en: 'Copy the snapshot into {{dir}}.',
    ja: 'スナップショットを {{dir}} にコピーします。',
  },
  'redis-plan-file-stop': {
    en: 'Stop Redis ({{command}}): the server is unavailable until it has loaded the snapshot.',
    ja: 'Redis を停止します（{{command}}）。スナップショットを読み込み終えるまで、サーバーは使えません。',
  },
  'redis-plan-file-aof': {
    en: 'The append-only file (AOF) is on: Redis loads its data from the AOF, not from {{path}}, so the snapshot becomes the base of a new AOF in {{aofDir}}; the current AOF manifest is kept as {{kept}} and its files are not touched. redis.conf is not changed.',
    ja: '追記ファイル（AOF）がオンのため、Redis は {{path}} ではなく AOF からデータを読み込みます。そこでスナップショットを {{aofDir}} の新しい AOF のベースにします。現在の AOF マニフェストは {{kept}} として残し、そのファイルには触れません。redis.conf は変更しません。',
  },
  'redis-plan-file-replace': {
    en: 'Replace {{path}} with the snapshot; the current file is kept as {{kept}}.',
    ja: '{{path}} をスナップショットで置き換えます。現在のファイルは {{kept}} として残します。',
  },
  'redis-plan-file-start': {
    en: {
      one: "Start Redis ({{command}}), wait until it has loaded the backup's {{count}} key, and compare the keys in each database with the backup.",
      other: "Start Redis ({{command}}), wait until it has loaded the backup's {{count}} keys, and compare the keys in each database with the backup.",
    },
    ja: 'Redis を起動し（{{command}}）、バックアップのキー {{count}} 個を読み込み終えるのを待って、各データベースのキーをバックアップと照合します。',
  },
  'redis-overwrites-flush': {
    en: { one: 'The {{count}} key on Redis at {{where}} ({{perDb}}) will be deleted and replaced by the backup.', other: 'All {{count}} keys on Redis at {{where}} ({{perDb}}) will be deleted and replaced by the backup.' },
    ja: '{{where}} の Redis にあるキー {{count}} 個（{{perDb}}）をすべて削除し、バックアップで置き換えます。',
  },
  'redis-overwrites-merge': {
    en: "Keys on Redis at {{where}} with the same names as keys in the backup will be overwritten; the server's other keys stay (keys on the server now: {{count}}).",
    ja: '{{where}} の Redis で、バックアップと同じ名前のキーは上書きされます。ほかのキーは残ります（いまはキーが {{count}} 個あります）。',
  },
  'redis-overwrites-file': {
    en: 'Everything on Redis at {{where}} (keys: {{count}}; {{perDb}}) will be replaced by the backup, and the server restarted.',
    ja: '{{where}} の Redis のデータ（キー {{count}} 個：{{perDb}}）をすべてバックアップで置き換え、サーバーを再起動します。',
  },
  'redis-overwrites-file-empty': {
    en: "Redis at {{where}} will be stopped and restarted with the backup's data.",
    ja: '{{where}} の Redis を停止し、バックアップのデータで再起動します。',
  },

  // ---- checking the file, and the live restore -----------------------------------------------------
  'redis-restore-file-checked': {
    en: 'Checked the snapshot file: RDB format {{rdbVersion}}, checksum correct, keys: {{count}} ({{perDb}}).',
    ja: 'スナップショットのファイルを確認しました。RDB 形式 {{rdbVersion}}、チェックサムは正常、キー {{count}} 個（{{perDb}}）。',
  },
  'redis-restore-file-checked-no-checksum': {
    en: 'Checked the snapshot file: RDB format {{rdbVersion}}, written without a checksum (every record was read), keys: {{count}} ({{perDb}}).',
    ja: 'スナップショットのファイルを確認しました。RDB 形式 {{rdbVersion}}、チェックサムなしで書かれています（すべてのレコードを読み取りました）、キー {{count}} 個（{{perDb}}）。',
  },
  'redis-snapshot-mismatch': {
    en: "The RDB file does not match its snapshot's manifest (file ≠ manifest: {{differences}}); nothing was changed on the server.",
    ja: 'RDB ファイルが、スナップショットのマニフェストと一致しません（ファイル ≠ マニフェスト：{{differences}}）。サーバーでは何も変更していません。',
    hint: {
      en: 'The snapshot folder was modified. Restore from another snapshot.',
      ja: 'スナップショットのフォルダーが変更されています。別のスナップショットから復元してください。',
    },
  },
  'redis-restore-checked-target': {
    en: 'Checked Redis {{version}} at {{where}}: it can read this backup (RDB format {{rdbVersion}}).',
    ja: '{{where}} の Redis {{version}} を確認しました。このバックアップを読み込めます（RDB 形式 {{rdbVersion}}）。',
  },
  'redis-restore-flushed': {
    en: { one: 'Emptied the server first ({{commands}}): it held {{count}} key.', other: 'Emptied the server first ({{commands}}): it held {{count}} keys.' },
    ja: '最初にサーバーを空にしました（{{commands}}）。キーが {{count}} 個ありました。',
  },
  'redis-restore-stopped-flushed': {
    en: 'The restore stopped after {{keys}} of {{count}} keys: the server now holds part of the backup and nothing else.',
    ja: 'キー {{count}} 個のうち {{keys}} 個で復元が止まりました。サーバーにはいま、バックアップの一部だけが入っています。',
  },
  'redis-restore-stopped-mixed': {
    en: 'The restore stopped after {{keys}} of {{count}} keys: the server now holds part of the backup mixed with what it had before.',
    ja: 'キー {{count}} 個のうち {{keys}} 個で復元が止まりました。サーバーにはいま、バックアップの一部と元からあったデータが混ざっています。',
  },
  'redis-restore-functions': {
    en: { one: 'Restored {{count}} function library.', other: 'Restored {{count}} function libraries.' },
    ja: '関数ライブラリを {{count}} 個復元しました。',
  },
  'redis-restore-keys-done': {
    en: { one: 'Restored {{count}} key into {{dbs}} ({{bytes, bytes}} in {{took, duration}}: {{rate}} keys/s).', other: 'Restored {{count}} keys into {{dbs}} ({{bytes, bytes}} in {{took, duration}}: {{rate}} keys/s).' },
    ja: 'キー {{count}} 個を {{dbs}} に復元しました（{{bytes, bytes}}、{{took, duration}}、毎秒 {{rate}} 個）。',
  },
  'redis-restore-skipped-expired': {
    en: { one: 'Skipped {{count}} key whose expiry time has passed since the backup was taken (Redis would delete it at once).', other: 'Skipped {{count}} keys whose expiry time has passed since the backup was taken (Redis would delete them at once).' },
    ja: 'バックアップ後に有効期限が過ぎたキー {{count}} 個は復元していません（Redis がすぐに削除するためです）。',
  },
  'redis-restore-kept-others': {
    en: 'Kept the keys that were already on the server and are not in the backup (restore with "flush" to remove them).',
    ja: 'サーバーに元からあり、バックアップにないキーは残しました（削除するには「flush」を付けて復元してください）。',
  },
  'redis-restore-verify-failed': {
    en: 'The restore finished, but the server does not match the backup in {{failed}} of {{count}} checks.',
    ja: '復元は完了しましたが、サーバーの内容がバックアップと一致しません（{{count}} 項目中 {{failed}} 項目）。',
    hint: {
      en: 'Look at the checks that differ. Something else may be writing to this Redis (an app, a replica link): stop it and restore again, with "flush".',
      ja: '一致しない項目を確認してください。ほかのもの（アプリやレプリカの接続）がこの Redis に書き込んでいる可能性があります。それを止めてから、「flush」を付けてもう一度復元してください。',
    },
  },

  // ---- the file (cold) restore ---------------------------------------------------------------------
  'redis-file-checked': {
    en: 'Checked Redis {{version}} at {{where}}: it can read this backup; its data file is {{path}}.',
    ja: '{{where}} の Redis {{version}} を確認しました。このバックアップを読み込めます。データファイルは {{path}} です。',
  },
  'redis-file-checked-aof': {
    en: 'Checked Redis {{version}} at {{where}}: it can read this backup; its data file is {{path}}, and it loads its append-only file (AOF) from {{manifest}}.',
    ja: '{{where}} の Redis {{version}} を確認しました。このバックアップを読み込めます。データファイルは {{path}} で、追記ファイル（AOF）を {{manifest}} から読み込みます。',
  },
  'progress-redis-file-copy': {
    en: 'Copying the snapshot to {{dir}}',
    ja: 'スナップショットを {{dir}} にコピーしています',
  },
  'progress-redis-stop': {
    en: 'Stopping Redis ({{command}})',
    ja: 'Redis を停止しています（{{command}}）',
  },
  'progress-redis-start': {
    en: 'Starting Redis and waiting while it loads the snapshot',
    ja: 'Redis を起動し、スナップショットを読み込むのを待っています',
  },
  'redis-file-stopped': {
    en: 'Stopped Redis ({{command}}).',
    ja: 'Redis を停止しました（{{command}}）。',
  },
  'redis-file-switched-aof': {
    en: 'Put the snapshot in place as the base of a new append-only file ({{base}}), which Redis loads at start; the previous AOF manifest is kept as {{kept}}, its files untouched. redis.conf was not changed.',
    ja: 'スナップショットを、Redis が起動時に読み込む新しい追記ファイル（AOF）のベース（{{base}}）として配置しました。以前の AOF マニフェストは {{kept}} として残し、そのファイルには触れていません。redis.conf は変更していません。',
  },
  'redis-file-switched-kept': {
    en: 'Put the snapshot in place as {{path}}; the previous file is kept as {{kept}}.',
    ja: 'スナップショットを {{path}} として配置しました。以前のファイルは {{kept}} として残してあります。',
  },
  'redis-file-switched': {
    en: 'Put the snapshot in place as {{path}}.',
    ja: 'スナップショットを {{path}} として配置しました。',
  },
  'redis-file-started': {
    en: 'Started Redis; it loaded the restored snapshot.',
    ja: 'Redis を起動しました。復元したスナップショットを読み込みました。',
  },
  'redis-file-not-replaced': {
    en: 'Nothing was replaced; Redis was started again on its own data.',
    ja: '何も置き換えていません。Redis は元のデータのまま起動し直しました。',
  },
  'redis-file-restart-failed': {
    en: 'Starting Redis again on its own data failed too:',
    ja: '元のデータのまま Redis を起動し直す処理も失敗しました：',
  },
  'redis-file-did-not-come-back': {
    en: 'Redis did not come back with the restored files:',
    ja: '復元したファイルでは Redis が起動しませんでした：',
  },
  'redis-file-putback-failed': {
    en: 'Putting the previous files back failed too:',
    ja: '以前のファイルに戻す処理も失敗しました：',
  },
  'redis-file-rolled-back': {
    en: 'Put the previous files back and started Redis again on its own data (the snapshot is still in the backup).',
    ja: '以前のファイルに戻し、元のデータで Redis を起動し直しました（スナップショットはバックアップに残っています）。',
  },

  // ---- finishing or rolling back an interrupted file restore -----------------------------------------
  'redis-recovery-starting': {
    en: 'Redis at {{where}} was not running: starting it ({{command}}).',
    ja: '{{where}} の Redis が動いていなかったため、起動しています（{{command}}）。',
  },
  'redis-recovery-start-failed': {
    en: 'Redis did not start:',
    ja: 'Redis が起動しませんでした：',
  },
  'redis-rollback-stopping': {
    en: 'The snapshot had already been put in place: stopping Redis to put the previous files back.',
    ja: 'スナップショットはすでに配置されていました。以前のファイルに戻すため、Redis を停止します。',
  },
  'redis-rollback-put-back': {
    en: 'Put the previous files back ({{path}}) and started Redis on them.',
    ja: '以前のファイル（{{path}}）に戻し、そのデータで Redis を起動しました。',
  },
  'redis-rollback-put-back-aof': {
    en: 'Put the previous files back ({{path}} and the AOF manifest) and started Redis on them.',
    ja: '以前のファイル（{{path}} と AOF マニフェスト）に戻し、そのデータで Redis を起動しました。',
  },
  'redis-rollback-not-switched': {
    en: 'The snapshot had not been put in place yet: removed what the restore had prepared; Redis runs on its own data.',
    ja: 'スナップショットはまだ配置されていませんでした。復元が準備したものを削除しました。Redis は元のデータで動いています。',
  },
  'redis-finish-rerun': {
    en: 'The snapshot had not been put in place yet: running the restore again from the start.',
    ja: 'スナップショットはまだ配置されていませんでした。復元を最初からやり直します。',
  },
  'redis-finish-already-in-place': {
    en: 'The snapshot {{snapshot}} was already in place when the restore was interrupted; Redis runs on it.',
    ja: '復元が中断されたとき、スナップショット {{snapshot}} はすでに配置されていました。Redis はそのデータで動いています。',
  },
  'redis-not-running': {
    en: 'Redis at {{where}} does not run.',
    ja: '{{where}} の Redis が動いていません。',
    hint: {
      en: 'Start Redis by hand and check its log, then roll back again: {{rollBack}}',
      ja: 'Redis を手作業で起動してログを確認してから、もう一度元に戻してください：{{rollBack}}',
    },
  },
  'redis-snapshot-does-not-start': {
    en: 'The snapshot is in place, but Redis at {{where}} does not start with it.',
    ja: 'スナップショットは配置されていますが、{{where}} の Redis がそのデータで起動しません。',
    hint: {
      en: 'Look at the Redis log; roll back to the previous files with: {{rollBack}}',
      ja: 'Redis のログを確認してください。以前のファイルに戻すには次のコマンドを使います：{{rollBack}}',
    },
  },
});
