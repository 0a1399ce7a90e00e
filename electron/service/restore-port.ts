/**
 * What the service needs from the restore engine (`electron/engine/restore/restore-engine.ts`):
 * planning and running one restore. Injected, so the service's own rules (ids, events, cancel,
 * busy tracking) are tested without a real restore, and the composition roots (the Electron main
 * process, `kura serve`) decide which implementation to pass.
 */
import type { RestoreOutcome, RestorePlan, RestoreRequest, RestoreRunOptions } from '../engine/restore/types.js';

export interface RestorePort {
  plan(request: RestoreRequest): Promise<RestorePlan>;
  run(request: RestoreRequest, options: RestoreRunOptions): Promise<RestoreOutcome>;
  /** "Finish the restore" of an interrupted one (its journal id). */
  finish(journalId: string, options: RestoreRunOptions): Promise<RestoreOutcome>;
  /** "Roll back to the safety backup" of an interrupted one. */
  rollBack(journalId: string, options: RestoreRunOptions): Promise<RestoreOutcome>;
  /** Forget an interrupted one, leaving its target as it is. */
  dismiss(journalId: string): Promise<void>;
}
