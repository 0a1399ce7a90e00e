/**
 * The real restore engine behind the service's RestorePort. Loaded lazily: restore is rare, and
 * the app, `kura serve` and the tray should start without paying for (or being broken by) the
 * restore modules and their tools.
 */
import type { Engine } from '../engine/engine.js';
import type { RestorePort } from './restore-port.js';

export function createEngineRestore(engine: () => Promise<Engine>): RestorePort {
  const context = async () => (await engine()).restoreContext();
  const load = () => import('../engine/restore/restore-engine.js');
  return {
    async plan(request) {
      const { planRestore } = await load();
      return planRestore(await context(), request);
    },
    async run(request, options) {
      const { runRestore } = await load();
      return runRestore(await context(), request, options);
    },
    async finish(journalId, options) {
      return (await engine()).finishRestore(journalId, options);
    },
    async rollBack(journalId, options) {
      return (await engine()).rollBackRestore(journalId, options);
    },
    async dismiss(journalId) {
      return (await engine()).dismissRestore(journalId);
    },
  };
}
