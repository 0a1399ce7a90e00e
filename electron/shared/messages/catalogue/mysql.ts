/**
 * MySQL / MariaDB: what the client programs' failures mean (engine/tools/mysql/errors.ts,
 * import-errors.ts, collations.ts), the tools Kura needs, a dump that cannot be used, and what a
 * backup of a database tells the admin (dump warnings, run-log lines). The server's own error lines
 * and SQL (GRANT statements, names) are parameters, never translated.
 */
import { defineMessages } from '../define.js';

const installClient = {
  en: 'Install the MariaDB or MySQL client programs (Linux: the "mariadb-client" package; macOS: "brew install mariadb"; Windows: the MariaDB installer, "Client programs" feature), or set the path of mysqldump in Settings.',
  ja: 'MariaDB または MySQL のクライアントプログラムをインストールしてください（Linux：「mariadb-client」パッケージ、macOS：Homebrew で mariadb をインストール、Windows：MariaDB インストーラーの「Client programs」）。または「設定」で mysqldump の場所を指定してください。',
} as const;

const anotherSnapshot = {
  en: 'Use another snapshot, and check the backup disk for errors. A new backup writes a fresh dump.',
  ja: '別のスナップショットを使い、バックアップ用ディスクにエラーがないか確認してください。次のバックアップでは新しいダンプが書き込まれます。',
} as const;

export const mysqlMessages = defineMessages({
  // ---- connecting and running the client programs (errors.ts) ----------------------------------
  'mysql-auth-failed': {
    en: 'The database server at {{where}} refused the user name or password for "{{user}}".',
    ja: 'データベースサーバー {{where}} が「{{user}}」のユーザー名またはパスワードを拒否しました。',
    hint: {
      en: 'Check the user name and password in the job settings (they are case-sensitive), and that this user exists on that server.',
      ja: 'ジョブ設定のユーザー名とパスワード（大文字と小文字は区別されます）と、そのユーザーがサーバー上に存在することを確認してください。',
    },
  },
  'mysql-auth-no-password': {
    en: 'The database server at {{where}} refused user "{{user}}": no password was given and the account needs one.',
    ja: 'データベースサーバー {{where}} がユーザー「{{user}}」を拒否しました。パスワードが指定されていませんが、このアカウントにはパスワードが必要です。',
    hint: {
      en: 'Save the password of this user in the job settings, and check the user name (it is case-sensitive).',
      ja: 'ジョブ設定でこのユーザーのパスワードを保存し、ユーザー名（大文字と小文字は区別されます）も確認してください。',
    },
  },
  'mysql-host-not-allowed': {
    en: 'The database server at {{where}} does not let user "{{user}}" connect from this computer.',
    ja: 'データベースサーバー {{where}} は、ユーザー「{{user}}」がこのパソコンから接続することを許可していません。',
    hint: {
      en: "Allow this computer's address for the user on the server, e.g. {{statement}} then grant it the backup privileges.",
      ja: 'サーバーで、このユーザーにこのパソコンのアドレスからの接続を許可してください（例：{{statement}}）。その後、このユーザーにバックアップ用の権限を付与してください。',
    },
  },
  'mysql-unknown-database': {
    en: 'The database "{{database}}" does not exist on the server at {{where}}.',
    ja: 'サーバー {{where}} にデータベース「{{database}}」がありません。',
    hint: {
      en: 'Check the database name in the job settings (names are case-sensitive on Linux servers).',
      ja: 'ジョブ設定のデータベース名を確認してください（Linux のサーバーでは大文字と小文字が区別されます）。',
    },
  },
  'mysql-database-denied': {
    en: 'User "{{user}}" may not open the database "{{database}}" on {{where}}: it does not exist, or the user has no rights on it.',
    ja: 'ユーザー「{{user}}」は {{where}} のデータベース「{{database}}」を開けません。データベースが存在しないか、このユーザーに権限がありません。',
    hint: {
      en: 'Check the database name. If it is right, run as an administrator: {{grant}}',
      ja: 'データベース名を確認してください。名前が正しい場合は、管理者として次の文を実行してください：{{grant}}',
    },
  },
  'mysql-unknown-host': {
    en: 'The database server name "{{host}}" could not be found (DNS lookup failed).',
    ja: 'データベースサーバー名「{{host}}」が見つかりませんでした（DNS での名前解決に失敗しました）。',
    hint: {
      en: 'Check the host name in the job settings and this computer’s internet connection.',
      ja: 'ジョブ設定のホスト名と、このパソコンのインターネット接続を確認してください。',
    },
  },
  'mysql-connect-failed': {
    en: 'Could not connect to the database server at {{where}}: nothing answered, or the connection was refused.',
    ja: 'データベースサーバー {{where}} に接続できませんでした。応答がないか、接続が拒否されました。',
    hint: {
      en: 'Check that the server is running, the host and port are right, and no firewall blocks the port.',
      ja: 'サーバーが起動していること、ホスト名とポート番号が正しいこと、ファイアウォールでポートがふさがれていないことを確認してください。',
    },
  },
  'mysql-connection-lost': {
    en: 'The connection to the database server at {{where}} was lost while {{tool}} was running.',
    ja: '{{tool}} の実行中に、データベースサーバー {{where}} との接続が切れました。',
    hint: {
      en: 'This is often a network drop or a server restart; the next run retries. If it keeps happening, check the server’s max_allowed_packet and timeouts.',
      ja: 'ネットワークの一時的な切断やサーバーの再起動でよく起こります。次回の実行で再試行されます。繰り返し起こる場合は、サーバーの max_allowed_packet とタイムアウトの設定を確認してください。',
    },
  },
  'mysql-packet-too-large': {
    en: '{{tool}} stopped: a row or statement was bigger than the largest packet the server at {{where}} accepts (max_allowed_packet).',
    ja: '{{tool}} が停止しました。行または SQL 文が、サーバー {{where}} が受け付ける最大パケット（max_allowed_packet）より大きかったためです。',
    hint: {
      en: "Raise the server's limit: as an administrator run {{statement}} (and set max_allowed_packet={{setting}} under [mysqld] in its configuration so it stays after a restart), then try again.",
      ja: 'サーバーの上限を上げてください。管理者として {{statement}} を実行し（再起動後も保たれるよう、設定ファイルの [mysqld] に max_allowed_packet={{setting}} も書いてください）、もう一度実行してください。',
    },
  },
  'mysql-statement-too-large': {
    en: 'The dump holds a statement of {{statementBytes, bytes}}, but the server at {{where}} accepts at most {{serverMax, bytes}} (max_allowed_packet), so the restore would stop part-way. Nothing was changed.',
    ja: 'ダンプには {{statementBytes, bytes}} の SQL 文がありますが、サーバー {{where}} が受け付けるのは最大 {{serverMax, bytes}}（max_allowed_packet）のため、復元が途中で止まってしまいます。何も変更していません。',
    hint: {
      en: "Raise the server's limit: as an administrator run {{statement}} (and set max_allowed_packet={{setting}} under [mysqld] in its configuration so it stays after a restart), then restore again.",
      ja: 'サーバーの上限を上げてください。管理者として {{statement}} を実行し（再起動後も保たれるよう、設定ファイルの [mysqld] に max_allowed_packet={{setting}} も書いてください）、もう一度復元してください。',
    },
  },
  'mysql-privilege-missing': {
    en: 'The backup user lacks the {{privilege}} privilege: {{grant}}',
    ja: 'バックアップ用ユーザーに {{privilege}} 権限がありません：{{grant}}',
    hint: {
      en: "Run this as a database administrator (e.g. in phpMyAdmin's SQL tab), then run the backup again: {{grant}}",
      ja: 'データベースの管理者として次の文を実行してから（phpMyAdmin の「SQL」タブなど）、もう一度バックアップを実行してください：{{grant}}',
    },
  },
  'mysql-tool-killed': {
    en: '{{tool}} was stopped by {{signal}} before it finished. {{output}}',
    ja: '{{tool}} は完了する前に {{signal}} で停止されました。{{output}}',
    hint: {
      en: 'Something outside Kura ended it (out of memory, or shut down). Run the backup or restore again.',
      ja: 'Kura 以外の何か（メモリ不足やシャットダウン）がプログラムを終了させました。バックアップまたは復元をもう一度実行してください。',
    },
  },
  'mysql-tool-failed': {
    en: '{{tool}} failed (exit code {{exitCode}}). {{output}}',
    ja: '{{tool}} が失敗しました（終了コード {{exitCode}}）。{{output}}',
    hint: {
      en: 'The words after the exit code are the tool’s own; the run log has the full output.',
      ja: '終了コードの後ろはプログラム自身の出力です。出力の全体は実行ログにあります。',
    },
  },

  // ---- importing a dump (import-errors.ts, collations.ts) --------------------------------------
  'mysql-definer-denied': {
    en: 'The dump creates views, routines, triggers or events owned by another database account (a DEFINER clause, at line {{line}} of the dump), and user "{{user}}" may not do that: it needs the SUPER or SET USER privilege.',
    ja: 'ダンプには、別のデータベースアカウントが所有するビュー・ルーチン・トリガー・イベント（DEFINER 句）を作成する文があります（ダンプの {{line}} 行目）が、ユーザー「{{user}}」にはその権限がありません。SUPER または SET USER 権限が必要です。',
    hint: {
      en: 'Restore again with "Make me the owner of views and routines" (the command line: --strip-definers): the objects are then owned by the restoring user. Or restore as an administrator account.',
      ja: '「ビューとルーチンの所有者を自分にする」（コマンドでは --strip-definers）をオンにして、もう一度復元してください。オブジェクトは復元するユーザーの所有になります。または、管理者アカウントで復元してください。',
    },
  },
  'mysql-definer-denied-stripped': {
    en: 'The dump holds a statement (at line {{line}} of the dump) that needs the SUPER privilege even with the DEFINER clauses removed, and user "{{user}}" does not have it.',
    ja: 'ダンプには、DEFINER 句を取り除いても SUPER 権限が必要な文があります（ダンプの {{line}} 行目）が、ユーザー「{{user}}」にはその権限がありません。',
    hint: {
      en: 'Restore as an administrator account.',
      ja: '管理者アカウントで復元してください。',
    },
  },
  'mysql-definer-missing': {
    en: 'The dump refers to the database account {{account}}, which does not exist on this server (line {{line}} of the dump).',
    ja: 'ダンプはデータベースアカウント {{account}} を参照していますが、このアカウントはこのサーバーにありません（ダンプの {{line}} 行目）。',
    hint: {
      en: 'Restore again with "Make me the owner of views and routines" (--strip-definers) so the restoring user owns the objects, or create that account first (CREATE USER {{account}} …).',
      ja: '「ビューとルーチンの所有者を自分にする」（--strip-definers）をオンにしてもう一度復元し、オブジェクトを復元するユーザーの所有にするか、先にそのアカウントを作成してください（CREATE USER {{account}} …）。',
    },
  },
  'mysql-unknown-collation': {
    en: 'The dump uses the collation "{{collation}}", which this server does not know (line {{line}} of the dump). Nothing after that point was imported.',
    ja: 'ダンプは照合順序「{{collation}}」を使っていますが、このサーバーにはありません（ダンプの {{line}} 行目）。それ以降は何もインポートされていません。',
    hint: {
      en: 'The dump comes from a different server version. Restore into a server of the same kind and version, or replace the collation in the SQL with one this server has (SHOW COLLATION lists them).',
      ja: 'ダンプは別のバージョンのサーバーで作られています。同じ種類・同じバージョンのサーバーに復元するか、SQL 内の照合順序をこのサーバーにあるもの（SHOW COLLATION で一覧できます）に置き換えてください。',
    },
  },
  'mysql-mysql8-collation': {
    en: 'The dump was made on a MySQL 8 server and uses its collation "{{collation}}", which this MariaDB server does not have (line {{line}} of the dump). Nothing after that point was imported.',
    ja: 'ダンプは MySQL 8 のサーバーで作られ、照合順序「{{collation}}」を使っていますが、この MariaDB サーバーにはありません（ダンプの {{line}} 行目）。それ以降は何もインポートされていません。',
    hint: {
      en: 'Either restore into a MySQL 8 server, or convert the dump: replace "{{collation}}" with "{{alternative}}" everywhere in the SQL (for example: {{command}}), or re-dump on the MySQL server after changing the tables to a collation both servers know.',
      ja: 'MySQL 8 のサーバーに復元するか、ダンプを変換してください。SQL 内の「{{collation}}」をすべて「{{alternative}}」に置き換えます（例：{{command}}）。または、両方のサーバーにある照合順序にテーブルを変更してから、MySQL サーバーでダンプを取り直してください。',
    },
  },
  'mysql-unknown-charset': {
    en: 'The dump uses the character set "{{charset}}", which this server does not know (line {{line}} of the dump).',
    ja: 'ダンプは文字セット「{{charset}}」を使っていますが、このサーバーにはありません（ダンプの {{line}} 行目）。',
    hint: {
      en: 'The dump comes from a newer or different server. Restore into a server of the same kind and version.',
      ja: 'ダンプは、より新しいサーバーか別の種類のサーバーで作られています。同じ種類・同じバージョンのサーバーに復元してください。',
    },
  },
  'mysql-restore-denied': {
    en: 'User "{{user}}" may not write everything the dump contains into "{{database}}": {{reply}}',
    ja: 'ユーザー「{{user}}」には、ダンプの内容をすべて「{{database}}」に書き込む権限がありません：{{reply}}',
    hint: {
      en: 'Restore as an account that owns the database, or run as an administrator: {{grant}}',
      ja: 'データベースを所有するアカウントで復元するか、管理者として次の文を実行してください：{{grant}}',
    },
  },
  'mysql-dump-syntax': {
    en: 'The dump contains SQL this server cannot read: {{reply}}',
    ja: 'ダンプに、このサーバーが読み取れない SQL があります：{{reply}}',
    hint: {
      en: 'The dump file is damaged or comes from a much newer server. Use another snapshot, or restore into a server of the same version.',
      ja: 'ダンプファイルが壊れているか、はるかに新しいサーバーで作られたものです。別のスナップショットを使うか、同じバージョンのサーバーに復元してください。',
    },
  },
  'mysql-import-connection-lost': {
    en: 'The connection to the database server at {{where}} was lost during the import. The database "{{database}}" is only partly restored.',
    ja: 'インポート中にデータベースサーバー {{where}} との接続が切れました。データベース「{{database}}」は一部しか復元されていません。',
    hint: {
      en: "The server may have restarted or run out of memory, or a statement was bigger than its max_allowed_packet. Check the server's error log, then restore again.",
      ja: 'サーバーが再起動したか、メモリ不足になったか、1 つの文がサーバーの max_allowed_packet より大きかった可能性があります。サーバーのエラーログを確認してから、もう一度復元してください。',
    },
  },
  'mysql-import-failed': {
    en: 'The server rejected a statement of the dump: {{reply}}',
    ja: 'サーバーがダンプの SQL 文を拒否しました：{{reply}}',
    hint: {
      en: 'The words after the colon are the server’s own. The run log has the statement that failed.',
      ja: 'コロンの後ろはサーバー自身のメッセージです。失敗した文は実行ログにあります。',
    },
  },
  'mysql-import-no-input': {
    en: '{{tool}} started without an input stream, so the dump could not be sent to it.',
    ja: '{{tool}} が入力ストリームなしで起動したため、ダンプを送れませんでした。',
  },

  // ---- the client programs (detect-client.ts) ----------------------------------------------------
  'mysql-dump-missing': {
    en: 'Kura could not find mysqldump (or mariadb-dump), which it needs to back up databases.',
    ja: 'データベースのバックアップに必要な mysqldump（または mariadb-dump）が見つかりませんでした。',
    hint: installClient,
  },
  'mysql-client-missing': {
    en: 'Kura found {{dump}} but not the "{{client}}" program that belongs with it.',
    ja: '{{dump}} は見つかりましたが、対になる「{{client}}」プログラムが見つかりませんでした。',
    hint: installClient,
  },
  'tool-unusable': {
    en: '{{path}} did not report a MySQL or MariaDB version, so Kura cannot tell which options it accepts.',
    ja: '{{path}} は MySQL または MariaDB のバージョンを返さなかったため、Kura はどのオプションが使えるかを判断できません。',
    hint: installClient,
  },

  // ---- values that cannot be handed to the client programs (dump-args.ts, defaults-file.ts) ------
  'invalid-database-name': {
    en: 'The database name "{{name}}" cannot be a MySQL database name: it must have 1 to 64 characters, and no control characters, "/", "\\" or ".".',
    ja: 'データベース名「{{name}}」は MySQL のデータベース名として使えません。1～64 文字で、制御文字・「/」・「\\」・「.」を含まない名前にしてください。',
    hint: {
      en: 'Check the database name in the job settings.',
      ja: 'ジョブ設定のデータベース名を確認してください。',
    },
  },
  'invalid-option-value': {
    en: 'The MySQL setting "{{option}}" contains a NUL character, which the MySQL client programs cannot read.',
    ja: 'MySQL の設定「{{option}}」に NUL 文字が含まれています。MySQL のクライアントプログラムはこれを読み取れません。',
    hint: {
      en: 'Change it so it has no NUL character.',
      ja: 'NUL 文字を含まない値に変更してください。',
    },
  },
  'mysql-invalid-port': {
    en: 'The port {{port}} is not a port number.',
    ja: 'ポート {{port}} はポート番号として正しくありません。',
    hint: {
      en: 'Use a whole number from 1 to 65535 (MySQL and MariaDB listen on 3306 by default).',
      ja: '1～65535 の整数を指定してください（MySQL と MariaDB の標準は 3306 です）。',
    },
  },
  'mysql-invalid-gzip-level': {
    en: 'The compression level {{level}} is not one gzip knows (0 to 9).',
    ja: '圧縮レベル {{level}} は gzip で使えません（0～9）。',
  },
  // ---- a dump that cannot be used (verify-dump.ts, import-dump.ts, schema-rename.ts) -------------
  'dump-invalid': {
    en: 'The database dump {{path}} cannot be read: {{reason}}',
    ja: 'データベースのダンプ {{path}} を読み取れません：{{reason}}',
    hint: anotherSnapshot,
  },
  'dump-invalid-missing': {
    en: 'The database dump {{path}} does not exist.',
    ja: 'データベースのダンプ {{path}} がありません。',
    hint: anotherSnapshot,
  },
  'dump-invalid-truncated': {
    en: 'The database dump {{path}} is cut short: its compressed data ends too early.',
    ja: 'データベースのダンプ {{path}} は途中で切れています（圧縮データが途中で終わっています）。',
    hint: anotherSnapshot,
  },
  'dump-invalid-not-gzip': {
    en: 'The database dump {{path}} is not a gzip file, or its data is damaged.',
    ja: 'データベースのダンプ {{path}} は gzip ファイルではないか、データが壊れています。',
    hint: anotherSnapshot,
  },
  'dump-invalid-damaged': {
    en: 'The compressed data of the database dump {{path}} is damaged ({{reason}}).',
    ja: 'データベースのダンプ {{path}} の圧縮データが壊れています（{{reason}}）。',
    hint: anotherSnapshot,
  },
  'dump-invalid-trailing': {
    en: 'The database dump {{path}} has {{extraBytes, bytes}} of unexpected data after the compressed dump.',
    ja: 'データベースのダンプ {{path}} の圧縮データの後ろに、想定外のデータが {{extraBytes, bytes}} あります。',
    hint: anotherSnapshot,
  },
  'dump-part-size-differs': {
    en: 'A part of the database dump {{path}} holds {{found, bytes}} of SQL where the snapshot recorded {{expected, bytes}}.',
    ja: 'データベースのダンプ {{path}} の一部に含まれる SQL が {{found, bytes}} で、スナップショットに記録された {{expected, bytes}} と異なります。',
    hint: anotherSnapshot,
  },
  'dump-invalid-empty': {
    en: 'The database dump {{path}} is empty.',
    ja: 'データベースのダンプ {{path}} は空です。',
    hint: anotherSnapshot,
  },
  'dump-invalid-incomplete': {
    en: 'The SQL in the database dump {{path}} does not end with the "-- Dump completed" line: the dump was cut short when it was made.',
    ja: 'データベースのダンプ {{path}} の SQL が「-- Dump completed」の行で終わっていません。ダンプの作成時に途中で切れています。',
    hint: anotherSnapshot,
  },
  'mysql-dump-incomplete': {
    en: '{{tool}} exited normally, but the dump of {{database}} does not end with its "-- Dump completed" line, so it may be cut short.',
    ja: '{{tool}} は正常に終了しましたが、{{database}} のダンプが「-- Dump completed」の行で終わっていないため、途中で切れている可能性があります。',
    hint: {
      en: 'Run the backup again; if it happens again, check the server log for errors during the dump.',
      ja: 'もう一度バックアップを実行してください。再び起こる場合は、ダンプ中にエラーが出ていないかサーバーのログを確認してください。',
    },
  },

  // ---- restoring under another name (schema-rename.ts) -----------------------------------------
  'mysql-rename-unsafe': {
    en: 'The dump of {{from}} cannot be restored as {{to}} without risking the original database: {{object}} refers to {{ref}}, and also uses "{{name}}" as the name of a table or an alias, so {{ref}} may mean the database or that table; Kura cannot tell which to change.',
    ja: '{{from}} のダンプは、元のデータベースに影響するおそれがあるため {{to}} として復元できません。{{object}} は {{ref}} を参照し、同時に「{{name}}」をテーブル名または別名として使っています。{{ref}} がデータベースとテーブルのどちらを指すか、Kura には判断できません。',
    hint: {
      en: 'Restore it under its own name {{from}} (on another server if this one runs the live shop), or change that object so it does not use "{{database}}" both as the database and as a table or alias name.',
      ja: '元の名前 {{from}} で復元するか（このサーバーで本番のショップが動いている場合は別のサーバーに）、そのオブジェクトで「{{database}}」をデータベース名とテーブル名（または別名）の両方に使わないよう変更してください。',
    },
  },
  'mysql-rename-other-database': {
    en: 'The dump of {{from}} cannot be restored as {{to}} without risking another database: {{object}} works on the database {{other}}, not on the one being restored.',
    ja: '{{from}} のダンプは、別のデータベースに影響するおそれがあるため {{to}} として復元できません。{{object}} は、復元中のデータベースではなくデータベース {{other}} を操作します。',
    hint: {
      en: 'Restore it under its own name {{from}} (on another server if this one runs the live shop), or remove that statement from the dump of "{{database}}".',
      ja: '元の名前 {{from}} で復元するか（このサーバーで本番のショップが動いている場合は別のサーバーに）、「{{database}}」のダンプからその文を取り除いてください。',
    },
  },
  'mysql-rename-too-big': {
    en: 'The dump of {{from}} cannot be restored as {{to}}: it holds a statement of more than {{megabytes}} MB that is not table data, too big for Kura to check.',
    ja: '{{from}} のダンプは {{to}} として復元できません。テーブルのデータ以外で {{megabytes}} MB を超える SQL 文があり、大きすぎて Kura が確認できません。',
    hint: {
      en: 'Restore it under its own name {{from}} (on another server if this one runs the live shop).',
      ja: '元の名前 {{from}} で復元してください（このサーバーで本番のショップが動いている場合は別のサーバーに）。',
    },
  },

  // ---- what a backup of a database tells the admin (dump-database.ts, dump-warnings.ts) ---------
  'mysql-dump-unlocked-tables': {
    en: 'The tables {{tables}} of {{database}} have no transactions, so they were not read at one moment with the rest: rows written to them during the backup may be missing or only partly there (an order without its lines). Kura locks such tables for the length of the dump, but the backup user lacks the LOCK TABLES privilege. Fix: {{grant}} (writes to this database then wait while it is dumped), or convert them: {{convert}}',
    ja: '{{database}} のテーブル {{tables}} はトランザクションに対応していないため、ほかのテーブルと同じ時点では読み取られていません。バックアップ中に書き込まれた行は、欠けているか一部だけの可能性があります（明細のない注文など）。Kura はダンプの間このようなテーブルをロックしますが、バックアップ用ユーザーに LOCK TABLES 権限がありません。対処：{{grant}}（ダンプの間、このデータベースへの書き込みは待たされます）。または、テーブルを変換してください：{{convert}}',
  },
  'mysql-dump-unlocked-refused': {
    en: 'The tables {{tables}} of {{database}} have no transactions, so they were not read at one moment with the rest: rows written to them during the backup may be missing or only partly there (an order without its lines). Kura locks such tables for the length of the dump, but the server refused the lock: {{refusal}} Fix what the server names, or convert them: {{convert}}',
    ja: '{{database}} のテーブル {{tables}} はトランザクションに対応していないため、ほかのテーブルと同じ時点では読み取られていません。バックアップ中に書き込まれた行は、欠けているか一部だけの可能性があります（明細のない注文など）。Kura はダンプの間このようなテーブルをロックしますが、サーバーがロックを拒否しました：{{refusal}} サーバーが示す原因を解決するか、テーブルを変換してください：{{convert}}',
  },
  'mysql-dump-events-skipped': {
    en: {
      one: 'The event {{events}} of {{database}} is not in this backup: mysqldump cannot save the events of a database whose name contains an apostrophe (it fails with "Unknown database"), so Kura backed up everything else. Keep its definition ({{command}}) to recreate it after a restore, or rename the database without the apostrophe.',
      other: 'The events {{events}} of {{database}} are not in this backup: mysqldump cannot save the events of a database whose name contains an apostrophe (it fails with "Unknown database"), so Kura backed up everything else. Keep their definitions ({{command}}) to recreate them after a restore, or rename the database without the apostrophe.',
    },
    ja: '{{database}} のイベント {{events}}（{{count}} 件）はこのバックアップに含まれていません。名前にアポストロフィ（\'）を含むデータベースのイベントは mysqldump で保存できない（「Unknown database」で失敗する）ため、Kura はそれ以外をバックアップしました。復元後に作り直せるよう定義（{{command}}）を保管するか、アポストロフィを含まない名前にデータベースを変更してください。',
  },
  'mysql-dump-packet-exceeds-server': {
    en: "The dump of {{database}} holds a statement of {{statementBytes, bytes}} (binary columns are written as hex, twice their size), but the server accepts at most {{serverMax, bytes}} (max_allowed_packet): restoring it here would stop at that table. Raise max_allowed_packet to at least {{statementBytes, bytes}} in the server's configuration ([mysqld] max_allowed_packet={{setting}}) before you need a restore.",
    ja: '{{database}} のダンプには {{statementBytes, bytes}} の SQL 文があります（バイナリ列は 16 進数で書かれるため 2 倍の大きさになります）が、サーバーが受け付けるのは最大 {{serverMax, bytes}}（max_allowed_packet）です。このサーバーに復元すると、そのテーブルで止まってしまいます。復元が必要になる前に、サーバーの設定で max_allowed_packet を {{statementBytes, bytes}} 以上にしてください（[mysqld] max_allowed_packet={{setting}}）。',
  },
  'mysql-dump-routines-left-out': {
    en: 'The backup user lacks {{privilege}}: stored procedures and functions created by other users are silently left out of the backup. Fix: {{grant}}',
    ja: 'バックアップ用ユーザーに {{privilege}} 権限がないため、ほかのユーザーが作成したストアドプロシージャと関数がバックアップに含まれません。対処：{{grant}}',
  },
  'mysql-dump-lock-refused': {
    en: 'The server refused to lock the tables of {{database}} ({{refusal}}); dumping it without locks.',
    ja: 'サーバーが {{database}} のテーブルのロックを拒否しました（{{refusal}}）。ロックせずにダンプします。',
  },
  'mysql-dump-locked': {
    en: '{{database}} has tables without transactions ({{tables}}): it was dumped with all its tables read-locked so they match each other; writes to this database waited for the {{took, duration}} the dump took.',
    ja: '{{database}} にはトランザクションに対応していないテーブル（{{tables}}）があるため、互いに整合するよう全テーブルを読み取りロックしてダンプしました。ダンプにかかった {{took, duration}} の間、このデータベースへの書き込みは待たされました。',
  },
  'mysql-dump-rows-counted-on-server': {
    en: 'Could not count the rows of {{database}} from the dump; counting them on the server instead.',
    ja: '{{database}} の行数をダンプから数えられなかったため、サーバーで数えます。',
  },
  'mysql-dump-failed': {
    en: 'The dump of {{database}} failed: {{error, messages}}',
    ja: '{{database}} のダンプに失敗しました：{{error, messages}}',
  },
  'mysql-dump-lock-waiting': {
    en: 'The dump of {{database}} is waiting for a lock ("{{state}}", table {{table}}) held by another connection; it gives up after {{limit, duration}}.',
    ja: '{{database}} のダンプが、別の接続が持つロックを待っています（「{{state}}」、テーブル {{table}}）。{{limit, duration}} たっても解放されなければ中止します。',
  },
  'mysql-lock-wait': {
    en: 'The dump of {{database}} waited {{waited, duration}} for a lock ("{{state}}", table {{table}}) that another connection holds, and was stopped after {{limit, duration}} so the backup does not wait forever. Nothing was published.',
    ja: '{{database}} のダンプは、別の接続が持つロック（「{{state}}」、テーブル {{table}}）を {{waited, duration}} 待ち、いつまでも待たないよう {{limit, duration}} で中止しました。スナップショットは作成していません。',
    hint: {
      en: 'Something kept the table locked: a LOCK TABLES left open (e.g. in phpMyAdmin), a long ALTER TABLE or a stuck query. See it with SHOW PROCESSLIST; end it (KILL <id>) or let it finish, then run the backup again.',
      ja: '何かがテーブルをロックし続けています（phpMyAdmin などで開いたままの LOCK TABLES、時間のかかる ALTER TABLE、止まったクエリなど）。SHOW PROCESSLIST で確認し、終了させる（KILL <id>）か終わるのを待ってから、もう一度バックアップを実行してください。',
    },
  },
  'mysql-dump-started': {
    en: 'MySQL "{{source}}": dumping {{database}} from {{where}} as {{user}} ({{client}} client {{version}})',
    ja: 'MySQL「{{source}}」：{{where}} から {{database}} をユーザー {{user}} でダンプしています（クライアント {{client}} {{version}}）',
  },
  'mysql-dump-done': {
    en: 'MySQL "{{source}}": {{database}} ok — tables: {{tables}}, views: {{views}}, routines: {{routines}}, triggers: {{triggers}}, events: {{events}}; {{uncompressedBytes, bytes}} of SQL, {{compressedBytes, bytes}} compressed, sha256 {{sha256}}',
    ja: 'MySQL「{{source}}」：{{database}} 完了 — テーブル {{tables}}、ビュー {{views}}、ルーチン {{routines}}、トリガー {{triggers}}、イベント {{events}}。SQL {{uncompressedBytes, bytes}}、圧縮後 {{compressedBytes, bytes}}、sha256 {{sha256}}',
  },
});
