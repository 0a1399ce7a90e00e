/**
 * The words around what the CLI prints: the labels of an error and its advice, a command line that
 * cannot be run as given (with the command's usage line), and the lines `kura run`, `history`,
 * `snapshots`, `doctor`, `verify` and `secret` print around the engine's own sentences.
 */
import { defineMessages } from '../define.js';

export const cliMessages = defineMessages({
  'cli-error': {
    en: 'Error: {{message}}',
    ja: 'エラー：{{message}}',
  },
  'cli-what-to-do': {
    en: 'What to do: {{hint}}',
    ja: '対処：{{hint}}',
  },

  // ---- a command line that cannot be run as given (cli-io.ts usageError)
  'usage~cli': {
    en: '{{problem, messages}}',
    ja: '{{problem, messages}}',
    hint: { en: 'Usage: {{usage}}', ja: '使い方：{{usage}}' },
  },
  'cli-expected-job-id': { en: 'Expected one job id.', ja: 'ジョブ ID を 1 つ指定してください。' },
  'cli-expected-job-and-snapshot': { en: 'Expected a job id and a snapshot id (or "latest").', ja: 'ジョブ ID とスナップショット ID（または「latest」）を指定してください。' },
  'cli-expected-snapshot-after-from': { en: 'Expected a snapshot id (or "latest") after --from <folder>.', ja: '--from <フォルダー> の後に、スナップショット ID（または「latest」）を指定してください。' },
  'cli-from-no-job-id': { en: 'With --from, give no job id (use --job to pick one).', ja: '--from を使うときはジョブ ID を指定しないでください（ジョブを選ぶには --job を使います）。' },
  'cli-recovery-only-id': {
    en: '--{{option}} takes only a restore id (and --yes, --json, --password-stdin).',
    ja: '--{{option}} には復元 ID（と --yes、--json、--password-stdin）だけを指定してください。',
  },
  'cli-rsync-module-needs-user': { en: '--rsync-module needs --rsync-user.', ja: '--rsync-module には --rsync-user が必要です。' },
  'cli-restore-user-both': {
    en: 'Give --mysql-user or --rsync-user, not both (one source is restored at a time).',
    ja: '--mysql-user と --rsync-user は、どちらか一方だけを指定してください（一度に復元するソースは 1 つです）。',
  },
  'cli-password-stdin-needs-user': { en: '--password-stdin goes with --mysql-user or --rsync-user.', ja: '--password-stdin は --mysql-user か --rsync-user と一緒に使います。' },
  'cli-restore-which-source': { en: 'Say which source to restore with --source <sourceId>.', ja: '復元するソースを --source <ソースID> で指定してください。' },
  'cli-redis-method': { en: '--method is "live" (default) or "file".', ja: '--method には「live」（既定）か「file」を指定してください。' },
  'cli-to-port': { en: '--to-port must be a port number.', ja: '--to-port にはポート番号を指定してください。' },
  'cli-to-host-needed': { en: '--to-port/--to-user/--to-password-ref need --to-host.', ja: '--to-port、--to-user、--to-password-ref には --to-host が必要です。' },
  'cli-invalid-option': { en: 'Invalid {{field}}: {{problem, messages}}', ja: '{{field}} が正しくありません：{{problem, messages}}' },
  'cli-port': { en: '--port {{value}} is not a port number (0–65535).', ja: '--port {{value}} はポート番号（0〜65535）ではありません。' },
  'cli-target-full-offsite': { en: '--target and --full go with --offsite.', ja: '--target と --full は --offsite と一緒に使います。' },
  'cli-fingerprint': {
    en: '"{{value}}" is not a SHA256 fingerprint (SHA256: followed by 43 characters, as ssh-keygen -lf prints it).',
    ja: '「{{value}}」は SHA256 のフィンガープリント（ssh-keygen -lf が表示する、SHA256: に続く 43 文字）ではありません。',
  },
  'cli-secret-action': {
    en: 'Expected "set" or "delete" and a keychain entry name (letters, digits, ".", "-", "_").',
    ja: '「set」か「delete」と、キーチェーンの項目名（英字、数字、「.」「-」「_」）を指定してください。',
  },
  'cli-secret-empty': { en: 'The secret was empty: nothing was stored.', ja: '値が空だったため、何も保存していません。' },
  'cli-unknown-action': { en: 'Unknown action "{{action}}".', ja: '「{{action}}」という操作はありません。' },
  'cli-path-style-both': { en: 'Give --path-style or --no-path-style, not both.', ja: '--path-style と --no-path-style は、どちらか一方だけを指定してください。' },
  'cli-endpoint-url': { en: '--endpoint is a URL such as https://s3.ap-northeast-1.wasabisys.com', ja: '--endpoint には https://s3.ap-northeast-1.wasabisys.com のような URL を指定してください。' },
  'usage~no-ssh-connection': {
    en: 'Job "{{job}}" has no server connection ("ssh").',
    ja: 'ジョブ「{{job}}」にはサーバー接続（"ssh"）がありません。',
    hint: {
      en: 'Add one in the app (Edit job → How Kura reaches your server) or in config.json.',
      ja: 'アプリ（ジョブの編集 → Kura がサーバーに接続する方法）か config.json で追加してください。',
    },
  },
  'usage~trust-needs-terminal': {
    en: 'Confirming a server key needs a person at a terminal.',
    ja: 'サーバーの鍵を確認するには、端末の前に人がいる必要があります。',
    hint: {
      en: 'After comparing the fingerprint, run: kura ssh-trust {{job}} --fingerprint {{fingerprint}}',
      ja: 'フィンガープリントを確認してから、次を実行してください：kura ssh-trust {{job}} --fingerprint {{fingerprint}}',
    },
  },
  'usage~print-unit-platform': {
    en: '--print-unit writes a systemd unit (Linux) or a Task Scheduler command (Windows).',
    ja: '--print-unit が書き出すのは systemd のユニット（Linux）か、タスク スケジューラのコマンド（Windows）です。',
    hint: {
      en: 'On macOS, start `kura daemon` from a LaunchAgent, or use the app (it runs the schedules itself).',
      ja: 'macOS では LaunchAgent から `kura daemon` を起動するか、アプリを使ってください（アプリ自身がスケジュールを実行します）。',
    },
  },

  // ---- kura run
  'cli-run-success': { en: 'OK', ja: '成功' },
  'cli-run-warning': { en: 'OK with warnings', ja: '成功（警告あり）' },
  'cli-run-partial': { en: 'PARTIAL (some items failed; the others are in the snapshot)', ja: '一部失敗（失敗した項目以外はスナップショットに入っています）' },
  'cli-run-cancelled': { en: 'CANCELLED', ja: 'キャンセル' },
  'cli-run-failed': { en: 'FAILED', ja: '失敗' },
  'cli-run-headline': { en: '{{status, messages}}: job {{job}}, run {{run}} ({{duration}})', ja: '{{status, messages}}：ジョブ {{job}}、実行 {{run}}（{{duration}}）' },
  'cli-run-warning-line': { en: 'warning: {{warning, messages}}', ja: '警告：{{warning, messages}}' },
  'cli-run-snapshot': { en: 'Snapshot {{snapshot}}: {{path}}', ja: 'スナップショット {{snapshot}}：{{path}}' },
  'cli-run-pruned': { en: 'Retention removed: {{snapshots}}', ja: '保持ルールで削除：{{snapshots}}' },
  'cli-run-offsite': { en: 'Off-site copy "{{target}}" ({{to}}): {{status, messages}}', ja: 'オフサイトコピー「{{target}}」（{{to}}）：{{status, messages}}' },
  'cli-run-offsite-error': {
    en: 'Off-site copy "{{target}}" ({{to}}): {{status, messages}} — {{error}}',
    ja: 'オフサイトコピー「{{target}}」（{{to}}）：{{status, messages}} — {{error}}',
  },
  'cli-run-log': { en: 'Log: {{path}}', ja: 'ログ：{{path}}' },
  'cli-item-ok': { en: 'ok', ja: 'OK' },
  'cli-item-warning': { en: 'warning', ja: '警告' },
  'cli-item-failed': { en: 'failed', ja: '失敗' },
  'cli-item-skipped': { en: 'skipped', ja: 'スキップ' },
  'cli-offsite-pushed': { en: 'pushed', ja: 'コピー済み' },
  'cli-offsite-pending': { en: 'pending', ja: '未コピー' },
  'cli-offsite-failed': { en: 'failed', ja: '失敗' },

  // ---- kura history, snapshots, verify, doctor, secret
  'cli-no-runs': { en: 'No runs yet.', ja: '実行記録はまだありません。' },
  'cli-no-safety-backups': { en: 'No safety backups for job {{job}}.', ja: 'ジョブ {{job}} の安全バックアップはありません。' },
  'cli-no-snapshots-of-job': { en: 'No complete snapshots of job {{job}}.', ja: 'ジョブ {{job}} の完了したスナップショットはありません。' },
  'cli-no-snapshots-at': { en: 'No complete snapshots at {{address}}.', ja: '{{address}} に完了したスナップショットはありません。' },
  'cli-snapshot-verified': { en: 'verified {{at}}', ja: '検証 {{at}}' },
  'cli-snapshot-not-in': { en: 'not in this snapshot (failed): {{item}} — {{reason}}', ja: 'このスナップショットにないもの（失敗）：{{item}} — {{reason}}' },
  'cli-snapshot-out-of-order': {
    en: 'warning: out of order, never used as "latest" or deleted by retention: {{reason, messages}}',
    ja: '警告：順序が正しくないため、「latest」としても保持ルールの削除対象としても扱いません：{{reason, messages}}',
  },
  'cli-snapshot-unusable': { en: 'not usable: {{reason, messages}} ({{path}})', ja: '使用できません：{{reason, messages}}（{{path}}）' },
  'cli-verify-ok': { en: 'Snapshot {{snapshot}}: all items verified', ja: 'スナップショット {{snapshot}}：すべての項目を検証しました' },
  'cli-verify-warning': { en: 'Snapshot {{snapshot}}: checked, with warnings', ja: 'スナップショット {{snapshot}}：確認しました（警告あり）' },
  'cli-verify-failed': { en: 'Snapshot {{snapshot}}: PROBLEMS FOUND', ja: 'スナップショット {{snapshot}}：問題が見つかりました' },
  'cli-mark-ok': { en: 'ok    ', ja: 'OK    ' },
  'cli-mark-warn': { en: 'WARN  ', ja: '警告  ' },
  'cli-mark-failed': { en: 'FAILED', ja: '失敗  ' },
  'cli-mark-missing': { en: 'MISSING', ja: 'なし   ' },
  'cli-doctor-headline': { en: 'Kura {{version}} on {{platform}}, Node {{node}}', ja: 'Kura {{version}}（{{platform}}、Node {{node}}）' },
  'cli-doctor-home': { en: 'State folder: {{path}}', ja: '状態フォルダー：{{path}}' },
  'cli-doctor-passwords': { en: 'Passwords (config.json refs):', ja: 'パスワード（config.json の参照名）：' },
  'cli-doctor-not-stored': {
    en: 'not stored: {{command}}, or a LoadCredential= line for it (kura daemon --print-unit)',
    ja: '保存されていません：{{command}} を実行するか、LoadCredential= の行を追加してください（kura daemon --print-unit）',
  },
  'cli-secret-prompt': { en: 'Password for {{ref}}: ', ja: '{{ref}} のパスワード：' },
  'cli-secret-stored': { en: 'Stored "{{ref}}" in the OS keychain.', ja: '「{{ref}}」を OS のキーチェーンに保存しました。' },
  'cli-secret-deleted': { en: 'Deleted "{{ref}}" from the OS keychain.', ja: '「{{ref}}」を OS のキーチェーンから削除しました。' },
  'cli-secret-none': { en: 'There was no "{{ref}}" in the OS keychain.', ja: 'OS のキーチェーンに「{{ref}}」はありませんでした。' },
  // ---- kura serve
  'cli-serve-exposed': {
    en: 'Warning: listening on {{host}} makes Kura reachable from other machines. Prefer 127.0.0.1 with an SSH tunnel.',
    ja: '警告：{{host}} で待ち受けると、ほかのコンピューターから Kura に接続できます。127.0.0.1 と SSH トンネルを使うことをお勧めします。',
  },
  'cli-serve-running': { en: 'Kura is running at: {{url}}', ja: 'Kura の画面はこちらです：{{url}}' },
  'cli-serve-link-once': {
    en: 'The link works once and signs this browser in. Press Ctrl+C to stop.',
    ja: 'このリンクは 1 回だけ使え、開いたブラウザーをログインさせます。止めるには Ctrl+C を押してください。',
  },
  'cli-serve-no-browser': { en: 'Could not open a browser: open the link above yourself.', ja: 'ブラウザーを開けませんでした。上のリンクをご自分で開いてください。' },

  // ---- kura server-setup
  'cli-setup-nothing': {
    en: 'Job {{job}} needs nothing set up on a server (local folders only).',
    ja: 'ジョブ {{job}} はサーバーでの準備が要りません（ローカルのフォルダーだけです）。',
  },
  'cli-setup-where': { en: 'Where: {{where, messages}}', ja: '場所：{{where, messages}}' },
  'cli-setup-then': { en: 'Then:', ja: 'その後：' },
  'cli-setup-note': { en: 'Note: {{note, messages}}', ja: '注意：{{note, messages}}' },
  'cli-setup-password-saved': {
    en: 'Saved in the keychain as "{{ref}}": the password for {{what, messages}}.',
    ja: '{{what, messages}}のパスワードを、キーチェーンに「{{ref}}」として保存しました。',
  },
  'cli-setup-passwords-next-run': {
    en: 'Kura uses these passwords from the next run on: paste the lines above on the servers first.',
    ja: 'Kura は次回の実行からこれらのパスワードを使います。先に上の行をサーバーに貼り付けてください。',
  },

  // ---- kura ssh-trust
  'cli-trust-unchanged': { en: 'Nothing was changed.', ja: '何も変更しませんでした。' },
  'cli-trust-done': {
    en: 'Kura trusts {{host}} port {{port}} with the key {{fingerprint}} ({{type}}).',
    ja: 'Kura は {{host}}（ポート {{port}}）を鍵 {{fingerprint}}（{{type}}）で信頼します。',
  },
  'cli-trust-shows': { en: '{{host}} port {{port}} shows the key', ja: '{{host}}（ポート {{port}}）が示す鍵：' },
  'cli-trust-changed': {
    en: 'Kura trusted a different key before: {{keys}}.\nA changed key means the server was reinstalled, or someone is in between.',
    ja: 'Kura は以前、別の鍵を信頼していました：{{keys}}。\n鍵が変わったのは、サーバーが再インストールされたか、だれかが間に入っているためです。',
  },
  'cli-trust-compare': {
    en: 'Compare it with the fingerprint your hosting company shows (or ssh-keygen -lf on the server).',
    ja: 'ホスティング会社が示すフィンガープリント（またはサーバーでの ssh-keygen -lf の結果）と比べてください。',
  },
  'cli-trust-confirm': { en: 'Trust this key? Type "yes" to confirm: ', ja: 'この鍵を信頼しますか？よければ「yes」と入力してください：' },
  // ---- kura verify --offsite
  'cli-offsite-unchecked': { en: '{{target}} ({{to}}): CANNOT BE CHECKED — {{error}}', ja: '{{target}}（{{to}}）：確認できません — {{error}}' },
  'cli-offsite-snapshot': {
    en: '{{target}} ({{to}}) snapshot {{snapshot}}: {{result, messages}} ({{depth, messages}})',
    ja: '{{target}}（{{to}}）スナップショット {{snapshot}}：{{result, messages}}（{{depth, messages}}）',
  },
  'cli-offsite-ok': { en: 'ok', ja: '正常' },
  'cli-offsite-problems': { en: 'PROBLEMS FOUND', ja: '問題が見つかりました' },
  'cli-offsite-depth-full': { en: 'every object decrypted and hashed', ja: 'すべてのオブジェクトを復号してハッシュを確認' },
  'cli-offsite-depth-sample': {
    en: '{{decrypted, number}} of {{objects, number}} objects decrypted and hashed',
    ja: '{{objects, number}} 個中 {{decrypted, number}} 個のオブジェクトを復号してハッシュを確認',
  },
  'cli-offsite-whole-snapshot': { en: '(snapshot)', ja: '（スナップショット全体）' },
  // ---- kura --help, and what each command does (cli-io.ts Command.summary)
  'cli-help-title': {
    en: "Kura {{version}} — backups of a shop's website files, MySQL/MariaDB and Redis.",
    ja: 'Kura {{version}} — ショップの Web サイトのファイル、MySQL/MariaDB、Redis のバックアップ。',
  },
  'cli-help-usage': { en: 'Usage: {{usage}}', ja: '使い方：{{usage}}' },
  'cli-help-commands': { en: 'Commands:', ja: 'コマンド：' },
  'cli-help-options': {
    en: 'Options: --json (machine-readable output), --help (this text, or `kura <command> --help`).',
    ja: 'オプション：--json（機械で読める出力）、--help（この説明。コマンドごとには `kura <command> --help`）。',
  },
  'cli-help-state-folder': { en: 'State folder: $KURA_HOME, else {{path}}.', ja: '状態フォルダー：$KURA_HOME、なければ {{path}}。' },
  'cli-unknown-command': { en: 'Unknown command "{{verb}}".', ja: '「{{verb}}」というコマンドはありません。' },
  'cli-summary-run': {
    en: 'Back up a job now (exit 0 success/warning, 1 partial/failed, 2 usage/config error, 130 cancelled)',
    ja: 'ジョブを今すぐバックアップします（終了コード 0 成功・警告、1 一部失敗・失敗、2 使い方・設定の誤り、130 キャンセル）',
  },
  'cli-summary-snapshots': {
    en: 'List the complete snapshots of a job (or of a backup folder with --from), oldest first',
    ja: 'ジョブ（--from ではバックアップ先フォルダー）の完了したスナップショットを古い順に一覧します',
  },
  'cli-summary-verify': {
    en: 'Re-check a snapshot (sha256 of every file, gzip and dump trailer, RDB checksum); --restore-test restores into scratch; --offsite checks the off-site copies',
    ja: 'スナップショットを確認し直します（全ファイルの sha256、gzip とダンプの末尾、RDB のチェックサム）。--restore-test は一時領域へ復元して確かめ、--offsite はオフサイトコピーを確かめます',
  },
  'cli-summary-destination': {
    en: 'Check that a job\'s backup folder is really its backup disk; --trust accepts it after a deliberate move',
    ja: 'ジョブのバックアップ先フォルダーが本当にそのバックアップ用ディスクかを確かめます。--trust は意図して移動した後に受け入れます',
  },
  'cli-summary-restore': {
    en: 'Restore a snapshot item (MySQL database, Redis, files) — checked first, verified after',
    ja: 'スナップショットの項目（MySQL データベース、Redis、ファイル）を復元します。事前に確認し、復元後に検証します',
  },
  'cli-summary-history': {
    en: 'Show past runs of a job',
    ja: 'ジョブの過去の実行を表示します',
  },
  'cli-summary-secret': {
    en: 'Store (from stdin, no echo) or delete a password in the OS keychain',
    ja: 'OS のキーチェーンにパスワードを保存（標準入力から、表示なし）または削除します',
  },
  'cli-summary-server-setup': {
    en: 'Print the server-side setup for a job (rsyncd, MySQL backup user, Redis ACL), with fresh passwords',
    ja: 'ジョブのサーバー側の準備（rsyncd、MySQL のバックアップ用ユーザー、Redis の ACL）を、新しいパスワード付きで表示します',
  },
  'cli-summary-ssh-trust': {
    en: "Confirm the SSH server key of a job's server connection",
    ja: 'ジョブのサーバー接続の SSH サーバー鍵を確認して信頼します',
  },
  'cli-summary-doctor': {
    en: 'Check the tools Kura needs (rsync/cwRsync, mysqldump/mariadb-dump, mysql), the keychain, and where each password comes from',
    ja: 'Kura が使うツール（rsync/cwRsync、mysqldump/mariadb-dump、mysql）、キーチェーン、各パスワードの出どころを確認します',
  },
  'cli-summary-status': {
    en: 'Show the health of every job, standby and interrupted restore (exit 1 when one failed, is overdue, a standby is broken or a restore is unfinished)',
    ja: 'すべてのジョブ、スタンバイ、中断された復元の状態を表示します（失敗・遅れ・スタンバイの故障・未完了の復元があれば終了コード 1）',
  },
  'cli-summary-daemon': {
    en: 'Run scheduled backups in the foreground without the app (Ctrl+C stops cleanly); --print-unit: start it at boot',
    ja: 'アプリなしでスケジュールどおりにバックアップを実行します（前面で動き、Ctrl+C で安全に止まります）。--print-unit：起動時に開始する設定',
  },
  'cli-summary-serve': {
    en: 'Open the Kura interface in a browser (a local web server; Ctrl+C stops it)',
    ja: 'ブラウザーで Kura の画面を開きます（ローカルの Web サーバー。Ctrl+C で止まります）',
  },
  'cli-stopping': {
    en: '{{signal}}: stopping… (the work under way is cancelled; press Ctrl+C again to quit at once)',
    ja: '{{signal}}：停止しています…（実行中の処理を取り消します。すぐに終了するにはもう一度 Ctrl+C を押してください）',
  },
});
