/**
 * The real restore engine behind the service's RestorePort. Loaded lazily: restore is rare, and
 * the app, `kura serve` and the tray should start without paying for (or being broken by) the
 * restore modules and their tools.
 */
import type { Engine } from '../engine/engine.js';
import type { RestorePort } from './restore-port.js';

export function createEngineRestore(engine: () => Promise<Engine>): RestorePort {
  const context = async () => {
    const e = await engine();
    // `home`: a restore from an off-site location fetches into this service's $KURA_HOME/offsite-cache.
    return { config: await e.loadConfig(), secrets: e.secrets, tools: await e.tools(), now: () => new Date(), home: e.home };
  };
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
  };
}
