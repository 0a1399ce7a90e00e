/**
 * Restore's shared shapes. The request and result are the IPC contract's own types, so the CLI,
 * the Electron shell and `kura serve` all hand the engine the same object the restore wizard builds.
 */
import type { ErrorInfo } from '../errors.js';
import type { Logger, ProgressListener } from '../progress.js';

export type { RestoreRequest, RestorePlanDto as RestorePlan, RestoreResultDto } from '../../shared/ipc-contract.js';

export interface RestoreCheck {
  /** What was compared, e.g. "rows in `order`", "keys in db 0", "files". */
  check: string;
  ok: boolean;
  detail: string;
}

export interface RestoreOutcome {
  status: 'success' | 'failed' | 'cancelled' | 'rolled-back';
  /** Plain sentences of what was done, in order. */
  steps: string[];
  verification: RestoreCheck[];
  safetyBackup: { path: string } | null;
  error: ErrorInfo | null;
}

export interface RestoreRunOptions {
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  logger?: Logger;
}
