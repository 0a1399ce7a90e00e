/**
 * Network failures retried around any location, the way restic wraps its backends: each operation
 * that fails with a `network` error (a dropped connection, a timeout, a server restarting) is tried
 * again a few times with growing pauses (offsite/network-retry.ts). Because every operation of a
 * location is resumable or idempotent — a write continues where it stopped, a delete finishes what
 * was begun — trying one again never repeats work already done nor leaves anything half-made.
 */
import { verbatim } from '../../shared/messages/index.js';
import { withNetworkRetry } from '../offsite/network-retry.js';
import type { Logger } from '../progress.js';
import type { StorageLocation } from './storage-location.js';

export interface RetryPolicy {
  delaysMs?: readonly number[];
  signal?: AbortSignal;
  logger?: Logger;
}

export function withRetries(inner: StorageLocation, policy: RetryPolicy): StorageLocation {
  const retry = <T>(what: string, fn: () => Promise<T>) => withNetworkRetry(fn, { what: verbatim(what), delaysMs: policy.delaysMs, signal: policy.signal, logger: policy.logger });
  const at = inner.address;
  return {
    kind: inner.kind,
    address: inner.address,
    listSnapshots: (jobId, o) => retry(`Reading the snapshot list at ${at}`, () => inner.listSnapshots(jobId, o)),
    openSnapshot: (snap, want, o) => retry(`Fetching ${snap.id} from ${at}`, () => inner.openSnapshot(snap, want, o)),
    writeSnapshot: (local, previous, o) => retry(`Copying ${local.id} to ${at}`, () => inner.writeSnapshot(local, previous, o)),
    deleteSnapshot: (jobId, id, o) => retry(`Removing ${id} at ${at}`, () => inner.deleteSnapshot(jobId, id, o)),
    tidy: (jobId, o) => retry(`Cleaning up unused data at ${at}`, () => inner.tidy(jobId, o)),
    verifySnapshot: (snap, full, o) => retry(`Checking ${snap.id} at ${at}`, () => inner.verifySnapshot(snap, full, o)),
    close: () => inner.close(),
  };
}
