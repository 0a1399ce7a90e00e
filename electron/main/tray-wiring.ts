/**
 * Connects the service to the tray: every status change redraws it (the controller skips what did
 * not change), and menu clicks become service calls. The decisions stay in tray-model.ts.
 */
import type { KuraService } from '../service/kura-service.js';
import type { StatusDto } from '../shared/ipc-contract.js';
import type { TrayController } from './tray/tray-controller.js';
import { trayModel, type TrayAction, type TraySetting } from './tray/tray-model.js';
import { trayStandbys } from './tray/tray-standbys.js';

export interface TrayWiringOptions {
  service: Pick<KuraService, 'on' | 'methods' | 'language' | 'settings' | 'overallSentence'>;
  createController(handlers: { onAction(action: TrayAction): void; onSettingChange(setting: TraySetting, enabled: boolean): void }): TrayController;
  platform: NodeJS.Platform;
  showWindow(): void;
  navigate(screen: 'restore' | 'dashboard'): void;
  quit(): void;
  log(message: string): void;
}

export function wireTray(options: TrayWiringOptions): { refresh(status: StatusDto): void; destroy(): void } {
  const { service } = options;
  const fail = (what: string) => (err: unknown) => options.log(`${what} failed: ${(err as Error).message}`);
  const controller = options.createController({
    onAction(action) {
      switch (action.name) {
        case 'backup-now':
          service.methods['runs.start'](action.jobId).catch(fail('Back up now'));
          return;
        case 'restore':
          options.showWindow();
          options.navigate('restore');
          return;
        case 'open':
          options.showWindow();
          return;
        case 'resolve-restore':
          options.showWindow();
          options.navigate('dashboard');
          return;
        case 'pause':
          service.methods['schedules.pause'](true).catch(fail('Pause'));
          return;
        case 'resume':
          service.methods['schedules.pause'](false).catch(fail('Resume'));
          return;
        case 'quit':
          options.quit();
          return;
      }
    },
    onSettingChange(setting, enabled) {
      switch (setting) {
        case 'start-at-login':
          service.methods['settings.save']({ ...service.settings(), startAtLogin: enabled }).catch(fail('Start at login'));
          return;
      }
    },
  });
  const refresh = (status: StatusDto) => {
    controller.apply(
      trayModel({
        overall: status.overall,
        jobs: status.jobs.map((j) => ({ id: j.jobId, name: j.name, health: j.health, sentence: j.sentence })),
        paused: status.paused,
        startAtLogin: service.settings().startAtLogin,
        running: status.jobs.some((j) => j.running !== null),
        language: service.language(),
        platform: options.platform,
        overallSentence: service.overallSentence(),
        restores: status.unfinishedRestores.map((r) => ({ id: r.id, sentence: r.sentence })),
        standbys: trayStandbys(status.standbys ?? [], service.language()),
      }),
    );
  };
  const off = service.on('status.changed', refresh);
  return {
    refresh,
    destroy() {
      off();
      controller.destroy();
    },
  };
}
