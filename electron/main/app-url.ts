/**
 * What counts as "our page". The renderer is loaded from `out/renderer/index.html` (file://) when
 * packaged and from electron-vite's dev server in development; anything else — a page a link
 * navigated to, an iframe, a redirect — is foreign and gets neither IPC nor navigation.
 */
import { pathToFileURL } from 'node:url';

export type RendererLocation = { kind: 'file'; path: string } | { kind: 'dev-server'; url: string };

export function rendererUrl(location: RendererLocation): string {
  switch (location.kind) {
    case 'file':
      return pathToFileURL(location.path).href;
    case 'dev-server':
      return location.url;
  }
}

/** True when `candidate` is the app's own page (any hash or query for file://, same origin for dev). */
export function isAppUrl(location: RendererLocation, candidate: string): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  switch (location.kind) {
    case 'file': {
      const own = new URL(rendererUrl(location));
      return url.protocol === 'file:' && url.host === own.host && url.pathname === own.pathname;
    }
    case 'dev-server': {
      const own = new URL(location.url);
      return url.origin === own.origin;
    }
  }
}
