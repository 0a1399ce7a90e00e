/**
 * Which alerts a person gets, and how often: the same rules as the desktop notices (an admin who
 * gets a mail every night stops reading them). A failure once per error code until the job recovers
 * or fails differently; a recovery once; overdue once; an off-site target once per streak (its own
 * counter says when); a standby once per bad state, after it has been seen twice in a row (a
 * replica reconnecting for a few seconds is not news), and once when it is back in sync; an
 * unfinished restore once. The memory is `$KURA_HOME/state/alerts.json`, so a restart (or
 * `kura run` in another process) never replays old news.
 *
 * Pure functions over that memory: each takes what happened and returns the events to send,
 * updating the memory it was given.
 */
import { readFile } from 'node:fs/promises';
import type { ErrorInfo } from '../errors.js';
import type { OffsiteRunRecord } from '../offsite/push-offsite.js';
import type { StandbyStatus } from '../standby/standby-memory.js';
import type { StandbyState } from '../standby/standby-state.js';
import { writeJsonAtomic } from '../util/atomic-write.js';
import type { AlertEvent, AlertJob } from './alert-events.js';
import { homeLayout } from '../home-layout.js';

export interface AlertJobMemory {
  /** The error code last alerted for this job (null: none pending). */
  failureCode: string | null;
  partial: boolean;
  overdue: boolean;
  /** Off-site targets whose failures were alerted. */
  offsite: string[];
}

export interface AlertMemory {
  version: 1;
  jobs: Record<string, AlertJobMemory>;
  /** Per standby key: the bad state last alerted, and the state seen in the last checks. */
  standbys: Record<string, { alerted: StandbyState | null; seen: StandbyState; count: number }>;
  /** Unfinished restores already announced. */
  restores: string[];
  summary: { since: string | null; lastSentAt: string | null };
}

export function emptyAlertMemory(): AlertMemory {
  return { version: 1, jobs: {}, standbys: {}, restores: [], summary: { since: null, lastSentAt: null } };
}

export function alertMemoryFile(home: string): string {
  return homeLayout.stateFile(home, 'alerts');
}

export async function loadAlertMemory(home: string): Promise<AlertMemory> {
  try {
    const raw = JSON.parse(await readFile(alertMemoryFile(home), 'utf8')) as Partial<AlertMemory>;
    if (raw?.version !== 1) return emptyAlertMemory();
    const base = emptyAlertMemory();
    return {
      version: 1,
      jobs: Object.fromEntries(Object.entries(raw.jobs ?? {}).map(([id, j]) => [id, { ...jobMemory(), ...j, offsite: Array.isArray(j?.offsite) ? j.offsite : [] }])),
      standbys: raw.standbys && typeof raw.standbys === 'object' ? raw.standbys : {},
      restores: Array.isArray(raw.restores) ? raw.restores.filter((x): x is string => typeof x === 'string') : [],
      summary: { ...base.summary, ...(raw.summary ?? {}) },
    };
  } catch {
    return emptyAlertMemory();
  }
}

export async function saveAlertMemory(home: string, memory: AlertMemory): Promise<void> {
  await writeJsonAtomic(alertMemoryFile(home), memory);
}

function jobMemory(): AlertJobMemory {
  return { failureCode: null, partial: false, overdue: false, offsite: [] };
}

function jobOf(memory: AlertMemory, jobId: string): AlertJobMemory {
  return (memory.jobs[jobId] ??= jobMemory());
}

/** Failures that mean "the backup disk is not there", which get their own words. */
const DISK_CODES = new Set(['destination-not-connected', 'destination-identity-missing', 'destination-lost', 'destination-other-disk', 'destination-moved', 'destination-unavailable']);

export interface FinalRun {
  job: AlertJob;
  status: 'success' | 'warning' | 'partial' | 'failed' | 'cancelled' | 'interrupted' | 'skipped';
  runId: string | null;
  at: string;
  error: ErrorInfo | null;
  warnings: readonly string[];
  logFile: string | null;
  offsite: readonly OffsiteRunRecord[];
}

/** A run whose outcome is final (no retry pending). */
export function onRunFinal(memory: AlertMemory, run: FinalRun): AlertEvent[] {
  const m = jobOf(memory, run.job.id);
  const out: AlertEvent[] = [];
  switch (run.status) {
    // Items missing from the night's snapshot (run-items-failed names them) are news like a failure.
    case 'partial':
    case 'failed': {
      const code = run.error?.code ?? 'unknown';
      if (m.failureCode !== code) {
        m.failureCode = code;
        const base = { job: run.job, runId: run.runId, at: run.at, error: run.error, logFile: run.logFile };
        out.push(DISK_CODES.has(code) ? { kind: 'disk-missing', ...base } : { kind: 'run-failed', ...base });
      }
      m.partial = false;
      break;
    }
    case 'warning':
    case 'success': {
      const wasBad = m.failureCode !== null || m.overdue || m.partial;
      m.failureCode = null;
      m.overdue = false;
      if (run.status === 'warning') {
        // A snapshot was published: the job works again, and the warnings are the news (once per streak).
        if (!m.partial) out.push({ kind: 'run-partial', job: run.job, runId: run.runId ?? '', at: run.at, warnings: [...run.warnings], logFile: run.logFile });
        m.partial = true;
      } else {
        if (wasBad) out.push({ kind: 'recovered', job: run.job, runId: run.runId, at: run.at });
        m.partial = false;
      }
      break;
    }
    case 'cancelled':
    case 'interrupted':
    case 'skipped':
      // Nothing learnt about the backup itself: a cancel is someone's decision, an interrupted run is caught up.
      break;
  }
  for (const o of run.offsite) {
    if (o.notify && !m.offsite.includes(o.target)) {
      m.offsite.push(o.target);
      out.push({ kind: 'offsite-failing', job: run.job, target: o.target, to: o.to, failures: o.consecutiveFailures, error: o.error, at: run.at });
    } else if (o.status === 'pushed' && m.offsite.includes(o.target)) {
      m.offsite = m.offsite.filter((t) => t !== o.target);
      out.push({ kind: 'offsite-recovered', job: run.job, target: o.target, to: o.to, at: run.at });
    }
  }
  return out;
}

/** The job has just been seen overdue (the scheduler's health model says so). */
export function onOverdue(memory: AlertMemory, job: AlertJob, since: string, never: boolean, at: string): AlertEvent[] {
  const m = jobOf(memory, job.id);
  if (m.overdue) return [];
  m.overdue = true;
  return [{ kind: 'overdue', job, since, never, at }];
}

/** The standbys as just checked. `confirmations`: how many checks in a row a bad state needs. */
export function onStandbys(memory: AlertMemory, statuses: readonly StandbyStatus[], at: string, confirmations = 2): AlertEvent[] {
  const out: AlertEvent[] = [];
  for (const s of statuses) {
    const prev = memory.standbys[s.key] ?? { alerted: null, seen: s.state, count: 0 };
    const m = { ...prev, count: prev.seen === s.state ? prev.count + 1 : 1, seen: s.state };
    memory.standbys[s.key] = m;
    const job = { id: s.jobId, name: s.jobName };
    if (s.state === 'in-sync') {
      if (m.alerted !== null) out.push({ kind: 'standby-recovered', job, standby: s, at });
      m.alerted = null;
      continue;
    }
    if (m.count >= confirmations && m.alerted !== s.state) {
      m.alerted = s.state;
      out.push({ kind: s.state === 'broken' ? 'standby-broken' : s.state === 'lagging' ? 'standby-lagging' : 'standby-unreachable', job, standby: s, at });
    }
  }
  return out;
}

/** Restores whose journals need the admin; each is announced once. */
export function onRestores(
  memory: AlertMemory,
  restores: ReadonlyArray<{ id: string; jobId: string | null; target: string; sentence: string; needsAttention: boolean }>,
  at: string,
): AlertEvent[] {
  const open = restores.filter((r) => r.needsAttention);
  const out: AlertEvent[] = open
    .filter((r) => !memory.restores.includes(r.id))
    .map((r) => ({ kind: 'restore-unfinished', restoreId: r.id, jobId: r.jobId, target: r.target, sentence: r.sentence, at }));
  memory.restores = open.map((r) => r.id);
  return out;
}

/**
 * When the next weekly report is due: the first `weekday` at `hour`:00 (this computer's time) after
 * the last one sent, or after Kura first watched (no report the minute it is installed). A computer
 * that was off at that hour sends it at its next start.
 */
export function nextSummaryAt(reference: Date, weekday: number, hour: number): Date {
  const d = new Date(reference.getTime());
  d.setMinutes(0, 0, 0);
  d.setHours(hour);
  while (d.getTime() <= reference.getTime() || d.getDay() !== weekday) {
    d.setDate(d.getDate() + 1);
    d.setHours(hour, 0, 0, 0);
  }
  return d;
}
