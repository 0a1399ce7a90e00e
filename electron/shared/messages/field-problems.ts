/**
 * A config field's problem as a catalogued message, from the schema to whoever shows it: the schema's
 * checks carry a catalogue code and its facts (zod only carries text, so they travel encoded in the
 * issue's message, see `problem()`), and every other zod finding — a value of the wrong kind, a
 * missing field, a number out of range — is mapped to its own code here. Each problem is named by its
 * field the way config.json names it (`jobs[0].sources[1].port`), and said in the admin's language
 * wherever it is rendered.
 */
import type { z } from 'zod';
import { msg, verbatim, type FieldProblem, type MessageCode, type MessageData, type ParamsOf } from './index.js';
import { isMessageCode } from './render.js';

const MARK = 'kura-message:';

/** A schema check's message: the catalogue code and its facts (`.regex(re, problem('field-id', {}))`). */
export function problem<C extends MessageCode>(code: C, params: ParamsOf<C>): string {
  const m = msg(code, params);
  return MARK + JSON.stringify({ code: m.code, params: m.params });
}

/** The same for a message already built (`excludeProblem(p)`, an address problem). */
export function problemText(m: MessageData): string {
  return MARK + JSON.stringify({ code: m.code, params: m.params });
}

/** `jobs[0].sources[1].port` from zod's path array. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out || '(top level)';
}

/** What one zod issue says, as a catalogued message. */
export function issueProblem(issue: z.core.$ZodIssue): MessageData {
  if (issue.message.startsWith(MARK)) {
    try {
      const m = JSON.parse(issue.message.slice(MARK.length)) as MessageData;
      if (typeof m.code === 'string' && isMessageCode(m.code)) return { code: m.code, params: m.params ?? {} };
    } catch {
      /* not ours after all: said as zod said it */
    }
  }
  switch (issue.code) {
    case 'invalid_type':
      // zod carries `input` only when asked to (reportInput); its own words say "received undefined" otherwise.
      if ('input' in issue ? issue.input === undefined : /received undefined\b/.test(issue.message)) return msg('field-missing', {});
      switch (issue.expected) {
        case 'string':
          return msg('field-expected-text', {});
        case 'number':
          return msg('field-expected-number', {});
        case 'int':
          return msg('field-expected-whole', {});
        case 'boolean':
          return msg('field-expected-boolean', {});
        case 'array':
          return msg('field-expected-list', {});
        case 'object':
        case 'record':
          return msg('field-expected-object', {});
        default:
          return verbatim(issue.message);
      }
    case 'invalid_value':
      return msg('field-one-of', { values: issue.values.map((v) => JSON.stringify(v)).join(', ') });
    case 'too_small': {
      const minimum = Number(issue.minimum);
      if (issue.origin === 'string') return minimum <= 1 ? msg('field-missing', {}) : msg('field-too-short', { minimum });
      if (issue.origin === 'array' || issue.origin === 'set') return msg('field-too-few', { minimum });
      return msg('field-min', { minimum });
    }
    case 'too_big': {
      const maximum = Number(issue.maximum);
      if (issue.origin === 'string') return msg('field-too-long', { maximum });
      if (issue.origin === 'array' || issue.origin === 'set') return msg('field-too-many', { maximum });
      return msg('field-max', { maximum });
    }
    case 'unrecognized_keys':
      return msg('field-unknown-keys', { keys: issue.keys.join(', ') });
    case 'invalid_format':
      return msg('field-bad-format', {});
    case 'invalid_union':
      // A discriminated union whose tag matched nothing ("type": "ftp"): name what it may be.
      return verbatim(issue.message);
    default:
      return verbatim(issue.message);
  }
}

/** Every problem of a failed parse, each with its field. */
export function fieldProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((i) => ({ field: formatPath(i.path), problem: issueProblem(i) }));
}
