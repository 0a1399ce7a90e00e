/**
 * What the tray shows, as plain data: the icon file, the tooltip and the context menu, computed from
 * Kura's state. Pure (no Electron, no I/O) so every state × language × platform can be tested without
 * a display, and so the controller that talks to Electron stays a thin translation layer.
 *
 * The tray is the whole UI most days: an admin glances at the colour, hovers for one sentence, and
 * right-clicks for "Back up now". The menu therefore leads with one status line per job.
 */
import type { Health } from '../../shared/ipc-contract.js';
import { trayLabels, type TrayLabels, type TrayLanguage } from './tray-labels.js';
import { MENU_LABEL_MAX, truncateText, WINDOWS_TOOLTIP_MAX } from './tray-text.js';

export type { Health } from '../../shared/ipc-contract.js';
export type { TrayLanguage } from './tray-labels.js';

export interface TrayJob {
  id: string;
  name: string;
  health: Health;
  /** The job's health sentence in the UI language, e.g. "Backed up 2 hours ago". */
  sentence: string;
}

export interface TrayState {
  /** The worst health across jobs (the engine's HealthSnapshot.overall.health). */
  overall: Health;
  jobs: readonly TrayJob[];
  /** Scheduled runs are paused (manual "Back up now" still works). */
  paused: boolean;
  startAtLogin: boolean;
  /** A backup is in progress: the icon shows it and "Back up now" is disabled until it ends. */
  running: boolean;
  language: TrayLanguage;
  platform: NodeJS.Platform;
  /**
   * The engine's overall sentence (HealthSnapshot.overall.sentence), so the tooltip says exactly
   * what the dashboard says. Without it the model composes one from the jobs.
   */
  overallSentence?: string;
  /** Linux panel icon size; 22 px is the freedesktop panel default. */
  linuxIconSize?: LinuxTrayIconSize;
  /**
   * Restores a crash left unfinished (StatusDto.unfinishedRestores): each leads the menu with its
   * sentence, and one item opens the dashboard, whose banner offers "roll back" and "finish".
   */
  restores?: readonly { id: string; sentence: string }[];
  /**
   * Standbys that are not in sync (StatusDto.standbys), each with its line already in the tray's
   * language ("⚠ Standby 10.0.0.6:3306: broken since …"). A broken or unreachable one turns an
   * all-green icon amber: the backups are fine, the hot copy is not.
   */
  standbys?: readonly { id: string; label: string; state: 'lagging' | 'broken' | 'unreachable' }[];
}

export type LinuxTrayIconSize = 22 | 24 | 32;

/** What a menu item asks the app to do. Only job-specific actions carry a job id. */
export type TrayAction =
  | { name: 'backup-now'; jobId: string }
  | { name: 'restore' }
  | { name: 'open' }
  /** Show the dashboard, whose banner resolves an unfinished restore. */
  | { name: 'resolve-restore' }
  | { name: 'pause' }
  | { name: 'resume' }
  | { name: 'quit' };

export type TraySetting = 'start-at-login';

export type MenuItemModel =
  /** A line of information: shown greyed out, does nothing when clicked. */
  | { kind: 'status'; id: string; label: string; health: Health | null; jobId: string | null }
  | { kind: 'action'; id: string; label: string; enabled: boolean; action: TrayAction }
  | { kind: 'checkbox'; id: string; label: string; checked: boolean; setting: TraySetting }
  | { kind: 'submenu'; id: string; label: string; enabled: boolean; items: MenuItemModel[] }
  | { kind: 'separator'; id: string };

export interface TrayModel {
  /** Relative to the resources folder (repo `resources/` in dev, `process.resourcesPath` when packaged). */
  icon: { file: string; health: Health };
  tooltip: string;
  menu: MenuItemModel[];
}

export const TRAY_HEALTHS: readonly Health[] = ['never', 'running', 'ok', 'warning', 'partial', 'failed', 'overdue'];

export function trayModel(state: TrayState): TrayModel {
  const labels = trayLabels[state.language];
  const standbyBad = (state.standbys ?? []).some((s) => s.state !== 'lagging');
  const iconHealth: Health = state.running ? 'running' : standbyBad && SEVERITY[state.overall] < SEVERITY.warning ? 'warning' : state.overall;
  return {
    icon: { file: trayIconFile(iconHealth, state.platform, state.linuxIconSize ?? 22), health: iconHealth },
    tooltip: tooltipText(state, labels),
    menu: menuItems(state, labels),
  };
}

/**
 * The icon for a health on a platform: a multi-size .ico on Windows (crisp at every DPI), a black
 * template image on macOS (the menu bar recolours it, so the state is a shape, not a colour), a PNG
 * with an @2x twin on Linux. The folders match electron-builder's `${os}` names.
 */
export function trayIconFile(health: Health, platform: NodeJS.Platform, linuxSize: LinuxTrayIconSize = 22): string {
  switch (platform) {
    case 'win32':
      return `tray/win/tray-${health}.ico`;
    case 'darwin':
      return `tray/mac/tray-${health}Template.png`;
    default:
      return `tray/linux/${linuxSize}/tray-${health}.png`;
  }
}

function tooltipText(state: TrayState, labels: TrayLabels): string {
  const bad = (state.standbys ?? []).filter((s) => s.state !== 'lagging').map((s) => s.label);
  const text = [labels.tooltip(state.overallSentence ?? composeOverallSentence(state, labels)), ...bad].join('\n');
  // Only Windows truncates (badly); macOS and Linux show the full text.
  return state.platform === 'win32' ? truncateText(text, WINDOWS_TOOLTIP_MAX) : text;
}

/** Mirrors the engine's overallSentence for callers without a health snapshot. */
function composeOverallSentence(state: TrayState, labels: TrayLabels): string {
  const { jobs } = state;
  let text: string;
  if (jobs.length === 0) text = labels.noJobs;
  else if (jobs.length === 1) text = sentenceOf(jobs[0]!, labels);
  else if (jobs.every((j) => j.health === 'ok')) text = labels.allOk(jobs.length);
  else {
    const worst = jobs.find((j) => j.health === state.overall) ?? worstJob(jobs);
    text = labels.jobSentence(worst.name, sentenceOf(worst, labels));
  }
  return state.paused ? labels.pausedPrefix(text) : text;
}

const SEVERITY: Record<Health, number> = { ok: 0, never: 1, running: 2, warning: 3, partial: 4, overdue: 5, failed: 6 };

function worstJob(jobs: readonly TrayJob[]): TrayJob {
  return jobs.reduce((a, b) => (SEVERITY[b.health] > SEVERITY[a.health] ? b : a));
}

function sentenceOf(job: TrayJob, labels: TrayLabels): string {
  return job.sentence.trim() || labels.health[job.health];
}

function menuItems(state: TrayState, labels: TrayLabels): MenuItemModel[] {
  const items: MenuItemModel[] = [];

  const restores = state.restores ?? [];
  for (const r of restores) {
    items.push({ kind: 'status', id: `restore:${r.id}`, label: truncateText(labels.restoreStatus(r.sentence), MENU_LABEL_MAX), health: 'failed', jobId: null });
  }
  if (restores.length > 0) {
    items.push({ kind: 'action', id: 'resolve-restore', label: labels.resolveRestore, enabled: true, action: { name: 'resolve-restore' } });
    items.push({ kind: 'separator', id: 'sep-restores' });
  }
  for (const sb of state.standbys ?? []) {
    items.push({ kind: 'status', id: `standby:${sb.id}`, label: truncateText(sb.label, MENU_LABEL_MAX), health: sb.state === 'lagging' ? 'warning' : 'failed', jobId: null });
  }
  if (state.paused) items.push({ kind: 'status', id: 'paused', label: labels.pausedNotice, health: null, jobId: null });
  if (state.jobs.length === 0) {
    items.push({ kind: 'status', id: 'no-jobs', label: labels.noJobs, health: null, jobId: null });
  }
  for (const job of state.jobs) {
    items.push({
      kind: 'status',
      id: `status:${job.id}`,
      label: truncateText(labels.jobStatus(job.name, sentenceOf(job, labels)), MENU_LABEL_MAX),
      health: job.health,
      jobId: job.id,
    });
  }
  items.push({ kind: 'separator', id: 'sep-status' });

  items.push(backupNowItem(state, labels));
  items.push({ kind: 'action', id: 'restore', label: labels.restore, enabled: state.jobs.length > 0, action: { name: 'restore' } });
  items.push({ kind: 'separator', id: 'sep-actions' });

  items.push({ kind: 'action', id: 'open', label: labels.open, enabled: true, action: { name: 'open' } });
  items.push(
    state.paused
      ? { kind: 'action', id: 'resume', label: labels.resume, enabled: true, action: { name: 'resume' } }
      : { kind: 'action', id: 'pause', label: labels.pause, enabled: true, action: { name: 'pause' } },
  );
  items.push({ kind: 'checkbox', id: 'start-at-login', label: labels.startAtLogin, checked: state.startAtLogin, setting: 'start-at-login' });
  items.push({ kind: 'separator', id: 'sep-quit' });
  items.push({ kind: 'action', id: 'quit', label: labels.quit, enabled: true, action: { name: 'quit' } });
  return items;
}

/**
 * One job: a plain "Back up now". Several: a "Back up now" submenu naming each job, so a click never
 * starts the wrong site's backup. Disabled while a backup runs (the job lock would refuse it anyway)
 * and when there is nothing to back up.
 */
function backupNowItem(state: TrayState, labels: TrayLabels): MenuItemModel {
  const enabled = !state.running && state.jobs.length > 0;
  const [only] = state.jobs;
  if (state.jobs.length === 1 && only) {
    return { kind: 'action', id: 'backup-now', label: labels.backupNow, enabled, action: { name: 'backup-now', jobId: only.id } };
  }
  // Several jobs: one entry each. No jobs: the same submenu, empty and greyed out.
  return {
    kind: 'submenu',
    id: 'backup-now',
    label: labels.backupNow,
    enabled,
    items: state.jobs.map((job) => ({
      kind: 'action',
      id: `backup-now:${job.id}`,
      label: truncateText(job.name, MENU_LABEL_MAX),
      enabled,
      action: { name: 'backup-now', jobId: job.id },
    })),
  };
}
