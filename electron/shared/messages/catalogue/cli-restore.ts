/** What `kura restore` and `kura verify --restore-test` print around the engine's own sentences. */
import { defineMessages } from '../define.js';

export const cliRestoreMessages = defineMessages({
  'cli-check-ok': { en: 'ok    ', ja: 'OK    ' },
  'cli-check-failed': { en: 'FAILED', ja: '不一致' },
  'cli-check-line': { en: '{{mark}} {{check}}: {{detail}}', ja: '{{mark}} {{check}}：{{detail}}' },
  'cli-restore-plan': {
    en: 'Restore plan — snapshot {{snapshot}}, source {{source}} ({{type}}, {{bytes, bytes}}):',
    ja: '復元の計画 — スナップショット {{snapshot}}、ソース {{source}}（{{type}}、{{bytes, bytes}}）：',
  },
  'cli-restore-overwrites': { en: 'Overwrites: {{what}}', ja: '上書きされるもの：{{what}}' },
  'cli-restore-safety-backup': { en: 'Safety backup: {{reason}}', ja: '安全バックアップ：{{reason}}' },
  'cli-restore-confirm': { en: 'Continue? [y/N]', ja: '続けますか？ [y/N]' },
  'cli-restore-confirm-destructive': {
    en: 'This overwrites data. Type "{{word}}" to continue:',
    ja: 'データが上書きされます。続けるには「{{word}}」と入力してください：',
  },
  'cli-restore-no-terminal': {
    en: 'Nothing was restored: add --yes to confirm (there is no terminal to ask on).',
    ja: '何も復元していません。確認できる端末がないため、--yes を付けて確定してください。',
  },
  'not-confirmed': { en: 'Not confirmed: nothing was changed.', ja: '確定されなかったため、何も変更していません。' },
  'not-confirmed-hint': { en: '(Add --yes to run without asking.)', ja: '（確認なしで実行するには --yes を付けてください。）' },
  'cli-restore-what': { en: '{{source}} from snapshot {{snapshot}}', ja: 'スナップショット {{snapshot}} の {{source}}' },
  'cli-restore-what-journal': { en: 'restore {{id}}', ja: '復元 {{id}}' },
  'cli-restore-restored': { en: 'Restored: {{what}}', ja: '復元しました：{{what}}' },
  'cli-restore-finished': { en: 'Finished: {{what}}', ja: '完了しました：{{what}}' },
  'cli-restore-rolled-back': { en: 'Rolled back: {{what}}', ja: '元に戻しました：{{what}}' },
  'cli-restore-status-success': { en: 'SUCCESS: {{what}}', ja: '成功：{{what}}' },
  'cli-restore-status-failed': { en: 'FAILED: {{what}}', ja: '失敗：{{what}}' },
  'cli-restore-status-cancelled': { en: 'CANCELLED: {{what}}', ja: 'キャンセル：{{what}}' },
  'cli-restore-status-rolled-back': { en: 'ROLLED BACK: {{what}}', ja: '元に戻しました：{{what}}' },
  'cli-restore-safety-kept': { en: 'Safety backup: {{path}}', ja: '安全バックアップ：{{path}}' },
  'cli-restore-interrupted': { en: 'Interrupted restore {{id}}: {{sentence}}', ja: '中断された復元 {{id}}：{{sentence}}' },
  'cli-restore-rollback-note': { en: 'Roll back: {{note}}', ja: '元に戻す：{{note}}' },
  'cli-restore-finish-note': {
    en: 'Finish: restores snapshot {{snapshot}} of source {{source}} into {{target}} again, and checks it.',
    ja: '完了：ソース {{source}} のスナップショット {{snapshot}} を {{target}} にもう一度復元し、確認します。',
  },
  'cli-restore-dismiss-note': {
    en: 'Dismiss: forgets this restore; {{target}} is left exactly as it is now.',
    ja: '破棄：この復元を記録から消します。{{target}} はいまの状態のまま残ります。',
  },
  'cli-restore-dismissed': { en: 'Dismissed the interrupted restore {{id}}.', ja: '中断された復元 {{id}} を破棄しました。' },
  'cli-restore-unfinished-banner': { en: '!! UNFINISHED RESTORE ({{id}}): {{sentence}}', ja: '!! 未完了の復元（{{id}}）：{{sentence}}' },
  'cli-restore-test-passed': {
    en: 'Snapshot {{snapshot}}: restore test passed (recorded as verified at {{at, datetime}})',
    ja: 'スナップショット {{snapshot}}：復元テストに合格しました（{{at, datetime}} に検証済みとして記録しました）',
  },
  'cli-restore-test-failed': { en: 'Snapshot {{snapshot}}: RESTORE TEST FAILED', ja: 'スナップショット {{snapshot}}：復元テストに失敗しました' },
});
