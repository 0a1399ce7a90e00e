/**
 * Snapshots: listing and picking them (engine/snapshot/snapshot-store.ts), why a folder is not a usable
 * snapshot (manifest.ts), and what `kura verify` found (verify-snapshot.ts: ItemCheck detail and
 * warnings). Paths, ids, hashes and counts are facts.
 */
import { defineMessages } from '../define.js';

export const snapshotMessages = defineMessages({
  // ---- picking a snapshot
  'snapshot-not-found': {
    en: 'Job "{{job}}" has no snapshot "{{snapshot}}".',
    ja: 'ジョブ「{{job}}」にスナップショット「{{snapshot}}」はありません。',
    hint: { en: 'Available: {{available}} (or "latest").', ja: '使用できるスナップショット：{{available}}（または「latest」）。' },
  },
  'snapshot-not-found~none': {
    en: 'Job "{{job}}" has no complete snapshot yet.',
    ja: 'ジョブ「{{job}}」には、完了したスナップショットがまだありません。',
    hint: {
      en: 'Run a backup first (“Back up now” in Kura, or: {{command}}).',
      ja: '先にバックアップを実行してください（Kura の「今すぐバックアップ」、または {{command}}）。',
    },
  },
  'snapshot-exists': {
    en: 'A snapshot {{snapshot}} already exists.',
    ja: 'スナップショット {{snapshot}} はすでに存在します。',
  },
  'snapshot-incomplete': {
    en: '{{path}} is {{size}} bytes instead of {{expected}} in the new snapshot just before it was to be published; nothing was published.',
    ja: '新しいスナップショットを確定する直前に、{{path}} のサイズが {{expected}} バイトではなく {{size}} バイトになっていました。スナップショットは確定していません。',
    hint: {
      en: 'Check the backup disk (was it disconnected?) and run the backup again.',
      ja: 'バックアップ用のディスクを確認して（接続が切れませんでしたか？）、もう一度バックアップしてください。',
    },
  },
  'snapshot-incomplete~missing': {
    en: '{{path}} is missing in the new snapshot just before it was to be published; nothing was published.',
    ja: '新しいスナップショットを確定する直前に、{{path}} がなくなっていました。スナップショットは確定していません。',
    hint: {
      en: 'Check the backup disk (was it disconnected?) and run the backup again.',
      ja: 'バックアップ用のディスクを確認して（接続が切れませんでしたか？）、もう一度バックアップしてください。',
    },
  },
  'hash-worker-stopped': {
    en: 'The helper thread that computes file checksums stopped unexpectedly ({{reason}}); {{path}} was not checked.',
    ja: 'ファイルのチェックサムを計算する補助スレッドが予期せず停止しました（{{reason}}）。{{path}} は確認できていません。',
    hint: {
      en: 'Run it again. If it happens again, the computer may be short of memory: close other programs, then try again, or report it with the run log.',
      ja: 'もう一度実行してください。繰り返し起きる場合はメモリが不足している可能性があります。ほかのプログラムを閉じてから再度試すか、実行ログを添えて報告してください。',
    },
  },
  'snapshot-written-during-run': {
    en: '{{path}} in the new snapshot changed size while Kura was hashing it: something else writes into the backup folder.',
    ja: '新しいスナップショットの {{path}} が、Kura がハッシュを計算している間にサイズが変わりました。ほかの何かがバックアップ先フォルダーに書き込んでいます。',
    hint: {
      en: 'Make sure no other program (a sync tool, an antivirus quarantine, another backup) works in the backup folder, then run the backup again.',
      ja: 'バックアップ先フォルダーでほかのプログラム（同期ツール、ウイルス対策ソフトの隔離、別のバックアップ）が動いていないことを確認してから、もう一度バックアップしてください。',
    },
  },

  // ---- why a snapshot is left out of the time order (never "latest", never deleted by retention)
  'snapshot-order-no-times': {
    en: 'its manifest has no valid start or end time',
    ja: 'マニフェストに有効な開始時刻または終了時刻がありません',
  },
  'snapshot-order-name': {
    en: 'its folder name says {{snapshot}} but its manifest says it started at {{startedAt}}',
    ja: 'フォルダー名は {{snapshot}} ですが、マニフェストでは開始が {{startedAt}} になっています',
  },
  'snapshot-order-ends-before': {
    en: 'its manifest says it finished ({{finishedAt}}) before it started ({{startedAt}})',
    ja: 'マニフェストでは、開始（{{startedAt}}）より前に終了（{{finishedAt}}）したことになっています',
  },
  'snapshot-order-future': {
    en: "it is dated {{startedAt}}, in the future (the computer's clock was wrong when it ran, or is wrong now)",
    ja: '日付が {{startedAt}} で、未来になっています（実行時か現在のパソコンの時計が狂っています）',
  },

  // ---- why a folder is not a usable snapshot
  'manifest-too-large': {
    en: 'manifest.json is {{size}} bytes, larger than any manifest Kura writes',
    ja: 'manifest.json が {{size}} バイトあり、Kura が書くマニフェストより大きすぎます',
  },
  'manifest-unreadable': { en: 'manifest.json cannot be read: {{reason}}', ja: 'manifest.json を読み取れません：{{reason}}' },
  'manifest-not-json': { en: 'manifest.json is not valid JSON', ja: 'manifest.json は正しい JSON ではありません' },
  'manifest-not-kura': { en: 'manifest.json is not a Kura manifest', ja: 'manifest.json は Kura のマニフェストではありません' },
  'manifest-item-path': {
    en: 'the manifest names {{path}} for source "{{source}}", not {{expected}}',
    ja: 'マニフェストはソース「{{source}}」の場所を {{expected}} ではなく {{path}} としています',
  },
  'manifest-list-path': {
    en: 'the manifest names {{path}} as the file list of source "{{source}}", not {{expected}}',
    ja: 'マニフェストはソース「{{source}}」のファイル一覧を {{expected}} ではなく {{path}} としています',
  },

  // ---- the per-file list
  'file-list-not-a-list': { en: '{{path}}: not a {{format}} list', ja: '{{path}}：{{format}} の一覧ではありません' },
  'file-list-line-damaged': { en: '{{path}}: line {{line}} is damaged', ja: '{{path}}：{{line}} 行目が壊れています' },
  'file-list-line-outside': { en: '{{path}}: line {{line}} names a path outside the item', ja: '{{path}}：{{line}} 行目が項目の外のパスを指しています' },
  'file-list-line-order': { en: '{{path}}: line {{line}} is out of order', ja: '{{path}}：{{line}} 行目の順序が正しくありません' },
  'file-list-not-recorded': {
    en: '{{path}} is not the list the manifest recorded (sha256 differs)',
    ja: '{{path}} はマニフェストに記録された一覧ではありません（sha256 が異なります）',
  },
  'file-list-previous-unreadable': {
    en: "The previous snapshot's file list {{path}} cannot be read: every file is hashed afresh.",
    ja: '前回のスナップショットのファイル一覧 {{path}} を読み取れないため、すべてのファイルのハッシュを改めて計算します。',
  },
  'file-list-previous-other': {
    en: "The previous snapshot's file list {{path}} is not the one its manifest recorded: every file is hashed afresh.",
    ja: '前回のスナップショットのファイル一覧 {{path}} はマニフェストに記録されたものではないため、すべてのファイルのハッシュを改めて計算します。',
  },
  'file-list-rehash': {
    en: '{{problem, messages}}: the remaining files are hashed afresh.',
    ja: '{{problem, messages}}。残りのファイルは改めてハッシュを計算します。',
  },

  // ---- what `kura verify` found (ItemCheck.detail)
  'verify-outside': {
    en: '{{path}} leads outside the snapshot folder (a symlink?): the snapshot is damaged',
    ja: '{{path}} がスナップショットのフォルダーの外を指しています（シンボリックリンク？）。スナップショットは壊れています',
  },
  'verify-list-outside': {
    en: '{{path}} leads outside the snapshot folder: the snapshot is damaged',
    ja: '{{path}} がスナップショットのフォルダーの外を指しています。スナップショットは壊れています',
  },
  'verify-file-missing': { en: 'the file is missing', ja: 'ファイルがありません' },
  'verify-sha-mismatch': {
    en: 'sha256 mismatch: the file changed after the backup ({{sha256}})',
    ja: 'sha256 が一致しません。バックアップ後にファイルが変わっています（{{sha256}}）',
  },
  'verify-sha-ok-dump': {
    en: 'sha256 ok (gzip and dump trailer proven when it was written)',
    ja: 'sha256 は正常です（gzip とダンプの終端は書き込み時に確認済み）',
  },
  'verify-sha-ok-rdb': {
    en: 'sha256 ok (RDB walk and CRC64 proven when it was written)',
    ja: 'sha256 は正常です（RDB の全件確認と CRC64 は書き込み時に確認済み）',
  },
  'verify-dump-ok': { en: 'sha256 ok, gzip ok, dump trailer ok', ja: 'sha256、gzip、ダンプの終端はいずれも正常です' },
  'verify-rdb-ok': {
    en: 'sha256 ok, RDB v{{version}} checksum {{checksum}}',
    ja: 'sha256 は正常です。RDB v{{version}}、チェックサム {{checksum}}',
  },
  'verify-files-ok': {
    en: { one: "1 file, {{bytes}} bytes: every file's sha256 as recorded", other: "{{count, count}} files, {{bytes}} bytes: every file's sha256 as recorded" },
    ja: '{{count, count}} 個のファイル、{{bytes}} バイト：すべてのファイルの sha256 が記録どおりです',
  },
  'verify-files-counted': {
    en: { one: '1 file, {{bytes}} bytes as recorded (count and size only)', other: '{{count, count}} files, {{bytes}} bytes as recorded (count and size only)' },
    ja: '{{count, count}} 個のファイル、{{bytes}} バイトで記録どおりです（数とサイズのみ確認）',
  },
  'verify-files-count-differs': {
    en: 'expected {{expectedFiles}} files / {{expectedBytes}} bytes, found {{foundFiles}} files / {{foundBytes}} bytes',
    ja: '{{expectedFiles}} 個 / {{expectedBytes}} バイトのはずが、{{foundFiles}} 個 / {{foundBytes}} バイトでした',
  },
  'verify-files-no-hashes-sub': {
    en: 'no per-file hashes in this snapshot (made by an older Kura): nothing to compare the chosen files with',
    ja: 'このスナップショット（古い Kura で作成）にはファイルごとのハッシュがないため、選んだファイルを比べる対象がありません',
  },
  'verify-list-damaged': { en: 'the file list is damaged: {{problem, messages}}', ja: 'ファイル一覧が壊れています：{{problem, messages}}' },
  'verify-files-problems': { en: '{{problems, messages}}', ja: '{{problems, messages}}' },
  'verify-damaged': {
    en: '{{count, count}} damaged (content differs from the backup): {{files, items}}',
    ja: '{{count, count}} 個が壊れています（内容がバックアップと異なります）：{{files, items}}',
  },
  'verify-damaged-shared': {
    en: '{{path}} (the same damaged copy is in snapshots {{snapshots}})',
    ja: '{{path}}（同じ壊れたコピーがスナップショット {{snapshots}} にもあります）',
  },
  'verify-missing': { en: '{{count, count}} missing: {{files, list}}', ja: '{{count, count}} 個がありません：{{files, list}}' },
  'verify-wrong-kind': {
    en: '{{count, count}} replaced by another kind of entry (e.g. a file by a link): {{files, list}}',
    ja: '{{count, count}} 個が別の種類の項目に置き換わっています（ファイルがリンクになった、など）：{{files, list}}',
  },
  'verify-extra': { en: "{{count, count}} not in the backup's list: {{files, list}}", ja: '{{count, count}} 個がバックアップの一覧にありません：{{files, list}}' },

  // ---- caveats of an item that checks out (ItemCheck.warnings)
  'verify-torn': {
    en: {
      one: '1 file changed on the server while it was being copied and may be torn: {{files, list}}',
      other: '{{count, count}} files changed on the server while they were being copied and may be torn: {{files, list}}',
    },
    ja: '{{count, count}} 個のファイルがコピー中にサーバー上で変わったため、壊れている（新旧が混ざっている）おそれがあります：{{files, list}}',
  },
  'verify-count-only': { en: 'checked by count only', ja: '数だけを確認しました' },
  'verify-no-hashes': {
    en: 'this snapshot has no per-file hashes (made by an older Kura): its files were checked by count and size only',
    ja: 'このスナップショット（古い Kura で作成）にはファイルごとのハッシュがないため、ファイルは数とサイズだけを確認しました',
  },
  // ---- the note inside a backup folder's identity file (written in both languages: a disk moves between PCs)
  'destination-about': {
    en: 'This folder holds Kura backups. Kura checks this file before each backup, to know the backup disk is really connected. Do not delete it.',
    ja: 'このフォルダーには Kura のバックアップがあります。Kura はバックアップのたびにこのファイルを確かめ、バックアップ用のディスクが本当につながっていることを確認します。削除しないでください。',
  },
});
