/**
 * Network failures retried around any location, the way restic wraps its backends: each operation
 * that fails with a `network` error (a dropped connection, a timeout, a server restarting) is tried
 * again a few times with growing pauses (offsite/network-retry.ts). Because every operation of a
 * location is resumable or idempotent — a write continues where it stopped, a delete finishes what
 * was begun — trying one again never repeats work already done nor leaves anything half-made.
 */
import { msg, type MessageData } from '../../shared/messages/index.js';
import { withNetworkRetry } from '../offsite/network-retry.js';
import type { Logger } from '../progress.js';
import type { StorageLocation } from './storage-location.js';

export interface RetryPolicy {
  delaysMs?: readonly number[];
  signal?: AbortSignal;
  logger?: Logger;
}

export function withRetries(inner: StorageLocation, policy: RetryPolicy): StorageLocation {
  const retry = <T>(what: MessageData, fn: () => Promise<T>) => withNetworkRetry(fn, { what, delaysMs: policy.delaysMs, signal: policy.signal, logger: policy.logger });
  const at = inner.address;
  return {
    kind: inner.kind,
    address: inner.address,
    listSnapshots: (jobId, o) => retry(msg('try-read-list', { to: at }), () => inner.listSnapshots(jobId, o)),
    openSnapshot: (snap, want, o) => retry(msg('try-fetch', { snapshot: snap.id, address: at }), () => inner.openSnapshot(snap, want, o)),
    writeSnapshot: (local, previous, o) => retry(msg('try-copy', { snapshot: local.id, to: at }), () => inner.writeSnapshot(local, previous, o)),
    deleteSnapshot: (jobId, id, o) => retry(msg('try-remove', { snapshot: id, to: at }), () => inner.deleteSnapshot(jobId, id, o)),
    tidy: (jobId, o) => retry(msg('try-tidy', { to: at }), () => inner.tidy(jobId, o)),
    verifySnapshot: (snap, full, o) => retry(msg('try-check', { snapshot: snap.id, to: at }), () => inner.verifySnapshot(snap, full, o)),
    close: () => inner.close(),
  };
}
