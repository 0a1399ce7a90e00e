/**
 * "Broken since …": since when each standby has been in its present state, kept in
 * `$KURA_HOME/state/standbys.json` by whoever watches the standbys (the app, `kura serve`,
 * `kura daemon`), and read by `kura status`, which checks the standbys itself and takes the time
 * from here when the state is the same. A missing or damaged file only loses the "since" times.
 */
import { readFile } from 'node:fs/promises';
import { writeJsonAtomic } from '../util/atomic-write.js';
import type { StandbyCheck } from './check-standbys.js';
import type { StandbyState } from './standby-state.js';
import { homeLayout } from '../home-layout.js';

export interface StandbyStatus extends StandbyCheck {
  /** When this state began, as far as Kura has seen (the first check that found it). */
  since: string;
}

interface Remembered {
  state: StandbyState;
  since: string;
  checkedAt: string;
}

export function standbyMemoryFile(home: string): string {
  return homeLayout.stateFile(home, 'standbys');
}

const STATES: readonly string[] = ['in-sync', 'lagging', 'broken', 'unreachable'];

export async function readStandbyMemory(home: string): Promise<Record<string, Remembered>> {
  try {
    const raw = JSON.parse(await readFile(standbyMemoryFile(home), 'utf8')) as { version?: number; standbys?: Record<string, Partial<Remembered>> };
    const out: Record<string, Remembered> = {};
    for (const [key, v] of Object.entries(raw.standbys ?? {})) {
      if (typeof v?.since === 'string' && typeof v.state === 'string' && STATES.includes(v.state)) {
        out[key] = { state: v.state as StandbyState, since: v.since, checkedAt: typeof v.checkedAt === 'string' ? v.checkedAt : v.since };
      }
    }
    return out;
  } catch {
    return {};
  }
}

/** The checks with their "since": kept from memory while the state is unchanged, else the check's time. */
export function withSince(checks: readonly StandbyCheck[], memory: Readonly<Record<string, Remembered>>): StandbyStatus[] {
  return checks.map((c) => {
    const m = memory[c.key];
    return { ...c, since: m && m.state === c.state ? m.since : c.checkedAt };
  });
}

/** Merges the checks into the memory file and returns them with their "since". */
export async function rememberStandbys(home: string, checks: readonly StandbyCheck[]): Promise<StandbyStatus[]> {
  const memory = await readStandbyMemory(home);
  const out = withSince(checks, memory);
  // Standbys not in this check keep their entry (a check of one job must not forget the others).
  const standbys: Record<string, Remembered> = { ...memory };
  for (const s of out) standbys[s.key] = { state: s.state, since: s.since, checkedAt: s.checkedAt };
  await writeJsonAtomic(standbyMemoryFile(home), { version: 1, standbys });
  return out;
}
