/**
 * rsync: what its exit codes and stderr mean (engine/tools/rsync/rsync-errors.ts), finding a usable
 * rsync (detect-rsync.ts), the arguments Kura refuses to pass it, and the warnings of a transfer that
 * worked with caveats. `{{where}}` is the location as Kura shows it (rsync://…, user@host:/path, a
 * folder); rsync's own words (`{{reason}}`, `{{output}}`) are facts and stay as rsync wrote them.
 */
import { defineMessages } from '../define.js';

const retryHint = {
  en: 'Kura will try again; check the network if it keeps failing.',
  ja: 'Kura が自動で再試行します。失敗が続く場合はネットワークを確認してください。',
} as const;

export const rsyncMessages = defineMessages({
  // ---- the daemon refused
  'rsync-auth-failed': {
    en: 'Authentication failed at the rsync server {{where}}: it did not accept the user name or password.',
    ja: 'rsync サーバー {{where}} で認証に失敗しました。ユーザー名またはパスワードが受け付けられませんでした。',
    hint: {
      en: 'Check the password saved in Kura for this source, and the "{{user}}:password" line in the server\'s rsyncd.secrets file (that file must be readable only by root: chmod 600). The user must also be listed in "auth users" for the module.',
      ja: 'Kura に保存したこのソースのパスワードと、サーバーの rsyncd.secrets ファイルにある「{{user}}:パスワード」の行を確認してください（このファイルは root だけが読めるようにする必要があります：chmod 600）。また、そのユーザーがモジュールの「auth users」に含まれている必要があります。',
    },
  },
  'rsync-unknown-module': {
    en: 'The rsync server {{where}} has no module called "{{module}}".',
    ja: 'rsync サーバー {{where}} に「{{module}}」というモジュールはありません。',
    hint: {
      en: "Check the module name: it is the [name] in the server's rsyncd.conf, and it is case-sensitive.",
      ja: 'モジュール名を確認してください。サーバーの rsyncd.conf にある [名前] の部分で、大文字と小文字は区別されます。',
    },
  },
  'rsync-access-denied': {
    en: 'The rsync server {{where}} does not allow connections from this computer.',
    ja: 'rsync サーバー {{where}} は、このパソコンからの接続を許可していません。',
    hint: {
      en: 'Add this computer\'s address to "hosts allow" for the module in the server\'s rsyncd.conf.',
      ja: 'サーバーの rsyncd.conf で、このモジュールの「hosts allow」にこのパソコンのアドレスを追加してください。',
    },
  },
  'rsync-server-busy': {
    en: 'The rsync server {{where}} is busy (its connection limit is reached).',
    ja: 'rsync サーバー {{where}} は混み合っています（接続数の上限に達しています）。',
    hint: {
      en: 'Kura will try again. If this keeps happening, raise "max connections" in rsyncd.conf or move the backup to a quieter time.',
      ja: 'Kura が自動で再試行します。繰り返し起こる場合は、rsyncd.conf の「max connections」を増やすか、バックアップを空いている時間帯に移してください。',
    },
  },
  'rsync-module-unavailable': {
    en: 'The rsync server {{where}} could not open the folder of module "{{module}}".',
    ja: 'rsync サーバー {{where}} が、モジュール「{{module}}」のフォルダーを開けませんでした。',
    hint: {
      en: 'Check that the "path" of the module in the server\'s rsyncd.conf exists and is readable by the daemon.',
      ja: 'サーバーの rsyncd.conf にあるこのモジュールの「path」が存在し、rsync デーモンから読み取れることを確認してください。',
    },
  },
  'rsync-server-refused': {
    en: 'The rsync server {{where}} refused the request: {{reason}}',
    ja: 'rsync サーバー {{where}} が要求を拒否しました：{{reason}}',
    hint: { en: "Check the module settings in the server's rsyncd.conf.", ja: 'サーバーの rsyncd.conf にあるモジュールの設定を確認してください。' },
  },
  'rsync-module-read-only': {
    en: 'The rsync module {{where}} is read-only, so Kura cannot write to it.',
    ja: 'rsync モジュール {{where}} は読み取り専用のため、Kura は書き込めません。',
    hint: {
      en: 'Restoring needs "read only = no" for this module in the server\'s rsyncd.conf (you can use a separate, password-protected module for restores).',
      ja: '復元するには、サーバーの rsyncd.conf でこのモジュールを「read only = no」にする必要があります（復元専用に、パスワードで保護した別のモジュールを用意することもできます）。',
    },
  },
  'rsync-option-refused': {
    en: 'The rsync server {{where}} refuses the option {{option}} that Kura needs.',
    ja: 'rsync サーバー {{where}} は、Kura に必要なオプション {{option}} を拒否しています。',
    hint: { en: 'Remove it from "refuse options" in the server\'s rsyncd.conf.', ja: 'サーバーの rsyncd.conf の「refuse options」から、このオプションを削除してください。' },
  },

  // ---- the folder to copy
  'rsync-source-missing': {
    en: 'The folder {{where}} does not exist.',
    ja: 'フォルダー {{where}} がありません。',
    hint: {
      en: 'Check the path of this source (for an rsync daemon, the part after the module name).',
      ja: 'このソースのパスを確認してください（rsync デーモンの場合は、モジュール名より後ろの部分です）。',
    },
  },
  /** Restoring: the folder is a snapshot's, not the source's path — advice about the source would mislead. */
  'rsync-source-missing~snapshot': {
    en: 'The snapshot folder "{{path}}" does not exist.',
    ja: 'スナップショットのフォルダー「{{path}}」がありません。',
    hint: {
      en: 'The snapshot was moved or deleted after it was chosen: choose the snapshot again.',
      ja: 'スナップショットが、選んだ後に移動または削除されました。スナップショットを選び直してください。',
    },
  },
  'rsync-source-unreadable': {
    en: 'The folder {{where}} could not be opened: {{reason}}.',
    ja: 'フォルダー {{where}} を開けませんでした：{{reason}}。',
    hint: {
      en: 'Check that the folder is readable (for an rsync daemon, by the user the daemon runs as).',
      ja: 'フォルダーが読み取れることを確認してください（rsync デーモンの場合は、デーモンを実行しているユーザーから読み取れる必要があります）。',
    },
  },
  'rsync-source-unreadable~snapshot': {
    en: 'The snapshot folder "{{path}}" could not be opened: {{reason}}.',
    ja: 'スナップショットのフォルダー「{{path}}」を開けませんでした：{{reason}}。',
    hint: {
      en: 'Check that the backup disk is connected and Kura may read the snapshot folder.',
      ja: 'バックアップ用のディスクが接続されていて、Kura がスナップショットのフォルダーを読み取れることを確認してください。',
    },
  },

  // ---- the connection
  'rsync-handshake-failed': {
    en: 'The rsync server {{where}} ended the connection during the handshake.',
    ja: 'rsync サーバー {{where}} が、接続開始時のやり取り（ハンドシェイク）の途中で接続を切りました。',
    hint: {
      en: 'Check that an rsync daemon (not something else) answers on this port.',
      ja: 'このポートで応答しているのが、ほかのプログラムではなく rsync デーモンであることを確認してください。',
    },
  },
  'rsync-host-unknown': {
    en: 'The server name in {{where}} could not be found.',
    ja: '{{where}} のサーバー名が見つかりませんでした。',
    hint: {
      en: 'Check the host name for typos, and that this computer is online.',
      ja: 'ホスト名に誤りがないか、このパソコンがネットワークにつながっているかを確認してください。',
    },
  },
  'rsync-connect-failed': {
    en: 'Nothing answered at {{where}}: the connection was refused.',
    ja: '{{where}} から応答がありません。接続が拒否されました。',
    hint: {
      en: 'Check that the rsync daemon is running on the server, the port (873 unless set), and any firewall in between.',
      ja: 'サーバーで rsync デーモンが動いていること、ポート番号（指定がなければ 873）、途中のファイアウォールを確認してください。',
    },
  },
  'rsync-timeout': {
    en: 'The connection to {{where}} timed out.',
    ja: '{{where}} への接続がタイムアウトしました。',
    hint: {
      en: 'Check that the server is reachable from this computer (firewall, VPN).',
      ja: 'このパソコンからサーバーに接続できること（ファイアウォールや VPN）を確認してください。',
    },
  },
  'rsync-timeout~stalled': {
    en: '{{where}} stopped sending data for too long.',
    ja: '{{where}} からのデータが長い時間止まりました。',
    hint: {
      en: "Kura will try again; check the server's load and the network.",
      ja: 'Kura が自動で再試行します。サーバーの負荷とネットワークを確認してください。',
    },
  },
  'rsync-connection-lost~connect': {
    en: 'The connection to {{where}} failed: {{reason}}',
    ja: '{{where}} への接続に失敗しました：{{reason}}',
    hint: retryHint,
  },
  'rsync-connection-lost': {
    en: 'The connection to {{where}} broke off during the transfer.',
    ja: '転送中に {{where}} との接続が切れました。',
    hint: {
      en: 'Kura will try again; if it keeps failing, check the network and that the server has rsync installed and working.',
      ja: 'Kura が自動で再試行します。失敗が続く場合は、ネットワークと、サーバーに rsync が正しくインストールされているかを確認してください。',
    },
  },

  // ---- rsync itself
  'rsync-usage': {
    en: "rsync rejected Kura's command line: {{reason}}",
    ja: 'rsync が Kura のコマンドラインを受け付けませんでした：{{reason}}',
    hint: {
      en: 'This is a bug in Kura or an unexpected rsync version: please report it with the run log.',
      ja: 'Kura の不具合か、想定外の rsync のバージョンです。実行ログを添えて報告してください。',
    },
  },
  'rsync-protocol': {
    en: "This computer's rsync and the one at {{where}} cannot talk to each other (incompatible versions).",
    ja: 'このパソコンの rsync と {{where}} の rsync は、互いに通信できません（バージョンに互換性がありません）。',
    hint: { en: 'Update rsync on the older side.', ja: '古いほうの rsync を更新してください。' },
  },
  'rsync-file-select': {
    en: 'rsync could not use the folders given for {{where}}: {{reason}}',
    ja: 'rsync は、{{where}} に指定されたフォルダーを使えませんでした：{{reason}}',
    hint: { en: 'Check the source path and the backup folder.', ja: 'ソースのパスとバックアップ先フォルダーを確認してください。' },
  },
  'rsync-unsupported': {
    en: 'The rsync at {{where}} does not support what Kura asked for: {{reason}}',
    ja: '{{where}} の rsync は、Kura が要求した機能に対応していません：{{reason}}',
    hint: {
      en: 'Update rsync on the server (Kura needs 3.0 or newer on both sides).',
      ja: 'サーバーの rsync を更新してください（Kura には両側で 3.0 以降が必要です）。',
    },
  },
  'disk-full~rsync': {
    en: 'The backup folder ran out of disk space while copying {{where}}.',
    ja: '{{where}} のコピー中に、バックアップ先フォルダーの空き容量がなくなりました。',
    hint: {
      en: 'Free some space (or lower the retention) and run the backup again.',
      ja: '空き容量を増やすか、保持するスナップショットの数を減らしてから、もう一度バックアップを実行してください。',
    },
  },
  'disk-full~rsync-target': {
    en: 'The target ran out of disk space while copying {{where}}.',
    ja: '{{where}} のコピー中に、コピー先の空き容量がなくなりました。',
    hint: {
      en: 'Free some space on the target and start again.',
      ja: 'コピー先の空き容量を増やしてから、もう一度実行してください。',
    },
  },
  'permission-denied~rsync': {
    en: 'rsync was not allowed to write a file while copying {{where}}.',
    ja: '{{where}} のコピー中に、rsync がファイルを書き込むことを許可されませんでした。',
    hint: { en: 'Check that Kura may write to the backup folder.', ja: 'Kura がバックアップ先フォルダーに書き込めることを確認してください。' },
  },
  'rsync-file-io': {
    en: 'Reading or writing files failed while copying {{where}}: {{reason}}',
    ja: '{{where}} のコピー中に、ファイルの読み書きに失敗しました：{{reason}}',
    hint: { en: 'Check the backup disk.', ja: 'バックアップ用のディスクを確認してください。' },
  },
  'rsync-out-of-memory': {
    en: 'rsync ran out of memory while copying {{where}}.',
    ja: '{{where}} のコピー中に、rsync のメモリが足りなくなりました。',
    hint: {
      en: 'Close other programs, or split the source into smaller folders.',
      ja: 'ほかのプログラムを閉じるか、ソースをもっと小さなフォルダーに分けてください。',
    },
  },
  'rsync-failed': {
    en: 'rsync failed (exit code {{exitCode}}) while copying {{where}}: {{output}}',
    ja: '{{where}} のコピー中に rsync が失敗しました（終了コード {{exitCode}}）：{{output}}',
    hint: { en: "See the run log for rsync's full output.", ja: 'rsync の出力の全体は、実行ログをご覧ください。' },
  },
  'rsync-failed~silent': {
    en: 'rsync failed (exit code {{exitCode}}) while copying {{where}}: no message',
    ja: '{{where}} のコピー中に rsync が失敗しました（終了コード {{exitCode}}）。メッセージは出力されませんでした。',
    hint: { en: "See the run log for rsync's full output.", ja: 'rsync の出力の全体は、実行ログをご覧ください。' },
  },
  'rsync-killed': {
    en: 'rsync was stopped by {{signal}} before it finished.',
    ja: 'rsync は完了する前に {{signal}} で停止されました。',
    hint: {
      en: 'Something on this computer ended rsync (low memory, a security tool?). Run the backup again.',
      ja: 'このパソコン上の何か（メモリ不足やセキュリティソフトなど）が rsync を終了させました。もう一度バックアップを実行してください。',
    },
  },
  'rsync-killed~restore': {
    en: 'rsync was stopped by {{signal}} before it finished.',
    ja: 'rsync は完了する前に {{signal}} で停止されました。',
    hint: {
      en: 'Something on this computer ended rsync (low memory, a security tool?). Start the restore again.',
      ja: 'このパソコン上の何か（メモリ不足やセキュリティソフトなど）が rsync を終了させました。もう一度復元を開始してください。',
    },
  },

  // ---- warnings: the copy worked, with caveats
  'rsync-vanished': {
    en: {
      one: '1 file disappeared from {{where}} while being copied (usual for caches, sessions and temp files): {{files, list}}.',
      other: '{{count, count}} files disappeared from {{where}} while being copied (usual for caches, sessions and temp files): {{files, list}}.',
    },
    ja: '{{where}} のコピー中に {{count, count}} 個のファイルが消えました（キャッシュ、セッション、一時ファイルではよくあることです）：{{files, list}}。',
  },
  'rsync-vanished-unnamed': {
    en: 'Some files disappeared from {{where}} while being copied (usual for caches, sessions and temp files).',
    ja: '{{where}} のコピー中にいくつかのファイルが消えました（キャッシュ、セッション、一時ファイルではよくあることです）。',
  },
  'rsync-partial': {
    en: {
      one: '1 file from {{where}} could not be copied{{reasons}}: {{files, list}}.',
      other: '{{count, count}} files from {{where}} could not be copied{{reasons}}: {{files, list}}.',
    },
    ja: '{{where}} の {{count, count}} 個のファイルをコピーできませんでした{{reasons}}：{{files, list}}。',
  },
  'rsync-partial-unnamed': {
    en: 'Some files from {{where}} could not be copied{{reasons}}.',
    ja: '{{where}} の一部のファイルをコピーできませんでした{{reasons}}。',
  },
  'rsync-link-dest-missing': {
    en: 'The previous snapshot folder {{path}} is missing, so every file was copied in full instead of being shared with it.',
    ja: '前回のスナップショットのフォルダー {{path}} がないため、共有せずにすべてのファイルを丸ごとコピーしました。',
  },
  'rsync-no-stats': {
    en: 'rsync did not print its --stats summary; the totals for this source are unknown.',
    ja: 'rsync が --stats の集計を出力しなかったため、このソースの合計はわかりません。',
  },
  'rsync-known-host-not-recorded': {
    en: 'ssh could not record the key of {{host}} in {{file}}, so a changed server key would not be noticed. Check that Kura may write to that file.',
    ja: 'ssh が {{host}} の鍵を {{file}} に記録できなかったため、サーバーの鍵が変わっても気付けません。Kura がこのファイルに書き込めることを確認してください。',
  },

  // ---- finding rsync
  'rsync-missing': {
    en: 'rsync was not found on this computer.',
    ja: 'このパソコンで rsync が見つかりませんでした。',
    hint: {
      en: 'Install rsync with your package manager (for example "{{command}}"), or set its path in Settings.',
      ja: 'パッケージマネージャーで rsync をインストールするか（例：「{{command}}」）、「設定」で rsync の場所を指定してください。',
    },
  },
  'rsync-missing~mac': {
    en: 'rsync was not found on this computer.',
    ja: 'このパソコンで rsync が見つかりませんでした。',
    hint: {
      en: 'Install rsync with "{{command}}", or set its path in Settings.',
      ja: '「{{command}}」で rsync をインストールするか、「設定」で rsync の場所を指定してください。',
    },
  },
  'rsync-missing~windows': {
    en: 'rsync was not found on this computer.',
    ja: 'このパソコンで rsync が見つかりませんでした。',
    hint: {
      en: 'Kura ships cwRsync; reinstall Kura, or install cwRsync and set the path of rsync.exe in Settings.',
      ja: 'Kura には cwRsync が同梱されています。Kura を再インストールするか、cwRsync をインストールして「設定」で rsync.exe の場所を指定してください。',
    },
  },
  'rsync-unusable': {
    en: 'The program at {{path}} did not answer "rsync --version" like rsync does.',
    ja: '{{path}} のプログラムは、「rsync --version」に rsync と同じようには応答しませんでした。',
    hint: {
      en: 'Check the rsync path in Settings (or remove it so Kura uses the one it ships or finds on PATH).',
      ja: '「設定」の rsync のパスを確認してください（パスを消すと、Kura は同梱の rsync か、PATH 上で見つけた rsync を使います）。',
    },
  },
  'rsync-too-old': {
    en: 'The rsync at {{path}} is version {{version}}; Kura needs {{minimum}} or newer.',
    ja: '{{path}} の rsync はバージョン {{version}} です。Kura には {{minimum}} 以降が必要です。',
    hint: {
      en: 'Install a current rsync, or set the path of a newer one in Settings.',
      ja: '新しい rsync をインストールするか、「設定」で新しいバージョンの rsync の場所を指定してください。',
    },
  },
  'rsync-too-old~mac': {
    en: 'The rsync at {{path}} is version {{version}}; Kura needs {{minimum}} or newer.',
    ja: '{{path}} の rsync はバージョン {{version}} です。Kura には {{minimum}} 以降が必要です。',
    hint: {
      en: 'macOS ships an old rsync (or openrsync). Install a current one with "{{command}}", or set its path in Settings.',
      ja: 'macOS に付属の rsync（または openrsync）は古いものです。「{{command}}」で新しい rsync をインストールするか、「設定」でその場所を指定してください。',
    },
  },

  // ---- what Kura will not hand to rsync (or ssh): one code, the sentence names what was refused
  'rsync-unsafe-argument': {
    en: 'Kura will not pass the folder "{{value}}" to rsync: it could be read as an option or a command.',
    ja: 'フォルダー「{{value}}」はオプションやコマンドとして読まれるおそれがあるため、Kura は rsync に渡しません。',
    hint: { en: 'Give the full path of an existing folder.', ja: '存在するフォルダーの完全なパスを指定してください。' },
  },
  'rsync-unsafe-argument~relative': {
    en: 'Kura will not pass the folder "{{value}}" to rsync: it could be read as an option or a command.',
    ja: 'フォルダー「{{value}}」はオプションやコマンドとして読まれるおそれがあるため、Kura は rsync に渡しません。',
    hint: {
      en: 'Give the full path of the folder (starting with "/" or a drive letter).',
      ja: 'フォルダーの完全なパス（「/」またはドライブ文字から始まるもの）を指定してください。',
    },
  },
  'rsync-unsafe-argument~host': {
    en: 'Kura will not pass the host name "{{value}}" to rsync: it could be read as an option or a command.',
    ja: 'ホスト名「{{value}}」はオプションやコマンドとして読まれるおそれがあるため、Kura は rsync に渡しません。',
    hint: {
      en: 'Host names are letters, digits, "." and "-" (or an IP address).',
      ja: 'ホスト名に使えるのは英字、数字、「.」と「-」です（または IP アドレス）。',
    },
  },
  'rsync-unsafe-argument~user': {
    en: 'Kura will not pass the user name "{{value}}" to rsync: it could be read as an option or a command.',
    ja: 'ユーザー名「{{value}}」はオプションやコマンドとして読まれるおそれがあるため、Kura は rsync に渡しません。',
    hint: {
      en: 'User names are letters, digits, ".", "_" and "-", not starting with "-".',
      ja: 'ユーザー名に使えるのは英字、数字、「.」「_」「-」で、「-」から始めることはできません。',
    },
  },
  'rsync-unsafe-argument~control': {
    en: 'Kura will not pass the {{noun, messages}} "{{value}}" to rsync: it could be read as an option or a command.',
    ja: '{{noun, messages}}「{{value}}」はオプションやコマンドとして読まれるおそれがあるため、Kura は rsync に渡しません。',
    hint: { en: 'Remove the newline or tab from it.', ja: '改行やタブを取り除いてください。' },
  },
  'rsync-unsafe-argument~dots': {
    en: 'Kura will not pass the {{noun, messages}} "{{value}}" to rsync: it could be read as an option or a command.',
    ja: '{{noun, messages}}「{{value}}」はオプションやコマンドとして読まれるおそれがあるため、Kura は rsync に渡しません。',
    hint: { en: 'Paths must not contain "..".', ja: 'パスに「..」を含めることはできません。' },
  },
  'rsync-unsafe-argument~module': {
    en: 'Kura will not pass the rsync module name "{{value}}" to rsync: it could be read as an option or a command.',
    ja: 'rsync のモジュール名「{{value}}」はオプションやコマンドとして読まれるおそれがあるため、Kura は rsync に渡しません。',
    hint: { en: 'Module names are letters, digits, ".", "_", "-" and spaces.', ja: 'モジュール名に使えるのは英字、数字、「.」「_」「-」と空白です。' },
  },
  'rsync-unsafe-argument~daemon-port': {
    en: 'Kura will not pass the port {{value}} to rsync: it could be read as an option or a command.',
    ja: 'ポート {{value}} はオプションやコマンドとして読まれるおそれがあるため、Kura は rsync に渡しません。',
    hint: { en: 'Ports are whole numbers from 1 to 65535.', ja: 'ポート番号は 1〜65535 の整数です。' },
  },
  'rsync-unsafe-argument~remote-folder': {
    en: 'Kura will not pass the remote folder "{{value}}" to rsync: it could be read as an option or a command.',
    ja: 'サーバー上のフォルダー「{{value}}」はオプションやコマンドとして読まれるおそれがあるため、Kura は rsync に渡しません。',
    hint: { en: 'Give the folder on the server, for example /var/www/.', ja: 'サーバー上のフォルダーを指定してください（例：/var/www/）。' },
  },
  'rsync-noun-path': { en: 'path', ja: 'パス' },
  'rsync-noun-sub-folder': { en: 'sub-folder', ja: 'サブフォルダー' },
  'rsync-unsafe-argument~port': {
    en: 'The SSH port {{port}} is not a port number.',
    ja: 'SSH のポート {{port}} はポート番号ではありません。',
    hint: {
      en: 'Ports are whole numbers from 1 to 65535 (SSH normally uses 22).',
      ja: 'ポート番号は 1〜65535 の整数です（SSH は通常 22 を使います）。',
    },
  },
  'rsync-unsafe-argument~ssh': {
    en: 'Kura will not pass "{{value}}" to ssh: it is empty or holds a control character.',
    ja: '「{{value}}」は空か制御文字を含むため、Kura は ssh に渡しません。',
    hint: { en: 'Check the SSH key file path in the source settings.', ja: 'ソースの設定にある SSH 鍵ファイルのパスを確認してください。' },
  },
  'rsync-unsafe-argument~exclude': {
    en: 'The exclude pattern {{pattern}} cannot be used.',
    ja: '除外パターン {{pattern}} は使えません。',
    hint: {
      en: 'Exclude patterns are names or globs such as "cache/" or "*.log", without newlines, and not a lone "!".',
      ja: '除外パターンには「cache/」や「*.log」のような名前かワイルドカードを、改行を含めずに指定してください。「!」だけのパターンは使えません。',
    },
  },
  'path-not-absolute': {
    en: '"{{path}}" is relative to the current folder of drive {{drive}}:, which rsync cannot use.',
    ja: '「{{path}}」はドライブ {{drive}}: の現在のフォルダーからの相対パスのため、rsync では使えません。',
    hint: { en: 'Write the full path, for example {{example}}.', ja: '完全なパスを書いてください（例：{{example}}）。' },
  },
});
