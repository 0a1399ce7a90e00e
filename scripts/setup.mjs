#!/usr/bin/env node
/**
 * `npm run setup`: the README's first command on a fresh clone — install (npm ci) and build — with
 * nothing but Node.js and npm. Where Electron's own program cannot be downloaded (a server, a closed
 * network), `npm ci` dies with a bare network error from Electron's install script; this says so,
 * installs without it, and `npm start` then opens the same UI in a browser.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIN_NODE = '20.19';

/** "Node 20.18" → the sentence to print, or null when this Node is new enough. */
export function nodeTooOld(version) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  const [minMajor, minMinor] = MIN_NODE.split('.').map(Number);
  if (major > minMajor || (major === minMajor && minor >= minMinor)) return null;
  return `Kura needs Node.js ${MIN_NODE} or newer; this is ${version}. Install a current Node.js LTS (20, 22 or 24) and run npm run setup again.`;
}

/** Whether `npm ci` failed because Electron's install script could not download Electron. */
export function electronDownloadFailed(output) {
  return /node_modules[\\/]electron|electron@|@electron[\\/]get/i.test(output) && /ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNREFUSED|ECONNRESET|getaddrinfo|certificate|HTTPError|status code 4\d\d|status code 5\d\d|RequestError/i.test(output);
}

function npm(args, env = process.env) {
  const r = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { env, encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'], shell: process.platform === 'win32' });
  process.stderr.write(r.stderr ?? '');
  return { ok: r.status === 0, stderr: r.stderr ?? '' };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const old = nodeTooOld(process.version);
  if (old) {
    console.error(old);
    process.exit(2);
  }
  let env = process.env;
  let install = npm(['ci', '--no-audit', '--no-fund'], env);
  if (!install.ok && !env.ELECTRON_SKIP_BINARY_DOWNLOAD && electronDownloadFailed(install.stderr)) {
    console.error(
      '\nKura: Electron\'s own program (the desktop app\'s runtime, fetched from the internet by its install script) could not be downloaded here.\n' +
        'Installing without it: `npm start` will open Kura in your browser instead (the same UI, through `kura serve`).\n' +
        'For the desktop app later, on a machine that can reach the download: node node_modules/electron/install.js\n',
    );
    env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };
    install = npm(['ci', '--no-audit', '--no-fund'], env);
  }
  if (!install.ok) {
    console.error('\nKura: npm ci failed (the reason is above). Check the network to the npm registry, then run npm run setup again.');
    process.exit(1);
  }
  if (!npm(['run', '--silent', 'build'], env).ok) {
    console.error('\nKura: the build failed (the reason is above).');
    process.exit(1);
  }
  console.log('\nKura is installed and built. Start it with: npm start');
}
