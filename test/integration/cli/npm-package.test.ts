/**
 * The package for Linux servers (`npm run pack:server`): installed with `npm install -g` into a
 * throw-away prefix, it runs from built JavaScript alone — no tsx, esbuild or other dev tool — and
 * `kura daemon --print-unit` points the unit at that install.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProcess } from '../../../electron/engine/process/run-process.js';
import { tempDir } from '../../harness/tmp.js';

const root = resolve(import.meta.dirname, '..', '..', '..');

describe('npm install -g of the server package', () => {
  let prefix: Awaited<ReturnType<typeof tempDir>>;
  let kura: string;
  beforeAll(async () => {
    prefix = await tempDir('kura-npm-global-');
    const packed = await runProcess({ file: process.execPath, args: [join(root, 'scripts', 'pack-server.mjs')], cwd: root });
    expect(packed.exitCode, packed.stderr).toBe(0);
    const tgz = packed.stdout.trim().split('\n').pop()!;
    const installed = await runProcess({
      file: 'npm',
      args: ['install', '-g', '--prefix', prefix.path, '--omit=optional', '--prefer-offline', '--no-audit', '--no-fund', tgz],
      cwd: prefix.path,
    });
    expect(installed.exitCode, installed.stderr).toBe(0);
    kura = join(prefix.path, 'bin', 'kura');
  }, 180_000);
  afterAll(() => prefix?.cleanup());

  it('holds built JavaScript and the UI only, and runs', async () => {
    const pkg = join(prefix.path, 'lib', 'node_modules', 'kura');
    expect(existsSync(join(pkg, 'out', 'cli', 'kura.js'))).toBe(true);
    expect(existsSync(join(pkg, 'out', 'renderer', 'index.html'))).toBe(true);
    expect(existsSync(join(pkg, 'electron'))).toBe(false);
    const modules = existsSync(join(pkg, 'node_modules')) ? readdirSync(join(pkg, 'node_modules')) : [];
    for (const dev of ['tsx', 'esbuild', 'typescript', 'vite', 'electron']) expect(modules).not.toContain(dev);

    const home = join(prefix.path, 'state');
    const version = await runProcess({ file: kura, args: ['--version'] });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const status = await runProcess({ file: kura, args: ['status', '--json'], env: { KURA_HOME: home } });
    expect(status.exitCode, status.stderr).toBe(0);
    const unit = await runProcess({ file: kura, args: ['daemon', '--print-unit'], env: { KURA_HOME: home } });
    expect(unit.stdout).toMatch(new RegExp(`^ExecStart=\\S*node \\S*${prefix.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\S*kura(?:\\.js)? daemon$`, 'm'));
  });
});
