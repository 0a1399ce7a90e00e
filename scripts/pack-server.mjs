#!/usr/bin/env node
/**
 * `npm run pack:server`: the `kura` command as an npm package for a Linux server that runs
 * `kura daemon` (or `kura serve`) next to the shop's site — built JavaScript only, nothing to
 * compile and no dev tools at run time:
 *   npm run pack:server                          → .tmp/kura-<version>.tgz
 *   sudo npm install -g ./kura-<version>.tgz     (on the server; Node.js 20.19 or newer)
 * It holds bin/kura.js, out/cli (dependencies bundled in), out/renderer (the UI `kura serve` shows)
 * and this README. keytar is an optional dependency: a server with an unlocked Secret Service uses
 * it, one without gets its passwords from systemd credentials (kura daemon --print-unit).
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli } from './build-cli.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stage = join(root, '.tmp', 'server-package');
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));

await buildCli({ quiet: true, ifStale: true });
const renderer = spawnSync('npm', ['run', '--silent', 'build:renderer'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
if (renderer.status !== 0) process.exit(renderer.status ?? 1);

await rm(stage, { recursive: true, force: true });
await mkdir(join(stage, 'bin'), { recursive: true });
await cp(join(root, 'bin', 'kura.js'), join(stage, 'bin', 'kura.js'));
await cp(join(root, 'out', 'cli'), join(stage, 'out', 'cli'), { recursive: true, filter: (src) => !src.endsWith('.map') });
await cp(join(root, 'out', 'renderer'), join(stage, 'out', 'renderer'), { recursive: true });
await cp(join(root, 'README.md'), join(stage, 'README.md'));
await writeFile(
  join(stage, 'package.json'),
  JSON.stringify(
    {
      name: pkg.name,
      version: pkg.version,
      description: pkg.description,
      license: pkg.license,
      type: 'module',
      bin: { kura: 'bin/kura.js' },
      engines: pkg.engines,
      files: ['bin/', 'out/', 'README.md'],
      optionalDependencies: { keytar: pkg.dependencies.keytar },
    },
    null,
    2,
  ) + '\n',
);
const packed = spawnSync('npm', ['pack', '--pack-destination', join(root, '.tmp'), '--silent'], { cwd: stage, encoding: 'utf8' });
if (packed.status !== 0) {
  process.stderr.write(packed.stderr);
  process.exit(packed.status ?? 1);
}
console.log(join(root, '.tmp', packed.stdout.trim().split('\n').pop()));
