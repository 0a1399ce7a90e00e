/**
 * The dashboard's off-site line of a job: per target, whether the newest snapshot has reached it,
 * how many are still waiting, and why the last attempt failed — read from the off-site state that
 * each run keeps ($KURA_HOME/offsite/<jobId>.json, offsite-state.ts).
 */
import type { Job } from '../engine/config/schema.js';
import { readOffsiteState } from '../engine/offsite/offsite-state.js';
import { describeOffsiteTarget } from '../engine/storage/open-location.js';
import type { OffsiteStatusDto } from '../shared/ipc-contract.js';
import { errorInfoToDto } from './error-dto.js';

export async function offsiteStatusOf(home: string, job: Job): Promise<OffsiteStatusDto[]> {
  if (job.offsite.length === 0) return [];
  const state = await readOffsiteState(home, job.id);
  return job.offsite.map((t) => {
    const s = state.targets[t.id];
    const copies = Object.entries(s?.snapshots ?? {}).sort(([a], [b]) => a.localeCompare(b));
    const newest = copies.at(-1)?.[1] ?? null;
    const lastError = [...copies].reverse().find(([, c]) => c.error !== null)?.[1].error ?? null;
    return {
      target: t.id,
      to: describeOffsiteTarget(t),
      kind: t.type === 's3' ? 's3' : 'rsync',
      encrypted: t.type === 's3' ? t.encryption !== undefined : false,
      status: newest ? newest.status : 'never',
      lastPushedAt: s?.lastPushedAt ?? null,
      pending: copies.filter(([, c]) => c.status !== 'pushed').length,
      consecutiveFailures: s?.consecutiveFailures ?? 0,
      error: newest && newest.status !== 'pushed' ? errorInfoToDto(newest.error ?? lastError) : null,
    };
  });
}
