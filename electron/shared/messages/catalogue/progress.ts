/** What Kura is doing right now: the progress line of a backup, a restore or an off-site copy. */
import { defineMessages } from '../define.js';

export const progressMessages = defineMessages({
  'progress-files-copy': {
    en: 'Copying files from {{from}}',
    ja: '{{from}} からファイルをコピーしています',
  },
  'progress-files-check': {
    en: 'Checking the copied files of {{source}}',
    ja: '{{source}} のコピーしたファイルを確認しています',
  },
  'progress-files-on-disk': {
    en: 'Writing the copied files of {{source}} out to the backup disk',
    ja: '{{source}} のコピーしたファイルをバックアップ用ディスクに書き出しています',
  },
  'progress-mysql-dump': {
    en: 'Dumping database {{database}}',
    ja: 'データベース {{database}} をダンプしています',
  },
  'progress-redis-fetch': {
    en: 'Fetching Redis data from {{where}}',
    ja: '{{where}} から Redis のデータを取得しています',
  },
  'progress-redis-server-save': {
    en: 'The server {{host}} is writing the Redis snapshot itself',
    ja: 'サーバー {{host}} が Redis のスナップショットを自分で書き出しています',
  },
  'progress-redis-server-bring': {
    en: 'Bringing the Redis snapshot from {{host}} (only what changed since the last backup)',
    ja: '{{host}} から Redis のスナップショットを取り込んでいます（前回のバックアップからの変更分だけ）',
  },
  'progress-offsite-copy': {
    en: 'Copying snapshot {{snapshot}} off-site to {{to}}',
    ja: 'スナップショット {{snapshot}} を {{to}} へオフサイトコピーしています',
  },
  'progress-restore-check': {
    en: 'Checking snapshot {{snapshot}} before restoring',
    ja: '復元の前にスナップショット {{snapshot}} を確認しています',
  },
  'progress-restore-files-all': {
    en: 'Copying all files to {{to}}',
    ja: 'すべてのファイルを {{to}} へコピーしています',
  },
  'progress-restore-files-path': {
    en: 'Copying {{path}} to {{to}}',
    ja: '{{path}} を {{to}} へコピーしています',
  },
  'progress-restore-validate': {
    en: 'Checking the snapshot file',
    ja: 'スナップショットのファイルを確認しています',
  },
  'progress-redis-flush': {
    en: 'Emptying Redis at {{where}}',
    ja: '{{where}} の Redis を空にしています',
  },
  'progress-redis-restore-keys': {
    en: { one: 'Restoring {{count}} key', other: 'Restoring {{count}} keys' },
    ja: '{{count}} 個のキーを復元しています',
  },
});
