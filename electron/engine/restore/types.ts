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
