/**
 * What the app's own requests can answer: a call the contract refuses (a field of a form out of
 * range, named as the form labels it), a test of a source with a value that cannot be used, the
 * things a mode cannot offer, a program that will not start, an off-site place that cannot be read.
 * Before these were catalogued the UI showed them in English, in either language.
 */
import { defineMessages } from '../define.js';

/** What to do when the browser lost `kura serve` (said by two of the link's failures). */
const serveGoneHint = {
  en: 'Check that `kura serve` is still running, then reload the page.',
  ja: '`kura serve` が動いていることを確かめてから、ページを再読み込みしてください。',
} as const;

export const serviceMessages = defineMessages({
  // ---- the contract (ipc-contract.ts parseCall): a request's arguments checked before anything runs
  'invalid-arguments': {
    en: '{{field, messages}}: {{problem, messages}}.',
    ja: '{{field, messages}}：{{problem, messages}}。',
    hint: { en: 'Correct the value and try again; nothing was changed.', ja: '値を直してから、もう一度お試しください。何も変更されていません。' },
  },
  'unknown-method': {
    en: 'Kura does not know the request "{{method}}".',
    ja: 'Kura は「{{method}}」という要求を知りません。',
    hint: { en: 'The window and the engine are of different Kura versions: restart Kura.', ja: '画面とエンジンの Kura のバージョンが異なります。Kura を再起動してください。' },
  },
  'untrusted-sender': { en: 'This page may not use Kura.', ja: 'このページは Kura を使用できません。' },
  'not-connected': {
    en: 'Kura is not connected to its engine.',
    ja: 'Kura がエンジンに接続されていません。',
    hint: { en: 'Restart Kura (or kura serve) and reload this page.', ja: 'Kura（または kura serve）を再起動して、このページを再読み込みしてください。' },
  },
  transport: {
    en: 'The request did not reach Kura’s engine: {{reason}}',
    ja: '要求が Kura のエンジンに届きませんでした：{{reason}}',
    hint: { en: 'Check that Kura (or kura serve) is still running, then try again.', ja: 'Kura（または kura serve）が動いているか確認してから、もう一度お試しください。' },
  },
  // How a form labels the field a request's argument comes from (`0.port` → "Port"); a field not
  // listed here is named by its path.
  'arg-port': { en: 'Port', ja: 'ポート' },
  'arg-host': { en: 'Server', ja: 'サーバー' },
  'arg-user': { en: 'User name', ja: 'ユーザー名' },
  'arg-database': { en: 'Database', ja: 'データベース' },
  'arg-from': { en: 'Folder on the server', ja: 'サーバー上のフォルダー' },
  'arg-to': { en: 'Destination', ja: '保存先' },
  'arg-path': { en: 'Folder', ja: 'フォルダー' },
  'arg-id': { en: 'ID', ja: 'ID' },
  'arg-name': { en: 'Name', ja: '名前' },
  'arg-password': { en: 'Password', ja: 'パスワード' },
  'arg-key-path': { en: 'SSH key file', ja: 'SSH 鍵ファイル' },
  'arg-fingerprint': { en: 'Fingerprint', ja: 'フィンガープリント' },
  'arg-bucket': { en: 'Bucket', ja: 'バケット' },
  'arg-endpoint': { en: 'Endpoint', ja: 'エンドポイント' },
  'arg-region': { en: 'Region', ja: 'リージョン' },
  'arg-access-key': { en: 'Access key ID', ja: 'アクセスキー ID' },
  'arg-prefix': { en: 'Folder in the bucket', ja: 'バケット内のフォルダー' },
  'arg-allow': { en: 'Allowed addresses', ja: '許可するアドレス' },
  'arg-lines': { en: 'Lines', ja: '行数' },
  'arg-request': { en: 'The request', ja: '要求' },

  // ---- testing a source or a server from the wizard (service/source-tests.ts, ssh-setup.ts)
  'secret-missing~test': {
    en: 'No password is stored in the keychain under "{{ref}}".',
    ja: 'キーチェーンに「{{ref}}」という名前のパスワードが保存されていません。',
    hint: { en: 'Enter the password again and save it before testing.', ja: 'テストの前に、パスワードをもう一度入力して保存してください。' },
  },
  'ssh-no-connection': {
    en: 'This source goes through SSH, but no server connection is set.',
    ja: 'このソースは SSH を経由しますが、サーバー接続が設定されていません。',
    hint: { en: 'Fill in the server connection (the first step) first.', ja: '先にサーバー接続（最初のステップ）を入力してください。' },
  },
  'invalid-host': {
    en: '"{{host}}" is not a host name or IP address.',
    ja: '「{{host}}」はホスト名でも IP アドレスでもありません。',
    hint: { en: 'Use a name like db.example.com or an address like 192.0.2.10.', ja: 'db.example.com のような名前か、192.0.2.10 のようなアドレスを使ってください。' },
  },
  'invalid-name': {
    en: 'The user name "{{value}}" must not start with "-" or contain control characters.',
    ja: 'ユーザー名「{{value}}」は「-」で始めたり、制御文字を含めたりできません。',
  },
  'invalid-location~server-folder': {
    en: '"{{from}}" is not a folder on the server.',
    ja: '「{{from}}」はサーバー上のフォルダーではありません。',
    hint: {
      en: 'Give the full path on the server, starting with "/" (for example /var/www/shop/).',
      ja: 'サーバー上の完全なパスを「/」から書いてください（例：/var/www/shop/）。',
    },
  },
  'invalid-path': {
    en: 'The SSH key path must not contain control characters.',
    ja: 'SSH 鍵のパスに制御文字を含めることはできません。',
  },
  'ssh-fingerprint-mismatch': {
    en: 'The server {{host}} port {{port}} shows the key {{shown}}, not {{wanted}}. Nothing was trusted.',
    ja: 'サーバー {{host}}（ポート {{port}}）が示した鍵は {{shown}} で、{{wanted}} ではありません。何も信頼済みにしていません。',
    hint: {
      en: "Check the fingerprint with your hosting company (or run ssh-keygen -lf on the server's host key files); a different key can mean someone is in between.",
      ja: 'フィンガープリントをホスティング会社に確認してください（またはサーバーのホスト鍵ファイルに ssh-keygen -lf を実行）。鍵が違う場合、間に第三者がいる可能性があります。',
    },
  },
  'path-unavailable': {
    en: 'Kura cannot read the free space of {{path}}: {{reason}}',
    ja: '{{path}} の空き容量を読み取れません：{{reason}}',
    hint: { en: 'Check that the disk or network share is connected.', ja: 'ディスクまたはネットワーク共有が接続されているか確認してください。' },
  },

  // ---- runs, logs and what a mode cannot offer
  'log-not-found': {
    en: 'The log of this run does not exist (it may have been deleted).',
    ja: 'この実行のログがありません（削除された可能性があります）。',
  },
  'log-not-found~run-id': { en: 'There is no log for run "{{run}}".', ja: '実行「{{run}}」のログはありません。' },
  'job-not-found~service': { en: 'There is no job "{{job}}".', ja: 'ジョブ「{{job}}」はありません。' },
  'not-available': {
    en: '{{what, messages}} is not available here.',
    ja: 'ここでは{{what, messages}}を使用できません。',
    hint: { en: '{{advice, messages}}', ja: '{{advice, messages}}' },
  },
  'feature-alerts': { en: 'Alerts', ja: '通知' },
  'feature-alerts-advice': { en: 'This Kura was started without alerts.', ja: 'この Kura は通知なしで起動されています。' },
  'feature-restore': { en: 'Restore', ja: '復元' },
  'feature-restore-advice': { en: 'This build of Kura was made without the restore engine; update Kura.', ja: 'この Kura は復元エンジンなしでビルドされています。Kura を更新してください。' },
  'feature-open-log': { en: 'Opening the log with another program', ja: '別のプログラムでログを開くこと' },
  'feature-open-log-advice': { en: 'The log is shown in the run view.', ja: 'ログは実行の画面に表示されます。' },
  'feature-folder-dialog': { en: 'Choosing a folder with a dialog', ja: 'ダイアログでフォルダーを選ぶこと' },
  'feature-folder-dialog-advice': { en: 'Type or paste the folder path instead.', ja: '代わりにフォルダーのパスを入力するか貼り付けてください。' },

  // ---- programs (process/run-process.ts, windows-command-line.ts)
  'tool-missing': {
    en: 'The program "{{file}}" was not found.',
    ja: 'プログラム「{{file}}」が見つかりませんでした。',
    hint: { en: 'Install it (see `kura doctor`) or set its path in Settings.', ja: 'インストールするか（`kura doctor` を参照）、設定でパスを指定してください。' },
  },
  'tool-missing~batch': {
    en: '"{{file}}" is a batch file; Kura starts programs (.exe) directly, never through cmd.exe.',
    ja: '「{{file}}」はバッチファイルです。Kura はプログラム（.exe）を直接起動し、cmd.exe は使いません。',
    hint: { en: 'Set the path of the program itself (the .exe) in Settings.', ja: '設定で、プログラム本体（.exe）のパスを指定してください。' },
  },
  'tool-missing~failed': {
    en: 'Could not start "{{file}}": {{reason}}',
    ja: '「{{file}}」を起動できませんでした：{{reason}}',
    hint: { en: 'Install it (see `kura doctor`) or set its path in Settings.', ja: 'インストールするか（`kura doctor` を参照）、設定でパスを指定してください。' },
  },
  'unsafe-argument': {
    en: 'Kura will not pass {{value}} to a Cygwin program: it holds a control character (a newline or tab?).',
    ja: '{{value}} には制御文字（改行やタブ）が含まれているため、Kura は Cygwin のプログラムに渡しません。',
    hint: { en: 'Remove the newline or tab from the path or pattern in the settings.', ja: '設定のパスやパターンから改行やタブを取り除いてください。' },
  },
  'internal~windows-path': {
    en: 'A Windows path reached a Cygwin program unconverted: {{path}}',
    ja: 'Windows のパスが変換されずに Cygwin のプログラムに渡されました：{{path}}',
    hint: { en: 'This is a bug in Kura: please report it with the run log.', ja: 'これは Kura の不具合です。実行ログを添えて報告してください。' },
  },
  'internal~no-standby': { en: 'No standby was checked.', ja: 'スタンバイを 1 台も確認していません。', hint: { en: 'Please report this with the run log.', ja: '実行ログを添えて報告してください。' } },
  'config-invalid~standby-missing': {
    en: 'The source "{{source}}" dumps from a standby but names none.',
    ja: 'ソース「{{source}}」はスタンバイからダンプする設定ですが、スタンバイが指定されていません。',
    hint: { en: 'Add the standby under "standbys", or remove "dumpFromStandby".', ja: '"standbys" にスタンバイを追加するか、"dumpFromStandby" を削除してください。' },
  },

  // ---- off-site places read back (offsite/verify-offsite.ts, storage/open-location.ts)
  'usage~no-offsite-target': {
    en: 'Job "{{job}}" has no off-site target "{{target}}".',
    ja: 'ジョブ「{{job}}」にオフサイトの保存先「{{target}}」はありません。',
    hint: { en: 'Its targets: {{targets}}.', ja: 'このジョブの保存先：{{targets}}。' },
  },
  'usage~no-offsite-targets': {
    en: 'Job "{{job}}" has no off-site target.',
    ja: 'ジョブ「{{job}}」にはオフサイトの保存先がありません。',
    hint: { en: 'Add one in the job’s settings.', ja: 'ジョブの設定で追加してください。' },
  },
  'snapshot-not-found~offsite': {
    en: 'There is no snapshot "{{snapshot}}" at {{to}}.',
    ja: '{{to}} にスナップショット「{{snapshot}}」はありません。',
    hint: { en: 'Available there: {{available}} (or "latest", "all").', ja: 'そこにあるスナップショット：{{available}}（または「latest」「all」）。' },
  },
  'snapshot-not-found~offsite-none': {
    en: 'There is no complete snapshot of job "{{job}}" at {{to}}.',
    ja: '{{to}} にジョブ「{{job}}」の完了したスナップショットはありません。',
    hint: { en: 'Run a backup: the off-site copy follows it.', ja: 'バックアップを実行してください。オフサイトコピーはその後に行われます。' },
  },
  'usage~s3-address': {
    en: '"{{address}}" is not an s3://bucket/prefix address.',
    ja: '「{{address}}」は s3://バケット/プレフィックス の形のアドレスではありません。',
    hint: { en: 'Example: s3://my-bucket/shop/', ja: '例：s3://my-bucket/shop/' },
  },
  'usage~s3-keys': {
    en: "Reading {{address}} needs the bucket's endpoint and keys.",
    ja: '{{address}} を読むには、バケットのエンドポイントとキーが必要です。',
    hint: {
      en: 'Set AWS_ENDPOINT_URL (or --endpoint; for Amazon S3 AWS_REGION), AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, as printed on the recovery kit.',
      ja: '復旧キットに印刷されているとおりに、AWS_ENDPOINT_URL（または --endpoint。Amazon S3 では AWS_REGION）、AWS_ACCESS_KEY_ID、AWS_SECRET_ACCESS_KEY を設定してください。',
    },
  },
  // ---- the service's own log lines (the app's log, `kura serve`'s)
  'log-service-listener-failed~event': { en: 'An event listener failed: {{reason}}', ja: 'イベントの受け手でエラーが起きました：{{reason}}' },
  'log-service-listener-failed~busy': { en: 'A "busy" listener failed: {{reason}}', ja: '実行中かどうかの受け手でエラーが起きました：{{reason}}' },
  'log-restore-journals-unreadable': { en: 'The restore journals could not be read: {{reason}}', ja: '復元の記録を読めませんでした：{{reason}}' },
  'log-status-not-built': { en: 'The status could not be built: {{reason}}', ja: '状態をまとめられませんでした：{{reason}}' },
  'log-standbys-check-failed': { en: 'Standbys could not be checked: {{reason}}', ja: 'スタンバイを確認できませんでした：{{reason}}' },
  'log-service-internal': { en: '{{method}} failed: {{reason}}', ja: '{{method}} が失敗しました：{{reason}}' },
  // ---- the browser's link to `kura serve` (shared/ws-bridge.ts)
  'bridge-connection-lost': {
    en: 'The connection to Kura was lost.',
    ja: 'Kura との接続が切れました。',
    hint: serveGoneHint,
  },
  'bridge-connection-closed': { en: 'The connection to Kura was closed.', ja: 'Kura との接続を閉じました。' },
  'bridge-unreachable': {
    en: 'Kura is not reachable.',
    ja: 'Kura に接続できません。',
    hint: serveGoneHint,
  },
  'bridge-empty-answer': { en: 'Kura sent an empty answer.', ja: 'Kura から空の応答が返りました。' },
  'bridge-timeout': { en: 'Kura did not answer {{method}} in time.', ja: 'Kura が時間内に {{method}} に応答しませんでした。' },
});
