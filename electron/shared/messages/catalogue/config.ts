/**
 * config.json and the job editor: the file as a whole (engine/config/config-store.ts), each field's
 * problem (engine/config/schema.ts, named the way the file names it: `jobs[0].sources[1].port`), and
 * what is wrong with an address (engine/config/files-location.ts). A field problem is a phrase said
 * after its field ("jobs[0].port: expected a whole number from 1 to 65535"); `{{what, messages}}` is a
 * noun (noun-*), so one sentence serves the database name, the user name and the exclude pattern.
 */
import { defineMessages } from '../define.js';

export const configMessages = defineMessages({
  // ---- the file, the job
  'config-invalid': {
    en: '{{origin}} is not valid:\n{{problems, messages}}',
    ja: '{{origin}} の内容に誤りがあります：\n{{problems, messages}}',
    hint: {
      en: 'Fix the fields named above (see the config format in README.md) and try again.',
      ja: '上に挙げた項目を直してから（設定ファイルの形式は README.md を参照）、もう一度お試しください。',
    },
  },
  'alerts-invalid': {
    en: 'The alert settings are not valid:\n{{problems, messages}}',
    ja: 'アラートの設定に誤りがあります：\n{{problems, messages}}',
    hint: { en: 'Fix the fields named above and save again.', ja: '上に挙げた項目を直して、もう一度保存してください。' },
  },
  'config-invalid~json': {
    en: '{{origin}} is not valid JSON: {{reason}}',
    ja: '{{origin}} は JSON として正しくありません：{{reason}}',
    hint: {
      en: 'Fix the syntax error (a missing comma or quote?) and try again.',
      ja: '構文の誤り（カンマや引用符の抜けなど）を直してから、もう一度お試しください。',
    },
  },
  'config-invalid~backslash': {
    en: '{{origin}}, line {{line}}, column {{column}}: {{text}} has a single backslash, which JSON reads as the start of an escape.',
    ja: '{{origin}} の {{line}} 行 {{column}} 列目：{{text}} に 1 つだけの円記号（\\）があり、JSON はこれをエスケープの始まりとして読みます。',
    hint: {
      en: 'In JSON every \\ in a Windows path is written twice: {{fixed}} (or use / instead: {{slashed}}).',
      ja: 'JSON では、Windows のパスの \\ はすべて 2 つ重ねて書きます：{{fixed}}（または / を使います：{{slashed}}）。',
    },
  },
  'config-invalid~address': {
    en: 'Source "{{source}}": {{problem, messages}}.',
    ja: 'ソース「{{source}}」：{{problem, messages}}。',
    hint: { en: 'Fix the address of this source in the job settings.', ja: 'ジョブの設定で、このソースのアドレスを直してください。' },
  },
  'config-invalid~bad-address': {
    en: '{{problem, messages}}.',
    ja: '{{problem, messages}}。',
    hint: { en: 'Fix the address in the job settings.', ja: 'ジョブの設定でアドレスを直してください。' },
  },
  'config-invalid~no-connection': {
    en: 'Source "{{source}}" goes through SSH, but the job has no server connection.',
    ja: 'ソース「{{source}}」は SSH を経由しますが、ジョブにサーバー接続がありません。',
    hint: {
      en: 'Set the server connection (SSH host, user, key or password) in the job.',
      ja: 'ジョブにサーバー接続（SSH のホスト、ユーザー、鍵またはパスワード）を設定してください。',
    },
  },
  'config-invalid~job-no-connection': {
    en: 'Job "{{job}}" has a source with "via": "ssh" but no server connection ("ssh").',
    ja: 'ジョブ「{{job}}」には SSH を経由する（"via": "ssh"）ソースがありますが、サーバー接続（"ssh"）がありません。',
    hint: {
      en: 'Set the server connection (SSH host, user, key or password) in the job.',
      ja: 'ジョブにサーバー接続（SSH のホスト、ユーザー、鍵またはパスワード）を設定してください。',
    },
  },
  /** A source test in the setup wizard with an address Kura cannot use. */
  'invalid-location': {
    en: '{{problem, messages}}.',
    ja: '{{problem, messages}}。',
    hint: { en: 'Fix the address and test again.', ja: 'アドレスを直してから、もう一度テストしてください。' },
  },
  'job-invalid': {
    en: 'The job is not valid:\n{{problems, messages}}',
    ja: 'ジョブの内容に誤りがあります：\n{{problems, messages}}',
    hint: { en: 'Fix the fields named above and save again.', ja: '上に挙げた項目を直してから、もう一度保存してください。' },
  },

  // ---- nouns inside field problems
  'noun-database-name': { en: 'database name', ja: 'データベース名' },
  'noun-user-name': { en: 'user name', ja: 'ユーザー名' },
  'noun-exclude-pattern': { en: 'exclude pattern', ja: '除外パターン' },
  'noun-ssh-key-file': { en: 'the SSH key file', ja: 'SSH 鍵ファイル' },
  'noun-rdb-file': { en: 'the RDB file', ja: 'RDB ファイル' },
  'noun-backup-folder': { en: 'the backup folder', ja: 'バックアップ先フォルダー' },
  'noun-ca-file': { en: 'the CA certificate file', ja: 'CA 証明書ファイル' },
  'noun-access-key-id': { en: 'access key id', ja: 'アクセスキー ID' },

  // ---- a field's problem (said after the field's name)
  'field-id': {
    en: 'expected 1–64 letters, digits, "-" or "_", starting with a letter or digit',
    ja: '英字、数字、「-」「_」を 1〜64 文字で、英字か数字から始めてください',
  },
  'field-secret-ref': {
    en: 'expected a keychain entry name: letters, digits, ".", "-" or "_"',
    ja: 'キーチェーンの項目名（英字、数字、「.」「-」「_」）を指定してください',
  },
  'field-empty': { en: 'expected a non-empty {{what, messages}}', ja: '{{what, messages}}を入力してください' },
  'field-control-chars': {
    en: '{{what, messages}} must not contain control characters (newlines, tabs)',
    ja: '{{what, messages}}に制御文字（改行やタブ）を含めることはできません',
  },
  'field-leading-dash': { en: '{{what, messages}} must not start with "-"', ja: '{{what, messages}}を「-」で始めることはできません' },
  'field-path-expected': { en: 'expected {{what, messages}}', ja: '{{what, messages}}を指定してください' },
  'field-not-full-path': {
    en: '{{what, messages}} must be a full path such as D:\\KuraBackups, \\\\nas\\backup or /mnt/backup, not a relative one',
    ja: '{{what, messages}}は相対パスではなく、D:\\KuraBackups、\\\\nas\\backup、/mnt/backup のような完全なパスで指定してください',
  },
  'field-email': { en: 'expected an e-mail address such as admin@example.jp', ja: 'admin@example.jp のようなメールアドレスを指定してください' },
  'field-alert-to': { en: 'expected at least one address to send alerts to', ja: '通知の送り先を 1 つ以上指定してください' },
  'field-webhook-format': { en: 'expected "json", "slack", "discord" or "teams"', ja: '「json」「slack」「discord」「teams」のどれかを指定してください' },
  'field-bucket-length': { en: 'a bucket name has 3 to 63 characters', ja: 'バケット名は 3〜63 文字です' },
  'field-bucket-chars': {
    en: 'a bucket name has only lower-case letters, digits, "." and "-", and starts and ends with a letter or digit',
    ja: 'バケット名に使えるのは英小文字、数字、「.」と「-」だけで、最初と最後は英小文字か数字です',
  },
  'field-bucket-dots': { en: 'a bucket name has no ".." and is not an IP address', ja: 'バケット名には「..」を含められず、IP アドレスの形にもできません' },
  'field-prefix-slash': { en: 'the prefix must not start with "/"', ja: 'プレフィックスを「/」で始めることはできません' },
  'field-prefix-control': { en: 'the prefix must not contain control characters', ja: 'プレフィックスに制御文字は使えません' },
  'field-prefix-parts': {
    en: 'the prefix is folder names separated by "/" (no empty, "." or ".." parts)',
    ja: 'プレフィックスは「/」で区切ったフォルダー名です（空、「.」、「..」の部分は使えません）',
  },
  'field-prefix-long': { en: 'the prefix is at most 512 characters', ja: 'プレフィックスは 512 文字までです' },
  'field-endpoint-not-url': {
    en: '"{{value}}" is not a URL such as https://s3.ap-northeast-1.wasabisys.com',
    ja: '「{{value}}」は https://s3.ap-northeast-1.wasabisys.com のような URL ではありません',
  },
  'field-endpoint-scheme': {
    en: '"{{value}}" must start with https:// (or http:// for a server on your own network)',
    ja: '「{{value}}」は https://（自社ネットワーク内のサーバーなら http://）で始めてください',
  },
  'field-endpoint-credentials': {
    en: 'the endpoint must not hold a user name or password (the keys go in their own fields)',
    ja: 'エンドポイントにユーザー名やパスワードを含めないでください（キーはそれぞれの欄に入力します）',
  },
  'field-endpoint-query': { en: 'the endpoint must not have a "?" or "#" part', ja: 'エンドポイントに「?」や「#」の部分は使えません' },
  'field-endpoint-or-region': {
    en: 'an S3 target needs an endpoint (or, for Amazon S3, a region)',
    ja: 'S3 の保存先にはエンドポイント（Amazon S3 ならリージョン）が必要です',
  },
  'field-region': {
    en: 'expected a region name such as "ap-northeast-1" (lower-case letters, digits and "-")',
    ja: '「ap-northeast-1」のようなリージョン名（英小文字、数字と「-」）を指定してください',
  },
  'field-access-key-id': { en: 'an access key id has no spaces and at most 128 characters', ja: 'アクセスキー ID は空白を含まない 128 文字までです' },
  'field-storage-class': {
    en: 'expected a storage class such as "STANDARD" or "STANDARD_IA"',
    ja: '「STANDARD」や「STANDARD_IA」のようなストレージクラスを指定してください',
  },
  'field-encryption-key': { en: 'encryption needs a passphraseRef (or an identityRef)', ja: '暗号化には passphraseRef（または identityRef）が必要です' },
  'field-no-control': { en: 'must not contain control characters', ja: '制御文字を含めることはできません' },
  'field-host': {
    en: 'expected a host name or IP address (letters, digits, "." and "-")',
    ja: 'ホスト名か IP アドレス（英字、数字、「.」と「-」）を指定してください',
  },
  'field-port': { en: 'expected a whole number from 1 to 65535', ja: '1〜65535 の整数を指定してください' },
  'field-restore-connections': { en: 'expected a whole number of connections from 1 to 16', ja: '接続数は 1〜16 の整数で指定してください' },
  'field-db-name-length': { en: 'database names are at most 64 characters', ja: 'データベース名は 64 文字までです' },
  'field-db-name-chars': { en: 'database names cannot contain "/", "\\" or "."', ja: 'データベース名に「/」「\\」「.」は使えません' },
  'field-db-name-space': { en: 'database names cannot end with a space', ja: 'データベース名を空白で終えることはできません' },
  'field-user-length': { en: 'user names are at most 80 characters', ja: 'ユーザー名は 80 文字までです' },
  'field-ssh-user': {
    en: 'expected a user name: letters, digits, ".", "_" and "-"',
    ja: 'ユーザー名（英字、数字、「.」「_」「-」）を指定してください',
  },
  'field-ssh-key-or-password': {
    en: 'give either "keyPath" (a private key file) or "passwordRef" (a password in the keychain), not both and not neither',
    ja: '"keyPath"（秘密鍵のファイル）か "passwordRef"（キーチェーンのパスワード）の、どちらか一方だけを指定してください',
  },
  'field-passphrase-needs-key': {
    en: 'a passphrase belongs to a key file: give "keyPath" too',
    ja: 'パスフレーズは鍵ファイルに付くものです。"keyPath" も指定してください',
  },
  'field-via': {
    en: 'expected "ssh" (the job\'s server connection), or leave "via" out',
    ja: '"ssh"（ジョブのサーバー接続）を指定するか、"via" を省いてください',
  },
  'field-databases': { en: 'expected at least one database name', ja: 'データベース名を 1 つ以上指定してください' },
  'field-service-arg-empty': { en: 'expected a non-empty command argument', ja: 'コマンドの引数を空にすることはできません' },
  'field-service-arg-control': {
    en: 'command arguments must not contain control characters (newlines, tabs)',
    ja: 'コマンドの引数に制御文字（改行やタブ）を含めることはできません',
  },
  'field-service-stop': { en: 'expected the stop command as a list: ["program", "arg", …]', ja: '停止コマンドを ["プログラム", "引数", …] の形のリストで指定してください' },
  'field-service-start': { en: 'expected the start command as a list: ["program", "arg", …]', ja: '起動コマンドを ["プログラム", "引数", …] の形のリストで指定してください' },
  'field-service-dash': { en: 'the program (first item) must not start with "-"', ja: 'プログラム（最初の項目）を「-」で始めることはできません' },
  'field-keep-last': {
    en: 'keepLast must be at least 1: Kura always keeps the newest good snapshot',
    ja: 'keepLast は 1 以上にしてください。Kura は最新の正常なスナップショットを必ず残します',
  },
  'field-cron-empty': { en: 'expected a cron expression such as "0 0 * * *"', ja: '「0 0 * * *」のような cron 式を指定してください' },
  'field-cron-invalid': {
    en: '"{{cron}}" is not a valid cron expression: {{problems, messages}}',
    ja: '「{{cron}}」は正しい cron 式ではありません：{{problems, messages}}',
  },
  'field-timezone': {
    en: 'expected an IANA time zone name such as "Asia/Tokyo" or "UTC"',
    ja: '「Asia/Tokyo」や「UTC」のような IANA のタイムゾーン名を指定してください',
  },
  'field-bwlimit': { en: 'bwlimit is in KiB per second, at least 1', ja: 'bwlimit は KiB/秒の単位で、1 以上です' },
  'field-name': { en: 'expected a name', ja: '名前を入力してください' },
  'field-sources': { en: 'expected at least one source', ja: 'ソースを 1 つ以上指定してください' },
  'field-version': { en: 'expected 1 (the only config format so far)', ja: '1 を指定してください（現在ある設定の形式は 1 だけです）' },
  'field-via-no-ssh': {
    en: 'this source goes through the job\'s server connection, but the job has no "ssh" settings',
    ja: 'このソースはジョブのサーバー接続を経由しますが、ジョブに "ssh" の設定がありません',
  },
  'field-via-from': {
    en: 'through SSH, "from" is the folder on the server, starting with "/" (for example /var/www/shop/), not "{{from}}"',
    ja: 'SSH 経由の場合、"from" は「/」から始まるサーバー上のフォルダーです（例：/var/www/shop/）。「{{from}}」は使えません',
  },
  'field-via-own-ssh': {
    en: 'the key, port and password come from the job\'s "ssh" settings: remove sshKeyPath, sshPort and passwordRef here',
    ja: '鍵、ポート、パスワードはジョブの "ssh" の設定から使われます。ここの sshKeyPath、sshPort、passwordRef を削除してください',
  },
  'field-via-file-method': {
    en: 'the "file" method copies dump.rdb from this computer\'s disk; through SSH use "sync"',
    ja: '"file" 方式はこのパソコンのディスクから dump.rdb をコピーします。SSH 経由では "sync" を使ってください',
  },
  'field-password-needs-user': { en: 'a password belongs to a user name: give "user" too', ja: 'パスワードはユーザー名とセットです。"user" も指定してください' },
  'field-mail-unencrypted': {
    en: 'the password would cross the network unencrypted: use "starttls" (port 587) or "tls" (port 465)',
    ja: 'パスワードが暗号化されずにネットワークを流れます。"starttls"（ポート 587）か "tls"（ポート 465）を使ってください',
  },
  'field-standby-needed': { en: 'dumping from a standby needs one: add it under "standbys"', ja: 'スタンバイからダンプするにはスタンバイが必要です。"standbys" に追加してください' },
  'field-duplicate-source': { en: 'the source id "{{id}}" is used twice', ja: 'ソース ID「{{id}}」が 2 回使われています' },
  'field-duplicate-target': { en: 'the off-site target id "{{id}}" is used twice', ja: 'オフサイトの保存先 ID「{{id}}」が 2 回使われています' },
  'field-duplicate-job': { en: 'the job id "{{id}}" is used twice', ja: 'ジョブ ID「{{id}}」が 2 回使われています' },

  // ---- what zod itself found (a value of the wrong kind, a missing field…)
  'field-missing': { en: 'is missing', ja: '指定されていません' },
  'field-expected-text': { en: 'expected text', ja: '文字列を指定してください' },
  'field-expected-number': { en: 'expected a number', ja: '数値を指定してください' },
  'field-expected-whole': { en: 'expected a whole number', ja: '整数を指定してください' },
  'field-expected-boolean': { en: 'expected true or false', ja: 'true か false を指定してください' },
  'field-expected-list': { en: 'expected a list [ … ]', ja: 'リスト [ … ] を指定してください' },
  'field-expected-object': { en: 'expected an object { … }', ja: 'オブジェクト { … } を指定してください' },
  'field-one-of': { en: 'expected one of {{values}}', ja: '{{values}} のいずれかを指定してください' },
  'field-min': { en: 'expected at least {{minimum}}', ja: '{{minimum}} 以上を指定してください' },
  'field-max': { en: 'expected at most {{maximum}}', ja: '{{maximum}} 以下を指定してください' },
  'field-too-short': { en: 'expected at least {{minimum}} characters', ja: '{{minimum}} 文字以上で指定してください' },
  'field-too-long': { en: 'expected at most {{maximum}} characters', ja: '{{maximum}} 文字以内で指定してください' },
  'field-too-few': { en: 'expected at least {{minimum}} items', ja: '{{minimum}} 個以上指定してください' },
  'field-too-many': { en: 'expected at most {{maximum}} items', ja: '{{maximum}} 個以内で指定してください' },
  'field-unknown-keys': { en: 'unknown fields: {{keys}}', ja: '不明な項目があります：{{keys}}' },
  'field-bad-format': { en: 'is not in the expected format', ja: '形式が正しくありません' },

  // ---- an address (files source `from`, off-site `to`)
  'address-control-char': {
    en: '"{{address}}" contains a control character (a newline or tab?)',
    ja: '「{{address}}」に制御文字（改行やタブ）が含まれています',
  },
  'address-empty': { en: 'the address is empty', ja: 'アドレスが空です' },
  'address-drive-relative': {
    en: '"{{address}}" is relative to the current folder of drive {{drive}}: (not a full path); write the whole path, for example {{example}}',
    ja: '「{{address}}」はドライブ {{drive}}: の現在のフォルダーからの相対パスです（完全なパスではありません）。{{example}} のように、パス全体を書いてください',
  },
  'address-not-url': {
    en: '"{{address}}" is not of the form rsync://[user@]host[:port]/module/path',
    ja: '「{{address}}」は rsync://[ユーザー@]ホスト[:ポート]/モジュール/パス の形になっていません',
  },
  'address-bad-host': { en: '"{{address}}" has an invalid host name "{{host}}"', ja: '「{{address}}」のホスト名「{{host}}」が正しくありません' },
  'address-bad-user': { en: '"{{address}}" has an invalid user name "{{user}}"', ja: '「{{address}}」のユーザー名「{{user}}」が正しくありません' },
  'address-bad-module': { en: '"{{address}}" has an invalid module name "{{module}}"', ja: '「{{address}}」のモジュール名「{{module}}」が正しくありません' },
  'address-bad-port': { en: '"{{address}}" has an invalid port "{{port}}"', ja: '「{{address}}」のポート「{{port}}」が正しくありません' },
  'address-dotdot': { en: '"{{address}}" must not contain ".." in the path', ja: '「{{address}}」のパスに「..」を含めることはできません' },
  'address-no-folder': {
    en: '"{{address}}" needs a folder after "host:" (for example web@host:/var/www/)',
    ja: '「{{address}}」には「ホスト:」の後にフォルダーが必要です（例：web@host:/var/www/）',
  },
  'address-unknown': {
    en: '"{{address}}" is not a folder or rsync address (expected rsync://host/module/, user@host::module, user@host:/path or an absolute folder)',
    ja: '「{{address}}」はフォルダーでも rsync のアドレスでもありません（rsync://ホスト/モジュール/、ユーザー@ホスト::モジュール、ユーザー@ホスト:/パス、または完全なフォルダーのパスを指定してください）',
  },

  // ---- an rsync exclude pattern
  'exclude-empty': { en: 'an exclude pattern must not be empty', ja: '除外パターンを空にすることはできません' },
  'exclude-control': {
    en: 'an exclude pattern must not contain control characters (newlines, tabs)',
    ja: '除外パターンに制御文字（改行やタブ）を含めることはできません',
  },
  'exclude-bang': {
    en: 'a lone "!" would make rsync forget all other excludes; use names or globs such as "cache/" or "*.log"',
    ja: '「!」だけのパターンは、rsync にほかの除外をすべて忘れさせます。「cache/」や「*.log」のような名前かワイルドカードを使ってください',
  },
  /** A tool path typed in Settings that is not a program: refused on Save, nothing saved. */
  'tool-path-missing': {
    en: 'There is no file at {{path}}, so it cannot be used as {{tool}}.',
    ja: '{{path}} にファイルがないため、{{tool}} として使えません。',
    hint: {
      en: 'Enter the full path of the {{tool}} program (check the spelling and the folder), or leave the box empty to let Kura find it.',
      ja: '{{tool}} プログラムのフルパスを入力する（つづりとフォルダーを確認してください）か、空欄にして Kura に探させてください。',
    },
  },
  'tool-path-folder': {
    en: '{{path}} is a folder, not the {{tool}} program.',
    ja: '{{path}} はフォルダーで、{{tool}} プログラムではありません。',
    hint: {
      en: 'Enter the path of the program file inside it (for example …/bin/{{tool}}), or leave the box empty to let Kura find it.',
      ja: 'その中にあるプログラムファイルのパス（例：…/bin/{{tool}}）を入力するか、空欄にして Kura に探させてください。',
    },
  },
});
