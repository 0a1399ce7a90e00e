/** The backup folder and whether it is really the backup disk (engine/snapshot/destination.ts). */
import { defineMessages } from '../define.js';

const connectHint = {
  en: 'Connect the backup disk (or mount the network folder) and run the backup again. If you moved the backups, choose the new folder in the job settings.',
  ja: 'バックアップ用ディスクをつなぐ（またはネットワークフォルダーをマウントする）と、もう一度バックアップしてください。バックアップを移した場合は、ジョブの設定で新しいフォルダーを選んでください。',
} as const;

export const destinationMessages = defineMessages({
  'destination-not-connected': {
    en: 'The backup folder {{path}} is not connected: the folder is not there. Nothing was backed up, so that the backup does not land on another disk.',
    ja: '保存先フォルダー {{path}} がつながっていません（フォルダーがありません）。別のディスクに保存しないよう、バックアップは行いませんでした。',
    hint: connectHint,
  },
  'destination-identity-missing': {
    en: "The backup folder {{path}} is not connected: the folder is there but Kura's {{file}} is missing (an empty mount point, or another disk). Nothing was backed up, so that the backup does not land on another disk.",
    ja: '保存先フォルダー {{path}} がつながっていません。フォルダーはありますが、Kura の {{file}} がありません（空のマウントポイントか、別のディスクです）。別のディスクに保存しないよう、バックアップは行いませんでした。',
    hint: connectHint,
  },
  'destination-lost': {
    en: 'The backup folder {{path}} was disconnected or changed during the backup. Nothing was published.',
    ja: 'バックアップ中に保存先フォルダー {{path}} が切断されたか、別のディスクに変わりました。スナップショットは作成していません。',
    hint: connectHint,
  },
  'destination-unavailable': {
    en: 'The backup folder {{path}} cannot be opened: {{reason}}',
    ja: '保存先フォルダー {{path}} を開けません：{{reason}}',
    hint: {
      en: 'Check that the disk is connected and that Kura may read and write the folder.',
      ja: 'ディスクがつながっていて、Kura がそのフォルダーを読み書きできるか確認してください。',
    },
  },
  'destination-write-failed': {
    en: 'The backup disk did not take the backup: writing it out to {{path}} failed (the disk reported an error, was disconnected, or is full). Nothing was published.',
    ja: 'バックアップ用ディスクにバックアップを書き込めませんでした：{{path}} への書き出しに失敗しました（ディスクがエラーを返したか、切断されたか、いっぱいです）。スナップショットは作成していません。',
    hint: {
      en: 'Check that the backup disk is connected and has free space, then run the backup again. If it happens again, the disk may be failing: back up to another disk.',
      ja: 'バックアップ用ディスクがつながっていて空き容量があるか確認し、もう一度バックアップしてください。繰り返し起きる場合はディスクが故障しかけている可能性があります。別のディスクにバックアップしてください。',
    },
  },
  'destination-not-a-folder': {
    en: '{{path}} is a file, not a folder.',
    ja: '{{path}} はファイルです。フォルダーではありません。',
    hint: { en: 'Choose a folder as the backup folder.', ja: '保存先にはフォルダーを選んでください。' },
  },
  'destination-other-disk': {
    en: 'The backup folder {{path}} is another Kura backup folder than the one this job used before (its {{file}} differs). Nothing was backed up.',
    ja: '保存先フォルダー {{path}} は、このジョブが以前使っていたものとは別の Kura のバックアップフォルダーです（{{file}} が異なります）。バックアップは行いませんでした。',
    hint: {
      en: 'Connect the disk this job backs up to. If this disk is meant to replace it, confirm it with: {{command}}',
      ja: 'このジョブのバックアップ用ディスクをつないでください。このディスクに置き換えるつもりなら、次のコマンドで確定してください：{{command}}',
    },
  },
  'destination-moved': {
    en: 'The backup folder {{path}} is now on another disk than before ({{volume}}, before {{before}}): it may be a copy of the backup folder, not the backup disk. Nothing was backed up.',
    ja: '保存先フォルダー {{path}} が以前とは別のディスクにあります（現在 {{volume}}、以前 {{before}}）。バックアップ用ディスクではなく、フォルダーのコピーかもしれません。バックアップは行いませんでした。',
    hint: {
      en: 'Connect the backup disk. If you moved the backups to this disk on purpose, confirm it with: {{command}}',
      ja: 'バックアップ用ディスクをつないでください。意図してこのディスクにバックアップを移した場合は、次のコマンドで確定してください：{{command}}',
    },
  },
  'destination-claimed': {
    en: 'Set up {{path}} as this job\'s backup folder ({{file}} written; volume {{volume}}).',
    ja: '{{path}} をこのジョブの保存先フォルダーとして設定しました（{{file}} を作成、ボリューム {{volume}}）。',
  },
  'destination-adopted': {
    en: 'Using the existing Kura backup folder {{path}} (volume {{volume}}).',
    ja: '既存の Kura バックアップフォルダー {{path}} を使います（ボリューム {{volume}}）。',
  },
  'ui-destination-changed': {
    en: 'The snapshots made so far stay in {{old}}: Kura does not move them, and they can still be restored from that folder, but the dashboard, “Restore latest” and retention then only see {{new}}. Unless that folder already holds this job’s backups, the next backup there starts a fresh first snapshot: a full copy, which takes longer and needs the space of the whole site.',
    ja: 'これまでのスナップショットは {{old}} に残ります。Kura は移動しません。そのフォルダーから復元することはできますが、ダッシュボード、「最新を復元」、保持ルールは以後 {{new}} だけを見ます。そのフォルダーにこのジョブのバックアップがまだなければ、次のバックアップは最初のスナップショットからやり直しになります（すべてをコピーするため時間がかかり、サイト全体の容量が必要です）。',
  },
  'ui-destination-changed-kept': {
    en: 'The snapshots made so far stay in {{old}}: Kura does not move them, and with the box below ticked they stay listed for restores (Kura only reads that folder: no backup is written there and retention deletes nothing there). Backups, the dashboard and retention use {{new}} from now on. Unless that folder already holds this job’s backups, the next backup there starts a fresh first snapshot: a full copy, which takes longer and needs the space of the whole site.',
    ja: 'これまでのスナップショットは {{old}} に残ります。Kura は移動しません。下のチェックを入れておくと、復元のときに引き続き一覧に表示されます（そのフォルダーは読み取るだけで、バックアップの書き込みや保持ルールによる削除は行いません）。今後のバックアップ、ダッシュボード、保持ルールは {{new}} を使います。そのフォルダーにこのジョブのバックアップがまだなければ、次のバックアップは最初のスナップショットからやり直しになります（すべてをコピーするため時間がかかり、サイト全体の容量が必要です）。',
  },
  'ui-destination-keep-earlier': {
    en: 'Keep showing the snapshots in {{old}} (restore from them when that disk is connected)',
    ja: '{{old}} のスナップショットも引き続き表示する（そのディスクが接続されていれば復元できます）',
  },
  'destination-status-ok': {
    en: '{{path}}: connected, the same backup disk as before (volume {{volume}}).',
    ja: '{{path}}：接続されています。以前と同じバックアップ用ディスクです（ボリューム {{volume}}）。',
  },
  'destination-status-first-use': {
    en: '{{path}}: not used by Kura yet; the first backup will set it up.',
    ja: '{{path}}：まだ Kura で使われていません。最初のバックアップで設定されます。',
  },
  'destination-status-adopt': {
    en: '{{path}}: a Kura backup folder this computer has not used yet; the next backup will use it.',
    ja: '{{path}}：このコンピューターではまだ使っていない Kura のバックアップフォルダーです。次のバックアップから使います。',
  },
  'destination-trusted': {
    en: 'Trusted {{path}} as the backup folder of job {{job}} (identity {{id}}, volume {{volume}}).',
    ja: '{{path}} をジョブ {{job}} の保存先フォルダーとして登録しました（識別子 {{id}}、ボリューム {{volume}}）。',
  },
});
