/** Errors any part of Kura can meet: the disk, permissions, cancellation, the unexpected. */
import { defineMessages } from '../define.js';

export const generalMessages = defineMessages({
  /** Verbatim facts (a tool's output line) and sentences an older Kura recorded in English. */
  text: {
    en: '{{text}}',
    ja: '{{text}}',
  },
  /**
   * A request that cannot be done as given (a command-line value, an address, a folder): the base of
   * the `usage~…` variants, which say what was wrong and what to give instead.
   */
  usage: {
    en: '{{problem, messages}}',
    ja: '{{problem, messages}}',
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
  /**
   * A server that took the TCP connection and then said nothing (a hung server, or another program on
   * that port): said as such, so the admin does not hunt for a firewall that lets the connection through.
   */
  'server-no-answer': {
    en: '{{what}} at {{where}} accepted the connection but did not answer within {{seconds}} seconds.',
    ja: '{{what}}（{{where}}）は接続を受け付けましたが、{{seconds}} 秒以内に応答しませんでした。',
    hint: {
      en: 'Check that this port belongs to {{what}} and not to another program, that the server is not hung or overloaded, and try again.',
      ja: 'このポートが別のプログラムではなく {{what}} のものか、サーバーが止まっていたり過負荷になっていたりしないかを確認して、もう一度お試しください。',
    },
  },
  /** A "Test connection" that did not end by itself: the bound on the whole test. */
  'test-timeout': {
    en: 'The test did not finish within {{seconds}} seconds.',
    ja: 'テストが {{seconds}} 秒以内に終わりませんでした。',
    hint: {
      en: 'The server or the network is answering very slowly. Check the server, then test again.',
      ja: 'サーバーまたはネットワークの応答がとても遅くなっています。サーバーを確認してから、もう一度テストしてください。',
    },
  },
  'cancelled~test': {
    en: 'The test was cancelled.',
    ja: 'テストをキャンセルしました。',
  },
});
