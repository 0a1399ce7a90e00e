/**
 * Off-site copies in S3-compatible buckets (AWS, Wasabi, Sakura, Cloudflare R2, a Ceph gateway):
 * connection and key problems, encryption, Object Lock, what pruning costs, the copy's checks.
 */
import { defineMessages } from '../define.js';

export const offsiteS3Messages = defineMessages({
  // ---- reaching the bucket ------------------------------------------------------------------------
  's3-unknown-access-key': {
    en: 'The S3 service at {{endpoint}} does not know this access key id.',
    ja: '{{endpoint}} の S3 サービスはこのアクセスキー ID を認識しません。',
    hint: {
      en: 'Copy the access key id again from the provider’s console (or create a new key) and enter it in the off-site settings.',
      ja: 'プロバイダーの管理画面からアクセスキー ID をもう一度コピーする（または新しいキーを作る）と、オフサイトの設定に入力してください。',
    },
  },
  's3-wrong-secret-key': {
    en: 'The S3 service at {{endpoint}} refused the secret access key: it does not match the access key id.',
    ja: '{{endpoint}} の S3 サービスがシークレットアクセスキーを拒否しました。アクセスキー ID と一致しません。',
    hint: {
      en: 'Enter the secret access key again in the off-site settings (it is shown only once when the key is created; if it is lost, create a new key).',
      ja: 'オフサイトの設定でシークレットアクセスキーを入力し直してください（キー作成時に一度だけ表示されます。失った場合は新しいキーを作ってください）。',
    },
  },
  's3-no-bucket': {
    en: 'There is no bucket “{{bucket}}” at {{endpoint}}.',
    ja: '{{endpoint}} にバケット「{{bucket}}」がありません。',
    hint: {
      en: 'Check the bucket name and the region/endpoint, or create the bucket in the provider’s console (with Object Lock if you want ransomware-proof copies).',
      ja: 'バケット名とリージョン／エンドポイントを確認するか、プロバイダーの管理画面でバケットを作成してください（ランサムウェア対策にはオブジェクトロックを有効にして作成）。',
    },
  },
  's3-access-denied': {
    en: 'The key may not do this in bucket “{{bucket}}” ({{key}}).',
    ja: 'このキーにはバケット「{{bucket}}」でこの操作の権限がありません（{{key}}）。',
    hint: {
      en: 'Give the key read, write, list and delete permission on the bucket (and object retention permission when Object Lock is used).',
      ja: 'キーにバケットの読み取り・書き込み・一覧・削除の権限（オブジェクトロックを使う場合は保持期間の権限も）を与えてください。',
    },
  },
  's3-object-lock-unavailable': {
    en: 'Bucket “{{bucket}}” has no Object Lock, so the copies cannot be protected from deletion.',
    ja: 'バケット「{{bucket}}」にはオブジェクトロックがないため、コピーを削除から保護できません。',
    hint: {
      en: 'Object Lock can only be turned on when a bucket is created: create a new bucket with Object Lock, or turn off “Protect the copies from deletion”.',
      ja: 'オブジェクトロックはバケット作成時にしか有効にできません。オブジェクトロック付きの新しいバケットを作るか、「コピーを削除から保護する」をオフにしてください。',
    },
  },
  's3-quota': {
    en: 'Bucket “{{bucket}}” refused the upload: its storage quota is used up, or the object is too large for it.',
    ja: 'バケット「{{bucket}}」がアップロードを拒否しました。容量の上限に達したか、オブジェクトが大きすぎます。',
    hint: {
      en: 'Raise the quota with the provider, or keep fewer snapshots off-site.',
      ja: 'プロバイダーで上限を引き上げるか、オフサイトに残すスナップショットを減らしてください。',
    },
  },
  's3-unreachable': {
    en: 'The S3 service at {{endpoint}} cannot be reached (no connection, a timeout or a server error).',
    ja: '{{endpoint}} の S3 サービスに接続できません（接続なし、タイムアウト、またはサーバーエラー）。',
    hint: {
      en: 'Check the internet connection and the endpoint; Kura tries again on the next run and continues where the copy stopped.',
      ja: 'インターネット接続とエンドポイントを確認してください。Kura は次回の実行で再試行し、中断したところから続けます。',
    },
  },
  's3-request-failed': {
    en: 'A request to bucket “{{bucket}}” at {{endpoint}} failed: {{reason}}',
    ja: '{{endpoint}} のバケット「{{bucket}}」への要求が失敗しました：{{reason}}',
    hint: {
      en: 'If it happens again, send the run log to whoever maintains Kura for you.',
      ja: '繰り返し起きる場合は、実行ログを Kura の担当者に送ってください。',
    },
  },
  's3-object-too-large': {
    en: '{{key}} is larger than {{bytes, bytes}}, larger than any such file Kura writes.',
    ja: '{{key}} は {{bytes, bytes}} を超えており、Kura が書くこの種類のファイルより大きすぎます。',
    hint: {
      en: 'Something other than Kura wrote into this folder of the bucket; check what it is.',
      ja: 'Kura 以外の何かがバケットのこのフォルダーに書き込んでいます。確認してください。',
    },
  },

  // ---- the job folder and its key -----------------------------------------------------------------
  's3-not-kura': {
    en: '{{key}} is not a file Kura wrote, so this folder of the bucket is left alone.',
    ja: '{{key}} は Kura が書いたファイルではないため、バケットのこのフォルダーには手を付けません。',
    hint: {
      en: 'Choose another prefix (folder) in the bucket for Kura’s copies.',
      ja: 'Kura のコピー用に、バケット内の別のプレフィックス（フォルダー）を選んでください。',
    },
  },
  's3-folder-encrypted': {
    en: 'The copies at {{address}} are encrypted, but this off-site target has no encryption set.',
    ja: '{{address}} のコピーは暗号化されていますが、このオフサイト先には暗号化が設定されていません。',
    hint: {
      en: 'Turn encryption on for this target with the same passphrase, or use another prefix.',
      ja: 'このオフサイト先で同じパスフレーズを使って暗号化を有効にするか、別のプレフィックスを使ってください。',
    },
  },
  's3-folder-unencrypted': {
    en: 'The copies at {{address}} are not encrypted; Kura does not mix encrypted copies into them.',
    ja: '{{address}} のコピーは暗号化されていません。Kura は暗号化したコピーをそこに混ぜません。',
    hint: {
      en: 'Use another prefix (folder) for the encrypted copies.',
      ja: '暗号化したコピーには別のプレフィックス（フォルダー）を使ってください。',
    },
  },
  's3-key-needed': {
    en: 'The copies at {{address}} are encrypted, and no passphrase or key was given to open them.',
    ja: '{{address}} のコピーは暗号化されていますが、開くためのパスフレーズも鍵も指定されていません。',
    hint: {
      en: 'Give the passphrase from the recovery kit (Kura asks for it, or set KURA_PASSPHRASE), or the key with KURA_AGE_IDENTITY.',
      ja: 'リカバリーキットのパスフレーズを入力する（Kura が尋ねます。または KURA_PASSPHRASE を設定）か、KURA_AGE_IDENTITY で鍵を指定してください。',
    },
  },
  's3-key-mismatch': {
    en: 'The key in this PC’s keychain does not open the copies at {{address}} (they were encrypted with another key).',
    ja: 'この PC のキーチェーンにある鍵では {{address}} のコピーを開けません（別の鍵で暗号化されています）。',
    hint: {
      en: 'Give the passphrase from the recovery kit of these copies: Kura then keeps their key.',
      ja: 'このコピーのリカバリーキットのパスフレーズを入力してください。以後 Kura がその鍵を保管します。',
    },
  },
  's3-key-file-missing': {
    en: 'The key file kura-key.age is missing at {{address}}, so the passphrase alone cannot open the copies.',
    ja: '{{address}} に鍵ファイル kura-key.age がないため、パスフレーズだけではコピーを開けません。',
    hint: {
      en: 'Use the key printed on the recovery kit (AGE-SECRET-KEY-1…) with KURA_AGE_IDENTITY.',
      ja: 'リカバリーキットに印刷された鍵（AGE-SECRET-KEY-1…）を KURA_AGE_IDENTITY で指定してください。',
    },
  },
  's3-wrong-passphrase': {
    en: 'The passphrase does not open the copies at {{address}}.',
    ja: 'このパスフレーズでは {{address}} のコピーを開けません。',
    hint: {
      en: 'Type the passphrase exactly as on the recovery kit (capitals, spaces and symbols count).',
      ja: 'リカバリーキットのとおりに正確に入力してください（大文字・空白・記号も区別されます）。',
    },
  },

  // ---- content -------------------------------------------------------------------------------------
  's3-object-damaged': {
    en: '{{key}} in the bucket is damaged or was altered: {{reason, messages}}.',
    ja: 'バケットの {{key}} が破損しているか改ざんされています：{{reason, messages}}。',
    hint: {
      en: 'Restore from another snapshot; run “kura verify --offsite --full” to see what else is affected.',
      ja: '別のスナップショットから復元してください。「kura verify --offsite --full」で他に影響がないか確認できます。',
    },
  },
  // why (s3-object-damaged's reason); the decryption's own words stay in the error's detail, for the log
  's3-damage-not-age': { en: 'it is not an encrypted (age) file', ja: '暗号化された（age の）ファイルではありません' },
  's3-damage-no-matching-key': { en: 'none of the keys opens it', ja: 'どの鍵でも開けません' },
  's3-damage-wrong-passphrase': { en: 'the passphrase does not open it', ja: 'パスフレーズで開けません' },
  's3-damage-damaged': { en: 'its encrypted content does not check out', ja: '暗号化された内容の検証に失敗しました' },
  's3-damage-truncated': { en: 'it was cut short', ja: '途中で切れています' },
  's3-damage-index': { en: 'it is not an index Kura wrote', ja: 'Kura が書いた索引ではありません' },
  's3-damage-hash': { en: 'its content hashes to sha256 {{actual}}, not {{expected}}', ja: '内容の sha256 が {{expected}} ではなく {{actual}} です' },
  's3-object-missing': {
    en: '{{key}} is missing from the bucket, so {{path}} cannot be restored from it.',
    ja: 'バケットに {{key}} がないため、{{path}} を復元できません。',
    hint: {
      en: 'Restore from another snapshot; run “kura verify --offsite” to see what else is affected.',
      ja: '別のスナップショットから復元してください。「kura verify --offsite」で他に影響がないか確認できます。',
    },
  },
  's3-local-damaged': {
    en: 'The local snapshot {{snapshot}} no longer matches what it recorded ({{path}}), so it was not copied off-site.',
    ja: 'ローカルのスナップショット {{snapshot}} が記録内容と一致しないため（{{path}}）、オフサイトにコピーしませんでした。',
    hint: {
      en: 'Run “kura verify” on it; the next good snapshot is copied as usual.',
      ja: 'このスナップショットに「kura verify」を実行してください。次の正常なスナップショットは通常どおりコピーされます。',
    },
  },
  's3-snapshot-incomplete': {
    en: 'The snapshot {{snapshot}} at {{address}} is not complete there any more (it may have been removed meanwhile).',
    ja: '{{address}} のスナップショット {{snapshot}} は完全な状態ではなくなっています（途中で削除された可能性があります）。',
    hint: {
      en: 'List the snapshots there again and pick another one.',
      ja: 'スナップショットの一覧をもう一度表示して、別のものを選んでください。',
    },
  },

  // ---- warnings of a run ---------------------------------------------------------------------------
  's3-unencrypted': {
    en: 'The off-site copies at {{address}} are not encrypted: anyone who can read the bucket can read the backups.',
    ja: '{{address}} のオフサイトコピーは暗号化されていません。バケットを読める人は誰でもバックアップを読めます。',
    hint: {
      en: 'Turn on encryption for this target (a new prefix is needed for the encrypted copies).',
      ja: 'このオフサイト先で暗号化を有効にしてください（暗号化したコピーには新しいプレフィックスが必要です）。',
    },
  },
  's3-tidy-skipped': {
    en: 'Unused data in the bucket was not cleaned up: the index of snapshot {{snapshot}} could not be read.',
    ja: 'スナップショット {{snapshot}} の索引を読めなかったため、バケット内の不要なデータを整理しませんでした。',
    hint: {
      en: 'Run “kura verify --offsite” to check that snapshot.',
      ja: '「kura verify --offsite」でそのスナップショットを確認してください。',
    },
  },
  's3-early-delete': {
    en: {
      one: '{{count}} object ({{bytes, bytes}}) was deleted before the provider’s {{days}}-day minimum storage period: it is billed as if kept {{days}} days.',
      other: '{{count}} objects ({{bytes, bytes}}) were deleted before the provider’s {{days}}-day minimum storage period: they are billed as if kept {{days}} days.',
    },
    ja: '{{count}} 個のオブジェクト（{{bytes, bytes}}）をプロバイダーの最低保存期間 {{days}} 日より前に削除しました。{{days}} 日分の料金がかかります。',
    hint: {
      en: 'Keep snapshots off-site for at least {{days}} days (keep more daily, weekly or monthly snapshots) to avoid paying for deleted data.',
      ja: '削除済みデータに料金を払わないよう、オフサイトのスナップショットを {{days}} 日以上保持してください（日次・週次・月次の保持数を増やす）。',
    },
  },
  's3-prune-locked': {
    en: 'The old snapshot {{snapshot}} at {{address}} is still locked until {{until, datetime}}; it is removed on a run after that.',
    ja: '{{address}} の古いスナップショット {{snapshot}} は {{until, datetime}} までロックされています。その後の実行で削除します。',
  },

  // ---- the setup wizard's off-site step ------------------------------------------------------------
  'offsite-ui-step-title': { en: 'Off-site copy', ja: 'オフサイトコピー' },
  'offsite-ui-step-intro': {
    en: 'A copy of every backup in cloud storage, encrypted on this PC: if the PC burns, is stolen or is hit by ransomware, the backups survive.',
    ja: 'すべてのバックアップのコピーを、この PC で暗号化してクラウドストレージに置きます。PC の火災・盗難・ランサムウェアでもバックアップが残ります。',
  },
  'offsite-ui-enable': {
    en: 'Copy the backups to S3-compatible storage (Amazon S3, Wasabi, Sakura, Cloudflare R2…)',
    ja: 'バックアップを S3 互換ストレージ（Amazon S3、Wasabi、さくら、Cloudflare R2 など）にコピーする',
  },
  'offsite-ui-other-targets': {
    en: { one: 'This job also copies to {{count}} other place, kept as it is: {{places}}', other: 'This job also copies to {{count}} other places, kept as they are: {{places}}' },
    ja: 'このジョブは他に {{count}} か所にもコピーしています（そのまま残します）：{{places}}',
  },
  'offsite-ui-service': { en: 'Service', ja: 'サービス' },
  'offsite-ui-endpoint': { en: 'Endpoint (URL)', ja: 'エンドポイント（URL）' },
  'offsite-ui-endpoint-help': {
    en: 'As the provider’s console shows it, e.g. https://s3.isk01.sakurastorage.jp. Not needed for Amazon S3.',
    ja: 'プロバイダーの管理画面に表示されるとおりに（例：https://s3.isk01.sakurastorage.jp）。Amazon S3 では不要です。',
  },
  'offsite-ui-region': { en: 'Region', ja: 'リージョン' },
  'offsite-ui-bucket': { en: 'Bucket', ja: 'バケット' },
  'offsite-ui-prefix': { en: 'Folder in the bucket (prefix)', ja: 'バケット内のフォルダー（プレフィックス）' },
  'offsite-ui-prefix-help': {
    en: 'Kura keeps this job’s copies in {{address}}.',
    ja: 'このジョブのコピーは {{address}} に置かれます。',
  },
  'offsite-ui-path-style': { en: 'Path-style addresses (needed by most services other than Amazon S3)', ja: 'パス形式のアドレス（Amazon S3 以外の多くのサービスで必要）' },
  'offsite-ui-access-key': { en: 'Access key ID', ja: 'アクセスキー ID' },
  'offsite-ui-secret-key': { en: 'Secret access key', ja: 'シークレットアクセスキー' },
  'offsite-ui-secret-stored': { en: 'Stored in the keychain. Type a new one only to replace it.', ja: 'キーチェーンに保存済みです。置き換える場合のみ新しい値を入力してください。' },
  'offsite-ui-test': { en: 'Test the connection', ja: '接続をテスト' },
  'offsite-ui-test-ok-lock': {
    en: 'Connected. The bucket has Object Lock: the copies can be protected from deletion.',
    ja: '接続できました。このバケットにはオブジェクトロックがあり、コピーを削除から保護できます。',
  },
  'offsite-ui-test-ok-nolock': {
    en: 'Connected. The bucket has no Object Lock (it can only be turned on when a bucket is created).',
    ja: '接続できました。このバケットにはオブジェクトロックがありません（バケット作成時にしか有効にできません）。',
  },
  'offsite-ui-test-existing': {
    en: 'Kura’s copies of this job are already in this folder: the same passphrase opens them.',
    ja: 'このフォルダーには既にこのジョブのコピーがあります。同じパスフレーズで開けます。',
  },
  'offsite-ui-encrypt': { en: 'Encrypt the copies on this PC (recommended)', ja: 'この PC でコピーを暗号化する（推奨）' },
  'offsite-ui-no-encrypt-warning': {
    en: 'Without encryption anyone who can read the bucket can read the backups — customer data, and the passwords stored in the database. Choose this only for storage you fully control.',
    ja: '暗号化しないと、バケットを読める人は誰でもバックアップ（顧客情報やデータベース内のパスワード）を読めます。完全に自分で管理しているストレージの場合だけにしてください。',
  },
  'offsite-ui-passphrase': { en: 'Passphrase', ja: 'パスフレーズ' },
  'offsite-ui-passphrase-again': { en: 'Passphrase again', ja: 'パスフレーズ（確認）' },
  'offsite-ui-passphrase-help': {
    en: 'At least 12 characters; a few unrelated words are easy to type and hard to guess. It is printed on the recovery kit.',
    ja: '12 文字以上。関係のない単語をいくつか並べると、入力しやすく推測されにくくなります。リカバリーキットに印刷されます。',
  },
  'offsite-ui-passphrase-stored': { en: 'A passphrase is stored in the keychain.', ja: 'パスフレーズはキーチェーンに保存済みです。' },
  'offsite-ui-lock': { en: 'Protect the copies from deletion (S3 Object Lock)', ja: 'コピーを削除から保護する（S3 オブジェクトロック）' },
  'offsite-ui-lock-off': { en: 'No protection', ja: '保護しない' },
  'offsite-ui-lock-compliance': {
    en: 'Compliance (recommended): nobody can delete or overwrite a copy before its date — not Kura, not ransomware using Kura’s key, not the account owner.',
    ja: 'コンプライアンス（推奨）：期限前には誰もコピーを削除・上書きできません。Kura も、Kura の鍵を使うランサムウェアも、アカウントの所有者もできません。',
  },
  'offsite-ui-lock-governance': {
    en: 'Governance: an account with a special permission can remove copies early. It protects against mistakes; on many services the owner’s key has that permission, so it does not stop an attacker who has it.',
    ja: 'ガバナンス：特別な権限を持つアカウントは期限前に削除できます。誤操作からは守れますが、多くのサービスでは所有者の鍵がその権限を持つため、それを盗んだ攻撃者は防げません。',
  },
  'offsite-ui-lock-days': {
    en: 'Each copy is kept (and billed) at least {{days}} days: the longest the retention keeps a snapshot.',
    ja: '各コピーは最低 {{days}} 日間保存され（料金もかかり）ます。保持ルールでスナップショットが残る最長期間です。',
  },
  'offsite-ui-min-days': {
    en: '{{service}} bills every object for at least {{days}} days. This retention removes snapshots sooner, so each removed copy is billed as if kept {{days}} days: keep more daily, weekly or monthly snapshots to get what you pay for.',
    ja: '{{service}} はすべてのオブジェクトに最低 {{days}} 日分の料金がかかります。この保持ルールではそれより早く削除されるため、削除したコピーも {{days}} 日分の料金になります。日次・週次・月次の保持数を増やすと無駄がありません。',
  },
  'offsite-ui-kit-create': { en: 'Create the recovery kit', ja: 'リカバリーキットを作成' },
  'offsite-ui-kit-show': { en: 'Show the recovery kit again', ja: 'リカバリーキットをもう一度表示' },
  'offsite-ui-kit-print': { en: 'Print, or save as PDF', ja: '印刷、または PDF として保存' },
  'offsite-ui-kit-confirm': {
    en: 'I have printed or saved the recovery kit, and keep it away from this PC.',
    ja: 'リカバリーキットを印刷または保存し、この PC とは別の場所に保管しました。',
  },
  'offsite-ui-err-bucket': { en: 'Enter the bucket name (3–63 lower-case letters, digits, "." and "-").', ja: 'バケット名を入力してください（小文字・数字・「.」「-」で 3〜63 文字）。' },
  'offsite-ui-err-endpoint': { en: 'Enter the endpoint (a URL starting with https://), or for Amazon S3 the region.', ja: 'エンドポイント（https:// で始まる URL）を入力してください。Amazon S3 ではリージョンを入力します。' },
  'offsite-ui-err-prefix': { en: 'The folder is names separated by "/", without "..", and does not start with "/".', ja: 'フォルダーは「/」区切りの名前で、「..」を含まず、「/」で始めないでください。' },
  'offsite-ui-err-access-key': { en: 'Enter the access key ID.', ja: 'アクセスキー ID を入力してください。' },
  'offsite-ui-err-secret': { en: 'Enter the secret access key.', ja: 'シークレットアクセスキーを入力してください。' },
  'offsite-ui-err-passphrase-short': { en: 'The passphrase needs at least 12 characters.', ja: 'パスフレーズは 12 文字以上にしてください。' },
  'offsite-ui-err-passphrase-mismatch': { en: 'The two passphrases are not the same.', ja: '2 つのパスフレーズが一致しません。' },
  'offsite-ui-err-kit': {
    en: 'Create the recovery kit and confirm that you kept it: encryption is turned on only then.',
    ja: 'リカバリーキットを作成し、保管したことを確認してください。暗号化はその後に有効になります。',
  },

  // ---- the recovery kit (printed) ------------------------------------------------------------------
  'offsite-kit-title': { en: 'Kura recovery kit — {{job}}', ja: 'Kura リカバリーキット — {{job}}' },
  'offsite-kit-warning': {
    en: 'Without the key or the passphrase on this page, the off-site copies cannot be decrypted by anyone — Kura included. Keep this page away from the PC: in a safe, or sealed at home.',
    ja: 'このページの鍵またはパスフレーズがないと、オフサイトのコピーは誰にも（Kura にも）復号できません。このページは PC から離れた場所（金庫や自宅など）に保管してください。',
  },
  'offsite-kit-where': { en: 'Where the copies are', ja: 'コピーの保存場所' },
  'offsite-kit-address': { en: 'Address for Kura', ja: 'Kura 用のアドレス' },
  'offsite-kit-secret-blank': {
    en: 'not printed: write it here by hand, or create a new key in the provider’s console',
    ja: '印刷しません。ここに手書きするか、プロバイダーの管理画面で新しいキーを作ってください',
  },
  'offsite-kit-keys': { en: 'The keys', ja: '鍵' },
  'offsite-kit-identity': { en: 'Age key (decrypts every copy)', ja: 'age の鍵（すべてのコピーを復号します）' },
  'offsite-kit-passphrase': { en: 'Passphrase (opens kura-key.age in the bucket)', ja: 'パスフレーズ（バケット内の kura-key.age を開きます）' },
  'offsite-kit-no-passphrase': { en: 'none set: keep the age key above', ja: '未設定：上の age の鍵を保管してください' },
  'offsite-kit-created': { en: 'Created {{at, datetime}}', ja: '作成日時 {{at, datetime}}' },
  'offsite-kit-with-kura': { en: 'Restore with Kura on a new PC', ja: '新しい PC で Kura を使って復元する' },
  'offsite-kit-with-kura-text': {
    en: 'Install Kura, then in the restore wizard choose “Open a backup location…” and enter the address, endpoint, keys and passphrase above. Or on the command line:',
    ja: 'Kura をインストールし、復元ウィザードで「バックアップの場所を開く…」を選んで、上のアドレス・エンドポイント・キー・パスフレーズを入力します。コマンドラインでは：',
  },
  'offsite-kit-by-hand': { en: 'Restore without Kura (rclone and age, in bash)', ja: 'Kura を使わずに復元する（rclone と age、bash で実行）' },
  'offsite-kit-step-download': {
    en: '1. Download the copies (first type the secret access key: read -rs SECRET_ACCESS_KEY)',
    ja: '1. コピーをダウンロードします（先にシークレットアクセスキーを入力：read -rs SECRET_ACCESS_KEY）',
  },
  'offsite-kit-step-key': {
    en: '2. Open the key with the passphrase (or save the age key above as kura-key.txt)',
    ja: '2. パスフレーズで鍵を開きます（または上の age の鍵を kura-key.txt として保存）',
  },
  'offsite-kit-step-restore': {
    en: '3. Rebuild the newest snapshot in kura-restore/, then restore from it as from the backup disk (gunzip and mysql, the Redis RDB file, the website files)',
    ja: '3. 最新のスナップショットを kura-restore/ に復元し、バックアップ用ディスクからと同じように戻します（gunzip と mysql、Redis の RDB ファイル、ウェブサイトのファイル）',
  },

  // ---- the dashboard -------------------------------------------------------------------------------
  'offsite-ui-dash-label': { en: 'Off-site', ja: 'オフサイト' },
  'offsite-ui-dash-pushed': { en: 'copied {{at, datetime}}', ja: '{{at, datetime}} にコピー済み' },
  'offsite-ui-dash-never': { en: 'no copy yet', ja: 'まだコピーしていません' },
  'offsite-ui-dash-pending': {
    en: { one: '{{count}} snapshot waiting to be copied', other: '{{count}} snapshots waiting to be copied' },
    ja: '{{count}} 件のスナップショットがコピー待ちです',
  },
  'offsite-ui-dash-failed': {
    en: { one: 'the last copy failed', other: 'the last {{count}} copies failed' },
    ja: '直近 {{count}} 回のコピーが失敗しました',
  },
  'offsite-ui-dash-encrypted': { en: 'encrypted', ja: '暗号化' },
  'offsite-ui-dash-unencrypted': { en: 'not encrypted', ja: '暗号化なし' },

  // ---- the restore wizard's "Open a backup location…" ----------------------------------------------
  'offsite-ui-open-address': {
    en: 'Or an off-site copy: rsync://…, user@host:/path, or s3://bucket/folder',
    ja: 'またはオフサイトのコピー：rsync://…、user@host:/path、s3://バケット/フォルダー',
  },
  'offsite-ui-open': { en: 'Open the off-site copy', ja: 'オフサイトのコピーを開く' },
  'log-s3-manifest-skipped': { en: '{{address}}: {{reason, messages}}; skipped.', ja: '{{address}}：{{reason, messages}}。スキップしました。' },
  'manifest-other-snapshot': { en: 'the manifest names another snapshot', ja: 'マニフェストが別のスナップショットを指しています' },
  'log-s3-still-locked': {
    en: { one: '1 object no snapshot uses any more is still locked; it is removed on a later night.', other: '{{count}} objects no snapshot uses any more are still locked; they are removed on a later night.' },
    ja: 'どのスナップショットも使わなくなったオブジェクト {{count}} 個はまだロックされています。後日の夜に削除します。',
  },
  'log-s3-upload-continued': {
    en: 'Continued the upload of {{key}} cut off earlier: {{kept}} of {{parts}} parts were already there and were not sent again.',
    ja: '途中で止まった {{key}} のアップロードを続けました。{{parts}} 個のパートのうち {{kept}} 個はすでにあったため、送り直していません。',
  },
  // ---- what `kura verify --offsite` found for each item of a snapshot in a bucket (VerifyItemResult.detail)
  'offsite-verify-present': { en: 'present', ja: '揃っています' },
  'offsite-verify-no-location-file': { en: 'kura-location.json is missing', ja: 'kura-location.json がありません' },
  'offsite-verify-no-index': { en: 'the index is missing', ja: '索引がありません' },
  'offsite-verify-object-missing': { en: '{{path}}: its object {{object}} is missing', ja: '{{path}}：オブジェクト {{object}} がありません' },
  'offsite-verify-object-size': {
    en: '{{path}}: its object {{object}} is {{size, number}} bytes, not {{expected, number}}',
    ja: '{{path}}：オブジェクト {{object}} の大きさが {{expected, number}} バイトではなく {{size, number}} バイトです',
  },
  'offsite-verify-not-in-index': { en: 'the index does not hold it as the manifest says', ja: '索引の内容がマニフェストの記録と合いません' },
  'offsite-verify-count': {
    en: 'the index and the manifest disagree (files: {{files, number}} / {{expectedFiles, number}}, bytes: {{bytes, number}} / {{expectedBytes, number}})',
    ja: '索引とマニフェストの記録が合いません（ファイル数：{{files, number}} / {{expectedFiles, number}}、バイト数：{{bytes, number}} / {{expectedBytes, number}}）',
  },
  'offsite-verify-no-list': { en: 'the index does not hold its per-file list', ja: '索引にファイル一覧がありません' },
  'offsite-verify-list-entry': { en: '{{path}}: not in the index as the per-file list says', ja: '{{path}}：ファイル一覧の記録どおりに索引にありません' },
  // ---- the note inside a bucket's kura-location.json (written in both languages: whoever opens the bucket)
  'location-about': {
    en: 'Off-site copies of a Kura backup job. snapshots/<id>/index lists every file of a snapshot and the data/ object holding it; see the recovery kit or Kura\'s README ("{{section}}").',
    ja: 'Kura のバックアップジョブのオフサイトコピーです。snapshots/<id>/index には、スナップショットの各ファイルとそれを収めた data/ のオブジェクトが記録されています。復旧キットか Kura の README（「{{section}}」）を参照してください。',
  },
});
