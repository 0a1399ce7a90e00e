/**
 * How `kura restore` and `kura verify --restore-test` show a restore's sentences: every step, check
 * and error is a message (code + facts) rendered in the CLI's language (cli-language.ts); `--json`
 * keeps `code` and `params` and adds the rendered `text` (`message`/`hint` for an error), so scripts
 * and old callers keep working in any language.
 */
import type { ErrorInfo } from '../engine/errors.js';
import type { RestoreCheck, RestoreOutcome, RestorePlan } from '../engine/restore/types.js';
import type { Lang } from '../shared/messages/define.js';
import type { MessageData } from '../shared/messages/index.js';
import { renderable, renderLoose } from '../shared/messages/render.js';
import { line, type CliIo } from './cli-io.js';

/** A message's sentence in the CLI's language. */
export function say(lang: Lang, m: MessageData): string {
  return renderLoose(lang, m.code, m.params).message;
}

/** A message as `--json` shows it: code, facts and the rendered text. */
export function messageJson(lang: Lang, m: MessageData): { code: string; params: MessageData['params']; text: string } {
  return { code: m.code, params: m.params, text: say(lang, m) };
}

function checkJson(lang: Lang, c: RestoreCheck) {
  return { check: messageJson(lang, c.check), ok: c.ok, detail: messageJson(lang, c.detail) };
}

/** An error with its sentences in the CLI's language (catalogued ones from their facts, others as recorded). */
export function errorJson(lang: Lang, e: ErrorInfo): ErrorInfo {
  return e.params && renderable(e.code, e.params) ? { ...e, ...renderLoose(lang, e.code, e.params) } : e;
}

export function planJson(lang: Lang, p: RestorePlan) {
  return {
    ...p,
    steps: p.steps.map((s) => messageJson(lang, s)),
    overwrites: p.overwrites && messageJson(lang, p.overwrites),
    safetyBackup: p.safetyBackup && { willTake: p.safetyBackup.willTake, reason: messageJson(lang, p.safetyBackup.reason) },
  };
}

export function outcomeJson(lang: Lang, o: RestoreOutcome) {
  return {
    ...o,
    steps: o.steps.map((s) => messageJson(lang, s)),
    verification: o.verification.map((c) => checkJson(lang, c)),
    error: o.error && errorJson(lang, o.error),
  };
}

export function checksJson(lang: Lang, checks: readonly RestoreCheck[]) {
  return checks.map((c) => checkJson(lang, c));
}

/**
 * One check as a line, "  ok     rows in `order`: 3 as in the snapshot"; a detail that is an error
 * with advice (a restore test that could not import) gets its advice on the next line.
 */
export function printCheck(io: CliIo, lang: Lang, c: RestoreCheck, indent: string): void {
  const mark = say(lang, { code: c.ok ? 'cli-check-ok' : 'cli-check-failed', params: {} });
  line(io, indent + say(lang, { code: 'cli-check-line', params: { mark, check: say(lang, c.check), detail: say(lang, c.detail) } }));
  const hint = c.ok ? null : renderLoose(lang, c.detail.code, c.detail.params).hint;
  if (hint) line(io, `${indent}       ${say(lang, { code: 'cli-what-to-do', params: { hint } })}`);
}

/** An error's sentence and advice, labelled ("Error: …", "What to do: …"). */
export function printError(io: CliIo, lang: Lang, e: ErrorInfo): void {
  const said = errorJson(lang, e);
  line(io, say(lang, { code: 'cli-error', params: { message: said.message } }));
  if (said.hint) line(io, say(lang, { code: 'cli-what-to-do', params: { hint: said.hint } }));
}
