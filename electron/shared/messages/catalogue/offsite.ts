/**
 * Off-site copies to an rsync server, an SSH server or a NAS folder (engine/offsite/push-offsite.ts,
 * remote-snapshots.ts, network-retry.ts): the run-log lines of a push, the warnings that keep the run
 * "OK with warnings" while the local backup is fine, and fetching a snapshot back for a restore.
 */
import { defineMessages } from '../define.js';

export const offsiteMessages = defineMessages({
  // ---- failures and warnings
  'offsite-not-mounted': {
    en: 'The off-site folder {{path}} is not available (the disk is not connected or the network share is not mounted), so the copy was skipped.',
    ja: 'オフサイトのフォルダー {{path}} を使用できないため（ディスクが接続されていないか、ネットワーク共有がマウントされていません）、コピーをスキップしました。',
    hint: {
      en: 'Connect the disk or mount the share; Kura copies the missing snapshots on the next run.',
      ja: 'ディスクを接続するか、共有をマウントしてください。足りないスナップショットは、次回の実行時に Kura がコピーします。',
    },
  },
  'offsite-cancelled': {
    en: 'The off-site copy to {{to}} was cancelled; the local backup is fine, and the copy resumes on the next run.',
    ja: '{{to}} へのオフサイトコピーはキャンセルされました。ローカルのバックアップは正常で、コピーは次回の実行で再開します。',
  },
  'offsite-failed': {
    en: 'The off-site copy to {{to}} failed: {{error, messages}} The local backup is fine; Kura tries again on the next run.',
    ja: '{{to}} へのオフサイトコピーに失敗しました：{{error, messages}}　ローカルのバックアップは正常です。Kura は次回の実行で再試行します。',
  },
  'offsite-failed~hint': {
    en: 'The off-site copy to {{to}} failed: {{error, messages}} The local backup is fine; Kura tries again on the next run. {{error, hint}}',
    ja: '{{to}} へのオフサイトコピーに失敗しました：{{error, messages}}　ローカルのバックアップは正常です。Kura は次回の実行で再試行します。{{error, hint}}',
  },
  'offsite-prune-failed': {
    en: 'Off-site copy {{to}}: the old snapshot {{snapshot}} could not be removed there ({{error, messages}}); Kura tries again on the next run.',
    ja: 'オフサイトコピー {{to}}：古いスナップショット {{snapshot}} を削除できませんでした（{{error, messages}}）。Kura は次回の実行で再試行します。',
  },
  'usage~offsite-address': {
    en: 'The {{what, messages}} "{{address}}": {{problem, messages}}.',
    ja: '{{what, messages}}「{{address}}」：{{problem, messages}}。',
    hint: {
      en: 'Examples: rsync://kura@backup.example.jp/kura/, kura@backup.example.jp::kura, kura@backup.example.jp:/srv/kura, /mnt/nas/kura',
      ja: '例：rsync://kura@backup.example.jp/kura/、kura@backup.example.jp::kura、kura@backup.example.jp:/srv/kura、/mnt/nas/kura',
    },
  },
  'noun-offsite-target': { en: 'off-site target "{{target}}"', ja: 'オフサイトの保存先「{{target}}」' },
  'noun-address': { en: 'address', ja: 'アドレス' },
  'usage~home-missing': {
    en: 'The Kura folder {{path}} does not exist.',
    ja: 'Kura のフォルダー {{path}} がありません。',
    hint: { en: 'Create it, or set KURA_HOME to an existing folder.', ja: 'フォルダーを作成するか、KURA_HOME に既存のフォルダーを指定してください。' },
  },
  'offsite-snapshot-incomplete': {
    en: 'The snapshot {{snapshot}} at {{address}} has no valid manifest any more (it may have been removed while it was fetched).',
    ja: '{{address}} にあるスナップショット {{snapshot}} には、有効なマニフェストがもうありません（取得中に削除された可能性があります）。',
    hint: { en: 'List the snapshots there again and pick another one.', ja: 'その場所のスナップショットをもう一度一覧表示して、別のものを選んでください。' },
  },
  'offsite-snapshot-damaged': {
    en: 'The copy of snapshot {{snapshot}} at {{address}} does not match its manifest: {{problems, messages}}.',
    ja: '{{address}} にあるスナップショット {{snapshot}} のコピーが、マニフェストと一致しません：{{problems, messages}}。',
    hint: {
      en: 'Pick an earlier snapshot from the same place (kura snapshots --from …).',
      ja: '同じ場所から、それより前のスナップショットを選んでください（kura snapshots --from …）。',
    },
  },
  'offsite-item-problem': { en: '{{path}}: {{detail, messages}}', ja: '{{path}}：{{detail, messages}}' },

  // ---- the run log
  'log-offsite-start': {
    en: { one: 'Off-site copy to {{to}} (target "{{target}}"): 1 snapshot to push: {{snapshots}}', other: 'Off-site copy to {{to}} (target "{{target}}"): {{count}} snapshots to push: {{snapshots}}' },
    ja: '{{to}} へのオフサイトコピー（保存先「{{target}}」）：送るスナップショット {{count}} 個：{{snapshots}}',
  },
  'log-offsite-skip-retention': {
    en: 'Off-site: not copying {{snapshot}} to {{to}}: the retention policy would remove it there anyway.',
    ja: 'オフサイト：{{snapshot}} は保持ルールにより削除される予定のため、{{to}} にはコピーしません。',
  },
  'log-offsite-already': { en: 'Off-site: {{snapshot}} is already complete at {{to}}.', ja: 'オフサイト：{{snapshot}} は {{to}} にすでに揃っています。' },
  'log-offsite-previous-damaged': {
    en: 'Off-site: the copy of {{damaged}} at {{to}} was found damaged (kura verify --offsite), so {{snapshot}} is not linked to it: an unchanged file there could be the damaged one',
    ja: 'オフサイト：{{to}} にある {{damaged}} のコピーは破損が見つかっています（kura verify --offsite）。変わっていないファイルがその破損したものである可能性があるため、{{snapshot}} はそれにリンクしません',
  },
  'log-offsite-pushing': {
    en: 'Off-site: copying {{snapshot}} to {{to}} (what {{previous}} there already holds is not sent again)',
    ja: 'オフサイト：{{snapshot}} を {{to}} へコピーします（そこにある {{previous}} がすでに持っているものは送りません）',
  },
  'log-offsite-pushing~first': {
    en: 'Off-site: copying {{snapshot}} to {{to}} (first copy there: everything is sent)',
    ja: 'オフサイト：{{snapshot}} を {{to}} へコピーします（そこへの最初のコピーのため、すべてを送ります）',
  },
  'log-offsite-complete': {
    en: 'Off-site: {{snapshot}} is complete at {{to}}: {{sent}} sent ({{bytes, bytes}}), {{reused}} already there.',
    ja: 'オフサイト：{{snapshot}} は {{to}} に揃いました。送信 {{sent}} 件（{{bytes, bytes}}）、既存 {{reused}} 件。',
  },
  'log-offsite-tidied': {
    en: { one: 'Off-site: 1 object no snapshot uses any more removed at {{to}} ({{bytes, bytes}}).', other: 'Off-site: {{count}} objects no snapshot uses any more removed at {{to}} ({{bytes, bytes}}).' },
    ja: 'オフサイト：どのスナップショットも使わなくなったオブジェクト {{count}} 個を {{to}} から削除しました（{{bytes, bytes}}）。',
  },
  'log-offsite-warning': { en: 'Off-site: {{warning, messages}}', ja: 'オフサイト：{{warning, messages}}' },
  'log-offsite-pruned': { en: 'Off-site retention: removed {{snapshot}} at {{to}}', ja: 'オフサイトの保持ルール：{{to}} の {{snapshot}} を削除しました' },
  'log-offsite-state-unsaved': { en: 'Could not save the off-site state: {{reason}}', ja: 'オフサイトの状態を保存できませんでした：{{reason}}' },
  'log-offsite-cached': { en: 'Using the copy of {{snapshot}} already fetched to {{path}}', ja: '{{path}} に取得済みの {{snapshot}} のコピーを使います' },
  'log-offsite-fetching': { en: 'Fetching snapshot {{snapshot}} from {{address}} to {{path}}', ja: 'スナップショット {{snapshot}} を {{address}} から {{path}} へ取得します' },

  // ---- retrying within one push (what was being tried, then the line)
  'log-retrying': {
    en: '{{what, messages}} failed ({{error, messages}}); trying again in {{seconds}} s (attempt {{attempt}} of {{attempts}}).',
    ja: '{{what, messages}}に失敗しました（{{error, messages}}）。{{seconds}} 秒後にもう一度試します（{{attempts}} 回中 {{attempt}} 回目）。',
  },
  'try-read-list': { en: 'Reading the snapshot list at {{to}}', ja: '{{to}} のスナップショット一覧の読み取り' },
  'try-remove': { en: 'Removing {{snapshot}} at {{to}}', ja: '{{to}} での {{snapshot}} の削除' },
  'try-copy': { en: 'Copying {{snapshot}} to {{to}}', ja: '{{to}} への {{snapshot}} のコピー' },
  'try-tidy': { en: 'Cleaning up unused data at {{to}}', ja: '{{to}} の使われていないデータの整理' },
  'try-check': { en: 'Checking {{snapshot}} at {{to}}', ja: '{{to}} での {{snapshot}} の確認' },
  'try-fetch': { en: 'Fetching {{snapshot}} from {{address}}', ja: '{{address}} からの {{snapshot}} の取得' },
});
