/**
 * `kura serve`: the Kura UI in a browser, for machines where the desktop app cannot run (a server
 * reached over SSH port-forwarding, a Linux box without a tray). HTTP serves the built renderer,
 * a WebSocket at /ws carries the same contract as the app's IPC. Listens on 127.0.0.1 by default,
 * and every request must pass serve-auth's checks.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { KuraService } from '../service/kura-service.js';
import { createServeAuth, type ServeAuth } from './serve-auth.js';
import { attachSocket } from './socket-rpc.js';
import { staticFile } from './static-files.js';
import { TEST_MAIN_JS, TEST_PAGE_HTML, wsBridgeJs } from './test-page.js';

export interface ServeOptions {
  service: Pick<KuraService, 'dispatch' | 'onAny'>;
  host: string;
  /** 0 = a random free port. */
  port: number;
  /** Folder of the built renderer (out/renderer). */
  rendererDir: string;
  /** Serve /__test (KURA_SERVE_TEST=1 only). */
  testPage?: boolean;
}

export interface ServeHandle {
  /** The URL with the one-time token, to print or open. */
  url: string;
  port: number;
  close(): Promise<void>;
}

const FORBIDDEN_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Kura</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40em; margin: 4em auto">
<h1>Not allowed</h1>
<p>Open the link that <code>kura serve</code> printed (it works once). To get a new link, restart <code>kura serve</code>.</p>
<p><code>kura serve</code> が表示したリンクを開いてください（一度だけ有効です）。新しいリンクが必要な場合は <code>kura serve</code> を再起動してください。</p>
</body></html>
`;

function securityHeaders(res: ServerResponse, port: number, host: string): void {
  const self = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  res.setHeader(
    'Content-Security-Policy',
    `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; ` +
      `connect-src 'self' ws://${self} ws://127.0.0.1:${port} ws://localhost:${port}; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'`,
  );
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function forbid(res: ServerResponse): void {
  res.statusCode = 403;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(FORBIDDEN_PAGE);
}

async function handle(req: IncomingMessage, res: ServerResponse, auth: ServeAuth, options: ServeOptions, port: number): Promise<void> {
  securityHeaders(res, port, options.host);
  if (!auth.hostAllowed(req) || !auth.originAllowed(req, 'optional')) return forbid(res);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.statusCode = 405;
    res.end();
    return;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const token = url.searchParams.get('token');
  if (token !== null) {
    // Drop the token from the address bar either way; only a fresh one buys a session.
    url.searchParams.delete('token');
    const location = url.pathname + (url.search === '?' ? '' : url.search);
    if (auth.redeem(token)) {
      res.setHeader('Set-Cookie', auth.cookieHeader(auth.newSession()));
    } else if (!auth.hasSession(req)) {
      return forbid(res);
    }
    res.statusCode = 303;
    res.setHeader('Location', location);
    res.setHeader('Cache-Control', 'no-store');
    res.end();
    return;
  }
  if (!auth.hasSession(req)) return forbid(res);

  if (options.testPage && url.pathname.startsWith('/__test')) {
    const [type, body] =
      url.pathname === '/__test'
        ? ['text/html; charset=utf-8', TEST_PAGE_HTML]
        : url.pathname === '/__test/main.js'
          ? ['text/javascript; charset=utf-8', TEST_MAIN_JS]
          : url.pathname === '/__test/ws-bridge.js'
            ? ['text/javascript; charset=utf-8', await wsBridgeJs()]
            : [null, null];
    if (type === null) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('Content-Type', type);
    res.setHeader('Cache-Control', 'no-store');
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }

  const file = await staticFile(options.rendererDir, url.pathname);
  res.statusCode = file.status;
  res.setHeader('Content-Type', file.type);
  res.setHeader('Cache-Control', file.html ? 'no-store' : 'no-cache');
  res.end(req.method === 'HEAD' ? undefined : file.body);
}

function rejectUpgrade(socket: Duplex): void {
  socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  socket.destroy();
}

export async function startServeServer(options: ServeOptions): Promise<ServeHandle> {
  let auth: ServeAuth | null = null;
  let port = 0;
  const server = createServer((req, res) => {
    if (!auth) return forbid(res);
    handle(req, res, auth, options, port).catch(() => {
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!auth || path !== '/ws' || !auth.hostAllowed(req) || !auth.originAllowed(req, 'required') || !auth.hasSession(req)) {
      rejectUpgrade(socket);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attachSocket(ws, options.service));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  auth = createServeAuth(options.host, port);
  const hostPart = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${hostPart}:${port}/?token=${auth.token}`,
    port,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
