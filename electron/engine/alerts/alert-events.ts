/**
 * What Kura tells a person when nobody watches the tray: one tagged union, so the wording
 * (alert-text.ts), the de-duplication (alert-policy.ts) and every channel handle every kind.
 * Facts only (names, times, codes, the error as it crossed the run history); the sentences are
 * rendered per channel in the admin's language.
 */
import type { ErrorInfo } from '../errors.js';
import type { StandbyStatus } from '../standby/standby-memory.js';

export interface AlertJob {
  id: string;
  name: string;
}

export type AlertEvent =
  | { kind: 'run-failed'; job: AlertJob; runId: string | null; at: string; error: ErrorInfo | null; logFile: string | null }
  /** A failure because the backup disk was not there (destination-* codes): its own words. */
  | { kind: 'disk-missing'; job: AlertJob; runId: string | null; at: string; error: ErrorInfo | null; logFile: string | null }
  /** A run that published a complete snapshot but with warnings. */
  | { kind: 'run-partial'; job: AlertJob; runId: string; at: string; warnings: string[]; logFile: string | null }
  | { kind: 'recovered'; job: AlertJob; runId: string | null; at: string }
  /** `since`: the last good backup, or when the schedule began (`never`). */
  | { kind: 'overdue'; job: AlertJob; since: string; never: boolean; at: string }
  | { kind: 'offsite-failing'; job: AlertJob; target: string; to: string; failures: number; error: ErrorInfo | null; at: string }
  | { kind: 'offsite-recovered'; job: AlertJob; target: string; to: string; at: string }
  /** `sentence`: the restore's own sentence, already in the admin's language (unfinished-restores.ts). */
  | { kind: 'restore-unfinished'; restoreId: string; jobId: string | null; target: string; sentence: string; at: string }
  | { kind: 'standby-broken' | 'standby-lagging' | 'standby-unreachable' | 'standby-recovered'; job: AlertJob; standby: StandbyStatus; at: string }
  | { kind: 'weekly-summary'; summary: WeeklySummary; at: string }
  | { kind: 'test'; at: string };

export type AlertKind = AlertEvent['kind'];

export type Severity = 'error' | 'warning' | 'ok' | 'info';

export function severityOf(e: AlertEvent): Severity {
  switch (e.kind) {
    case 'run-failed':
    case 'disk-missing':
    case 'overdue':
    case 'restore-unfinished':
    case 'standby-broken':
    case 'standby-unreachable':
      return 'error';
    case 'run-partial':
    case 'offsite-failing':
    case 'standby-lagging':
      return 'warning';
    case 'recovered':
    case 'offsite-recovered':
    case 'standby-recovered':
      return 'ok';
    case 'weekly-summary':
    case 'test':
      return 'info';
  }
}

/** The job an event is about (for a job's own alert channels), or null for Kura-wide ones. */
export function jobIdOf(e: AlertEvent): string | null {
  switch (e.kind) {
    case 'restore-unfinished':
      return e.jobId;
    case 'weekly-summary':
    case 'test':
      return null;
    default:
      return e.job.id;
  }
}

/** The weekly report's facts (weekly-summary.ts builds them). */
export interface WeeklySummary {
  host: string;
  jobs: WeeklyJob[];
  standbys: StandbyStatus[];
}

export interface WeeklyJob {
  id: string;
  name: string;
  /** The job's health sentence now, in the admin's language. */
  sentence: string;
  items: Array<{
    /** "db/shop", "www", "cache". */
    item: string;
    lastGood: { at: string; bytes: number; verified: { at: string; kind: 'checksums' | 'restore-test' } | null } | null;
  }>;
  space: { path: string; freeBytes: number; totalBytes: number } | { path: string; error: string };
  runs: { ok: number; failed: number };
}
