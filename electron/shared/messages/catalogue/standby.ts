/**
 * The hot standby (engine/standby/): each replica's state as the dashboard, the tray and
 * `kura status` say it, why a replica is not in sync (its own error text is a parameter), and why a
 * dump from a standby was refused. SQL that an admin types is a parameter ({{command}}, {{grant}}),
 * so it stays exactly as the server wants it in every language.
 */
import { defineMessages } from '../define.js';

export const standbyMessages = defineMessages({
  'standby-state-in-sync': {
    en: 'in sync',
    ja: '同期しています',
  },
  'standby-state-in-sync-behind': {
    en: 'in sync ({{seconds}} s behind)',
    ja: '同期しています（{{seconds}} 秒遅れ）',
  },
  'standby-state-lagging': {
    en: '{{seconds}} seconds behind',
    ja: '{{seconds}} 秒遅れています',
  },
  'standby-state-broken': {
    en: 'broken since {{since, datetime}}',
    ja: '{{since, datetime}} から停止しています',
  },
  'standby-state-unreachable': {
    en: 'not reachable since {{since, datetime}}',
    ja: '{{since, datetime}} から接続できません',
  },
  'standby-state-unknown': {
    en: 'not checked yet',
    ja: 'まだ確認していません',
  },
  'standby-paused-for-dump': {
    en: 'Replication is paused while Kura dumps the databases from this standby (since {{since, datetime}}).',
    ja: 'Kura がこのスタンバイからデータベースをダンプしている間、レプリケーションを一時停止しています（{{since, datetime}} から）。',
  },
  'standby-line': {
    en: 'Standby {{standby}} of {{source}}: {{state}}',
    ja: '{{source}} のスタンバイ {{standby}}：{{state}}',
  },

  'standby-not-replica': {
    en: '{{standby}} is not replicating from anywhere: {{command}} returns nothing.',
    ja: '{{standby}} はどこからもレプリケーションしていません（{{command}} の結果が空です）。',
    hint: {
      en: "Check the standby's address in the job, or set up replication on it ({{setup}}).",
      ja: 'ジョブに登録したスタンバイのアドレスを確認するか、そのサーバーでレプリケーションを設定してください（{{setup}}）。',
    },
  },
  'standby-sql-stopped': {
    en: "The replica's SQL thread is stopped without an error: it receives the primary's changes but does not apply them.",
    ja: 'レプリカの SQL スレッドがエラーなしで停止しています。プライマリの変更を受け取っていますが、適用していません。',
    hint: {
      en: 'If nobody stopped it on purpose, start it on the replica: {{command}}',
      ja: '意図して止めたのでなければ、レプリカで次を実行して再開してください：{{command}}',
    },
  },
  'standby-io-stopped': {
    en: "The replica's I/O thread is stopped without an error: it receives nothing from the primary {{primary}}.",
    ja: 'レプリカの I/O スレッドがエラーなしで停止しています。プライマリ {{primary}} から何も受け取っていません。',
    hint: {
      en: 'If nobody stopped it on purpose, start it on the replica: {{command}}',
      ja: '意図して止めたのでなければ、レプリカで次を実行して再開してください：{{command}}',
    },
  },
  'standby-sql-error': {
    en: 'Replication stopped on an error ({{errno}}): {{error}}',
    ja: 'レプリケーションがエラーで停止しました（{{errno}}）：{{error}}',
    hint: {
      en: 'Fix the cause on the replica (for a duplicate key: the row that exists only there), then start replication again: {{command}}. Until then the standby misses every change.',
      ja: 'レプリカで原因を取り除いてから（重複キーの場合はレプリカにだけある行）、レプリケーションを再開してください：{{command}}。それまでスタンバイにはどの変更も反映されません。',
    },
  },
  'standby-io-error': {
    en: "The replica cannot read the changes of the primary {{primary}} ({{errno}}): {{error}}",
    ja: 'レプリカがプライマリ {{primary}} の変更を読み取れません（{{errno}}）：{{error}}',
    hint: {
      en: 'Check that the primary is running and that the replica may connect to it (network, replication user and password).',
      ja: 'プライマリが動いているか、レプリカから接続できるか（ネットワーク、レプリケーション用のユーザーとパスワード）を確認してください。',
    },
  },
  'standby-io-connecting': {
    en: 'The replica is trying to reconnect to the primary {{primary}}.',
    ja: 'レプリカはプライマリ {{primary}} に再接続しようとしています。',
    hint: {
      en: 'Check that the primary is running and reachable from the replica.',
      ja: 'プライマリが動いていて、レプリカから接続できるかを確認してください。',
    },
  },
  'standby-behind': {
    en: '{{seconds}} seconds behind the primary; the limit is {{limit}} seconds.',
    ja: 'プライマリより {{seconds}} 秒遅れています（上限は {{limit}} 秒です）。',
    hint: {
      en: 'A long query or a lock on the replica, a slow disk or a busy network can hold it back. It catches up by itself once the cause is gone.',
      ja: 'レプリカ上の長いクエリやロック、遅いディスク、混雑したネットワークが原因のことがあります。原因がなくなれば自然に追いつきます。',
    },
  },
  'standby-redis-not-replica': {
    en: '{{standby}} is not a replica: its role is {{role}}.',
    ja: '{{standby}} はレプリカではありません（役割：{{role}}）。',
    hint: {
      en: "Check the standby's address, or make it a replica: {{command}}",
      ja: 'スタンバイのアドレスを確認するか、レプリカとして設定してください：{{command}}',
    },
  },
  'standby-redis-link-down': {
    en: 'The link to the primary {{primary}} is down (for {{seconds}} seconds).',
    ja: 'プライマリ {{primary}} との接続が切れています（{{seconds}} 秒前から）。',
    hint: {
      en: 'Check that the primary is running and that the replica can reach it and log in (masterauth).',
      ja: 'プライマリが動いているか、レプリカから接続してログインできるか（masterauth）を確認してください。',
    },
  },
  'standby-redis-syncing': {
    en: "The replica is loading a full copy of the primary's data.",
    ja: 'レプリカはプライマリのデータ全体を読み込んでいる途中です。',
  },
  'standby-unreachable': {
    en: 'Kura cannot reach {{standby}}: {{reason, messages}}',
    ja: '{{standby}} に接続できません：{{reason, messages}}',
    hint: {
      en: 'Check that the standby server is running and that this computer may connect to it.',
      ja: 'スタンバイサーバーが動いていて、このパソコンから接続できるかを確認してください。',
    },
  },
  'standby-query-failed': {
    en: 'Kura could not read the replication state of {{standby}}: {{reason, messages}}',
    ja: '{{standby}} のレプリケーションの状態を読み取れませんでした：{{reason, messages}}',
    hint: {
      en: 'The monitoring account needs this right on the standby: {{grant}}',
      ja: '監視用のアカウントには、スタンバイで次の権限が必要です：{{grant}}',
    },
  },
  'standby-timeout': {
    en: '{{standby}} did not answer within {{seconds}} seconds.',
    ja: '{{standby}} が {{seconds}} 秒以内に応答しませんでした。',
    hint: {
      en: 'The standby server may be overloaded, paused or cut off from the network.',
      ja: 'スタンバイサーバーが過負荷か、一時停止しているか、ネットワークから切り離されている可能性があります。',
    },
  },

  'standby-dump-refused': {
    en: 'The dump was to be taken from the standby {{standby}}, but it is not in sync: {{reason}} Nothing was dumped.',
    ja: 'ダンプはスタンバイ {{standby}} から取る設定ですが、スタンバイが同期していません：{{reason}} ダンプは取っていません。',
    hint: {
      en: 'Fix replication, or take the dump from the main server (remove "dumpFromStandby" from the source) until it is fixed.',
      ja: 'レプリケーションを直すか、直るまでは本番サーバーからダンプを取ってください（ソースの dumpFromStandby を外します）。',
    },
  },
  'standby-dump-too-far': {
    en: 'The dump was to be taken from the standby {{standby}}, but it is {{seconds}} seconds behind the primary; the limit is {{limit}} seconds. Nothing was dumped.',
    ja: 'ダンプはスタンバイ {{standby}} から取る設定ですが、スタンバイがプライマリより {{seconds}} 秒遅れています（上限は {{limit}} 秒）。ダンプは取っていません。',
    hint: {
      en: 'Wait until the standby has caught up and run the backup again, or raise the limit (maxLagSeconds).',
      ja: 'スタンバイが追いつくのを待ってからもう一度バックアップするか、上限（maxLagSeconds）を上げてください。',
    },
  },
  'standby-dump-pause-denied': {
    en: 'Kura may not pause replication on the standby {{standby}} for the length of the dump: {{reason}}',
    ja: 'ダンプの間スタンバイ {{standby}} のレプリケーションを一時停止する権限が Kura にありません：{{reason}}',
    hint: {
      en: 'A dump from a standby holds its SQL thread still so that the dump matches one position of the primary. Grant this on the standby: {{grant}}',
      ja: 'スタンバイからのダンプは、プライマリのある一点と一致させるためにダンプの間 SQL スレッドを止めます。スタンバイで次の権限を付与してください：{{grant}}',
    },
  },
  'standby-dump-resume-failed': {
    en: 'Replication on the standby {{standby}} could not be started again after the dump: {{reason, messages}}',
    ja: 'ダンプのあと、スタンバイ {{standby}} のレプリケーションを再開できませんでした：{{reason, messages}}',
    hint: {
      en: 'Start it on the standby now: {{command}}',
      ja: 'スタンバイで今すぐ再開してください：{{command}}',
    },
  },
  'standby-dump-position': {
    en: 'Dumped from the standby {{standby}} at the primary position {{position}}, {{seconds}} seconds behind.',
    ja: 'スタンバイ {{standby}} から、プライマリの位置 {{position}}（{{seconds}} 秒遅れ）でダンプしました。',
  },

  'setup-standby-mysql-title': {
    en: 'Monitoring account "{{user}}" on the standby {{standby}} (reads the replica state only)',
    ja: 'スタンバイ {{standby}} の監視用アカウント「{{user}}」（レプリカの状態を読むだけ）',
  },
  'setup-standby-redis-title': {
    en: 'Redis ACL user "{{user}}" on the standby {{standby}} (INFO only)',
    ja: 'スタンバイ {{standby}} の Redis ACL ユーザー「{{user}}」（INFO のみ）',
  },
  'setup-standby-where': {
    en: 'Run as the administrator on the standby {{standby}}, not on the main server',
    ja: '本番サーバーではなく、スタンバイ {{standby}} の管理者として実行してください',
  },
  'setup-standby-note-least': {
    en: 'Only the right to read the replication state: it cannot read or change any data.',
    ja: 'レプリケーションの状態を読む権限だけです。データを読んだり変更したりはできません。',
  },
  'setup-standby-note-local': {
    en: 'This account exists on the standby only. Do not create the same user name on the main server later: replicating it would stop the standby.',
    ja: 'このアカウントはスタンバイにだけ作ります。あとで本番サーバーに同じ名前のユーザーを作ると、その複製でスタンバイが止まります。',
  },
  'setup-standby-note-dump': {
    en: 'The nightly dump is taken from this standby: the account may also pause and restart its SQL thread for the length of the dump. The backup account itself comes from the main server by replication.',
    ja: '毎晩のダンプはこのスタンバイから取ります。このアカウントは、ダンプの間 SQL スレッドを一時停止・再開することもできます。バックアップ用アカウントは本番サーバーからレプリケーションで届きます。',
  },
  'setup-standby-note-failover': {
    en: "Kura does not switch servers. If the main server fails, point the shop's application at the standby; Kura's backups still matter, because a mistaken DELETE reaches the standby within seconds.",
    ja: 'Kura はサーバーの切り替えを行いません。本番サーバーが故障したときは、ショップのアプリケーションの接続先をスタンバイに変えてください。誤った DELETE は数秒でスタンバイにも複製されるので、Kura のバックアップは引き続き必要です。',
  },
});
