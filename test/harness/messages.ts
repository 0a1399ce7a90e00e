/**
 * Messages (code + facts) in tests: the English sentence a message renders to, so an assertion on
 * the words keeps its strength now that the engine hands out data; and the check that a message
 * renders fully in Japanese — no run of three English words once its facts (parameters) are taken out.
 */
import type { MessageData } from '../../electron/shared/messages/index.js';
import { renderLoose } from '../../electron/shared/messages/render.js';
import { englishRuns } from './english-runs.js';

export const en = (m: MessageData): string => renderLoose('en', m.code, m.params).message;
export const ja = (m: MessageData): string => renderLoose('ja', m.code, m.params).message;

/** Steps as English lines, one per step. */
export const enLines = (ms: readonly MessageData[]): string => ms.map(en).join('\n');

/** Checks with their name and detail in English (what the CLI's English output and older tests read). */
export function enChecks(checks: readonly { check: MessageData; ok: boolean; detail: MessageData }[]): { check: string; ok: boolean; detail: string }[] {
  return checks.map((c) => ({ check: en(c.check), ok: c.ok, detail: en(c.detail) }));
}

/**
 * The English that a message still shows in Japanese: runs of three or more English words in its
 * Japanese rendering once the verbatim facts are removed (empty when it is fully Japanese). A message
 * with the `text` code is a verbatim fact as a whole.
 */
export function englishInJapanese(m: MessageData): string[] {
  if (m.code === 'text') return [];
  return englishRuns(ja(m), Object.values(m.params).map(String));
}

/** Every message of a plan or an outcome (steps, overwrites, checks), for the Japanese check. */
export function messagesOf(x: {
  steps: readonly MessageData[];
  overwrites?: MessageData | null;
  /** A plan's carries a reason (a message); an outcome's only a path. */
  safetyBackup?: object | null;
  verification?: readonly { check: MessageData; detail: MessageData }[];
}): MessageData[] {
  return [
    ...x.steps,
    ...(x.overwrites ? [x.overwrites] : []),
    ...(x.safetyBackup && 'reason' in x.safetyBackup ? [x.safetyBackup.reason as MessageData] : []),
    ...(x.verification ?? []).flatMap((c) => [c.check, c.detail]),
  ];
}

/** Asserts (by returning the offenders) that every message renders in Japanese with no English sentence left. */
export function notJapanese(ms: readonly MessageData[]): Array<{ code: string; english: string[] }> {
  return ms.map((m) => ({ code: m.code, english: englishInJapanese(m) })).filter((x) => x.english.length > 0);
}
