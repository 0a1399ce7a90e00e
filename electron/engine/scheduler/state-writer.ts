/**
 * The scheduler's memory on disk: loaded once before anything else, written after every change.
 * Writes are coalesced (the state is serialized when the write runs, so one write covers every
 * change before it) and chained, so `flush` can wait until everything so far is on disk.
 */
import { msg } from '../../shared/messages/index.js';
import { sayTo } from '../progress.js';
import type { SchedulerCore } from './scheduler-core.js';
import { loadSchedulerState, saveSchedulerState } from './scheduler-state.js';

export interface StateWriter {
  persist(): void;
  flush(): Promise<void>;
  ensureLoaded(): Promise<void>;
  refreshJobs(): Promise<void>;
}

export function createStateWriter(core: SchedulerCore): StateWriter {
  const { deps, logger } = core;
  let loaded: Promise<void> | null = null;
  let writeChain: Promise<void> = Promise.resolve();
  let writeQueued = false;

  /** Coalesces writes: the state is serialized when the write runs, so one write covers every change before it. */
  function persist(): void {
    if (writeQueued) return;
    writeQueued = true;
    writeChain = writeChain.then(async () => {
      writeQueued = false;
      try {
        await saveSchedulerState(deps.stateFile, core.state);
      } catch (err) {
        sayTo(logger, 'warn', msg('log-sched-state-unsaved', { path: deps.stateFile, reason: (err as Error).message }));
      }
    });
  }

  async function flush(): Promise<void> {
    let current: Promise<void>;
    do {
      current = writeChain;
      await current;
    } while (current !== writeChain);
  }

  function ensureLoaded(): Promise<void> {
    loaded ??= (async () => {
      const r = await loadSchedulerState(deps.stateFile);
      if (r.kind === 'damaged') sayTo(logger, 'warn', msg('log-sched-state-damaged', { path: deps.stateFile, reason: r.reason }));
      core.state = r.state;
      await refreshJobs();
    })();
    return loaded;
  }

  async function refreshJobs(): Promise<void> {
    const list = await deps.listJobs();
    core.jobs = new Map(list.map((j) => [j.id, j]));
  }

  return { persist, flush, ensureLoaded, refreshJobs };
}
