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
}
