/**
 * `/__test`, served only when KURA_SERVE_TEST=1: a blank page that loads the real ws-bridge and
 * exposes it as `window.kura`, so the integration test can drive the contract from a real browser
 * (cookie, Origin and all) before the renderer exists. The bridge source is transpiled on request
 * and bundled with esbuild (already installed with tsx); nothing of this runs in normal use.
 */
import { existsSync } from 'node:fs';
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
    const { build } = await import('esbuild');
    // electron/server in the sources; out/cli when the built CLI runs from a checkout.
    const here = import.meta.dirname;
    const candidates = [join(here, '..', 'shared', 'ws-bridge.ts'), join(here, '..', '..', 'electron', 'shared', 'ws-bridge.ts')];
    const found = candidates.find((p) => existsSync(p));
    if (!found) throw new Error(`the test page needs the sources (electron/shared/ws-bridge.ts), looked in ${candidates.join(', ')}`);
    // Bundled with what it imports (the message catalogue), as the renderer's build does.
    const out = await build({ entryPoints: [found], bundle: true, write: false, format: 'esm', target: 'es2022', platform: 'browser', logLevel: 'silent' });
    return out.outputFiles[0]!.text;
  })();
  return cached;
}
