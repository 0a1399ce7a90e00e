/**
 * How a restore (or a restore test) proves its result: the name of each check and what it found
 * (RestoreCheck: check + detail). Names of tables, keys and counts are parameters.
 */
import { defineMessages } from '../define.js';

export const restoreCheckMessages = defineMessages({
  // ---- what was compared -------------------------------------------------------------------------
  'restore-check-tables': { en: 'tables', ja: 'テーブル' },
  'restore-check-views': { en: 'views', ja: 'ビュー' },
  'restore-check-routines': { en: 'routines', ja: 'ルーチン' },
  'restore-check-triggers': { en: 'triggers', ja: 'トリガー' },
  'restore-check-events': { en: 'events', ja: 'イベント' },
  'restore-check-rows': { en: 'rows in {{table}}', ja: '{{table}} の行数' },
  'restore-check-keys': { en: 'keys in db {{db}}', ja: 'DB {{db}} のキー数' },
  'restore-check-functions': { en: 'function libraries', ja: '関数ライブラリ' },
  'restore-check-aof': { en: 'append-only file (AOF)', ja: '追記ファイル（AOF）' },
  'restore-check-restored-files': { en: 'restored files', ja: '復元したファイル' },
  'restore-check-snapshot-files': { en: 'snapshot files', ja: 'スナップショットのファイル' },
  'restore-check-files': { en: 'files', ja: 'ファイル' },
  'restore-check-checksums': { en: 'checksums', ja: 'チェックサム' },
  'restore-check-import': { en: 'import', ja: '取り込み' },
  'restore-check-verification': { en: 'verification', ja: '照合' },
  'restore-check-scratch-removed': { en: 'scratch database removed', ja: '検証用データベースの削除' },
  'restore-check-rdb-file': { en: 'RDB file', ja: 'RDB ファイル' },
  'restore-check-rdb-version': { en: 'RDB version', ja: 'RDB バージョン' },
  'restore-check-restore-test': { en: 'restore test', ja: '復元テスト' },

  // ---- MySQL objects and rows (tools/mysql/verify-restore.ts) -------------------------------------
  'restore-detail-all-present': {
    en: { one: '{{count}} present', other: 'all {{count}} present' },
    ja: '{{count}} 件すべてあります',
  },
  'restore-detail-all-present-extra': {
    en: { one: '{{count}} present; also present, not in the snapshot (left as they were): {{extra}}', other: 'all {{count}} present; also present, not in the snapshot (left as they were): {{extra}}' },
    ja: '{{count}} 件すべてあります。スナップショットにないもの（そのまま残しています）：{{extra}}',
  },
  'restore-detail-missing': {
    en: '{{missingCount}} of {{count}} missing: {{missing}}',
    ja: '{{count}} 件中 {{missingCount}} 件がありません：{{missing}}',
  },
  'restore-detail-missing-extra': {
    en: '{{missingCount}} of {{count}} missing: {{missing}}; also present, not in the snapshot (left as they were): {{extra}}',
    ja: '{{count}} 件中 {{missingCount}} 件がありません：{{missing}}。スナップショットにないもの（そのまま残しています）：{{extra}}',
  },
  'restore-detail-rows-equal': { en: '{{count}} as in the snapshot', ja: 'スナップショットと同じ {{count}} 行' },
  'restore-detail-rows-table-missing': {
    en: 'expected {{expected}}, but the table is not there',
    ja: '{{expected}} 行のはずですが、テーブルがありません',
  },
  'restore-detail-rows-differ': {
    en: 'expected {{expected}}, found {{found}} ({{diff}})',
    ja: '{{expected}} 行のはずが {{found}} 行です（{{diff}}）',
  },

  // ---- Redis keys and files (live-restore.ts, file-restore.ts, redis-restore.ts) ------------------
  'restore-detail-keys': {
    en: 'keys: {{actual}} on the server, {{backup}} in the backup ({{skipped}} had expired before the restore, {{expired}} expired since)',
    ja: 'サーバーに {{actual}} 個、バックアップに {{backup}} 個（復元前に期限切れ {{skipped}} 個、その後に期限切れ {{expired}} 個）',
  },
  'restore-detail-keys-kept': {
    en: 'keys: {{actual}} on the server, {{backup}} in the backup ({{skipped}} had expired before the restore, {{expired}} expired since); other keys that were already there and were kept: {{extra}}',
    ja: 'サーバーに {{actual}} 個、バックアップに {{backup}} 個（復元前に期限切れ {{skipped}} 個、その後に期限切れ {{expired}} 個）。ほかに元からあったキー {{extra}} 個はそのまま残しています',
  },
  'restore-detail-keys-file-manifest': {
    en: 'keys of this database: {{inFile}} in the backup file, but {{inManifest}} in its manifest',
    ja: 'バックアップのファイルにはこのデータベースのキーが {{inFile}} 個ありますが、マニフェストでは {{inManifest}} 個です',
  },
  'restore-detail-in-file-manifest': {
    en: '{{inFile}} in the file, {{inManifest}} in the manifest',
    ja: 'ファイルでは {{inFile}}、マニフェストでは {{inManifest}}',
  },
  'restore-detail-functions': {
    en: '{{found}} on the server, {{backup}} in the backup',
    ja: 'サーバーに {{found}} 個、バックアップに {{backup}} 個',
  },
  'restore-detail-aof-on': { en: 'on, as before; the restored data is its new base', ja: '以前と同じくオンです。復元したデータが新しいベースです' },
  'restore-detail-aof-off': { en: 'off, as before', ja: '以前と同じくオフです' },
  'restore-detail-aof-switched-on': { en: 'switched on, but it was off', ja: 'オンになっていますが、以前はオフでした' },
  'restore-detail-aof-switched-off': { en: 'off, but it was on before the restore', ja: 'オフになっていますが、復元前はオンでした' },
  'restore-detail-rdb-read': { en: 'every record read, checksum correct', ja: 'すべてのレコードを読み取りました。チェックサムは正常です' },
  'restore-detail-rdb-read-no-checksum': { en: 'every record read (written without a checksum)', ja: 'すべてのレコードを読み取りました（チェックサムなしで書かれています）' },

  // ---- files (files-restore.ts) -------------------------------------------------------------------
  'files-detail-hashed': {
    en: { one: '{{count}} file, {{bytes, bytes}} at the target, with the sha256 recorded in the backup', other: '{{count}} files, {{bytes, bytes}} at the target, each with the sha256 recorded in the backup' },
    ja: '復元先のファイル {{count}} 個（{{bytes, bytes}}）が、すべてバックアップに記録された sha256 と一致しました',
  },
  'files-detail-list-damaged': {
    en: "the snapshot's file list is damaged ({{problem}})",
    ja: 'スナップショットのファイル一覧が壊れています（{{problem}}）',
  },
  'files-detail-missing': {
    en: { one: '{{count}} missing ({{example}})', other: '{{count}} missing (e.g. {{example}})' },
    ja: '{{count}} 個がありません（例：{{example}}）',
  },
  'files-detail-damaged': {
    en: { one: '{{count}} with other content ({{example}})', other: '{{count}} with other content (e.g. {{example}})' },
    ja: '{{count}} 個の内容が違います（例：{{example}}）',
  },
  'files-detail-wrong-kind': {
    en: { one: '{{count}} of another kind ({{example}})', other: '{{count}} of another kind (e.g. {{example}})' },
    ja: '{{count}} 個の種類が違います（例：{{example}}）',
  },
  'files-detail-as-manifest': {
    en: { one: '{{count}} file, {{bytes, bytes}}, as recorded in the manifest', other: '{{count}} files, {{bytes, bytes}}, as recorded in the manifest' },
    ja: 'マニフェストの記録どおり、ファイル {{count}} 個（{{bytes, bytes}}）です',
  },
  'files-detail-manifest-differs': {
    en: 'the snapshot holds {{count}} files ({{bytes, bytes}}), the manifest says {{manifestFiles}} ({{manifestBytes, bytes}})',
    ja: 'スナップショットにはファイル {{count}} 個（{{bytes, bytes}}）がありますが、マニフェストでは {{manifestFiles}} 個（{{manifestBytes, bytes}}）です',
  },
  'files-detail-present': {
    en: { one: '{{count}} file, {{bytes, bytes}}, present at the target (presence and size: this snapshot has no per-file hashes)', other: '{{count}} files, {{bytes, bytes}}, present at the target (presence and size: this snapshot has no per-file hashes)' },
    ja: '復元先にファイル {{count}} 個（{{bytes, bytes}}）があります（このスナップショットにはファイルごとのハッシュがないため、有無と大きさで確認しました）',
  },
  'files-detail-missing-differing': {
    en: '{{missing}} missing, {{differing}} of a different size (e.g. {{example}})',
    ja: '{{missing}} 個がなく、{{differing}} 個の大きさが違います（例：{{example}}）',
  },
  'files-detail-remote-match': {
    en: { one: '{{count}} file at {{where}} matches the snapshot byte for byte (rsync --checksum finds nothing left to copy)', other: '{{count}} files at {{where}} match the snapshot byte for byte (rsync --checksum finds nothing left to copy)' },
    ja: '{{where}} のファイル {{count}} 個が、スナップショットと 1 バイト単位で一致しました（rsync --checksum でコピーが必要なものはありません）',
  },
  'files-detail-remote-differ': {
    en: { one: '{{count}} file still differs from the snapshot at the target', other: '{{count}} files still differ from the snapshot at the target' },
    ja: '復元先のファイル {{count}} 個が、まだスナップショットと違います',
  },
});
