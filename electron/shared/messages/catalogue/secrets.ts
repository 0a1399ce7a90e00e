/**
 * Passwords: the OS keychain (engine/secrets/keychain-secret-store.ts), systemd credentials on a
 * server without one (credentials-secret-store.ts), and a password a job needs that is not stored
 * (secret-store.ts). Also `kura doctor`'s findings (engine/doctor.ts). Entry names and files are facts.
 */
import { defineMessages } from '../define.js';

const keychainMessage = {
  en: '{{what, messages}} failed: {{reason, messages}}',
  ja: '{{what, messages}}に失敗しました：{{reason, messages}}',
} as const;

export const secretsMessages = defineMessages({
  'secret-in-use': {
    en: 'The keychain entry "{{ref}}" belongs to a saved job, so it was kept.',
    ja: 'キーチェーンの項目「{{ref}}」は保存済みのジョブが使っているため、削除しませんでした。',
  },
  'secret-missing': {
    en: 'No password is stored in the keychain under "{{ref}}".',
    ja: 'キーチェーンに「{{ref}}」という名前のパスワードが保存されていません。',
    hint: {
      en: "Enter it in the job's settings in Kura, or run: {{command}}",
      ja: 'ジョブの設定でパスワードを入力するか、次のコマンドを実行してください：{{command}}',
    },
  },
  'credential-unreadable': {
    en: 'The password "{{ref}}" could not be read from systemd credentials ({{file}}): {{reason}}',
    ja: 'パスワード「{{ref}}」を systemd の資格情報（{{file}}）から読み取れませんでした：{{reason}}',
    hint: {
      en: 'Check the LoadCredential= line for it in the Kura unit (kura daemon --print-unit) and that the file it names exists.',
      ja: 'Kura のユニット（kura daemon --print-unit）にあるこのパスワードの LoadCredential= の行と、そこに書かれたファイルがあることを確認してください。',
    },
  },
  'credential-read-only': {
    en: 'The password "{{ref}}" comes from systemd credentials ({{file}}), which Kura only reads.',
    ja: 'パスワード「{{ref}}」は systemd の資格情報（{{file}}）から読み取っているため、Kura からは変更できません。',
    hint: {
      en: 'Change the file that the Kura unit names for "{{ref}}" (its LoadCredential= line), then restart the service.',
      ja: 'Kura のユニットが「{{ref}}」に指定しているファイル（LoadCredential= の行）を変更してから、サービスを再起動してください。',
    },
  },

  // ---- the keychain: one sentence, the advice for this computer's keychain
  'keychain-unavailable': {
    ...keychainMessage,
    hint: {
      en: 'Kura stores passwords only in the OS keychain, never in plain text. In a desktop session, install and unlock a Secret Service (gnome-keyring or KeePassXC). On a server without a desktop, give `kura daemon` and `kura serve` the passwords as systemd credentials instead: see `kura daemon --print-unit`.',
      ja: 'Kura はパスワードを OS のキーチェーンにだけ保存し、平文では保存しません。デスクトップ環境では Secret Service（gnome-keyring または KeePassXC）を入れてロックを解除してください。デスクトップのないサーバーでは、`kura daemon` と `kura serve` に systemd の資格情報でパスワードを渡してください（`kura daemon --print-unit` を参照）。',
    },
  },
  'keychain-unavailable~windows': {
    ...keychainMessage,
    hint: {
      en: 'Kura stores passwords only in Windows Credential Manager, never in plain text. Run Kura as the Windows user who saved the passwords (a task in Task Scheduler must run as that user, with "Run whether user is logged on or not"), and check that Credential Manager opens for that user.',
      ja: 'Kura はパスワードを Windows の資格情報マネージャーにだけ保存し、平文では保存しません。パスワードを保存した Windows ユーザーで Kura を実行し（タスク スケジューラのタスクもそのユーザーで、「ユーザーがログオンしているかどうかにかかわらず実行する」にします）、そのユーザーで資格情報マネージャーが開けることを確認してください。',
    },
  },
  'keychain-unavailable~mac': {
    ...keychainMessage,
    hint: {
      en: 'Kura stores passwords only in the macOS Keychain, never in plain text. Unlock your login keychain in Keychain Access and allow Kura when macOS asks.',
      ja: 'Kura はパスワードを macOS のキーチェーンにだけ保存し、平文では保存しません。キーチェーンアクセスでログインキーチェーンのロックを解除し、macOS に尋ねられたら Kura を許可してください。',
    },
  },
  'keychain-reading': { en: 'Reading "{{ref}}" from the keychain', ja: 'キーチェーンからの「{{ref}}」の読み取り' },
  'keychain-saving': { en: 'Saving "{{ref}}" in the keychain', ja: 'キーチェーンへの「{{ref}}」の保存' },
  'keychain-deleting': { en: 'Deleting "{{ref}}" from the keychain', ja: 'キーチェーンからの「{{ref}}」の削除' },
  'keychain-module-missing': {
    en: 'the keychain module could not be loaded ({{reason}})',
    ja: 'キーチェーンのモジュールを読み込めませんでした（{{reason}}）',
  },

  // ---- kura doctor
  'doctor-rsync': { en: '{{flavour}} {{version}} (protocol {{protocol}})', ja: '{{flavour}} {{version}}（プロトコル {{protocol}}）' },
  'doctor-mysql': { en: '{{flavour}} client {{version}}: {{dump}}, {{client}}', ja: '{{flavour}} クライアント {{version}}：{{dump}}、{{client}}' },
  'doctor-keychain-ok': { en: 'The OS keychain answers.', ja: 'OS のキーチェーンは応答しています。' },
  'doctor-keychain-credentials': {
    en: 'No keychain here; every password comes from systemd credentials.',
    ja: 'キーチェーンはありませんが、すべてのパスワードを systemd の資格情報から読み取ります。',
  },
  'doctor-problem': { en: '{{error, messages}} {{error, hint}}', ja: '{{error, messages}}　{{error, hint}}' },
});
