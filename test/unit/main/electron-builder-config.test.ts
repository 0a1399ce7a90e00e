/**
 * electron-builder.yml against electron-builder's own schema (no Electron download needed), and the
 * pieces of the installed app's `kura` command agreeing with each other: the launchers name the
 * executable and the CLI where the config puts them.
 */
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WORKER_FILES } from '../../../scripts/worker-files.mjs';

const root = resolve(import.meta.dirname, '..', '..', '..');
const require = createRequire(import.meta.url);

async function config(): Promise<Record<string, unknown>> {
  const yaml = require('js-yaml') as { load(text: string): unknown };
  return yaml.load(await readFile(resolve(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's schema", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as { validateConfiguration(c: unknown, l: unknown): Promise<void> };
    const { DebugLogger } = require('builder-util/out/DebugLogger.js') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(await config(), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('ships the kura command beside the executable, running it as Node on out/cli', async () => {
    const c = (await config()) as {
      asarUnpack: string[];
      electronFuses: { runAsNode: boolean };
      productName: string;
      linux: { executableName: string };
      win: { extraFiles: { from: string; to: string }[] };
      nsis: { include: string };
    };
    expect(c.electronFuses.runAsNode).toBe(true);
    // Every worker thread's file, or the installed app cannot start that worker (a thread cannot read app.asar).
    expect(WORKER_FILES.length).toBeGreaterThanOrEqual(2);
    for (const file of WORKER_FILES) expect(c.asarUnpack).toContain(`out/*/${basename(file)}`);
    const cmd = await readFile(resolve(root, c.win.extraFiles[0]!.from, 'kura.cmd'), 'utf8');
    expect(cmd.split('\n').slice(0, -1).every((l) => l.endsWith('\r'))).toBe(true); // CRLF for cmd.exe
    expect(cmd).toContain('set "ELECTRON_RUN_AS_NODE=1"');
    expect(cmd).toContain(`"%~dp0..\\${c.productName}.exe" "%~dp0..\\resources\\app.asar\\out\\cli\\kura.js" %*`);
    const sh = await readFile(resolve(root, 'resources', 'launcher', 'linux', 'kura'), 'utf8');
    expect(sh).toContain(`"$here/../${c.linux.executableName}" "$here/../resources/app.asar/out/cli/kura.js" "$@"`);
    expect(await readFile(resolve(root, c.nsis.include), 'utf8')).toContain('!macro customInstall');
    expect(await readFile(resolve(root, 'resources', 'deb-after-install.sh'), 'utf8')).toContain("ln -sf '/opt/${sanitizedProductName}/bin/kura' '/usr/bin/kura'");
  });
});
