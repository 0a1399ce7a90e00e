/**
 * Every sentence Kura can say, as data: a closed set of codes (MessageCode), each with the parameters
 * its sentences need (ParamsOf). The engine raises codes with parameters; render.ts turns them into
 * English or Japanese for whoever shows them. One catalogue file per area keeps related sentences
 * together.
 */
import type { ParamsOfDef } from './define.js';
import { generalMessages } from './catalogue/general.js';
import { offsiteS3Messages } from './catalogue/offsite-s3.js';

export const catalogue = {
  ...generalMessages,
  ...offsiteS3Messages,
} as const;

export type Catalogue = typeof catalogue;
export type MessageCode = keyof Catalogue;
export type ParamsOf<C extends MessageCode> = ParamsOfDef<Catalogue[C]>;

/** A message as data: what crosses the contract, the CLI's --json and the run history. */
export interface Message<C extends MessageCode = MessageCode> {
  code: C;
  params: ParamsOf<C>;
}
