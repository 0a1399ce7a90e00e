/**
 * The scheduler's notices (a backup failed, recovered, is overdue) as OS notifications. Clicking
 * one opens Kura on the run log of that job. Notification objects are kept until they are closed
 * or clicked: Electron drops the click handler of a notification that was garbage-collected.
 */
import { Notification } from 'electron';
import type { SchedulerNotification } from '../engine/scheduler/index.js';

export interface OsNotifierOptions {
  /** Shows the window and asks the UI for the job's run log. */
  onClick(notification: SchedulerNotification): void;
  iconPath?: string;
  log?: (message: string) => void;
}

export function createOsNotifier(options: OsNotifierOptions): { notify(n: SchedulerNotification): void } {
  const live = new Set<Notification>();
  return {
    notify(n) {
      if (!Notification.isSupported()) {
        options.log?.(`notice (${n.jobId}): ${n.title}: ${n.body}`);
        return;
      }
      const note = new Notification({
        title: n.title,
        body: n.body,
        ...(options.iconPath ? { icon: options.iconPath } : {}),
        urgency: n.kind === 'failure' ? 'critical' : 'normal',
      });
      live.add(note);
      note.on('click', () => {
        live.delete(note);
        options.onClick(n);
      });
      note.on('close', () => live.delete(note));
      note.show();
    },
  };
}

/** Where a click on a notice leads: the job's runs, where the failed run's log is. */
export function navigationFor(n: SchedulerNotification): { screen: 'runs'; jobId: string } {
  return { screen: 'runs', jobId: n.jobId };
}
