/**
 * A backup run as the contract's events tell it: the run id as soon as the run holds the job lock
 * ("Back up now" answers with it), its log lines, its progress (thinned: rsync reports many times a
 * second, the UI needs a few updates, not a flood over IPC) and its end.
 */
import type { RunResult } from '../engine/jobs/run-job.js';
import type { ProgressEvent } from '../engine/progress.js';
import { runResultToDto } from './dto-mapping.js';
import type { ServiceContext } from './service-context.js';

export interface RunEvents {
  /** The running run of each job. */
  readonly runIds: ReadonlyMap<string, string>;
  onRunProgress(jobId: string, event: ProgressEvent): void;
  onRunFinished(jobId: string, trigger: string, result: RunResult | null, skipped: boolean): void;
  waitForRunId(jobId: string): { promise: Promise<string>; cancel: () => void };
}

export function createRunEvents(
  ctx: Pick<ServiceContext, 'events' | 'options'>,
  status: { publish(): void; forget(jobId: string): void },
): RunEvents {
  const { events } = ctx;
  const progressGapMs = ctx.options.progressIntervalMs ?? 100;
  const runIds = new Map<string, string>();
  const runIdWaiters = new Map<string, Set<(runId: string) => void>>();
  const lastProgressAt = new Map<string, number>();

  function onRunProgress(jobId: string, event: ProgressEvent): void {
    switch (event.kind) {
      case 'started': {
        // "Back up now" answers with the run id as soon as the run holds the job lock.
        runIds.set(jobId, event.runId);
        for (const w of runIdWaiters.get(jobId) ?? []) w(event.runId);
        status.publish();
        return;
      }
      case 'log': {
        events.emit('run.log', { jobId, runId: runIds.get(jobId) ?? null, line: `${event.at} ${event.level.toUpperCase().padEnd(5)} ${event.message}` });
        return;
      }
      case 'bytes':
      case 'files': {
        // rsync reports many times a second; the UI needs a few updates, not a flood over IPC.
        const t = Date.now();
        if (t - (lastProgressAt.get(jobId) ?? 0) < progressGapMs) return;
        lastProgressAt.set(jobId, t);
        events.emit('run.progress', { jobId, runId: runIds.get(jobId) ?? null, progress: event });
        return;
      }
      case 'step':
        events.emit('run.progress', { jobId, runId: runIds.get(jobId) ?? null, progress: event });
        return;
    }
  }

  function onRunFinished(jobId: string, trigger: string, result: RunResult | null, skipped: boolean): void {
    if (!skipped) {
      runIds.delete(jobId);
      lastProgressAt.delete(jobId);
      status.forget(jobId);
    }
    events.emit('run.finished', { jobId, run: result ? runResultToDto(result, trigger) : null, skipped });
  }

  function waitForRunId(jobId: string): { promise: Promise<string>; cancel: () => void } {
    let resolveFn: (id: string) => void = () => {};
    const promise = new Promise<string>((r) => (resolveFn = r));
    const set = runIdWaiters.get(jobId) ?? new Set();
    runIdWaiters.set(jobId, set);
    set.add(resolveFn);
    return { promise, cancel: () => set.delete(resolveFn) };
  }

  return { runIds, onRunProgress, onRunFinished, waitForRunId };
}
