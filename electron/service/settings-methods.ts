/**
 * The contract's app.*, settings.*, alerts.*, standbys.*, secrets.*, dialog.*, system.* and
 * doctor.* methods: what the app is, its settings and alert channels, the keychain entries the
 * forms write, and the small helpers of the settings screens.
 */
import type { AlertHub } from '../engine/alerts/alert-hub.js';
import { runDoctor } from '../engine/doctor.js';
import { KuraError } from '../engine/errors.js';
import { isSessionRef } from '../engine/secrets/session-secret-store.js';
import { KURA_VERSION } from '../engine/version.js';
import { systemTimeZone } from '../shared/zoned-time.js';
import { checkStandby, saveAlerts, testAlert } from './alerts-service.js';
import { doctorToDto } from './dto-mapping.js';
import { notAvailable } from './error-dto.js';
import { freeSpace } from './free-space.js';
import type { MethodGroup, ServiceContext, ServiceParts } from './service-context.js';
import { checkToolPaths } from './tool-path-check.js';

type SettingsMethod =
  | 'app.info'
  | 'settings.get'
  | 'settings.save'
  | 'alerts.get'
  | 'alerts.save'
  | 'alerts.test'
  | 'standbys.check'
  | 'secrets.set'
  | 'secrets.has'
  | 'secrets.forgetUnsaved'
  | 'secrets.forget'
  | 'dialog.openFolder'
  | 'system.freeSpace'
  | 'doctor.run';

export function settingsMethods(ctx: ServiceContext, parts: ServiceParts): MethodGroup<SettingsMethod> {
  const { home, secrets, clock } = ctx;

  function requireAlerts(): AlertHub {
    if (!parts.alerts) throw notAvailable('feature-alerts');
    return parts.alerts;
  }

  return {
    'app.info': async () => ({ version: KURA_VERSION, platform: process.platform, mode: ctx.options.mode, home, systemLanguage: ctx.options.systemLanguage, timeZone: systemTimeZone() }),
    'settings.get': async () => {
      const cfg = await (await ctx.engine()).loadConfig();
      ctx.settings = cfg.settings;
      return cfg.settings;
    },
    'settings.save': async (input) => {
      await checkToolPaths(input.toolPaths ?? {});
      // The alert channels have their own screen and method: a settings save keeps them.
      const saved = await ctx.editConfig(async (cfg, e) => (await e.saveConfig({ ...cfg, settings: { ...input, ...(cfg.settings.alerts ? { alerts: cfg.settings.alerts } : {}) } })).settings);
      const toolsChanged = JSON.stringify(saved.toolPaths) !== JSON.stringify(ctx.settings.toolPaths);
      ctx.settings = saved;
      // The engine caches tool paths: a changed override takes effect through a fresh engine.
      if (toolsChanged) ctx.resetEngine();
      ctx.options.onSettingsChanged?.(saved);
      parts.publish();
      return saved;
    },
    'alerts.get': async () => (await (await ctx.engine()).loadConfig()).settings.alerts ?? {},
    'alerts.save': async (input) => {
      const saved = await ctx.editConfig(async (cfg, e) => saveAlerts(cfg, input, (c) => e.saveConfig(c)));
      ctx.settings = { ...ctx.settings, alerts: saved };
      return saved;
    },
    'alerts.test': async (input, channel) => testAlert(requireAlerts(), input, channel),
    'standbys.check': async (req) => checkStandby({ home, secrets, tools: async () => (await ctx.engine()).tools(), now: () => clock.now() }, req),
    'secrets.set': async (ref, value) => {
      await secrets.set(ref, value);
    },
    'secrets.has': async (ref) => (await secrets.get(ref)) !== null,
    'secrets.forgetUnsaved': async (ref) =>
      ctx.editConfig(async (cfg) => {
        // Any mention of the name in the saved config (a source, a connection, an off-site target, alerts).
        if (JSON.stringify(cfg).includes(JSON.stringify(ref))) throw new KuraError({ code: 'secret-in-use', params: { ref }, category: 'config' });
        return secrets.delete(ref);
      }),
    'secrets.forget': async (ref) => (isSessionRef(ref) ? secrets.delete(ref) : false),
    'dialog.openFolder': async ({ title }) => {
      if (!ctx.options.openFolderDialog) throw notAvailable('feature-folder-dialog');
      return ctx.options.openFolderDialog(title === undefined ? {} : { title });
    },
    'system.freeSpace': async (path) => freeSpace(path),
    'doctor.run': async () => {
      const e = await ctx.engine();
      return doctorToDto(await runDoctor(home, await e.tools(), secrets));
    },
  };
}
