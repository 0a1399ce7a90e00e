/**
 * The restore engine's shapes → the contract's DTOs (RestorePlanDto, RestoreResultDto). The engine
 * keeps its own types (engine/restore/types.ts) and the contract its own (it must stay free of Node):
 * every sentence in them is a message (code + facts) on both sides, which the UI renders in its
 * language.
 */
import type { RestoreCheck, RestoreOutcome, RestorePlan } from '../engine/restore/types.js';
import type { MessageData } from '../shared/messages/index.js';
import type { MessageDto, RestoreCheckDto, RestorePlanDto, RestoreResultDto } from '../shared/ipc-contract.js';
import { errorInfoToDto } from './error-dto.js';

export function messageToDto(m: MessageData): MessageDto {
  return { code: m.code, params: { ...m.params } };
}

function checkToDto(c: RestoreCheck): RestoreCheckDto {
  return { check: messageToDto(c.check), ok: c.ok, detail: messageToDto(c.detail) };
}

export function restorePlanToDto(p: RestorePlan): RestorePlanDto {
  return {
    snapshotId: p.snapshotId,
    sourceId: p.sourceId,
    type: p.type,
    steps: p.steps.map(messageToDto),
    overwrites: p.overwrites === null ? null : messageToDto(p.overwrites),
    destructive: p.destructive,
    safetyBackup: p.safetyBackup === null ? null : { willTake: p.safetyBackup.willTake, reason: messageToDto(p.safetyBackup.reason) },
    bytes: p.bytes,
    // The rights' notes are already among the steps (restore-engine.ts).
    rights: p.rights === null ? null : { kind: p.rights.kind, account: p.rights.account, where: p.rights.where, ok: p.rights.ok, missing: p.rights.missing.map(messageToDto), fix: p.rights.fix, ...(p.rights.lacks ? { lacks: p.rights.lacks } : {}) },
  };
}

export function restoreOutcomeToDto(o: RestoreOutcome): RestoreResultDto {
  return {
    status: o.status,
    steps: o.steps.map(messageToDto),
    verification: o.verification.map(checkToDto),
    safetyBackup: o.safetyBackup === null ? null : { path: o.safetyBackup.path },
    error: errorInfoToDto(o.error),
  };
}
