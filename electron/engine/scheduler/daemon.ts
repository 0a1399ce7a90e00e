/**
 * `kura daemon`: the scheduler without the desktop app, for servers and for admins who prefer a
 * service. Logs one line per scheduler event, and on SIGINT/SIGTERM (passed in as an AbortSignal)
 * cancels a running backup cleanly — the runner removes its partial folder and records it as
 * cancelled/interrupted, and the next start catches it up — then resolves.
 */
import { formatSchedulerEvent, type SchedulerEvent } from './scheduler-events.js';
import type { Scheduler } from './scheduler.js';
import type { SchedulerDeps } from './types.js';
import type { Lang } from '../../shared/messages/define.js';
import { renderLoose } from '../../shared/messages/render.js';
import { msg, nestedMessage, type MessageData } from '../../shared/messages/index.js';

export interface DaemonInput {
  scheduler: Pick<Scheduler, 'start' | 'stop' | 'on' | 'health'>;
  logger: SchedulerDeps['logger'];
  signal: AbortSignal;
  /** The admin's language, for the health line at start (default English). */
  language?: Lang;
}

function levelOf(e: SchedulerEvent): 'debug' | 'info' | 'warn' | 'error' {
  switch (e.kind) {
    case 'run-finished':
      return e.outcome.status === 'failed' ? 'error' : e.outcome.status === 'warning' || e.outcome.status === 'partial' ? 'warn' : 'info';
    case 'retry-scheduled':
      return 'warn';
    case 'started':
    case 'stopped':
    case 'paused':
    case 'resumed':
    case 'job-scheduled':
    case 'catch-up-scheduled':
    case 'run-started':
    case 'run-skipped':
    case 'clock-jump':
      return 'info';
  }
}

export async function runDaemon({ scheduler, logger, signal, language = 'en' }: DaemonInput): Promise<void> {
  const say = (m: MessageData) => renderLoose(language, m.code, m.params).message;
  const off = scheduler.on('event', (e) => logger.log(levelOf(e), formatSchedulerEvent(e, language)));
  try {
    if (signal.aborted) return;
    await scheduler.start();
    const overall = scheduler.health().overall.sentence;
    logger.log('info', say(msg('daemon-status', { status: nestedMessage(overall) })));
    if (!signal.aborted) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    logger.log('info', say(msg('daemon-stopping', {})));
    await scheduler.stop();
  } finally {
    off();
  }
}
