/**
 * The README's first command on a fresh clone (`npm run setup && npm start`): what it says when
 * Node.js is too old or Electron's program cannot be downloaded, and that `npm start` without
 * Electron (as here: CI installs with ELECTRON_SKIP_BINARY_DOWNLOAD) opens the UI through `kura serve`.
 * The Node.js version the README names is the one package.json, bin/kura.js and setup enforce.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startProcess } from '../../../electron/engine/process/run-process.js';
import { tempDir } from '../../harness/tmp.js';
// @ts-expect-error — plain .mjs scripts without type declarations.
import { electronDownloadFailed, MIN_NODE, nodeTooOld } from '../../../scripts/setup.mjs';
// @ts-expect-error — plain .mjs scripts without type declarations.
import { whyNoDesktop } from '../../../scripts/start.mjs';

const root = resolve(import.meta.dirname, '..', '..', '..');
const tooOld = nodeTooOld as (v: string) => string | null;
const downloadFailed = electronDownloadFailed as (s: string) => boolean;

describe("the README's quick start", () => {
  it('names one minimum Node.js everywhere, and this Node meets it', async () => {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe(`>=${MIN_NODE}`);
    expect(await readFile(join(root, 'bin', 'kura.js'), 'utf8')).toContain(`Kura needs Node.js ${MIN_NODE} or newer`);
    expect(await readFile(join(root, 'README.md'), 'utf8')).toContain(`Node.js ${MIN_NODE} or newer`);
    expect(tooOld(process.version)).toBeNull();
    expect(tooOld('v20.18.3')).toMatch(/needs Node.js 20.19 or newer; this is v20.18.3/);
    expect(tooOld('v22.12.0')).toBeNull();
  });

  it("recognises Electron's failed download in npm ci's output, and nothing else", () => {
    const electron = [
      'npm error code 1',
      'npm error path /home/u/kura/node_modules/electron',
      'npm error command sh -c node install.js',
      'npm error RequestError: getaddrinfo ENOTFOUND github.com',
    ].join('\n');
    expect(downloadFailed(electron)).toBe(true);
    expect(downloadFailed('npm error code ETARGET\nnpm error notarget No matching version found for zod@99.0.0')).toBe(false);
    expect(downloadFailed('npm error code ENOTFOUND\nnpm error request to the registry failed, reason: getaddrinfo ENOTFOUND')).toBe(false);
  });

  it('npm start without Electron says so and serves the UI in a browser instead', async () => {
    expect(whyNoDesktop({}, 'linux')).not.toBeNull();
    const home = await tempDir('kura-start-');
    const lines: string[] = [];
    const proc = startProcess(
      { file: process.execPath, args: [join(root, 'scripts', 'start.mjs'), '--port', '0'], env: { KURA_HOME: home.path, DISPLAY: undefined, WAYLAND_DISPLAY: undefined } },
      { stdout: 'lines', onStdoutLine: (l) => lines.push(l), onStderrLine: (l) => lines.push(l) },
    );
    try {
      const deadline = Date.now() + 30_000;
      while (!lines.some((l) => /Kura is running at: http:\/\/127\.0\.0\.1:\d+\//.test(l)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(lines.join('\n')).toMatch(/the desktop app cannot start here\. Opening the same UI in your browser instead/);
      expect(lines.join('\n')).toMatch(/Kura is running at: http:\/\/127\.0\.0\.1:\d+\//);
    } finally {
      proc.kill('SIGTERM');
      await proc.result.catch(() => undefined);
      await home.cleanup();
    }
  });
});
