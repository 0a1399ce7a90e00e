/**
 * What the tray shows, as plain data: the icon file, the tooltip and the context menu, computed from
 * Kura's state. Pure (no Electron, no I/O) so every state × language × platform can be tested without
 * a display, and so the controller that talks to Electron stays a thin translation layer.
 *
 * The tray is the whole UI most days: an admin glances at the colour, hovers for one sentence, and
 * right-clicks for "Back up now". The menu therefore leads with one status line per job.
 */
import type { Health } from '../../shared/ipc-contract.js';
import type { Lang } from '../../shared/messages/define.js';
import { nestedMessage, type MessageData, type MessageCode } from '../../shared/messages/index.js';
import { renderLoose } from '../../shared/messages/render.js';
import { machineZones } from '../../shared/job-zone.js';
import { MENU_LABEL_MAX, truncateText, WINDOWS_TOOLTIP_MAX } from './tray-text.js';
import { overallSentence } from '../../engine/scheduler/health-text.js';

export type { Health } from '../../shared/ipc-contract.js';
export type TrayLanguage = Lang;

export interface TrayJob {
  id: string;
  name: string;
  health: Health;
  /** The job's health sentence ("Last backup today 00:00 — OK"), said in the tray's language. */
  sentence: MessageData | null;
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
   * The machine's zone (default: this process's). Each time in a sentence is said in its job's zone
   * (the one its schedule names, like every screen of the app) and labelled when that is not this one.
   */
  machineTimeZone?: string;
  /**
   * The engine's overall sentence (HealthSnapshot.overall.sentence), so the tooltip says exactly
   * what the dashboard says. Without it the model composes one from the jobs.
   */
  overallSentence?: MessageData;
  /** Linux panel icon size; 22 px is the freedesktop panel default. */
  linuxIconSize?: LinuxTrayIconSize;
  /**
   * Restores a crash left unfinished (StatusDto.unfinishedRestores): each leads the menu with its
   * sentence, and one item opens the dashboard, whose banner offers "roll back" and "finish".
   */
  restores?: readonly { id: string; sentence: string | MessageData }[];
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

/** The tray's words, in its language (catalogue/tray.ts). */
interface Labels {
  say(code: MessageCode & `tray-${string}`): string;
  /** A label around a sentence: `tray-job-status`, `tray-tooltip`… */
  around(code: 'tray-tooltip' | 'tray-restore-status', sentence: MessageData | string): string;
  job(name: string, sentence: MessageData): string;
}

function labelsFor(lang: Lang, machineZone: string | undefined): Labels {
  const nested = (m: MessageData | string) => (typeof m === 'string' ? m : nestedMessage(m));
  const zones = machineZones(machineZone);
  return {
    say: (code) => renderLoose(lang, code, {}).message,
    around: (code, sentence) => renderLoose(lang, code, { sentence: nested(sentence) }, zones).message,
    job: (name, sentence) => renderLoose(lang, 'tray-job-status', { name, sentence: nested(sentence) }, zones).message,
  };
}

export function trayModel(state: TrayState): TrayModel {
  const labels = labelsFor(state.language, state.machineTimeZone);
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

function tooltipText(state: TrayState, labels: Labels): string {
  const bad = (state.standbys ?? []).filter((s) => s.state !== 'lagging').map((s) => s.label);
  const text = [labels.around('tray-tooltip', state.overallSentence ?? overallOf(state)), ...bad].join('\n');
  // Only Windows truncates (badly); macOS and Linux show the full text.
  return state.platform === 'win32' ? truncateText(text, WINDOWS_TOOLTIP_MAX) : text;
}

/** The engine's overall sentence (health-text.ts), made from the jobs for callers without a health snapshot. */
function overallOf(state: TrayState): MessageData {
  const jobs = state.jobs.map((j) => ({ name: j.name, health: j.health, sentence: sentenceOf(j) }));
  const worst = state.jobs.find((j) => j.health === state.overall) ? state.overall : worstHealth(state.jobs);
  return overallSentence(jobs, worst, state.paused);
}

const SEVERITY: Record<Health, number> = { ok: 0, never: 1, running: 2, warning: 3, partial: 4, overdue: 5, failed: 6 };

function worstHealth(jobs: readonly TrayJob[]): Health {
  return jobs.reduce<Health>((a, b) => (SEVERITY[b.health] > SEVERITY[a] ? b.health : a), 'ok');
}

/** The job's own sentence, or what its health says when it has none. */
function sentenceOf(job: TrayJob): MessageData {
  return job.sentence ?? { code: `tray-health-${job.health}`, params: {} };
}

function menuItems(state: TrayState, labels: Labels): MenuItemModel[] {
  const items: MenuItemModel[] = [];

  const restores = state.restores ?? [];
  for (const r of restores) {
    items.push({ kind: 'status', id: `restore:${r.id}`, label: truncateText(labels.around('tray-restore-status', r.sentence), MENU_LABEL_MAX), health: 'failed', jobId: null });
  }
  if (restores.length > 0) {
    items.push({ kind: 'action', id: 'resolve-restore', label: labels.say('tray-resolve-restore'), enabled: true, action: { name: 'resolve-restore' } });
    items.push({ kind: 'separator', id: 'sep-restores' });
  }
  for (const sb of state.standbys ?? []) {
    items.push({ kind: 'status', id: `standby:${sb.id}`, label: truncateText(sb.label, MENU_LABEL_MAX), health: sb.state === 'lagging' ? 'warning' : 'failed', jobId: null });
  }
  if (state.paused) items.push({ kind: 'status', id: 'paused', label: labels.say('tray-paused-notice'), health: null, jobId: null });
  if (state.jobs.length === 0) {
    items.push({ kind: 'status', id: 'no-jobs', label: renderLoose(state.language, 'health-no-jobs', {}).message, health: null, jobId: null });
  }
  for (const job of state.jobs) {
    items.push({
      kind: 'status',
      id: `status:${job.id}`,
      label: truncateText(labels.job(job.name, sentenceOf(job)), MENU_LABEL_MAX),
      health: job.health,
      jobId: job.id,
    });
  }
  items.push({ kind: 'separator', id: 'sep-status' });

  items.push(backupNowItem(state, labels));
  items.push({ kind: 'action', id: 'restore', label: labels.say('tray-restore'), enabled: state.jobs.length > 0, action: { name: 'restore' } });
  items.push({ kind: 'separator', id: 'sep-actions' });

  items.push({ kind: 'action', id: 'open', label: labels.say('tray-open'), enabled: true, action: { name: 'open' } });
  items.push(
    state.paused
      ? { kind: 'action', id: 'resume', label: labels.say('tray-resume'), enabled: true, action: { name: 'resume' } }
      : { kind: 'action', id: 'pause', label: labels.say('tray-pause'), enabled: true, action: { name: 'pause' } },
  );
  items.push({ kind: 'checkbox', id: 'start-at-login', label: labels.say('tray-start-at-login'), checked: state.startAtLogin, setting: 'start-at-login' });
  items.push({ kind: 'separator', id: 'sep-quit' });
  items.push({ kind: 'action', id: 'quit', label: labels.say('tray-quit'), enabled: true, action: { name: 'quit' } });
  return items;
}

/**
 * One job: a plain "Back up now". Several: a "Back up now" submenu naming each job, so a click never
 * starts the wrong site's backup. Disabled while a backup runs (the job lock would refuse it anyway)
 * and when there is nothing to back up.
 */
function backupNowItem(state: TrayState, labels: Labels): MenuItemModel {
  const enabled = !state.running && state.jobs.length > 0;
  const [only] = state.jobs;
  if (state.jobs.length === 1 && only) {
    return { kind: 'action', id: 'backup-now', label: labels.say('tray-backup-now'), enabled, action: { name: 'backup-now', jobId: only.id } };
  }
  // Several jobs: one entry each. No jobs: the same submenu, empty and greyed out.
  return {
    kind: 'submenu',
    id: 'backup-now',
    label: labels.say('tray-backup-now'),
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
