/**
 * Writes every dirty page to disk before a timed run (`sync`, not timed). Without it a run pays for
 * the previous run's writeback: the seed's `cp`/`gzip >` leave their 0.3–1 GB unsynced in the page
 * cache, and the kernel writes it out during whatever runs next — measured on the Redis file pair,
 * Kura's side took 1.08 × the seed's without this and 1.01 × with it (the seed never pays for its
 * own copy either way, Kura always fsyncs its own). Used by `npm run bench` and
 * `npm run bench:save-contention` alike.
 */
import { runProcess } from '../../electron/engine/process/run-process.js';

export async function settle(): Promise<void> {
  const r = await runProcess({ file: 'sync', args: [] });
  if (r.exitCode !== 0) throw new Error(`sync failed (exit ${r.exitCode}): ${r.stderr}`);
}
