/**
 * One time zone on every screen: the job's. A job runs by the zone its schedule names, else by the
 * machine's (AppInfo.timeZone) — not by the browser's, which under `kura serve` over `ssh -L` is
 * often elsewhere. Every time a screen shows about a job (cards, run history, snapshots, the
 * engine's sentences) is said in that zone and labelled when the viewer's differs.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { RenderZones } from '../../../electron/shared/messages/render.js';
import { jobTimeZone as sharedJobTimeZone } from '../../../electron/shared/job-zone.js';
import type { JobConfigDto, MessageDto } from './contract.js';
import { formatDateTimeIn, viewerTimeZone } from './format.js';
import { say } from './say.js';
import { useAppStore } from '../stores/app-store.js';
import { useJobsStore } from '../stores/jobs-store.js';

/** The machine's zone (what a job without one runs by), the viewer's until the engine has said. */
export function useMachineTimeZone(): string {
  return useAppStore((s) => (s.info.kind === 'ready' ? s.info.value.timeZone : undefined)) ?? viewerTimeZone();
}

/** The zone a job runs by: its schedule's, else the machine's (the tray and `kura status` use the same rule). */
export function jobTimeZone(job: Pick<JobConfigDto, 'schedule'> | undefined, machineZone: string): string {
  return sharedJobTimeZone(job?.schedule?.timezone, machineZone);
}

export interface JobTime {
  /** The zone times are said in. */
  zone: string;
  /** An ISO time in that zone, labelled when the viewer's differs ("—" for none). */
  time(iso: string | null | undefined): string;
  /** An engine sentence whose times are said the same way. */
  say(m: MessageDto): string;
  /** For catalogue messages rendered by the screen itself (lib/messages.ts useSay). */
  zones: RenderZones;
}

/**
 * Times of any job by its id (a list mixing jobs: the run history), loading the job list when
 * nobody has yet (`load`: false where no job is named); an unknown id, or none, is said in the
 * machine's zone.
 */
export function useJobTimes(load = true): (jobId: string | null | undefined) => JobTime {
  useTranslation(); // re-render on a language change
  const machineZone = useMachineTimeZone();
  const jobs = useJobsStore((s) => s.jobs);
  const loadJobs = useJobsStore((s) => s.load);
  useEffect(() => {
    if (load && jobs.kind === 'idle') void loadJobs();
  }, [load, jobs.kind, loadJobs]);
  return (jobId) => {
    const job = jobId && jobs.kind === 'ready' ? jobs.value.find((j) => j.id === jobId) : undefined;
    const zone = jobTimeZone(job, machineZone);
    const zones: RenderZones = { timeZone: zone, viewerTimeZone: viewerTimeZone() };
    return { zone, zones, time: (iso) => formatDateTimeIn(iso, zone), say: (m) => say(m, zones) };
  };
}

/** Times of one job; without one (a folder's snapshots, an error of no job), the machine's. */
export function useJobTime(jobId: string | null | undefined): JobTime {
  return useJobTimes(Boolean(jobId))(jobId);
}
