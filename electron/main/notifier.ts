/**
 * The scheduler's notices (a backup failed, recovered, is overdue) as OS notifications, said in the
 * app's language at the moment they are shown (a notice is data until then). Clicking
 * one opens Kura on the run log of that job. Notification objects are kept until they are closed
 * or clicked: Electron drops the click handler of a notification that was garbage-collected.
 */
import { Notification } from 'electron';
import type { SchedulerNotification } from '../engine/scheduler/index.js';
import type { Lang } from '../shared/messages/define.js';
import { noticeLine, noticeText } from '../engine/scheduler/notice-text.js';

export interface OsNotifierOptions {
  /** Shows the window and asks the UI for the job's run log. */
  onClick(notification: SchedulerNotification): void;
  /** The app's language when the notice is shown (Settings, else the system's). */
  language(): Lang;
  iconPath?: string;
  log?: (message: string) => void;
}

export function createOsNotifier(options: OsNotifierOptions): { notify(n: SchedulerNotification): void } {
  const live = new Set<Notification>();
  return {
    notify(n) {
      const lang = options.language();
      const { title, body } = noticeText(n, lang);
      if (!Notification.isSupported()) {
        options.log?.(noticeLine(n, lang));
        return;
      }
      const note = new Notification({
        title,
        body,
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
