/**
 * Applies a TrayModel to Electron's Tray: icon, tooltip, context menu and (on Windows) left-click.
 * All decisions live in tray-model.ts; this file only translates, so it stays small enough to trust
 * with Electron mocked in tests.
 *
 * The tray is created on the first apply() (a Tray cannot exist without an image) and afterwards only
 * touched where something changed: health updates arrive every few seconds during a run, and most of
 * them change nothing the tray shows, so there is no point reloading the icon or rebuilding the menu.
 */
import { join } from 'node:path';
import { Menu, Tray, nativeImage } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuItemModel, TrayAction, TrayModel, TraySetting } from './tray-model.js';

export interface TrayHandlers {
  onAction(action: TrayAction): void;
  onSettingChange(setting: TraySetting, enabled: boolean): void;
}

export interface TrayControllerOptions {
  /** Folder the model's icon paths are relative to (see electron/main/tools/resources-dir.ts). */
  resourcesDir: string;
  platform: NodeJS.Platform;
  handlers: TrayHandlers;
}

export interface TrayController {
  apply(model: TrayModel): void;
  destroy(): void;
}

export function createTrayController(options: TrayControllerOptions): TrayController {
  const { resourcesDir, platform, handlers } = options;
  let tray: Tray | null = null;
  let shown: { iconFile: string; tooltip: string; menuKey: string } | null = null;

  const image = (file: string) => {
    const img = nativeImage.createFromPath(join(resourcesDir, file));
    // The "Template" file-name suffix already marks it; saying so explicitly costs nothing.
    if (platform === 'darwin') img.setTemplateImage(true);
    return img;
  };

  return {
    apply(model) {
      const menuKey = JSON.stringify(model.menu);
      if (!tray) {
        tray = new Tray(image(model.icon.file));
        // Windows users expect a left click to open the app; the menu is on the right button.
        // macOS opens the context menu on any click; Linux's "activation" varies by desktop.
        if (platform === 'win32') tray.on('click', () => handlers.onAction({ name: 'open' }));
        shown = { iconFile: model.icon.file, tooltip: '', menuKey: '' };
      } else if (shown?.iconFile !== model.icon.file) {
        tray.setImage(image(model.icon.file));
      }
      if (shown?.tooltip !== model.tooltip) tray.setToolTip(model.tooltip);
      if (shown?.menuKey !== menuKey) tray.setContextMenu(Menu.buildFromTemplate(model.menu.map((item) => toTemplate(item, handlers))));
      shown = { iconFile: model.icon.file, tooltip: model.tooltip, menuKey };
    },
    destroy() {
      tray?.destroy();
      tray = null;
      shown = null;
    },
  };
}

/** One model item as an Electron menu template entry. */
export function toTemplate(item: MenuItemModel, handlers: TrayHandlers): MenuItemConstructorOptions {
  switch (item.kind) {
    case 'status':
      return { id: item.id, label: escapeMnemonic(item.label), enabled: false };
    case 'action': {
      const action = item.action;
      return { id: item.id, label: escapeMnemonic(item.label), enabled: item.enabled, click: () => handlers.onAction(action) };
    }
    case 'checkbox': {
      const setting = item.setting;
      return {
        id: item.id,
        label: escapeMnemonic(item.label),
        type: 'checkbox',
        checked: item.checked,
        click: (menuItem) => handlers.onSettingChange(setting, menuItem.checked),
      };
    }
    case 'submenu':
      return {
        id: item.id,
        label: escapeMnemonic(item.label),
        enabled: item.enabled,
        submenu: item.items.map((child) => toTemplate(child, handlers)),
      };
    case 'separator':
      return { id: item.id, type: 'separator' };
    default: {
      const unreachable: never = item;
      throw new Error(`unknown tray menu item ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * Electron reads "&" in a menu label as a keyboard-mnemonic marker and drops it ("Tom & Jerry's
 * shop" would show as "Tom  Jerry's shop"); "&&" is a literal ampersand. Job names are the user's.
 */
export function escapeMnemonic(label: string): string {
  return label.replaceAll('&', '&&');
}
