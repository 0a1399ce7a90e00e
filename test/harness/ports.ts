import { createServer } from 'node:net';

/** A free TCP port on loopback, chosen by the OS (bind to 0, read, close). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** Waits until something accepts TCP connections on the port. */
export async function waitForPort(port: number, timeoutMs = 30_000, host = '127.0.0.1'): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ port, host });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listening on ${host}:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Where a harness server runs when not on this machine's loopback: inside a shop world's network
 * namespace (test/harness/shop-world.ts), on a fixed port (3306, 6379) as on a real server.
 */
export interface ServerNetwork {
  /** argv that starts `file args` inside the namespace. */
  wrap(file: string, args: readonly string[]): { file: string; args: string[] };
  /** The port the server listens on there. */
  port: number;
  /** An address on this side that reaches `port` there (the harness's own relay, never given to Kura). */
  reach(port: number): Promise<{ host: string; port: number }>;
}
