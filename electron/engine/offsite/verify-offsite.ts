/**
 * `kura verify --offsite`: are a job's off-site copies really there and readable? For each off-site
 * target of the job (or the one named), the snapshot asked for (`latest`, an id, or `all`) is checked
 * where it is, through the storage-location interface: every object present with the right size and
 * the snapshot's records consistent with its manifest, and a sample decrypted and hashed — or, with
 * `--full`, every byte of it (storage-location.ts, `verifySnapshot`).
 */
import type { Job } from '../config/schema.js';
import { KuraError, toKuraError, type ErrorInfo } from '../errors.js';
import type { Logger } from '../progress.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { orderProblem } from '../snapshot/snapshot-store.js';
import { noteRemoteVerify } from './remote-damage.js';
import { describeOffsiteTarget, openTarget } from '../storage/open-location.js';
import type { VerifyResult } from '../storage/storage-location.js';
import type { ToolResolver } from '../tools/resolve-tool.js';

export interface OffsiteVerifyTarget {
  target: string;
  to: string;
  /** One per snapshot checked. */
  snapshots: VerifyResult[];
  /** The target could not be read at all (no connection, wrong key…). */
  error: ErrorInfo | null;
}

export interface OffsiteVerifyReport {
  jobId: string;
  ok: boolean;
  targets: OffsiteVerifyTarget[];
}

export interface VerifyOffsiteInput {
  home: string;
  job: Job;
  /** `latest`, a snapshot id, or `all`. */
  snapshot: string;
  targetId?: string;
  full: boolean;
  secrets: SecretStore;
  tools: ToolResolver;
  now: () => Date;
  signal?: AbortSignal;
  logger?: Logger;
}

export async function verifyOffsite(input: VerifyOffsiteInput): Promise<OffsiteVerifyReport> {
  const { job } = input;
  const targets = job.offsite.filter((t) => input.targetId === undefined || t.id === input.targetId);
  if (targets.length === 0) {
    throw input.targetId && job.offsite.length
      ? new KuraError({ code: 'usage~no-offsite-target', params: { job: job.id, target: input.targetId, targets: job.offsite.map((t) => t.id).join(', ') }, category: 'config' })
      : new KuraError({ code: 'usage~no-offsite-targets', params: { job: job.id }, category: 'config' });
  }
  const report: OffsiteVerifyReport = { jobId: job.id, ok: true, targets: [] };
  for (const target of targets) {
    const entry: OffsiteVerifyTarget = { target: target.id, to: describeOffsiteTarget(target), snapshots: [], error: null };
    report.targets.push(entry);
    try {
      const loc = await openTarget(job, target, { home: input.home, secrets: input.secrets, tools: input.tools, config: null, signal: input.signal, logger: input.logger });
      try {
        const there = await loc.listSnapshots(job.id, { signal: input.signal, logger: input.logger });
        const inOrder = there.filter((s) => orderProblem(s.id, s.manifest, input.now()) === null);
        const chosen = input.snapshot === 'all' ? there : input.snapshot === 'latest' ? inOrder.slice(-1) : there.filter((s) => s.id === input.snapshot);
        if (chosen.length === 0) {
          throw there.length === 0
            ? new KuraError({ code: 'snapshot-not-found~offsite-none', params: { job: job.id, to: entry.to }, category: 'config' })
            : new KuraError({ code: 'snapshot-not-found~offsite', params: { snapshot: input.snapshot, to: entry.to, available: there.map((s) => s.id).join(', ') }, category: 'config' });
        }
        for (const snap of chosen) entry.snapshots.push(await loc.verifySnapshot(snap, input.full, { signal: input.signal, logger: input.logger }));
        // What was found damaged there is remembered, so the next push does not link to it (remote-damage.ts).
        // A copy that could not be read at all (no connection) is neither.
        const damaged = entry.snapshots.filter((r) => !r.ok && !r.unreadable);
        await noteRemoteVerify(input.home, job.id, target.id, {
          damaged: damaged.map((r) => r.snapshotId),
          good: entry.snapshots.filter((r) => r.ok).map((r) => r.snapshotId),
          objects: entry.snapshots.flatMap((r) => r.damagedObjects ?? []),
        });
      } finally {
        await loc.close();
      }
    } catch (err) {
      const e = toKuraError(err);
      if (e.category === 'cancelled') throw e;
      entry.error = e.toJSON();
    }
    if (entry.error || entry.snapshots.some((s) => !s.ok)) report.ok = false;
  }
  return report;
}
