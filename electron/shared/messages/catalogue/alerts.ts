/**
 * Alerts that reach a person when nobody watches the tray (engine/alerts/): the subjects and bodies
 * of mails and chat messages, the heartbeat's short texts, the errors of "Send a test", and the lines
 * the daemon's log writes about deliveries. Facts (job names, hosts, addresses, server replies) are
 * parameters; an error's own sentence arrives already rendered as {{message}} / {{hint}}.
 */
import { defineMessages } from '../define.js';

export const alertMessages = defineMessages({
  'alert-footer': {
    en: 'Sent by Kura {{version}} on {{host}}.',
    ja: '{{host}} の Kura {{version}} から送信しました。',
  },
  'alert-what-failed': {
    en: 'What failed: {{message}}',
    ja: '失敗した内容：{{message}}',
  },
  'alert-what-to-do': {
    en: 'What to do: {{hint}}',
    ja: '対処方法：{{hint}}',
  },
  'alert-run-log': {
    en: 'The run log on {{host}}: {{path}}',
    ja: '{{host}} 上の実行ログ：{{path}}',
  },
  'alert-once-note': {
    en: 'Kura does not repeat this message while the same problem lasts; it writes again when the backup works again or fails in another way.',
    ja: '同じ問題が続いている間、このメッセージは繰り返し送りません。バックアップが復旧したとき、または別の理由で失敗したときに改めてお知らせします。',
  },

  'alert-failed-subject': {
    en: '[Kura] Backup failed: {{job}}',
    ja: '[Kura] バックアップに失敗しました：{{job}}',
  },
  'alert-failed-body': {
    en: 'The backup of {{job}} on {{host}} failed at {{at, datetime}}. Nothing was published; the earlier snapshots are untouched.',
    ja: '{{host}} での「{{job}}」のバックアップが {{at, datetime}} に失敗しました。新しいスナップショットは作成しておらず、以前のスナップショットはそのままです。',
  },
  'alert-disk-subject': {
    en: '[Kura] The backup disk is not connected: {{job}}',
    ja: '[Kura] バックアップ用ディスクがつながっていません：{{job}}',
  },
  'alert-disk-body': {
    en: 'The backup of {{job}} on {{host}} did not run at {{at, datetime}} because its backup disk was not there. Nothing was written anywhere else.',
    ja: '{{host}} での「{{job}}」のバックアップは、バックアップ用ディスクが見つからなかったため {{at, datetime}} に実行されませんでした。ほかの場所には何も書き込んでいません。',
  },
  'alert-partial-subject': {
    en: '[Kura] Backup finished with warnings: {{job}}',
    ja: '[Kura] バックアップは完了しましたが警告があります：{{job}}',
  },
  'alert-partial-body': {
    en: {
      one: 'The backup of {{job}} on {{host}} finished at {{at, datetime}} and its snapshot is complete, but with {{count}} warning:',
      other: 'The backup of {{job}} on {{host}} finished at {{at, datetime}} and its snapshot is complete, but with {{count}} warnings:',
    },
    ja: '{{host}} での「{{job}}」のバックアップは {{at, datetime}} に完了し、スナップショットも揃っていますが、警告が {{count}} 件あります：',
  },
  'alert-recovered-subject': {
    en: '[Kura] Backup working again: {{job}}',
    ja: '[Kura] バックアップが復旧しました：{{job}}',
  },
  'alert-recovered-body': {
    en: 'The backup of {{job}} on {{host}} completed successfully again at {{at, datetime}}.',
    ja: '{{host}} での「{{job}}」のバックアップは {{at, datetime}} に再び正常に完了しました。',
  },
  'alert-overdue-subject': {
    en: '[Kura] Backup overdue: {{job}}',
    ja: '[Kura] バックアップが滞っています：{{job}}',
  },
  'alert-overdue-body': {
    en: '{{job}} has not been backed up since {{since, datetime}}.',
    ja: '「{{job}}」は {{since, datetime}} 以降バックアップされていません。',
  },
  'alert-overdue-never': {
    en: '{{job}} has not been backed up once since its schedule began on {{since, datetime}}.',
    ja: '「{{job}}」はスケジュールを設定した {{since, datetime}} から一度もバックアップされていません。',
  },
  'alert-overdue-todo': {
    en: 'Check that {{host}} is switched on and awake at the scheduled time and that Kura is running on it.',
    ja: '予定の時刻に {{host}} の電源が入っていてスリープしていないか、Kura が起動しているかを確認してください。',
  },
  'alert-offsite-subject': {
    en: '[Kura] Off-site copy failing: {{job}} → {{target}}',
    ja: '[Kura] オフサイトコピーが失敗しています：{{job}} → {{target}}',
  },
  'alert-offsite-body': {
    en: {
      one: "The copy of {{job}}'s backups to {{to}} failed {{count}} time in a row. The local backups are fine, but a fire or a theft would take them together with the computer.",
      other: "The copy of {{job}}'s backups to {{to}} failed {{count}} times in a row. The local backups are fine, but a fire or a theft would take them together with the computer.",
    },
    ja: '「{{job}}」のバックアップの {{to}} へのコピーが {{count}} 回続けて失敗しました。ローカルのバックアップは正常ですが、火災や盗難の際にはパソコンと一緒に失われます。',
  },
  'alert-offsite-recovered-subject': {
    en: '[Kura] Off-site copy working again: {{job}} → {{target}}',
    ja: '[Kura] オフサイトコピーが復旧しました：{{job}} → {{target}}',
  },
  'alert-offsite-recovered-body': {
    en: "The copy of {{job}}'s backups to {{to}} succeeded again at {{at, datetime}}.",
    ja: '「{{job}}」のバックアップの {{to}} へのコピーが {{at, datetime}} に再び成功しました。',
  },
  'alert-restore-subject': {
    en: '[Kura] A restore is not finished: {{target}}',
    ja: '[Kura] 復元が完了していません：{{target}}',
  },
  'alert-restore-body': {
    en: 'Kura found a restore on {{host}} that did not finish: {{sentence}}',
    ja: '{{host}} で完了していない復元が見つかりました：{{sentence}}',
  },
  'alert-restore-todo': {
    en: 'Open Kura on that computer to finish the restore or roll it back, or run: {{command}}',
    ja: 'そのパソコンで Kura を開いて復元を完了するか元に戻してください。コマンドの場合：{{command}}',
  },

  'alert-standby-broken-subject': {
    en: '[Kura] Standby stopped replicating: {{standby}} ({{job}})',
    ja: '[Kura] スタンバイのレプリケーションが止まっています：{{standby}}（{{job}}）',
  },
  'alert-standby-broken-body': {
    en: 'The standby {{standby}} of {{source}} has not been replicating since about {{since, datetime}}.',
    ja: '{{source}} のスタンバイ {{standby}} は {{since, datetime}} ごろからレプリケーションしていません。',
  },
  'alert-standby-lagging-subject': {
    en: '[Kura] Standby behind: {{standby}} is {{seconds}} s behind ({{job}})',
    ja: '[Kura] スタンバイが遅れています：{{standby}} は {{seconds}} 秒遅れ（{{job}}）',
  },
  'alert-standby-lagging-body': {
    en: 'The standby {{standby}} of {{source}} is {{seconds}} seconds behind its primary; the limit set for it is {{limit}} seconds.',
    ja: '{{source}} のスタンバイ {{standby}} はプライマリより {{seconds}} 秒遅れています（設定した上限は {{limit}} 秒です）。',
  },
  'alert-standby-unreachable-subject': {
    en: '[Kura] Standby not reachable: {{standby}} ({{job}})',
    ja: '[Kura] スタンバイに接続できません：{{standby}}（{{job}}）',
  },
  'alert-standby-unreachable-body': {
    en: 'Kura on {{host}} cannot reach the standby {{standby}} of {{source}} since about {{since, datetime}}.',
    ja: '{{host}} の Kura は {{since, datetime}} ごろから {{source}} のスタンバイ {{standby}} に接続できません。',
  },
  'alert-standby-recovered-subject': {
    en: '[Kura] Standby in sync again: {{standby}} ({{job}})',
    ja: '[Kura] スタンバイが同期を回復しました：{{standby}}（{{job}}）',
  },
  'alert-standby-recovered-body': {
    en: 'The standby {{standby}} of {{source}} is replicating and in sync again ({{at, datetime}}).',
    ja: '{{source}} のスタンバイ {{standby}} は再びレプリケーションし、同期しています（{{at, datetime}}）。',
  },
  'alert-standby-reason': {
    en: 'Why: {{reason}}',
    ja: '理由：{{reason}}',
  },
  'alert-standby-failover': {
    en: "Kura does not switch servers. If the main server fails, point the shop's application at the standby. Kura's backups still matter: a mistaken DELETE or a ransomware attack reaches the standby within seconds.",
    ja: 'Kura はサーバーの切り替えを行いません。本番サーバーが故障したときは、ショップのアプリケーションの接続先をスタンバイに変えてください。それでも Kura のバックアップは必要です。誤った DELETE やランサムウェアの被害は数秒でスタンバイにも複製されます。',
  },

  'alert-summary-subject': {
    en: '[Kura] Weekly backup report from {{host}}',
    ja: '[Kura] 週次バックアップ報告（{{host}}）',
  },
  'alert-summary-intro': {
    en: 'How the backups on {{host}} stood at {{at, datetime}}:',
    ja: '{{at, datetime}} 時点での {{host}} のバックアップの状況です：',
  },
  'alert-summary-no-jobs': {
    en: 'No backup jobs are set up on {{host}}.',
    ja: '{{host}} にはバックアップジョブが設定されていません。',
  },
  'alert-summary-job': {
    en: '{{job}} ({{jobId}}) — now: {{sentence}}',
    ja: '{{job}}（{{jobId}}）— 現在：{{sentence}}',
  },
  'alert-summary-item': {
    en: '{{item}}: last good backup {{at, datetime}}, {{bytes, bytes}}, {{verified}}',
    ja: '{{item}}：最後の正常なバックアップ {{at, datetime}}、{{bytes, bytes}}、{{verified}}',
  },
  'alert-summary-item-none': {
    en: '{{item}}: no good backup yet',
    ja: '{{item}}：正常なバックアップはまだありません',
  },
  'alert-summary-verified-restore': {
    en: 'proven restorable on {{at, datetime}}',
    ja: '{{at, datetime}} に復元テスト済み',
  },
  'alert-summary-verified-checksums': {
    en: 're-checked on {{at, datetime}}',
    ja: '{{at, datetime}} に再検証済み',
  },
  'alert-summary-verified-written': {
    en: 'checked when written',
    ja: '書き込み時に検証済み',
  },
  'alert-summary-space': {
    en: 'Free space on the backup disk {{path}}: {{freeBytes, bytes}} of {{totalBytes, bytes}}',
    ja: 'バックアップ用ディスク {{path}} の空き容量：{{totalBytes, bytes}} 中 {{freeBytes, bytes}}',
  },
  'alert-summary-space-unknown': {
    en: 'The backup disk {{path}} could not be read: {{reason}}',
    ja: 'バックアップ用ディスク {{path}} を読み取れませんでした：{{reason}}',
  },
  'alert-summary-runs': {
    en: 'Runs in the last 7 days: {{ok}} good, {{failed}} failed',
    ja: '過去7日間の実行：正常 {{ok}} 回、失敗 {{failed}} 回',
  },
  'alert-summary-standby': {
    en: 'Standby {{standby}} of {{source}}: {{state}}',
    ja: '{{source}} のスタンバイ {{standby}}：{{state}}',
  },

  'alert-test-subject': {
    en: '[Kura] Test message from {{host}}',
    ja: '[Kura] テストメッセージ（{{host}}）',
  },
  'alert-test-body': {
    en: "This is a test from Kura on {{host}}, sent at {{at, datetime}}. If you can read it, Kura's alerts reach you here.",
    ja: '{{host}} の Kura から {{at, datetime}} に送ったテストです。このメッセージが届いていれば、Kura からの通知はここに届きます。',
  },

  'alert-heartbeat-start': {
    en: '{{job}}: backup started',
    ja: '{{job}}：バックアップを開始しました',
  },
  'alert-heartbeat-success': {
    en: '{{job}}: backed up (run {{runId}})',
    ja: '{{job}}：バックアップが完了しました（実行 {{runId}}）',
  },
  'alert-heartbeat-warning': {
    en: '{{job}}: backed up with warnings (run {{runId}})',
    ja: '{{job}}：警告ありでバックアップが完了しました（実行 {{runId}}）',
  },
  'alert-heartbeat-failed': {
    en: '{{job}}: backup failed: {{message}}',
    ja: '{{job}}：バックアップに失敗しました：{{message}}',
  },

  'alert-mailed': {
    en: 'Alert mailed to {{to}}: {{subject}}',
    ja: '通知メールを {{to}} に送りました：{{subject}}',
  },
  'alert-posted': {
    en: 'Alert posted to the webhook {{name}}: {{subject}}',
    ja: 'Webhook {{name}} に通知しました：{{subject}}',
  },
  'alert-mail-failed': {
    en: 'The alert mail "{{subject}}" could not be sent: {{reason, messages}}',
    ja: '通知メール「{{subject}}」を送信できませんでした：{{reason, messages}}',
  },
  'alert-post-failed': {
    en: 'The alert "{{subject}}" could not be posted to the webhook {{name}}: {{reason, messages}}',
    ja: '通知「{{subject}}」を Webhook {{name}} に送信できませんでした：{{reason, messages}}',
  },
  'alert-heartbeat-ping-failed': {
    en: 'The heartbeat ping ({{what}}) failed: {{reason, messages}}',
    ja: 'ハートビートの送信（{{what}}）に失敗しました：{{reason, messages}}',
  },
  'alert-retry-later': {
    en: 'Kura tries again at {{at, datetime}}.',
    ja: '{{at, datetime}} にもう一度送信します。',
  },

  'alert-smtp-connect': {
    en: 'Kura could not connect to the mail server {{server}}: {{reason}}',
    ja: 'メールサーバー {{server}} に接続できませんでした：{{reason}}',
    hint: {
      en: 'Check the server name and port (587 for STARTTLS, 465 for TLS) and that this computer may reach it: a firewall or the internet provider may block outgoing mail ports.',
      ja: 'サーバー名とポート（STARTTLS は 587、TLS は 465）を確認し、このパソコンから接続できるか確認してください。ファイアウォールやプロバイダーが送信用のポートを遮断していることがあります。',
    },
  },
  'alert-smtp-timeout': {
    en: 'The mail server {{server}} did not answer within {{seconds}} seconds.',
    ja: 'メールサーバー {{server}} が {{seconds}} 秒以内に応答しませんでした。',
    hint: {
      en: 'Check the server name and port, and the security setting: a TLS port (465) does not answer a plain connection, and a STARTTLS port (587) does not answer TLS.',
      ja: 'サーバー名とポート、暗号化の設定を確認してください。TLS 用のポート（465）は暗号化なしの接続に、STARTTLS 用のポート（587）は TLS の接続に応答しません。',
    },
  },
  'alert-smtp-tls': {
    en: 'No secure connection to the mail server {{server}}: {{reason}}',
    ja: 'メールサーバー {{server}} と安全に接続できませんでした：{{reason}}',
    hint: {
      en: "Choose the security your provider names: STARTTLS on port 587 or TLS on port 465. If the server has a certificate of your own authority, give that authority's certificate file.",
      ja: 'プロバイダーが指定する暗号化方式を選んでください（STARTTLS ならポート 587、TLS ならポート 465）。独自の認証局の証明書を使うサーバーの場合は、その認証局の証明書ファイルを指定してください。',
    },
  },
  'alert-smtp-auth': {
    en: 'The mail server {{server}} refused the login of {{user}}: {{reply}}',
    ja: 'メールサーバー {{server}} が {{user}} のログインを拒否しました：{{reply}}',
    hint: {
      en: 'Check the user name and password. Gmail, Outlook.com and many providers need an app password here, not the account password.',
      ja: 'ユーザー名とパスワードを確認してください。Gmail や Outlook.com など多くのサービスでは、アカウントのパスワードではなくアプリパスワードが必要です。',
    },
  },
  'alert-smtp-auth-needed': {
    en: 'The mail server {{server}} wants a login before it takes mail: {{reply}}',
    ja: 'メールサーバー {{server}} はメールを受け付ける前にログインを求めています：{{reply}}',
    hint: {
      en: 'Enter the user name and password of the mailbox Kura sends from.',
      ja: 'Kura が送信に使うメールアカウントのユーザー名とパスワードを入力してください。',
    },
  },
  'alert-smtp-rejected': {
    en: 'The mail server {{server}} refused the message: {{reply}}',
    ja: 'メールサーバー {{server}} がメッセージを拒否しました：{{reply}}',
    hint: {
      en: "Check that the sender address may send through this server (often it must be the login's own address) and that the recipients are spelled right.",
      ja: '送信元アドレスがこのサーバーから送信できるもの（多くの場合ログインしたアカウント自身のアドレス）か、宛先のつづりが正しいかを確認してください。',
    },
  },
  'alert-smtp-failed': {
    en: 'Sending mail through {{server}} failed: {{reason}}',
    ja: '{{server}} 経由のメール送信に失敗しました：{{reason}}',
    hint: {
      en: 'Check the mail settings and send a test from Settings.',
      ja: 'メールの設定を確認し、設定画面からテスト送信してください。',
    },
  },
  'alert-ca-unreadable': {
    en: 'The CA certificate file {{path}} cannot be read: {{reason}}',
    ja: '認証局の証明書ファイル {{path}} を読み取れません：{{reason}}',
    hint: {
      en: 'Check the path of the certificate file in the mail settings.',
      ja: 'メール設定の証明書ファイルのパスを確認してください。',
    },
  },
  'alert-webhook-refused': {
    en: 'The webhook at {{server}} refused the message: HTTP {{status}} {{reply}}',
    ja: '{{server}} の Webhook がメッセージを拒否しました：HTTP {{status}} {{reply}}',
    hint: {
      en: 'Check that the whole webhook address was pasted and that the webhook still exists: Slack, Discord and Teams answer 404 or 403 for a deleted one.',
      ja: 'Webhook のアドレスを最後まで貼り付けたか、その Webhook がまだ存在するかを確認してください。削除された Webhook には Slack、Discord、Teams とも 404 か 403 を返します。',
    },
  },
  'alert-webhook-connect': {
    en: 'Kura could not reach the webhook at {{server}}: {{reason}}',
    ja: '{{server}} の Webhook に接続できませんでした：{{reason}}',
    hint: {
      en: 'Check the address and that this computer can reach it (a proxy or a firewall?).',
      ja: 'アドレスと、このパソコンから接続できるか（プロキシやファイアウォール）を確認してください。',
    },
  },
  'alert-webhook-timeout': {
    en: 'The webhook at {{server}} did not answer within {{seconds}} seconds.',
    ja: '{{server}} の Webhook が {{seconds}} 秒以内に応答しませんでした。',
    hint: {
      en: 'Try again later; if it keeps happening, check the address.',
      ja: 'しばらくしてからもう一度試してください。続く場合はアドレスを確認してください。',
    },
  },
  'alert-heartbeat-refused': {
    en: 'The heartbeat service at {{server}} refused the ping: HTTP {{status}} {{reply}}',
    ja: '{{server}} のハートビート監視サービスが送信を拒否しました：HTTP {{status}} {{reply}}',
    hint: {
      en: "Check that the whole ping address was pasted (healthchecks.io's ping URL, or Uptime Kuma's push URL) and that the check still exists.",
      ja: '送信先アドレス（healthchecks.io の Ping URL、または Uptime Kuma のプッシュ URL）を最後まで貼り付けたか、その監視がまだ存在するかを確認してください。',
    },
  },
  'alert-heartbeat-connect': {
    en: 'Kura could not reach the heartbeat service at {{server}}: {{reason}}',
    ja: '{{server}} のハートビート監視サービスに接続できませんでした：{{reason}}',
    hint: {
      en: 'Check the address and that this computer can reach it (a proxy or a firewall?).',
      ja: 'アドレスと、このパソコンから接続できるか（プロキシやファイアウォール）を確認してください。',
    },
  },
  'alert-heartbeat-timeout': {
    en: 'The heartbeat service at {{server}} did not answer within {{seconds}} seconds.',
    ja: '{{server}} のハートビート監視サービスが {{seconds}} 秒以内に応答しませんでした。',
    hint: {
      en: 'Try again later; if it keeps happening, check the address.',
      ja: 'しばらくしてからもう一度試してください。続く場合はアドレスを確認してください。',
    },
  },
  'alert-url-invalid': {
    en: 'The address stored in the keychain under {{ref}} is not a web address: it must start with https:// (or http:// inside your own network).',
    ja: 'キーチェーンの {{ref}} に保存されたアドレスは Web のアドレスではありません。https://（社内ネットワークなら http://）で始まる必要があります。',
    hint: {
      en: 'Paste the whole address again in Settings → Alerts.',
      ja: '設定の「通知」でアドレス全体をもう一度貼り付けてください。',
    },
  },
  'alert-url-missing': {
    en: 'No address is stored in the keychain under {{ref}}.',
    ja: 'キーチェーンの {{ref}} にアドレスが保存されていません。',
    hint: {
      en: 'Enter it in Settings → Alerts, or run: {{command}}',
      ja: '設定の「通知」で入力するか、次のコマンドを実行してください：{{command}}',
    },
  },
  'alert-email-missing': {
    en: 'No mail server is set up for alerts.',
    ja: '通知用のメールサーバーが設定されていません。',
    hint: {
      en: 'Set it up in Settings → Alerts (or under "alerts" in config.json).',
      ja: '設定の「通知」（または config.json の alerts）で設定してください。',
    },
  },
  'alert-webhook-missing': {
    en: 'There is no webhook number {{n}} in the alert settings.',
    ja: '通知設定に {{n}} 番目の Webhook はありません。',
  },
  'alert-heartbeat-missing': {
    en: 'No heartbeat address is set up.',
    ja: 'ハートビートのアドレスが設定されていません。',
    hint: {
      en: 'Set it up in Settings → Alerts (or under "alerts" in config.json).',
      ja: '設定の「通知」（または config.json の alerts）で設定してください。',
    },
  },
  // ---- the alert hub's own log lines
  'log-alerts-state-unsaved': { en: 'The alerts state could not be saved: {{reason}}', ja: '通知の状態を保存できませんでした：{{reason}}' },
  'log-alert-delivery-failed': { en: 'An alert could not be delivered: {{reason}}', ja: '通知を届けられませんでした：{{reason}}' },
  'log-alerts-failed': { en: 'Alerts: {{reason}}', ja: '通知：{{reason}}' },
  'log-alerts-journals-unread': { en: 'Alerts: the restore journals could not be read: {{reason}}', ja: '通知：復元の記録を読めませんでした：{{reason}}' },
});
