/**
 * The rights check before a restore starts (engine/restore/restore-rights.ts): what the account may
 * not do and what each missing right is needed for, the refusal, and how the CLI and the wizard ask
 * for a restore account.
 */
import { defineMessages } from '../define.js';

export const restoreRightsMessages = defineMessages({
  'rights-purpose-create': { en: 'to create the database and its tables', ja: 'データベースとテーブルを作成するため' },
  'rights-purpose-drop': { en: 'to replace the tables, and to undo a restore that fails', ja: 'テーブルを置き換え、失敗した復元を元に戻すため' },
  'rights-purpose-insert': { en: 'to write the rows', ja: '行を書き込むため' },
  'rights-purpose-alter': { en: "for the dump's ALTER TABLE … DISABLE KEYS", ja: 'ダンプ内の ALTER TABLE … DISABLE KEYS のため' },
  'rights-purpose-lock': { en: "for the dump's LOCK TABLES … WRITE", ja: 'ダンプ内の LOCK TABLES … WRITE のため' },
  'rights-purpose-references': { en: 'for foreign keys (MySQL 8.0.22 and later)', ja: '外部キーのため（MySQL 8.0.22 以降）' },
  'rights-purpose-views': { en: { one: 'for the snapshot’s {{count}} view', other: 'for the snapshot’s {{count}} views' }, ja: 'スナップショットのビュー {{count}} 個のため' },
  'rights-purpose-routines': {
    en: { one: 'for the snapshot’s {{count}} stored routine', other: 'for the snapshot’s {{count}} stored routines' },
    ja: 'スナップショットのストアドルーチン {{count}} 個のため',
  },
  'rights-purpose-triggers': { en: { one: 'for the snapshot’s {{count}} trigger', other: 'for the snapshot’s {{count}} triggers' }, ja: 'スナップショットのトリガー {{count}} 個のため' },
  'rights-purpose-events': { en: { one: 'for the snapshot’s {{count}} event', other: 'for the snapshot’s {{count}} events' }, ja: 'スナップショットのイベント {{count}} 個のため' },
  'rights-purpose-safety': { en: 'for the safety backup of what the database holds now', ja: 'いまのデータベースの安全バックアップを取るため' },
  'rights-missing-privilege': { en: '{{privilege}} — {{purpose, messages}}', ja: '{{privilege}} — {{purpose, messages}}' },
  'rights-missing-definer': {
    en: '{{privilege}} — the snapshot’s views, routines, triggers or events belong to {{definers}}, and only an account with {{privilege}} (or SUPER) may recreate them under another owner. Tick “Make me the owner of views and routines” (kura restore --strip-definers) so this account owns them, or have an administrator run: {{grant}}',
    ja: '{{privilege}} — スナップショットのビュー・ルーチン・トリガー・イベントの所有者は {{definers}} です。別の所有者のまま作り直せるのは {{privilege}}（または SUPER）を持つアカウントだけです。「ビューとルーチンの所有者を自分にする」（kura restore --strip-definers）をオンにしてこのアカウントの所有にするか、管理者に次を実行してもらってください：{{grant}}',
  },
  'rights-definers-unknown': {
    en: 'Note: this snapshot does not record who owns its views, routines, triggers and events (it was made before Kura recorded that). If another account owns them, {{account}} cannot recreate them without {{privilege}}, and the import stops and is undone. To be sure, tick “Make me the owner of views and routines” (kura restore --strip-definers), or have an administrator run: {{grant}}',
    ja: '注意：このスナップショットには、ビュー・ルーチン・トリガー・イベントの所有者が記録されていません（Kura が記録するようになる前のバックアップです）。別のアカウントの所有であれば、{{account}} は {{privilege}} がないため作り直せず、取り込みは途中で止まって元に戻されます。確実に復元するには「ビューとルーチンの所有者を自分にする」（kura restore --strip-definers）をオンにするか、管理者に次を実行してもらってください：{{grant}}',
  },
  'rights-files-cannot-write': { en: 'cannot write to {{where}}: {{reason, messages}}', ja: '{{where}} に書き込めません：{{reason, messages}}' },
  'rights-folder-not-writable': { en: 'Kura may not write into the folder {{path}}.', ja: 'フォルダー {{path}} に書き込む権限がありません。' },
  'restore-rights-mysql': {
    en: 'The account {{account}} may not restore {{where}}, so nothing was changed. It lacks:\n{{missing, messages}}',
    ja: 'アカウント {{account}} には {{where}} を復元する権限がないため、何も変更していません。足りない権限：\n{{missing, messages}}',
    hint: {
      en: 'Restore with an account that may write this database — the restore account under "Restore access" in Server setup (the restore wizard asks for it; kura restore --mysql-user <user>, password in KURA_RESTORE_PASSWORD or --password-stdin) — or have an administrator run: {{fix}}',
      ja: 'このデータベースに書き込めるアカウントで復元してください。サーバー設定の「復元用のアクセス」にある復元用アカウントです（復元ウィザードで入力できます。kura restore では --mysql-user <ユーザー> を付け、パスワードは KURA_RESTORE_PASSWORD か --password-stdin で渡します）。または管理者に次を実行してもらってください：{{fix}}',
    },
  },
  'restore-rights-files': {
    en: 'Kura cannot put the files back as {{account}}, so nothing was changed:\n{{missing, messages}}',
    ja: '{{account}} ではファイルを書き戻せないため、何も変更していません：\n{{missing, messages}}',
    hint: {
      en: 'Give write access for this restore — the restore module and user under "Restore access" in Server setup (the restore wizard asks for them; kura restore --rsync-user <user> --rsync-module <module>, password in KURA_RESTORE_PASSWORD or --password-stdin) — or restore into a folder on this PC.',
      ja: 'この復元のための書き込み用アクセスを指定してください。サーバー設定の「復元用のアクセス」にある復元用モジュールとユーザーです（復元ウィザードで入力できます。kura restore では --rsync-user <ユーザー> --rsync-module <モジュール> を付け、パスワードは KURA_RESTORE_PASSWORD か --password-stdin で渡します）。または、このパソコンのフォルダーに復元してください。',
    },
  },
  'restore-rights-folder': {
    en: 'Kura may not write into {{path}}, so nothing was changed.\n{{missing, messages}}',
    ja: '{{path}} に書き込む権限がないため、何も変更していません。\n{{missing, messages}}',
    hint: { en: 'Choose a folder this Windows or Linux account may write to.', ja: 'このアカウントで書き込めるフォルダーを選んでください。' },
  },
  'restore-account-empty-password': {
    en: 'The restore account {{user}} was given without a password.',
    ja: '復元用アカウント {{user}} のパスワードが指定されていません。',
    hint: {
      en: 'Set KURA_RESTORE_PASSWORD, or pipe the password in with --password-stdin (never on the command line).',
      ja: 'KURA_RESTORE_PASSWORD を設定するか、--password-stdin でパスワードを標準入力から渡してください（コマンドラインには書かないでください）。',
    },
  },

  // ---- The restore wizard's "Restore access" (review step)
  'restore-access-title': { en: 'Restore access needed', ja: '復元用のアクセスが必要です' },
  'restore-access-intro-mysql': {
    en: 'The backup account {{account}} may only read. Give a MySQL account that may write {{where}}: it is used for this restore only.',
    ja: 'バックアップ用アカウント {{account}} は読み取りしかできません。{{where}} に書き込めるMySQLアカウントを入力してください。この復元だけに使います。',
  },
  'restore-access-intro-mysql-owner': {
    en: 'The backup account {{account}} may write {{where}}, but may not recreate the snapshot’s views, routines, triggers or events under the accounts that own them: that needs {{privilege}}. Tick “Make me the owner of views and routines”, or give a MySQL account that has {{privilege}}: it is used for this restore only.',
    ja: 'バックアップ用アカウント {{account}} は {{where}} に書き込めますが、スナップショットのビュー・ルーチン・トリガー・イベントを元の所有者のまま作り直すことはできません（{{privilege}} が必要です）。「ビューとルーチンの所有者を自分にする」をオンにするか、{{privilege}} を持つMySQLアカウントを入力してください。この復元だけに使います。',
  },
  'restore-access-intro-mysql-both': {
    en: 'The backup account {{account}} may only read, and may not recreate the snapshot’s views, routines, triggers or events under the accounts that own them ({{privilege}}). Give a MySQL account that may write {{where}} and has {{privilege}} — or tick “Make me the owner of views and routines” and give one that may write: it is used for this restore only.',
    ja: 'バックアップ用アカウント {{account}} は読み取りしかできず、スナップショットのビュー・ルーチン・トリガー・イベントを元の所有者のまま作り直すこともできません（{{privilege}} が必要です）。{{where}} に書き込めて {{privilege}} を持つMySQLアカウントを入力するか、「ビューとルーチンの所有者を自分にする」をオンにして書き込めるアカウントを入力してください。この復元だけに使います。',
  },
  'restore-access-intro-files': {
    en: 'The backup access {{account}} cannot write the files back. Give the restore module and its user: they are used for this restore only.',
    ja: 'バックアップ用のアクセス {{account}} ではファイルを書き戻せません。復元用のモジュールとユーザーを入力してください。この復元だけに使います。',
  },
  'restore-access-intro-folder': {
    en: 'Kura may not write into {{where}}. Go back and choose a folder it may write to.',
    ja: '{{where}} に書き込む権限がありません。戻って、書き込めるフォルダーを選んでください。',
  },
  'restore-access-missing': { en: 'What is missing:', ja: '足りないもの：' },
  'restore-access-fix': { en: 'Or have an administrator give the backup account these rights:', ja: 'または、管理者にバックアップ用アカウントへ次の権限を付与してもらってください：' },
  'restore-access-user': { en: 'User', ja: 'ユーザー' },
  'restore-access-module': { en: 'rsync module for restores', ja: '復元用の rsync モジュール' },
  'restore-access-module-help': { en: 'Server setup prints one as "{{module}}".', ja: 'サーバー設定では「{{module}}」として表示されます。' },
  'restore-access-password': { en: 'Password', ja: 'パスワード' },
  'restore-access-remember': { en: 'Remember this password in the keychain', ja: 'このパスワードをキーチェーンに記憶する' },
  'restore-access-test': { en: 'Test and use', ja: 'テストして使う' },
  'restore-access-testing': { en: 'Testing…', ja: 'テストしています…' },
  'restore-access-still-missing': { en: 'This account cannot do every step either:', ja: 'このアカウントでも、すべての手順は実行できません：' },
  'restore-access-using': { en: 'Restoring as {{user}} (this restore only).', ja: '{{user}} として復元します（この復元だけ）。' },
  'restore-access-using-remembered': { en: 'Restoring as {{user}} (password remembered in the keychain).', ja: '{{user}} として復元します（パスワードはキーチェーンに記憶しました）。' },
  'restore-access-setup-link': { en: 'Server setup: restore access', ja: 'サーバー設定：復元用のアクセス' },
  'restore-access-blocked': { en: 'Start becomes possible once every item has the access it needs.', ja: 'すべての項目に必要なアクセスがそろうと、開始できます。' },
  'restore-access-user-needed': { en: 'Enter the user.', ja: 'ユーザーを入力してください。' },

  // ---- Server setup: the restore access printed next to the read-only backup access
  'setup-title-mysql-restore-user': {
    en: 'Restore access: MySQL/MariaDB account "{{user}}" for {{databases}} (create it to restore, drop it afterwards)',
    ja: '復元用のアクセス：{{databases}} 用の MySQL/MariaDB アカウント「{{user}}」（復元するときに作成し、終わったら削除）',
  },
  'setup-where-mysql-restore-user': {
    en: 'Run as the database administrator on {{where, messages}} when you need to restore; run the DROP USER line afterwards',
    ja: '復元が必要になったら {{where, messages}} でデータベースの管理者として実行し、終わったら DROP USER の行を実行',
  },
  'setup-sql-remove-access': { en: 'After the restore (takes the access away again):', ja: '復元の後で（アクセスを取り消します）：' },
  'setup-note-restore-password': {
    en: 'Kura does not store this password: type it when the restore wizard asks for restore access (tick "Remember" only to keep it in the keychain), or give it to kura restore in KURA_RESTORE_PASSWORD. Each Server setup prints a new one.',
    ja: 'このパスワードは Kura に保存されません。復元ウィザードが復元用のアクセスを尋ねたときに入力してください（キーチェーンに残したいときだけ「記憶する」にチェック）。kura restore では KURA_RESTORE_PASSWORD で渡します。サーバー設定を開くたびに新しいパスワードが表示されます。',
  },
  'setup-note-restore-separate': {
    en: 'The nightly backup account "{{user}}" stays read-only: a stolen backup password cannot wipe the shop.',
    ja: '毎晩のバックアップ用アカウント「{{user}}」は読み取り専用のままです。バックアップ用のパスワードが漏れても、ショップのデータを消されることはありません。',
  },
  'setup-title-rsync-module-restore': {
    en: 'Restore access: rsync module "{{module}}" that writes the website files back (only while you restore)',
    ja: '復元用のアクセス：Web サイトのファイルを書き戻す rsync モジュール「{{module}}」（復元する間だけ）',
  },
  'setup-title-secrets-line-restore': {
    en: 'Restore access: password line for user "{{user}}" (remove it after the restore)',
    ja: '復元用のアクセス：ユーザー「{{user}}」のパスワードの行（復元の後で削除）',
  },
  'setup-conf-comment-restore': {
    en: 'Kura: restore access for job "{{job}}" (source "{{source}}"), usable only while its password line is in the secrets file',
    ja: 'Kura：ジョブ「{{job}}」（ソース「{{source}}」）の復元用アクセス。パスワードの行が secrets ファイルにある間だけ使えます',
  },
  'setup-cmd-remove-restore-access': { en: 'After the restore, take the write access away again:', ja: '復元の後で、書き込みのアクセスを取り消します：' },
  'setup-note-rsync-restore-module': {
    en: 'The backup module "{{module}}" stays read-only. "{{restoreModule}}" writes to the same folder as {{owner}}, and lets "{{user}}" in only while that user\'s password line is in the secrets file.',
    ja: 'バックアップ用のモジュール「{{module}}」は読み取り専用のままです。「{{restoreModule}}」は同じフォルダーに {{owner}} として書き込み、「{{user}}」のパスワードの行が secrets ファイルにある間だけ接続を受け付けます。',
  },

  'restore-account-forgotten': {
    en: 'This restore ran with a restore account whose password was kept only for that session, so Kura no longer has it.',
    ja: 'この復元は、そのときだけ保持した復元用アカウントのパスワードで実行されたため、Kura にはもうそのパスワードがありません。',
    hint: {
      en: 'Give it again: set KURA_RESTORE_PASSWORD (or add --password-stdin) to kura restore --finish or --roll-back; in the app, start the restore again with the restore account.',
      ja: 'もう一度指定してください。kura restore --finish または --roll-back に KURA_RESTORE_PASSWORD を設定する（または --password-stdin を付ける）か、アプリで復元用アカウントを指定して復元をやり直してください。',
    },
  },
  'cli-restore-password-prompt': { en: 'Password of the restore account {{user}}:', ja: '復元用アカウント {{user}} のパスワード：' },
  'cli-restore-password-prompt-journal': { en: 'Password of the restore account this restore used:', ja: 'この復元で使った復元用アカウントのパスワード：' },
  'cli-restore-rights-ok': { en: 'Rights: {{account}} may do every step.', ja: '権限：{{account}} はすべての手順を実行できます。' },
  'cli-restore-rights-missing': { en: 'MISSING RIGHTS — {{account}} may not:', ja: '権限が足りません — {{account}} にできないこと：' },
  'cli-restore-rights-fix': { en: 'An administrator can give them with: {{fix}}', ja: '管理者が次で付与できます：{{fix}}' },
  'cli-restore-rights-refused': {
    en: 'Nothing was restored: the account cannot do every step. Restore with a restore account: {{flags}}',
    ja: '何も復元していません：このアカウントではすべての手順を実行できません。復元用アカウントを指定してください：{{flags}}',
  },
});
