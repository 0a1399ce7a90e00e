import { existsSync } from 'node:fs';
import { verbatim } from '../../../electron/shared/messages/index.js';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { TrayState } from '../../../electron/main/tray/tray-model.js';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// Electron's binary is not installed in CI: the controller's three Electron APIs are replaced by
// recorders. The model under it is the real one.
const fake = vi.hoisted(() => {
  class FakeImage {
    template = false;
    constructor(readonly path: string) {}
    setTemplateImage(on: boolean) {
      this.template = on;
    }
  }
  class FakeTray {
    static instances: FakeTray[] = [];
    calls: Array<[string, unknown]> = [];
    listeners = new Map<string, () => void>();
    destroyed = false;
    constructor(readonly image: FakeImage) {
      FakeTray.instances.push(this);
    }
    setImage(image: FakeImage) {
      this.calls.push(['setImage', image]);
    }
    setToolTip(text: string) {
      this.calls.push(['setToolTip', text]);
    }
    setContextMenu(menu: { template: MenuItemConstructorOptions[] }) {
      this.calls.push(['setContextMenu', menu]);
    }
    on(event: string, listener: () => void) {
      this.listeners.set(event, listener);
      return this;
    }
    destroy() {
      this.destroyed = true;
    }
  }
  return { FakeImage, FakeTray };
});

vi.mock('electron', () => ({
  Tray: fake.FakeTray,
  Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]) => ({ template }) },
  nativeImage: { createFromPath: (path: string) => new fake.FakeImage(path) },
}));

const { createTrayController, escapeMnemonic } = await import('../../../electron/main/tray/tray-controller.js');
const { trayModel } = await import('../../../electron/main/tray/tray-model.js');

const resourcesDir = fileURLToPath(new URL('../../../resources/', import.meta.url));

function state(over: Partial<TrayState> = {}): TrayState {
  return {
    overall: 'ok',
    jobs: [
      { id: 'shop', name: 'Tom & Jerry’s shop', health: 'ok', sentence: verbatim('Backed up 2 hours ago') },
      { id: 'blog', name: 'Blog', health: 'ok', sentence: verbatim('Backed up today') },
    ],
    paused: false,
    startAtLogin: false,
    running: false,
    language: 'en',
    platform: 'win32',
    ...over,
  };
}

function setup(platform: NodeJS.Platform = 'win32') {
  const handlers = { onAction: vi.fn(), onSettingChange: vi.fn() };
  const controller = createTrayController({ resourcesDir, platform, handlers });
  return { controller, handlers };
}

const lastTray = () => fake.FakeTray.instances.at(-1)!;
const lastMenu = () => {
  const call = lastTray().calls.filter(([name]) => name === 'setContextMenu').at(-1);
  return (call?.[1] as { template: MenuItemConstructorOptions[] }).template;
};
const item = (template: MenuItemConstructorOptions[], id: string): MenuItemConstructorOptions => {
  for (const entry of template) {
    if (entry.id === id) return entry;
    if (Array.isArray(entry.submenu)) {
      const found = entry.submenu.find((e) => e.id === id);
      if (found) return found as MenuItemConstructorOptions;
    }
  }
  throw new Error(`no menu item ${id}`);
};
const click = (entry: MenuItemConstructorOptions, checked = false) =>
  (entry.click as (mi: { checked: boolean }) => void)({ checked });

beforeEach(() => {
  fake.FakeTray.instances.length = 0;
});

describe('tray controller', () => {
  it('creates the tray with the icon file, tooltip and menu from the model', () => {
    const { controller } = setup('win32');
    const model = trayModel(state());
    controller.apply(model);

    const tray = lastTray();
    expect(tray.image.path).toBe(join(resourcesDir, 'tray/win/tray-ok.ico'));
    expect(existsSync(tray.image.path)).toBe(true);
    expect(tray.calls.find(([n]) => n === 'setToolTip')?.[1]).toBe(model.tooltip);

    const menu = lastMenu();
    expect(menu.map((e) => e.id)).toEqual(model.menu.map((i) => i.id));
    expect(item(menu, 'status:shop')).toMatchObject({ enabled: false, label: 'Tom && Jerry’s shop — Backed up 2 hours ago' });
    expect(item(menu, 'sep-status')).toMatchObject({ type: 'separator' });
    expect(item(menu, 'start-at-login')).toMatchObject({ type: 'checkbox', checked: false, label: 'Start at login' });
    const backup = item(menu, 'backup-now');
    expect(backup.label).toBe('Back up now');
    expect((backup.submenu as MenuItemConstructorOptions[]).map((e) => e.label)).toEqual(['Tom && Jerry’s shop', 'Blog']);
  });

  it('turns clicks into actions and setting changes', () => {
    const { controller, handlers } = setup('linux');
    controller.apply(trayModel(state({ platform: 'linux' })));
    const menu = lastMenu();

    click(item(menu, 'backup-now:blog'));
    click(item(menu, 'restore'));
    click(item(menu, 'open'));
    click(item(menu, 'pause'));
    click(item(menu, 'quit'));
    expect(handlers.onAction.mock.calls.map(([a]) => a)).toEqual([
      { name: 'backup-now', jobId: 'blog' },
      { name: 'restore' },
      { name: 'open' },
      { name: 'pause' },
      { name: 'quit' },
    ]);
    // Electron flips a checkbox before calling click(): the handler gets the new value.
    click(item(menu, 'start-at-login'), true);
    expect(handlers.onSettingChange).toHaveBeenCalledWith('start-at-login', true);
    expect(item(menu, 'status:blog').click).toBeUndefined();
  });

  it('opens the window on a left click on Windows only', () => {
    const win = setup('win32');
    win.controller.apply(trayModel(state()));
    lastTray().listeners.get('click')?.();
    expect(win.handlers.onAction).toHaveBeenCalledWith({ name: 'open' });

    const mac = setup('darwin');
    mac.controller.apply(trayModel(state({ platform: 'darwin' })));
    expect(lastTray().listeners.has('click')).toBe(false);
  });

  it('marks macOS icons as template images', () => {
    const { controller } = setup('darwin');
    controller.apply(trayModel(state({ platform: 'darwin', overall: 'failed' })));
    expect(lastTray().image.path).toBe(join(resourcesDir, 'tray/mac/tray-failedTemplate.png'));
    expect(lastTray().image.template).toBe(true);
  });

  it('updates only what changed', () => {
    const { controller } = setup('win32');
    controller.apply(trayModel(state()));
    const tray = lastTray();
    tray.calls.length = 0;

    controller.apply(trayModel(state()));
    expect(tray.calls).toEqual([]);

    controller.apply(trayModel(state({ overall: 'failed', jobs: state().jobs.map((j) => ({ ...j })) })));
    expect(tray.calls.map(([n]) => n)).toEqual(['setImage']);
    expect((tray.calls[0]![1] as { path: string }).path).toBe(join(resourcesDir, 'tray/win/tray-failed.ico'));

    tray.calls.length = 0;
    controller.apply(trayModel(state({ overall: 'failed', paused: true })));
    expect(tray.calls.map(([n]) => n)).toEqual(['setToolTip', 'setContextMenu']);
    expect(item(lastMenu(), 'resume')).toBeDefined();
    expect(fake.FakeTray.instances).toHaveLength(1);
  });

  it('destroys the tray', () => {
    const { controller } = setup('win32');
    controller.apply(trayModel(state()));
    const tray = lastTray();
    controller.destroy();
    expect(tray.destroyed).toBe(true);
    controller.apply(trayModel(state()));
    expect(fake.FakeTray.instances).toHaveLength(2);
  });

  it('escapes ampersands so Electron shows them instead of making a mnemonic', () => {
    expect(escapeMnemonic('A & B && C')).toBe('A && B &&&& C');
  });
});
