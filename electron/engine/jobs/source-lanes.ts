/**
 * The order a run backs its sources up in. One after another, as always — except the databases a job
 * reaches through its SSH connection (`"via": "ssh"`, MySQL and Redis), which run two at a time: each
 * alone leaves the link idle while the other end works (a dump is bound by the server and the round
 * trips, a Redis transfer by the link), so side by side they take about as long as the longer one. Measured
 * on the shop world's 100 Mbit/s link (docs/benchmarks.md, issue 16): the second night's database and
 * Redis took 87 + 64 s one after the other. Direct connections stay one at a time: on a LAN or on the
 * same machine both would compete for the same two cores.
 *
 * A source's own failure is its task's business (recorded, the next source is tried); a task that
 * throws ends the run: the others running beside it are stopped through `abort` and awaited, then the
 * first error is thrown.
 */
import type { Source } from '../config/schema.js';
import type { ProgressEvent, ProgressListener } from '../progress.js';

export const SSH_DATABASE_LANES = 2;

export function runsBeside(source: Source): boolean {
  return source.via === 'ssh' && source.type !== 'files';
}

/** Runs `task` for every source (see the file comment); results in the job's order. */
export async function runSourcesInLanes<T>(sources: readonly Source[], task: (source: Source) => Promise<T>, abort: (err: unknown) => void): Promise<T[]> {
  const results: T[] = new Array<T>(sources.length);
  const beside = sources.flatMap((s, i) => (runsBeside(s) ? [i] : []));
  let failure: { err: unknown } | null = null;
  const run = async (i: number) => {
    if (failure) return;
    try {
      results[i] = await task(sources[i]!);
    } catch (err) {
      if (!failure) {
        failure = { err };
        abort(err);
      }
    }
  };
  for (let i = 0; i < sources.length && !failure; i++) {
    if (!runsBeside(sources[i]!)) await run(i);
    else if (i === beside[0]) {
      let next = 0;
      const lane = async () => {
        while (next < beside.length && !failure) await run(beside[next++]!);
      };
      await Promise.all(Array.from({ length: Math.min(SSH_DATABASE_LANES, beside.length) }, lane));
    }
  }
  if (failure) throw (failure as { err: unknown }).err;
  return results;
}

/**
 * Progress of sources running side by side, as one: their bytes added up (the total known once every
 * one of them knows its own), so the card's bar moves forward instead of jumping between two sources.
 */
export function besideProgress(onProgress: ProgressListener): (sourceId: string) => ProgressListener {
  const bytes = new Map<string, { bytes: number; totalBytes: number | null }>();
  return (sourceId) => (e: ProgressEvent) => {
    if (e.kind !== 'bytes') return onProgress(e);
    bytes.set(sourceId, { bytes: e.bytes, totalBytes: e.totalBytes });
    const all = [...bytes.values()];
    const sum = all.reduce((a, b) => a + b.bytes, 0);
    const total = all.every((b) => b.totalBytes !== null) ? all.reduce((a, b) => a + b.totalBytes!, 0) : null;
    onProgress({ kind: 'bytes', sourceId: e.sourceId, bytes: sum, totalBytes: total });
  };
}
