/**
 * Serves the built renderer (`out/renderer`) to the browser. Paths are resolved inside the folder
 * only; unknown paths without a file extension get index.html (the UI routes on the client).
 * When the renderer was not built, a short page says how to build it instead of a bare 404.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export function contentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export const BUILD_FIRST_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kura</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40em; margin: 4em auto; line-height: 1.5">
<h1>Kura</h1>
<p>The Kura interface has not been built yet: run <code>npm run build</code> first, then start <code>kura serve</code> again.</p>
<p>Kura のインターフェースがまだビルドされていません。先に <code>npm run build</code> を実行してから、もう一度 <code>kura serve</code> を起動してください。</p>
</body></html>
`;

/** The file under `root` a URL path names, or null when it escapes the folder. */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const base = resolve(root);
  const full = resolve(join(base, normalize(decoded)));
  return full === base || full.startsWith(base + sep) ? full : null;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

export interface StaticResult {
  status: number;
  type: string;
  body: Buffer | string;
  html: boolean;
}

export async function staticFile(root: string, urlPath: string): Promise<StaticResult> {
  const index = join(root, 'index.html');
  if (!(await isFile(index))) return { status: 200, type: TYPES['.html']!, body: BUILD_FIRST_PAGE, html: true };
  const target = urlPath === '/' ? index : resolveInside(root, urlPath);
  if (target === null) return { status: 404, type: TYPES['.txt']!, body: 'Not found\n', html: false };
  if (await isFile(target)) return { status: 200, type: contentType(target), body: await readFile(target), html: extname(target) === '.html' };
  if (extname(urlPath) !== '') return { status: 404, type: TYPES['.txt']!, body: 'Not found\n', html: false };
  return { status: 200, type: TYPES['.html']!, body: await readFile(index), html: true };
}
