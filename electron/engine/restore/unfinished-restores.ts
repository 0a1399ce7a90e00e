/**
 * Restore journals as the admin sees them: one summary per unfinished restore, with the sentence the
 * tray, the dashboard banner and `kura status` show and which of the two ways out is possible — as
 * catalogued messages (catalogue/restore.ts), and rendered in the language asked for. Restores that
 * are simply running in another process are listed too, but only the interrupted, unresolved and
 * damaged ones make Kura's health "failed".
 */
import type { ErrorInfo } from '../errors.js';
import type { Language } from '../scheduler/types.js';
import { msg, type MessageData } from '../../shared/messages/index.js';
import { renderLoose } from '../../shared/messages/render.js';
import { describeJournalTarget, journalCommands, listJournals, needsAttention, type JournalEntry, type JournalState } from './restore-journal.js';

export interface UnfinishedRestore {
  /** The journal id: `kura restore --finish <id>` / `--roll-back <id>`. */
  id: string;
  type: 'mysql' | 'redis' | 'files' | null;
  /** What was being restored, as facts the same in every language ("`shop` (127.0.0.1:3306)", a folder). */
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
  /** What a roll back does, or why there is none: as data, and rendered in the language asked for. */
  rollBack: MessageData;
  rollBackNote: string;
  owner: { pid: number; host: string } | null;
  problem: ErrorInfo | null;
  journalPath: string;
  /** One sentence for the tray, the dashboard and `kura status`: as data, and rendered in the language asked for. */
  message: MessageData;
  sentence: string;
}

export async function unfinishedRestores(home: string, lang: Language): Promise<UnfinishedRestore[]> {
  return (await listJournals(home)).map((e) => summarise(e, lang));
}

export function summarise(e: JournalEntry, lang: Language): UnfinishedRestore {
  const say = (m: MessageData) => renderLoose(lang, m.code, m.params).message;
  if (e.kind === 'damaged') {
    const rollBack = msg('restore-note-damaged', {});
    const message = msg('restore-summary-damaged', { path: e.path, dismiss: journalCommands(e.id).dismiss });
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
      rollBack,
      rollBackNote: say(rollBack),
      owner: null,
      problem: null,
      journalPath: e.path,
      message,
      sentence: say(message),
    };
  }
  const j = e.journal;
  const t = j.target;
  const target = describeJournalTarget(t);
  const untouched = msg('restore-note-untouched', {});
  let canRollBack: boolean;
  let rollBack: MessageData;
  switch (t.type) {
    case 'mysql':
      canRollBack = !j.touched || t.before === null || Boolean(t.safety?.verified) || t.before.kind === 'missing' || t.before.tables + t.before.views === 0;
      rollBack = !j.touched
        ? untouched
        : t.safety?.verified
          ? msg('restore-note-mysql-safety', { path: `_safety/${t.safety.id}/${t.safety.file}` })
          : t.before?.kind === 'missing'
            ? msg('restore-note-mysql-drop', {})
            : canRollBack
              ? msg('restore-note-mysql-empty', {})
              : msg('restore-note-mysql-no-safety', {});
      break;
    case 'redis':
      canRollBack = !j.touched || t.method === 'file';
      rollBack = !j.touched ? untouched : t.method === 'file' ? msg('restore-note-redis-file', { suffix: '.kura-before-restore' }) : msg('restore-note-redis-live', {});
      break;
    case 'files':
      canRollBack = !j.touched;
      rollBack = !j.touched ? untouched : msg('restore-note-files', {});
      break;
  }
  const attention = needsAttention(e);
  const facts = { target, snapshot: j.snapshotId, started: j.createdAt };
  let message: MessageData;
  switch (e.state) {
    case 'running':
    case 'other-host':
      message = msg('restore-summary-running', { target, pid: j.owner.pid, host: j.owner.host });
      break;
    case 'interrupted':
      message = j.touched ? msg('restore-summary-interrupted', { ...facts, step: j.step }) : msg('restore-summary-interrupted-untouched', facts);
      break;
    case 'unresolved':
      message = msg('restore-summary-unresolved', facts);
      break;
  }
  return {
    id: j.id,
    type: t.type,
    target,
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
    rollBack,
    rollBackNote: say(rollBack),
    owner: { pid: j.owner.pid, host: j.owner.host },
    problem: j.problem ? { ...j.problem, category: j.problem.category as ErrorInfo['category'] } : null,
    journalPath: e.path,
    message,
    sentence: say(message),
  };
}

/** The overall message when restores need the admin: it replaces the backups' own one (null when none does). */
export function restoresMessage(list: readonly UnfinishedRestore[]): MessageData | null {
  const open = list.filter((r) => r.needsAttention);
  if (open.length === 0) return null;
  if (open.length === 1) return open[0]!.message;
  return msg('restore-summary-several', { count: open.length });
}

/** The same, rendered in a language (the tray's tooltip, the service's overall sentence). */
export function restoresSentence(list: readonly UnfinishedRestore[], lang: Language): string | null {
  const m = restoresMessage(list);
  return m === null ? null : renderLoose(lang, m.code, m.params).message;
}
