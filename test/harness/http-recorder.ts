/**
 * A local HTTP server that records every request in order (method, path with query, headers,
 * body): what webhooks and heartbeat pings sent. `respond` decides the answer per request (default
 * 200 "OK"), so a test can make it refuse (404, 500) or hang like a dead service.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  at: number;
}

export interface HttpRecorder {
  port: number;
  /** `http://127.0.0.1:<port>` */
  base: string;
  requests: RecordedRequest[];
  respond: (req: RecordedRequest) => { status: number; body?: string } | 'hang';
  waitFor(n: number, timeoutMs?: number): Promise<RecordedRequest[]>;
  stop(): Promise<void>;
}

export async function startHttpRecorder(): Promise<HttpRecorder> {
  const hanging = new Set<ServerResponse>();
  const rec: HttpRecorder = {
    port: 0,
    base: '',
    requests: [],
    respond: () => ({ status: 200, body: 'OK' }),
    async waitFor(n, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (rec.requests.length < n) {
        if (Date.now() > deadline) throw new Error(`expected ${n} requests, got ${rec.requests.length}: ${rec.requests.map((r) => `${r.method} ${r.url}`).join(', ')}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return rec.requests;
    },
    async stop() {
      for (const r of hanging) r.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      rec.requests.push(r);
      const answer = rec.respond(r);
      if (answer === 'hang') {
        hanging.add(res);
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'text/plain' });
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  rec.port = typeof addr === 'object' && addr ? addr.port : 0;
  rec.base = `http://127.0.0.1:${rec.port}`;
  return rec;
}
