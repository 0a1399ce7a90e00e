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
    en: '{{key}} in the bucket is damaged or was altered: {{reason}}.',
    ja: 'バケットの {{key}} が破損しているか改ざんされています：{{reason}}。',
    hint: {
      en: 'Restore from another snapshot; run “kura verify --offsite --full” to see what else is affected.',
      ja: '別のスナップショットから復元してください。「kura verify --offsite --full」で他に影響がないか確認できます。',
    },
  },
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
});
