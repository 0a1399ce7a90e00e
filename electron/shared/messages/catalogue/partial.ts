/**
 * A run where some items failed and the others were backed up (engine/jobs/run-job.ts): the snapshot
 * is published as `partial`, and the admin is told which items are missing and why, in one run.
 */
import { defineMessages } from '../define.js';

export const partialMessages = defineMessages({
  'run-items-failed': {
    en: {
      one: '{{count}} item could not be backed up: {{items}}. The other items are in snapshot {{snapshot}}, verified.',
      other: '{{count}} items could not be backed up: {{items}}. The other items are in snapshot {{snapshot}}, verified.',
    },
    ja: '{{count}} 件の項目をバックアップできませんでした：{{items}}。ほかの項目はスナップショット {{snapshot}} に保存し、検証済みです。',
    hint: {
      en: "Each item's reason is in this run's log and history. Fix it and run the backup again; the last good copy of each item is kept until then.",
      ja: '項目ごとの理由は、この実行のログと履歴にあります。原因を直して、もう一度バックアップしてください。それまで各項目の最後の正常なコピーは削除されません。',
    },
  },
  'retention-keeps-last-copy': {
    en: 'Retention keeps snapshot {{snapshot}}: it holds the newest verified copy of {{items}}.',
    ja: 'スナップショット {{snapshot}} は {{items}} の最新の検証済みコピーを含むため、保持期間を過ぎても削除しません。',
  },
});
