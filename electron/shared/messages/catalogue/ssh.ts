/**
 * SSH: the job's own connection (engine/tools/ssh/ssh-errors.ts: ssh2, pinned host keys, forwarding)
 * and OpenSSH's words when rsync runs ssh itself (tools/rsync/rsync-errors.ts). Host, port, user,
 * key files and fingerprints are facts; the server's and ssh's own reasons stay as they were said.
 */
import { defineMessages } from '../define.js';

const trustHint = {
  en: "Compare this fingerprint with the one your hosting company shows (or that ssh-keygen -lf prints on the server), then confirm it in the job's server connection.",
  ja: 'このフィンガープリントを、ホスティング会社が示すもの（またはサーバーで ssh-keygen -lf が表示するもの）と比べてから、ジョブのサーバー接続で確認してください。',
} as const;

const changedMessage = {
  en: 'The SSH server {{host}} port {{port}} now shows the key {{fingerprint}}, not the one you confirmed ({{pinned}}). Kura stopped and copied nothing: this happens when a server is reinstalled, or when someone is intercepting the connection.',
  ja: 'SSH サーバー {{host}}（ポート {{port}}）が示した鍵 {{fingerprint}} は、確認済みの鍵（{{pinned}}）ではありません。Kura は停止し、何もコピーしていません。サーバーを再インストールした場合や、誰かが通信を傍受している場合に起こります。',
} as const;

export const sshMessages = defineMessages({
  // ---- reaching the server
  'ssh-connect-refused': {
    en: 'Nothing accepts SSH connections on {{host}} port {{port}}: the connection was refused.',
    ja: '{{host}}（ポート {{port}}）で SSH の接続を受け付けるものがありません。接続が拒否されました。',
    hint: {
      en: 'Check the SSH port in the server connection (rental servers often use a port such as 10022 instead of 22) and that the server is running.',
      ja: 'サーバー接続の SSH ポートを確認してください（レンタルサーバーでは 22 の代わりに 10022 などを使うことがよくあります）。また、サーバーが動いていることを確認してください。',
    },
  },
  'ssh-connect-timeout': {
    en: '{{host}} port {{port}} did not answer within {{seconds}} seconds.',
    ja: '{{host}}（ポート {{port}}）から {{seconds}} 秒以内に応答がありませんでした。',
    hint: {
      en: 'Check the server address and port, that the server is up, and that no firewall blocks this computer.',
      ja: 'サーバーのアドレスとポート、サーバーが動いていること、このパソコンがファイアウォールでふさがれていないことを確認してください。',
    },
  },
  'ssh-host-not-found': {
    en: 'The server name {{host}} could not be found.',
    ja: 'サーバー名 {{host}} が見つかりませんでした。',
    hint: {
      en: 'Check the spelling of the server address, and that this computer is online.',
      ja: 'サーバーのアドレスの綴りと、このパソコンがネットワークにつながっていることを確認してください。',
    },
  },
  'ssh-unreachable': {
    en: '{{host}} port {{port}} cannot be reached ({{reason, messages}}).',
    ja: '{{host}}（ポート {{port}}）に到達できません（{{reason, messages}}）。',
    hint: {
      en: 'Check that this computer is online and the server address is right.',
      ja: 'このパソコンがネットワークにつながっていることと、サーバーのアドレスが正しいことを確認してください。',
    },
  },
  'ssh-not-ssh': {
    en: '{{host}} port {{port}} answered, but not as an SSH server ({{reason, messages}}).',
    ja: '{{host}}（ポート {{port}}）は応答しましたが、SSH サーバーとしてではありませんでした（{{reason, messages}}）。',
    hint: {
      en: "Check the port: it may belong to another service (a web or mail server). Your hosting company's control panel shows the SSH port.",
      ja: 'ポートを確認してください。別のサービス（Web サーバーやメールサーバー）のポートかもしれません。SSH のポートはホスティング会社のコントロールパネルで確認できます。',
    },
  },
  'ssh-handshake-failed': {
    en: 'Kura and the SSH server {{host}} port {{port}} could not agree on a secure connection ({{reason, messages}}).',
    ja: 'Kura と SSH サーバー {{host}}（ポート {{port}}）の間で、安全な接続の方式が合いませんでした（{{reason, messages}}）。',
    hint: {
      en: 'The server may allow only very old or very new encryption methods; ask your hosting company which ones it offers.',
      ja: 'サーバーが、とても古いかとても新しい暗号方式しか許可していない可能性があります。使える方式をホスティング会社に確認してください。',
    },
  },
  'ssh-connection-lost': {
    en: 'The SSH connection to {{host}} port {{port}} was closed in the middle of the work ({{reason, messages}}). Nothing from this run was published.',
    ja: '作業の途中で {{host}}（ポート {{port}}）への SSH 接続が切れました（{{reason, messages}}）。この実行の結果は何も保存していません。',
    hint: {
      en: 'Kura tries again by itself at the next retry; if it keeps happening, check the line and the server.',
      ja: '次の再試行で Kura が自動でやり直します。繰り返し起こる場合は、回線とサーバーを確認してください。',
    },
  },
  'ssh-keepalive-timeout': { en: 'no answer to keep-alives for a minute', ja: '1 分間、キープアライブに応答がありませんでした' },
  'ssh-closed-by-server': { en: 'the server closed the connection', ja: 'サーバーが接続を閉じました' },
  'ssh-no-answer-within': { en: 'no answer within {{seconds}} seconds', ja: '{{seconds}} 秒以内に応答がありませんでした' },
  'ssh-no-route': { en: 'no route to the host', ja: 'ホストへの経路がありません' },
  'ssh-no-network-route': { en: 'this computer has no network route to it', ja: 'このパソコンからそこへのネットワーク経路がありません' },

  // ---- the server's identity
  'ssh-host-key-unknown': {
    en: 'Kura has not been told to trust the SSH server {{host}} port {{port}} yet. It shows the key {{fingerprint}}.',
    ja: 'SSH サーバー {{host}}（ポート {{port}}）はまだ信頼済みとして登録されていません。サーバーの鍵は {{fingerprint}} です。',
    hint: trustHint,
  },
  'ssh-host-key-unknown~job': {
    en: 'Kura has not been told to trust the SSH server {{host}} port {{port}} yet. It shows the key {{fingerprint}}.',
    ja: 'SSH サーバー {{host}}（ポート {{port}}）はまだ信頼済みとして登録されていません。サーバーの鍵は {{fingerprint}} です。',
    hint: {
      en: "Compare this fingerprint with the one your hosting company shows (or that ssh-keygen -lf prints on the server), then confirm it in the job's server connection or run: {{command}}.",
      ja: 'このフィンガープリントを、ホスティング会社が示すもの（またはサーバーで ssh-keygen -lf が表示するもの）と比べてから、ジョブのサーバー接続で確認するか、次のコマンドを実行してください：{{command}}',
    },
  },
  'ssh-host-key-changed': {
    ...changedMessage,
    hint: {
      en: "Ask your hosting company whether the server or its SSH key was changed. Only if so, confirm the new key in the job's server connection.",
      ja: 'サーバーやその SSH 鍵が変更されたかを、ホスティング会社に確認してください。変更されていた場合に限り、ジョブのサーバー接続で新しい鍵を確認してください。',
    },
  },
  'ssh-host-key-changed~job': {
    ...changedMessage,
    hint: {
      en: "Ask your hosting company whether the server or its SSH key was changed. Only if so, confirm the new key in the job's server connection or run: {{command}}.",
      ja: 'サーバーやその SSH 鍵が変更されたかを、ホスティング会社に確認してください。変更されていた場合に限り、ジョブのサーバー接続で新しい鍵を確認するか、次のコマンドを実行してください：{{command}}',
    },
  },
  /** OpenSSH's own check (rsync over a plain ssh): the key in known_hosts differs. */
  'ssh-host-key-changed~known-hosts': {
    en: 'The SSH server {{where}} presented a different host key than the one remembered.',
    ja: 'SSH サーバー {{where}} が、記録されているものとは異なるホスト鍵を提示しました。',
    hint: {
      en: 'If the server was reinstalled or moved, remove its old line from known_hosts; otherwise someone may be intercepting the connection.',
      ja: 'サーバーを再インストールまたは移転した場合は、known_hosts からそのサーバーの古い行を削除してください。そうでない場合は、誰かが通信を傍受している可能性があります。',
    },
  },

  // ---- logging in
  'ssh-key-refused': {
    en: 'The SSH server {{host}} port {{port}} did not accept the key {{key}} for the user "{{user}}".',
    ja: 'SSH サーバー {{host}}（ポート {{port}}）は、ユーザー「{{user}}」の鍵 {{key}} を受け付けませんでした。',
    hint: {
      en: 'Add the public key ({{key}}.pub) to ~{{user}}/.ssh/authorized_keys on the server (Server setup shows the line), and check the user name.',
      ja: '公開鍵（{{key}}.pub）をサーバーの ~{{user}}/.ssh/authorized_keys に追加し（「サーバーの設定」に追加する行が表示されます）、ユーザー名を確認してください。',
    },
  },
  'ssh-key-unreadable': {
    en: 'The SSH key file {{key}} cannot be used: {{reason, messages}}.',
    ja: 'SSH 鍵ファイル {{key}} は使えません：{{reason, messages}}。',
    hint: {
      en: 'Choose the private key file (not the .pub file) in the server connection; Kura reads OpenSSH, PEM and PuTTY (.ppk) keys.',
      ja: 'サーバー接続で秘密鍵のファイル（.pub ではないほう）を選んでください。Kura は OpenSSH、PEM、PuTTY（.ppk）の鍵を読めます。',
    },
  },
  'ssh-key-file-missing': { en: 'the file does not exist', ja: 'ファイルがありません' },
  'ssh-key-file-denied': { en: 'Kura may not read it', ja: 'Kura に読み取りの権限がありません' },
  'ssh-key-file-format': { en: 'it is not a private key Kura can read', ja: 'Kura が読める秘密鍵ではありません' },
  'ssh-key-file-damaged': { en: 'the key in it is damaged or incomplete', ja: '中の鍵が壊れているか、途中で切れています' },
  'ssh-key-flawed': {
    en: 'The SSH key {{key}} was made by an earlier version of Kura with a flaw (about 1 key in 256): neither Kura nor the server can use it.',
    ja: 'SSH 鍵 {{key}} は、以前の Kura が不具合のあるまま作った鍵です（およそ 256 本に 1 本）。Kura もサーバーもこの鍵を使えません。',
    hint: {
      en: "Make a new key in the job's server connection (Make a key for Kura), and put its line on the server in place of the old one.",
      ja: 'ジョブのサーバー接続で新しい鍵を作り（「Kura 用の鍵を作る」）、その公開鍵の行を古い行の代わりにサーバーへ登録してください。',
    },
  },
  'ssh-passphrase-missing': {
    en: 'The SSH key {{key}} is protected by a passphrase, and Kura has none stored for it.',
    ja: 'SSH 鍵 {{key}} はパスフレーズで保護されていますが、Kura にはそのパスフレーズが保存されていません。',
    hint: {
      en: "Enter the key's passphrase in the server connection; Kura keeps it in the keychain.",
      ja: 'サーバー接続で鍵のパスフレーズを入力してください。Kura はキーチェーンに保管します。',
    },
  },
  'ssh-passphrase-wrong': {
    en: 'The passphrase stored for the SSH key {{key}} does not unlock it.',
    ja: 'SSH 鍵 {{key}} 用に保存されたパスフレーズでは、鍵を開けません。',
    hint: { en: "Enter the key's passphrase again in the server connection.", ja: 'サーバー接続で鍵のパスフレーズをもう一度入力してください。' },
  },
  'ssh-password-refused': {
    en: 'The SSH server {{host}} port {{port}} refused the password for the user "{{user}}".',
    ja: 'SSH サーバー {{host}}（ポート {{port}}）が、ユーザー「{{user}}」のパスワードを拒否しました。',
    hint: {
      en: 'Check the user name and enter the password again. Some servers accept only keys (PasswordAuthentication no): then use a key.',
      ja: 'ユーザー名を確認し、パスワードをもう一度入力してください。鍵しか受け付けないサーバー（PasswordAuthentication no）もあります。その場合は鍵を使ってください。',
    },
  },
  'ssh-no-credentials': {
    en: 'The server connection to {{host}} port {{port}} has neither a key file nor a password.',
    ja: '{{host}}（ポート {{port}}）へのサーバー接続には、鍵ファイルもパスワードもありません。',
    hint: { en: 'Choose a key file or enter a password in the server connection.', ja: 'サーバー接続で鍵ファイルを選ぶか、パスワードを入力してください。' },
  },

  // ---- forwarding to the databases
  'ssh-forwarding-forbidden': {
    en: 'The SSH server {{host}} does not let Kura connect on to {{what}} at {{target}}: port forwarding is switched off for "{{user}}".',
    ja: 'SSH サーバー {{host}} は、Kura が {{target}} の {{what}} へ接続することを許可していません。「{{user}}」のポート転送が無効になっています。',
    hint: {
      en: 'Ask your hosting company to allow TCP forwarding for this user (AllowTcpForwarding yes or local in sshd_config); if the key line in authorized_keys has permitopen, add permitopen="{{target}}".',
      ja: 'このユーザーの TCP 転送を許可するよう、ホスティング会社に依頼してください（sshd_config の AllowTcpForwarding yes または local）。authorized_keys の鍵の行に permitopen がある場合は、permitopen="{{target}}" を追加してください。',
    },
  },
  'ssh-forward-target-unreachable': {
    en: 'The SSH server {{host}} could not reach {{what}} at {{target}} ({{reason, messages}}).',
    ja: 'SSH サーバー {{host}} から {{target}} の {{what}} に接続できませんでした（{{reason, messages}}）。',
    hint: {
      en: 'Check the {{what}} address as the server sees it (usually 127.0.0.1 when it runs on the same server) and that it is running.',
      ja: 'サーバーから見た {{what}} のアドレス（同じサーバーで動いている場合は通常 127.0.0.1）と、{{what}} が動いていることを確認してください。',
    },
  },

  // ---- OpenSSH run by rsync (files sources with their own ssh)
  'ssh-auth-failed': {
    en: 'The SSH server {{where}} did not accept the key.',
    ja: 'SSH サーバー {{where}} が鍵を受け付けませんでした。',
    hint: {
      en: 'Check the key file chosen for this source, and that its public key is in ~/.ssh/authorized_keys of that user on the server.',
      ja: 'このソースに設定した鍵ファイルと、その公開鍵がサーバー上の該当ユーザーの ~/.ssh/authorized_keys に登録されていることを確認してください。',
    },
  },
  'ssh-key-permissions': {
    en: 'ssh refused to use the SSH key {{key}} for {{where}}: other users of this computer can read it.',
    ja: '他のユーザーも読み取れるため、ssh は {{where}} 用の SSH 鍵 {{key}} を使いませんでした。',
    hint: {
      en: 'Make the key readable only by you: {{command}} (nothing on the server needs to change).',
      ja: '鍵を自分だけが読めるようにしてください：{{command}}（サーバー側の変更は不要です）。',
    },
  },
  'ssh-key-permissions~windows': {
    en: 'ssh refused to use the SSH key {{key}} for {{where}}: other users of this computer can read it.',
    ja: '他のユーザーも読み取れるため、ssh は {{where}} 用の SSH 鍵 {{key}} を使いませんでした。',
    hint: {
      en: 'Make the key readable only by you. In a Command Prompt: {{command}} (this removes the inherited permissions of the folder; nothing on the server needs to change).',
      ja: '鍵を自分だけが読めるようにしてください。コマンドプロンプトで次を実行します：{{command}}（フォルダーから継承したアクセス権が外れます。サーバー側の変更は不要です）。',
    },
  },
  'ssh-key-permissions~unnamed': {
    en: 'ssh refused to use the SSH key for {{where}}: other users of this computer can read it.',
    ja: '他のユーザーも読み取れるため、ssh は {{where}} 用の SSH 鍵を使いませんでした。',
    hint: {
      en: 'Make the key readable only by you: {{command}} (nothing on the server needs to change).',
      ja: '鍵を自分だけが読めるようにしてください：{{command}}（サーバー側の変更は不要です）。',
    },
  },
  'ssh-key-permissions~unnamed-windows': {
    en: 'ssh refused to use the SSH key for {{where}}: other users of this computer can read it.',
    ja: '他のユーザーも読み取れるため、ssh は {{where}} 用の SSH 鍵を使いませんでした。',
    hint: {
      en: 'Make the key readable only by you. In a Command Prompt: {{command}} (this removes the inherited permissions of the folder; nothing on the server needs to change).',
      ja: '鍵を自分だけが読めるようにしてください。コマンドプロンプトで次を実行します：{{command}}（フォルダーから継承したアクセス権が外れます。サーバー側の変更は不要です）。',
    },
  },
  'ssh-key-unusable': {
    en: 'The SSH key file for {{where}} cannot be used.',
    ja: '{{where}} 用の SSH 鍵ファイルを使用できません。',
    hint: {
      en: 'Check that the key file exists, is a private key without a passphrase, and is readable only by you.',
      ja: '鍵ファイルが存在すること、パスフレーズのない秘密鍵であること、自分だけが読み取れるようになっていることを確認してください。',
    },
  },
  'ssh-host-unknown': {
    en: 'The server name in {{where}} could not be found.',
    ja: '{{where}} のサーバー名が見つかりませんでした。',
    hint: {
      en: 'Check the host name for typos, and that this computer is online.',
      ja: 'ホスト名に誤りがないか、このパソコンがネットワークにつながっているかを確認してください。',
    },
  },
  'ssh-connect-failed': {
    en: 'Could not connect to the SSH server {{where}}.',
    ja: 'SSH サーバー {{where}} に接続できませんでした。',
    hint: { en: 'Check the host, the SSH port, and any firewall in between.', ja: 'ホスト名、SSH のポート番号、途中のファイアウォールを確認してください。' },
  },
  'ssh-missing': {
    en: 'The ssh program could not be started.',
    ja: 'ssh プログラムを起動できませんでした。',
    hint: {
      en: 'Install OpenSSH (or reinstall Kura on Windows), or set the ssh path in Settings.',
      ja: 'OpenSSH をインストールするか（Windows では Kura を再インストール）、「設定」で ssh の場所を指定してください。',
    },
  },
  'ssh-missing~not-found': {
    en: 'ssh was not found on this computer, and {{host}} is an SSH address.',
    ja: '{{host}} は SSH のアドレスですが、このパソコンで ssh が見つかりませんでした。',
    hint: { en: 'Install the OpenSSH client, or set the ssh path in Settings.', ja: 'OpenSSH クライアントをインストールするか、「設定」で ssh の場所を指定してください。' },
  },
  'ssh-missing~not-found-windows': {
    en: 'ssh was not found on this computer, and {{host}} is an SSH address.',
    ja: '{{host}} は SSH のアドレスですが、このパソコンで ssh が見つかりませんでした。',
    hint: {
      en: 'Reinstall Kura (it ships ssh.exe with cwRsync), or set the ssh path in Settings.',
      ja: 'Kura を再インストールするか（Kura には cwRsync と一緒に ssh.exe が同梱されています）、「設定」で ssh の場所を指定してください。',
    },
  },
  'ssh-remote-rsync-missing': {
    en: 'rsync is not installed on the server {{where}} (or not on its PATH).',
    ja: 'サーバー {{where}} に rsync がインストールされていません（または PATH 上にありません）。',
    hint: { en: 'Install rsync on the server.', ja: 'サーバーに rsync をインストールしてください。' },
  },
  'log-ssh-connected': {
    en: 'SSH: connected to {{login}} (server key {{fingerprint}}, compression {{compression}})',
    ja: 'SSH：{{login}} に接続しました（サーバーの鍵 {{fingerprint}}、圧縮 {{compression}}）',
  },
  'log-ssh-forward': {
    en: 'SSH: {{what}} at {{target}} on the server is reached through {{local}} for this run',
    ja: 'SSH：この実行の間、サーバー上の {{what}}（{{target}}）には {{local}} を通して接続します',
  },
});
