/** Errors any part of Kura can meet: the disk, permissions, cancellation, the unexpected. */
import { defineMessages } from '../define.js';

export const generalMessages = defineMessages({
  /** Verbatim facts (a tool's output line) and sentences an older Kura recorded in English. */
  text: {
    en: '{{text}}',
    ja: '{{text}}',
  },
  cancelled: {
    en: 'The run was cancelled.',
    ja: '実行をキャンセルしました。',
  },
  'disk-full': {
    en: 'The backup folder ran out of disk space.',
    ja: 'バックアップ先のディスクの空き容量がなくなりました。',
    hint: {
      en: 'Free some space on the backup disk (or lower the retention) and run the backup again.',
      ja: 'バックアップ用ディスクの空きを増やす（または保持数を減らす）と、もう一度バックアップしてください。',
    },
  },
  'read-only-disk': {
    en: 'The disk is read-only, so nothing can be written to {{path}}.',
    ja: 'ディスクが読み取り専用のため、{{path}} に書き込めません。',
    hint: {
      en: 'Check that the disk is not write-protected (a lock switch on an SD card or USB stick) and not mounted read-only, or choose another folder.',
      ja: 'ディスクが書き込み禁止になっていないか（SD カードや USB メモリのロックスイッチ）、読み取り専用でマウントされていないかを確認するか、別のフォルダーを選んでください。',
    },
  },
  'permission-denied': {
    en: 'Permission denied: {{path}}',
    ja: 'アクセスが拒否されました：{{path}}',
    hint: {
      en: 'Check that Kura may write to the backup folder.',
      ja: 'Kura がバックアップ先フォルダーに書き込めるか確認してください。',
    },
  },
});
