/**
 * Restore journals as the admin sees them: one summary per unfinished restore, with the sentence the
 * tray, the dashboard banner and `kura status` show (English and Japanese), and which of the two ways
 * out is possible. Restores that are simply running in another process are listed too, but only the
 * interrupted, unresolved and damaged ones make Kura's health "failed".
 */
import type { ErrorInfo } from '../errors.js';
import type { Language } from '../scheduler/types.js';
import { describeJournalTarget, listJournals, needsAttention, type JournalEntry, type JournalState } from './restore-journal.js';

export interface UnfinishedRestore {
  /** The journal id: `kura restore --finish <id>` / `--roll-back <id>`. */
  id: string;
  type: 'mysql' | 'redis' | 'files' | null;
  /** What was being restored, in words. */
  target: string;
  jobId: string | null;
  sourceId: string | null;
  snapshotId: string | null;
  startedAt: string | null;
  /** The last step recorded before it stopped. */
  step: string | null;
  state: JournalState | 'damaged';
  /** True when the target may differ from before (a step that changes it had started). */
  touched: boolean;
  /** True when Kura must be told what to do (interrupted, unresolved, damaged). */
  needsAttention: boolean;
  canRollBack: boolean;
  canFinish: boolean;
  /** What a roll back does, or why there is none. */
  rollBackNote: string;
  owner: { pid: number; host: string } | null;
  problem: ErrorInfo | null;
  journalPath: string;
  /** One sentence for the tray, the dashboard and `kura status`, in the UI language. */
  sentence: string;
}

/** Where a restore stopped, in words: "during the import" / 「取り込み中」. */
const STEP_WORDS: Record<string, { en: string; ja: string }> = {
  started: { en: 'before it began', ja: '開始直後' },
  'safety-backup': { en: 'while taking the safety backup', ja: '安全バックアップの作成中' },
  'safety-verified': { en: 'after the safety backup, before the import', ja: '安全バックアップの作成後、取り込みの前' },
  import: { en: 'during the import', ja: '取り込み中' },
  rollback: { en: 'while rolling back', ja: '元に戻している途中' },
  verify: { en: 'while checking the result', ja: '結果の確認中' },
  copying: { en: 'while copying', ja: 'コピー中' },
  stopping: { en: 'while stopping Redis', ja: 'Redis の停止中' },
  stopped: { en: 'with Redis stopped', ja: 'Redis の停止後' },
  staging: { en: 'while preparing the new files', ja: '新しいファイルの準備中' },
  swapping: { en: 'while putting the snapshot in place', ja: 'スナップショットの配置中' },
  starting: { en: 'while starting Redis', ja: 'Redis の起動中' },
  flush: { en: 'while emptying Redis', ja: 'Redis を空にしている途中' },
  sending: { en: 'while sending the keys', ja: 'キーの送信中' },
};

export function stepWords(step: string, lang: Language): string {
  return STEP_WORDS[step]?.[lang] ?? step;
}

export async function unfinishedRestores(home: string, lang: Language): Promise<UnfinishedRestore[]> {
  return (await listJournals(home)).map((e) => summarise(e, lang));
}

export function summarise(e: JournalEntry, lang: Language): UnfinishedRestore {
  const ja = lang === 'ja';
  if (e.kind === 'damaged') {
    return {
      id: e.id,
      type: null,
      target: e.path,
      jobId: null,
      sourceId: null,
      snapshotId: null,
      startedAt: null,
      step: null,
      state: 'damaged',
      touched: true,
      needsAttention: true,
      canRollBack: false,
      canFinish: false,
      rollBackNote: ja ? '復元ジャーナルが読めないため、元に戻せません。' : 'The journal cannot be read, so Kura cannot roll it back.',
      owner: null,
      problem: null,
      journalPath: e.path,
      sentence: ja
        ? `復元ジャーナル ${e.path} が読めません（${e.reason}）。復元先を手で確認してから、このジャーナルを破棄してください。`
        : `The restore journal ${e.path} cannot be read (${e.reason}): check the restore target by hand, then dismiss it.`,
    };
  }
  const j = e.journal;
  const t = j.target;
  const what = describeJournalTarget(t, lang);
  let canRollBack: boolean;
  let note: string;
  switch (t.type) {
    case 'mysql':
      canRollBack = !j.touched || t.before === null || Boolean(t.safety?.verified) || t.before.kind === 'missing' || t.before.tables + t.before.views === 0;
      note = !j.touched
        ? ja
          ? '何も変更されていません。後片付けだけを行います。'
          : 'Nothing was changed: rolling back only cleans up.'
        : t.safety?.verified
          ? ja
            ? `復元前に取った安全バックアップ（_safety/${t.safety.id}/${t.safety.file}）を取り込み直します。`
            : `Imports the safety backup taken before the restore (_safety/${t.safety.id}/${t.safety.file}).`
          : t.before?.kind === 'missing'
            ? ja
              ? 'この復元で作られたデータベースを削除します。'
              : 'Drops the database, which this restore had created.'
            : canRollBack
              ? ja
                ? '空だったデータベースを空に戻します。'
                : 'Empties the database again (it was empty before).'
              : ja
                ? '安全バックアップが取られていない（--no-safety-backup）ため、元に戻せません。'
                : 'No safety backup was taken (--no-safety-backup), so it cannot be rolled back.';
      break;
    case 'redis':
      canRollBack = !j.touched || t.method === 'file';
      note = !j.touched
        ? ja
          ? '何も変更されていません。後片付けだけを行います。'
          : 'Nothing was changed: rolling back only cleans up.'
        : t.method === 'file'
          ? ja
            ? '残してある以前のデータファイル（.kura-before-restore）に戻して Redis を起動し直します。'
            : 'Puts the kept previous data files (.kura-before-restore) back and restarts Redis.'
          : ja
            ? 'ライブ復元は上書き前のデータを残さないため、元に戻せません。'
            : 'A live restore keeps no copy of what it overwrote, so it cannot be rolled back.';
      break;
    case 'files':
      canRollBack = !j.touched;
      note = !j.touched
        ? ja
          ? '何も変更されていません。後片付けだけを行います。'
          : 'Nothing was changed: rolling back only cleans up.'
        : ja
          ? 'ファイルの復元は置き換えたファイルを残さないため、元に戻せません。'
          : 'A files restore keeps no copy of the files it replaced, so it cannot be rolled back.';
      break;
  }
  const attention = needsAttention(e);
  const when = j.createdAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  let sentence: string;
  switch (e.state) {
    case 'running':
    case 'other-host':
      sentence = ja ? `${what} を復元中です（プロセス ${j.owner.pid}、${j.owner.host}）` : `Restoring ${what} (process ${j.owner.pid} on ${j.owner.host})`;
      break;
    case 'interrupted':
      sentence = j.touched
        ? ja
          ? `${what} の復元（スナップショット ${j.snapshotId}、${when} 開始）が${stepWords(j.step, 'ja')}に中断されました。途中まで復元された状態の可能性があります。安全バックアップに戻すか、復元を完了してください。`
          : `The restore of ${what} from snapshot ${j.snapshotId} (started ${when}) was interrupted ${stepWords(j.step, 'en')}: it may be half restored. Roll back to the safety backup or finish the restore.`
        : ja
          ? `${what} の復元（スナップショット ${j.snapshotId}、${when} 開始）は何も変更する前に中断されました。${what} は元のままです。復元を完了するか、破棄してください。`
          : `The restore of ${what} from snapshot ${j.snapshotId} (started ${when}) was interrupted before it changed anything: ${what} is as it was. Finish it or roll it back.`;
      break;
    case 'unresolved':
      sentence = ja
        ? `${what} の復元（スナップショット ${j.snapshotId}）は元に戻せない状態で終わりました${j.problem ? `（${j.problem.message}）` : ''}。安全バックアップに戻すか、復元を完了してください。`
        : `The restore of ${what} from snapshot ${j.snapshotId} ended in a state that needs a decision${j.problem ? ` (${j.problem.message})` : ''}. Roll back to the safety backup or finish the restore.`;
      break;
  }
  return {
    id: j.id,
    type: t.type,
    target: what,
    jobId: j.jobId,
    sourceId: j.request.sourceId,
    snapshotId: j.snapshotId,
    startedAt: j.createdAt,
    step: j.step,
    state: e.state,
    touched: j.touched,
    needsAttention: attention,
    canRollBack,
    canFinish: true,
    rollBackNote: note,
    owner: { pid: j.owner.pid, host: j.owner.host },
    problem: j.problem ? { ...j.problem, category: j.problem.category as ErrorInfo['category'] } : null,
    journalPath: e.path,
    sentence,
  };
}

/** The overall sentence when restores need the admin: it replaces the backups' own one. */
export function restoresSentence(list: readonly UnfinishedRestore[], lang: Language): string | null {
  const open = list.filter((r) => r.needsAttention);
  if (open.length === 0) return null;
  if (open.length === 1) return open[0]!.sentence;
  return lang === 'ja'
    ? `中断された復元が ${open.length} 件あります。ダッシュボードまたは kura status で確認してください。`
    : `${open.length} restores were interrupted and are not finished: see the dashboard or kura status.`;
}
