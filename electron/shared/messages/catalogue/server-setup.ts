/**
 * `kura server-setup` and the wizard's "Server setup" page (engine/server-setup/**): each snippet's
 * title, where it goes and its notes (said where they are shown), and the comments inside what is
 * pasted — rsyncd.conf, SQL, shell lines — written in the admin's language when the snippet is made.
 * Configuration keys, SQL and commands are facts and stay as they are.
 */
import { defineMessages } from '../define.js';

export const serverSetupMessages = defineMessages({
  // ---- titles
  'setup-title-rsync-module-read': {
    en: 'rsync module "{{module}}" for the website files (read only)',
    ja: 'Web サイトのファイル用の rsync モジュール「{{module}}」（読み取り専用）',
  },
  'setup-title-rsync-module-write': {
    en: 'rsync module "{{module}}" receiving the off-site copies (writable)',
    ja: 'オフサイトコピーを受け取る rsync モジュール「{{module}}」（書き込み可）',
  },
  'setup-title-secrets-line': { en: 'Password line for user "{{user}}"', ja: 'ユーザー「{{user}}」のパスワードの行' },
  'setup-title-mysql-backup-user': {
    en: 'MySQL/MariaDB backup account "{{user}}" for {{databases}}',
    ja: '{{databases}} 用の MySQL/MariaDB バックアップアカウント「{{user}}」',
  },
  'setup-title-redis-acl': {
    en: 'Redis ACL user "{{user}}" that may only hand over a snapshot',
    ja: 'スナップショットの受け渡しだけができる Redis の ACL ユーザー「{{user}}」',
  },
  'setup-title-ssh-key': { en: 'SSH key login for {{user}}@{{host}}', ja: '{{user}}@{{host}} への SSH 鍵ログイン' },
  'setup-title-ssh-password': { en: 'SSH login for {{user}}@{{host}} (password)', ja: '{{user}}@{{host}} への SSH ログイン（パスワード）' },
  'setup-title-ssh-gate': {
    en: "Kura's gate for {{user}}@{{host}}: what its SSH key may run",
    ja: '{{user}}@{{host}} 用の Kura のゲート（SSH 鍵で実行できるコマンド）',
  },
  'setup-title-ssh-key-limited': {
    en: 'SSH key for {{user}}@{{host}}, limited to what the backup needs',
    ja: '{{user}}@{{host}} 用の SSH 鍵（バックアップに必要なことだけに制限）',
  },

  // ---- where each goes
  'setup-where-append': { en: 'Append to {{file}} on {{host}}', ja: '{{host}} の {{file}} の末尾に追加' },
  'setup-where-secrets': {
    en: 'Add to {{file}} on {{host}} (one "user:password" line per user)',
    ja: '{{host}} の {{file}} に追加（ユーザーごとに「ユーザー:パスワード」の行を 1 つ）',
  },
  'setup-where-mysql-admin': {
    en: "Run as the database administrator on {{where, messages}} (phpMyAdmin's SQL tab, or: sudo mysql)",
    ja: '{{where, messages}} でデータベースの管理者として実行（phpMyAdmin の「SQL」タブ、または sudo mysql）',
  },
  'setup-where-mysql-restore': {
    en: 'Run as the database administrator on {{where, messages}} before a restore; run the REVOKE lines afterwards',
    ja: '復元の前に {{where, messages}} でデータベースの管理者として実行し、復元の後で REVOKE の行を実行',
  },
  'setup-where-redis-acl': {
    en: 'Add to the ACL file on {{where, messages}} (the file named by "aclfile" in redis.conf, e.g. /etc/redis/users.acl), or as a "user …" line in redis.conf when there is no aclfile',
    ja: '{{where, messages}} の ACL ファイル（redis.conf の "aclfile" が指すファイル。例：/etc/redis/users.acl）に追加。aclfile がない場合は redis.conf に "user …" の行として追加',
  },
  'setup-where-authorized-keys': {
    en: 'Add the public key ({{key}}.pub on the shop PC) to ~{{user}}/.ssh/authorized_keys on {{host}}',
    ja: '公開鍵（お店のパソコンの {{key}}.pub）を {{host}} の ~{{user}}/.ssh/authorized_keys に追加',
  },
  'setup-where-nothing-password': {
    en: 'Nothing to paste: Kura logs in as {{user}} with the password in the keychain',
    ja: '貼り付けるものはありません。Kura はキーチェーンのパスワードで {{user}} としてログインします',
  },
  'setup-where-gate-file': {
    en: 'Save as {{file}} on {{host}} (before adding the key line below)',
    ja: '{{host}} に {{file}} として保存（下の鍵の行を追加する前に）',
  },
  'setup-where-one-key-line': {
    en: "Add one line to {{file}} on {{host}} (or paste the key into your hosting panel's SSH key page)",
    ja: '{{host}} の {{file}} に 1 行追加（またはホスティングのコントロールパネルの SSH 鍵のページに鍵を貼り付け）',
  },
  'setup-server-through-ssh': {
    en: '{{address}} as seen from {{host}} (the SSH server)',
    ja: '{{host}}（SSH サーバー）から見た {{address}}',
  },

  // ---- notes
  'setup-note-web-path': {
    en: 'Set "path" to the website folder on {{host}} ({{root}} is only a guess); Kura reads its sub-folder "{{path}}".',
    ja: '"path" を {{host}} の Web サイトのフォルダーにしてください（{{root}} は推測です）。Kura はそのサブフォルダー「{{path}}」を読み取ります。',
  },
  'setup-note-web-path~all': {
    en: 'Set "path" to the website folder on {{host}} ({{root}} is only a guess); Kura reads all of it.',
    ja: '"path" を {{host}} の Web サイトのフォルダーにしてください（{{root}} は推測です）。Kura はその全体を読み取ります。',
  },
  'setup-note-web-path~chosen': {
    en: 'Set "path" to the website folder on {{host}}; Kura reads its sub-folder "{{path}}".',
    ja: '"path" を {{host}} の Web サイトのフォルダーにしてください。Kura はそのサブフォルダー「{{path}}」を読み取ります。',
  },
  'setup-note-web-path~chosen-all': {
    en: 'Set "path" to the website folder on {{host}}; Kura reads all of it.',
    ja: '"path" を {{host}} の Web サイトのフォルダーにしてください。Kura はその全体を読み取ります。',
  },
  'setup-note-module-owner': {
    en: 'The module runs as {{owner}}: the account that can read the website files.',
    ja: 'このモジュールは {{owner}}（Web サイトのファイルを読めるアカウント）として動きます。',
  },
  'setup-note-address-no-user': {
    en: 'The address in Kura has no user name: change it to {{address}} so the daemon can check the password.',
    ja: 'Kura に設定したアドレスにユーザー名がありません。rsync デーモンがパスワードを確認できるよう、{{address}} に変えてください。',
  },
  'setup-note-address-no-user~offsite': {
    en: 'The address in Kura has no user name: change it to {{address}}.',
    ja: 'Kura に設定したアドレスにユーザー名がありません。{{address}} に変えてください。',
  },
  'setup-note-mysql-least': {
    en: 'Only what a backup needs: SELECT, SHOW VIEW, TRIGGER, LOCK TABLES and EVENT on these databases, and reading routine bodies. No PROCESS: Kura dumps with --no-tablespaces.',
    ja: 'バックアップに必要な権限だけです：これらのデータベースの SELECT、SHOW VIEW、TRIGGER、LOCK TABLES、EVENT と、ルーチンの本体の読み取り。PROCESS は不要です（Kura は --no-tablespaces でダンプします）。',
  },
  'setup-note-mysql-any-host': {
    en: 'The account accepts connections from any address ("%"): give the shop\'s address with --allow to narrow it.',
    ja: 'このアカウントはどのアドレスからの接続も受け付けます（"%"）。--allow でお店のアドレスを指定して絞り込んでください。',
  },
  'setup-note-mysql-restore': {
    en: 'Restoring drops and recreates tables, views, routines, triggers and events, and writes every row; the nightly backup account should not keep these rights.',
    ja: '復元では、テーブル、ビュー、ルーチン、トリガー、イベントを削除して作り直し、すべての行を書き込みます。毎晩のバックアップ用アカウントにこれらの権限を残さないでください。',
  },
  'setup-note-redis-allowed': {
    en: 'Allowed: PING, INFO, CONFIG GET, SYNC/PSYNC/REPLCONF (the snapshot stream), BGSAVE/LASTSAVE/TIME (the file method). No key can be read or changed by command.',
    ja: '許可するのは PING、INFO、CONFIG GET、SYNC/PSYNC/REPLCONF（スナップショットの転送）、BGSAVE/LASTSAVE/TIME（file 方式）だけです。コマンドでキーを読んだり変えたりすることはできません。',
  },
  'setup-note-redis-set-user': {
    en: 'Set the Redis user of source "{{source}}" in Kura to "{{user}}".',
    ja: 'Kura でソース「{{source}}」の Redis ユーザーを「{{user}}」にしてください。',
  },
  'setup-note-redis-restore-admin': {
    en: 'Restoring into this Redis needs an administrator account (restore asks for it).',
    ja: 'この Redis に復元するには管理者のアカウントが必要です（復元の際に入力を求められます）。',
  },
  'setup-note-offsite-layout': {
    en: "Kura keeps the job's snapshots in {{path}}, hard-linked like on the shop's disk, and deletes only old snapshots it made.",
    ja: 'Kura はこのジョブのスナップショットを {{path}} に、お店のディスクと同じようにハードリンクで保存します。削除するのは Kura が作った古いスナップショットだけです。',
  },
  'setup-note-secrets-mode': {
    en: 'The rsync daemon refuses a secrets file that others can read: it must be owned by root with mode 600.',
    ja: 'rsync デーモンは、ほかのユーザーが読めるシークレットファイルを拒否します。所有者を root、モードを 600 にしてください。',
  },
  'setup-note-secrets-stored': { en: 'Kura already has this password in the keychain.', ja: 'このパスワードは Kura のキーチェーンに保存済みです。' },
  'setup-note-rrsync': {
    en: '"rrsync" (shipped with rsync, often in /usr/share/doc/rsync/scripts/ or /usr/bin/rrsync) limits this key to rsync in {{path}}. Without it the key can open a full shell.',
    ja: '"rrsync"（rsync に付属。/usr/share/doc/rsync/scripts/ や /usr/bin/rrsync にあることが多い）は、この鍵でできることを {{path}} での rsync だけに制限します。これがないと、この鍵でシェルを自由に使えてしまいます。',
  },
  'setup-note-rrsync~read-only': {
    en: '"rrsync" (shipped with rsync, often in /usr/share/doc/rsync/scripts/ or /usr/bin/rrsync) limits this key to rsync in {{path}}, read only. Without it the key can open a full shell.',
    ja: '"rrsync"（rsync に付属。/usr/share/doc/rsync/scripts/ や /usr/bin/rrsync にあることが多い）は、この鍵でできることを {{path}} での読み取り専用の rsync だけに制限します。これがないと、この鍵でシェルを自由に使えてしまいます。',
  },
  'setup-note-key-no-password': {
    en: 'No password is involved: Kura logs in with the key file set in the job.',
    ja: 'パスワードは使いません。Kura はジョブに設定した鍵ファイルでログインします。',
  },
  'setup-note-key-safer': {
    en: 'A key is safer than a password: generate one for Kura in the setup wizard and switch the connection to it.',
    ja: 'パスワードより鍵のほうが安全です。セットアップウィザードで Kura 用の鍵を作成し、接続を鍵に切り替えてください。',
  },
  'setup-note-restrict': {
    en: 'restrict: no shell, no terminal; port-forwarding with permitopen: only to the databases this job reaches; rrsync -ro: rsync only, read only, in that folder (rrsync comes with rsync: /usr/bin/rrsync, or /usr/share/doc/rsync/scripts/rrsync). An rrsync without the -absolute option (older rsync packages) reads the folder as relative to its own: there use "rrsync -ro /" (read only, whole server).',
    ja: 'restrict：シェルも端末も使えません。permitopen 付きの port-forwarding：このジョブが使うデータベースへの転送だけを許可します。rrsync -ro：そのフォルダーでの読み取り専用の rsync だけを許可します（rrsync は rsync に付属：/usr/bin/rrsync または /usr/share/doc/rsync/scripts/rrsync）。-absolute オプションのない rrsync（古い rsync のパッケージ）はフォルダーを自分からの相対パスとして読むため、その場合は "rrsync -ro /"（読み取り専用、サーバー全体）を使ってください。',
  },
  'setup-gate-header': {
    en: "Kura's SSH gate: the only commands Kura's backup key may run on this server.\n  rsync, read only, below the folder given to this script (rrsync checks the paths);\n  kura-redis-rdb: Redis writes a snapshot into ~/.cache/kura/redis-<name>/ (redis-cli --rdb);\n  rsync, read only, below ~/.cache/kura to bring it; kura-redis-rdb-remove to delete it.\nArguments: the site folder (\"-\": none), then the Redis servers this key may ask (host:port).",
    ja: 'Kura の SSH ゲート：Kura のバックアップ用の鍵がこのサーバーで実行できるコマンドはこれだけです。\n  rsync（読み取り専用、このスクリプトに渡したフォルダーの中だけ。パスは rrsync が確認します）\n  kura-redis-rdb：Redis がスナップショットを ~/.cache/kura/redis-<名前>/ に書き出します（redis-cli --rdb）\n  rsync（読み取り専用、~/.cache/kura の中だけ）でそれを取り込み、kura-redis-rdb-remove で削除します\n引数：サイトのフォルダー（"-" はなし）、続いてこの鍵が問い合わせてよい Redis サーバー（ホスト:ポート）',
  },
  'setup-note-gate': {
    en: "The key line below runs this script for every command of Kura's key: rsync, read only, in the site's folder (through rrsync); Redis's snapshot written by the server's own redis-cli into ~/.cache/kura/ and brought from there, so on the following nights only what changed crosses the network; nothing else (no shell). It needs redis-cli on the server (Debian and Ubuntu: the redis-tools package, installed with redis-server); without it Kura fetches Redis whole through the SSH forward.",
    ja: '下の鍵の行は、Kura の鍵で実行されるすべてのコマンドにこのスクリプトを使います。許可するのは、サイトのフォルダーでの読み取り専用の rsync（rrsync 経由）と、サーバー自身の redis-cli が ~/.cache/kura/ に書き出した Redis のスナップショットの取り込みだけです（2 回目以降は変更分だけがネットワークを通ります）。それ以外（シェルなど）は実行できません。サーバーに redis-cli が必要です（Debian と Ubuntu では redis-server と一緒に入る redis-tools パッケージ）。ない場合、Kura は Redis を SSH の転送経由で全体取得します。',
  },
  'setup-note-restrict-gate': {
    en: 'restrict: no shell, no terminal; port-forwarding with permitopen: only to the databases this job reaches; sh {{file}}: only the commands of Kura\'s gate (above).',
    ja: 'restrict：シェルも端末も使えません。permitopen 付きの port-forwarding：このジョブが使うデータベースへの転送だけを許可します。sh {{file}}：Kura のゲート（上）のコマンドだけを許可します。',
  },
  'setup-note-restore-write~gate': {
    en: 'Restoring website files through SSH needs write access: for the restore, remove "-ro" from the last line of {{file}} (and put it back afterwards).',
    ja: 'SSH 経由で Web サイトのファイルを復元するには書き込みの権限が必要です。復元の間だけ {{file}} の最後の行から "-ro" を外してください（終わったら元に戻してください）。',
  },
  'setup-note-restore-write': {
    en: 'Restoring website files through SSH needs write access: for the restore, remove "-ro" from the rrsync command (and put it back afterwards).',
    ja: 'SSH 経由で Web サイトのファイルを復元するには書き込みの権限が必要です。復元の間だけ rrsync のコマンドから "-ro" を外してください（終わったら元に戻してください）。',
  },
  'setup-note-pub-unreadable': {
    en: 'Kura could not read {{path}}.pub: paste the public key in place of the <…> part.',
    ja: 'Kura は {{path}}.pub を読み取れませんでした。<…> の部分を公開鍵に置き換えてください。',
  },
  'setup-note-bare-key': {
    en: 'A hosting panel that only takes the bare key (ssh-ed25519 AAAA…) gives the key full shell access; that works too, without the limits.',
    ja: '鍵だけ（ssh-ed25519 AAAA…）しか登録できないコントロールパネルでは、鍵はシェルを自由に使えます。制限はなくなりますが、それでも動きます。',
  },

  // ---- what changed in the keychain and config.json
  'setup-for-source': { en: 'source "{{source}}" of job "{{job}}"', ja: 'ジョブ「{{job}}」のソース「{{source}}」' },
  'setup-for-offsite': { en: 'off-site target "{{target}}" of job "{{job}}"', ja: 'ジョブ「{{job}}」のオフサイトの保存先「{{target}}」' },
  'setup-for-standby': { en: 'standby {{standby}} of source "{{source}}" of job "{{job}}"', ja: 'ジョブ「{{job}}」のソース「{{source}}」のスタンバイ {{standby}}' },
  'setup-config-ref': {
    en: '{{for, messages}} now uses the keychain entry "{{ref}}".',
    ja: '{{for, messages}}は、これからキーチェーンの項目「{{ref}}」を使います。',
  },

  // ---- comments inside what is pasted
  'setup-conf-comment-source': { en: 'Kura backup of job "{{job}}" (source "{{source}}")', ja: 'Kura のバックアップ：ジョブ「{{job}}」（ソース「{{source}}」）' },
  'setup-conf-comment-offsite': { en: 'Kura off-site copies of job "{{job}}" (target "{{target}}")', ja: 'Kura のオフサイトコピー：ジョブ「{{job}}」（保存先「{{target}}」）' },
  'setup-conf-read-only': { en: 'Kura only reads the website from here.', ja: 'Kura はここから Web サイトを読み取るだけです。' },
  'setup-conf-symlinks': {
    en: "Snapshots hold the website's symlinks as they are; with chroot they stay unchanged.",
    ja: 'スナップショットは Web サイトのシンボリックリンクをそのまま保存します。chroot を使うと変更されずに残ります。',
  },
  'setup-conf-hosts-allow': {
    en: "<the shop PC's public IP address>   (strongly recommended: find it at https://ifconfig.me on that PC)",
    ja: '<お店のパソコンのグローバル IP アドレス>   （強く推奨：そのパソコンで https://ifconfig.me を開くとわかります）',
  },
  'setup-cmd-edit-secrets': {
    en: 'add the line above (replace an older line for the same user)',
    ja: '上の行を追加（同じユーザーの古い行があれば置き換え）',
  },
  'setup-cmd-rsyncd-rereads': {
    en: 'rsync reads rsyncd.conf again on every connection: a running daemon needs no reload.',
    ja: 'rsync は接続のたびに rsyncd.conf を読み直すため、動いているデーモンの再読み込みは不要です。',
  },
  'setup-cmd-rsyncd-start': {
    en: 'Start it and have it start at boot (the unit is "rsync" on Debian/Ubuntu, "rsyncd" on RHEL/Alma/Rocky):',
    ja: '起動し、起動時にも動くようにします（ユニット名は Debian/Ubuntu では "rsync"、RHEL/Alma/Rocky では "rsyncd"）：',
  },
  'setup-cmd-or': { en: 'or: {{command}}', ja: 'または：{{command}}' },
  'setup-cmd-no-systemd': { en: 'Without systemd: {{command}}', ja: 'systemd がない場合：{{command}}' },
  'setup-cmd-firewall': {
    en: "Firewall: allow TCP port 873 from the shop's address only.",
    ja: 'ファイアウォール：TCP ポート 873 はお店のアドレスからだけ許可してください。',
  },
  'setup-cmd-once': { en: 'once; skip if it exists', ja: '最初の 1 回だけ。すでにあれば不要' },
  'setup-cmd-redis-restart-or': {
    en: 'or: {{command}}  (when redis.conf has an aclfile)',
    ja: 'または：{{command}}（redis.conf に aclfile がある場合）',
  },
  'setup-cmd-redis-live': {
    en: 'Or live, without a restart: {{command}}   then: {{save}} (aclfile) or CONFIG REWRITE',
    ja: '再起動せずにその場で設定する場合：{{command}}   その後：{{save}}（aclfile の場合）または CONFIG REWRITE',
  },
  'setup-ssh-password-server': {
    en: 'The server must allow password logins for {{user}} (PasswordAuthentication yes) and TCP forwarding (AllowTcpForwarding yes or local).',
    ja: 'サーバーは {{user}} のパスワードでのログイン（PasswordAuthentication yes）と TCP 転送（AllowTcpForwarding yes または local）を許可している必要があります。',
  },
  'setup-sql-routines': {
    en: 'Stored procedures and functions written by other users: one of these, depending on the server.',
    ja: 'ほかのユーザーが作成したストアドプロシージャと関数：サーバーに応じて、次のどれか 1 つ。',
  },
  'setup-sql-routines-old': { en: 'MariaDB 10.x, 11.0–11.2 and MySQL 5.7:', ja: 'MariaDB 10.x、11.0〜11.2、MySQL 5.7：' },
  'setup-sql-routines-mariadb': { en: 'MariaDB 11.3 and newer (instead of the line above): {{sql}}', ja: 'MariaDB 11.3 以降（上の行の代わりに）：{{sql}}' },
  'setup-sql-routines-mysql': { en: 'MySQL 8.0.20 and newer (instead of the line above): {{sql}}', ja: 'MySQL 8.0.20 以降（上の行の代わりに）：{{sql}}' },
  'setup-sql-definers': {
    en: 'Views, routines, triggers and events made by another account (DEFINER=...) can only be recreated by an account that may act as others. Least privilege: restore with --strip-definers (in the app: "Make me the owner of views and routines"), so this account owns them. Or, only for the restore:',
    ja: 'ほかのアカウントが作成したビュー、ルーチン、トリガー、イベント（DEFINER=...）は、ほかのアカウントとして振る舞えるアカウントでしか作り直せません。最小の権限で済ませるには、--strip-definers（アプリでは「ビューとルーチンの所有者を自分にする」）を付けて復元し、このアカウントの所有にしてください。または、復元の間だけ次を付与します：',
  },
  'setup-sql-after-restore': { en: 'After the restore:', ja: '復元の後で：' },

  // ---- refused options
  'usage~allow': {
    en: '"{{value}}" is not an address list.',
    ja: '「{{value}}」はアドレスの一覧ではありません。',
    hint: {
      en: 'Give an IP address, a network such as 203.0.113.0/24, or a host name.',
      ja: 'IP アドレス、203.0.113.0/24 のようなネットワーク、またはホスト名を指定してください。',
    },
  },
  'usage~server-path': {
    en: '{{option}} must be an absolute server path without spaces: "{{value}}".',
    ja: '{{option}} には、空白を含まないサーバー上の完全なパスを指定してください：「{{value}}」',
  },
  'usage~server-user': { en: '{{option}} must be a user name: "{{value}}".', ja: '{{option}} にはユーザー名を指定してください：「{{value}}」' },
  'usage~redis-user': {
    en: 'The Redis user name "{{user}}" cannot be used in an ACL rule.',
    ja: 'Redis のユーザー名「{{user}}」は ACL のルールに使えません。',
    hint: { en: 'Use letters, digits, ".", "_" and "-".', ja: '英字、数字、「.」「_」「-」を使ってください。' },
  },
  'usage~config-value': {
    en: 'Kura will not write {{value}} into a server configuration: it holds a newline or another control character.',
    ja: '{{value}} には改行などの制御文字が含まれているため、Kura はサーバーの設定に書き込みません。',
    hint: { en: 'Remove it and try again.', ja: '取り除いてから、もう一度お試しください。' },
  },
});
