/**
 * Compile-time only: the engine's config types must stay assignable to the contract's DTOs, so a
 * config field added in the engine without the UI knowing fails `npm run typecheck`.
 */
import type { Job, Settings } from '../engine/config/schema.js';
import type { JobConfigDto, SettingsDto } from '../shared/ipc-contract.js';

export type JobMatchesDto = Job extends JobConfigDto ? true : never;
export type SettingsMatchDto = Settings extends SettingsDto ? true : never;
export const contractChecks: [JobMatchesDto, SettingsMatchDto] = [true, true];
