/**
 * The off-site step of a run: after a snapshot was published and local retention ran, copy it to
 * every off-site target of the job (a data-centre rsync daemon, an SSH server, a NAS or USB folder).
 *
 * Per target:
 *   1. learn what the target holds (its manifests only);
 *   2. push every snapshot still missing there — the new one, plus any whose push failed or was
 *      interrupted on earlier runs — oldest first, each with `--link-dest` against the newest complete
 *      snapshot already there (the same hard-link savings as at home), its manifest last;
 *   3. apply the job's retention there too, only ever to folders holding a Kura manifest;
 *   4. record `pushed | pending | failed` per snapshot in $KURA_HOME/offsite/<jobId>.json.
 *
 * It never throws and never turns the run into a failure: the local snapshot is good whatever
 * happens here. A failed push gives a warning and is retried on the next run; network errors are
 * first retried within the push (see network-retry.ts).
 */
import { join } from 'node:path';
import type { Job, OffsiteTarget } from '../config/schema.js';
import { KuraError, messageOf, toKuraError, type ErrorInfo } from '../errors.js';
import type { Logger, ProgressListener } from '../progress.js';
import { decideRetention } from '../retention.js';
import { listSnapshots, type SnapshotRef } from '../snapshot/snapshot-store.js';
import { detectRsync, type RsyncClient } from '../tools/rsync/detect-rsync.js';
import { daemonSpellingOf } from '../tools/rsync/rsync-address.js';
import type { ToolResolver } from '../tools/resolve-tool.js';
import { withNetworkRetry } from './network-retry.js';
import { emptyTargetState, readOffsiteState, writeOffsiteState, type OffsiteCopyStatus, type OffsiteState, type OffsiteTargetState } from './offsite-state.js';
import {
  deleteRemoteSnapshot,
  ensureRemoteFolder,
  fetchRemoteIndex,
  pushSnapshotData,
  pushSnapshotManifest,
  type RemoteEndpoint,
  type RemoteOpsContext,
} from './remote-ops.js';
import { describeTarget, parseAddress } from './remote-location.js';
import { knownHostsPath } from '../tools/ssh/known-hosts.js';
import { isDirectory } from '../util/fs-probe.js';
import { msg, nestedMessage, type MessageData } from '../../shared/messages/index.js';
import { sayTo } from '../progress.js';

/** Failed pushes in a row to one target after which the admin is notified. */
export const OFFSITE_NOTIFY_AFTER = 3;

/** What one target got in this run: stored in the run record and returned with the run result. */
export interface OffsiteRunRecord {
  /** The target's id in config.json. */
  target: string;
  /** Its address as shown to the admin (no password in it). */
  to: string;
  /** The state of this run's snapshot there. */
  status: OffsiteCopyStatus;
  at: string;
  /** Snapshots copied there in this run (the new one and any left over from earlier runs). */
  pushed: string[];
  /** Snapshots still missing there, pushed on the next run. */
  pending: string[];
  /** Snapshots retention removed there. */
  pruned: string[];
  bytesTransferred: number;
  /** Runs in a row whose push to this target failed, this one included (0 after a good push). */
  consecutiveFailures: number;
  /** True on the run where `consecutiveFailures` reaches OFFSITE_NOTIFY_AFTER: one notice per streak of failures, not one per run. */
  notify: boolean;
  /** Why it is not `pushed` (a missing disk is `pending` with the reason here). */
  error: ErrorInfo | null;
}

export interface PushOffsiteInput {
  home: string;
  job: Job;
  /** The snapshot this run just published. */
  snapshotId: string;
  tools: ToolResolver;
  /** Reads a keychain entry (and registers it for redaction). */
  secret(ref: string | undefined): Promise<string | null>;
  logger: Logger;
  now: () => Date;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** Pauses between network retries within one push (tests: a few ms). */
  retryDelaysMs?: readonly number[];
}

export interface PushOffsiteResult {
  targets: OffsiteRunRecord[];
  /** The run's warnings, said in the admin's language (empty when every copy is in place). */
  warnings: MessageData[];
}

export async function pushOffsiteCopies(input: PushOffsiteInput): Promise<PushOffsiteResult> {
  const { job } = input;
  if (job.offsite.length === 0) return { targets: [], warnings: [] };
  const state = await readOffsiteState(input.home, job.id);
  const local = await listSnapshots(job.destination.path, job.id);
  let client: RsyncClient | null = null;
  let clientError: KuraError | null = null;
  try {
    client = await detectRsync(input.tools, { signal: input.signal, logger: input.logger, knownHostsFile: knownHostsPath(input.home) });
  } catch (err) {
    clientError = toKuraError(err);
  }
  const targets: OffsiteRunRecord[] = [];
  const warnings: MessageData[] = [];
  for (const target of job.offsite) {
    const rec = await pushToTarget(input, state, local, target, client, clientError);
    targets.push(rec.record);
    warnings.push(...rec.warnings);
  }
  return { targets, warnings };
}

async function pushToTarget(
  input: PushOffsiteInput,
  state: OffsiteState,
  local: SnapshotRef[],
  target: OffsiteTarget,
  client: RsyncClient | null,
  clientError: KuraError | null,
): Promise<{ record: OffsiteRunRecord; warnings: MessageData[] }> {
  const { job, logger } = input;
  const t = (state.targets[target.id] ??= emptyTargetState());
  const nowIso = () => input.now().toISOString();
  const save = () => writeOffsiteState(input.home, state);
  const location = parseAddress(target.to, nestedMessage(msg('noun-offsite-target', { target: target.id })));
  const to = describeTarget(location);
  const record: OffsiteRunRecord = {
    target: target.id,
    to,
    status: 'pending',
    at: nowIso(),
    pushed: [],
    pending: [],
    pruned: [],
    bytesTransferred: 0,
    consecutiveFailures: t.consecutiveFailures,
    notify: false,
    error: null,
  };
  const warnings: MessageData[] = [];
  const stateUnsaved = (err: unknown) => sayTo(logger, 'warn', msg('log-offsite-state-unsaved', { reason: (err as Error).message }));

  // The new snapshot joins whatever earlier runs could not copy; snapshots local retention removed meanwhile are dropped.
  const localIds = new Set(local.map((s) => s.id));
  t.snapshots[input.snapshotId] = { status: 'pending', at: nowIso(), error: null };
  for (const id of Object.keys(t.snapshots)) if (!localIds.has(id)) delete t.snapshots[id];
  let toPush = local.filter((s) => t.snapshots[s.id] && t.snapshots[s.id]!.status !== 'pushed');
  const markRemaining = (status: OffsiteCopyStatus, error: ErrorInfo | null) => {
    for (const s of toPush) if (t.snapshots[s.id]?.status !== 'pushed') t.snapshots[s.id] = { status, at: nowIso(), error };
  };
  await save().catch(stateUnsaved);

  input.onProgress?.({ kind: 'step', sourceId: null, step: 'offsite', message: msg('progress-offsite-copy', { snapshot: input.snapshotId, to }) });
  sayTo(logger, 'info', msg('log-offsite-start', { to, target: target.id, count: toPush.length, snapshots: toPush.map((s) => s.id).join(', ') }));
  try {
    if (clientError) throw clientError;
    if (location.kind === 'local' && !(await isDirectory(location.path))) {
      throw new KuraError({ code: 'offsite-not-mounted', params: { path: location.path }, category: 'resource' });
    }
    const endpoint: RemoteEndpoint = {
      location,
      password: location.kind === 'daemon' ? await input.secret(target.passwordRef) : null,
      sshKeyPath: target.sshKeyPath,
      sshPort: target.sshPort,
      bwlimit: target.bwlimit,
      daemonSpelling: daemonSpellingOf(target.to),
    };
    const ctx: RemoteOpsContext = { client: client!, workDir: join(input.home, 'offsite', 'work'), signal: input.signal, logger };
    const retry = <T>(what: MessageData, fn: () => Promise<T>) => withNetworkRetry(fn, { what, delaysMs: input.retryDelaysMs, signal: input.signal, logger });

    const index = await retry(msg('try-read-list', { to }), () => fetchRemoteIndex(endpoint, ctx, { layout: 'jobs', onlyJob: job.id }));
    const remote = new Set(index.complete.filter((s) => s.jobId === job.id).map((s) => s.id));
    const remoteAt = new Map(index.complete.map((s) => [s.id, new Date(s.manifest.startedAt)]));
    if (!index.jobs.includes(job.id)) await retry(msg('try-create-folder', { folder: job.id, to }), () => ensureRemoteFolder(endpoint, ctx, job.id));

    // Deletions an earlier run started and could not finish: their manifests may already be gone.
    for (const id of [...t.pruning]) {
      await retry(msg('try-finish-removal', { snapshot: id, to }), async () => {
        await deleteRemoteSnapshot(endpoint, ctx, job.id, id, 'manifest');
        await deleteRemoteSnapshot(endpoint, ctx, job.id, id, 'rest');
      });
      t.pruning = t.pruning.filter((x) => x !== id);
      remote.delete(id);
      await save();
    }

    // Snapshots the target's retention would remove straight away are not worth sending.
    const wouldRemove = new Set(
      decideRetention(
        [...remote].map((id) => ({ id, at: remoteAt.get(id)! })).concat(toPush.filter((s) => !remote.has(s.id)).map((s) => ({ id: s.id, at: new Date(s.manifest.startedAt) }))),
        job.retention,
        job.schedule?.timezone,
      ).remove,
    );
    for (const s of toPush) {
      if (s.id !== input.snapshotId && wouldRemove.has(s.id) && !remote.has(s.id)) {
        sayTo(logger, 'info', msg('log-offsite-skip-retention', { snapshot: s.id, to }));
        delete t.snapshots[s.id];
      }
    }
    toPush = toPush.filter((s) => t.snapshots[s.id] !== undefined);

    for (const s of toPush) {
      if (remote.has(s.id)) {
        // Pushed by a run that stopped before saving its state.
        sayTo(logger, 'info', msg('log-offsite-already', { snapshot: s.id, to }));
      } else {
        const previous = [...remote].filter((id) => id < s.id).sort().at(-1) ?? null;
        sayTo(logger, 'info', previous ? msg('log-offsite-pushing', { snapshot: s.id, to, previous }) : msg('log-offsite-pushing~first', { snapshot: s.id, to }));
        const snap = { jobId: job.id, id: s.id, path: s.path };
        const r = await retry(msg('try-push', { snapshot: s.id, to }), () => pushSnapshotData(endpoint, ctx, snap, previous));
        record.bytesTransferred += r.stats.transferredBytes;
        for (const w of r.warnings) sayTo(logger, 'warn', msg('log-offsite-warning', { warning: nestedMessage(w) }));
        await retry(msg('try-push-manifest', { snapshot: s.id, to }), () => pushSnapshotManifest(endpoint, ctx, snap));
        remote.add(s.id);
        remoteAt.set(s.id, new Date(s.manifest.startedAt));
        record.pushed.push(s.id);
      }
      t.snapshots[s.id] = { status: 'pushed', at: nowIso(), error: null };
      t.lastPushedAt = nowIso();
      await save();
    }
    t.consecutiveFailures = 0;
    record.status = 'pushed';

    // Retention there: the same policy, over the complete snapshots only; the newest is always kept.
    const decision = decideRetention([...remote].map((id) => ({ id, at: remoteAt.get(id)! })), job.retention, job.schedule?.timezone);
    for (const id of decision.remove) {
      if (id === input.snapshotId) continue;
      try {
        t.pruning.push(id);
        await save();
        await retry(msg('try-remove', { snapshot: id, to }), async () => {
          await deleteRemoteSnapshot(endpoint, ctx, job.id, id, 'manifest');
          await deleteRemoteSnapshot(endpoint, ctx, job.id, id, 'rest');
        });
        t.pruning = t.pruning.filter((x) => x !== id);
        record.pruned.push(id);
        sayTo(logger, 'info', msg('log-offsite-pruned', { snapshot: id, to }));
        await save();
      } catch (err) {
        const e = toKuraError(err);
        if (e.category === 'cancelled') throw e;
        const w = msg('offsite-prune-failed', { to, snapshot: id, error: nestedMessage(messageOf(e)) });
        sayTo(logger, 'warn', w);
        warnings.push(w);
        break;
      }
    }
  } catch (err) {
    const e = toKuraError(err);
    record.error = e.toJSON();
    if (e.detail) logger.log('error', e.detail);
    switch (e.category) {
      case 'cancelled':
        record.status = 'pending';
        markRemaining('pending', record.error);
        warnings.push(msg('offsite-cancelled', { to }));
        break;
      default:
        if (e.code === 'offsite-not-mounted') {
          record.status = 'pending';
          markRemaining('pending', record.error);
          warnings.push(messageOf(e));
          break;
        }
        record.status = 'failed';
        t.consecutiveFailures += 1;
        markRemaining('failed', record.error);
        warnings.push(msg(e.hint ? 'offsite-failed~hint' : 'offsite-failed', { to, error: nestedMessage(messageOf(e)) }));
    }
    sayTo(logger, record.status === 'failed' ? 'error' : 'warn', warnings.at(-1)!);
  }
  record.consecutiveFailures = t.consecutiveFailures;
  record.notify = record.status === 'failed' && t.consecutiveFailures === OFFSITE_NOTIFY_AFTER;
  record.pending = Object.entries(t.snapshots)
    .filter(([, c]) => c.status !== 'pushed')
    .map(([id]) => id)
    .sort();
  record.at = nowIso();
  await save().catch(stateUnsaved);
  return { record, warnings };
}

/** Targets whose copy failed OFFSITE_NOTIFY_AFTER times in a row: what the scheduler's notifier announces. */
export function offsiteAlerts(records: readonly OffsiteRunRecord[] | undefined): OffsiteRunRecord[] {
  return (records ?? []).filter((r) => r.notify);
}

export type { OffsiteTargetState };
