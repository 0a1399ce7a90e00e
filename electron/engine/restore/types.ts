/**
 * Restore's shapes, the engine's own. Every sentence in them is a catalogued message (code + facts,
 * electron/shared/messages) that whoever shows it renders in its language: the restore wizard, the
 * CLI, the run log. The contract's DTOs (RestorePlanDto, RestoreResultDto) mirror these and the
 * service maps them (service/restore-dto.ts). The request is shared with the contract as a plain,
 * Node-free schema (shared/restore-request.ts): the restore journal keeps and re-validates it.
 */
import type { ErrorInfo } from '../errors.js';
import type { Logger, ProgressListener } from '../progress.js';
import type { MessageData } from '../../shared/messages/index.js';

export type { RestoreRequest } from '../../shared/restore-request.js';

export type RestoreItemType = 'files' | 'mysql' | 'redis';

/** One comparison of the restored data with the snapshot. */
export interface RestoreCheck {
  /** What was compared ("rows in `order`", "keys in db 0", "restored files"). */
  check: MessageData;
  ok: boolean;
  /** What was found ("3 as in the snapshot", "2 of 5 missing: …"). */
  detail: MessageData;
}

/** What a restore will do, shown before the admin confirms it. Nothing has been changed. */
export interface RestorePlan {
  snapshotId: string;
  sourceId: string;
  type: RestoreItemType;
  /** What will be done, in order. */
  steps: MessageData[];
  /** What will be overwritten, or null when the target is new or empty. */
  overwrites: MessageData | null;
  /** True when the admin must type a confirmation (destructive overwrite). */
  destructive: boolean;
  /** MySQL: whether a safety dump will be taken, and why (or why not). */
  safetyBackup: { willTake: boolean; reason: MessageData } | null;
  bytes: number;
  /** Whether the account the restore will use may do every step (restore-rights.ts); null: not checked (Redis). */
  rights: RestoreRights | null;
}

/**
 * The rights check before Start. `kind` says what the wizard asks for when they are missing: a MySQL
 * account that may write the database, write access to the web server's files, or another folder.
 */
export interface RestoreRights {
  kind: 'mysql' | 'files' | 'folder';
  /** The account as the server knows it, and where ("'kura'@'%' @ 127.0.0.1:3306", "kura @ rsync://web/www"). */
  account: string;
  /** What is written: the database, the module or folder. */
  where: string;
  ok: boolean;
  /** Each missing right with what it is needed for; empty when ok. */
  missing: MessageData[];
  /** MySQL: the GRANT that gives this account what is missing (pasted by an administrator), else null. */
  fix: string | null;
  /**
   * MySQL: which kind of right is missing — writing the database, and/or the owner's right (SET USER,
   * SET_ANY_DEFINER…) to recreate objects under their recorded owners — so the wizard says exactly that.
   */
  lacks?: { write: boolean; owner: string | null };
  /**
   * What may still stop the restore though nothing is known to be missing (a snapshot that did not
   * record who owns its views and routines): shown with the plan's steps, not a refusal.
   */
  notes?: MessageData[];
}

export interface RestoreOutcome {
  status: 'success' | 'failed' | 'cancelled' | 'rolled-back';
  /** What was done, in order. */
  steps: MessageData[];
  verification: RestoreCheck[];
  safetyBackup: { path: string } | null;
  error: ErrorInfo | null;
}

export interface RestoreRunOptions {
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  logger?: Logger;
}
