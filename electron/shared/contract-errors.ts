/**
 * Errors that the contract itself raises, before any service code runs (a request refused by its
 * zod schema, a method this engine does not know, a page that may not call, a renderer cut off from
 * its engine), as catalogued messages: each carries its code and facts, so the UI says it in the
 * admin's language, and an English sentence for old callers and logs. A field's problem is said
 * the way a form labels the field ("Port: expected at most 65535"), never as zod's raw words
 * ("Invalid arguments for sources.testMysql: 0.port: Too big…").
 *
 * Imported by Node code and by the browser bundle: no Node, no Electron.
 */
import type { z } from 'zod';
import type { ErrorDto } from './ipc-contract.js';
import { msg, nestedMessage, type MessageCode, type MessageData, type ParamsOf } from './messages/index.js';
import { issueProblem, formatPath } from './messages/field-problems.js';
import { renderLoose } from './messages/render.js';

/** A catalogued message as it crosses the contract: code, facts, and its English sentences. */
export function messageError<C extends MessageCode>(code: C, params: ParamsOf<C>): ErrorDto {
  return dataError(msg(code, params));
}

function dataError(m: MessageData): ErrorDto {
  const en = renderLoose('en', m.code, m.params);
  return { code: m.code, params: { ...m.params }, message: en.message, hint: en.hint };
}

/** A request argument's name → how the forms label it (catalogue `arg-*`). */
const LABELS: Readonly<Record<string, MessageCode>> = {
  port: 'arg-port',
  sshPort: 'arg-port',
  host: 'arg-host',
  user: 'arg-user',
  username: 'arg-user',
  database: 'arg-database',
  from: 'arg-from',
  to: 'arg-to',
  path: 'arg-path',
  id: 'arg-id',
  jobId: 'arg-id',
  name: 'arg-name',
  password: 'arg-password',
  passwordRef: 'arg-password',
  sshKeyPath: 'arg-key-path',
  keyPath: 'arg-key-path',
  fingerprint: 'arg-fingerprint',
  bucket: 'arg-bucket',
  endpoint: 'arg-endpoint',
  region: 'arg-region',
  accessKeyId: 'arg-access-key',
  prefix: 'arg-prefix',
  allow: 'arg-allow',
  lines: 'arg-lines',
};

/** The field a zod issue is about, named as its form labels it; else its path (`0.schedule.times[1]`). */
export function argumentLabel(path: readonly PropertyKey[]): string {
  const last = [...path].reverse().find((p): p is string => typeof p === 'string');
  if (last !== undefined && Object.hasOwn(LABELS, last)) return LABELS[last]!;
  if (path.length === 0) return 'arg-request';
  return formatPath(path);
}

/** A request whose arguments the contract refused: the first field's problem, through the catalogue. */
export function invalidArguments(error: z.ZodError): ErrorDto {
  const first = error.issues[0];
  if (!first) return messageError('invalid-arguments', { field: 'arg-request', problem: nestedMessage(msg('field-bad-format', {})) });
  return messageError('invalid-arguments', { field: argumentLabel(first.path), problem: nestedMessage(issueProblem(first)) });
}

export function unknownMethod(method: unknown): ErrorDto {
  return messageError('unknown-method', { method: String(method).slice(0, 80) });
}
