/**
 * Every sentence Kura can say, as data: a closed set of codes (MessageCode), each with the parameters
 * its sentences need (ParamsOf). The engine raises codes with parameters; render.ts turns them into
 * English or Japanese for whoever shows them. One catalogue file per area keeps related sentences
 * together.
 */
import type { ParamsOfDef, ParamValue } from './define.js';
import { cliMessages } from './catalogue/cli.js';
import { destinationMessages } from './catalogue/destination.js';
import { generalMessages } from './catalogue/general.js';
import { offsiteS3Messages } from './catalogue/offsite-s3.js';
import { progressMessages } from './catalogue/progress.js';
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

export const catalogue = {
  ...generalMessages,
  ...offsiteS3Messages,
  ...cliMessages,
  ...destinationMessages,
  ...progressMessages,
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
} as const;

export type Catalogue = typeof catalogue;
export type MessageCode = keyof Catalogue;
export type ParamsOf<C extends MessageCode> = ParamsOfDef<Catalogue[C]>;

/** A message as data, typed: what the engine builds (see msg()). */
export interface Message<C extends MessageCode = MessageCode> {
  code: C;
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

/** Builds a typed message: `msg('destination-lost', { path })`. */
export function msg<C extends MessageCode>(code: C, params: ParamsOf<C>): Message<C> {
  return { code, params };
}

/**
 * Verbatim text that is a fact, not a sentence (a tool's own output line, a server's reply), or an
 * English sentence recorded by an older Kura: shown as it is, in every language.
 */
export function verbatim(text: string): Message<'text'> {
  return { code: 'text', params: { text } };
}
