/**
 * The off-site step of a run: after a snapshot was published and local retention ran, copy it to
 * every off-site target of the job (a data-centre rsync daemon, an SSH server, a NAS or USB folder).
 *
 * Per target:
 *   1. learn what the target holds (its manifests only);
 *   2. push every snapshot still missing there — the new one, plus any whose push failed or was
 *      interrupted on earlier runs — oldest first, each with `--link-dest` against the newest complete
 *      snapshot already there that no verify found damaged (the same hard-link savings as at home,
 *      never a rotten file linked on: remote-damage.ts), its manifest last;
 *   3. apply the job's retention there too, only ever to folders holding a Kura manifest;
 *   4. record `pushed | pending | failed` per snapshot in $KURA_HOME/offsite/<jobId>.json.
 *
 * It never throws and never turns the run into a failure: the local snapshot is good whatever
 * happens here. A failed push gives a warning and is retried on the next run; network errors are
 * first retried within the push (see network-retry.ts).
 */
import type { Job, OffsiteTarget } from '../config/schema.js';
import { messageOf, toKuraError, type ErrorInfo } from '../errors.js';
import { sayTo, type Logger, type ProgressListener } from '../progress.js';
import { decideRetention } from '../retention.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { listSnapshots, type SnapshotRef } from '../snapshot/snapshot-store.js';
import { describeOffsiteTarget, openTarget } from '../storage/open-location.js';
import type { StorageLocation, StoredSnapshot } from '../storage/storage-location.js';
import type { ToolResolver } from '../tools/resolve-tool.js';
import { msg, nestedMessage, type MessageData } from '../../shared/messages/index.js';
import { noteResent, readRemoteDamage } from './remote-damage.js';
import { emptyTargetState, readOffsiteState, writeOffsiteState, type OffsiteCopyStatus, type OffsiteState, type OffsiteTargetState } from './offsite-state.js';

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
  /** The keychain (an S3 target's encryption key is kept there). */
  secrets: SecretStore;
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
  /** The run's warnings as messages, said in the admin's language wherever they are shown (empty when every copy is in place). */
  warnings: MessageData[];
}

export async function pushOffsiteCopies(input: PushOffsiteInput): Promise<PushOffsiteResult> {
  const { job } = input;
  if (job.offsite.length === 0) return { targets: [], warnings: [] };
  const state = await readOffsiteState(input.home, job.id);
  const local = await listSnapshots(job.destination.path, job.id);
  const targets: OffsiteRunRecord[] = [];
  const warnings: MessageData[] = [];
  for (const target of job.offsite) {
    const rec = await pushToTarget(input, state, local, target);
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
): Promise<{ record: OffsiteRunRecord; warnings: MessageData[] }> {
  const { job, logger } = input;
  const t = (state.targets[target.id] ??= emptyTargetState());
  const nowIso = () => input.now().toISOString();
  const save = () => writeOffsiteState(input.home, state);
  const to = describeOffsiteTarget(target);
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

  // The new snapshot joins whatever earlier runs could not copy; snapshots local retention removed meanwhile are dropped.
  const localIds = new Set(local.map((s) => s.id));
  t.snapshots[input.snapshotId] = { status: 'pending', at: nowIso(), error: null };
  for (const id of Object.keys(t.snapshots)) if (!localIds.has(id)) delete t.snapshots[id];
  let toPush = local.filter((s) => t.snapshots[s.id] && t.snapshots[s.id]!.status !== 'pushed');
  const markRemaining = (status: OffsiteCopyStatus, error: ErrorInfo | null) => {
    for (const s of toPush) if (t.snapshots[s.id]?.status !== 'pushed') t.snapshots[s.id] = { status, at: nowIso(), error };
  };
  await save().catch((err: unknown) => sayTo(logger, 'warn', msg('log-offsite-state-unsaved', { reason: (err as Error).message })));

  input.onProgress?.({ kind: 'step', sourceId: null, step: 'offsite', message: msg('progress-offsite-copy', { snapshot: input.snapshotId, to }) });
  sayTo(logger, 'info', msg('log-offsite-start', { to, target: target.id, count: toPush.length, snapshots: toPush.map((s) => s.id).join(', ') }));
  let location: StorageLocation | null = null;
  try {
    location = await openTarget(job, target, {
      home: input.home,
      secrets: input.secrets,
      tools: input.tools,
      config: null,
      logger,
      signal: input.signal,
      retryDelaysMs: input.retryDelaysMs,
      secret: async (ref) => (await input.secret(ref))!,
    });
    const options = {
      signal: input.signal,
      logger,
      onTransfer: (p: { bytes: number; totalBytes: number | null }) => input.onProgress?.({ kind: 'bytes', sourceId: `offsite:${target.id}`, bytes: p.bytes, totalBytes: p.totalBytes }),
    };
    const there = new Map<string, StoredSnapshot>((await location.listSnapshots(job.id, options)).filter((s) => s.jobId === job.id).map((s) => [s.id, s]));
    const warn = (w: MessageData) => {
      sayTo(logger, 'warn', msg('log-offsite-warning', { warning: nestedMessage(w) }));
      warnings.push(w);
    };

    // Deletions an earlier run started and could not finish: their manifests may already be gone.
    for (const id of [...t.pruning]) {
      const r = await location.deleteSnapshot(job.id, id, options);
      if (!r.deleted) continue;
      t.pruning = t.pruning.filter((x) => x !== id);
      there.delete(id);
      await save();
    }

    // Snapshots the target's retention would remove straight away are not worth sending.
    const wouldRemove = new Set(
      decideRetention(
        [...there.values()].map((s) => ({ id: s.id, at: new Date(s.manifest.startedAt) })).concat(toPush.filter((s) => !there.has(s.id)).map((s) => ({ id: s.id, at: new Date(s.manifest.startedAt) }))),
        job.retention,
        job.schedule?.timezone,
      ).remove,
    );
    for (const s of toPush) {
      if (s.id !== input.snapshotId && wouldRemove.has(s.id) && !there.has(s.id)) {
        sayTo(logger, 'info', msg('log-offsite-skip-retention', { snapshot: s.id, to }));
        delete t.snapshots[s.id];
      }
    }
    toPush = toPush.filter((s) => t.snapshots[s.id] !== undefined);

    // (A bucket stores each content once by its hash and links nothing: only rsync-style targets need this.)
    const damage = await readRemoteDamage(input.home, job.id);
    const damagedThere = new Set(target.type === 's3' ? [] : (damage.targets[target.id] ?? []));
    // A bucket's objects found damaged are sent again by the next copy (remote-damage.ts).
    const resend = new Set(damage.objects[target.id] ?? []);
    for (const s of toPush) {
      if (there.has(s.id)) {
        // Pushed by a run that stopped before saving its state.
        sayTo(logger, 'info', msg('log-offsite-already', { snapshot: s.id, to }));
      } else {
        // Never linked against a copy a verify found damaged there (remote-damage.ts): rsync would link its rotten files.
        const older = [...there.values()].filter((x) => x.id < s.id).sort((a, b) => a.id.localeCompare(b.id));
        const previous = older.filter((x) => !damagedThere.has(x.id)).at(-1) ?? null;
        const newest = older.at(-1);
        if (newest && newest !== previous) sayTo(logger, 'warn', msg('log-offsite-previous-damaged', { snapshot: s.id, to, damaged: newest.id }));
        sayTo(logger, 'info', previous ? msg('log-offsite-pushing', { snapshot: s.id, to, previous: previous.id }) : msg('log-offsite-pushing~first', { snapshot: s.id, to }));
        const r = await location.writeSnapshot(s, previous, { ...options, resend });
        record.bytesTransferred += r.bytesSent;
        sayTo(logger, 'info', msg('log-offsite-complete', { snapshot: s.id, to, sent: r.sent, bytes: r.bytesSent, reused: r.reused }));
        for (const w of r.warnings) warn(w);
        there.set(s.id, { jobId: job.id, id: s.id, manifest: s.manifest, address: to });
        record.pushed.push(s.id);
      }
      t.snapshots[s.id] = { status: 'pushed', at: nowIso(), error: null };
      t.lastPushedAt = nowIso();
      await save();
    }
    // Every copy of this push has sent again the damaged objects it holds.
    if (record.pushed.length > 0) await noteResent(input.home, job.id, target.id, resend);
    t.consecutiveFailures = 0;
    record.status = 'pushed';

    // Retention there: the same policy, over the complete snapshots only; the newest is always kept.
    const decision = decideRetention([...there.values()].map((s) => ({ id: s.id, at: new Date(s.manifest.startedAt) })), job.retention, job.schedule?.timezone);
    let removed = 0;
    for (const id of decision.remove) {
      if (id === input.snapshotId) continue;
      try {
        t.pruning.push(id);
        await save();
        const r = await location.deleteSnapshot(job.id, id, options);
        t.pruning = t.pruning.filter((x) => x !== id);
        await save();
        if (!r.deleted) {
          // Object Lock: the copy stays until its date; retention decides again on a later night.
          sayTo(logger, 'info', msg('s3-prune-locked', { snapshot: id, address: to, until: r.lockedUntil ?? '' }));
          continue;
        }
        removed++;
        record.pruned.push(id);
        sayTo(logger, 'info', msg('log-offsite-pruned', { snapshot: id, to }));
      } catch (err) {
        const e = toKuraError(err);
        if (e.category === 'cancelled') throw e;
        warn(msg('offsite-prune-failed', { to, snapshot: id, error: nestedMessage(messageOf(e)) }));
        break;
      }
    }
    if (removed > 0) {
      const tidy = await location.tidy(job.id, options);
      if (tidy.removed > 0) sayTo(logger, 'info', msg('log-offsite-tidied', { count: tidy.removed, to, bytes: tidy.bytes }));
      for (const w of tidy.warnings) warn(w);
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
    const last = warnings.at(-1)!;
    sayTo(logger, record.status === 'failed' ? 'error' : 'warn', last);
  } finally {
    await location?.close().catch(() => undefined);
  }
  record.consecutiveFailures = t.consecutiveFailures;
  record.notify = record.status === 'failed' && t.consecutiveFailures === OFFSITE_NOTIFY_AFTER;
  record.pending = Object.entries(t.snapshots)
    .filter(([, c]) => c.status !== 'pushed')
    .map(([id]) => id)
    .sort();
  record.at = nowIso();
  await save().catch((err: unknown) => sayTo(logger, 'warn', msg('log-offsite-state-unsaved', { reason: (err as Error).message })));
  return { record, warnings };
}

/** Targets whose copy failed OFFSITE_NOTIFY_AFTER times in a row: what the scheduler's notifier announces. */
export function offsiteAlerts(records: readonly OffsiteRunRecord[] | undefined): OffsiteRunRecord[] {
  return (records ?? []).filter((r) => r.notify);
}

export type { OffsiteTargetState };
