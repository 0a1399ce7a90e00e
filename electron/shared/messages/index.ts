/**
 * Every sentence Kura can say, as data: a closed set of codes (MessageCode), each with the parameters
 * its sentences need (ParamsOf). The engine raises codes with parameters; render.ts turns them into
 * English or Japanese for whoever shows them. One catalogue file per area keeps related sentences
 * together.
 */
import type { ParamsOfDef, ParamValue } from './define.js';
import { cliMessages } from './catalogue/cli.js';
import { configMessages } from './catalogue/config.js';
import { destinationMessages } from './catalogue/destination.js';
import { generalMessages } from './catalogue/general.js';
import { offsiteMessages } from './catalogue/offsite.js';
import { offsiteS3Messages } from './catalogue/offsite-s3.js';
import { progressMessages } from './catalogue/progress.js';
import { rsyncMessages } from './catalogue/rsync.js';
import { runMessages } from './catalogue/run.js';
import { schedulerMessages } from './catalogue/scheduler.js';
import { secretsMessages } from './catalogue/secrets.js';
import { serverSetupMessages } from './catalogue/server-setup.js';
import { snapshotMessages } from './catalogue/snapshot.js';
import { sshMessages } from './catalogue/ssh.js';
import { trayMessages } from './catalogue/tray.js';
import { partialMessages } from './catalogue/partial.js';
import { mysqlMessages } from './catalogue/mysql.js';
import { redisMessages } from './catalogue/redis.js';
import { restoreMessages } from './catalogue/restore.js';
import { restoreCheckMessages } from './catalogue/restore-checks.js';
import { restoreMysqlMessages } from './catalogue/restore-mysql.js';
import { restoreRedisMessages } from './catalogue/restore-redis.js';
import { cliRestoreMessages } from './catalogue/cli-restore.js';
import { alertMessages } from './catalogue/alerts.js';
import { alertsUiMessages } from './catalogue/alerts-ui.js';
import { standbyMessages } from './catalogue/standby.js';
import { serviceMessages } from './catalogue/service.js';
import { restoreRightsMessages } from './catalogue/restore-rights.js';

export const catalogue = {
  ...generalMessages,
  ...offsiteS3Messages,
  ...cliMessages,
  ...destinationMessages,
  ...progressMessages,
  ...rsyncMessages,
  ...sshMessages,
  ...snapshotMessages,
  ...runMessages,
  ...configMessages,
  ...schedulerMessages,
  ...trayMessages,
  ...offsiteMessages,
  ...serverSetupMessages,
  ...secretsMessages,
  ...partialMessages,
  ...mysqlMessages,
  ...redisMessages,
  ...restoreMessages,
  ...restoreCheckMessages,
  ...restoreMysqlMessages,
  ...restoreRedisMessages,
  ...cliRestoreMessages,
  ...alertMessages,
  ...alertsUiMessages,
  ...standbyMessages,
  ...serviceMessages,
  ...restoreRightsMessages,
} as const;

export type Catalogue = typeof catalogue;
export type MessageCode = keyof Catalogue;
export type ParamsOf<C extends MessageCode> = ParamsOfDef<Catalogue[C]>;

/** A message as data, typed: what the engine builds (see msg()). */
export interface Message<C extends MessageCode = MessageCode> {
  code: BaseCode<C>;
  params: ParamsOf<C>;
}

/**
 * A message as it crosses a boundary (the contract, the CLI's --json, the run history, progress
 * events): the code as text and its parameters. Whoever shows it renders it in their language
 * (render.ts renderLoose); data written by an older Kura may carry codes this one does not know.
 */
export interface MessageData {
  code: string;
  params: Readonly<Record<string, ParamValue>>;
}

/** The stable code of a catalogue entry: `rsync-killed~restore` is said as a variant of `rsync-killed`. */
export type BaseCode<C extends string> = C extends `${infer B}~${string}` ? B : C;

/**
 * Builds a typed message: `msg('destination-lost', { path })`. A variant entry (`code~variant`, see
 * render.ts entryKey) crosses as its stable code with the variant among its facts.
 */
export function msg<C extends MessageCode>(code: C, params: ParamsOf<C>): Message<C> {
  const cut = code.indexOf('~');
  if (cut < 0) return { code: code as BaseCode<C>, params };
  return { code: code.slice(0, cut) as BaseCode<C>, params: { ...params, variant: code.slice(cut + 1) } as ParamsOf<C> };
}

/**
 * Verbatim text that is a fact, not a sentence (a tool's own output line, a server's reply), or an
 * English sentence recorded by an older Kura: shown as it is, in every language.
 */
export function verbatim(text: string): Message<'text'> {
  return { code: 'text', params: { text } };
}

/**
 * Messages carried inside another message's parameter (`{{problems, messages}}`): each field
 * problem of a config, each cause of a failed check, rendered in the same language as the message
 * around them. Kept as text so parameters stay plain values everywhere they travel.
 */
export function messageList(list: readonly MessageData[]): string {
  return JSON.stringify(list.map(({ code, params }) => ({ code, params })));
}

/** A problem with a named field (`jobs[0].sources[1].port`), for a `{{problems, messages}}` list. */
export interface FieldProblem {
  field: string;
  problem: MessageData;
}

/** Field problems for a `{{problems, messages}}` parameter: "jobs[0].port: expected a whole number…", one per line. */
export function fieldProblemList(list: readonly FieldProblem[]): string {
  return JSON.stringify(list.map(({ field, problem }) => ({ field, code: problem.code, params: problem.params })));
}

/** One message inside another's parameter (`{{reason, messages}}`). */
export function nestedMessage(m: MessageData): string {
  return JSON.stringify({ code: m.code, params: m.params });
}

/**
 * Verbatim names (files, ids) for a `{{files, list}}` parameter: at most `max` of them, then how many
 * more there were ("a, b and 3 more" / 「a、b ほか 3 件」).
 */
export function listParam(items: readonly string[], max = Infinity): string {
  const shown = items.slice(0, max);
  return [...shown, ...(items.length > shown.length ? [`+${items.length - shown.length}`] : [])].join('\n');
}

/** A moment for a `{{at, when}}` parameter: said relative to `now` ("yesterday 23:10") in the zone (the viewer's when absent). */
export function whenParam(at: string, now: string, zone?: string): string {
  return [at, now, zone ?? ''].join(' ').trim();
}

/**
 * Names some of which carry a sentence ("a.jpg (the same damaged copy is in snapshots …)") for a
 * `{{files, items}}` parameter: each said in the message's language, joined like `{{files, list}}`.
 */
export function itemsParam(items: ReadonlyArray<string | MessageData>): string {
  return JSON.stringify(items.map((i) => (typeof i === 'string' ? { code: 'text', params: { text: i } } : { code: i.code, params: i.params })));
}
