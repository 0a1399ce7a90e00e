/**
 * One time zone for a job on every surface: the zone its schedule names, else the machine's (what a
 * job without one runs by). The renderer says every time of a job in it (renderer/src/lib/job-time.ts);
 * the tray and `kura status` do too, labelling a time with the zone when it is not the machine's own —
 * so "0:00" in the tray of a machine in UTC never silently means midnight in Tokyo or in London.
 */
import { systemTimeZone } from './zoned-time.js';

/** The zone a job runs by: its schedule's, else the machine's. */
export function jobTimeZone(scheduleZone: string | null | undefined, machineZone: string = systemTimeZone()): string {
  const named = scheduleZone?.trim();
  return named ? named : machineZone;
}

/**
 * How a surface on the machine itself (tray, CLI) renders messages: each time in the zone its message
 * names (a job's), labelled when that is not the machine's zone.
 */
export function machineZones(machineZone: string = systemTimeZone()): { viewerTimeZone: string } {
  return { viewerTimeZone: machineZone };
}
