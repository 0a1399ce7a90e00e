/**
 * `/__test`, served only when KURA_SERVE_TEST=1: a blank page that loads the real ws-bridge and
 * exposes it as `window.kura`, so the integration test can drive the contract from a real browser
 * (cookie, Origin and all) before the renderer exists. The bridge source is transpiled on request
 * with esbuild (already installed with tsx); nothing of this runs in normal use.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const TEST_PAGE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kura serve test</title>
<script type="module" src="/__test/main.js"></script></head><body><p id="state">loading</p></body></html>
`;

export const TEST_MAIN_JS = `import { createWsBridge, serveSocketUrl } from '/__test/ws-bridge.js';
window.kura = createWsBridge(serveSocketUrl(location));
window.kuraEvents = [];
document.getElementById('state').textContent = 'ready';
`;

let cached: Promise<string> | null = null;

export function wsBridgeJs(): Promise<string> {
  cached ??= (async () => {
    const { transform } = await import('esbuild');
    const source = await readFile(join(import.meta.dirname, '..', 'shared', 'ws-bridge.ts'), 'utf8');
    return (await transform(source, { loader: 'ts', format: 'esm', target: 'es2022' })).code;
  })();
  return cached;
}
