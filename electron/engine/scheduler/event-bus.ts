/**
 * How the scheduler tells the world: its events to listeners (the daemon's log, the alert hub),
 * the lines worth logging, and desktop notices. A failing listener or notifier is logged and
 * never breaks the scheduler.
 */
import { msg } from '../../shared/messages/index.js';
import { sayTo, type LogLevel } from '../progress.js';
import type { NoticeDecision } from './notification-policy.js';
import type { SchedulerCore } from './scheduler-core.js';
import { schedulerEventMessage, type SchedulerEvent } from './scheduler-events.js';
import { tellListeners } from '../util/tell-listeners.js';

export interface EventBus {
  emit(e: SchedulerEvent): void;
  /** An event worth a line in the log too: the same catalogued line the daemon writes for it. */
  logAndEmit(level: LogLevel, e: SchedulerEvent): void;
  notice(d: NoticeDecision): void;
  onEvent(cb: (e: SchedulerEvent) => void): () => void;
}

export function createEventBus(core: SchedulerCore): EventBus {
  const { deps, logger } = core;
  const eventListeners = new Set<(e: SchedulerEvent) => void>();

  function emit(e: SchedulerEvent): void {
    tellListeners(eventListeners, e, (err) => sayTo(logger, 'warn', msg('log-sched-listener-failed~event', { reason: (err as Error).message })));
  }

  function logAndEmit(level: LogLevel, e: SchedulerEvent): void {
    sayTo(logger, level, schedulerEventMessage(e));
    emit(e);
  }

  function notice(d: NoticeDecision): void {
    switch (d.kind) {
      case 'notify':
        try {
          deps.notifier.notify(d.notification);
        } catch (err) {
          sayTo(logger, 'warn', msg('log-sched-notice-failed', { reason: (err as Error).message }));
        }
        return;
      case 'quiet':
        return;
    }
  }

  function onEvent(cb: (e: SchedulerEvent) => void): () => void {
    eventListeners.add(cb);
    return () => eventListeners.delete(cb);
  }

  return { emit, logAndEmit, notice, onEvent };
}
