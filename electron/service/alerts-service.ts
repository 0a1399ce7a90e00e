/**
 * The contract's alert and standby methods, and the standbys of the status, on top of one alert
 * hub (engine/alerts/alert-hub.ts). Kept beside kura-service.ts so the service itself only wires them.
 */
import type { KuraConfig } from '../engine/config/schema.js';
import { alertsSchema, hostSchema } from '../engine/config/schema.js';
import { fieldProblems } from '../shared/messages/field-problems.js';
import { fieldProblemList } from '../shared/messages/index.js';
import { KuraError } from '../engine/errors.js';
import type { AlertHub } from '../engine/alerts/alert-hub.js';
import type { AlertsConfig, TestChannel } from '../engine/alerts/deliver.js';
import { checkOneStandby, standbyRefs, type StandbyCheckDeps } from '../engine/standby/check-standbys.js';
import { withSince, readStandbyMemory, type StandbyStatus } from '../engine/standby/standby-memory.js';
import type { AlertsDto, StandbyDto } from '../shared/ipc-contract.js';
import type { z } from 'zod';
import type { standbyCheckSchema } from '../shared/ipc-contract.js';

/** Validates alert settings as the screen sends them; the error names each field. */
export function parseAlerts(input: unknown): AlertsConfig {
  const r = alertsSchema.safeParse(input);
  if (!r.success) {
    throw new KuraError({ code: 'alerts-invalid', params: { problems: fieldProblemList(fieldProblems(r.error)) }, category: 'config' });
  }
  return r.data;
}

export function standbyToDto(s: StandbyStatus): StandbyDto {
  return {
    key: s.key,
    jobId: s.jobId,
    jobName: s.jobName,
    sourceId: s.sourceId,
    type: s.type,
    standby: s.standby,
    state: s.state,
    secondsBehind: s.secondsBehind,
    maxLagSeconds: s.maxLagSeconds,
    since: s.since,
    checkedAt: s.checkedAt,
    reason: s.reason,
    replicaError: s.replicaError,
  };
}

/** Every configured standby: as last checked, or `unknown` before the first check. */
export function standbysForStatus(config: KuraConfig, checked: readonly StandbyStatus[]): StandbyDto[] {
  return standbyRefs(config).map((ref) => {
    const s = checked.find((c) => c.key === ref.key);
    return s
      ? standbyToDto({ ...s, jobName: ref.jobName, maxLagSeconds: ref.maxLagSeconds })
      : { ...ref, state: 'unknown', secondsBehind: null, since: null, checkedAt: null, reason: null, replicaError: null };
  });
}

export async function saveAlerts(cfg: KuraConfig, input: unknown, save: (c: KuraConfig) => Promise<KuraConfig>): Promise<AlertsDto> {
  const alerts = parseAlerts(input);
  const saved = await save({ ...cfg, settings: { ...cfg.settings, alerts } });
  return saved.settings.alerts ?? {};
}

export async function testAlert(hub: AlertHub, input: unknown, channel: TestChannel): Promise<void> {
  await hub.test(parseAlerts(input), channel);
}

/** The wizard's "Check the standby": one standby, not saved yet, read the way the job will read it. */
export async function checkStandby(deps: StandbyCheckDeps, req: z.output<typeof standbyCheckSchema>): Promise<StandbyDto> {
  hostSchema.parse(req.standby.host);
  const jobId = req.jobId ?? 'new-job';
  const source =
    req.source.type === 'mysql'
      ? { id: 'db', type: 'mysql' as const, host: req.source.host, port: req.source.port, user: req.source.user ?? '', databases: ['-'], ...(req.source.passwordRef ? { passwordRef: req.source.passwordRef } : {}), ...(req.source.via ? { via: req.source.via } : {}) }
      : { id: 'cache', type: 'redis' as const, host: req.source.host, port: req.source.port, method: 'sync' as const, ...(req.source.username ? { username: req.source.username } : {}), ...(req.source.passwordRef ? { passwordRef: req.source.passwordRef } : {}), ...(req.source.via ? { via: req.source.via } : {}) };
  const standby = {
    host: req.standby.host,
    port: req.standby.port,
    user: req.standby.user ?? req.standby.username ?? '',
    ...(req.standby.username ? { username: req.standby.username } : {}),
    ...(req.standby.passwordRef ? { passwordRef: req.standby.passwordRef } : {}),
    maxLagSeconds: req.standby.maxLagSeconds ?? 300,
  };
  const ssh = req.ssh ? { ...req.ssh } : undefined;
  const check = await checkOneStandby(deps, { id: jobId, name: jobId, ssh }, source, standby);
  const memory = await readStandbyMemory(deps.home);
  return standbyToDto(withSince([check], memory)[0]!);
}
