/**
 * Restore as a whole (engine/restore/restore-engine.ts, restore-source.ts, files-restore.ts,
 * restore-test.ts): finding the snapshot, checking it before anything changes, the files restore,
 * proving the result — and the restore journal (restore-journal.ts, journal-recovery.ts,
 * unfinished-restores.ts) that makes an interrupted restore visible with its two ways out.
 *
 * `$t(restore-step-{{step}})` nests the words for where a restore stopped (one entry per journal
 * step, below), so the sentences that name the step stay whole in each language.
 */
import { defineMessages } from '../define.js';

const anotherFolder = {
  en: 'Check that the backup disk is connected and the path is right.',
  ja: 'バックアップ用ディスクが接続されていて、パスが正しいことを確認してください。',
} as const;

const journalWaysOut = {
  en: 'Finish it ({{finish}}) or roll it back to the safety backup ({{rollBack}}) first — the dashboard offers both too.',
  ja: '先に、復元を完了する（{{finish}}）か、安全バックアップに戻して（{{rollBack}}）ください。ダッシュボードからも行えます。',
} as const;

export const restoreMessages = defineMessages({
  // ---- finding what to restore (restore-source.ts) ------------------------------------------------
  'folder-unreadable': {
    en: 'Cannot read the backup folder {{folder}}: {{reason}}',
    ja: 'バックアップフォルダー {{folder}} を読み取れません：{{reason}}',
    hint: anotherFolder,
  },
  'restore-several-jobs': {
    en: '{{where}} holds backups of several jobs ({{jobs}}).',
    ja: '{{where}} には複数のジョブのバックアップがあります（{{jobs}}）。',
    hint: {
      en: 'Say which one with --job <jobId>, or open that job’s folder.',
      ja: '--job <jobId> でジョブを指定するか、そのジョブのフォルダーを開いてください。',
    },
  },
  'restore-which-job': {
    en: 'Say which job to restore from, or give a backup folder.',
    ja: '復元元のジョブを指定するか、バックアップフォルダーを指定してください。',
  },
  'restore-no-config': {
    en: 'No configuration is loaded, so there is no job to restore from.',
    ja: '設定が読み込まれていないため、復元元のジョブがありません。',
  },
  'restore-no-snapshots': {
    en: 'There is no complete snapshot to restore from.',
    ja: '復元できる完了したスナップショットがありません。',
    hint: {
      en: 'Check the folder, or run a backup first.',
      ja: 'フォルダーを確認するか、先にバックアップを実行してください。',
    },
  },
  'restore-no-snapshots-at': {
    en: 'There is no complete snapshot at {{address}}.',
    ja: '{{address}} には完了したスナップショットがありません。',
    hint: {
      en: 'Check the address (kura snapshots --from …).',
      ja: 'アドレスを確認してください（kura snapshots --from …）。',
    },
  },
  'source-not-found': {
    en: 'No snapshot holds a source "{{source}}".',
    ja: 'ソース「{{source}}」を含むスナップショットはありません。',
    hint: {
      en: 'Sources in these snapshots: {{sources}}.',
      ja: 'これらのスナップショットにあるソース：{{sources}}',
    },
  },
  'snapshot-not-found~source': {
    en: 'There is no complete snapshot "{{snapshot}}" holding source "{{source}}".',
    ja: 'ソース「{{source}}」を含む完了したスナップショット「{{snapshot}}」はありません。',
    hint: {
      en: 'Available: {{available}} (or "latest").',
      ja: '使用できるスナップショット：{{available}}（または「latest」）。',
    },
  },
  'restore-no-latest': {
    en: 'No snapshot holding source "{{source}}" is in the time order (each is dated after a later one, or in the future), so none is the latest.',
    ja: 'ソース「{{source}}」を含むスナップショットは、どれも時刻の順序が正しくない（後のものより新しい日付か、未来の日付）ため、最新のものを決められません。',
    hint: {
      en: 'Give one of them by its id: {{available}}.',
      ja: '次のいずれかを ID で指定してください：{{available}}',
    },
  },
  'restore-remote-unavailable': {
    en: 'Restoring from the off-site address {{address}} needs the keychain and the tools, which this caller did not provide.',
    ja: 'オフサイトのアドレス {{address}} から復元するにはキーチェーンとツールが必要ですが、呼び出し元から渡されていません。',
  },
  'restore-which-database': {
    en: 'Source "{{source}}" holds several databases: {{databases}}.',
    ja: 'ソース「{{source}}」には複数のデータベースがあります：{{databases}}',
    hint: {
      en: 'Say which one with --database <name>.',
      ja: '--database <name> でデータベースを指定してください。',
    },
  },
  'restore-database-not-in-snapshot': {
    en: 'Snapshot {{snapshot}} has no dump of database "{{database}}" in source "{{source}}".',
    ja: 'スナップショット {{snapshot}} のソース「{{source}}」には、データベース「{{database}}」のダンプがありません。',
    hint: {
      en: 'It has: {{databases}}.',
      ja: 'あるのは次のデータベースです：{{databases}}',
    },
  },

  // ---- where it goes (restore-engine.ts, files-restore.ts) -------------------------------------------
  'restore-no-target': {
    en: 'Where should source "{{source}}" be restored to? There is no configured job for it on this PC.',
    ja: 'ソース「{{source}}」をどこに復元しますか？このパソコンには、このソースのジョブが設定されていません。',
    hint: {
      en: 'Give the target with {{flags}}.',
      ja: '{{flags}} で復元先を指定してください。',
    },
  },
  'restore-path-not-absolute': {
    en: 'The restore folder "{{path}}" is not a full path.',
    ja: '復元先フォルダー「{{path}}」が完全なパスではありません。',
    hint: {
      en: 'Give the whole path, e.g. D:\\restore\\www or /srv/restore/www.',
      ja: 'D:\\restore\\www や /srv/restore/www のように、パス全体を指定してください。',
    },
  },
  'restore-path-inside-backup': {
    en: 'The restore folder {{path}} is inside the backup folder (or holds it): restoring there would mix the restored files with the snapshots.',
    ja: '復元先フォルダー {{path}} がバックアップフォルダーの中にあります（またはバックアップフォルダーを含んでいます）。そこに復元すると、復元したファイルとスナップショットが混ざってしまいます。',
    hint: {
      en: 'Choose a folder outside the backup folder.',
      ja: 'バックアップフォルダーの外にあるフォルダーを選んでください。',
    },
  },
  'restore-path-leaves-snapshot': {
    en: 'The path "{{path}}" leaves the snapshot ("..").',
    ja: 'パス「{{path}}」はスナップショットの外を指しています（「..」）。',
    hint: {
      en: 'Give a folder or file inside the backup, e.g. images/2026.',
      ja: 'images/2026 のように、バックアップの中のフォルダーかファイルを指定してください。',
    },
  },
  'path-not-in-snapshot': {
    en: '"{{path}}" is not in this snapshot of {{source}}.',
    ja: '「{{path}}」は、{{source}} のこのスナップショットにはありません。',
    hint: {
      en: 'Browse the snapshot folder to find the exact path (it is case-sensitive).',
      ja: 'スナップショットのフォルダーを開いて、正確なパスを確認してください（大文字と小文字は区別されます）。',
    },
  },

  // ---- the restore wizard's file browser (browse-snapshot.ts) ----------------------------------------
  'restore-browse-remote': {
    en: 'The backups at {{where}} are read over the network: their folders cannot be browsed here.',
    ja: '{{where}} のバックアップはネットワーク越しに読み取るため、ここではフォルダーを一覧できません。',
    hint: {
      en: 'Type the path of the folder or file to restore as it is on the website (for example wp-content/uploads), or leave it empty for everything.',
      ja: '復元するフォルダーかファイルのパスを、ウェブサイト上のとおりに入力してください（例：wp-content/uploads）。すべてを復元する場合は空欄のままにします。',
    },
  },
  'restore-browse-not-files': {
    en: 'Source "{{source}}" is not a files item: there are no folders to browse.',
    ja: 'ソース「{{source}}」はファイルの項目ではないため、一覧できるフォルダーはありません。',
  },
  'restore-browse-not-folder': {
    en: '"{{path}}" is a file, not a folder.',
    ja: '「{{path}}」はフォルダーではなくファイルです。',
    hint: { en: 'Choose it to restore it, or open the folder above it.', ja: '復元するにはそのファイルを選ぶか、1 つ上のフォルダーを開いてください。' },
  },
  'restore-browse-damaged': {
    en: "This snapshot's file list cannot be shown: {{problem, messages}}.",
    ja: 'このスナップショットのファイル一覧を表示できません：{{problem, messages}}。',
    hint: {
      en: 'Check the snapshot (kura verify) and restore from an earlier one, or type the path.',
      ja: 'スナップショットを確認（kura verify）して、それより前のスナップショットから復元するか、パスを入力してください。',
    },
  },

  // ---- checked before anything changes ----------------------------------------------------------------
  'restore-precheck-ok': {
    en: 'Checked {{path}} in snapshot {{snapshot}} before restoring:',
    ja: '復元の前に、スナップショット {{snapshot}} の {{path}} を確認しました：',
  },
  'restore-precheck-failed': {
    en: 'The check of {{path}} in snapshot {{snapshot}} before restoring found damage:',
    ja: '復元前の確認で、スナップショット {{snapshot}} の {{path}} に損傷が見つかりました：',
  },
  'snapshot-damaged': {
    en: 'Snapshot {{snapshot}} is damaged and was not restored: {{path}} does not match its manifest. Nothing was changed.',
    ja: 'スナップショット {{snapshot}} は壊れているため、復元しませんでした（{{path}} がマニフェストと一致しません）。何も変更していません。',
    hint: {
      en: 'The previous snapshot {{previous}} checks out: restore that one instead.',
      ja: '1 つ前のスナップショット {{previous}} は正常です。そちらを復元してください。',
    },
  },
  'snapshot-damaged-no-previous': {
    en: 'Snapshot {{snapshot}} is damaged and was not restored: {{path}} does not match its manifest. Nothing was changed.',
    ja: 'スナップショット {{snapshot}} は壊れているため、復元しませんでした（{{path}} がマニフェストと一致しません）。何も変更していません。',
    hint: {
      en: 'No earlier snapshot of this item checks out either. Run kura verify on the job to see which snapshots are intact.',
      ja: 'この項目の、それより前のスナップショットにも正常なものはありません。ジョブに kura verify を実行して、正常なスナップショットを確認してください。',
    },
  },
  'snapshot-path-escapes': {
    en: 'The files of {{source}} at "{{path}}" in this snapshot lead outside the snapshot folder (through a symlink), so Kura will not restore from there. Nothing was changed.',
    ja: 'このスナップショットの {{source}} の「{{path}}」は、（シンボリックリンクを通じて）スナップショットのフォルダーの外を指しているため、Kura はそこから復元しません。何も変更していません。',
    hint: {
      en: 'Choose another folder or an earlier snapshot; run kura verify on this one.',
      ja: '別のフォルダーか、それより前のスナップショットを選んでください。このスナップショットには kura verify を実行してください。',
    },
  },
  'restore-checked': {
    en: 'Checked {{path}} of snapshot {{snapshot}}: it matches its manifest.',
    ja: 'スナップショット {{snapshot}} の {{path}} を確認しました。マニフェストと一致しています。',
  },
  'restore-nothing-changed': {
    en: 'Nothing was changed.',
    ja: '何も変更していません。',
  },

  // ---- proving the result -------------------------------------------------------------------------
  'restore-verified': {
    en: { one: 'Verified against the snapshot: the {{count}} check passed.', other: 'Verified against the snapshot: all {{count}} checks passed.' },
    ja: 'スナップショットと照合しました。{{count}} 項目すべてが一致しました。',
  },
  'restore-verified-differs': {
    en: 'Verified against the snapshot: {{failed}} of {{count}} checks differ.',
    ja: 'スナップショットと照合しました。{{count}} 項目中 {{failed}} 項目が一致しません。',
  },
  'restore-verify-failed': {
    en: 'The restore finished but does not match the snapshot in {{failed}} of {{count}} checks.',
    ja: '復元は完了しましたが、スナップショットと一致しません（{{count}} 項目中 {{failed}} 項目）。',
    hint: {
      en: 'Look at the checks that failed; check free space and permissions at the target, then restore again (or into a new name, and compare).',
      ja: '一致しなかった項目を確認してください。復元先の空き容量とアクセス権を確認してから、もう一度復元してください（または新しい名前で復元して比べてください）。',
    },
  },
  'restore-unverified': {
    en: 'The restore finished but could not be verified against the snapshot.',
    ja: '復元は完了しましたが、スナップショットと照合できませんでした。',
    hint: {
      en: 'Restore again, or restore into a new name and compare.',
      ja: 'もう一度復元するか、新しい名前で復元して比べてください。',
    },
  },
  'restore-safety-pruned': {
    en: 'Removed an old safety backup: {{id}}',
    ja: '古い安全バックアップを削除しました：{{id}}',
  },
  'restore-test-source-missing': {
    en: 'Job "{{job}}" no longer has the MySQL source "{{source}}" to test-restore into.',
    ja: 'ジョブ「{{job}}」には、復元テストに使う MySQL ソース「{{source}}」がもうありません。',
  },

  // ---- files ------------------------------------------------------------------------------------------
  'files-plan-check-list': {
    en: { one: 'Check the file of the snapshot {{snapshot}} against its recorded sha256 ({{count}} file, {{bytes, bytes}}).', other: 'Check every file of the snapshot {{snapshot}} against its recorded sha256 ({{count}} files, {{bytes, bytes}} in all).' },
    ja: 'スナップショット {{snapshot}} のすべてのファイル（{{count}} 個、合計 {{bytes, bytes}}）を、記録された sha256 と照合します。',
  },
  'files-plan-check-list-path': {
    en: { one: 'Check "{{path}}" in the snapshot {{snapshot}} against its recorded sha256 (the snapshot holds {{count}} file, {{bytes, bytes}}).', other: 'Check "{{path}}" in the snapshot {{snapshot}} against its recorded sha256 (the snapshot holds {{count}} files, {{bytes, bytes}} in all).' },
    ja: 'スナップショット {{snapshot}} の「{{path}}」を、記録された sha256 と照合します（スナップショット全体ではファイル {{count}} 個、合計 {{bytes, bytes}}）。',
  },
  'files-plan-check': {
    en: { one: 'Check the snapshot {{snapshot}} ({{count}} file, {{bytes, bytes}}) against its manifest.', other: 'Check the snapshot {{snapshot}} ({{count}} files, {{bytes, bytes}}) against its manifest.' },
    ja: 'スナップショット {{snapshot}}（ファイル {{count}} 個、{{bytes, bytes}}）をマニフェストと照合します。',
  },
  'files-plan-copy-all': {
    en: 'Copy all files to {{to}}.',
    ja: 'すべてのファイルを {{to}} にコピーします。',
  },
  'files-plan-copy-path': {
    en: 'Copy "{{path}}" to {{to}}.',
    ja: '「{{path}}」を {{to}} にコピーします。',
  },
  'files-plan-delete-none': {
    en: 'Delete nothing at the target: it holds nothing the snapshot lacks.',
    ja: '復元先では何も削除しません。スナップショットにないものはありません。',
  },
  'files-plan-delete': {
    en: { one: 'Delete {{count}} file or folder at the target that the snapshot does not have: {{names}}.', other: 'Delete {{count}} files and folders at the target that the snapshot does not have: {{names}}.' },
    ja: '復元先にあってスナップショットにないファイルとフォルダー {{count}} 個を削除します：{{names}}',
  },
  'files-plan-excluded': {
    en: 'Leave alone what the job excludes from backups ({{patterns}}): it was never backed up.',
    ja: 'ジョブがバックアップから除外しているもの（{{patterns}}）には触れません。バックアップされていないためです。',
  },
  'files-plan-verify-hashes': {
    en: 'Check every restored file at the target against its recorded sha256.',
    ja: '復元先のすべてのファイルを、記録された sha256 と照合します。',
  },
  'files-plan-verify-sizes': {
    en: 'Check that every restored file is present with the right size.',
    ja: '復元したすべてのファイルが、正しい大きさであることを確認します。',
  },
  'files-overwrites-source': {
    en: 'Files at {{where}} with the same names are replaced.',
    ja: '{{where}} にある同じ名前のファイルは置き換えられます。',
  },
  'files-overwrites-count': {
    en: {
      one: '1 file at {{where}} differs from the snapshot and is replaced by its copy (what it holds now is lost): {{names, list}}.',
      other: '{{count, count}} files at {{where}} differ from the snapshot and are replaced by its copies (what they hold now is lost): {{names, list}}.',
    },
    ja: '{{where}} にある {{count, count}} 個のファイルはスナップショットと内容が異なり、スナップショットのものに置き換えられます（いまの内容は失われます）：{{names, list}}。',
  },
  'files-overwrites-folder': {
    en: { one: '{{count}} file already in {{where}}: if it has the same name, it is replaced.', other: '{{count}} files already in {{where}}: those with the same names are replaced.' },
    ja: '{{where}} にはすでにファイルが {{count}} 個あります。同じ名前のファイルは置き換えられます。',
  },
  'files-restore-copied': {
    en: { one: 'Copied "{{path}}" of {{source}} to {{to}} ({{count}} file transferred).', other: 'Copied "{{path}}" of {{source}} to {{to}} ({{count}} files transferred).' },
    ja: '{{source}} の「{{path}}」を {{to}} にコピーしました（転送したファイル {{count}} 個）。',
  },
  'files-restore-copied-mirror': {
    en: 'Copied "{{path}}" of {{source}} to {{to}} (files transferred: {{count}}; deleted because the snapshot does not have them: {{deleted}}).',
    ja: '{{source}} の「{{path}}」を {{to}} にコピーし、スナップショットにないファイル {{deleted}} 個を削除しました（転送したファイル {{count}} 個）。',
  },
  'files-restore-recopied': {
    en: {
      one: '{{count}} file at {{to}} had the size and modification time of the snapshot\'s copy but other content (rsync compares only those, and skipped it): it was copied again, compared by content.',
      other: '{{count}} files at {{to}} had the size and modification time of the snapshot\'s copies but other content (rsync compares only those, and skipped them): they were copied again, compared by content.',
    },
    ja: '{{to}} のファイル {{count}} 個は、大きさと更新日時がスナップショットのものと同じで内容だけが違っていました（rsync はこの 2 つしか比べないため、コピーしていませんでした）。内容を比べて、もう一度コピーしました。',
  },

  // ---- the restore journal (restore-journal.ts) ------------------------------------------------------
  'restore-unfinished': {
    en: 'An earlier restore of {{target}} (snapshot {{snapshot}}, started {{started, datetime}}) stopped $t(restore-step-{{step}}) and is not finished: {{target}} may be half restored. This restore did not start.',
    ja: '以前の {{target}} の復元（スナップショット {{snapshot}}、{{started, datetime}} 開始）が$t(restore-step-{{step}})に止まったまま完了していません。{{target}} は途中まで復元された状態の可能性があります。この復元は開始していません。',
    hint: journalWaysOut,
  },
  'restore-running': {
    en: 'A restore of {{target}} is already running (process {{pid}} on {{host}}, started {{started, datetime}}).',
    ja: '{{target}} の復元はすでに実行中です（{{host}} のプロセス {{pid}}、{{started, datetime}} 開始）。',
    hint: {
      en: 'Wait for it to finish; this restore did not start and nothing was changed.',
      ja: '終わるまでお待ちください。この復元は開始しておらず、何も変更していません。',
    },
  },
  'restore-journal-damaged': {
    en: 'The restore journal {{path}} cannot be used: Kura cannot tell what state that restore left its target in.',
    ja: '復元ジャーナル {{path}} が使えないため、その復元が復元先をどのような状態にしたのか Kura には判断できません。',
    hint: {
      en: 'Check the database, Redis or folder that was being restored by hand, then remove the journal with: {{dismiss}}',
      ja: '復元中だったデータベース・Redis・フォルダーを手作業で確認してから、次のコマンドでジャーナルを削除してください：{{dismiss}}',
    },
  },
  'restore-journal-not-found': {
    en: 'There is no unfinished restore "{{id}}".',
    ja: '未完了の復元「{{id}}」はありません。',
    hint: {
      en: 'kura status lists the unfinished restores with their ids.',
      ja: 'kura status で、未完了の復元とその ID を一覧できます。',
    },
  },
  'restore-journal-busy': {
    en: 'Another Kura process ({{pid}} on {{host}}) is already finishing or rolling back the restore {{id}}.',
    ja: '別の Kura のプロセス（{{host}} の {{pid}}）が、すでに復元 {{id}} を完了または元に戻しています。',
    hint: {
      en: 'Wait for it to end, then look at kura status again.',
      ja: '終わるのを待ってから、もう一度 kura status を確認してください。',
    },
  },
  'restore-journal-open': {
    en: 'The restore left {{target}} in a state that needs a decision: its journal {{id}} stays open. Finish the restore ({{finish}}) or roll it back ({{rollBack}}).',
    ja: '復元により {{target}} は判断が必要な状態になっています。ジャーナル {{id}} は開いたままです。復元を完了する（{{finish}}）か、元に戻して（{{rollBack}}）ください。',
  },
  'restore-journal-update-failed': {
    en: 'Could not update the restore journal {{id}}:',
    ja: '復元ジャーナル {{id}} を更新できませんでした：',
  },

  // ---- finishing, rolling back, dismissing (journal-recovery.ts) -------------------------------------
  'restore-rollback-starting': {
    en: 'Rolling back the interrupted restore {{id}} of {{target}} (snapshot {{snapshot}}, stopped $t(restore-step-{{step}}))',
    ja: '中断された {{target}} の復元 {{id}} を元に戻しています（スナップショット {{snapshot}}、$t(restore-step-{{step}})に停止）',
  },
  'restore-finish-starting': {
    en: 'Finishing the interrupted restore {{id}} of {{target}} (snapshot {{snapshot}}, stopped $t(restore-step-{{step}}))',
    ja: '中断された {{target}} の復元 {{id}} を完了しています（スナップショット {{snapshot}}、$t(restore-step-{{step}})に停止）',
  },
  'restore-journal-removed-damaged': {
    en: 'Removed the damaged restore journal {{path}}.',
    ja: '壊れた復元ジャーナル {{path}} を削除しました。',
  },
  'restore-journal-dismissed': {
    en: 'Dismissed the unfinished restore {{id}} of {{target}}: the target was left as it is.',
    ja: '未完了の {{target}} の復元 {{id}} を破棄しました。復元先はそのままです。',
  },
  'restore-journal-foreign': {
    en: "The restore journal {{id}} names {{named}}, where this computer's configuration has {{expected}}: Kura refuses to act on it.",
    ja: '復元ジャーナル {{id}} は {{named}} を指していますが、このパソコンの設定では {{expected}} です。Kura はこのジャーナルでは何もしません。',
    hint: {
      en: 'The journal was changed, or copied from another computer or configuration. Check {{target}} by hand, then remove the journal with: {{dismiss}}',
      ja: 'ジャーナルが変更されたか、別のパソコンや設定からコピーされています。{{target}} を手作業で確認してから、次のコマンドでジャーナルを削除してください：{{dismiss}}',
    },
  },
  'restore-journal-unconfirmed': {
    en: 'Kura cannot confirm that {{dir}} is where Redis at {{where}} keeps its data: Redis does not run, and its configuration file ({{config}}) does not say. Nothing was changed.',
    ja: '{{dir}} が {{where}} の Redis のデータの保存場所であることを確認できません。Redis は動いておらず、設定ファイル（{{config}}）にも書かれていません。何も変更していません。',
    hint: {
      en: 'Start Redis by hand, then run the roll back or finish again ({{rollBack}} / {{finish}}).',
      ja: 'Redis を手作業で起動してから、もう一度元に戻すか完了してください（{{rollBack}} / {{finish}}）。',
    },
  },
  'restore-safety-missing': {
    en: 'The safety backup {{path}} taken before the restore of {{name}} is gone.',
    ja: '{{name}} の復元の前に取った安全バックアップ {{path}} がありません。',
    hint: {
      en: 'Finish the restore instead ({{finish}}), or restore an older snapshot.',
      ja: '代わりに復元を完了する（{{finish}}）か、それより前のスナップショットを復元してください。',
    },
  },
  'restore-rollback-failed': {
    en: 'Rolling {{name}} back to the safety backup failed.',
    ja: '{{name}} を安全バックアップに戻す処理に失敗しました。',
    hint: {
      en: 'See the steps above; the journal stays open so you can try again.',
      ja: '上の手順を確認してください。ジャーナルは開いたままなので、もう一度試せます。',
    },
  },
  'restore-rollback-unavailable': {
    en: 'The restore of {{target}} cannot be rolled back: Kura keeps no copy of what it overwrote there (a live Redis restore and a files restore keep none, nor a MySQL restore without a safety backup).',
    ja: '{{target}} の復元は元に戻せません。Kura は上書きしたデータのコピーを残していません（Redis のライブ復元とファイルの復元、安全バックアップなしの MySQL の復元ではコピーを残しません）。',
    hint: {
      en: 'Finish the restore instead ({{finish}}), or restore an older snapshot over it.',
      ja: '代わりに復元を完了する（{{finish}}）か、それより前のスナップショットを上から復元してください。',
    },
  },
  'restore-rollback-untouched': {
    en: 'The restore was interrupted before it changed {{target}}: it is as it was.',
    ja: '復元は {{target}} を変更する前に中断されました。元のままです。',
  },

  // ---- unfinished restores as the tray, the dashboard and kura status show them --------------------
  'restore-summary-damaged': {
    en: 'The restore journal {{path}} cannot be read: check the restore target by hand, then dismiss it ({{dismiss}}).',
    ja: '復元ジャーナル {{path}} が読めません。復元先を手作業で確認してから、このジャーナルを破棄してください（{{dismiss}}）。',
  },
  'restore-summary-running': {
    en: 'Restoring {{target}} (process {{pid}} on {{host}})',
    ja: '{{target}} を復元中です（{{host}} のプロセス {{pid}}）',
  },
  'restore-summary-interrupted': {
    en: 'The restore of {{target}} from snapshot {{snapshot}} (started {{started, datetime}}) was interrupted $t(restore-step-{{step}}): it may be half restored. Roll back to the safety backup or finish the restore.',
    ja: '{{target}} の復元（スナップショット {{snapshot}}、{{started, datetime}} 開始）が$t(restore-step-{{step}})に中断されました。途中まで復元された状態の可能性があります。安全バックアップに戻すか、復元を完了してください。',
  },
  'restore-summary-interrupted-untouched': {
    en: 'The restore of {{target}} from snapshot {{snapshot}} (started {{started, datetime}}) was interrupted before it changed anything: {{target}} is as it was. Finish it or roll it back.',
    ja: '{{target}} の復元（スナップショット {{snapshot}}、{{started, datetime}} 開始）は何も変更する前に中断されました。{{target}} は元のままです。復元を完了するか、元に戻してください。',
  },
  'restore-summary-unresolved': {
    en: 'The restore of {{target}} from snapshot {{snapshot}} (started {{started, datetime}}) ended in a state that needs a decision. Roll back to the safety backup or finish the restore.',
    ja: '{{target}} の復元（スナップショット {{snapshot}}、{{started, datetime}} 開始）は、判断が必要な状態で終わりました。安全バックアップに戻すか、復元を完了してください。',
  },
  'restore-summary-several': {
    en: '{{count}} restores were interrupted and are not finished: see the dashboard or kura status.',
    ja: '中断された復元が {{count}} 件あります。ダッシュボードまたは kura status で確認してください。',
  },
  'restore-notice-title': { en: 'A restore is not finished', ja: '復元が完了していません' },
  'restore-note-damaged': {
    en: 'The journal cannot be read, so Kura cannot roll it back.',
    ja: '復元ジャーナルが読めないため、元に戻せません。',
  },
  'restore-note-untouched': {
    en: 'Nothing was changed: rolling back only cleans up.',
    ja: '何も変更されていません。後片付けだけを行います。',
  },
  'restore-note-mysql-safety': {
    en: 'Imports the safety backup taken before the restore ({{path}}).',
    ja: '復元前に取った安全バックアップ（{{path}}）を取り込み直します。',
  },
  'restore-note-mysql-drop': {
    en: 'Drops the database, which this restore had created.',
    ja: 'この復元で作られたデータベースを削除します。',
  },
  'restore-note-mysql-empty': {
    en: 'Empties the database again (it was empty before).',
    ja: '空だったデータベースを空に戻します。',
  },
  'restore-note-mysql-no-safety': {
    en: 'No safety backup was taken (--no-safety-backup), so it cannot be rolled back.',
    ja: '安全バックアップが取られていない（--no-safety-backup）ため、元に戻せません。',
  },
  'restore-note-redis-file': {
    en: 'Puts the kept previous data files ({{suffix}}) back and restarts Redis.',
    ja: '残してある以前のデータファイル（{{suffix}}）に戻して Redis を起動し直します。',
  },
  'restore-note-redis-live': {
    en: 'A live restore keeps no copy of what it overwrote, so it cannot be rolled back.',
    ja: 'ライブ復元は上書き前のデータを残さないため、元に戻せません。',
  },
  'restore-note-files': {
    en: 'A files restore keeps no copy of the files it replaced, so it cannot be rolled back.',
    ja: 'ファイルの復元は置き換えたファイルを残さないため、元に戻せません。',
  },

  // ---- where a restore stopped (journal steps; nested in the sentences above) -----------------------
  'restore-step-started': { en: 'before it began', ja: '開始直後' },
  'restore-step-safety-backup': { en: 'while taking the safety backup', ja: '安全バックアップの作成中' },
  'restore-step-safety-verified': { en: 'after the safety backup, before the import', ja: '安全バックアップの作成後、取り込みの前' },
  'restore-step-import': { en: 'during the import', ja: '取り込み中' },
  'restore-step-rollback': { en: 'while rolling back', ja: '元に戻している途中' },
  'restore-step-verify': { en: 'while checking the result', ja: '結果の確認中' },
  'restore-step-copying': { en: 'while copying', ja: 'コピー中' },
  'restore-step-stopping': { en: 'while stopping Redis', ja: 'Redis の停止中' },
  'restore-step-stopped': { en: 'with Redis stopped', ja: 'Redis の停止後' },
  'restore-step-staging': { en: 'while preparing the new files', ja: '新しいファイルの準備中' },
  'restore-step-swapping': { en: 'while putting the snapshot in place', ja: 'スナップショットの配置中' },
  'restore-step-starting': { en: 'while starting Redis', ja: 'Redis の起動中' },
  'restore-step-flush': { en: 'while emptying Redis', ja: 'Redis を空にしている途中' },
  'restore-step-sending': { en: 'while sending the keys', ja: 'キーの送信中' },
});
