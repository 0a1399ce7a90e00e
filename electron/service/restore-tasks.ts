/**
 * Restores started from the UI run in the background: one door (the engine's own restore, the
 * one `kura restore` uses, or a test's port), each with an id, its restore.* events (log lines in
 * the app's language, progress, the result) and a cancel. Without a door the restore methods
 * answer `not-available`: they never pretend to have restored anything.
 */
import { randomBytes } from 'node:crypto';
import { KuraError, toKuraError } from '../engine/errors.js';
import type { LogLevel } from '../engine/progress.js';
import type { RestoreOutcome, RestoreRunOptions } from '../engine/restore/types.js';
import type { RestoreResultDto } from '../shared/ipc-contract.js';
import type { MessageData } from '../shared/messages/index.js';
import { renderable, renderLoose } from '../shared/messages/render.js';
import { notAvailable, toErrorDto } from './error-dto.js';
import { restoreOutcomeToDto } from './restore-dto.js';
import type { RestorePort } from './restore-port.js';
import type { ServiceContext } from './service-context.js';

export interface RestoreTasks {
  /** The restore door (checked at once, so a build without restore answers `not-available` before anything starts). */
  requireRestore(): () => Promise<RestorePort>;
  /** Runs a restore (or a finish / roll back of one) in the background, with the restore.* events. */
  startRestoreTask(work: (port: RestorePort, opts: RestoreRunOptions) => Promise<RestoreOutcome>): { restoreId: string };
  /** Cancels a running restore; false when there is none with that id. */
  cancel(restoreId: string): boolean;
  /** Cancels every running restore (the service stops). */
  cancelAll(): void;
  running(): number;
}

export function createRestoreTasks(
  ctx: Pick<ServiceContext, 'options' | 'engine' | 'clock' | 'events' | 'language'>,
  status: { publish(): void; updateBusy(): void },
): RestoreTasks {
  const { clock, events } = ctx;
  const restores = new Map<string, AbortController>();

  function requireRestore(): () => Promise<RestorePort> {
    const how = ctx.options.restore;
    if (!how) throw notAvailable('feature-restore');
    return async () => (how === 'engine' ? ctx.engine() : how);
  }

  function startRestoreTask(work: (port: RestorePort, opts: RestoreRunOptions) => Promise<RestoreOutcome>): { restoreId: string } {
    const port = requireRestore();
    const restoreId = `restore-${clock.now().getTime().toString(36)}-${randomBytes(4).toString('hex')}`;
    const controller = new AbortController();
    restores.set(restoreId, controller);
    status.updateBusy();
    const log = (level: LogLevel, message: string) =>
      events.emit('restore.log', { restoreId, line: `${clock.now().toISOString()} ${level.toUpperCase().padEnd(5)} ${message}` });
    // Catalogued lines (the restore's steps, its log) in the app's language.
    const say = (level: LogLevel, m: MessageData) => log(level, renderLoose(ctx.language(), m.code, m.params).message);
    void (async () => {
      let result: RestoreResultDto;
      try {
        const outcome = await work(await port(), {
          signal: controller.signal,
          onProgress: (e) => {
            switch (e.kind) {
              case 'log':
                events.emit('restore.log', { restoreId, line: `${e.at} ${e.level.toUpperCase().padEnd(5)} ${e.message}` });
                break;
              case 'started':
                break;
              default:
                events.emit('restore.progress', { restoreId, progress: e });
            }
          },
          logger: { log, say },
        });
        result = restoreOutcomeToDto(outcome);
      } catch (err) {
        const e = toKuraError(controller.signal.aborted ? (controller.signal.reason ?? err) : err);
        const { message, hint } = e.catalogued && renderable(e.code, e.params) ? renderLoose(ctx.language(), e.code, e.params) : { message: e.message, hint: e.hint ?? null };
        log('error', `${message}${hint ? ` — ${hint}` : ''}`);
        result = { status: e.category === 'cancelled' ? 'cancelled' : 'failed', steps: [], verification: [], safetyBackup: null, error: toErrorDto(e) };
      } finally {
        restores.delete(restoreId);
        status.updateBusy();
      }
      events.emit('restore.finished', { restoreId, result });
      // A restore may have opened, closed or left a journal: the dashboard banner follows.
      status.publish();
    })();
    return { restoreId };
  }

  return {
    requireRestore,
    startRestoreTask,
    cancel(restoreId) {
      const c = restores.get(restoreId);
      if (!c) return false;
      c.abort(new KuraError({ code: 'cancelled', params: {}, category: 'cancelled' }));
      return true;
    },
    cancelAll() {
      for (const c of restores.values()) c.abort(new KuraError({ code: 'cancelled~shutdown', params: {}, category: 'cancelled' }));
    },
    running: () => restores.size,
  };
}
