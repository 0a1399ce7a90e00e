/**
 * Engine records → the contract's DTOs. The contract keeps its own types (it must stay free of
 * Node for the browser bundle), so these small translations are the only place the two meet.
 */
import type { JobHealth, HealthSnapshot } from '../engine/scheduler/index.js';
import type { RunItemRecord, RunRecord } from '../engine/run-log/run-history.js';
import type { RunResult } from '../engine/jobs/run-job.js';
import type { SnapshotRef } from '../engine/snapshot/snapshot-store.js';
import type { ManifestItem } from '../engine/snapshot/manifest.js';
import type { DoctorReport } from '../engine/doctor.js';
import type { UnfinishedRestore } from '../engine/restore/unfinished-restores.js';
import { usableParts } from '../engine/restore/mysql-restore.js';
import type { DoctorDto, JobStatusDto, OffsiteStatusDto, RunDto, RunItemDto, SnapshotDto, SnapshotItemDto, StatusDto, UnfinishedRestoreDto } from '../shared/ipc-contract.js';
import { errorInfoToDto } from './error-dto.js';
import { msg, type MessageData } from '../shared/messages/index.js';
import type { MessageDto } from '../shared/ipc-contract.js';

/** A message as it crosses the contract: its code and a copy of its facts. */
export function messageToDto(m: MessageData): MessageDto {
  return { code: m.code, params: { ...m.params } };
}

export type LastSnapshotInfo = JobStatusDto['lastSnapshot'];

export function runRecordToDto(r: RunRecord): RunDto {
  return {
    runId: r.runId,
    jobId: r.jobId,
    trigger: r.trigger,
    status: r.status,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    snapshotId: r.snapshotId,
    items: r.items.map(runItemToDto),
    warnings: r.warnings.map(messageToDto),
    error: errorInfoToDto(r.error),
    logFile: r.logFile,
  };
}

function runItemToDto(i: RunItemRecord): RunItemDto {
  const { error, detail, ...rest } = i;
  const item = { ...rest, detail: detail ? messageToDto(detail) : null };
  return error ? { ...item, error: errorInfoToDto(error) } : item;
}

export function runResultToDto(r: RunResult, trigger: string): RunDto {
  return {
    runId: r.runId,
    jobId: r.jobId,
    trigger,
    status: r.status,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    snapshotId: r.snapshot?.id ?? null,
    items: r.items.map(runItemToDto),
    warnings: r.warnings.map(messageToDto),
    error: errorInfoToDto(r.error),
    logFile: r.logFile,
  };
}

export function jobStatusToDto(h: JobHealth, runId: string | null, lastSnapshot: LastSnapshotInfo, offsite: OffsiteStatusDto[] = []): JobStatusDto {
  return {
    jobId: h.jobId,
    name: h.name,
    health: h.health,
    sentence: messageToDto(h.sentence),
    lastSuccessAt: h.lastSuccessAt,
    lastRunAt: h.lastResult?.startedAt ?? h.lastAttemptAt,
    lastRunStatus: h.lastResult?.status ?? null,
    nextRunAt: h.nextRunAt,
    running: h.running ? { runId, startedAt: h.running.since } : null,
    lastSnapshot,
    offsite,
  };
}

/** The status the UI shows; an unfinished restore makes it "failed" whatever the backups say. */
export function statusToDto(
  s: HealthSnapshot,
  runIds: ReadonlyMap<string, string>,
  snapshots: ReadonlyMap<string, LastSnapshotInfo>,
  restores: readonly UnfinishedRestore[] = [],
  offsite: ReadonlyMap<string, OffsiteStatusDto[]> = new Map(),
): StatusDto {
  const open = restores.filter((r) => r.needsAttention);
  return {
    overall: open.length > 0 ? 'failed' : s.overall.health,
    paused: s.paused,
    jobs: s.jobs.map((j) => jobStatusToDto(j, runIds.get(j.jobId) ?? null, snapshots.get(j.jobId) ?? null, offsite.get(j.jobId) ?? [])),
    unfinishedRestores: open.map(unfinishedRestoreToDto),
  };
}

export function unfinishedRestoreToDto(r: UnfinishedRestore): UnfinishedRestoreDto {
  return {
    id: r.id,
    type: r.type,
    target: r.target,
    jobId: r.jobId,
    sourceId: r.sourceId,
    snapshotId: r.snapshotId,
    startedAt: r.startedAt,
    state: r.state,
    touched: r.touched,
    canRollBack: r.canRollBack,
    canFinish: r.canFinish,
    rollBackNote: r.rollBackNote,
    sentence: r.sentence,
    message: messageToDto(r.message),
  };
}

export function lastSnapshotOf(snaps: readonly SnapshotRef[]): LastSnapshotInfo {
  const last = snaps.at(-1);
  if (!last) return null;
  return { id: last.id, bytes: manifestBytes(last.manifest.items), verified: last.manifest.verified !== undefined };
}

function manifestBytes(items: readonly ManifestItem[]): number {
  return items.reduce((sum, i) => sum + i.bytes, 0);
}

export function snapshotItemToDto(i: ManifestItem): SnapshotItemDto {
  switch (i.type) {
    case 'files':
      return { source: i.source, type: 'files', path: i.path, bytes: i.bytes, database: null, summary: messageToDto(msg('item-files', { count: i.files })) };
    case 'mysql': {
      const parts = usableParts(i);
      const tables = parts
        ?.filter((p) => p.kind === 'schema')
        .map((p) => ({
          name: p.name!,
          rows: i.rowCounts[p.name!] ?? null,
          sqlBytes: parts.filter((q) => q.name === p.name && (q.kind === 'schema' || q.kind === 'data' || q.kind === 'triggers')).reduce((n, q) => n + q.sqlBytes, 0),
        }));
      return { source: i.source, type: 'mysql', path: i.path, bytes: i.bytes, database: i.database, summary: messageToDto(msg('item-tables', { count: i.tables.length })), ...(tables ? { tables } : {}) };
    }
    case 'redis': {
      const keys = Object.values(i.keysPerDb).reduce((a, b) => a + b, 0);
      return { source: i.source, type: 'redis', path: i.path, bytes: i.bytes, database: null, summary: messageToDto(msg('item-keys', { count: keys })) };
    }
  }
}

export function snapshotToDto(s: SnapshotRef): SnapshotDto {
  return {
    id: s.id,
    jobId: s.manifest.job,
    path: s.path,
    startedAt: s.manifest.startedAt,
    finishedAt: s.manifest.finishedAt,
    bytes: manifestBytes(s.manifest.items),
    // A complete snapshot was checked item by item before it was published; a restore test, when one
    // was run, is the stronger proof and replaces it.
    verified: s.manifest.verified ?? { at: s.manifest.finishedAt, kind: 'checksums' },
    items: s.manifest.items.map(snapshotItemToDto),
    status: s.manifest.status,
    failed: s.manifest.failed.map((f) => ({ source: f.source, type: f.type, database: f.database, message: f.message })),
  };
}

export function doctorToDto(r: DoctorReport): DoctorDto {
  return {
    kuraVersion: r.kuraVersion,
    home: r.home,
    platform: r.platform,
    checks: r.checks.map((c) => ({ name: c.name, ok: c.ok, detail: messageToDto(c.detail), path: c.path, version: c.version })),
  };
}
