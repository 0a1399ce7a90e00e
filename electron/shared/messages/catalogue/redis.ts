/**
 * Redis: reaching the server and what its replies mean (engine/tools/redis/redis-errors.ts), taking a
 * snapshot (sync.ts, bgsave.ts, fetch-rdb.ts), a snapshot file that cannot be read (rdb-reader.ts,
 * validate-rdb.ts) and what a target server cannot take (restore-preflight.ts, live-restore.ts,
 * file-restore.ts, service-control.ts). The server's own replies are parameters, never translated.
 */
import { defineMessages } from '../define.js';

const fetchAgain = {
  en: 'Fetch the snapshot again; if this keeps happening, check the Redis server (redis-check-rdb can inspect the file).',
  ja: 'スナップショットをもう一度取得してください。繰り返し起こる場合は、Redis サーバーを確認してください（redis-check-rdb でファイルを調べられます）。',
} as const;

const serviceHint = {
  en: 'Set the commands on this Redis source ({{setting}}, e.g. {{example}}), or use the live restore, which needs no restart.',
  ja: 'この Redis ソースに停止と起動のコマンドを設定するか（{{setting}}、例：{{example}}）、再起動の不要なライブ復元を使ってください。',
} as const;

export const redisMessages = defineMessages({
  // ---- reaching the server (redis-errors.ts) ---------------------------------------------------
  'redis-connection-refused': {
    en: 'Nothing accepted the connection at {{where}}: Redis is not running there or listens on another port.',
    ja: '{{where}} で接続を受け付けるものがありませんでした。Redis が動いていないか、別のポートで待ち受けています。',
    hint: {
      en: 'Check the host and port of this Redis source, and that redis-server is running.',
      ja: 'この Redis ソースのホスト名とポート番号、redis-server が動いていることを確認してください。',
    },
  },
  'redis-host-not-found': {
    en: 'The host name "{{host}}" could not be found.',
    ja: 'ホスト名「{{host}}」が見つかりませんでした。',
    hint: {
      en: 'Check the spelling of the host, and that this computer is online.',
      ja: 'ホスト名の綴りと、このパソコンがネットワークにつながっていることを確認してください。',
    },
  },
  'redis-timeout': {
    en: 'Redis at {{where}} did not answer in time.',
    ja: 'Redis（{{where}}）から時間内に応答がありませんでした。',
    hint: {
      en: 'Check that a firewall lets this computer reach the Redis port, then try again.',
      ja: 'ファイアウォールでこのパソコンから Redis のポートに接続できることを確認してから、もう一度お試しください。',
    },
  },
  'redis-unreachable': {
    en: 'The network has no route to {{where}}.',
    ja: 'ネットワーク上で {{where}} への経路がありません。',
    hint: {
      en: 'Check the host address and this computer’s network connection.',
      ja: 'ホストのアドレスと、このパソコンのネットワーク接続を確認してください。',
    },
  },
  'redis-connection-lost': {
    en: 'The connection to Redis at {{where}} was lost.',
    ja: 'Redis（{{where}}）との接続が切れました。',
    hint: {
      en: 'Try again; if it keeps happening, check the Redis server log.',
      ja: 'もう一度お試しください。繰り返し起こる場合は、Redis サーバーのログを確認してください。',
    },
  },
  'redis-auth-failed': {
    en: 'Redis at {{where}} refused the user name or password.',
    ja: 'Redis（{{where}}）がユーザー名またはパスワードを拒否しました。',
    hint: {
      en: 'Check the password saved for this source (and the user name, if Redis uses ACL users).',
      ja: 'このソースに保存したパスワード（Redis で ACL ユーザーを使っている場合はユーザー名も）を確認してください。',
    },
  },
  'redis-auth-required': {
    en: 'Redis at {{where}} requires a password and none was given.',
    ja: 'Redis（{{where}}）にはパスワードが必要ですが、パスワードが指定されていません。',
    hint: {
      en: 'Save the Redis password for this source in Kura.',
      ja: 'このソースの Redis パスワードを Kura に保存してください。',
    },
  },
  'redis-protected-mode': {
    en: 'Redis at {{where}} is in protected mode and only accepts connections from its own machine.',
    ja: 'Redis（{{where}}）は保護モード（protected mode）になっていて、同じマシンからの接続しか受け付けません。',
    hint: {
      en: 'Set a password (requirepass) on the Redis server or connect through an SSH tunnel.',
      ja: 'Redis サーバーにパスワード（requirepass）を設定するか、SSH トンネル経由で接続してください。',
    },
  },
  'redis-auth-not-configured': {
    en: 'A password is saved for this source, but Redis at {{where}} does not use one.',
    ja: 'このソースにはパスワードが保存されていますが、Redis（{{where}}）はパスワードを使っていません。',
    hint: {
      en: 'Remove the password from this source, or set requirepass on the Redis server.',
      ja: 'このソースからパスワードを削除するか、Redis サーバーで requirepass を設定してください。',
    },
  },
  'redis-permission-denied': {
    en: 'The Redis user is not allowed to run {{command}} on {{where}}.',
    ja: 'Redis のユーザーには、{{where}} で {{command}} を実行する権限がありません。',
    hint: {
      en: 'Give the Redis user Kura logs in as the right to run it (ACL). For backups: the "sync" method (replication over the network) needs +sync +psync +replconf; the "file" method needs BGSAVE, CONFIG GET and INFO, and a Redis on this computer. Managed Redis services often allow neither: ask your provider which method they allow, or for their own export of the RDB file.',
      ja: 'Kura がログインに使っている Redis ユーザーに、このコマンドの実行権限（ACL）を与えてください。バックアップでは、「sync」方式（ネットワーク経由のレプリケーション）には +sync +psync +replconf が、「file」方式には BGSAVE・CONFIG GET・INFO と、このパソコン上で動く Redis が必要です。マネージド Redis サービスではどちらも使えないことがよくあります。使える方式を提供元に確認するか、RDB ファイルのエクスポートを依頼してください。',
    },
  },
  'redis-command-unavailable': {
    en: 'Redis at {{where}} does not offer {{command}} (it is disabled or renamed, as managed Redis services do).',
    ja: 'Redis（{{where}}）では {{command}} が使えません（マネージド Redis サービスでよくあるように、無効にされているか名前が変えられています）。',
    hint: {
      en: 'Switch this source to the backup method the server allows: the "sync" method (replication over the network) needs SYNC, PSYNC and REPLCONF; the "file" method needs BGSAVE, CONFIG and INFO, and a Redis on this computer (or rdbPath set to where the server writes dump.rdb). On a managed Redis, ask your provider which method they allow.',
      ja: 'サーバーが許可しているバックアップ方式に切り替えてください。「sync」方式（ネットワーク経由のレプリケーション）には SYNC・PSYNC・REPLCONF が、「file」方式には BGSAVE・CONFIG・INFO と、このパソコン上で動く Redis（または、サーバーが dump.rdb を書き込む場所を指す rdbPath）が必要です。マネージド Redis の場合は、使える方式を提供元に確認してください。',
    },
  },
  'redis-busy': {
    en: 'Redis at {{where}} cannot serve {{command}} right now ({{reply}}).',
    ja: 'Redis（{{where}}）はいま {{command}} を処理できません（{{reply}}）。',
    hint: {
      en: 'Kura retries automatically; wait for the server to finish what it is doing.',
      ja: 'Kura が自動で再試行します。サーバーが処理中の作業を終えるまでお待ちください。',
    },
  },
  'redis-command-failed': {
    en: 'Redis at {{where}} answered {{command}} with an error: {{reply}}',
    ja: 'Redis（{{where}}）が {{command}} にエラーを返しました：{{reply}}',
    hint: {
      en: 'Check the Redis server log for the reason.',
      ja: '原因を Redis サーバーのログで確認してください。',
    },
  },
  'redis-protocol-error': {
    en: 'Redis at {{where}} sent an unexpected reply.',
    ja: 'Redis（{{where}}）から想定外の応答がありました。',
    hint: {
      en: 'Check that the host and port point at a Redis server (not another service, and not TLS-only), then try again.',
      ja: 'ホスト名とポート番号が Redis サーバーを指しているか（別のサービスや TLS 専用のポートではないか）を確認してから、もう一度お試しください。',
    },
  },
  'redis-client-closed': {
    en: 'The connection to Redis was closed.',
    ja: 'Redis との接続が閉じられました。',
  },

  // ---- taking a snapshot (sync.ts, bgsave.ts, fetch-rdb.ts) -------------------------------------
  'redis-bgsave-failed': {
    en: 'Redis at {{where}} could not write its snapshot ({{status}}).',
    ja: 'Redis（{{where}}）がスナップショットを書き込めませんでした（{{status}}）。',
    hint: {
      en: 'Check the Redis server log: usually its disk is full or it may not write to its data folder.',
      ja: 'Redis サーバーのログを確認してください。多くの場合、サーバーのディスクがいっぱいか、Redis がデータフォルダーに書き込めなくなっています。',
    },
  },
  'redis-bgsave-timeout': {
    en: 'Redis at {{where}} did not finish writing its snapshot in time.',
    ja: 'Redis（{{where}}）のスナップショットの書き込みが、時間内に終わりませんでした。',
    hint: {
      en: 'The dataset may be very large or the server disk slow; check INFO persistence on the server.',
      ja: 'データが非常に大きいか、サーバーのディスクが遅い可能性があります。サーバーで INFO persistence を確認してください。',
    },
  },
  'redis-rdb-path-unknown': {
    en: 'Redis did not say where it writes its snapshot ({{command}}).',
    ja: 'Redis がスナップショットの保存場所を返しませんでした（{{command}}）。',
    hint: {
      en: 'Set rdbPath for this source to the server’s dump.rdb, or use the "sync" method.',
      ja: 'このソースの rdbPath にサーバーの dump.rdb の場所を設定するか、「sync」方式（ネットワーク経由）を使ってください。',
    },
  },
  'redis-rdb-stale': {
    en: "The file {{path}} is older than the snapshot Redis just wrote: it is not this server's current RDB file.",
    ja: 'ファイル {{path}} は、Redis がいま書き込んだスナップショットより古いものです。このサーバーの現在の RDB ファイルではありません。',
    hint: {
      en: 'Check rdbPath for this source (Redis writes where {{command}} say), or use the "sync" method.',
      ja: 'このソースの rdbPath を確認してください（Redis は {{command}} が示す場所に書き込みます）。または「sync」方式（ネットワーク経由）を使ってください。',
    },
  },
  'redis-rdb-not-found': {
    en: 'Redis at {{where}} saved its snapshot to {{path}}, but that file is not on this computer.',
    ja: 'Redis（{{where}}）はスナップショットを {{path}} に保存しましたが、そのファイルはこのパソコン上にありません。',
    hint: {
      en: 'The "file" method only works when Redis runs on this computer (or rdbPath points at a shared folder). Use the "sync" method for a remote Redis.',
      ja: '「file」方式は、Redis がこのパソコン上で動いている場合（または rdbPath が共有フォルダーを指している場合）にだけ使えます。リモートの Redis には「sync」方式（ネットワーク経由）を使ってください。',
    },
  },
  'redis-rdb-unreadable': {
    en: 'Kura may not read {{path}} (it belongs to the Redis service).',
    ja: 'Kura には {{path}} を読み取る権限がありません（このファイルは Redis サービスのものです）。',
    hint: {
      en: 'Give the user running Kura read access to the Redis data folder (for example add it to the "redis" group), or use the "sync" method.',
      ja: 'Kura を実行しているユーザーに Redis のデータフォルダーの読み取り権限を与えるか（例：そのユーザーを「redis」グループに追加する）、「sync」方式（ネットワーク経由）を使ってください。',
    },
  },
  'redis-rdb-read-failed': {
    en: 'Could not read {{path}}: {{reason}}',
    ja: '{{path}} を読み取れませんでした：{{reason}}',
  },
  'redis-rdb-not-this-save': {
    en: 'The file {{path}} is not the snapshot Redis at {{where}} just wrote: it holds keys ({{keys}}) saved at {{savedAt}} by Redis {{fileVersion}} (its own ctime and redis-ver fields), while the save Kura asked for ran from {{from}} to {{until}} (server clock) on Redis {{serverVersion}}. Nothing was backed up from it.',
    ja: 'ファイル {{path}} は、Redis（{{where}}）がいま書き込んだスナップショットではありません。このファイルには {{savedAt}} に Redis {{fileVersion}} が保存したキー {{keys}} 個が入っています（ファイル自身の ctime と redis-ver の値）が、Kura が依頼した保存は Redis {{serverVersion}} で {{from}} から {{until}}（サーバーの時計）に行われました。このファイルからは何もバックアップしていません。',
    hint: {
      en: 'rdbPath points at an old or foreign copy. The server writes its snapshot to {{actual}} ({{command}}): set rdbPath to that file as seen from this computer, or remove rdbPath. Or use the "sync" method.',
      ja: 'rdbPath が古いコピーか別のファイルを指しています。サーバーはスナップショットを {{actual}} に書き込みます（{{command}}）。rdbPath をこのパソコンから見たそのファイルにするか、rdbPath を削除してください。または「sync」方式を使ってください。',
    },
  },
  'redis-sync-asking': {
    en: 'Asking Redis at {{where}} for a snapshot (PSYNC)',
    ja: 'Redis（{{where}}）にスナップショットを要求しています（PSYNC）',
  },
  'redis-sync-receiving': {
    en: 'Receiving the snapshot ({{bytes, bytes}})',
    ja: 'スナップショットを受信しています（{{bytes, bytes}}）',
  },
  'redis-sync-receiving-diskless': {
    en: 'Receiving the snapshot (a diskless transfer: its size is not known in advance)',
    ja: 'スナップショットを受信しています（ディスクレス転送のため、サイズは事前にわかりません）',
  },
  'redis-bgsave-tailed': {
    en: 'Read {{path}} while Redis wrote it ({{temp}}, {{bytes, bytes}}): walked and checksum-checked during the save',
    ja: 'Redis が書き込んでいる間に {{path}} を読み取りました（{{temp}}、{{bytes, bytes}}）。保存中に全体の構造とチェックサムを確認しました',
  },
  'redis-bgsave-copying': {
    en: 'Copying {{path}} (it could not be read during the save)',
    ja: '{{path}} をコピーしています（保存中には読み取れませんでした）',
  },
  'redis-rdb-no-save-time': {
    en: '{{path}} carries no save time (written by Redis older than 3.2): only its modification time could be checked against the save',
    ja: '{{path}} には保存時刻が記録されていません（Redis 3.2 より前で書かれたファイルです）。保存と照合できたのは更新日時だけです',
  },
  'redis-bgsave-waiting': {
    en: 'Redis is already writing a snapshot; waiting for it to finish',
    ja: 'Redis はすでにスナップショットを書き込んでいます。終わるのを待っています',
  },
  'redis-bgsave-accepted': {
    en: 'Redis accepted the request to write a snapshot (BGSAVE)',
    ja: 'Redis がスナップショットの書き込み（BGSAVE）を受け付けました',
  },
  'redis-bgsave-scheduled': {
    en: 'Redis is rewriting its append-only file; the snapshot is scheduled after it',
    ja: 'Redis は追記ファイル（AOF）を書き直しています。スナップショットはその後に予定されました',
  },
  'redis-snapshot-fetched': {
    en: { one: 'Redis snapshot from {{where}}: {{count}} key, RDB version {{rdbVersion}}, checksum correct', other: 'Redis snapshot from {{where}}: {{count}} keys, RDB version {{rdbVersion}}, checksum correct' },
    ja: '{{where}} の Redis スナップショット：キー {{count}} 個、RDB バージョン {{rdbVersion}}、チェックサムは正常です',
  },
  'redis-snapshot-fetched-no-checksum': {
    en: {
      one: 'Redis snapshot from {{where}}: {{count}} key, RDB version {{rdbVersion}}, written without a checksum (the server has rdbchecksum off; every record was checked one by one)',
      other: 'Redis snapshot from {{where}}: {{count}} keys, RDB version {{rdbVersion}}, written without a checksum (the server has rdbchecksum off; every record was checked one by one)',
    },
    ja: '{{where}} の Redis スナップショット：キー {{count}} 個、RDB バージョン {{rdbVersion}}。チェックサムなしで書かれています（サーバーの rdbchecksum がオフのため、レコードを 1 件ずつ確認しました）',
  },
  'redis-snapshot-modules': {
    en: 'The snapshot holds data of Redis modules ({{modules}}); restoring it needs those modules loaded.',
    ja: 'スナップショットには Redis モジュール（{{modules}}）のデータが含まれています。復元するには、復元先でそのモジュールを読み込んでおく必要があります。',
  },
  'redis-backup-started': {
    en: 'Redis "{{source}}": fetching the data from {{where}} ({{command}})',
    ja: 'Redis「{{source}}」：{{where}} からデータを取得しています（{{command}}）',
  },
  'redis-server-rdb-made': {
    en: 'Redis "{{source}}": the SSH server wrote the snapshot itself with its redis-cli ({{bytes, bytes}}); bringing only what changed since the last backup',
    ja: 'Redis「{{source}}」：SSH サーバーが自分の redis-cli でスナップショットを書き出しました（{{bytes, bytes}}）。前回のバックアップからの変更分だけを取り込みます',
  },
  'redis-server-rdb-brought': {
    en: 'Redis "{{source}}": {{bytes, bytes}} snapshot brought; {{sent, bytes}} of it crossed the link, the rest was found in the last backup\'s copy',
    ja: 'Redis「{{source}}」：{{bytes, bytes}} のスナップショットを取り込みました。回線を通ったのはそのうち {{sent, bytes}} で、残りは前回のバックアップのコピーから使いました',
  },
  'redis-server-rdb-fallback': {
    en: 'Redis "{{source}}": the snapshot could not be made on the SSH server ({{reason, messages}}); fetching it whole through the SSH connection instead',
    ja: 'Redis「{{source}}」：SSH サーバー上でスナップショットを作れませんでした（{{reason, messages}}）。代わりに SSH 接続を通して全体を取得します',
  },
  'redis-server-rdb-no-cli': {
    en: 'redis-cli is not installed on the server',
    ja: 'サーバーに redis-cli がインストールされていません',
  },
  'redis-server-rdb-rsync-only': {
    en: "this SSH key may run rsync only (its line in authorized_keys has no Kura gate); Server setup shows the gate that lets the server write the snapshot",
    ja: 'この SSH 鍵は rsync しか実行できません（authorized_keys の行に Kura のゲートがありません）。サーバーにスナップショットを書き出させるゲートは「サーバーの設定」に表示されます',
  },
  'redis-server-rdb-no-answer': {
    en: 'the snapshot on the server did not grow for {{seconds}} seconds',
    ja: 'サーバー上のスナップショットが {{seconds}} 秒間大きくなりませんでした',
  },
  'redis-server-rdb-password-line-break': {
    en: 'the Redis password contains a line break, which redis-cli cannot be given on its standard input',
    ja: 'Redis のパスワードに改行が含まれているため、redis-cli に標準入力で渡せません',
  },
  'redis-server-rdb-failed': {
    en: 'the server said: {{reason}}',
    ja: 'サーバーの応答：{{reason}}',
  },
  'redis-server-rdb-failed-silent': {
    en: 'the server\'s command failed without saying why',
    ja: 'サーバーのコマンドが理由を示さずに失敗しました',
  },
  'redis-server-rdb-size': {
    en: 'the server wrote {{written, bytes}} but {{arrived, bytes}} arrived',
    ja: 'サーバーは {{written, bytes}} を書き出しましたが、届いたのは {{arrived, bytes}} でした',
  },
  'redis-backup-done': {
    en: { one: 'Redis "{{source}}": ok — Redis {{version}}, RDB version {{rdbVersion}}, {{count}} key, {{bytes, bytes}}, sha256 {{sha256}}', other: 'Redis "{{source}}": ok — Redis {{version}}, RDB version {{rdbVersion}}, {{count}} keys, {{bytes, bytes}}, sha256 {{sha256}}' },
    ja: 'Redis「{{source}}」：完了 — Redis {{version}}、RDB バージョン {{rdbVersion}}、キー {{count}} 個、{{bytes, bytes}}、sha256 {{sha256}}',
  },

  // ---- a snapshot file that cannot be read (rdb-reader.ts, validate-rdb.ts) ---------------------
  'rdb-invalid': {
    en: 'The Redis snapshot is damaged: the data at byte {{offset}} cannot be read.',
    ja: 'Redis のスナップショットが壊れています（{{offset}} バイト目のデータを読み取れません）。',
    hint: fetchAgain,
  },
  'rdb-invalid-truncated': {
    en: 'The Redis snapshot is cut short: the file ends at byte {{size}}, in the middle of its data.',
    ja: 'Redis のスナップショットが途中で切れています（ファイルはデータの途中、{{size}} バイト目で終わっています）。',
    hint: {
      en: 'The transfer or copy was cut short. Fetch the snapshot again.',
      ja: '転送またはコピーが途中で切れています。スナップショットをもう一度取得してください。',
    },
  },
  'rdb-invalid-empty': {
    en: 'The Redis snapshot file is empty.',
    ja: 'Redis のスナップショットのファイルが空です。',
    hint: fetchAgain,
  },
  'rdb-invalid-not-rdb': {
    en: 'The file is not a Redis snapshot (an RDB file): it does not start with "REDIS" and a version number.',
    ja: 'このファイルは Redis のスナップショット（RDB ファイル）ではありません（先頭が「REDIS」とバージョン番号になっていません）。',
    hint: fetchAgain,
  },
  'rdb-invalid-checksum': {
    en: "The Redis snapshot's checksum does not match its content (the file says {{stored}}, its content gives {{computed}}): some bytes were changed.",
    ja: 'Redis のスナップショットのチェックサムが内容と一致しません（ファイルの記録は {{stored}}、内容から計算すると {{computed}}）。一部のバイトが変わっています。',
    hint: fetchAgain,
  },
  'rdb-invalid-trailing': {
    en: '{{extraBytes, bytes}} of unexpected data follow the end of the Redis snapshot (after byte {{offset}}).',
    ja: 'Redis のスナップショットの終わり（{{offset}} バイト目）の後ろに、想定外のデータが {{extraBytes, bytes}} あります。',
    hint: fetchAgain,
  },
  'rdb-invalid-unknown-type': {
    en: 'The Redis snapshot cannot be read: the key {{key}} at byte {{offset}} has an unknown value type {{type}} ({{typeName}}); the file may be damaged, or written by a newer Redis than Kura knows (RDB version {{rdbVersion}}).',
    ja: 'Redis のスナップショットを読み取れません。{{offset}} バイト目のキー {{key}} の値の型 {{type}}（{{typeName}}）を Kura は知りません。ファイルが壊れているか、Kura が対応していない新しい Redis で書かれています（RDB バージョン {{rdbVersion}}）。',
    hint: fetchAgain,
  },
  'rdb-invalid-prerelease': {
    en: 'The Redis snapshot holds data in the format of a Redis release candidate (at byte {{offset}}), which no released Redis can load.',
    ja: 'Redis のスナップショットに、Redis のリリース候補版の形式のデータがあります（{{offset}} バイト目）。正式リリースの Redis では読み込めません。',
    hint: {
      en: 'Upgrade that Redis to a released version and fetch the snapshot again.',
      ja: 'その Redis を正式リリース版にアップグレードしてから、スナップショットをもう一度取得してください。',
    },
  },

  // ---- what a target server cannot take (restore-preflight.ts, live-restore.ts) -----------------
  'redis-target-too-old': {
    en: 'The backup was written by a newer Redis (RDB format {{rdbVersion}}, Redis {{release}} or newer) than Redis {{serverVersion}} at {{where}} can read.',
    ja: 'このバックアップは、{{where}} の Redis {{serverVersion}} では読み込めない新しい Redis で作られています（RDB 形式 {{rdbVersion}}、Redis {{release}} 以降）。',
    hint: {
      en: 'Upgrade the target server to Redis {{release}} or newer (or restore into one), then restore again.',
      ja: '復元先のサーバーを Redis {{release}} 以降にアップグレードしてから（または、そのようなサーバーを復元先にして）、もう一度復元してください。',
    },
  },
  'redis-target-is-replica': {
    en: 'Redis at {{where}} is a read-only replica: a restore must go to the primary server.',
    ja: 'Redis（{{where}}）は読み取り専用のレプリカです。復元先はプライマリサーバーにする必要があります。',
    hint: {
      en: 'Restore into the primary (the replica copies it by itself), or run {{command}} on this server first.',
      ja: 'プライマリに復元するか（レプリカには自動でコピーされます）、先にこのサーバーで {{command}} を実行してください。',
    },
  },
  'redis-target-became-replica': {
    en: 'Redis at {{where}} became a read-only replica during the restore.',
    ja: '復元中に、Redis（{{where}}）が読み取り専用のレプリカに切り替わりました。',
    hint: {
      en: 'Restore into the primary server.',
      ja: 'プライマリサーバーに復元してください。',
    },
  },
  'redis-module-missing': {
    en: 'The backup holds data of the module type {{modules}}, and Redis at {{where}} has not loaded that module.',
    ja: 'バックアップにはモジュールのデータ型 {{modules}} のデータが含まれていますが、Redis（{{where}}）はそのモジュールを読み込んでいません。',
    hint: {
      en: 'Load the same Redis module (and version) on the target server (loadmodule in redis.conf), restart it, and restore again.',
      ja: '復元先のサーバーで同じ Redis モジュール（同じバージョン）を読み込み（redis.conf の loadmodule）、再起動してから、もう一度復元してください。',
    },
  },
  'redis-database-missing': {
    en: 'The backup has keys in database {{db}}, but Redis at {{where}} refuses to select it ({{reply}}).',
    ja: 'バックアップにはデータベース {{db}} のキーがありますが、Redis（{{where}}）はこのデータベースを選択できません（{{reply}}）。',
    hint: {
      en: 'Raise "databases" in the target\'s redis.conf above {{db}} (Redis Cluster has only database 0), restart it, and restore again.',
      ja: '復元先の redis.conf の「databases」を {{db}} より大きくし（Redis Cluster にはデータベース 0 しかありません）、再起動してから、もう一度復元してください。',
    },
  },
  'redis-restore-rejected': {
    en: 'Redis at {{where}} rejected {{what}}: {{reply}}',
    ja: 'Redis（{{where}}）が {{what}} を受け付けませんでした：{{reply}}',
    hint: {
      en: 'Verify the snapshot (kura verify). If it is intact, the target server is probably a different product or version than the source, which stores this data differently.',
      ja: 'スナップショットを検証してください（kura verify）。スナップショットに問題がなければ、復元先のサーバーが元のサーバーとは別の製品またはバージョンで、このデータの保存形式が違う可能性があります。',
    },
  },
  'redis-out-of-memory': {
    en: 'Redis at {{where}} ran out of memory (maxmemory) while restoring: {{what}}.',
    ja: 'Redis（{{where}}）で、復元中にメモリが足りなくなりました（maxmemory）：{{what}}。',
    hint: {
      en: 'Raise maxmemory on the target (or free memory), or restore with "flush" so the old data does not count, then restore again.',
      ja: '復元先の maxmemory を増やす（またはメモリを空ける）か、古いデータが数に入らないように「flush」（先に Redis を空にする）を付けて、もう一度復元してください。',
    },
  },

  // ---- a file (cold) restore on this computer (file-restore.ts, rdb-swap.ts, service-control.ts) --
  'redis-config-unavailable': {
    en: 'Redis at {{where}} did not say where it keeps its data ({{command}}).',
    ja: 'Redis（{{where}}）がデータの保存場所を返しませんでした（{{command}}）。',
    hint: {
      en: 'A file restore needs CONFIG GET (and a server on this computer). Use the live restore instead, which works over the network.',
      ja: 'ファイル復元には CONFIG GET（と、このパソコン上のサーバー）が必要です。代わりに、ネットワーク経由で使えるライブ復元を使ってください。',
    },
  },
  'redis-file-restore-old-aof': {
    en: 'Redis {{version}} at {{where}} keeps its append-only file in the single-file format of Redis before 7, which a file restore cannot replace safely.',
    ja: 'Redis {{version}}（{{where}}）は、Redis 7 より前の単一ファイル形式で追記ファイル（AOF）を保存しています。ファイル復元ではこれを安全に置き換えられません。',
    hint: {
      en: 'Use the live restore with "flush" (no restart needed), or upgrade Redis to 7 or newer.',
      ja: '「flush」を付けたライブ復元（再起動は不要です）を使うか、Redis を 7 以降にアップグレードしてください。',
    },
  },
  'redis-file-restore-remote': {
    en: 'Redis of source "{{source}}" is reached through SSH, so Kura cannot replace its dump.rdb file from this computer.',
    ja: 'ソース「{{source}}」の Redis には SSH 経由で接続するため、Kura はこのパソコンからその dump.rdb ファイルを置き換えられません。',
    hint: {
      en: 'Use the live restore (the default), or copy {{file}} to the server by hand (see the README).',
      ja: 'ライブ復元（標準）を使うか、{{file}} を手作業でサーバーにコピーしてください（README を参照）。',
    },
  },
  'redis-data-dir-unreachable': {
    en: 'Redis at {{where}} keeps its data in {{dir}}, which is not on this computer.',
    ja: 'Redis（{{where}}）はデータを {{dir}} に保存していますが、このフォルダーはこのパソコン上にありません。',
    hint: {
      en: 'A file restore only works for a Redis on this computer. Use the live restore for a remote server.',
      ja: 'ファイル復元は、このパソコン上の Redis でしか使えません。リモートのサーバーにはライブ復元を使ってください。',
    },
  },
  'redis-data-dir-denied': {
    en: 'Kura may not write to {{dir}}, where Redis at {{where}} keeps its data.',
    ja: 'Kura には、Redis（{{where}}）がデータを保存している {{dir}} に書き込む権限がありません。',
    hint: {
      en: 'Run Kura as an administrator (or a user in the redis group), or use the live restore.',
      ja: 'Kura を管理者（または redis グループのユーザー）として実行するか、ライブ復元を使ってください。',
    },
  },
  'redis-data-disk-full': {
    en: 'There is not enough free space in {{dir}} for the snapshot ({{bytes, bytes}}): nothing was replaced, and Redis keeps running on its data.',
    ja: '{{dir}} にスナップショット（{{bytes, bytes}}）を置く空き容量がありません。何も置き換えておらず、Redis は元のデータのまま動いています。',
    hint: {
      en: 'Free space on the disk of the Redis data folder (the snapshot needs as much again as its size), or use the live restore.',
      ja: 'Redis のデータフォルダーがあるディスクの空きを増やすか（スナップショットと同じ大きさの空きが必要です）、ライブ復元を使ってください。',
    },
  },
  'redis-aof-manifest-unreadable': {
    en: 'Kura cannot read the append-only file manifest {{path}} ({{reason}}); nothing was replaced.',
    ja: '追記ファイル（AOF）のマニフェスト {{path}} を読み取れません（{{reason}}）。何も置き換えていません。',
    hint: {
      en: 'Check the file with redis-check-aof, or use the live restore.',
      ja: 'redis-check-aof でファイルを確認するか、ライブ復元を使ってください。',
    },
  },
  'redis-did-not-stop': {
    en: 'Redis at {{where}} was asked to stop but is still running after {{waited, duration}}.',
    ja: 'Redis（{{where}}）に停止を指示しましたが、{{waited, duration}} たってもまだ動いています。',
    hint: {
      en: 'Check the stop command (it may stop a different Redis) and the Redis log; nothing was replaced.',
      ja: '停止コマンド（別の Redis を止めている可能性があります）と Redis のログを確認してください。何も置き換えていません。',
    },
  },
  'redis-did-not-start': {
    en: 'Redis at {{where}} did not come back within {{waited, duration}} after the restore.',
    ja: '復元後 {{waited, duration}} 以内に、Redis（{{where}}）が再び応答しませんでした。',
    hint: {
      en: 'Check the Redis log for why it did not start or load the file.',
      ja: 'Redis が起動しなかった理由、またはファイルを読み込めなかった理由を、Redis のログで確認してください。',
    },
  },
  'redis-service-unknown': {
    en: 'A file restore has to stop and start Redis, but Kura does not know how Redis is run as a service on {{platform}}.',
    ja: 'ファイル復元では Redis を停止・起動する必要がありますが、{{platform}} で Redis がどのようにサービスとして動いているかを Kura は判断できません。',
    hint: serviceHint,
  },
  'redis-service-windows-not-found': {
    en: 'A file restore has to stop and start Redis, but no Windows service named {{names}} was found.',
    ja: 'ファイル復元では Redis を停止・起動する必要がありますが、{{names}} という名前の Windows サービスが見つかりませんでした。',
    hint: serviceHint,
  },
  'redis-service-systemd-not-found': {
    en: 'A file restore has to stop and start Redis, but no systemd unit {{names}} was found.',
    ja: 'ファイル復元では Redis を停止・起動する必要がありますが、systemd のユニット {{names}} が見つかりませんでした。',
    hint: serviceHint,
  },
  'redis-service-command-empty': {
    en: 'A file restore has to stop and start Redis, but the configured stop or start command is empty.',
    ja: 'ファイル復元では Redis を停止・起動する必要がありますが、設定された停止または起動のコマンドが空です。',
    hint: serviceHint,
  },
  'redis-service-stop-failed': {
    en: 'Could not stop Redis with {{command}} (exit status {{status}}). {{output}}',
    ja: '{{command}} で Redis を停止できませんでした（終了ステータス {{status}}）。{{output}}',
    hint: {
      en: 'Check that Kura runs with the rights to stop the Redis service (administrator / root), or set the stop command on this Redis source.',
      ja: 'Kura が Redis サービスを停止できる権限（管理者 / root）で動いているか確認するか、この Redis ソースに停止コマンドを設定してください。',
    },
  },
  'redis-service-start-failed': {
    en: 'Could not start Redis with {{command}} (exit status {{status}}). {{output}}',
    ja: '{{command}} で Redis を起動できませんでした（終了ステータス {{status}}）。{{output}}',
    hint: {
      en: 'Start Redis by hand and check its log; the previous data file was kept next to the restored one (".kura-before-restore").',
      ja: 'Redis を手作業で起動し、ログを確認してください。以前のデータファイルは、復元したファイルの隣に残してあります（「.kura-before-restore」）。',
    },
  },
});
